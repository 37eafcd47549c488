"""``validate_batch``: the checks of an ingest as a pure function of one record batch, so that
Dask, Spark or Ray can run them on each partition when one machine is not enough."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conciliazione.errors import SourceError
from conciliazione.registers import get_layout, ingest, validate_batch

HEADER = "ID;ATS;ID progetto;Tipologia;Comune ISTAT;Codice fiscale ente;Data inizio;Costo EUR;Ore"
GOOD = "SR{n};milano;P1;A;015146;00743110157;0{d}/02/2024;1.234,56;{n}"
BAD = [
    "SR{n};lecco;P1;A;015146;00743110157;01/02/2024;10;",  # not an ATS
    "SR{n};pavia;P1;G;15146;00743110157;31/02/2024;-1;",  # four bad cells
    ";pavia;P1;A;015146;00743110158;01/02/2024;10,5;",  # no id, wrong check digit
]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    lines = [HEADER]
    for n in range(1, 301):
        lines.append((BAD[n % 3] if n % 10 == 0 else GOOD).format(n=n, d=n % 9 + 1))
    path = tmp_path / "prestazioni.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def as_batch(path: Path) -> pa.RecordBatch:
    """The register as one batch of text cells, the way any CSV reader gives them."""
    import pyarrow.csv as pcsv

    table = pcsv.read_csv(
        path,
        parse_options=pcsv.ParseOptions(delimiter=";"),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(HEADER.split(";"), pa.string()),
            strings_can_be_null=True,
        ),
    )
    return table.combine_chunks().to_batches()[0]


def test_a_batch_gives_what_an_ingest_of_the_same_rows_writes(
    register: Path, tmp_path: Path
) -> None:
    layout = get_layout("service_records")
    summary = ingest([register], layout, tmp_path / "out", ats_id="milano")
    written = pq.read_table(summary.valid_path)
    refused = pq.read_table(summary.rejects_path)

    rows = pa.array(range(2, 302), pa.int64())  # the file's row numbers, header = row 1
    batch = as_batch(register).append_column("source_row", rows)
    checked = validate_batch(layout, batch, ats_id="milano", source_file=register.name)

    assert pa.Table.from_batches([checked.valid]).equals(written)
    assert pa.Table.from_batches([checked.rejects]).equals(refused)
    assert checked.rejects.num_rows == 30
    reasons = checked.rejects.column("reasons").to_pylist()
    assert [r["code"] for r in reasons[0]] == [  # row 11: the file's 10th record
        "register-not-in-codelist",
        "register-bad-istat-code",
        "register-bad-date",
        "register-out-of-range",
        "register-ats-mismatch",  # a row of ATS Pavia in Milano's register
    ]


def test_a_batch_may_name_its_columns_by_field_and_number_nothing(register: Path) -> None:
    layout = get_layout("service_records")
    batch = as_batch(register)
    renamed = batch.rename_columns([layout.columns[0].field, *batch.schema.names[1:]])
    checked = validate_batch(layout, renamed, ats_id="milano")
    assert checked.valid.num_rows + checked.rejects.num_rows == 300
    assert checked.valid.column("source_row")[0].as_py() == 1  # numbered within the batch


def test_a_batch_without_a_required_column_is_refused(register: Path) -> None:
    batch = as_batch(register).drop_columns(["ATS"])
    with pytest.raises(SourceError, match="required column 'ATS'"):
        validate_batch(get_layout("service_records"), batch, ats_id="milano")


def test_dask_runs_it_on_every_partition(register: Path, tmp_path: Path) -> None:
    """Dask reads the register in partitions and runs validate_batch on each: together they
    keep and refuse exactly the rows one ingest does."""
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    layout = get_layout("service_records")
    summary = ingest([register], layout, tmp_path / "out", ats_id="milano")
    expected = pq.read_table(summary.valid_path).column("record_id").to_pylist()

    def valid_rows(partition: pd.DataFrame) -> pd.DataFrame:
        batch = pa.RecordBatch.from_pandas(partition, preserve_index=False)
        checked = validate_batch(layout, batch, ats_id="milano")
        return checked.valid.to_pandas(types_mapper=pd.ArrowDtype)

    frame = dd.read_csv(
        register, sep=";", dtype=str, keep_default_na=False, na_values=[""], blocksize=4_000
    )
    assert frame.npartitions > 1
    empty = validate_batch(layout, as_batch(register).slice(0, 0), ats_id="milano")
    meta = empty.valid.to_pandas(types_mapper=pd.ArrowDtype)
    valid = frame.map_partitions(valid_rows, meta=meta).compute(scheduler="threads")
    assert sorted(valid["record_id"]) == sorted(expected)
    assert str(valid["cost_eur"].dtype) == "decimal128(18, 2)[pyarrow]"
