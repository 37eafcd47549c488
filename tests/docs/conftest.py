"""Fixtures for the documentation tests: the generators' modules, and one build of the site.

The site is built once per test session, in a subprocess, with warnings as errors
(``-W --keep-going``: every page is still written, so the content checks can run even when a
warning failed the build, and say what is missing instead of only "the build failed").
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXT = DOCS / "_ext"


@attrs.frozen
class BuiltSite:
    """The result of ``sphinx-build -W --keep-going -b html docs OUT``."""

    returncode: int
    output: str
    html: Path

    def page(self, name: str) -> str:
        return (self.html / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture
def docs_ext(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], ModuleType]:
    """Import a module of ``docs/_ext`` (they import each other by plain name)."""
    monkeypatch.syspath_prepend(str(EXT))

    def load(name: str) -> ModuleType:
        return importlib.import_module(name)

    return load


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    if (
        importlib.util.find_spec("sphinx") is None
        or importlib.util.find_spec("myst_parser") is None
    ):
        pytest.skip("sphinx, myst-parser or furo is not installed (pip install -e .[docs])")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(out / "html"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return BuiltSite(result.returncode, result.stdout + result.stderr, out / "html")
