"""The command group: its help, its lazily imported commands, and what start-up imports."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from conciliazione import __version__
from conciliazione.cli.main import COMMANDS, LazyCommand, LazyGroup
from conciliazione.regional import ats_ids

OWN_COMMANDS = ("export", "plugins", "schema", "validate")


def _listed_commands(help_text: str) -> list[str]:
    section = help_text.split("Commands:", 1)[1].split("Exit codes:", 1)[0]
    return re.findall(r"^  (\S+)  ", section, flags=re.MULTILINE)


def test_help_lists_every_command(invoke: Any) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    expected = sorted(COMMANDS)
    assert _listed_commands(result.stdout) == expected
    assert set(OWN_COMMANDS) <= set(expected)


def test_the_lazy_map_names_the_commands_other_modules_provide() -> None:
    assert COMMANDS["allocate"].target == "conciliazione.cli.allocate:allocate"
    assert COMMANDS["ingest"].target == "conciliazione.cli.ingest:ingest"


def test_help_documents_every_exit_code(invoke: Any) -> None:
    text = invoke("--help").stdout
    for line in ("0  success", "1  error-level findings", "2  usage error", "3  internal error"):
        assert line in text
    assert "conciliazione export --out exports/" in text


@pytest.mark.parametrize("command", OWN_COMMANDS)
def test_each_command_documents_its_exit_codes_and_python_equivalent(
    invoke: Any, command: str
) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout
    assert "Python equivalent:" in result.stdout
    assert "2  usage error" in result.stdout


def test_the_ats_option_lists_the_real_ats_ids(invoke: Any) -> None:
    text = " ".join(invoke("validate", "--help").stdout.split())
    match = re.search(r"Only this ATS \(repeatable\): ([^.]+)\.", text)
    assert match is not None
    assert set(match[1].split(", ")) == set(ats_ids())


def test_version(invoke: Any) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"conciliazione, version {__version__}"


def test_an_unknown_command_is_a_usage_error(invoke: Any) -> None:
    result = invoke("frobnicate")
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr


def _group(**lazy: LazyCommand) -> click.Group:
    @click.group(cls=LazyGroup, lazy_commands=lazy)
    def group() -> None:
        """A test group."""

    return group


def test_a_command_whose_module_is_missing_is_a_bug_not_a_hidden_command() -> None:
    """Every command ships with the library: a missing module raises rather than turning into
    "No such command" (which would hide a broken install)."""
    group = _group(ghost=LazyCommand("conciliazione.cli.no_such_module:ghost", "Not there."))
    listing = CliRunner().invoke(group, ["--help"])
    assert listing.exit_code == 0
    assert "ghost" in listing.stdout
    result = CliRunner().invoke(group, ["ghost"])
    assert result.exit_code == 3  # an internal error, not "No such command" (2)
    assert "no_such_module" in result.stderr


def test_a_command_module_is_imported_only_when_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cli_lazy_probe.py").write_text(
        "import click\n"
        "IMPORTED = True\n"
        "@click.command()\n"
        "def probe():\n"
        '    """Probe."""\n'
        '    click.echo("probed")\n',
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cli_lazy_probe", raising=False)
    group = _group(probe=LazyCommand("cli_lazy_probe:probe", "Probe the loader."))
    runner = CliRunner()
    listing = runner.invoke(group, ["--help"])
    assert "probe  Probe the loader." in listing.stdout
    assert "cli_lazy_probe" not in sys.modules
    result = runner.invoke(group, ["probe"])
    assert result.exit_code == 0
    assert result.stdout == "probed\n"


def test_a_broken_command_module_is_an_internal_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cli_broken_probe.py").write_text(
        "import a_library_that_does_not_exist\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    group = LazyGroup(
        "group",
        lazy_commands={"broken": LazyCommand("cli_broken_probe:broken", "Broken.")},
        params=[click.Option(["--debug"], is_flag=True)],
    )
    result = CliRunner().invoke(group, ["broken"])
    assert result.exit_code == 3
    assert "internal error" in result.stderr
    assert "a_library_that_does_not_exist" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    debug = CliRunner().invoke(group, ["--debug", "broken"])
    assert debug.exit_code == 3
    assert "Traceback" in debug.stderr


def _imported_modules(stderr: str) -> set[str]:
    """Top-level names of the modules that ``python -X importtime`` reports."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            names.add(module.split(".")[0])
    return names


def test_help_imports_neither_pyarrow_nor_pydantic(run_cli: Any) -> None:
    process = run_cli("--help", plugins=None, python_args=("-X", "importtime"))
    assert process.returncode == 0, process.stderr
    imported = _imported_modules(process.stderr)
    assert "click" in imported  # the probe works
    assert "pyarrow" not in imported
    assert "pydantic" not in imported
    assert "rich" not in imported


def test_plugins_imports_neither_pyarrow_nor_the_model(run_cli: Any) -> None:
    """Listing plugins needs pluggy and the ATS ids, not the pydantic model or pyarrow."""
    process = run_cli("plugins", plugins=None, python_args=("-X", "importtime"))
    assert process.returncode == 0, process.stderr
    imported = _imported_modules(process.stderr)
    assert "pluggy" in imported
    assert "pyarrow" not in imported
    assert "pydantic" not in imported
