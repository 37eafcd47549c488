"""Benchmark: a register's CSV → validated Parquet, against the pyarrow floor and Polars; and the
main job (``conciliazione export``) against the import floor.

Not a test: run it by hand::

    python bench/registers.py                  # 1,000,000 rows, 5 rounds
    python bench/registers.py --rows 100000    # a quick look
    python bench/registers.py --scale          # 100 rows, 100,000, 1,000,000 and 10,000,000
    python bench/registers.py --main-job       # only the main job against the import floor
    python bench/registers.py --with duckdb --with pydantic   # the slower peers too

It generates a seeded synthetic register of service records (13 columns: ids, ATS, typology,
municipality ISTAT code, two fiscal codes, age, dates, hours, cost in EUR, a yes/no flag; about
2 % of the rows deliberately bad, in a dozen ways) into ``bench/_data/`` (reused when present,
git-ignored). Then, **round after round**, it runs each contender once as a whole process
(interpreter start and imports included: what a user waits for), alternating the order from one
round to the next, so that a busy neighbour on a shared machine slows every contender of a round
alike. Each round gives a *paired* ratio, contender time ÷ floor time in that round; the table
shows the medians of those ratios, and the median time, CPU (user + system of the child, from
``os.wait4``) and peak RSS.

- ``floor``: ``pyarrow.csv.read_csv`` (type inference) + ``pyarrow.parquet.write_table``, zstd,
  no checks (:mod:`bench.peers`);
- ``conciliazione``: the ``conciliazione ingest`` command, every check of the
  ``service_records`` layout, the valid rows and the rejects (with reasons) to Parquet;
- ``polars``: the same checks written with Polars by a careful user (:mod:`bench.peers`);
- ``duckdb`` and ``pydantic`` (with ``--with``): the same checks in SQL, and row by row through
  a pydantic model (on ``--pydantic-rows`` rows, its time extrapolated).

The main job: ``conciliazione export`` of the installed plugins' pages against
``python -c "import pyarrow.parquet, pydantic, pluggy, attrs"``, in this environment and in a
simulated bare one where ``pandas``, ``polars`` and ``duckdb`` cannot be imported (a directory
of stand-ins raising ``ImportError`` put first on ``PYTHONPATH``).
"""

from __future__ import annotations

import argparse
import contextlib
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


# -- slower peers (each runs in a child process: --with duckdb, --with pydantic) ------------

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


def child(name: str, csv: Path, out: Path, limit: int) -> None:
    result = run_duckdb(csv, out) if name == "duckdb" else run_pydantic(csv, out, limit)
    print(json.dumps(result))


# -- the parent: rounds, paired ratios, the table -----------------------------------------------

LABELS = {
    "floor": "pyarrow read_csv + write_table (floor, no checks)",
    "conciliazione": "conciliazione ingest (all checks)",
    "polars": "Polars, same checks",
    "duckdb": "DuckDB, same checks",
    "pydantic": "pydantic row by row (extrapolated)",
    "import_floor": "import pyarrow.parquet, pydantic, pluggy, attrs",
    "export": "conciliazione export (the four plugins' pages)",
    "import_floor_bare": "  the same, pandas/polars/duckdb not importable",
    "export_bare": "  the same, pandas/polars/duckdb not importable",
}
PEERS = HERE / "peers.py"


def _script() -> str:
    path = Path(sys.executable).parent / "conciliazione"
    if not path.exists():
        raise SystemExit(f"the conciliazione entry point is not installed next to {sys.executable}")
    return str(path)


def _bare_path() -> Path:
    """A directory of stand-ins for pandas, polars and duckdb that raise ``ImportError``: put
    first on ``PYTHONPATH``, it makes an environment where they are not installed."""
    bare = DATA / "bare"
    bare.mkdir(parents=True, exist_ok=True)
    for name in ("pandas", "polars", "duckdb"):
        (bare / f"{name}.py").write_text(f"raise ImportError('{name} is not installed')\n")
    return bare


