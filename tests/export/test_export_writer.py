"""Writing an export: the files, their metadata, the summary, and what an export promises —
atomic (a failed export leaves the previous one as it was) and deterministic."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from conciliazione.api import run_export
from conciliazione.errors import ExportError
from conciliazione.export import (
    SCHEMA_VERSION,
    ExportSummary,
    export_dataset,
    table_names,
    table_spec,
    writer,
)
from conciliazione.findings import Report
from conciliazione.model import Dataset
from conciliazione.plugins import make_plugin_host
from conciliazione.regional import regional_dataset

Exporter = Callable[..., Path]


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _leftovers(parent: Path) -> list[str]:
    """What a failed run left behind: staging directories and links not swapped in (the lock
    file and the versions directory stay, as they do after any publish)."""
    versions = [p for d in parent.glob(".*.versions") for p in d.iterdir()]
    staging = [f"{p.parent.name}/{p.name}" for p in versions if p.name.startswith(".staging-")]
    links = [p.name for p in parent.glob(".*.link-*")]
    return sorted(staging + links)


# -- what is written ---------------------------------------------------------------------------


def test_an_export_has_one_parquet_file_per_table_a_datapackage_and_a_catalog(
    export: Exporter,
) -> None:
    out = export()
    names = sorted(p.name for p in out.iterdir())
    metadata = ["datapackage.json", "catalog.ttl"]
    assert names == sorted([*(f"{t}.parquet" for t in table_names()), *metadata])


def test_each_file_holds_its_table_under_the_contract_schema(exported: Path) -> None:
    for name in table_names():
        schema = pq.read_schema(exported / f"{name}.parquet")
        assert schema.equals(table_spec(name).schema), name
        for field in schema:
            assert field.metadata[b"description"], (name, field.name)


def test_every_file_carries_the_export_metadata(exported: Path, exported_at: datetime) -> None:
    for name in table_names():
        meta = {
            k.decode(): v.decode()
            for k, v in pq.read_schema(exported / f"{name}.parquet").metadata.items()
        }
        assert meta["table"] == name
        assert meta["description"] == table_spec(name).description
        assert meta["schema_version"] == SCHEMA_VERSION
        assert meta["library_version"] == "0.1.0"
        assert meta["guideline_id"] == "dgr-xi-2398-2019"
        assert json.loads(meta["guideline_ids"]) == [
            "dgr-x-5969-2016",
            "dgr-xi-2398-2019",
            "guidelines-2025-2027",
        ]
        assert meta["exported_at"] == exported_at.isoformat(timespec="microseconds")
        (plugin,) = json.loads(meta["plugins"])
        assert plugin["ats_id"] == "pavia"
        assert set(plugin) == {"name", "distribution", "version", "ats_id"}
        checksums = json.loads(meta["source_checksums"])
        assert checksums["pavia:003"] == "c" * 64
        core = {s.source_id for s in regional_dataset().sources}
        assert set(checksums) == core | {"pavia:003", "milano:001"}


def test_files_are_zstd_compressed(exported: Path) -> None:
    metadata = pq.ParquetFile(exported / "allocations.parquet").metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"


def test_the_summary_counts_rows_findings_and_what_was_kept_out(
    tmp_path: Path,
    dataset: Dataset,
    report_for: Callable[[Dataset], Report],
) -> None:
    report = report_for(dataset)
    out = tmp_path / "export"
    summary = export_dataset(dataset, report, out)  # built by hand: no plugin host
    assert isinstance(summary, ExportSummary)
    assert summary.out == out
    assert list(summary.tables) == list(table_names())
    assert summary.tables["allocations"] == 4
    assert summary.tables["contacts"] == 1
    assert summary.tables["findings"] == len(report)
    assert summary.findings == {s.value: n for s, n in report.by_severity().items()}
    assert set(summary.findings) == {"error", "warning", "info"}
    assert summary.findings["warning"] >= 2  # declared-count-mismatch, missing-section
    assert summary.withheld_personal == 1
    assert summary.rejected == 0
    assert list(summary.files) == sorted(summary.files)
    assert set(summary.files) == {p for p in out.rglob("*") if p.is_file()}


def test_the_export_time_must_be_timezone_aware(export: Exporter) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        export(exported_at=datetime(2024, 7, 9, 12, 0))


def test_the_export_time_is_recorded_in_utc(export: Exporter) -> None:
    rome = timezone(timedelta(hours=2))
    out = export(exported_at=datetime(2024, 7, 9, 14, 0, tzinfo=rome))
    meta = pq.read_schema(out / "ats.parquet").metadata
    assert meta[b"exported_at"] == b"2024-07-09T12:00:00.000000+00:00"


def test_without_an_export_time_now_is_recorded(export: Exporter) -> None:
    before = datetime.now(UTC)
    out = export(exported_at=None)
    recorded = datetime.fromisoformat(
        pq.read_schema(out / "ats.parquet").metadata[b"exported_at"].decode()
    )
    assert before <= recorded <= datetime.now(UTC)


def test_run_export_loads_checks_and_exports(tmp_path: Path) -> None:
    host = make_plugin_host(entry_points=False)  # no plugin: the core's region-wide data only
    summary = run_export(tmp_path / "out", host=host, partition=True)
    assert summary.tables["ats"] == 8
    assert summary.tables["projects"] == 0
    assert (tmp_path / "out" / "partitioned" / "acts").is_dir()
    # The Region's release carries two warnings of its own: the "117.00" misprint and the
    # "84mila" headline its lines for ATS della Montagna do not add up to.
    assert summary.findings == {"error": 0, "warning": 2, "info": 0}


# -- atomic ------------------------------------------------------------------------------------


def _failing_after_first(exception: BaseException) -> Callable[..., Any]:
    real = pq.write_table
    calls: list[object] = []

    def write_table(table: Any, where: Any, **kwargs: Any) -> None:
        calls.append(where)
        if len(calls) > 1:
            raise exception
        real(table, where, **kwargs)

    return write_table


@pytest.mark.parametrize(
    ("exception", "expected"),
    [
        (OSError(28, "No space left on device"), ExportError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
)
def test_a_failed_export_leaves_the_previous_one_byte_for_byte(
    export: Exporter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exception: BaseException,
    expected: type[BaseException],
) -> None:
    out = export(partition=True)
    before = _snapshot(out)
    monkeypatch.setattr(pq, "write_table", _failing_after_first(exception))
    with pytest.raises(expected):
        export(partition=True, exported_at=None)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_the_export_error_names_the_output_path(
    export: Exporter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pq, "write_table", _failing_after_first(OSError(28, "disk full")))
    with pytest.raises(ExportError, match="disk full") as info:
        export()
    assert str(tmp_path / "out") in str(info.value)
    assert re.search(
        r"out: cannot write \S+/\.staging-\w+/\w+\.parquet \(disk full\)", str(info.value)
    )
    assert not (tmp_path / "out").exists()
    assert _leftovers(tmp_path) == []


def test_a_failure_in_the_partitioned_copy_leaves_the_previous_export(
    export: Exporter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = export()
    before = _snapshot(out)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(writer, "_write_partitioned", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        export(partition=True)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_a_new_export_replaces_the_previous_one_entirely(export: Exporter, tmp_path: Path) -> None:
    out = export(partition=True)
    assert (out / "partitioned").is_dir()
    export(partition=False)
    assert not (out / "partitioned").exists()
    assert _leftovers(tmp_path) == []


def test_an_output_path_that_is_a_file_is_refused(export: Exporter, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a directory")
    with pytest.raises(ExportError, match="not a directory") as info:
        export()
    assert str(tmp_path / "out") in str(info.value)
    assert (tmp_path / "out").read_text() == "not a directory"


def test_an_unwritable_parent_is_an_export_error(export: Exporter, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot write") as info:
        export(name="file/out")
    assert str(tmp_path / "file" / "out") in str(info.value)


def test_a_directory_that_is_not_an_export_is_not_replaced(
    export: Exporter, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.tex").write_text("years of work")
    with pytest.raises(ExportError, match=r"not a previous output"):
        export()
    assert (tmp_path / "out" / "thesis.tex").read_text() == "years of work"


def test_an_empty_directory_can_receive_an_export(export: Exporter, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert (export() / "datapackage.json").is_file()


# -- deterministic -----------------------------------------------------------------------------


def test_two_exports_of_the_same_data_have_equal_tables(export: Exporter) -> None:
    first = export(name="first", partition=True)
    second = export(name="second", partition=True, exported_at=None)
    for name in table_names():
        a = pq.read_table(first / f"{name}.parquet")
        b = pq.read_table(second / f"{name}.parquet")
        assert a.equals(b), name
        meta_a, meta_b = dict(a.schema.metadata), dict(b.schema.metadata)
        assert meta_a.pop(b"exported_at") != meta_b.pop(b"exported_at")
        assert meta_a == meta_b
    assert sorted(p.relative_to(first) for p in first.rglob("*")) == sorted(
        p.relative_to(second) for p in second.rglob("*")
    )


def test_the_order_records_come_in_does_not_change_the_tables(
    export: Exporter, dataset: Dataset
) -> None:
    shuffled = dataset.model_copy()
    rng = random.Random(4)
    for field in Dataset.model_fields:
        records = list(getattr(dataset, field))
        rng.shuffle(records)
        setattr(shuffled, field, records)
    first, second = export(dataset, name="a"), export(shuffled, name="b")
    for name in table_names():
        a = pq.read_table(first / f"{name}.parquet")
        assert a.equals(pq.read_table(second / f"{name}.parquet")), name


def test_a_hand_built_dataset_exports_without_a_plugin_host(tmp_path: Path) -> None:
    """``export_dataset`` takes data: a dataset, its report, and (optionally) the plugins that
    read it as plain values — no host is built or needed."""

    class Reader:
        name = "by-hand"
        distribution = None
        version = "1.0"
        ats_id = "pavia"

    dataset = regional_dataset()
    out = tmp_path / "out"
    export_dataset(dataset, Report(), out, plugins=[Reader()])
    meta = pq.read_schema(out / "ats.parquet").metadata
    assert json.loads(meta[b"plugins"]) == [
        {"name": "by-hand", "distribution": None, "version": "1.0", "ats_id": "pavia"}
    ]
    export_dataset(dataset, Report(), tmp_path / "bare")
    assert json.loads(pq.read_schema(tmp_path / "bare" / "ats.parquet").metadata[b"plugins"]) == []
