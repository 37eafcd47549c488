"""``conciliazione validate``: findings grouped by severity and code, and the exit code."""

from __future__ import annotations

import json
import os
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from conciliazione.cli.context import CliState

CORE_WARNINGS = 2
"""The core's own data reports two warnings whatever the plugins: the Region's release prints
"117.00" for ATS dell'Insubria (read 117.000), and its "84mila" headline for ATS della Montagna
is not what its lines add up to."""


def _without_core(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if not (r["source_id"] or "").startswith("core:")]


def test_builtin_pages_with_only_a_warning_exit_with_0(invoke: Any, toy_state: CliState) -> None:
    result = invoke("validate", obj=toy_state)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "warning allocation-printed-amount-differs (1)"
    assert lines[2] == "warning allocation-total-differs (1)"
    assert lines[4:] == [
        "warning missing-section (1)",
        "  [pavia] source/pavia:toy.txt.Progetti: page toy.txt has no Progetti: "
        "no list of projects",
        "3 findings (0 error, 3 warning, 0 info): valid",
    ]


def test_an_error_finding_exits_with_1(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "nuova.txt", kit.toy_page("ERRORE: pagina ritirata"))
    result = invoke("validate", "--source", "nuova.txt", obj=toy_state)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "error toy-flagged-page (1)"
    assert lines[1] == "  [pavia] source/pavia:nuova.txt: page nuova.txt is flagged"
    assert (
        lines[-1]
        == f"{1 + CORE_WARNINGS} findings (1 error, {CORE_WARNINGS} warning, 0 info): not valid"
    )


def test_json_is_finding_rows_and_a_summary(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "nuova.txt", kit.toy_page("ERRORE: pagina ritirata"))
    result = invoke("validate", "--source", "nuova.txt", "--format", "json", obj=toy_state)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["summary"] == {
        "error": 1, "warning": CORE_WARNINGS, "info": 0, "total": 1 + CORE_WARNINGS,
        "valid": False,
    }  # fmt: skip
    (row,) = _without_core(payload["findings"])
    assert row["code"] == "toy-flagged-page"
    assert row["severity"] == "error"
    assert row["source_id"] == "pavia:nuova.txt"
    assert set(row) == {
        "code", "severity", "message", "entity", "entity_id", "path", "ats_id", "source_id"
    }  # fmt: skip


def test_a_source_is_routed_to_the_plugin_that_recognises_it(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "copia.txt", kit.toy_page())
    result = invoke("validate", "--source", "copia.txt", "--format", "json", obj=toy_state)
    assert result.exit_code == 0
    assert _without_core(json.loads(result.stdout)["findings"]) == []


def test_an_unrecognised_page_is_refused_and_read_with_force_by_the_single_ats_given(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "nuova.txt", kit.UNRELATED_PAGE)
    refused = invoke("validate", "--source", "nuova.txt", obj=toy_state)
    assert refused.exit_code == 2
    assert "nuova.txt: no installed plugin recognises this page" in refused.stderr
    named = invoke("validate", "--ats", "pavia", "--source", "nuova.txt", obj=toy_state)
    assert named.exit_code == 2
    assert (
        "nuova.txt: not recognised as a page of ATS pavia by the plugin of that ATS: no "
        "installed plugin recognises it (--force reads it as this ATS's page anyway)"
    ) in named.stderr
    forced = invoke("validate", "--ats", "pavia", "--force", "--source", "nuova.txt", obj=toy_state)
    assert forced.exit_code == 0
    assert "page nuova.txt has no Progetti" in forced.stdout


def test_a_page_larger_than_max_page_size_is_refused_unless_the_limit_is_raised(
    invoke: Any, toy_state: CliState, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "grande.txt", kit.toy_page() + "x" * (4 << 20))
    refused = invoke("validate", "--source", "grande.txt", obj=toy_state)
    assert refused.exit_code == 2
    assert "grande.txt: is 4.0 MiB, larger than the maximum page size of 4.0 MiB" in (
        refused.stderr
    )
    raised = invoke("validate", "--max-page-size", "5", "--source", "grande.txt", obj=toy_state)
    assert raised.exit_code == 0, raised.stderr


def test_a_fifo_given_as_a_page_is_refused_at_once(
    invoke: Any, toy_state: CliState, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = invoke("validate", "--source", "pipe.txt", obj=toy_state)
    assert result.exit_code == 2
    assert "pipe.txt: is a FIFO (named pipe), not a regular file" in result.stderr


def test_an_ats_without_a_plugin_is_a_usage_error(invoke: Any, toy_state: CliState) -> None:
    result = invoke("validate", "--ats", "milano", obj=toy_state)
    assert result.exit_code == 2
    assert "no plugin is installed for ATS 'milano' (installed: pavia)" in result.stderr


def test_through_the_entry_point_with_an_installed_plugin(
    run_cli: Any, fake_plugins: Path, tmp_path: Path, kit: Any
) -> None:
    kit.write(tmp_path / "nuova.txt", kit.toy_page("ERRORE: pagina ritirata"))
    process = run_cli(
        "validate", "--source", "nuova.txt", "--format", "json", plugins="toy", path=fake_plugins
    )
    assert process.returncode == 1, process.stderr
    assert json.loads(process.stdout)["summary"]["error"] == 1
    assert process.stderr == ""  # no progress display when stderr is not a terminal


def _installed_ats_plugins() -> int:
    return len(entry_points(group="conciliazione"))


@pytest.mark.skipif(_installed_ats_plugins() < 4, reason="the four ATS plugins are not installed")
def test_the_installed_plugins_builtin_pages_validate(run_cli: Any) -> None:
    process = run_cli("validate", "--format", "json", plugins=None)
    assert process.returncode in (0, 1), process.stderr
    payload = json.loads(process.stdout)
    assert payload["summary"]["valid"] is (process.returncode == 0)
    assert "Traceback" not in process.stderr