def command(name: str, csv: Path, out: Path, limit: int) -> tuple[list[str], dict[str, str]]:
    """The command line of a contender, and its environment."""
    env = dict(os.environ)
    if name.endswith("_bare"):
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(_bare_path()), env.get("PYTHONPATH")])
        )
        name = name.removesuffix("_bare")
    if name == "conciliazione":
        argv = [_script(), "ingest", "--ats", REGISTER_ATS, "--layout", "service_records"]
        # A directory of its own: an output directory is published as a link to a version.
        target = out / "ingested"
        argv += ["--include-personal", "--format", "json", "--out", str(target), str(csv)]
    elif name == "export":
        argv = [_script(), "export", "--out", str(out / "export")]
    elif name in ("floor", "polars", "import_floor"):
        argv = [sys.executable, str(PEERS), name, str(csv), str(out)]
    else:
        argv = [sys.executable, __file__, "--child", name, str(csv), str(out)]
        argv += ["--limit", str(limit)]
    return argv, env


def measure(name: str, csv: Path, limit: int) -> dict[str, float | int | None]:
    """One whole-process run: wall time, CPU (user + system), peak RSS, rows out."""
    with tempfile.TemporaryDirectory(dir=DATA) as out, tempfile.TemporaryFile() as errors:
        argv, env = command(name, csv, Path(out), limit)
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=env)
        stdout = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code != 0 and not (code == 1 and name.startswith("export")):
            errors.seek(0)
            raise SystemExit(f"{name} failed ({code}): {errors.read().decode()[-2000:]}")
    rows: dict[str, int | None] = {"exported": None, "rejected": None}
    if name == "conciliazione":
        report = json.loads(stdout)
        rows = {"exported": report["rows_exported"], "rejected": report["rows_rejected"]}
    elif name in ("floor", "polars", "duckdb", "pydantic"):
        rows = json.loads(stdout.decode().strip().splitlines()[-1])
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        **rows,
    }


def rounds(
    names: list[str], csv: Path, count: int, limit: int, floor: str
) -> list[dict[str, object]]:
    """``count`` rounds, each contender once per round, the order reversed every other round;
    per contender the median of its paired ratios to ``floor`` and of its figures."""
    runs: dict[str, list[dict[str, float | int | None]]] = {n: [] for n in names}
    if _rows(csv) < 10_000_000:  # a 1 GB file: the rounds themselves warm the page cache
        for name in names:  # warm the page cache, the .pyc files and the data file
            measure(name, csv, min(limit, 2_000))
    for r in range(count):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            runs[name].append(measure(name, csv, limit))
        print(
            f"  round {r + 1}: " + ", ".join(f"{n} {runs[n][-1]['seconds']:.2f}s" for n in names),
            flush=True,
        )
    table = []
    for name in names:
        scale = 1.0 if name != "pydantic" else _rows(csv) / limit
        ratios = [
            float(mine["seconds"]) * scale / float(base["seconds"])  # type: ignore[arg-type]
            for mine, base in zip(runs[name], runs[_floor(name, floor)], strict=True)
        ]
        cpu_ratios = [
            float(mine["cpu_seconds"]) * scale / float(base["cpu_seconds"])  # type: ignore[arg-type]
            for mine, base in zip(runs[name], runs[_floor(name, floor)], strict=True)
        ]
        table.append(
            {
                "name": name,
                "seconds": statistics.median(float(x["seconds"]) for x in runs[name]) * scale,  # type: ignore[arg-type]
                "ratio": statistics.median(ratios),
                "ratio_range": (min(ratios), max(ratios)),
                "cpu_seconds": statistics.median(float(x["cpu_seconds"]) for x in runs[name])
                * scale,  # type: ignore[arg-type]
                "cpu_ratio": statistics.median(cpu_ratios),
                "rss_mb": statistics.median(float(x["rss_mb"]) for x in runs[name]),  # type: ignore[arg-type]
                "exported": runs[name][-1]["exported"],
                "rejected": runs[name][-1]["rejected"],
            }
        )
    return table


def _floor(name: str, floor: str) -> str:
    """The floor a contender is paired with: the bare floor for a bare run."""
    return f"{floor}_bare" if name.endswith("_bare") and not floor.endswith("_bare") else floor


