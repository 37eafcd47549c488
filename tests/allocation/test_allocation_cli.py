"""``conciliazione allocate``: a good run, its output files, and one clear error per bad input."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from conciliazione.cli.context import CliState
from conciliazione.cli.main import cli
from conciliazione.export.schemas import table_spec
from conciliazione.model import Allocation
from conciliazione.plugins import hookimpl, make_plugin_host
from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder

Write = Callable[[str, str], Path]
GOOD = ["--total", "2800000", "--schedule", "0.9,0.9,1.0", "--years", "2020-2022"]


def run(*args: str | Path, obj: CliState | None = None) -> Result:
    return CliRunner().invoke(cli, ["allocate", *(str(a) for a in args)], obj=obj)


class PublishingPlugin:
    """A throw-away plugin for ATS Pavia whose page publishes its 2020-2022 allocation."""

    def __init__(self, amounts: tuple[tuple[int, str], ...] | None = None) -> None:
        self.amounts = amounts or ((2020, "48834.00"), (2021, "48834.00"), (2022, "54260.00"))

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        page = BuiltinPage("riparto.txt", text="ATS di Pavia: riparto delle risorse 2020-2022.\n")
        register(AtsAdapter(ats_id="pavia", pages=[page], reader=self.read))

    def read(self, page: PageText, builder: ReadingBuilder) -> None:
        for number, (year, amount) in enumerate(self.amounts):
            builder.add(
                Allocation(
                    allocation_id=f"pavia:allocation:{number}",
                    ats_id="pavia",
                    guideline_id="dgr-xi-2398-2019",
                    year=year,
                    amount_eur=Decimal(amount),
                )
            )


def test_a_good_run_prints_one_row_per_ats_and_year(population_csv: Path) -> None:
    result = run(*GOOD, "--population", population_csv)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ats_id", "year", "amount_eur"]
    assert lines[1].split() == ["milano", "2020", "316265.06"]
    assert len(lines) == 1 + 24 + 1
    assert lines[-1].startswith("total 2800000.00 EUR (2020: 900000.00, 2021: 900000.00")
    assert result.stderr == ""


def test_out_csv_writes_the_allocations_table(population_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = run(*GOOD, "--population", population_csv, "--unit", "euro", "--out", out)
    assert result.exit_code == 0, result.output
    assert f"wrote 24 allocations to {out}" in result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24
    assert sum(Decimal(r["amount_eur"]) for r in rows) == Decimal("2800000")
    assert {r["basis"] for r in rows} == {"computed"}
    assert rows[0]["formula"] == "population"
    assert '"unit": "1"' in rows[0]["parameters"]
    contract = [field.name for field in table_spec("allocations").schema]
    assert list(rows[0]) == contract


def test_out_parquet_stores_amounts_as_decimal128(population_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    result = run(
        *GOOD,
        "--population",
        population_csv,
        "--formula",
        "equal-plus-population",
        "--weights",
        "0.3,0.7",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.schema.field("amount_eur").type == pa.decimal128(18, 2)
    assert table.schema.equals(table_spec("allocations").schema)
    assert table.schema.field("year").type == pa.int64()
    assert table.num_rows == 24
    assert sum(table.column("amount_eur").to_pylist()) == Decimal("2800000.00")
    assert set(table.column("formula").to_pylist()) == {"equal-plus-population"}
    parameters = {p["name"]: p["value"] for p in table.column("parameters")[0].as_py()}
    assert parameters["equal_weight"] == "0.3"


def test_a_yearly_base_can_be_given_instead_of_the_total(population_csv: Path) -> None:
    result = run(
        "--base", "1000000", "--years", "2020-2022", "--schedule", "0.9,0.9,1.0",
        "--population", population_csv,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "total 2800000.00 EUR" in result.stdout


PAGE = "pavia:riparto.txt"
RELEASE = "core:publication:release-2019-11-11-dgr-xi-2398-2019"


def _publishing(plugin: PublishingPlugin | None = None) -> CliState:
    chosen = plugin or PublishingPlugin()
    return CliState(host_factory=lambda: make_plugin_host(entry_points=False, plugins=[chosen]))


def _section(out: str, source_id: str) -> str:
    """The lines the reconciliation prints for one source."""
    start = out.index(f"source {source_id} ")
    end = out.find("\nsource ", start + 1)
    return out[start : end if end >= 0 else len(out)]


def test_reconcile_reports_pavias_published_figures(population_csv: Path) -> None:
    result = run(*GOOD, "--population", population_csv, "--reconcile", "--source", PAGE,
                 obj=_publishing())  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Reconciliation with 3 published allocations from 1 source(s)" in out
    assert f"source {PAGE} (3 allocations, exact figures; ATS pavia):" in out
    assert (
        "published schedule: ATS pavia: consistent with a base of 54260.00 EUR and a "
        "0.9/0.9/1.0 schedule (2020-2022)"
    ) in out
    # The made-up populations give Pavia 48795.18 in 2020, not the published 48834.00.
    assert (
        "warning allocation-differs-from-published: ATS pavia, 2020: published 48834.00 EUR, "
        "computed 48795.18 EUR; difference +38.82 EUR (+0.08%)"
    ) in out
    assert RELEASE not in out


def test_reconcile_takes_every_source_on_its_own_and_fits_each_ones_schedule(
    population_csv: Path,
) -> None:
    result = run(*GOOD, "--population", population_csv, "--reconcile", obj=_publishing())
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Reconciliation with 27 published allocations from 2 source(s)" in out
    release = _section(out, RELEASE)
    assert "(24 allocations, rounded to 100 EUR; ATS bergamo, brescia," in release
    # Within one rounding unit, the release's figures fit 0.8/1/1 for seven ATS...
    assert (
        "published schedule: ATS pavia: consistent with a base of 54200.00 EUR and a "
        "0.8/1.0/1.0 schedule (2020-2022)"
    ) in release
    assert release.count(": consistent with a base of") == 7
    # ...but not Milano's: 0.8 x 346.000 is 276.800, the release prints 276.000.
    assert "ATS milano: NOT consistent with a base of 346000.00 EUR and a 0.8/1.0/1.0" in release
    assert "ATS milano, 2020: published 276000 EUR, computed 276800.00 EUR" in release
    page = _section(out, PAGE)
    assert "ATS pavia: consistent with a base of 54260.00 EUR and a 0.9/0.9/1.0" in page


def test_a_rounded_source_is_compared_within_half_its_unit(population_csv: Path) -> None:
    result = run(
        "--total", "2800000", "--schedule", "0.8,1,1", "--years", "2020-2022",
        "--population", population_csv, "--reconcile", "--source", RELEASE, obj=_publishing(),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The made-up populations give Pavia 43373.49 for 2020; the release's 43.400 is rounded to
    # 100, so the 26.51 EUR between them is rounding, not a difference.
    assert (
        "info allocation-rounding-difference: ATS pavia, 2020: published 43400 EUR, "
        "computed 43373.49 EUR; difference +26.51 EUR (+0.06%)"
    ) in result.stdout


def test_reconcile_with_a_tolerance_counts_small_differences_as_rounding(
    population_csv: Path,
) -> None:
    result = run(
        *GOOD, "--population", population_csv, "--reconcile", "--source", PAGE,
        "--tolerance", "50", obj=_publishing(),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "allocation-differs-from-published" not in result.stdout
    assert "info allocation-rounding-difference" in result.stdout
    assert "published figures consistent with this split" in result.stdout


def test_two_published_figures_for_one_year_are_each_compared(population_csv: Path) -> None:
    plugin = PublishingPlugin(((2020, "48834.00"), (2020, "48795.18")))
    result = run(*GOOD, "--population", population_csv, "--reconcile", "--source", PAGE,
                 obj=_publishing(plugin))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "published schedule: ATS pavia: cannot be fitted" in result.stdout
    assert "published 48834.00 EUR, computed 48795.18 EUR" in result.stdout
    assert "allocation-missing-published: ATS pavia, 2021: computed 48795.18 EUR" in result.stdout


def test_reconcile_with_an_unknown_source_is_a_usage_error(population_csv: Path) -> None:
    result = run(*GOOD, "--population", population_csv, "--reconcile", "--source", "nowhere",
                 obj=_publishing())  # fmt: skip
    assert result.exit_code == 2
    assert "no published allocations from source nowhere" in result.stderr
    assert PAGE in result.stderr and RELEASE in result.stderr
    assert "Traceback" not in result.output


def test_reconcile_of_a_guideline_without_published_figures_says_so(population_csv: Path) -> None:
    state = CliState(host_factory=lambda: make_plugin_host(entry_points=False))
    result = run(*GOOD, "--population", population_csv, "--reconcile",
                 "--guideline", "guidelines-2025-2027", obj=state)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "No published allocations" in result.stdout


def population_with(line: str) -> str:
    """A complete synthetic population file with ``line`` in place of Pavia's row."""
    rows = [
        "milano,3500000", "insubria,1450000", "montagna,330000", "brianza,1200000",
        "bergamo,1110000", "brescia,1060000", "val_padana,770000",
    ]  # fmt: skip
    return "ats_id,population\n" + "\n".join([*rows, line]) + "\n"


