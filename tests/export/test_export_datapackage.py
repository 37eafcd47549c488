"""``datapackage.json``: a Frictionless Data Package describing every table, key and the licence.

Frictionless validates the descriptor as it is. For the data, its own Parquet reader goes
through pandas, which turns ``list<string>`` cells into numpy arrays and nullable integers into
floats, so ``frictionless.validate("datapackage.json")`` reports type errors that are not in
the files. The tests therefore validate the data as frictionless sees it from Arrow: each
table's rows, read with pyarrow, checked against the descriptor's own schemas — types,
required values, enums, primary keys and foreign keys across tables.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pyarrow.parquet as pq
import pytest

from conciliazione.export import SCHEMA_VERSION, json_table_schema, table_names

Exporter = Callable[..., Path]


def _descriptor(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return data


def _with_inline_data(out: Path, descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with each resource's rows inline, read from its Parquet file by pyarrow."""
    inline = copy.deepcopy(descriptor)
    for resource in inline["resources"]:
        rows = pq.read_table(out / resource.pop("path")).to_pylist()
        for key in ("format", "mediatype", "partitioning"):
            resource.pop(key, None)
        names = [f["name"] for f in resource["schema"]["fields"]]
        resource["data"] = [names, *([row[n] for n in names] for row in rows)]
    return inline


def test_the_descriptor_names_the_package_its_version_and_licence(
    exported: Path, exported_at: Any
) -> None:
    descriptor = _descriptor(exported)
    assert descriptor["name"] == "conciliazione-vita-lavoro-lombardia"
    assert descriptor["title"]
    assert descriptor["version"] == SCHEMA_VERSION
    assert descriptor["created"] == exported_at.isoformat(timespec="microseconds")
    (licence,) = descriptor["licenses"]
    assert licence["name"] == "CC-BY-4.0"
    assert "ATS" in descriptor["description"]
    titles = [s["title"] for s in descriptor["sources"]]
    assert any("003_cc3c723282e7ce42.txt" in t for t in titles)
    assert descriptor["conciliazione"]["personal_data"] is False
    assert descriptor["conciliazione"]["schema_version"] == SCHEMA_VERSION
    assert descriptor["conciliazione"]["source_checksums"]["pavia:003"] == "c" * 64


def test_every_table_is_a_parquet_resource_with_its_table_schema(exported: Path) -> None:
    resources = _descriptor(exported)["resources"]
    assert [r["name"] for r in resources] == list(table_names())
    for resource in resources:
        assert resource["path"] == f"{resource['name']}.parquet"
        assert (exported / resource["path"]).is_file()
        assert resource["format"] == "parquet"
        assert resource["schema"] == json_table_schema(resource["name"])
        assert resource["description"]


def test_the_partitioning_is_documented_when_partitioned(export: Exporter) -> None:
    flat = {r["name"]: r for r in _descriptor(export(name="flat"))["resources"]}
    assert not any("partitioning" in r for r in flat.values())
    parted = {r["name"]: r for r in _descriptor(export(name="p", partition=True))["resources"]}
    assert parted["allocations"]["partitioning"] == {
        "path": "partitioned/allocations",
        "flavor": "directory",
        "fields": [{"name": "ats_id", "type": "string"}, {"name": "year", "type": "integer"}],
        "nullFallback": "region-wide",
        "keysInFiles": True,
    }
    assert "partitioning" not in parted["ats"]


def test_frictionless_accepts_the_descriptor(exported: Path) -> None:
    errors = list(frictionless.Package.metadata_validate(_descriptor(exported)))
    assert errors == []


def test_frictionless_rejects_a_broken_descriptor(exported: Path) -> None:
    broken = _descriptor(exported)
    broken["resources"][0]["schema"]["primaryKey"] = ["no_such_column"]
    assert list(frictionless.Package.metadata_validate(broken))


@pytest.mark.parametrize("personal", [False, True])
def test_the_data_passes_frictionless_validation_against_the_descriptor(
    export: Exporter, personal: bool
) -> None:
    out = export(include_personal_data=personal)
    report = frictionless.validate(_with_inline_data(out, _descriptor(out)), type="package")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_frictionless_validation_catches_a_dangling_foreign_key(exported: Path) -> None:
    inline = _with_inline_data(exported, _descriptor(exported))
    projects = next(r for r in inline["resources"] if r["name"] == "projects")
    column = projects["data"][0].index("plan_id")
    projects["data"][1][column] = "no-such-plan"
    report = frictionless.validate(inline, type="package")
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"foreign-key"}


def test_one_builder_describes_the_export_tables_and_the_other_parquet_outputs(
    exported: Path,
) -> None:
    """The export's resources and an ingest's (or allocate's) come from the same function: the
    same envelope, a Table Schema either given (the contract's) or read from Arrow."""
    import pyarrow as pa

    from conciliazione.export.resources import parquet_resource

    (exported_ats,) = [r for r in _descriptor(exported)["resources"] if r["name"] == "ats"]
    assert exported_ats == parquet_resource(
        "ats", json_table_schema("ats"), exported_ats["description"]
    )
    arrow = pa.schema(
        [
            pa.field("ats_id", pa.string(), nullable=False, metadata={"description": "The ATS."}),
            pa.field("amount_eur", pa.decimal128(18, 2)),
        ]
    )
    read = parquet_resource("register", arrow, "Valid rows.")
    envelope = {k: v for k, v in exported_ats.items() if k not in ("name", "path")}
    envelope.update(name="register", path="register.parquet", description="Valid rows.")
    assert read == {**envelope, "schema": read["schema"]}
    assert read["schema"] == {
        "fields": [
            {
                "name": "ats_id",
                "type": "string",
                "arrowType": "string",
                "description": "The ATS.",
                "constraints": {"required": True},
            },
            {"name": "amount_eur", "type": "number", "arrowType": "decimal128(18, 2)"},
        ]
    }
    assert "description" not in parquet_resource("bare", arrow)
