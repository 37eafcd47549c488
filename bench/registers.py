"""Benchmark: a register's CSV → validated Parquet, against the pyarrow floor, DuckDB and pydantic.

Not a test: run it by hand, on an otherwise idle machine::

    python bench/registers.py                 # 1,000,000 rows, 3 rounds per contender
    python bench/registers.py --rows 100000   # a quick look
    python bench/registers.py --scale         # 100,000, 1,000,000 and 10,000,000 rows

It generates a seeded synthetic register of service records (13 columns: ids, ATS, typology,
municipality ISTAT code, two fiscal codes, age, dates, hours, cost in EUR, a yes/no flag; about
2% of the rows deliberately bad, in a dozen ways) into ``bench/_data/`` (reused when present,
git-ignored), then times, in the same run, each contender in a fresh subprocess:

- ``conciliazione``: :func:`conciliazione.registers.ingest` (streamed, every check, valid rows
  and rejects written to Parquet);
- ``pyarrow floor``: ``pyarrow.csv.read_csv`` with type inference + ``pyarrow.parquet.write_table``,
  no checks at all: nothing that reads the CSV and writes Parquet can be much faster. It runs
  twice: with pyarrow's default writer options (dictionary encoding on every column, its fastest
  here: the ratios are taken against it), and with exactly conciliazione's writer options;
- ``duckdb``: ``COPY`` of the same checks written in SQL (regexes, ``try_strptime``, casts, the
  two check-digit algorithms as list lambdas) to a valid and a rejects Parquet file;
- ``pydantic``: row by row through a pydantic model running the same checks, then
  ``model_dump`` → ``Table.from_pylist`` → Parquet, on the first ``--pydantic-rows`` rows only,
  its time extrapolated linearly to the full size (its memory is *not* extrapolated).

Each figure is the median of ``--rounds`` runs. Wall time is measured inside the child (the work
only, not the interpreter start), and so is CPU time (``time.process_time``: every thread of the
child), which a busy neighbour disturbs less than wall time; peak RSS is the child's
``ru_maxrss`` from ``os.wait4``. All Parquet files are zstd-compressed (default level) with
statistics. Times vary run to run on a shared 2-core machine: compare the
ratios taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
SEED = 20240708
BAD_SHARE = 0.02

HEADER = [
    "ID",
    "ATS",
    "ID progetto",
    "Tipologia",
    "Comune ISTAT",
    "Codice fiscale ente",
    "Codice fiscale beneficiario",
    "Età",
    "Data inizio",
    "Data fine",
    "Ore",
    "Costo EUR",
    "Cofinanziato",
]
REGISTER_ATS = "milano"
"""The ATS of every row, the one the register is ingested for."""
PROVINCES = [12, 13, 14, 15, 16, 17, 18, 19, 20, 97, 98, 108]
OFFICES = [f"{n:03d}" for n in range(1, 101)] + ["120", "121", "888", "999"]


# -- data -------------------------------------------------------------------------------------


def _fiscal_code(rng: random.Random) -> str:
    from conciliazione.registers.checks import CF_EVEN, CF_ODD

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = (
        "".join(rng.choice(letters) for _ in range(6))
        + f"{rng.randrange(100):02d}"
        + rng.choice("ABCDEHLMPRST")
        + f"{rng.randrange(1, 29) + rng.choice((0, 40)):02d}"
        + rng.choice(letters)
        + f"{rng.randrange(1000):03d}"
    )
    total = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(body))
    return body + letters[total % 26]


def _vat_number(rng: random.Random) -> str:
    stem = f"{rng.randrange(1, 10_000_000):07d}" + rng.choice(OFFICES)
    total = 0
    for i, ch in enumerate(stem):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return stem + str((10 - total % 10) % 10)


def _amount(cents: int) -> str:
    """Italian format with thousands dots: 123456 → '1.234,56'."""
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", ".") + f",{rest:02d}"


_FALLBACK_CF = "RCCMNL83S18D969H"


def _spoil(rng: random.Random, row: list[str]) -> None:
    """Make one cell of the row bad, in one of the ways real registers are bad."""
    kind = rng.randrange(12)
    if kind == 0:
        row[0] = ""  # required id missing
    elif kind == 1:
        row[1] = "lecco"  # not an ATS
    elif kind == 2:
        row[3] = "G"  # no typology G
    elif kind == 3:
        row[4] = row[4].lstrip("0") or "1"  # ISTAT code that lost its leading zero
    elif kind == 4:
        cf = row[6] or _FALLBACK_CF
        row[6] = cf[:15] + ("A" if cf[15] != "A" else "B")  # wrong check letter
    elif kind == 5:
        vat = row[5]
        row[5] = vat[:10] + str((int(vat[10]) + 1) % 10)  # wrong check digit
    elif kind == 6:
        row[7] = "130"  # age out of range
    elif kind == 7:
        row[8] = "31/02/2023"  # no such date
    elif kind == 8:
        row[9] = "2023-05-10"  # ISO, not dd/mm/yyyy
    elif kind == 9:
        row[11] = "12.5"  # a decimal point where a comma belongs
    elif kind == 10:
        row[11] = "-" + row[11]  # negative cost
    else:
        row[12] = "forse"  # neither yes nor no


def generate(path: Path, rows: int, seed: int = SEED) -> None:
    """Write the synthetic register (UTF-8, ';'-separated, Italian formats)."""
    rng = random.Random(seed)
    people = [_fiscal_code(rng) for _ in range(20_000)]
    bodies = [_vat_number(rng) for _ in range(500)]
    towns = [f"{p:03d}{n:03d}" for p in PROVINCES for n in range(1, 150)]
    projects = [f"P{n:04d}" for n in range(1, 400)]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\n")
        lines: list[str] = []
        for i in range(rows):
            start = 18262 + rng.randrange(1460)  # days since 1970: 2020-2023
            days = rng.randrange(0, 120)
            d0 = time.gmtime(start * 86400)
            d1 = time.gmtime((start + days) * 86400)
            row = [
                f"SR{i + 1:09d}",
                REGISTER_ATS,  # a register is one ATS's: ingest rejects rows of another
                rng.choice(projects),
                rng.choice("ABCDEF"),
                rng.choice(towns),
                rng.choice(bodies),
                rng.choice(people) if rng.random() < 0.9 else "",
                str(rng.randrange(0, 95)) if rng.random() < 0.95 else "",
                f"{d0.tm_mday:02d}/{d0.tm_mon:02d}/{d0.tm_year}",
                f"{d1.tm_mday:02d}/{d1.tm_mon:02d}/{d1.tm_year}" if rng.random() < 0.8 else "",
                _amount(rng.randrange(4, 4000) * 25).removesuffix(",00"),
                _amount(rng.randrange(1000, 250_000)),
                rng.choice(("sì", "no", "")),
            ]
            if rng.random() < BAD_SHARE:
                _spoil(rng, row)
            lines.append(";".join(row))
            if len(lines) == 50_000:
                out.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            out.write("\n".join(lines) + "\n")
    tmp.replace(path)


def data_file(rows: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"service_records_{rows}_{SEED}_{REGISTER_ATS}.csv"
    if not path.exists():
        print(f"generating {rows:,} rows into {path} …", flush=True)
        started = time.perf_counter()
        generate(path, rows)
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return path


# -- contenders (each runs in a child process) ------------------------------------------------


def run_ours(csv: Path, out: Path) -> dict[str, object]:
    from conciliazione.registers import ingest

    # A directory of its own: ingest publishes it as a link to a version (see export.publish).
    target = out / "ours"
    summary = ingest([csv], "service_records", target, ats_id=REGISTER_ATS, include_personal=True)
    assert summary.balanced, summary.accounting_line()
    return {"exported": summary.rows_exported, "rejected": summary.rows_rejected}


def run_floor(csv: Path, out: Path) -> dict[str, object]:
    """The floor with pyarrow's default writer options (dictionary encoding on every column):
    on this register, the fastest way pyarrow writes it."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    table = pcsv.read_csv(csv, parse_options=pcsv.ParseOptions(delimiter=";"))
    pq.write_table(table, out / "floor.parquet", compression="zstd")
    return {"exported": table.num_rows, "rejected": 0}


