"""Write an export: one Parquet file per table, a ``datapackage.json``, optionally partitioned.

Layout of ``OUT``::

    OUT/datapackage.json              the Data Package descriptor (schemas, keys, licence)
    OUT/catalog.ttl                   the same export in DCAT-AP_IT, for the open-data portals
    OUT/<table>.parquet               every table, zstd-compressed
    OUT/partitioned/<table>/<ats_id>/part-0.parquet          with partition=True
    OUT/partitioned/allocations/<ats_id>/<year>/part-0.parquet

The partitioned copies are split by ``ats_id`` (and ``year`` for allocations), one directory
level per column, named by the plain value; rows whose ``ats_id`` is null (region-wide acts, the
core's sources) go to the directory ``region-wide``; an empty table is one empty file,
``OUT/partitioned/<table>/part-0.parquet``. Every file is a whole slice of the flat
table: all its columns, the partition columns included, with the flat file's schema and
metadata. So the plain calls read a partitioned table back as the flat file —
``pandas.read_parquet(path)``, ``pyarrow.parquet.read_table(path)``, DuckDB's
``read_parquet('OUT/partitioned/<table>/**/*.parquet')``, ``polars.scan_parquet(path)`` — with
the same rows, columns and types, and a region-wide row's ``ats_id`` null.

Why not Hive directories (``ats_id=pavia``)? pyarrow's default discovery, which pandas uses,
makes a Hive key a dictionary and cannot yet combine a null partition with the others
("Cannot yet unify dictionaries with nulls"); and a key both in the directory and in the file
is a type clash for it. Plain directory names carry no column, so no reader invents one. The
small reference tables (``ats``, ``guidelines``, ``service_types``) are not partitioned.

The export is published atomically (see :mod:`~conciliazione.export.publish`: ``OUT`` is a
link to a complete version, swapped in one step) and deterministic: the same
inputs give the same table contents in the same row order; only ``exported_at`` in the
metadata differs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from conciliazione.errors import ExportError
from conciliazione.export.datapackage import (
    NULL_PARTITION,
    PARTITIONED_DIR,
    datapackage_descriptor,
)
from conciliazione.export.metadata import PluginIdentity, export_metadata, utc_timestamp
from conciliazione.export.publish import MARKER, publish_directory, writing
from conciliazione.export.publisher import CatalogConfig
from conciliazione.export.schemas import table_spec
from conciliazione.export.tables import BuiltTables, build_tables
from conciliazione.findings import Report
from conciliazione.model import Dataset

COMPRESSION = "zstd"


@attrs.frozen
class ExportSummary:
    """What an export wrote, and what it kept out (withheld and rejected rows are counted)."""

    out: Path
    tables: dict[str, int]
    """Rows per table."""
    findings: dict[str, int]
    """Findings per severity value (``error``, ``warning``, ``info``; zero when none)."""
    withheld_personal: int
    """Contacts flagged personal that were left out (0 with ``include_personal_data``)."""
    withheld_evidence: int
    """Evidence rows left out as personal data: those of the withheld contacts and those whose
    words quote personal data — how many more ``evidence`` rows an export with
    ``include_personal_data`` has (0 with it)."""
    rejected: int
    """Allocations left out because ``decimal128(18, 2)`` cannot hold their amount without
    losing a digit; each is reported by an error finding (``allocation-amount-precision`` or
    ``allocation-amount-too-large``)."""
    files: tuple[Path, ...]
    """Every file written, under ``out``, sorted."""


def check_output_dir(out: str | Path) -> None:
    """Refuse, before any page is read, an output directory that cannot be created or written.

    The writer would fail too, but only after the reading; this fails fast and says why.
    :func:`conciliazione.api.run_export` calls it before loading anything.
    """
    out = Path(out)
    if out.exists():
        if not out.is_dir():
            raise ExportError(f"{out}: cannot export there: it is a file, not a directory")
        existing = out
    else:
        existing = out.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise ExportError(
                f"{out}: cannot create the output directory: {existing} is a file, not a directory"
            )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: cannot export there: {existing} is not writable")


def export_dataset(
    dataset: Dataset,
    report: Report,
    out: str | Path,
    *,
    plugins: Iterable[PluginIdentity] = (),
    partition: bool = False,
    include_personal_data: bool = False,
    exported_at: datetime | None = None,
    catalog: CatalogConfig | None = None,
) -> ExportSummary:
    """Export a dataset and its report to the directory ``out``, replacing it atomically.

    The dataset may come from :func:`conciliazione.api.load` or be built by hand: no plugin host
    is needed. ``plugins`` names the plugins that read it (name, distribution, version, ATS id:
    ``loaded.plugins`` of a load), recorded in the files' metadata.
    ``exported_at`` (timezone-aware; default: now) is recorded in the metadata; ``catalog``
    holds the publisher's values for ``catalog.ttl`` (default: defaults that say so). Raises
    :class:`~conciliazione.errors.ExportError` when ``out`` cannot be written; the previous
    export, if any, is then left as it was.
    """
    target = Path(out)
    moment = utc_timestamp(exported_at)
    built = build_tables(dataset, report, include_personal_data=include_personal_data)
    metadata = export_metadata(dataset, plugins, moment)
    descriptor = datapackage_descriptor(
        metadata=metadata,
        sources=dataset.sources,
        partitioned=partition,
        include_personal_data=include_personal_data,
    )

    def build(staging: Path) -> list[Path]:
        from conciliazione.export.dcat import write_catalog  # rdflib: only when exporting

        _write_tables(staging, built, metadata, partition=partition)
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        (staging / MARKER).write_text(text, encoding="utf-8")
        write_catalog(staging, catalog or CatalogConfig(), exported_at=moment)
        return sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())

    written = publish_directory(target, build)
    return ExportSummary(
        out=target,
        tables={name: table.num_rows for name, table in built.tables.items()},
        findings={severity.value: n for severity, n in report.by_severity().items()},
        withheld_personal=built.withheld_personal,
        withheld_evidence=built.withheld_evidence,
        rejected=built.rejected,
        files=tuple(target / p for p in written),
    )


def _write_tables(
    staging: Path, built: BuiltTables, metadata: dict[str, str], *, partition: bool
) -> None:
    for name, table in built.tables.items():
        spec = table_spec(name)
        stamped = table.replace_schema_metadata(
            {"table": name, "description": spec.description, **metadata}
        )
        path = staging / f"{name}.parquet"
        with writing(path):
            pq.write_table(stamped, path, compression=COMPRESSION)
        if partition and spec.partition_by:
            base = staging / PARTITIONED_DIR / name
            with writing(base):
                _write_partitioned(base, stamped, spec.partition_by)


def _write_partitioned(base: Path, table: pa.Table, columns: Sequence[str]) -> None:
    """One file per distinct value of ``columns``, in the first-seen order of the rows kept;
    an empty table is one empty file at the top, so that readers still get its columns."""
    base.mkdir(parents=True)
    if not table.num_rows:
        pq.write_table(table, base / "part-0.parquet", compression=COMPRESSION)
        return
    keys = list(zip(*(table.column(c).to_pylist() for c in columns), strict=True))
    rows: dict[tuple[object, ...], list[int]] = {}
    for index, key in enumerate(keys):
        rows.setdefault(key, []).append(index)
    for key, indices in rows.items():
        folder = base.joinpath(*(_directory_name(value) for value in key))
        folder.mkdir(parents=True)
        pq.write_table(table.take(indices), folder / "part-0.parquet", compression=COMPRESSION)


def _directory_name(value: object) -> str:
    if value is None:
        return NULL_PARTITION
    name = str(value)
    if name == NULL_PARTITION or not name or "/" in name or name.startswith((".", "_")):
        # An ATS id or a year never looks like this; a directory so named would be hidden
        # from readers or mistaken for the null directory.
        raise ValueError(f"cannot name a partition directory after {name!r}")
    return name