def _rows(csv: Path) -> int:
    return int(csv.name.split("_")[2])


def show(title: str, table: list[dict[str, object]]) -> None:
    print(f"\n{title}")
    print(
        f"{'contender':50} {'time':>7} {'x floor':>8} {'(range)':>12} {'CPU':>7} "
        f"{'x floor':>8} {'peak RSS':>9} {'exported':>10} {'rejected':>9}"
    )
    for r in table:
        low, high = r["ratio_range"]  # type: ignore[misc]
        exported = "" if r["exported"] is None else f"{r['exported']:,}"
        rejected = "" if r["rejected"] is None else f"{r['rejected']:,}"
        print(
            f"{LABELS[str(r['name'])]:50} {r['seconds']:6.2f}s {r['ratio']:8.2f} "
            f"{f'{low:.2f}-{high:.2f}':>12} {r['cpu_seconds']:6.2f}s {r['cpu_ratio']:8.2f} "
            f"{r['rss_mb']:7.0f}MB {exported:>10} {rejected:>9}"
        )


def machine() -> dict[str, str]:
    """Where the figures come from. Versions are read from the package metadata, not by
    importing: a parent that imported pyarrow would hand its memory to every child it forks,
    and the children's peak RSS would start there."""
    from importlib.metadata import PackageNotFoundError, version

    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    for name in ("pyarrow", "pydantic", "polars", "duckdb", "pandas"):
        with contextlib.suppress(PackageNotFoundError):
            info[name] = version(name)
    return info


PACKAGES = ("conciliazione", "conciliazione_ats_montagna", "conciliazione_ats_milano",
            "conciliazione_ats_pavia", "conciliazione_ats_brescia")  # fmt: skip


def compile_bytecode() -> list[str]:
    """Compile the library's and the plugins' modules to bytecode before timing, as installing
    a wheel does: an editable install in an environment with ``PYTHONDONTWRITEBYTECODE`` set
    (this machine's) would otherwise compile every module on every run, 0.04–0.1 s that no
    installed copy pays. (Reading bytecode is allowed whatever that variable says.)"""
    import compileall
    import importlib.util

    done = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)
        done.append(package)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows of the register")
    parser.add_argument(
        "--scale", action="store_true", help="100, 100,000, 1,000,000 and 10,000,000 rows"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds (median of paired ratios)")
    parser.add_argument(
        "--with", dest="extra", action="append", default=[], choices=("duckdb", "pydantic")
    )
    parser.add_argument(
        "--pydantic-rows", type=int, default=100_000, help="rows pydantic really processes"
    )
    parser.add_argument("--main-job", action="store_true", help="only the main job")
    parser.add_argument("--no-main-job", action="store_true", help="leave the main job out")
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
    compiled = compile_bytecode()
    print(f"bytecode compiled beforehand: {', '.join(compiled)}")
    everything: dict[str, object] = {"machine": info}
    sizes = [] if args.main_job else args.rows or [1_000_000]
    if args.scale:
        sizes = [100, 100_000, 1_000_000, 10_000_000]
    for rows in sizes:
        csv = data_file(rows)
        names = ["floor", "conciliazione", "polars", *args.extra]
        limit = min(args.pydantic_rows, rows)
        size = csv.stat().st_size / 1e6
        print(f"\n== {rows:,} rows ({size:,.1f} MB of CSV), {args.rounds} rounds ==", flush=True)
        table = rounds(names, csv, args.rounds, limit, "floor")
        show(f"{rows:,} rows: medians of {args.rounds} rounds; ratios paired by round", table)
        everything[str(rows)] = table
    if not args.no_main_job:
        csv = data_file(100)
        names = ["import_floor", "export", "import_floor_bare", "export_bare"]
        print(f"\n== the main job, {args.rounds * 2} rounds ==", flush=True)
        table = rounds(names, csv, args.rounds * 2, 0, "import_floor")
        show(
            "main job: ratios paired by round (bare rows: against the floor of the same round)",
            table,
        )
        everything["main_job"] = table
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2, default=str))


if __name__ == "__main__":
    main()