def run_floor_same(csv: Path, out: Path) -> dict[str, object]:
    """The floor written with conciliazione's writer options: zstd at the default level,
    statistics on, and a dictionary on the columns chosen by the same rule (the codelist
    columns, and those whose values repeat in the first 65,536 rows)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from conciliazione.registers.ingestion import PARQUET_COMPRESSION
    from conciliazione.registers.layout import service_records_layout
    from conciliazione.registers.tables import repetitive_columns

    table = pcsv.read_csv(csv, parse_options=pcsv.ParseOptions(delimiter=";"))
    layout = service_records_layout()
    few = {
        c.header
        for c in layout.columns
        if c.codelist or c.values or c.type == "bool" or c.pattern == "istat_municipality"
    }
    repeating = repetitive_columns(table.slice(0, 65_536), table.column_names)
    dictionary = [n for n in table.column_names if n in few or n in repeating]
    pq.write_table(
        table,
        out / "floor.parquet",
        compression=PARQUET_COMPRESSION,
        use_dictionary=dictionary,
        write_statistics=True,
    )
    return {"exported": table.num_rows, "rejected": 0}


_DUCKDB_MACROS = r"""
CREATE MACRO cf_value(c, pos) AS CASE WHEN pos % 2 = 0
    THEN [1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23][
        CASE WHEN c BETWEEN '0' AND '9' THEN ascii(c) - 47 ELSE ascii(c) - 64 END]
    ELSE CASE WHEN c BETWEEN '0' AND '9' THEN ascii(c) - 48 ELSE ascii(c) - 65 END END;
