"""Every command is options → one API call → rendering, and the docs say which call.

The table of ``docs/reference/python-equivalents.md`` names, for each command, the public
function it wraps. These tests check that every command has a row, that every name in the
table exists, and that invoking the command calls the function its row names first — so the
table cannot drift from what the commands do.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from conciliazione.cli.main import cli

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "python-equivalents.md"
ROLE = re.compile(r"\{py:(?:func|class|meth)\}`~?([\w.]+)`")


def rows() -> dict[str, list[str]]:
    """Command name → the Python names its row cites, in order."""
    found: dict[str, list[str]] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `conciliazione (\w+)` \|(.*)\|\s*$", line)
        if match:
            found[match.group(1)] = ROLE.findall(match.group(2))
    return found


def resolve(dotted: str) -> Any:
    """The object a dotted name cites, as Python would see it: attributes first (a package's
    ``reconcile`` is its function, not its submodule), a submodule only where none exists."""
    parts = dotted.split(".")
    value: Any = importlib.import_module(parts[0])
    for index, name in enumerate(parts[1:], start=1):
        if not hasattr(value, name):
            importlib.import_module(".".join(parts[: index + 1]))
        value = getattr(value, name)
    return value


def commands() -> list[str]:
    return sorted(cli.list_commands(click.Context(cli, info_name="conciliazione")))


def test_every_command_has_a_row() -> None:
    assert sorted(rows()) == commands()


@pytest.mark.parametrize(
    "dotted", sorted({name for names in rows().values() for name in names}), ids=str
)
def test_every_name_in_the_table_exists(dotted: str) -> None:
    assert callable(resolve(dotted))


class Called(Exception):
    """Raised by the stand-in for the documented function: the command got that far."""


def arguments(command: str, tmp: Path) -> list[str]:
    """Just enough arguments for each command to reach its API call."""
    return {
        "plugins": [],
        "validate": [],
        "export": ["--out", str(tmp / "out")],
        "schema": [],
        "allocate": ["--total", "1000", "--population", str(tmp / "p.csv"), "--years", "2022"],
        "ingest": [
            str(tmp / "m.csv"),
            "--layout",
            "organizations",
            "--ats",
            "pavia",
            "--out",
            str(tmp),
        ],
        "fetch": ["--snapshots", str(tmp / "snap")],
        "explain": ["some-record"],
        "diff": [str(tmp), str(tmp)],
        "report": [str(tmp), "--out", str(tmp / "report")],
    }[command]


@pytest.mark.parametrize("command", commands())
def test_the_command_calls_the_function_its_row_names_first(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rows()[command][0]
    module_name, _, name = first.rpartition(".")
    module = resolve(module_name)
    calls: list[tuple[Any, ...]] = []

    def stand_in(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise Called(first)

    documented = getattr(module, name)
    monkeypatch.setattr(module, name, stand_in)
    home = importlib.import_module(documented.__module__)  # where it is defined, if elsewhere
    if getattr(home, name, None) is documented:
        monkeypatch.setattr(home, name, stand_in)
    result = CliRunner().invoke(cli, [command, *arguments(command, tmp_path)])
    assert calls, f"`conciliazione {command}` did not call {first}: {result.output}"
