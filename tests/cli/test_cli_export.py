"""``conciliazione export``: the main job, its summary, --strict, and unwritable outputs.

The bad-output cases that fail before anything is read are in test_cli_errors.py; these tests
need the writer (:mod:`conciliazione.export.writer`).
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from conciliazione.cli.context import CliState


def test_exports_the_builtin_pages_and_prints_a_summary(
    invoke: Any, toy_state: CliState, tmp_path: Path
) -> None:
    result = invoke("export", "--out", "exports", obj=toy_state)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "exports"
    assert (out / "datapackage.json").is_file()
    assert (out / "sources.parquet").is_file()
    text = result.stdout
    assert "Exported " in text
    assert "sources" in text
    # One warning of the toy page, two of the core's own data (the release's misprint and its
    # "84mila" headline for ATS della Montagna).
    assert "Findings: 0 error, 3 warning, 0 info" in text
    assert f"in {Path('exports')}" in text


def test_error_findings_fail_the_export_only_with_strict(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "nuova.txt", kit.toy_page("ERRORE: pagina ritirata"))
    lenient = invoke("export", "--out", "a", "--source", "nuova.txt", obj=toy_state)
    assert lenient.exit_code == 0, lenient.stderr
    assert "Findings: 1 error" in lenient.stdout
    strict = invoke("export", "--out", "b", "--source", "nuova.txt", "--strict", obj=toy_state)
    assert strict.exit_code == 1
    assert (tmp_path / "b" / "datapackage.json").is_file()  # exported all the same


def test_an_unreadable_source_is_reported_before_writing(
    invoke: Any, toy_state: CliState, tmp_path: Path
) -> None:
    result = invoke("export", "--out", "exports", "--source", "nope.txt", obj=toy_state)
    assert result.exit_code == 2
    assert result.stderr == "Error: nope.txt: no such file\n"
    assert not (tmp_path / "exports").exists()


def test_through_the_entry_point(run_cli: Any, fake_plugins: Path, tmp_path: Path) -> None:
    process = run_cli("export", "--out", "exports", plugins="toy", path=fake_plugins)
    assert process.returncode == 0, process.stderr
    assert "Exported " in process.stdout
    assert (tmp_path / "exports" / "datapackage.json").is_file()
    assert process.stderr == ""


@pytest.mark.skipif(
    len(entry_points(group="conciliazione")) < 4, reason="the four ATS plugins are not installed"
)
def test_the_main_job_exports_every_installed_plugin(run_cli: Any, tmp_path: Path) -> None:
    process = run_cli("export", "--out", "exports/", plugins=None)
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr
    for table in ("ats", "projects", "allocations", "findings", "sources"):
        assert (tmp_path / "exports" / f"{table}.parquet").is_file(), table
        assert table in process.stdout
    assert "Findings: " in process.stdout


@pytest.mark.skipif(
    len(entry_points(group="conciliazione")) < 4, reason="the four ATS plugins are not installed"
)
def test_the_summary_says_how_many_evidence_rows_personal_data_withholds(
    run_cli: Any, tmp_path: Path
) -> None:
    """The count printed is the difference the two exports' ``evidence.parquet`` files show."""
    default = run_cli("export", "--out", "default", plugins=None)
    personal = run_cli("export", "--out", "personal", "--include-personal-data", plugins=None)
    assert default.returncode == personal.returncode == 0, default.stderr + personal.stderr
    found = re.search(
        r"Personal data: (\d+) rows withheld, and (\d+) evidence rows quoting them "
        r"\(--include-personal-data exports them\)",
        default.stdout,
    )
    assert found, default.stdout
    contacts, evidence = (int(n) for n in found.groups())

    def rows(out: str, table: str) -> int:
        return int(pq.read_metadata(tmp_path / out / f"{table}.parquet").num_rows)

    assert contacts == rows("personal", "contacts") - rows("default", "contacts") > 0
    assert evidence == rows("personal", "evidence") - rows("default", "evidence") > 0
    assert "Personal data" not in personal.stdout