CREATE MACRO cf16_ok(s) AS
    regexp_full_match(s, '[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST]'
                         || '[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]')
    AND chr(CAST(65 + list_sum(list_transform(range(15), lambda i: cf_value(s[i + 1], i))) % 26
                 AS INTEGER)) = s[16];
CREATE MACRO luhn_ok(s) AS
    list_sum(list_transform(range(11), lambda i: CASE WHEN i % 2 = 1
        THEN CASE WHEN (ascii(s[i + 1]) - 48) > 4 THEN (ascii(s[i + 1]) - 48) * 2 - 9
             ELSE (ascii(s[i + 1]) - 48) * 2 END
        ELSE ascii(s[i + 1]) - 48 END)) % 10 = 0;
CREATE MACRO vat_ok(s) AS
    regexp_full_match(s, '[0-9]{7}(00[1-9]|0[1-9][0-9]|100|12[01]|888|999)[0-9]')
    AND NOT starts_with(s, '0000000') AND luhn_ok(s);
CREATE MACRO cf_ok(s) AS CASE WHEN length(s) = 16 THEN cf16_ok(s)
    WHEN regexp_full_match(s, '[0-9]{11}') THEN vat_ok(s) ELSE false END;
CREATE MACRO it_dec(s) AS CASE
    WHEN regexp_full_match(s, '[+-]?([0-9]{1,3}(\.[0-9]{3}){1,4}|[0-9]{1,16})(,[0-9]{1,2})?')
    THEN TRY_CAST(replace(replace(s, '.', ''), ',', '.') AS DECIMAL(18, 2)) END;
CREATE MACRO it_date(s) AS CASE
    WHEN regexp_full_match(s, '[0-9]{1,2}/[0-9]{1,2}/[1-9][0-9]{3}')
    THEN CAST(try_strptime(s, '%d/%m/%Y') AS DATE) END;
