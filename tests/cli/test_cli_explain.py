"""``conciliazione explain``: the command over :func:`conciliazione.api.explain`."""

from __future__ import annotations

import json
from typing import Any

import conciliazione_ats_pavia
import pytest

from conciliazione.cli.context import CliState
from conciliazione.plugins import make_plugin_host


@pytest.fixture
def pavia_state() -> CliState:
    return CliState(
        host_factory=lambda: make_plugin_host(entry_points=False, plugins=[conciliazione_ats_pavia])
    )


def test_explains_a_record_line_by_line(invoke: Any, pavia_state: CliState) -> None:
    result = invoke("explain", "pavia:allocation:dgr-xi-2398-2019-2022", obj=pavia_state)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("allocation pavia:allocation:dgr-xi-2398-2019-2022 (source pavia:")
    assert "  amount_eur = 54260.00" in lines
    assert any(line.startswith("      read from «54.260,00» [") for line in lines)


def test_json_for_pipelines(invoke: Any, pavia_state: CliState) -> None:
    result = invoke("explain", "pavia:plan:2020-2023", "--format", "json", obj=pavia_state)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entity"] == "plan"


def test_an_unknown_id_is_a_usage_error_with_suggestions(
    invoke: Any, pavia_state: CliState
) -> None:
    result = invoke("explain", "pavia:plan:2020-2022", obj=pavia_state)
    assert result.exit_code == 2
    assert "did you mean pavia:plan:2020-2023?" in result.stderr
    assert "Traceback" not in result.output
