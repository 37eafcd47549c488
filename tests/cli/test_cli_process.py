"""The console script's process leaves its start-up objects to the garbage collector no more.

A command's imports leave tens of thousands of long-lived objects that the cyclic collector
would walk over and over, and once more at shutdown (see :mod:`conciliazione.cli.process`).
Only the process the console script starts freezes them; a command called from Python (a
test's ``CliRunner``, a notebook) leaves the collector as it found it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conciliazione.cli.main import cli
from conciliazione.cli.process import start_up

RUN_THE_CONSOLE_SCRIPT = """
import gc, json, sys
from conciliazione.cli.main import main
sys.argv = ["conciliazione", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "frozen": gc.get_freeze_count(), "enabled": gc.isenabled()}))
"""


def test_the_console_script_freezes_what_the_export_built_and_keeps_collecting(
    tmp_path: Path, run_python: Callable[..., dict[str, Any]]
) -> None:
    report = run_python(RUN_THE_CONSOLE_SCRIPT, "export", "--out", "exports")
    assert (tmp_path / "exports" / "projects.parquet").is_file()
    assert report["frozen"] > 10_000  # the modules' functions, classes and constants
    assert report["enabled"]  # garbage made by the work is collected as usual


def test_a_command_called_from_python_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(cli, ["export", "--out", str(tmp_path / "exports")])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_start_up_outside_the_console_script_changes_nothing() -> None:
    frozen = gc.get_freeze_count()
    with start_up():
        assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
