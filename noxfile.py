"""Developer sessions: ``nox -s tests``, ``nox -s lint``, ``nox -s typecheck``, ``nox -s docs``."""

from __future__ import annotations

import nox

nox.needs_version = ">=2024.3.2"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.default_venv_backend = "venv"

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON_VERSIONS = ["3.11", "3.12", "3.13"]
PLUGINS = [
    "plugins/conciliazione-ats-montagna",
    "plugins/conciliazione-ats-milano",
    "plugins/conciliazione-ats-pavia",
    "plugins/conciliazione-ats-brescia",
]


def _install_project(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec, *(arg for p in PLUGINS for arg in ("-e", p)))


@nox.session(python=PYTHON_VERSIONS[0])
def tests(session: nox.Session) -> None:
    """Run the test suite (core, plugins, exports read back by DuckDB, Polars, pandas)."""
    _install_project(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON_VERSIONS[0])
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install(*PYPROJECT["project"]["optional-dependencies"]["lint"])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON_VERSIONS[0])
def typecheck(session: nox.Session) -> None:
    """mypy, strict on src/, the plugins' src/ and tests/."""
    _install_project(session, "lint")
    session.run("mypy")


@nox.session(python=PYTHON_VERSIONS[0])
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors."""
    _install_project(session, "docs")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(python=PYTHON_VERSIONS[0])
def bench(session: nox.Session) -> None:
    """Run the benchmarks (prints figures; not a test)."""
    _install_project(session, "test")
    session.run("python", "bench/startup.py")
    session.run("python", "bench/registers.py", *session.posargs)