"""

_DUCKDB_CHECKED = r"""
CREATE TEMP TABLE checked AS
SELECT *,
    (nullif(trim("ID"), '') IS NOT NULL) AS ok_id,
    (lower(trim("ATS")) IN ('milano','insubria','montagna','brianza','bergamo','brescia',
                            'val_padana','pavia')) AS ok_ats,
    (nullif(trim("ID progetto"), '') IS NOT NULL) AS ok_project,
    (upper(trim("Tipologia")) IN ('A','B','C','D','E','F')) AS ok_type,
    coalesce(regexp_full_match(trim("Comune ISTAT"), '[0-9]{6}'), false) AS ok_istat,
    coalesce(cf_ok(upper(trim("Codice fiscale ente"))), false) AS ok_provider,
    (nullif(trim("Codice fiscale beneficiario"), '') IS NULL
        OR coalesce(cf_ok(upper(trim("Codice fiscale beneficiario"))), false)) AS ok_person,
    (nullif(trim("Età"), '') IS NULL
        OR coalesce(TRY_CAST(trim("Età") AS BIGINT) BETWEEN 0 AND 120, false)) AS ok_age,
    coalesce(it_date(trim("Data inizio")) BETWEEN DATE '2010-01-01' AND DATE '2030-12-31', false)
        AS ok_start,
    (nullif(trim("Data fine"), '') IS NULL OR coalesce(it_date(trim("Data fine"))
        BETWEEN DATE '2010-01-01' AND DATE '2030-12-31', false)) AS ok_end,
    (nullif(trim("Ore"), '') IS NULL OR coalesce(it_dec(trim("Ore")) BETWEEN 0 AND 10000, false))
        AS ok_hours,
    coalesce(it_dec(trim("Costo EUR")) BETWEEN 0 AND 1000000, false) AS ok_cost,
    (nullif(trim("Cofinanziato"), '') IS NULL OR lower(trim("Cofinanziato")) IN
        ('sì','si','s','vero','true','1','x','no','n','falso','false','0')) AS ok_flag