@pytest.mark.parametrize(
    ("population", "extra", "message"),
    [
        (
            population_with("lodi,230000"),
            [],
            "p.csv, row 9, column 'ats_id': unknown ATS 'lodi'; the ATS ids are: milano,",
        ),
        (
            population_with("pavia,-540000"),
            [],
            "p.csv, row 9, column 'population': the population of ATS 'pavia' is negative",
        ),
        (
            population_with("pavia,"),
            [],
            "p.csv, row 9, column 'population': the population of ATS 'pavia' is missing",
        ),
        (
            population_with("brescia,1")[: -len("brescia,1\n")],
            [],
            "the population of ATS pavia is missing in p.csv",
        ),
        (
            population_with("pavia,540000"),
            ["--formula", "equal-plus-population", "--weights", "0.3,0.6"],
            "the weights 0.3 and 0.6 add up to 0.9, not 1",
        ),
        (
            population_with("pavia,540000"),
            ["--formula", "equal-plus-population"],
            "needs two weights",
        ),
        (
            population_with("pavia,540000"),
            ["--weights", "0.3,0.7"],
            "--weights applies only to --formula equal-plus-population",
        ),
        (
            population_with("pavia,540000"),
            ["--schedule", "0.9,1.0"],
            "the schedule has 2 weight(s) for 3 year(s) (2020, 2021, 2022)",
        ),
        (
            population_with("pavia,540000"),
            ["--total", "due milioni"],
            "--total 'due milioni' is not a number",
        ),
        (
            population_with("pavia,540000"),
            ["--total", "2800000.50", "--unit", "euro"],
            "is not a whole number of units of 1 EUR",
        ),
        (
            population_with("pavia,540000"),
            ["--guideline", "dgr-0-2099"],
            "unknown guideline 'dgr-0-2099'",
        ),
    ],
)
def test_bad_input_is_one_message_and_exit_code_2(
    write_file: Write, population: str, extra: list[str], message: str
) -> None:
    path = write_file("p.csv", population)
    args = ["--population", str(path), *GOOD, *extra]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_an_unreadable_population_file_is_exit_code_2(tmp_path: Path) -> None:
    missing = run("--population", tmp_path / "absent.csv", *GOOD)
    assert missing.exit_code == 2
    assert "absent.csv: no such file" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("ats_id,population,nota\npavia,5,città\n".encode("latin-1"))
    encoded = run("--population", latin, *GOOD)
    assert encoded.exit_code == 2
    assert "latin.csv: is not UTF-8 text" in encoded.stderr
    directory = run("--population", tmp_path, *GOOD)
    assert directory.exit_code == 2
    assert "is a directory" in directory.stderr


