"""A reader that goes away early (``conciliazione schema | head -1``) ends the command quietly,
with the SIGPIPE status 141: never a traceback, never the 1 that means error findings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> str:
    beside = Path(sys.executable).with_name("conciliazione")
    found = str(beside) if beside.exists() else shutil.which("conciliazione")
    if found is None:
        pytest.skip("the conciliazione entry point is not installed")
    return found


def test_a_closed_output_pipe_ends_the_command_with_141_and_no_traceback() -> None:
    child = subprocess.Popen(
        [_script(), "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # before the command has written anything: its first write fails
    stderr = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=60) == 141
    assert "Traceback" not in stderr
    assert "Error" not in stderr