FROM read_csv('{csv}', delim=';', header=true, all_varchar=true, quote='"');
"""

_DUCKDB_OK = (
    "ok_id AND ok_ats AND ok_project AND ok_type AND ok_istat AND ok_provider AND ok_person "
    "AND ok_age AND ok_start AND ok_end AND ok_hours AND ok_cost AND ok_flag"
)


def run_duckdb(csv: Path, out: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET temp_directory='{out / 'duckdb_tmp'}'")
    con.execute(_DUCKDB_MACROS)
    con.execute(_DUCKDB_CHECKED.replace("{csv}", str(csv)))
    con.execute(
        f"""COPY (SELECT trim("ID") AS record_id, lower(trim("ATS")) AS ats_id,
                trim("ID progetto") AS project_id, upper(trim("Tipologia")) AS service_type,
                trim("Comune ISTAT") AS municipality_istat,
                upper(trim("Codice fiscale ente")) AS provider_codice_fiscale,
                upper(nullif(trim("Codice fiscale beneficiario"), ''))
                    AS beneficiary_codice_fiscale,
                TRY_CAST(trim("Età") AS BIGINT) AS beneficiary_age,
                it_date(trim("Data inizio")) AS start_date, it_date(trim("Data fine")) AS end_date,
                it_dec(trim("Ore")) AS hours, it_dec(trim("Costo EUR")) AS cost_eur,
                lower(trim("Cofinanziato")) IN ('sì','si','s','vero','true','1','x') AS cofunded
            FROM checked WHERE {_DUCKDB_OK})
        TO '{out / "duckdb.parquet"}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    con.execute(
        f"""COPY (SELECT * FROM checked WHERE NOT ({_DUCKDB_OK}))
        TO '{out / "duckdb_rejects.parquet"}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    exported = con.execute(f"SELECT count(*) FROM checked WHERE {_DUCKDB_OK}").fetchone()
    total = con.execute("SELECT count(*) FROM checked").fetchone()
    assert exported is not None
    assert total is not None
    return {"exported": exported[0], "rejected": total[0] - exported[0]}


def run_pydantic(csv: Path, out: Path, limit: int) -> dict[str, object]:
    """Row by row: each row through a pydantic model whose validators are the row forms of the
    same rules (:meth:`ColumnRule.check_value`)."""
    import csv as csvmod
    from datetime import date
    from decimal import Decimal
    from typing import Any

    import pyarrow as pa
    import pyarrow.parquet as pq
    from pydantic import BaseModel, ValidationError, model_validator

    from conciliazione.registers.checks import compile_layout
    from conciliazione.registers.layout import service_records_layout

    layout = service_records_layout()
    rules = {r.spec.header: r for r in compile_layout(layout)}

    class ServiceRecord(BaseModel):
        record_id: str
        ats_id: str
        project_id: str
        service_type: str
        municipality_istat: str
        provider_codice_fiscale: str
        beneficiary_codice_fiscale: str | None
        beneficiary_age: int | None
        start_date: date
        end_date: date | None
        hours: Decimal | None
        cost_eur: Decimal
        cofunded: bool | None

        @model_validator(mode="before")
        @classmethod
        def _check(cls, raw: dict[str, Any]) -> dict[str, Any]:
            values: dict[str, Any] = {}
            for header, text in raw.items():
                rule = rules[header]
                result = rule.check_value(text)
                if not result.ok:
                    raise ValueError(f"{header}: {result.code}")
                values[rule.spec.field] = result.value
            return values

    good: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    with csv.open(encoding="utf-8", newline="") as handle:
        reader = csvmod.DictReader(handle, delimiter=";")
        for i, row in enumerate(reader):
            if i == limit:
                break
            try:
                good.append(ServiceRecord.model_validate(row).model_dump())
            except ValidationError as exc:
                bad.append({**row, "reason": str(exc.errors()[0]["msg"])})
    pq.write_table(pa.Table.from_pylist(good), out / "pydantic.parquet", compression="zstd")
    pq.write_table(pa.Table.from_pylist(bad), out / "pydantic_rejects.parquet", compression="zstd")
    return {"exported": len(good), "rejected": len(bad)}


def _warm_imports(name: str) -> None:
    """Import what a contender needs before its clock starts: the figures time the work, not
    the interpreter's start-up (about 0.15 s for pyarrow, 0.3 s for the pandas that pyarrow loads
    on its first ``pa.array``, 0.35 s for conciliazione and its pydantic models)."""
    import pyarrow
    import pyarrow.compute
    import pyarrow.csv
    import pyarrow.parquet

    # pyarrow imports pandas (when installed) on its first array built from Python objects.
    pyarrow.array([0])

    if name in ("conciliazione", "floor_same"):
        import conciliazione.regional
        import conciliazione.registers.checks
        import conciliazione.registers.ingestion
        import conciliazione.registers.reading
        import conciliazione.registers.tables  # noqa: F401
    elif name == "duckdb":
        import duckdb  # noqa: F401
    elif name == "pydantic":
        import pydantic  # noqa: F401


def child(name: str, csv: Path, out: Path, limit: int) -> None:
    _warm_imports(name)
    started = time.perf_counter()
    cpu_started = time.process_time()
    if name == "conciliazione":
        result = run_ours(csv, out)
    elif name == "floor":
        result = run_floor(csv, out)
    elif name == "floor_same":
        result = run_floor_same(csv, out)
    elif name == "duckdb":
        result = run_duckdb(csv, out)
    else:
        result = run_pydantic(csv, out, limit)
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - cpu_started
    print(json.dumps(result))


# -- the parent: rounds, medians, the table -----------------------------------------------------

CONTENDERS = ("floor", "floor_same", "conciliazione", "duckdb", "pydantic")
LABELS = {
    "floor": "pyarrow read_csv + write_table (floor, no checks)",
    "floor_same": "  the same, with conciliazione's writer options",
    "conciliazione": "conciliazione ingest (streamed, all checks)",
    "duckdb": "DuckDB COPY with the same checks",
    "pydantic": "pydantic row by row (extrapolated)",
}


def measure(name: str, csv: Path, limit: int) -> tuple[float, float, dict[str, object]]:
    """One run in a fresh process: (seconds, peak RSS in MB, what the child reported, which
    includes ``cpu_seconds``, the CPU time of all the child's threads during the work)."""
    with tempfile.TemporaryDirectory(dir=DATA) as out:
        command = [sys.executable, __file__, "--child", name, str(csv), out, "--limit", str(limit)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        stdout = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise SystemExit(f"{name} failed with exit code {process.returncode}")
    report = json.loads(stdout.strip().splitlines()[-1])
    return float(report["seconds"]), usage.ru_maxrss / 1024, report


def bench(rows: int, rounds: int, pydantic_rows: int, skip: set[str]) -> list[dict[str, object]]:
    csv = data_file(rows)
    size_mb = csv.stat().st_size / 1e6
    print(
        f"\n== {rows:,} rows ({size_mb:,.0f} MB of CSV), median of {rounds} rounds ==", flush=True
    )
    results: list[dict[str, object]] = []
    for name in CONTENDERS:
        if name in skip:
            continue
        limit = min(pydantic_rows, rows) if name == "pydantic" else rows
        times, cpus, peaks = [], [], []
        report: dict[str, object] = {}
        for _ in range(rounds if name != "pydantic" else max(1, rounds // 2)):
            seconds, peak, report = measure(name, csv, limit)
            times.append(seconds * rows / limit)
            cpus.append(float(report["cpu_seconds"]) * rows / limit)  # type: ignore[arg-type]
            peaks.append(peak)
        results.append(
            {
                "name": name,
                "rows": rows,
                "seconds": statistics.median(times),
                "cpu_seconds": statistics.median(cpus),
                "rss_mb": statistics.median(peaks),
                "exported": report.get("exported"),
                "rejected": report.get("rejected"),
                "sampled": limit,
            }
        )
        print(f"  {name}: {statistics.median(times):.2f} s", flush=True)
    floor = next((r for r in results if r["name"] == "floor"), None)
    print()
    print(
        f"{'contender':52} {'time':>8} {'rows/s':>11} {'x floor':>8} {'CPU':>7} "
        f"{'x floor':>8} {'peak RSS':>9} {'exported':>10} {'rejected':>9}"
    )
    for r in results:
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        cpu = float(r["cpu_seconds"])  # type: ignore[arg-type]
        ratio = cpu_ratio = "-"
        if floor:
            ratio = f"{seconds / float(floor['seconds']):.2f}"  # type: ignore[arg-type]
            cpu_ratio = f"{cpu / float(floor['cpu_seconds']):.2f}"  # type: ignore[arg-type]
        label = LABELS[str(r["name"])]
        if r["name"] == "pydantic":
            label += f" [{r['sampled']:,} rows]"
        print(
            f"{label:52} {seconds:7.2f}s {rows / seconds:11,.0f} {ratio:>8} {cpu:6.2f}s "
            f"{cpu_ratio:>8} {float(r['rss_mb']):7.0f}MB"  # type: ignore[arg-type]
            f" {r['exported']:>10,} {r['rejected']:>9,}"
        )
    ours = next((r for r in results if r["name"] == "conciliazione"), None)
    same = next((r for r in results if r["name"] == "floor_same"), None)
    if ours and same:
        ratio_same = float(ours["seconds"]) / float(same["seconds"])  # type: ignore[arg-type]
        print(f"conciliazione against the floor with its own writer options: {ratio_same:.2f} x")
    if ours:
        print(f"conciliazione: {ours['exported']:,} rows exported, {ours['rejected']:,} rejected")
    return results


def machine() -> dict[str, str]:
    import duckdb
    import pyarrow
    import pydantic

    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "pyarrow": pyarrow.__version__,
        "duckdb": duckdb.__version__,
        "pydantic": pydantic.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the register")
    parser.add_argument(
        "--scale", action="store_true", help="run 100,000, 1,000,000 and 10,000,000 rows"
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs per contender (median)")
    parser.add_argument(
        "--pydantic-rows", type=int, default=100_000, help="rows pydantic really processes"
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=CONTENDERS, help="leave a contender out"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", nargs=3, metavar=("NAME", "CSV", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, csv, out = args.child
        child(name, Path(csv), Path(out), args.limit)
        return
    info = machine()
    print(", ".join(f"{k}: {v}" for k, v in info.items()))
    sizes = [100_000, 1_000_000, 10_000_000] if args.scale else [args.rows]
    everything = []
    for rows in sizes:
        everything += bench(rows, args.rounds, args.pydantic_rows, set(args.skip))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": everything}, indent=2))


if __name__ == "__main__":
    main()
