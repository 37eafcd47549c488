"""The finding catalogue: every finding code, with its meaning and fix, in one registry.

A :class:`FindingCatalogue` holds :class:`~conciliazione.findings.FindingType` entries by code;
a code is kebab-case and declared once (a second, different declaration is refused). The rule
registry is a catalogue that also holds the checks; the whole catalogue of a run — core rules,
page readers, the merge, the plugin host, registers, allocations, figures and the installed
plugins' rules — is listed by :func:`conciliazione.api.finding_types`, which the findings page
of the docs, ``conciliazione validate --list-codes`` and the tests all use.

This module sits at the bottom of the library (it imports only :mod:`conciliazione.findings`),
so that page readers, the merge and the plugin host can name their codes without the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conciliazione.errors import RuleRegistrationError
from conciliazione.findings import Finding, FindingType, Severity

if TYPE_CHECKING:
    from conciliazione.model import Record

_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


class FindingCatalogue:
    """Finding types by code. Codes are unique across the core, its parts and the plugins."""

    def __init__(self) -> None:
        self._types: dict[str, FindingType] = {}

    def add_type(self, finding_type: FindingType) -> FindingType:
        """Declare a finding code (a second identical declaration is harmless)."""
        code = finding_type.code
        if not code or set(code) - _CODE_CHARS or code.startswith("-") or code.endswith("-"):
            raise RuleRegistrationError(f"finding code {code!r} is not kebab-case")
        existing = self._types.get(code)
        if existing is not None and existing != finding_type:
            raise RuleRegistrationError(
                f"finding code {code!r} is declared twice ({existing.origin} and "
                f"{finding_type.origin})"
            )
        self._types[code] = finding_type
        return finding_type

    def type(self, code: str) -> FindingType:
        try:
            return self._types[code]
        except KeyError:
            raise RuleRegistrationError(f"unknown finding code {code!r}") from None

    @property
    def types(self) -> list[FindingType]:
        """Every finding type, by code: the findings catalogue."""
        return [self._types[c] for c in sorted(self._types)]

    def __contains__(self, code: object) -> bool:
        return code in self._types


def finding_for(
    finding_type: FindingType,
    message: str,
    record: Record | None = None,
    path: str | None = None,
    **overrides: Any,
) -> Finding:
    """A finding of a given type about a record, with entity, id, ATS and source filled in."""
    fields: dict[str, Any] = {
        "code": finding_type.code,
        "severity": finding_type.severity,
        "message": message,
        "path": path,
    }
    if record is not None:
        fields["entity"] = record.entity
        fields["entity_id"] = record.record_id
        fields["ats_id"] = getattr(record, "ats_id", None)
        fields["source_id"] = record.source_id
    fields.update(overrides)
    return Finding(**fields)


READER_FINDING_TYPES: tuple[FindingType, ...] = (
    FindingType(
        "missing-section",
        Severity.WARNING,
        "A page lacks a section its plugin expects",
        "The plugin looked for a section (a count, a list, an act) and did not find it. The "
        "page may have been restructured, or this copy may be older or newer than the plugin.",
        "Check the page; if its shape changed, update the plugin's reader for the new shape.",
    ),
    FindingType(
        "unreadable-value",
        Severity.ERROR,
        "A value in a page could not be read",
        "A number, date or act reference in the page is not in a format the Italian parsers "
        "accept, so the fact it carries is missing from the dataset.",
        "Correct the value in the page or teach the parser the new format.",
    ),
    FindingType(
        "stated-not-modelled",
        Severity.INFO,
        "A page states a fact the model does not hold",
        "The page says something the plugin recognises (a second lead body, a figure of a kind "
        "the model has no field for) but the model cannot record. The finding quotes the words "
        "so the fact is not lost.",
        "Nothing to fix in the page. If the fact matters, propose a field for it in the model.",
    ),
    FindingType(
        "act-cited-again",
        Severity.INFO,
        "A regional act is cited by more than one page",
        "Two pages cite the same regional act (same id, number, date and title). The act is "
        "kept once, with the first page as its source; the later citation is this finding.",
        "Nothing to fix. If the two pages meant different acts, give them different numbers.",
    ),
    FindingType(
        "plan-guideline-from-period",
        Severity.INFO,
        "A plan's guideline is the guideline of its period",
        "The page names the plan's period but not its guideline, so the core linked the plan "
        "to the built-in guideline whose period holds the plan's years (D.G.R. X/5969/2016 for "
        "the 2017-2018 plans). The link is derived from the period, not read from the page.",
        "Nothing to fix. If the plan follows another guideline, have the reader set it.",
    ),
    FindingType(
        "plugin-failed",
        Severity.ERROR,
        "A plugin raised an error",
        "A plugin failed to load or raised inside a hook. Its data (or its rules) are missing "
        "from this run; the other plugins went on.",
        "Report the error to the plugin's maintainers; run with --debug for the traceback.",
    ),
)
"""Codes reported by page readers (``missing-section``, ``unreadable-value``,
``stated-not-modelled``), by the merge (``act-cited-again``, ``plan-guideline-from-period``)
and by the plugin host (``plugin-failed``): outside any rule, so declared here."""


def known_type(code: str) -> FindingType:
    """The reader, merge or host finding type with this code."""
    for finding_type in READER_FINDING_TYPES:
        if finding_type.code == code:
            return finding_type
    raise RuleRegistrationError(f"unknown finding code {code!r}")
