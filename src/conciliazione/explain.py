"""Explaining a record: each of its values beside the words it came from.

Why: a dataset is trusted value by value. ``conciliazione explain pavia:plan:2020-2023`` (and
:func:`explain`) shows, for every field of one record, the value, the quoted words of the
page and their offsets, or the rule that derived the value and the words it started from. A
personal record, and the words quoting personal data, are withheld unless asked for, as in
the export.
"""

from __future__ import annotations

import difflib
import enum
from typing import Any

import attrs

from conciliazione.errors import UnknownEntityError
from conciliazione.model import Dataset, Evidence, Record

__all__ = ["Explanation", "FieldExplanation", "explain"]


@attrs.frozen
class FieldExplanation:
    """One field of the record: its value and its evidence rows (empty: plain value)."""

    field: str
    value: Any
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": _jsonable(self.value),
            "evidence": [
                e.model_dump(include={"field", "start", "end", "quote", "derivation"})
                for e in self.evidence
            ],
        }


@attrs.frozen
class Explanation:
    """A record, field by field, with where each value came from."""

    entity: str
    record_id: str
    source_id: str | None
    fields: tuple[FieldExplanation, ...]
    withheld: bool = False
    """True when the record is personal data and was not asked for."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "record_id": self.record_id,
            "source_id": self.source_id,
            "withheld": self.withheld,
            "fields": [f.to_dict() for f in self.fields],
        }

    def lines(self) -> list[str]:
        """The text ``conciliazione explain`` prints."""
        head = f"{self.entity} {self.record_id} (source {self.source_id})"
        if self.withheld:
            return [head, "  personal data: withheld (ask with --include-personal-data)"]
        out = [head]
        empty = [f.field for f in self.fields if f.value in (None, (), "")]
        for item in self.fields:
            if item.field in empty:
                continue
            out.append(f"  {item.field} = {_shown(item.value)}")
            for e in item.evidence:
                where = f" [{e.start}-{e.end}]" if e.start is not None else ""
                sub = e.field[len(item.field) :]
                said = f"«{e.quote}»{where}" if e.quote is not None else "(no words)"
                how = f"derived by {e.derivation} from " if e.derivation else "read from "
                out.append(f"      {sub + ': ' if sub else ''}{how}{said}")
            if not item.evidence:
                out.append("      (no words: the record's id, ATS or source)")
        if empty:
            out.append(f"  not stated: {', '.join(empty)}")
        return out


def explain(
    dataset: Dataset, record_id: str, *, include_personal_data: bool = False
) -> Explanation:
    """The explanation of the record with this id (any entity).

    :class:`~conciliazione.errors.UnknownEntityError` names the closest ids when none has it.
    """
    record = _find(dataset, record_id)
    evidence = [
        e for e in dataset.evidence if e.entity == record.entity and e.record_id == record_id
    ]
    if getattr(record, "personal", False) and not include_personal_data:
        return Explanation(record.entity, record_id, record.source_id, (), withheld=True)
    if not include_personal_data:
        evidence = [e for e in evidence if not e.personal]
    fields = tuple(
        FieldExplanation(
            name,
            getattr(record, name),
            tuple(e for e in evidence if _top(e.field) == name),
        )
        for name in type(record).model_fields
    )
    return Explanation(record.entity, record_id, record.source_id, fields)


def _find(dataset: Dataset, record_id: str) -> Record:
    ids: list[str] = []
    for record in dataset.records():
        if record.record_id == record_id:
            return record
        ids.append(record.record_id)
    close = difflib.get_close_matches(record_id, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownEntityError(f"no record has the id {record_id!r}{hint}")


def _top(field: str) -> str:
    return field.split("[", 1)[0].split(".", 1)[0]


def _shown(value: Any) -> str:
    """A value as a person reads it: enums by their value, nested models as their fields."""
    if hasattr(value, "model_dump"):
        return str(value.model_dump(mode="json", exclude_defaults=True))
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(_jsonable(value))


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)
