"""``datapackage.json``: the export described as a Frictionless (Tabular) Data Package.

One resource per table (``<table>.parquet``, format ``parquet``) with its Table Schema —
fields with type, description and constraints, ``primaryKey``, ``foreignKeys`` — plus the
licence and the pages the data comes from. Properties Frictionless does not define are kept
apart: ``arrowType`` on fields, ``partitioning`` on resources, and ``conciliazione`` at the top
(library and schema versions, plugins, source checksums, whether personal data is included).

A partitioned copy of a table is described on its resource::

    "partitioning": {"path": "partitioned/allocations", "flavor": "directory",
                     "fields": [{"name": "ats_id", "type": "string"},
                                {"name": "year", "type": "integer"}],
                     "nullFallback": "region-wide", "keysInFiles": true}

One directory level per field, named by the plain value (``pavia/2020``), ``nullFallback`` for a
null; ``keysInFiles``: the files hold every column, the keys too, so a reader needs no
partitioning of its own (see :mod:`~conciliazione.export.writer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conciliazione.export.metadata import decode_metadata
from conciliazione.export.resources import frictionless_type, parquet_resource
from conciliazione.export.schemas import (
    SCHEMA_VERSION,
    json_table_schema,
    partition_schema,
    table_names,
    table_spec,
)
from conciliazione.model import Source

PACKAGE_NAME = "conciliazione-vita-lavoro-lombardia"
PARTITIONED_DIR = "partitioned"
NULL_PARTITION = "region-wide"
"""The directory of the rows whose partition key is null (in the files the value stays null)."""

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

ATTRIBUTION = (
    "Data compiled from the 'Conciliazione vita-lavoro' pages of the Lombardy ATS (Agenzie di "
    "Tutela della Salute) and from acts of Regione Lombardia, listed under 'sources'. When you "
    "reuse the data, credit the ATS pages it comes from."
)


def datapackage_descriptor(
    *,
    metadata: dict[str, str],
    sources: Iterable[Source],
    partitioned: bool,
    include_personal_data: bool,
) -> dict[str, Any]:
    """The descriptor of one export (``metadata``: what :func:`export_metadata` returned)."""
    resources = [_resource(name, partitioned=partitioned) for name in table_names()]
    return {
        "name": PACKAGE_NAME,
        "title": "Conciliazione vita-lavoro: Lombardy's work-life balance plans as one dataset",
        "description": "Territorial networks, plans, alliances, projects and allocations of "
        "Regione Lombardia's work-life balance programme, read from the ATS pages and "
        "validated; the findings of validation are the 'findings' table. " + ATTRIBUTION,
        "version": SCHEMA_VERSION,
        "created": metadata["exported_at"],
        "licenses": [LICENSE],
        "sources": [
            {"title": f"{s.title or s.name} ({s.name})"}
            for s in sorted(sources, key=lambda s: s.source_id)
        ],
        "keywords": ["Lombardia", "conciliazione vita-lavoro", "work-life balance", "ATS"],
        "resources": resources,
        "conciliazione": {
            **decode_metadata({k.encode(): v.encode() for k, v in metadata.items()}),
            "personal_data": include_personal_data,
        },
    }


def _resource(name: str, *, partitioned: bool) -> dict[str, Any]:
    spec = table_spec(name)
    resource = parquet_resource(name, json_table_schema(name), spec.description)
    if partitioned and spec.partition_by:
        resource["partitioning"] = {
            "path": f"{PARTITIONED_DIR}/{name}",
            "flavor": "directory",
            "fields": [
                {"name": f.name, "type": frictionless_type(f.type)} for f in partition_schema(name)
            ],
            "nullFallback": NULL_PARTITION,
            "keysInFiles": True,
        }
    return resource
