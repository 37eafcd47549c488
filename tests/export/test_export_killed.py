"""An export killed outright (SIGKILL: no clean-up runs) leaves the earlier export as it was,
and the next export tidies up after it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conciliazione.export.atomic import replace_directory

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SLOW_EXPORT = textwrap.dedent(
    """
    import sys, time
    import pyarrow.parquet as pq
    from conciliazione.api import run_export

    real_write = pq.write_table
    written = []

    def slow_write(table, where, *args, **kwargs):
        real_write(table, where, *args, **kwargs)
        written.append(where)
        if len(written) == 3:
            print("MIDWAY", flush=True)
            time.sleep(60)

    pq.write_table = slow_write
    run_export(sys.argv[1])
    """
)


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_killing_an_export_midway_leaves_the_earlier_export_intact(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from conciliazione.api import run_export; run_export(sys.argv[1])",
            str(out),
        ],
        check=True,
    )
    before = _fingerprint(out)
    assert "allocations.parquet" in before

    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "MIDWAY"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    assert _fingerprint(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".exports.tmp-")]
    assert leftovers, "the killed export should have left its staging directory"

    replace_directory(out, lambda staging: (staging / "datapackage.json").write_text("{}"))
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_a_kill_between_the_two_renames_is_undone_by_the_next_export(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "datapackage.json").write_text('{"previous": true}')
    aside = tmp_path / ".exports.old-0123456789ab"
    out.rename(aside)  # the state a kill between the two renames leaves: no exports/ at all
    time.sleep(0.01)

    def failing_build(staging: Path) -> None:
        assert (out / "datapackage.json").read_text() == '{"previous": true}'
        raise RuntimeError("this export fails too")

    with pytest.raises(RuntimeError):
        replace_directory(out, failing_build)
    assert (out / "datapackage.json").read_text() == '{"previous": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]
