"""Exports to report on: the installed plugins' real pages, whole or for a subset of the ATS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conciliazione.api import run_export
from conciliazione.plugins import make_plugin_host
from conciliazione.report import ReportSummary, build_report

Exporter = Callable[..., Path]


@pytest.fixture(scope="session")
def full_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every installed plugin's built-in pages, exported once for the session (read only)."""
    out = tmp_path_factory.mktemp("report") / "export"
    run_export(out, host=make_plugin_host(environ={}))
    return out


@pytest.fixture(scope="session")
def full_report(full_export: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportSummary:
    """The report of :func:`full_export`, built once for the tests that only read it (its
    charts take matplotlib most of a second to draw)."""
    return build_report(full_export, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture
def export_of(tmp_path: Path) -> Exporter:
    """``export_of("pavia", ...)``: an export of those ATS only."""

    def run(*ats: str) -> Path:
        out = tmp_path / ("export-" + "-".join(ats))
        run_export(out, ats=list(ats), host=make_plugin_host(environ={}))
        return out

    return run
