"""What changed between two exports: the facts added, removed and changed, with their words.

Why: a published dataset is rebuilt whenever an ATS updates its page, and the first question of
everyone who uses it is "what changed?". :func:`diff_exports` answers it table by table, keyed
by each record's id and each field, with the old and the new value and — when both exports have
the ``evidence`` table — the words of the page each value was read from.

What counts as a fact: every column of the data tables, grouped by the model field it stores
(a date's ``updated``, ``updated_precision`` and ``updated_text`` are one field), derived
columns included and marked so. What does not: the ``source_id`` of a row, a source's checksum,
file name, plugin version, address and retrieval time (where the facts came from, listed apart
as *pages*), the ``findings`` (what the rules say about the facts; their counts are given) and
the ``evidence`` itself. So re-fetching an unchanged page changes nothing.

Two exports of different major schema versions are not compared: their columns may mean
different things. Minor versions may differ; a column or table only one side has is named in
the notes and left out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from conciliazione.errors import ConciliazioneError, SourceError
from conciliazione.export.mapping import CHILDREN, MAPPINGS
from conciliazione.export.metadata import decode_metadata
from conciliazione.export.schemas import table_names, table_spec

__all__ = [
    "ExportDiff",
    "FieldChange",
    "IncomparableExportsError",
    "PageChange",
    "RecordChange",
    "diff_exports",
    "dumps",
]

NOT_FACTS = frozenset({"findings", "evidence"})
"""Tables that describe the facts rather than state them."""
PROVENANCE = frozenset(
    {"source_id", "file_name", "sha256", "plugin", "plugin_version", "builtin", "address",
     "retrieved_at"}
)  # fmt: skip
"""Columns that say where a fact came from, not what it is."""


class IncomparableExportsError(ConciliazioneError, ValueError):
    """The two exports cannot be compared (different major schema versions)."""


@attrs.frozen
class FieldChange:
    """One field of one record whose value differs between the two exports."""

    table: str
    record_id: str
    field: str
    old: Any
    new: Any
    old_words: str | None = None
    new_words: str | None = None
    derived: bool = False
    """True for a value the export computes (``plans.listed_project_count``)."""


@attrs.frozen
class RecordChange:
    """A record only one of the two exports has: its fact fields, and their words."""

    table: str
    record_id: str
    values: dict[str, Any]
    words: dict[str, str]


@attrs.frozen
class PageChange:
    """A source whose provenance differs: another copy of the page (checksum, fetch time…)."""

    source_id: str
    old: dict[str, Any]
    new: dict[str, Any]


@attrs.frozen
class ExportDiff:
    """The difference between an ``old`` and a ``new`` export."""

    old: str
    new: str
    old_version: str
    new_version: str
    added: tuple[RecordChange, ...]
    removed: tuple[RecordChange, ...]
    changed: tuple[FieldChange, ...]
    pages: tuple[PageChange, ...]
    findings: dict[str, dict[str, int]]
    """Findings by severity, ``{"old": {...}, "new": {...}}``."""
    notes: tuple[str, ...]
    """What could not be compared (a column or table only one export has, no evidence)."""

    @property
    def has_changes(self) -> bool:
        """True when some fact was added, removed or changed (the command then exits 1)."""
        return bool(self.added or self.removed or self.changed)

    def tables(self) -> list[str]:
        """The tables with a change, in the export's table order."""
        touched = {r.table for r in (*self.added, *self.removed)}
        touched.update(c.table for c in self.changed)
        order = {name: i for i, name in enumerate(table_names())}
        return sorted(touched, key=lambda name: (order.get(name, len(order)), name))

    def to_json(self) -> dict[str, Any]:
        """A JSON document for pipelines: the changes grouped by table, and a summary."""
        tables: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in self.tables():
            tables[name] = {
                "added": [_record_json(r) for r in self.added if r.table == name],
                "removed": [_record_json(r) for r in self.removed if r.table == name],
                "changed": [_change_json(c) for c in self.changed if c.table == name],
            }
        return {
            "old": {"export": self.old, "schema_version": self.old_version},
            "new": {"export": self.new, "schema_version": self.new_version},
            "changed": self.has_changes,
            "tables": tables,
            "pages": [
                {"source_id": p.source_id, "old": _jsonable(p.old), "new": _jsonable(p.new)}
                for p in self.pages
            ],
            "findings": self.findings,
            "notes": list(self.notes),
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
        }


