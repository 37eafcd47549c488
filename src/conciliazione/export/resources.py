"""Describing any published Parquet file in a ``datapackage.json``, and merging descriptors.

Every published directory has its ``datapackage.json`` (see :mod:`.publish`), and every
Parquet file in it is described by :func:`parquet_resource`: the export's tables with the Table
Schema of the table contract (:mod:`.datapackage`), the other outputs — an ingest's
``<layout>.parquet`` and ``<layout>_rejects.parquet``, ``allocate``'s table — with the one
read from their Arrow schemas. An ingest publishes into a directory that may hold
other layouts' tables (carried over from the current version): :func:`merged_descriptor` keeps
their resources and replaces the ones this run wrote.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from conciliazione import __version__

MARKER = "datapackage.json"


def frictionless_type(type_: pa.DataType) -> str:
    """The Table Schema type of an Arrow type (``decimal128`` → ``number``, lists → ``array``)."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "string"
    if pa.types.is_boolean(type_):
        return "boolean"
    if pa.types.is_integer(type_):
        return "integer"
    if pa.types.is_decimal(type_):
        return "number"
    if pa.types.is_date(type_):
        return "date"
    if pa.types.is_timestamp(type_):
        return "datetime"
    if pa.types.is_list(type_):
        return "array"
    if pa.types.is_struct(type_):
        return "object"
    if pa.types.is_dictionary(type_):
        return frictionless_type(type_.value_type)
    raise TypeError(f"no Table Schema type for Arrow type {type_}")  # a bug in the caller


def parquet_resource(
    name: str, schema: pa.Schema | Mapping[str, Any], description: str = ""
) -> dict[str, Any]:
    """The Tabular Data Resource of ``<name>.parquet``: the one builder of every Parquet entry
    of a ``datapackage.json``, the export's tables and the other outputs alike, so that they
    all say ``format``, ``mediatype`` and the rest the same way.

    ``schema`` is the file's Arrow schema (see :func:`arrow_table_schema`) or a Table Schema
    already built (the export's, from the table contract: keys and allowed values too).
    """
    resource: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": f"{name}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
    }
    if description:
        resource["description"] = description
    resource["schema"] = (
        arrow_table_schema(schema) if isinstance(schema, pa.Schema) else dict(schema)
    )
    return resource


def arrow_table_schema(schema: pa.Schema) -> dict[str, Any]:
    """The Table Schema of an Arrow schema: each field's type, Arrow type, description (from
    the field's ``description`` metadata) and whether it is required."""
    fields = []
    for field in schema:
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        entry: dict[str, Any] = {
            "name": field.name,
            "type": frictionless_type(field.type),
            "arrowType": str(field.type),
        }
        if meta.get("description"):
            entry["description"] = meta["description"]
        if not field.nullable:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    return {"fields": fields}


def merged_descriptor(
    previous: Mapping[str, Any] | None,
    resources: Iterable[Mapping[str, Any]],
    metadata: Mapping[str, str],
    *,
    title: str,
    kept_paths: Iterable[str] = (),
) -> dict[str, Any]:
    """The descriptor of a directory: the previous descriptor's resources whose files were
    carried over (``kept_paths``), then this run's ``resources`` (replacing same-named ones);
    ``conciliazione`` holds this run's metadata, ``runs`` every run's, by resource."""
    fresh = [dict(r) for r in resources]
    names = {r["name"] for r in fresh}
    kept = set(kept_paths)
    carried = [
        dict(r)
        for r in (previous or {}).get("resources", [])
        if r.get("name") not in names and r.get("path") in kept
    ]
    decoded = {k: _decode(k, v) for k, v in metadata.items()}
    for resource in fresh:
        resource["conciliazione"] = decoded
    return {
        "name": "conciliazione-outputs",
        "title": title,
        "created": metadata.get("exported_at"),
        "resources": sorted(carried + fresh, key=lambda r: str(r["name"])),
        "conciliazione": {"library_version": __version__, **decoded},
    }


def _decode(key: str, value: str) -> Any:
    if key in ("source_checksums",):
        return json.loads(value)
    return value


def read_descriptor(directory: Path | None) -> dict[str, Any] | None:
    """The ``datapackage.json`` of a directory, or ``None`` (missing, or not JSON)."""
    if directory is None:
        return None
    try:
        loaded = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def write_descriptor(directory: Path, descriptor: Mapping[str, Any]) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (directory / MARKER).write_text(text, encoding="utf-8")
