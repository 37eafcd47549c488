"""Which allocator pyarrow uses in an ingest: jemalloc on Linux, unless the user chose one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conciliazione.cli.arrow import MEMORY_POOL_VARIABLE

RUN_AND_SHOW_POOL = """
import sys
from conciliazione.cli.main import cli
try:
    cli.main(sys.argv[1:], prog_name="conciliazione")
except SystemExit:
    pass
import pyarrow
print(pyarrow.default_memory_pool().backend_name)
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="jemalloc is chosen on Linux only"
)


def pool_after_ingest(tmp_path: Path, **env: str) -> str:
    register = tmp_path / "organizzazioni.csv"
    register.write_text("Denominazione\nComune di Pavia\n", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != MEMORY_POOL_VARIABLE} | env
    argv = ["ingest", "--ats", "pavia", "--layout", "organizations", "--out", "out", str(register)]
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_SHOW_POOL, *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=True,
    )
    assert (tmp_path / "out" / "organizations.parquet").is_file(), done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_an_ingest_allocates_with_jemalloc(tmp_path: Path) -> None:
    assert pool_after_ingest(tmp_path) == "jemalloc"


def test_an_allocator_the_user_chose_is_kept(tmp_path: Path) -> None:
    assert pool_after_ingest(tmp_path, **{MEMORY_POOL_VARIABLE: "system"}) == "system"
