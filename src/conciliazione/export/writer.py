"""Write an export: one Parquet file per table, a ``datapackage.json``, optionally partitioned.

Layout of ``OUT``::

    OUT/datapackage.json              the Data Package descriptor (schemas, keys, licence)
    OUT/catalog.ttl                   the same export in DCAT-AP_IT, for the open-data portals
    OUT/<table>.parquet               every table, zstd-compressed
    OUT/partitioned/<table>/ats_id=<ats>/part-0.parquet          with partition=True
    OUT/partitioned/allocations/ats_id=<ats>/year=<year>/part-0.parquet

The partitioned copies are Hive-style, by ``ats_id`` (and ``year`` for allocations): the
partition columns live in the directory names, not in the files. Their partitioning schema is
``ats_id: string`` and ``year: int64`` (see :func:`~conciliazione.export.schemas.partition_schema`);
a null ``ats_id`` (region-wide acts, say) is the directory ``ats_id=__HIVE_DEFAULT_PARTITION__``.
The small reference tables (``ats``, ``guidelines``, ``service_types``) are not partitioned.
Read them with ``pyarrow.dataset.dataset(path, partitioning=pyarrow.dataset.partitioning(
partition_schema(table), flavor="hive"))`` or DuckDB's ``read_parquet('OUT/partitioned/
<table>/**/*.parquet', hive_partitioning=true)``; pandas with the same partitioning,
``pandas.read_parquet(path, partitioning=...)`` — its default discovery makes the partition
column a dictionary, which pyarrow cannot yet combine with the null partition of a table that
has region-wide rows (``acts``, ``sources``).

The export is published atomically (see :mod:`~conciliazione.export.publish`: ``OUT`` is a
link to a complete version, swapped in one step) and deterministic: the same
inputs give the same table contents in the same row order; only ``exported_at`` in the
metadata differs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from conciliazione.errors import ExportError
from conciliazione.export.datapackage import PARTITIONED_DIR, datapackage_descriptor
from conciliazione.export.metadata import PluginIdentity, export_metadata, utc_timestamp
from conciliazione.export.publish import MARKER, publish_directory, writing
from conciliazione.export.publisher import CatalogConfig
from conciliazione.export.schemas import partition_schema, table_spec
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
                _write_partitioned(base, stamped, partition_schema(name))


def _write_partitioned(base: Path, table: pa.Table, schema: pa.Schema) -> None:
    # Imported here: only --partition needs it, and importing pyarrow.dataset costs about
    # 0.05 s (and pulls in pandas where it is installed).
    import pyarrow.dataset as pads

    base.mkdir(parents=True)  # present even when the table is empty
    pads.write_dataset(
        table,
        base,
        format="parquet",
        partitioning=pads.partitioning(schema, flavor="hive"),
        file_options=pads.ParquetFileFormat().make_write_options(compression=COMPRESSION),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        use_threads=False,
        preserve_order=True,
    )
