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
    import datetime as dt

    import polars as pl

    headers = [
        "ID", "ATS", "ID progetto", "Tipologia", "Comune ISTAT", "Codice fiscale ente",
        "Codice fiscale beneficiario", "Età", "Data inizio", "Data fine", "Ore", "Costo EUR",
        "Cofinanziato",
    ]  # fmt: skip
    frame = pl.scan_csv(csv, separator=";", schema=dict.fromkeys(headers, pl.String))

    def text(name: str) -> pl.Expr:
        trimmed = pl.col(name).str.strip_chars(TRIM)
        return pl.when(trimmed.str.len_bytes() > 0).then(trimmed)

    def luhn(e: pl.Expr) -> pl.Expr:
        total = pl.lit(0)
        for i in range(11):
            d = e.str.slice(i, 1).cast(pl.Int32, strict=False)
            total = total + (pl.when(d > 4).then(d * 2 - 9).otherwise(d * 2) if i % 2 else d)
        return total % 10 == 0

    def person_check(e: pl.Expr) -> pl.Expr:
        total = pl.lit(0)
        for i in range(15):
            table = CF_ODD if i % 2 == 0 else CF_EVEN
            total = total + e.str.slice(i, 1).replace_strict(
                table, default=0, return_dtype=pl.Int32
            )
        letter = e.str.slice(15, 1).replace_strict(
            {c: i for i, c in enumerate(LETTERS)}, default=-1, return_dtype=pl.Int32
        )
        return total % 26 == letter

    def fiscal_ok(e: pl.Expr) -> pl.Expr:
        person = e.str.contains(PERSON_CF) & person_check(e)
        body = e.str.contains(VAT) & (e.str.slice(0, 7) != "0000000") & luhn(e)
        return pl.when(e.str.len_bytes() == 16).then(person).otherwise(body).fill_null(False)

    def compact(e: pl.Expr, prefix: str = "") -> pl.Expr:
        e = e.str.to_uppercase().str.replace_all(" ", "", literal=True)
        e = e.str.replace_all("-", "", literal=True)
        return e.str.strip_prefix(prefix) if prefix else e

    def decimal(e: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        ok = e.str.contains(DEC2).fill_null(False)
        clean = e.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
        return ok, pl.when(ok).then(clean).cast(pl.Decimal(18, 2), strict=False)

    def when_date(e: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        parsed = e.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
        ok = (e.str.contains(DATE) & parsed.is_not_null()).fill_null(False)
        return ok, parsed

    lo, hi = dt.date(2010, 1, 1), dt.date(2030, 12, 31)
    checks: list[tuple[str, pl.Expr, list[tuple[str, pl.Expr]]]] = []

    def column(field: str, value: pl.Expr, fails: list[tuple[str, pl.Expr]]) -> None:
        checks.append((field, value, fails))

    present = {h: text(h).is_not_null() for h in headers}

    column("record_id", text("ID"), [("register-required-missing", ~present["ID"])])
    ats = text("ATS").str.to_lowercase()
    column(
        "ats_id",
        ats.replace_strict(ATS_LABELS, default=None),
        [
            ("register-required-missing", ~present["ATS"]),
            ("register-not-in-codelist", present["ATS"] & ~ats.is_in(list(ATS_LABELS))),
        ],
    )
    column(
        "project_id",
        text("ID progetto"),
        [("register-required-missing", ~present["ID progetto"])],
    )
    kind = text("Tipologia").str.to_lowercase()
    column(
        "service_type",
        kind.replace_strict(SERVICE_TYPES, default=None),
        [
            ("register-required-missing", ~present["Tipologia"]),
            ("register-not-in-codelist", present["Tipologia"] & ~kind.is_in(list(SERVICE_TYPES))),
        ],
    )
    istat = text("Comune ISTAT")
    column(
        "municipality_istat",
        istat,
        [
            ("register-required-missing", ~present["Comune ISTAT"]),
            (
                "register-bad-istat-code",
                present["Comune ISTAT"] & ~istat.str.contains("^[0-9]{6}$").fill_null(False),
            ),
        ],
    )
    provider = compact(text("Codice fiscale ente"))
    column(
        "provider_codice_fiscale",
        provider,
        [
            ("register-required-missing", ~present["Codice fiscale ente"]),
            ("register-bad-codice-fiscale", present["Codice fiscale ente"] & ~fiscal_ok(provider)),
        ],
    )
    person = compact(text("Codice fiscale beneficiario"))
    column(
        "beneficiary_codice_fiscale",
        person,
        [
            (
                "register-bad-codice-fiscale",
                present["Codice fiscale beneficiario"] & ~fiscal_ok(person),
            )
        ],
    )
    age_text = text("Età")
    age_ok = age_text.str.contains(INT).fill_null(False)
    age = pl.when(age_ok).then(age_text.str.replace_all(".", "", literal=True)).cast(pl.Int64)
    column(
        "beneficiary_age",
        age,
        [
            ("register-bad-number", present["Età"] & ~age_ok),
            ("register-out-of-range", age_ok & ~age.is_between(0, 120).fill_null(False)),
        ],
    )
    for header, field, required in (
        ("Data inizio", "start_date", True),
        ("Data fine", "end_date", False),
    ):
        ok, value = when_date(text(header))
        fails = [("register-required-missing", ~present[header])] if required else []
        fails += [
            ("register-bad-date", present[header] & ~ok),
            ("register-out-of-range", ok & ~value.is_between(lo, hi).fill_null(False)),
        ]
        column(field, value, fails)
    for header, field, required, top in (
        ("Ore", "hours", False, 10_000),
        ("Costo EUR", "cost_eur", True, 1_000_000),
    ):
        ok, value = decimal(text(header))
        fails = [("register-required-missing", ~present[header])] if required else []
        fails += [
            ("register-bad-number", present[header] & ~ok),
            ("register-out-of-range", ok & ~value.is_between(0, top).fill_null(False)),
        ]
        column(field, value, fails)
    flag = text("Cofinanziato").str.to_lowercase()
    words = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    column(
        "cofunded",
        flag.replace_strict(words, default=None, return_dtype=pl.Boolean),
        [("register-bad-boolean", present["Cofinanziato"] & ~flag.is_in(list(words)))],
    )

    # A cell fails its first rule only, as in the layout's order of rules.
    reasons = []
    for _, _, fails in checks:
        code = pl.lit(None, pl.String)
        for name, failing in reversed(fails):
            code = pl.when(failing).then(pl.lit(name)).otherwise(code)
        reasons.append(code)
    checked = frame.with_row_index("source_row", offset=2).with_columns(
        *(value.alias(field) for field, value, _ in checks),
        pl.concat_list(reasons).list.drop_nulls().alias("reasons"),
    )
    checked = checked.collect()
    ok = pl.col("reasons").list.len() == 0
    valid = checked.filter(ok).select([field for field, _, _ in checks] + ["source_row"])
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