def diff_exports(old: str | Path, new: str | Path) -> ExportDiff:
    """Compare the exports in directories ``old`` and ``new``.

    Raises :class:`~conciliazione.errors.SourceError` for a directory that is not an export and
    :class:`IncomparableExportsError` for exports of different major schema versions.
    """
    old_dir, new_dir = Path(old), Path(new)
    old_tables, new_tables = _tables(old_dir), _tables(new_dir)
    old_version, new_version = _version(old_dir, old_tables), _version(new_dir, new_tables)
    if old_version.split(".")[0] != new_version.split(".")[0]:
        raise IncomparableExportsError(
            f"{old_dir} has schema version {old_version} and {new_dir} {new_version}: exports of "
            "different major schema versions cannot be compared (their columns may mean "
            "different things); export both with one version of conciliazione"
        )
    notes: list[str] = []
    words_old = _evidence(old_tables.get("evidence"))
    words_new = _evidence(new_tables.get("evidence"))
    if words_old is None or words_new is None:
        missing = [str(d) for d, w in ((old_dir, words_old), (new_dir, words_new)) if w is None]
        notes.append(f"no evidence table in {' and '.join(missing)}: values come without words")

    added: list[RecordChange] = []
    removed: list[RecordChange] = []
    changed: list[FieldChange] = []
    pages: list[PageChange] = []
    order = {name: i for i, name in enumerate(table_names())}
    names = sorted(
        (set(old_tables) | set(new_tables)) - NOT_FACTS, key=lambda n: (order.get(n, 99), n)
    )
    for name in names:
        if name not in old_tables or name not in new_tables:
            only = old_dir if name in old_tables else new_dir
            notes.append(f"table {name} is only in {only}: not compared")
            continue
        comparison = _TableComparison(
            name, old_tables[name], new_tables[name], words_old or {}, words_new or {}
        )
        notes.extend(comparison.notes)
        added.extend(comparison.added())
        removed.extend(comparison.removed())
        changed.extend(comparison.changed())
        if name == "sources":
            pages.extend(comparison.provenance())
    return ExportDiff(
        old=str(old_dir),
        new=str(new_dir),
        old_version=old_version,
        new_version=new_version,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        pages=tuple(pages),
        findings={
            "old": _severities(old_tables.get("findings")),
            "new": _severities(new_tables.get("findings")),
        },
        notes=tuple(notes),
    )


# -- reading the two exports ----------------------------------------------------------------


def _tables(root: Path) -> dict[str, pa.Table]:
    if not root.is_dir():
        raise SourceError(str(root), "no such export directory")
    files = sorted(root.glob("*.parquet"))
    if not any(f.name == "sources.parquet" for f in files):
        raise SourceError(str(root), "not an export: it has no sources.parquet")
    tables: dict[str, pa.Table] = {}
    for path in files:
        try:
            tables[path.stem] = pq.read_table(path)
        except (OSError, pa.ArrowException) as exc:
            raise SourceError(str(path), f"not a readable Parquet file: {exc}") from None
    return tables


def _version(root: Path, tables: Mapping[str, pa.Table]) -> str:
    version = str(decode_metadata(tables["sources"].schema.metadata).get("schema_version", ""))
    if not version:
        raise SourceError(str(root / "sources.parquet"), "no schema_version in its metadata")
    return version


def _evidence(table: pa.Table | None) -> dict[tuple[str, str, str], str] | None:
    """(table, record id, field) → the words, for the export's ``evidence`` table."""
    if table is None:
        return None
    words: dict[tuple[str, str, str], list[str]] = {}
    for row in table.select(["table_name", "record_id", "field", "quote"]).to_pylist():
        if row["quote"]:
            key = (row["table_name"], row["record_id"], row["field"])
            words.setdefault(key, []).append(row["quote"])
    return {key: " … ".join(quotes) for key, quotes in words.items()}


def _severities(table: pa.Table | None) -> dict[str, int]:
    if table is None or "severity" not in table.column_names:
        return {}
    return dict(sorted(Counter(table.column("severity").to_pylist()).items()))


def _fields(name: str, columns: Iterable[str]) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """The table's fields (model field → its columns) and which of them are derived."""
    present = list(columns)
    fields: dict[str, tuple[str, ...]] = {}
    derived: set[str] = set()
    mapping = MAPPINGS.get(name)
    if mapping is not None:
        for field, codec in mapping.fields.items():
            if codec.columns:
                fields[field] = tuple(codec.columns)
        for column in mapping.derived:
            fields[column] = (column,)
            derived.add(column)
    elif name in CHILDREN:
        pass  # a child table's columns are its fields
    covered = {c for cols in fields.values() for c in cols}
    for column in present:
        if column not in covered:
            fields[column] = (column,)
    return fields, derived


