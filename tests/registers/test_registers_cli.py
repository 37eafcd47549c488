"""``conciliazione ingest``: the summary, the exit codes, and one clear line for bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conciliazione.cli.context import CliState
from conciliazione.cli.main import cli
from conciliazione.plugins import make_plugin_host

Row = dict[str, str]


def run(*args: str) -> Result:
    """``conciliazione ARGS`` in-process, with no installed plugin."""
    state = CliState(host_factory=lambda: make_plugin_host(entry_points=False))
    return CliRunner().invoke(cli, list(args), obj=state, catch_exceptions=False)


@pytest.fixture
def register(write_csv: Callable[..., Path], service_row: Callable[..., Row]) -> Path:
    return write_csv([service_row(), service_row(ID="SR2", ATS="lecco")])


def test_a_register_with_rejected_rows_is_reported_and_exits_with_0(
    register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["ingest", "--ats", "pavia", "--layout", "service_records", str(register)]
    result = run(*args, "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "service_records (ATS pavia): 1 file"
    assert f"{register}: CSV, UTF-8, delimiter ';': 2 rows read, 1 exported, 1 rejected" in lines[1]
    assert (
        "register-not-in-codelist register.csv:3 (record 2): column 'ATS': 'lecco' is not in"
        in (result.stdout)
    )
    assert "2 rows read = 1 exported + 1 rejected (balanced)" in lines
    assert (out / "service_records.parquet").exists()
    assert (out / "service_records_rejects.parquet").exists()


def test_strict_exits_with_1_when_a_row_is_rejected(register: Path, tmp_path: Path) -> None:
    args = ["ingest", "--ats", "pavia", "--layout", "service_records", str(register)]
    result = run(*args, "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 1


def test_strict_exits_with_0_when_every_row_passes(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row()], name="clean.csv")
    args = ["ingest", "--ats", "pavia", "--layout", "service_records", str(path)]
    result = run(*args, "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 0


def test_json_output_carries_the_counts_and_the_failing_cells(
    register: Path, tmp_path: Path
) -> None:
    args = ["ingest", "--ats", "pavia", "--layout", "service_records", str(register)]
    result = run(*args, "--out", str(tmp_path / "out"), "--format", "json")
    payload: dict[str, Any] = json.loads(result.stdout)
    assert (payload["rows_read"], payload["rows_exported"], payload["rows_rejected"]) == (2, 1, 1)
    assert payload["balanced"] is True
    assert payload["findings_by_code"] == {"register-not-in-codelist": 1}
    assert payload["issues"][0] | {"message": ""} == {
        "file": "register.csv",
        "row": 3,
        "record": 2,
        "column": "ATS",
        "value": "lecco",
        "code": "register-not-in-codelist",
        "message": "",
    }


def test_list_shows_the_layouts_and_their_columns(tmp_path: Path) -> None:
    result = run("ingest", "--list")
    assert result.exit_code == 0
    assert "organizations: Organizations (soggetti aderenti) [core]" in result.stdout
    assert "  'Comune ISTAT' → municipality_istat (string, required, istat_municipality)" in (
        result.stdout
    )


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"ID;ATS\x00\x00\xff")
    latin_garbage = tmp_path / "garbage.csv"
    latin_garbage.write_bytes(b"ID;ATS\n\x81\x9d\x90;x\n")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Nome;Cognome\nMario;Rossi\n")
    return {
        "missing file": ([str(tmp_path / "nope.csv")], "nope.csv: no such file"),
        "directory": ([str(tmp_path)], "is a directory"),
        "binary": ([str(binary)], "binary.csv: the file is binary"),
        "undecodable": ([str(latin_garbage)], "neither UTF-8 nor Latin-1"),
        "empty": ([str(empty)], "empty.csv: the file is empty"),
        "wrong columns": ([str(wrong)], "lacks the required column(s) 'ID'"),
    }


@pytest.mark.parametrize(
    "case", ["missing file", "directory", "binary", "undecodable", "empty", "wrong columns"]
)
def test_unreadable_input_is_one_line_naming_the_file_and_exit_2(tmp_path: Path, case: str) -> None:
    files, message = _bad_inputs(tmp_path)[case]
    args = ["ingest", "--ats", "pavia", "--layout", "service_records", *files]
    result = run(*args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ")
    assert message in line
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--ats", "lecco", "Error: unknown ATS 'lecco'; the ATS ids are: milano,"),
        ("--layout", "members", "Error: unknown register layout 'members'; the layouts are:"),
    ],
)
def test_unknown_ats_or_layout_exit_2(
    register: Path, tmp_path: Path, option: str, value: str, message: str
) -> None:
    options = {"--ats": "pavia", "--layout": "service_records", option: value}
    args = [arg for pair in options.items() for arg in pair]
    result = run("ingest", *args, str(register), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layout", "service_records", "x.csv", "--out", "{out}"], "missing option(s): --ats"),
        (["--ats", "pavia", "--layout", "service_records", "--out", "{out}"], "at least one"),
    ],
)
def test_missing_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("ingest", *(a.format(out=tmp_path / "out") for a in args))
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_command_module_does_not_import_pyarrow() -> None:
    import subprocess
    import sys

    code = "import sys, conciliazione.cli.ingest; print('pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_json_output_is_the_summary_as_the_api_gives_it(register: Path, tmp_path: Path) -> None:
    """``--format json`` prints :meth:`IngestSummary.to_dict`: the same values from Python."""
    from conciliazione.registers.ingestion import ingest

    args = ["ingest", "--ats", "pavia", "--layout", "service_records", str(register)]
    printed = json.loads(run(*args, "--out", str(tmp_path / "cli"), "--format", "json").stdout)
    summary = ingest([register], "service_records", tmp_path / "api", ats_id="pavia")
    from_python = json.loads(json.dumps(summary.to_dict()))
    assert printed["outputs"] != from_python["outputs"]  # two different output folders
    assert printed | {"outputs": None} == from_python | {"outputs": None}
