"""Findings: data problems reported as data, with stable codes.

A finding is what validation (or a plugin reading a page) says about the data: a stable
kebab-case ``code``, a ``severity``, a human message, and where it points — entity, record id,
field path, ATS and source. Findings never raise; a :class:`Report` collects them and flattens
to rows that a pipeline can store next to the dataset.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import attrs


class Severity(enum.StrEnum):
    """How bad a finding is. Only errors make a strict run fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen
class FindingType:
    """The catalogue entry of a finding code: what it means and how to fix the data."""

    code: str
    severity: Severity
    title: str
    description: str
    fix: str
    origin: str = "core"
    """``core`` or the name of the plugin that contributes the code."""


@attrs.frozen
class Finding:
    """One problem (or remark) about the data."""

    code: str
    severity: Severity
    message: str
    entity: str | None = None
    entity_id: str | None = None
    path: str | None = None
    """The field within the record (``amount_eur``, ``service_types[1]``)."""
    ats_id: str | None = None
    source_id: str | None = None

    def to_row(self) -> dict[str, Any]:
        """A flat dict, the shape of a row of the ``findings`` table."""
        row = attrs.asdict(self)
        row["severity"] = self.severity.value
        return row

    def __str__(self) -> str:
        where = ".".join(p for p in (self.entity, self.entity_id, self.path) if p)
        return f"{self.severity.value}[{self.code}] {where}: {self.message}"


@attrs.define
class Report:
    """The findings of a validation run, in a stable order."""

    findings: list[Finding] = attrs.field(factory=list)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings and infos are allowed)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def by_severity(self) -> dict[Severity, int]:
        """Counts per severity, every severity present (zero when none)."""
        counts = Counter(f.severity for f in self.findings)
        return {severity: counts.get(severity, 0) for severity in Severity}

    def by_code(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.sorted():
            grouped.setdefault(finding.code, []).append(finding)
        return grouped

    def sorted(self) -> list[Finding]:
        """Findings by severity, code, ATS, entity and id: the order of every output."""
        return sorted(
            self.findings,
            key=lambda f: (
                f.severity.rank,
                f.code,
                f.ats_id or "",
                f.entity or "",
                f.entity_id or "",
                f.path or "",
                f.message,
            ),
        )

    def to_rows(self) -> list[dict[str, Any]]:
        return [f.to_row() for f in self.sorted()]
