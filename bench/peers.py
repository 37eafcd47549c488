"""The peers :mod:`bench.registers` times conciliazione against, one per process.

Run by the benchmark as ``python bench/peers.py NAME CSV OUT``, and timed as a whole process
(interpreter start and imports included, as a user pays them). This file imports only what the
peer it runs needs, so that the peers' start-up is theirs, not the benchmark's:

- ``floor``: ``pyarrow.csv.read_csv`` (type inference) + ``pyarrow.parquet.write_table``, zstd,
  no check at all: nothing that reads the CSV and writes Parquet can be much faster;
- ``polars``: the same checks as the ``service_records`` layout, written by a careful Polars
  user (lazy scan as text, one expression per rule, both check-digit algorithms), the valid
  rows typed and the rejects with their list of reason codes, both to zstd Parquet;
- ``import_floor``: ``import pyarrow.parquet, pydantic, pluggy, attrs`` and nothing else, the
  floor of the main job (``conciliazione export``), which needs those four.

Each prints one JSON line: the rows exported and rejected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TRIM = " \t\r\n\xa0"
ATS_LABELS = {
    "milano": "milano",
    "insubria": "insubria",
    "montagna": "montagna",
    "brianza": "brianza",
    "bergamo": "bergamo",
    "brescia": "brescia",
    "val_padana": "val_padana",
    "pavia": "pavia",
    "ats della città metropolitana di milano": "milano",
    "ats dell'insubria": "insubria",
    "ats della montagna": "montagna",
    "ats della brianza": "brianza",
    "ats di bergamo": "bergamo",
    "ats di brescia": "brescia",
    "ats della val padana": "val_padana",
    "ats di pavia": "pavia",
}
SERVICE_TYPES = {c.lower(): c for c in "ABCDEF"}
TRUE_WORDS = ("sì", "si", "s", "vero", "true", "1", "x")
FALSE_WORDS = ("no", "n", "falso", "false", "0")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ODD = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)
CF_ODD = {**{str(d): _ODD[d] for d in range(10)}, **{c: _ODD[i] for i, c in enumerate(LETTERS)}}
CF_EVEN = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(LETTERS)}}
PERSON_CF = (
    "^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)
VAT = "^[0-9]{7}(00[1-9]|0[1-9][0-9]|100|12[01]|888|999)[0-9]$"
INT = r"^[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3}){1,5}|[0-9]{1,18})$"
DEC2 = r"^[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3}){1,4}|[0-9]{1,16})(?:,[0-9]{1,2})?$"
DATE = r"^[0-9]{2}/[0-9]{2}/[1-9][0-9]{3}$"


def run_floor(csv: Path, out: Path) -> dict[str, int]:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    table = pcsv.read_csv(csv, parse_options=pcsv.ParseOptions(delimiter=";"))
    pq.write_table(table, out / "floor.parquet", compression="zstd")
    return {"exported": table.num_rows, "rejected": 0}


def run_import_floor(csv: Path, out: Path) -> dict[str, int]:
    import attrs  # noqa: F401
    import pluggy  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import pydantic  # noqa: F401

    return {"exported": 0, "rejected": 0}


def run_polars(csv: Path, out: Path) -> dict[str, int]:
    """The checks in three steps of columns, each computed once: the trimmed text; the typed
    value and the verdict of each rule; the first failing rule of each cell, as reasons."""
    import datetime as dt

    import polars as pl

    headers = [
        "ID", "ATS", "ID progetto", "Tipologia", "Comune ISTAT", "Codice fiscale ente",
        "Codice fiscale beneficiario", "Età", "Data inizio", "Data fine", "Ore", "Costo EUR",
        "Cofinanziato",
    ]  # fmt: skip
    fields = [
        "record_id", "ats_id", "project_id", "service_type", "municipality_istat",
        "provider_codice_fiscale", "beneficiary_codice_fiscale", "beneficiary_age", "start_date",
        "end_date", "hours", "cost_eur", "cofunded",
    ]  # fmt: skip
    frame = pl.scan_csv(csv, separator=";", schema=dict.fromkeys(headers, pl.String))
    odd = [CF_ODD.get(chr(c), 0) for c in range(256)]
    even = [CF_EVEN.get(chr(c), 0) for c in range(256)]
    codes = list(range(256))

    def byte(e: pl.Expr, i: int) -> pl.Expr:
        return e.bin.slice(i, 1).bin.reinterpret(dtype=pl.UInt8)

    def person_ok(e: pl.Expr) -> pl.Expr:
        raw = e.cast(pl.Binary)
        total = pl.lit(0, pl.Int32)
        for i in range(15):
            table = odd if i % 2 == 0 else even
            total = total + byte(raw, i).replace_strict(codes, table, return_dtype=pl.Int32)
        letter = byte(raw, 15).cast(pl.Int32) - 65
        return e.str.contains(PERSON_CF) & (total % 26 == letter)

    def body_ok(e: pl.Expr) -> pl.Expr:
        raw = e.cast(pl.Binary)
        total = pl.lit(0, pl.Int32)
        for i in range(11):
            d = byte(raw, i).cast(pl.Int32) - 48
            total = total + (pl.when(d > 4).then(d * 2 - 9).otherwise(d * 2) if i % 2 else d)
        return e.str.contains(VAT) & (e.str.slice(0, 7) != "0000000") & (total % 10 == 0)

    def fiscal_ok(e: pl.Expr) -> pl.Expr:
        size = e.str.len_bytes()
        return (
            pl.when(size == 16)
            .then(person_ok(e))
            .when(size == 11)
            .then(body_ok(e))
            .otherwise(False)
            .fill_null(False)
        )

    def compact(e: pl.Expr) -> pl.Expr:
        e = e.str.to_uppercase()
        return e.str.replace_all(" ", "", literal=True).str.replace_all("-", "", literal=True)

    def decimal(e: pl.Expr) -> pl.Expr:
        clean = e.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
        return pl.when(e.str.contains(DEC2)).then(clean).cast(pl.Decimal(18, 2), strict=False)

    def date(e: pl.Expr) -> pl.Expr:
        return pl.when(e.str.contains(DATE)).then(e).str.strptime(pl.Date, "%d/%m/%Y", strict=False)

    words = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    # 1. trimmed text, null when empty
    step1 = frame.with_row_index("source_row", offset=2).with_columns(
        pl.when(pl.col(h).str.strip_chars(TRIM).str.len_bytes() > 0)
        .then(pl.col(h).str.strip_chars(TRIM))
        .alias(f"t{i}")
        for i, h in enumerate(headers)
    )
    t = [pl.col(f"t{i}") for i in range(len(headers))]
    # The check digits cost about 40 ms per character per million values in Polars: a careful
    # user checks each distinct code once (registers repeat their providers and people) and
    # joins the verdicts back.
    step1 = step1.with_columns(compact(t[5]).alias("cf5"), compact(t[6]).alias("cf6"))
    step1 = step1.collect().lazy()  # read once, used three times
    for name, verdict in (("cf5", "provider_ok"), ("cf6", "person_ok")):
        distinct = step1.select(pl.col(name)).unique().drop_nulls()
        verdicts = distinct.with_columns(fiscal_ok(pl.col(name)).alias(verdict))
        step1 = step1.join(verdicts, on=name, how="left", maintain_order="left")
    age_ok = t[7].str.contains(INT)
    # 2. typed values, and the verdict of the rules that need one
    step2 = step1.with_columns(
        t[0].alias("record_id"),
        t[1].str.to_lowercase().replace_strict(ATS_LABELS, default=None).alias("ats_id"),
        t[2].alias("project_id"),
        t[3].str.to_lowercase().replace_strict(SERVICE_TYPES, default=None).alias("service_type"),
        t[4].alias("municipality_istat"),
        t[4].str.contains("^[0-9]{6}$").alias("istat_ok"),
        pl.col("cf5").alias("provider_codice_fiscale"),
        pl.col("cf6").alias("beneficiary_codice_fiscale"),
        age_ok.alias("age_ok"),
        pl.when(age_ok)
        .then(t[7].str.replace_all(".", "", literal=True))
        .cast(pl.Int64, strict=False)
        .alias("beneficiary_age"),
        date(t[8]).alias("start_date"),
        date(t[9]).alias("end_date"),
        decimal(t[10]).alias("hours"),
        decimal(t[11]).alias("cost_eur"),
        t[12]
        .str.to_lowercase()
        .replace_strict(words, default=None, return_dtype=pl.Boolean)
        .alias("cofunded"),
    )
    lo, hi = dt.date(2010, 1, 1), dt.date(2030, 12, 31)
    missing = "register-required-missing"
    range_code = "register-out-of-range"

    def first(*rules: tuple[pl.Expr, str]) -> pl.Expr:
        """The code of the first failing rule of a cell (a cell fails one rule at most)."""
        code = pl.lit(None, pl.String)
        for failing, name in reversed(rules):
            code = pl.when(failing).then(pl.lit(name)).otherwise(code)
        return code

    def parsed(
        i: int, field: str, bad: str, low: object, high: object
    ) -> list[tuple[pl.Expr, str]]:
        value = pl.col(field)
        return [
            (t[i].is_not_null() & value.is_null(), bad),
            (value.is_not_null() & ~value.is_between(low, high), range_code),
        ]

    codelist = "register-not-in-codelist"
    reasons = [
        first((t[0].is_null(), missing)),
        first((t[1].is_null(), missing), (pl.col("ats_id").is_null(), codelist)),
        first((t[2].is_null(), missing)),
        first((t[3].is_null(), missing), (pl.col("service_type").is_null(), codelist)),
        first((t[4].is_null(), missing), (~pl.col("istat_ok"), "register-bad-istat-code")),
        first((t[5].is_null(), missing), (~pl.col("provider_ok"), "register-bad-codice-fiscale")),
        first((t[6].is_not_null() & ~pl.col("person_ok"), "register-bad-codice-fiscale")),
        first(
            (t[7].is_not_null() & ~pl.col("age_ok"), "register-bad-number"),
            (
                pl.col("beneficiary_age").is_not_null()
                & ~pl.col("beneficiary_age").is_between(0, 120),
                range_code,
            ),
        ),
        first((t[8].is_null(), missing), *parsed(8, "start_date", "register-bad-date", lo, hi)),
        first(*parsed(9, "end_date", "register-bad-date", lo, hi)),
        first(*parsed(10, "hours", "register-bad-number", 0, 10_000)),
        first(
            (t[11].is_null(), missing), *parsed(11, "cost_eur", "register-bad-number", 0, 1_000_000)
        ),
        first((t[12].is_not_null() & pl.col("cofunded").is_null(), "register-bad-boolean")),
    ]
    # 3. the reasons of each row
    checked = step2.with_columns(pl.concat_list(reasons).list.drop_nulls().alias("reasons"))
    checked = checked.select([*headers, *fields, "source_row", "reasons"]).collect()
    ok = pl.col("reasons").list.len() == 0
    valid = checked.filter(ok).select([*fields, "source_row"])
    rejects = checked.filter(~ok).select([*headers, "source_row", "reasons"])
    valid.write_parquet(out / "polars.parquet", compression="zstd")
    rejects.write_parquet(out / "polars_rejects.parquet", compression="zstd")
    return {"exported": valid.height, "rejected": rejects.height}


PEERS = {"floor": run_floor, "polars": run_polars, "import_floor": run_import_floor}


def main() -> None:
    name, csv, out = sys.argv[1:4]
    print(json.dumps(PEERS[name](Path(csv), Path(out))))


if __name__ == "__main__":
    main()
