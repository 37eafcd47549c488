"""``conciliazione plugins``: what is installed, what failed, and the two variables."""

from __future__ import annotations

import json
from typing import Any

from conciliazione.cli import plugins_cmd
from conciliazione.cli.context import CliState
from conciliazione.plugins import DISABLE_ENV, LOAD_ENV, make_plugin_host


def test_lists_a_plugin_with_its_ats_and_what_it_provides(invoke: Any, toy_state: CliState) -> None:
    result = invoke("plugins", obj=toy_state)
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["name", "distribution", "version", "ATS", "provides"]
    assert "toy_conciliazione_plugin" in row
    assert "pavia" in row
    assert "pages, reader, rules" in row


def test_json_lists_plugins_and_failures(invoke: Any, kit: Any) -> None:
    state = CliState(
        host_factory=lambda: make_plugin_host(
            entry_points=False, plugins=[kit.toy_module(), object()]
        )
    )
    result = invoke("plugins", "--json", obj=state)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    (plugin,) = payload["plugins"]
    assert plugin["ats"] == "pavia"
    assert "reader" in plugin["provides"]
    (failure,) = payload["failures"]
    assert failure["name"] == "object"
    assert "conciliazione_register must call register() once" in failure["problem"]


def test_says_so_when_no_plugin_is_loaded(invoke: Any, bare_state: CliState) -> None:
    result = invoke("plugins", obj=bare_state)
    assert result.exit_code == 0
    assert result.stdout.startswith("No ATS plugin is loaded.")


def test_installed_plugins_and_import_failures_through_the_entry_point(
    run_cli: Any, fake_plugins: Any
) -> None:
    process = run_cli("plugins", "--json", plugins="toy,broken", path=fake_plugins)
    assert process.returncode == 0, process.stderr
    payload = json.loads(process.stdout)
    (plugin,) = payload["plugins"]
    assert plugin == {
        "name": "toy",
        "distribution": "toy-conciliazione-plugin",
        "version": "0.1",
        "ats": "pavia",
        "provides": ["pages", "reader", "rules"],
    }
    (failure,) = payload["failures"]
    assert failure["name"] == "broken"
    assert failure["distribution"] == "broken-conciliazione-plugin"
    assert "cannot import" in failure["problem"]
    assert "needs a library that is not installed" in failure["problem"]


def test_text_listing_names_the_failed_plugin_and_reason(run_cli: Any, fake_plugins: Any) -> None:
    process = run_cli("plugins", plugins="toy,broken", path=fake_plugins)
    assert process.returncode == 0
    assert (
        "failed: broken (broken-conciliazione-plugin 0.1): cannot import: ImportError: "
        "needs a library that is not installed" in process.stdout
    )
    assert "CONCILIAZIONE_LOAD_PLUGINS='toy,broken': only these load" in process.stdout


def test_the_disable_variable_hides_a_plugin(run_cli: Any, fake_plugins: Any) -> None:
    process = run_cli(
        "plugins",
        "--json",
        plugins="toy,broken",
        path=fake_plugins,
        env={"CONCILIAZIONE_DISABLE_PLUGINS": "broken"},
    )
    payload = json.loads(process.stdout)
    assert [p["name"] for p in payload["plugins"]] == ["toy"]
    assert payload["failures"] == []


def test_help_explains_both_variables(invoke: Any) -> None:
    text = invoke("plugins", "--help").stdout
    assert f"{LOAD_ENV}=a,b" in text
    assert f"{DISABLE_ENV}=c" in text


def test_the_help_names_the_variables_the_host_reads() -> None:
    # plugins_cmd keeps its own copies so that --help need not import the plugin host.
    assert (plugins_cmd.LOAD_ENV, plugins_cmd.DISABLE_ENV) == (LOAD_ENV, DISABLE_ENV)
