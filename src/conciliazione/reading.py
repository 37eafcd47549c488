"""What a plugin returns when it reads a page: the records, the source, the findings."""

from __future__ import annotations

import attrs

from conciliazione.documents import Document
from conciliazione.findings import Finding
from conciliazione.model import Dataset, Source
from conciliazione.regional import get_guideline
from conciliazione.rules.core import READER_FINDING_TYPES
from conciliazione.rules.registry import finding_for
from conciliazione.vague import FuzzyDate

_MISSING_SECTION = next(t for t in READER_FINDING_TYPES if t.code == "missing-section")
_UNREADABLE_VALUE = next(t for t in READER_FINDING_TYPES if t.code == "unreadable-value")


@attrs.frozen
class Reading:
    """The result of reading one page: its records (the source included) and findings."""

    source: Source
    dataset: Dataset
    findings: tuple[Finding, ...] = ()


@attrs.define
class ReadingBuilder:
    """Helps a plugin build a :class:`Reading`: records get the page's ``source_id`` for free.

    >>> from conciliazione.documents import document_from_bytes
    >>> doc = document_from_bytes("p.txt", "Aggiornato il 8 Luglio 2024".encode())
    >>> builder = ReadingBuilder.for_document(doc, ats_id="montagna")
    >>> builder.source.source_id
    'montagna:p.txt'
    """

    source: Source
    dataset: Dataset
    findings: list[Finding] = attrs.field(factory=list)

    @classmethod
    def for_document(
        cls,
        document: Document,
        *,
        ats_id: str,
        title: str | None = None,
        updated: FuzzyDate | None = None,
    ) -> ReadingBuilder:
        source = Source(
            source_id=f"{ats_id}:{document.name}",
            ats_id=ats_id,
            name=document.name,
            title=title,
            updated=updated,
            sha256=document.sha256,
            builtin=document.builtin,
        )
        return cls(source=source, dataset=Dataset(sources=[source]))

    @property
    def source_id(self) -> str:
        return self.source.source_id

    def set_source(self, **changes: object) -> None:
        """Update the page's own metadata once read (its title, its update date)."""
        self.source = self.source.model_copy(update=changes)
        self.dataset.sources[0] = self.source

    def add(self, *records: object) -> None:
        """Add records; each gets this page's ``source_id`` unless it has one already."""
        for record in records:
            model = getattr(record, "model_copy", None)
            if model is None:
                raise TypeError(f"not a model record: {record!r}")
            if getattr(record, "source_id", None) is None:
                record = model(update={"source_id": self.source_id})
            self.dataset.add(record)  # type: ignore[arg-type]

    def missing_section(self, section: str, detail: str = "") -> None:
        """Report that the page lacks a section the plugin expects (a finding, not a crash)."""
        extra = f": {detail}" if detail else ""
        self.findings.append(
            finding_for(
                _MISSING_SECTION,
                f"page {self.source.name} has no {section}{extra}",
                self.source,
                path=section,
            )
        )

    def unreadable(self, section: str, error: Exception) -> None:
        """Report a value that a parser could not read, quoting the parser's message."""
        self.findings.append(
            finding_for(
                _UNREADABLE_VALUE,
                f"page {self.source.name}, {section}: {error}",
                self.source,
                path=section,
            )
        )

    def build(self) -> Reading:
        return Reading(source=self.source, dataset=self.dataset, findings=tuple(self.findings))


def current_guideline_id() -> str:
    """The id of the built-in 2020-2023 guideline, for plugins' plans and allocations."""
    return get_guideline().guideline_id