class _TableComparison:
    """One table of the two exports, row by row on its primary key."""

    def __init__(
        self,
        name: str,
        old: pa.Table,
        new: pa.Table,
        words_old: Mapping[tuple[str, str, str], str],
        words_new: Mapping[tuple[str, str, str], str],
    ) -> None:
        self.name = name
        self.notes: list[str] = []
        self.words_old, self.words_new = words_old, words_new
        try:
            key = table_spec(name).primary_key
        except LookupError:
            key = ()
        self.key = key or ((old.column_names[0],) if old.column_names else ())
        shared = [c for c in old.column_names if c in new.column_names]
        for side, table, other in (("old", old, new), ("new", new, old)):
            for column in table.column_names:
                if column not in other.column_names:
                    self.notes.append(f"{name}.{column} is only in the {side} export")
        fields, self.derived = _fields(name, shared)
        self.fields = {
            field: cols
            for field, cols in fields.items()
            if all(c in shared for c in cols) and not set(cols) & PROVENANCE
        }
        self.provenance_columns = [c for c in shared if c in PROVENANCE and c != "source_id"]
        self.old_rows = self._rows(old)
        self.new_rows = self._rows(new)

    def _rows(self, table: pa.Table) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for row in table.to_pylist():
            rows["/".join(str(row[c]) for c in self.key)] = row
        return rows

    def _value(self, row: Mapping[str, Any], field: str) -> Any:
        columns = self.fields[field]
        if len(columns) == 1:
            return row[columns[0]]
        return {c: row[c] for c in columns}

    def _words(self, words: Mapping[tuple[str, str, str], str], record_id: str, field: str) -> Any:
        found = words.get((self.name, record_id, field))
        if found is None:
            for column in self.fields.get(field, ()):
                found = words.get((self.name, record_id, column))
                if found is not None:
                    break
        return found

    def _record(self, record_id: str, row: Mapping[str, Any], words: Any) -> RecordChange:
        values = {f: self._value(row, f) for f in self.fields}
        quoted = {f: w for f in self.fields if (w := self._words(words, record_id, f))}
        return RecordChange(self.name, record_id, values, quoted)

    def added(self) -> list[RecordChange]:
        return [
            self._record(rid, row, self.words_new)
            for rid, row in self.new_rows.items()
            if rid not in self.old_rows
        ]

    def removed(self) -> list[RecordChange]:
        return [
            self._record(rid, row, self.words_old)
            for rid, row in self.old_rows.items()
            if rid not in self.new_rows
        ]

    def changed(self) -> list[FieldChange]:
        changes: list[FieldChange] = []
        for rid, old in self.old_rows.items():
            new = self.new_rows.get(rid)
            if new is None:
                continue
            for field in self.fields:
                before, after = self._value(old, field), self._value(new, field)
                if before != after:
                    changes.append(
                        FieldChange(
                            self.name,
                            rid,
                            field,
                            before,
                            after,
                            self._words(self.words_old, rid, field),
                            self._words(self.words_new, rid, field),
                            derived=field in self.derived,
                        )
                    )
        return changes

    def provenance(self) -> list[PageChange]:
        pages: list[PageChange] = []
        for rid, old in self.old_rows.items():
            new = self.new_rows.get(rid)
            if new is None:
                continue
            before = {c: old[c] for c in self.provenance_columns if old[c] != new[c]}
            if before:
                pages.append(PageChange(rid, before, {c: new[c] for c in before}))
        return pages


# -- JSON -------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Decimals as strings (never floats), dates and times in ISO 8601, containers inside out."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _record_json(record: RecordChange) -> dict[str, Any]:
    return {
        "record_id": record.record_id,
        "values": _jsonable(record.values),
        "words": record.words,
    }


def _change_json(change: FieldChange) -> dict[str, Any]:
    return {
        "record_id": change.record_id,
        "field": change.field,
        "old": _jsonable(change.old),
        "new": _jsonable(change.new),
        "old_words": change.old_words,
        "new_words": change.new_words,
        "derived": change.derived,
    }


def dumps(diff: ExportDiff) -> str:
    """The JSON form as text (``diff --format json``)."""
    return json.dumps(diff.to_json(), indent=2, ensure_ascii=False)
