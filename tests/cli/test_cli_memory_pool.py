"""Which allocator pyarrow uses in an ingest: jemalloc on Linux, unless the user chose one."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conciliazione.cli.arrow import MEMORY_POOL_VARIABLE

RUN_AND_SHOW_POOL = """
import json, sys
from conciliazione.cli.main import cli
try:
    cli.main(sys.argv[1:], prog_name="conciliazione")
except SystemExit as exc:
    code = exc.code
import pyarrow
print(json.dumps({"code": code, "pool": pyarrow.default_memory_pool().backend_name}))
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="jemalloc is chosen on Linux only"
)


RunPython = Callable[..., dict[str, Any]]


def pool_after_ingest(tmp_path: Path, run_python: RunPython, **env: str) -> str:
    register = tmp_path / "organizzazioni.csv"
    register.write_text("Denominazione\nComune di Pavia\n", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != MEMORY_POOL_VARIABLE} | env
    argv = ["ingest", "--ats", "pavia", "--layout", "organizations", "--out", "out", str(register)]
    report = run_python(RUN_AND_SHOW_POOL, *argv, env=environment)
    assert (tmp_path / "out" / "organizations.parquet").is_file()
    return str(report["pool"])


def test_an_ingest_allocates_with_jemalloc(tmp_path: Path, run_python: RunPython) -> None:
    assert pool_after_ingest(tmp_path, run_python) == "jemalloc"


def test_an_allocator_the_user_chose_is_kept(tmp_path: Path, run_python: RunPython) -> None:
    chosen = {MEMORY_POOL_VARIABLE: "system"}
    assert pool_after_ingest(tmp_path, run_python, **chosen) == "system"