def test_an_unknown_output_type_is_exit_code_2(population_csv: Path, tmp_path: Path) -> None:
    result = run(*GOOD, "--population", population_csv, "--out", tmp_path / "x.xlsx")
    assert result.exit_code == 2
    assert "unknown output type '.xlsx'; use .csv or .parquet" in result.stderr


def test_total_and_base_are_alternatives(population_csv: Path) -> None:
    both = run(*GOOD, "--base", "1", "--population", population_csv)
    assert both.exit_code == 2
    assert "not both" in both.stderr
    neither = run("--years", "2020", "--population", population_csv)
    assert neither.exit_code == 2
    assert "--total (multi-year) or --base (yearly)" in neither.stderr


def test_the_command_runs_inside_the_conciliazione_group(population_csv: Path) -> None:
    from conciliazione.cli.main import cli

    result = CliRunner().invoke(cli, ["allocate", *GOOD, "--population", str(population_csv)])
    assert result.exit_code == 0, result.output
    assert "pavia       2022    54216.87" in result.stdout


def test_importing_the_command_loads_neither_pyarrow_nor_pydantic() -> None:
    code = (
        "import sys, conciliazione.cli.allocate; "
        "print(sorted(m for m in ('pyarrow', 'pydantic', 'conciliazione.allocation') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_out_as_a_directory_publishes_both_files_and_a_datapackage(
    population_csv: Path, tmp_path: Path
) -> None:
    import hashlib
    import json

    import duckdb

    out = tmp_path / "allocations"
    result = run(*GOOD, "--population", population_csv, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "allocations.csv",
        "allocations.parquet",
        "datapackage.json",
    ]
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == [
        "allocations.parquet",
        "allocations.csv",
    ]
    checksum = hashlib.sha256(population_csv.read_bytes()).hexdigest()
    assert descriptor["conciliazione"]["source_checksums"] == {population_csv.name: checksum}
    ((rows,),) = duckdb.execute(f"select count(*) from '{out / 'allocations.parquet'}'").fetchall()
    assert rows > 0


def test_a_parquet_file_carries_the_publish_metadata(population_csv: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "allocations.parquet"
    assert run(*GOOD, "--population", population_csv, "--out", target).exit_code == 0
    meta = pq.read_metadata(target).metadata
    assert {b"library_version", b"schema_version", b"source_checksums", b"exported_at"} <= set(meta)
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".allocations.parquet.tmp")
    ] == []


@pytest.mark.parametrize("option", ["--total", "--base"])
@pytest.mark.parametrize("value", ["1e30", "10000000000000000", "-1e17"])
def test_an_amount_out_of_range_is_a_usage_error(
    population_csv: Path, option: str, value: str
) -> None:
    result = run(option, value, "--years", "2020", "--population", population_csv)
    assert result.exit_code == 2, result.output
    assert f"{option} {value!r} is out of range: at most 9999999999999999.99 EUR" in result.stderr


def test_a_fifo_as_the_population_file_is_refused_at_once(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "population.csv"
    os.mkfifo(fifo)
    result = run(*GOOD, "--population", fifo)
    assert result.exit_code == 2
    assert "population.csv: is a FIFO (named pipe), not a regular file" in result.stderr
