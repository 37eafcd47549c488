"""A first register in five minutes: the shipped samples, ``--example``, ``--list`` and progress.

The samples are invented data, labelled on every row; each register mixes valid rows with rows
that are wrong on purpose, and exactly those are rejected.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conciliazione.allocation import read_population
from conciliazione.cli.console import rows_and_files
from conciliazione.cli.context import CliState
from conciliazione.cli.main import cli
from conciliazione.errors import ExportError, UnknownEntityError
from conciliazione.plugins import make_plugin_host
from conciliazione.regional import ats_ids
from conciliazione.registers import ingest
from conciliazione.samples import REGISTER_SAMPLES, sample_bytes, write_sample


def run(*args: str) -> Result:
    """``conciliazione ARGS`` in-process, with no installed plugin."""
    state = CliState(host_factory=lambda: make_plugin_host(entry_points=False))
    return CliRunner().invoke(cli, list(args), obj=state, catch_exceptions=False)


def rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(sample_bytes(name).decode()), delimiter=";"))


@pytest.mark.parametrize("layout", REGISTER_SAMPLES)
def test_every_sample_row_says_it_is_invented(layout: str) -> None:
    assert all(row["Nota"].startswith("ESEMPIO:") for row in rows(layout))


@pytest.mark.parametrize("layout", REGISTER_SAMPLES)
def test_a_sample_register_rejects_exactly_its_rows_wrong_on_purpose(
    layout: str, tmp_path: Path
) -> None:
    path = write_sample(layout, tmp_path)
    wrong = sum(row["Nota"].startswith("ESEMPIO: error") for row in rows(layout))

    summary = ingest([path], layout, tmp_path / "out", ats_id="milano")

    assert summary.balanced
    assert summary.rows_rejected == wrong > 0
    assert summary.rows_exported == len(rows(layout)) - wrong > 0
    assert summary.files[0].ignored_columns == ("Nota",)


def test_the_sample_population_covers_the_eight_ats_and_says_it_is_invented(
    tmp_path: Path,
) -> None:
    path = write_sample("population", tmp_path)
    table = read_population(path)
    assert {ats_id for ats_id, _ in table.entries} == set(ats_ids())
    assert all("SAMPLE" in line for line in path.read_text().splitlines()[1:])


def test_a_sample_is_never_written_over_an_existing_file(tmp_path: Path) -> None:
    write_sample("organizations", tmp_path)
    with pytest.raises(ExportError, match="already exists"):
        write_sample("organizations", tmp_path)
    with pytest.raises(UnknownEntityError, match="the samples are: organizations"):
        write_sample("members", tmp_path)


def test_ingest_example_writes_the_sample_and_says_what_to_run_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("ingest", "--example", "service_records")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "service_records_sample.csv").read_bytes() == sample_bytes("service_records")
    assert "invented data" in result.stdout
    next_step = result.stdout.splitlines()[-1].split()
    assert run(*next_step[1:]).exit_code == 0

    again = run("ingest", "--example", "service_records")
    assert again.exit_code == 2 and "already exists" in again.output
    assert run("ingest", "--example", "nope").exit_code == 2


def test_allocate_example_population_feeds_the_example_of_its_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "--population population_sample.csv" in run("allocate", "--help").stdout

    result = run("allocate", "--example-population", "population_sample.csv")
    assert result.exit_code == 0, result.output
    command = result.stdout.splitlines()[-1].split()
    split = run(*command[1:])
    assert split.exit_code == 0, split.output
    assert "total 2800000.00 EUR" in split.stdout


def test_list_names_each_allowed_code_with_its_italian_labels() -> None:
    result = run("ingest", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  'Tipologia' → kind (string, 7 codes)" in lines
    assert "      union: Associazioni sindacali; Organizzazioni sindacali" in lines
    assert "      pavia: ATS di Pavia" in lines
    assert "      C: servizi salva tempo" in lines


def test_progress_hears_of_every_file_and_every_row(tmp_path: Path) -> None:
    first = write_sample("organizations", tmp_path / "a")
    second = write_sample("organizations", tmp_path / "b")
    calls: list[tuple[str, int]] = []

    summary = ingest(
        [first, second],
        "organizations",
        tmp_path / "out",
        ats_id="milano",
        progress=lambda name, n: calls.append((name, n)),
    )

    assert [c for c in calls if c[1] == 0] == [(first.name, 0), (second.name, 0)]
    assert sum(n for _, n in calls) == summary.rows_read


def test_the_progress_display_is_silent_off_a_terminal() -> None:
    stream = io.StringIO()
    with rows_and_files(2, stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_display_counts_files_and_rows() -> None:
    stream = _Terminal()
    with rows_and_files(2, stream) as progress:
        assert progress is not None
        progress("a.csv", 0)
        progress("a.csv", 1200)
        progress("b.csv", 0)
        progress("b.csv", 34)
    shown = stream.getvalue()
    assert "files (b.csv)" in shown
    assert "rows 1,234" in shown
    assert "2/2" in shown
