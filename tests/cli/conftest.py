"""Fixtures for the command-line tests: a throw-away plugin, in-process and real runs.

The throw-away plugin ("toy") adapts ATS Pavia. It ships one page, recognises pages that carry
its mark, reports a missing "Progetti" section as a warning, and has one rule that flags, as an
error, any page whose first line contains "ERRORE". The same source serves both ways of running
the CLI: in-process it is registered directly on a host; in a subprocess it is installed as a
fake distribution on PYTHONPATH, with an entry point, so the real plugin discovery finds it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conciliazione.cli.context import CliState
from conciliazione.cli.main import cli

TOY_MARK = "Pagina di prova del plugin giocattolo"

TOY_PLUGIN_SOURCE = f'''
"""A throw-away ATS plugin for the command-line tests."""

import re

from conciliazione.plugin import AtsAdapter, BuiltinPage, Severity, Violation, hookimpl

MARK = {TOY_MARK!r}
PAGE = MARK + "\\nConciliazione vita-lavoro, ATS di Pavia.\\n"


def read(page, out):
    out.set_source(title=page.lines()[0])
    if "Progetti" not in page.text:
        out.missing_section("Progetti", "no list of projects")


def rules(registry):
    @registry.rule(
        "toy-flagged-page",
        Severity.ERROR,
        "A page flagged as wrong",
        description="The page's first line says ERRORE.",
        fix="Publish a corrected page.",
    )
    def flagged(context):
        for source in context.dataset.sources:
            if source.title and "ERRORE" in source.title:
                yield Violation(f"page {{source.name}} is flagged", source)


@hookimpl
def conciliazione_register(register):
    register(
        AtsAdapter(
            ats_id="pavia",
            pages=[BuiltinPage("toy.txt", text=PAGE)],
            clues=[re.escape(MARK)],
            reader=read,
            rules=rules,
        )
    )
'''

BROKEN_PLUGIN_SOURCE = 'raise ImportError("needs a library that is not installed")\n'

UNRELATED_PAGE = "Orari della biblioteca comunale.\nAperta dal lunedì al venerdì.\n"


def toy_page(first_line: str = TOY_MARK) -> str:
    """A page the toy plugin recognises; put "ERRORE" in the first line to get an error."""
    return f"{first_line}\n{TOY_MARK}\nConciliazione vita-lavoro, ATS di Pavia.\nProgetti: 1\n"


def toy_module() -> types.ModuleType:
    """A fresh module object holding the toy plugin."""
    module = types.ModuleType("toy_conciliazione_plugin")
    exec(compile(TOY_PLUGIN_SOURCE, "toy_conciliazione_plugin.py", "exec"), module.__dict__)
    return module


@pytest.fixture
def toy_state() -> CliState:
    """CLI state whose plugin host has only the toy plugin (no installed plugin)."""
    from conciliazione.plugins import make_plugin_host

    return CliState(
        host_factory=lambda: make_plugin_host(entry_points=False, plugins=[toy_module()])
    )


@pytest.fixture
def bare_state() -> CliState:
    """CLI state whose plugin host has no plugin at all."""
    from conciliazione.plugins import make_plugin_host

    return CliState(host_factory=lambda: make_plugin_host(entry_points=False))


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in-process (click's CliRunner) from ``tmp_path``; ``obj`` sets the state."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, obj: CliState | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), obj=obj, prog_name="conciliazione")

    return run


@pytest.fixture
def run_python(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """Run a Python script in a fresh interpreter, from ``tmp_path``, with arguments (and an
    ``env`` if given): the JSON object its last line prints. A script that reports a ``code``
    other than 0 or None fails the test, with the script's stderr."""

    def run(script: str, *argv: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
        process = subprocess.run(
            [sys.executable, "-c", script, *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        lines = process.stdout.strip().splitlines()
        assert lines, process.stderr
        report: dict[str, Any] = json.loads(lines[-1])
        assert report.get("code") in (0, None), process.stderr
        return report

    return run


@pytest.fixture(scope="session")
def script() -> Path:
    """The installed ``conciliazione`` console script, next to this interpreter."""
    bindir = Path(sys.executable).parent
    path = bindir / ("conciliazione.exe" if os.name == "nt" else "conciliazione")
    assert path.exists(), f"the entry point is not installed in {bindir}"
    return path


def _install_fake_distribution(root: Path, module: str, source: str, entry_point: str) -> None:
    (root / f"{module}.py").write_text(source, encoding="utf-8")
    dist_info = root / f"{module}-0.1.dist-info"
    dist_info.mkdir()
    name = module.replace("_", "-")
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[conciliazione]\n{entry_point} = {module}\n", encoding="utf-8"
    )


@pytest.fixture
def fake_plugins(tmp_path: Path) -> Path:
    """A directory holding two fake plugin distributions: ``toy`` and ``broken``."""
    root = tmp_path / "fake-site"
    root.mkdir()
    _install_fake_distribution(root, "toy_conciliazione_plugin", TOY_PLUGIN_SOURCE, "toy")
    _install_fake_distribution(root, "broken_conciliazione_plugin", BROKEN_PLUGIN_SOURCE, "broken")
    return root


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(script: Path, tmp_path: Path) -> Run:
    """Run the installed entry point as a real subprocess, from ``tmp_path``.

    ``plugins`` is the value of CONCILIAZIONE_LOAD_PLUGINS (default ``""``: no installed plugin
    loads, so results do not depend on what else is installed); ``None`` leaves it unset.
    ``path`` is prepended to PYTHONPATH (for the fake plugin distributions).
    """

    def run(
        *args: str,
        plugins: str | None = "",
        path: Path | None = None,
        env: dict[str, str] | None = None,
        python_args: tuple[str, ...] = (),
    ) -> subprocess.CompletedProcess[str]:
        environ = {
            k: v
            for k, v in os.environ.items()
            if k not in ("CONCILIAZIONE_LOAD_PLUGINS", "CONCILIAZIONE_DISABLE_PLUGINS")
            and k != "CONCILIAZIONE_DEBUG"
        }
        environ["PYTHONIOENCODING"] = "utf-8"
        if plugins is not None:
            environ["CONCILIAZIONE_LOAD_PLUGINS"] = plugins
        if path is not None:
            environ["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(path), environ.get("PYTHONPATH", "")) if p
            )
        environ.update(env or {})
        command: list[str] = [str(script), *args]
        if python_args:
            command = [sys.executable, *python_args, *command]
        return subprocess.run(
            command, capture_output=True, text=True, env=environ, cwd=tmp_path, timeout=120
        )

    return run


class CliKit:
    """Helpers the tests reach through the ``kit`` fixture (test modules cannot import this
    conftest under ``--import-mode=importlib``)."""

    TOY_MARK = TOY_MARK
    TOY_PLUGIN_SOURCE = TOY_PLUGIN_SOURCE
    UNRELATED_PAGE = UNRELATED_PAGE

    @staticmethod
    def toy_page(first_line: str = TOY_MARK) -> str:
        return toy_page(first_line)

    @staticmethod
    def toy_module() -> types.ModuleType:
        return toy_module()

    @staticmethod
    def write(path: Path, data: str | bytes) -> Path:
        """Write a file (text as UTF-8) and return its path."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    @staticmethod
    def combined(result: Any) -> str:
        """Everything a user sees: stdout and stderr of a CliRunner result or a process."""
        if isinstance(result, Result):
            return result.stdout + result.stderr
        return str(result.stdout) + str(result.stderr)


@pytest.fixture
def kit() -> type[CliKit]:
    return CliKit
