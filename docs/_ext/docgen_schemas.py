"""The data dictionary, generated from the Arrow schemas of the export.

The schemas in :mod:`conciliazione.export.schemas` are the published contract; this page is a
rendering of them, so a column added there appears here at the next build. A field without a
description is a hole in the contract and fails the build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from docgen_markdown import GENERATED_NOTICE, GenerationError, code, escape, paragraphs, table

DESCRIPTION_KEY = b"description"
ENUM_KEY = b"enum"


def _schemas_module() -> Any:
    try:
        from conciliazione.export import schemas
    except ImportError as exc:
        raise GenerationError(
            f"cannot import conciliazione.export.schemas ({exc}); the data dictionary is "
            "generated from it and cannot be built without it"
        ) from exc
    return schemas


def anchor(table_name: str) -> str:
    """The label of a table's section, for ``{ref}`` links from other pages."""
    return f"table-{table_name}"


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _foreign_keys(spec: Any) -> list[tuple[list[str], str, list[str]]]:
    """Foreign keys as (columns, referenced table, referenced columns)."""
    keys: list[tuple[list[str], str, list[str]]] = []
    for fk in getattr(spec, "foreign_keys", None) or ():
        try:
            columns, target, target_columns = fk
        except (TypeError, ValueError) as exc:
            raise GenerationError(f"cannot read foreign key {fk!r} of table {spec.name}") from exc
        keys.append((_names(columns), str(target), _names(target_columns)))
    return keys


def _enum_values(field: Any) -> list[str]:
    raw = (field.metadata or {}).get(ENUM_KEY)
    return [] if raw is None else [str(v) for v in json.loads(raw)]


def _field_description(table_name: str, field: Any) -> str:
    raw = (field.metadata or {}).get(DESCRIPTION_KEY)
    if not raw:
        raise GenerationError(f"column {table_name}.{field.name} has no description")
    text: str = raw.decode("utf-8")
    return text


def _table_section(name: str, spec: Any) -> list[str]:
    schema = spec.schema
    primary = _names(getattr(spec, "primary_key", None))
    foreign = _foreign_keys(spec)
    partition = _names(getattr(spec, "partition_by", None))
    personal = _names(getattr(spec, "personal_columns", None))
    references = {
        column: f"{target}.{target_columns[i] if i < len(target_columns) else column}"
        for columns, target, target_columns in foreign
        for i, column in enumerate(columns)
    }

    lines = [f"({anchor(name)})=", f"## {name}", ""]
    description = getattr(spec, "description", None)
    if not description:
        raise GenerationError(f"table {name} has no description")
    lines.extend(paragraphs(description))
    facts = [f"- **File:** {code(f'{name}.parquet')}"]
    facts.append(
        "- **Primary key:** " + (", ".join(code(c) for c in primary) if primary else "none")
    )
    for columns, target, target_columns in foreign:
        where = f"{{ref}}`{target} <{anchor(target)}>`"
        cols = ", ".join(code(c) for c in target_columns) if target_columns else ""
        facts.append(
            f"- **Foreign key:** {', '.join(code(c) for c in columns)} → {where}"
            + (f" ({cols})" if cols else "")
        )
    if partition:
        facts.append(
            "- **Partitioned copy** (with `--partition`): one directory per "
            + "/".join(code(f"<{c}>") for c in partition)
            + " ("
            + ", ".join(code(f"{c}: {schema.field(c).type}") for c in partition)
            + "; the files keep these columns)"
        )
    if personal:
        facts.append(
            "- **Personal data** (withheld unless exported with `--include-personal-data`): "
            + ", ".join(code(c) for c in personal)
        )
    lines.extend([*facts, ""])

    rows: list[list[str]] = []
    for field in schema:
        keys = []
        if field.name in primary:
            keys.append("PK")
        if field.name in references:
            keys.append("FK → " + code(references[field.name]))
        if field.name in partition:
            keys.append("partition")
        if field.name in personal:
            keys.append("personal")
        description = escape(_field_description(name, field))
        values = _enum_values(field)
        if values:
            description += " Values: " + ", ".join(code(v) for v in values) + "."
        rows.append(
            [
                code(field.name),
                code(str(field.type)),
                "yes" if field.nullable else "no",
                ", ".join(keys),
                description,
            ]
        )
    lines.extend(table(["Column", "Arrow type", "Nullable", "Key", "Description"], rows))
    lines.append("")
    return lines


def table_names() -> list[str]:
    """The exported tables, in the order the export module lists them."""
    names = list(_schemas_module().table_names())
    if not names:
        raise GenerationError("conciliazione.export.schemas lists no table")
    return names


def data_dictionary_markdown(names: Iterable[str] | None = None) -> str:
    """Every table: description, keys, partitions, then each column's type and meaning."""
    schemas = _schemas_module()
    names = list(table_names() if names is None else names)
    lines = [GENERATED_NOTICE.format(module="docgen_schemas"), ""]
    version = getattr(schemas, "SCHEMA_VERSION", None)
    if version:
        lines.extend([f"Schema version {code(str(version))} (semver).", ""])
    lines.extend(
        table(
            ["Table", "Description"],
            (
                [
                    f"{{ref}}`{n} <{anchor(n)}>`",
                    escape(str(schemas.table_spec(n).description).split("\n\n")[0]),
                ]
                for n in names
            ),
        )
    )
    lines.append("")
    for name in names:
        lines.extend(_table_section(name, schemas.table_spec(name)))
    return "\n".join(lines).rstrip() + "\n"
