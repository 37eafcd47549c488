"""What the commands import: only what they use, whatever else is installed.

Start-up is most of the time of a small ingest and of the main export, so these tests run each
command in a fresh interpreter and look at ``sys.modules`` afterwards. pandas, NumPy, Polars and
DuckDB are installed in the test environment (the test extra needs them), so a stray import
shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RUN_AND_LIST_MODULES = """
import json, sys
from conciliazione.cli.main import cli
try:
    cli.main(sys.argv[1:], prog_name="conciliazione")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

HEAVY = ("pandas", "polars", "duckdb", "numpy")
NOT_FOR_TEXT_PAGES = ("lxml", "cssselect", "jinja2", "matplotlib", "stdnum")
"""What the export of the built-in pages (text copies) never needs: the HTML parser, the
report's templates and charts, and python-stdnum (the pages give no fiscal code to check)."""


RunPython = Callable[..., dict[str, Any]]


def modules_after(run_python: RunPython, *argv: str) -> set[str]:
    return set(run_python(RUN_AND_LIST_MODULES, *argv)["modules"])


def top_level(modules: set[str]) -> set[str]:
    return {m.partition(".")[0] for m in modules}


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "prestazioni.csv"
    path.write_text(
        "ID;ATS;ID progetto;Tipologia;Comune ISTAT;Codice fiscale ente;Data inizio;Costo EUR\n"
        "SR1;ATS DELLA CITTÀ METROPOLITANA DI MILANO;P1;A;015146;00743110157;01/02/2024;"
        "1.234,56\n"
        "SR2;pavia;P1;Z;15146;00743110158;31/02/2024;-1\n",
        encoding="utf-8",
    )
    return path


def test_the_main_job_imports_neither_pandas_nor_numpy_nor_polars_nor_duckdb(
    tmp_path: Path, run_python: RunPython
) -> None:
    modules = modules_after(run_python, "export", "--out", "exports")
    assert (tmp_path / "exports" / "projects.parquet").is_file()
    assert not top_level(modules) & set(HEAVY)
    assert "pyarrow.dataset" not in modules


def test_the_main_job_over_text_pages_imports_no_html_parser_nor_the_reports_libraries(
    tmp_path: Path, run_python: RunPython
) -> None:
    modules = modules_after(run_python, "export", "--out", "exports")
    assert (tmp_path / "exports" / "catalog.ttl").is_file()
    assert not top_level(modules) & set(NOT_FOR_TEXT_PAGES)
    assert "conciliazione.html_text" in modules  # each page is sniffed, without lxml


def test_a_partitioned_export_imports_no_pyarrow_dataset_either(
    tmp_path: Path, run_python: RunPython
) -> None:
    """The partition files are written one by one with ``pyarrow.parquet``."""
    modules = modules_after(run_python, "export", "--out", "exports", "--partition")
    assert (tmp_path / "exports" / "partitioned" / "acts").is_dir()
    assert "pyarrow.dataset" not in modules
    assert not top_level(modules) & set(HEAVY)


def test_ingest_with_a_core_layout_builds_no_model_and_loads_no_plugin(
    tmp_path: Path, register: Path, run_python: RunPython
) -> None:
    argv = ["ingest", "--ats", "milano", "--layout", "service_records", "--out", "out"]
    modules = modules_after(run_python, *argv, str(register))
    assert (tmp_path / "out" / "service_records.parquet").is_file()
    assert not top_level(modules) & set(HEAVY)
    assert "conciliazione.model" not in modules  # --ats is checked without the dataset
    assert not {m for m in top_level(modules) if m.startswith("conciliazione_ats_")}
    assert "pyarrow.dataset" not in modules
