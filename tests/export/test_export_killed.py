"""Publishing has no window: a run killed inside the publish step leaves the previous output,
a reader polling the output never sees it missing or mixed, and concurrent runs serialise.

The kills are made at the publish step's named points through the fault hook
(``CONCILIAZIONE_FAULT=<point>:kill|pause``), not at random times.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conciliazione.export.publish import (
    FAULT_ENV,
    FAULT_POINTS,
    current_version,
    publish_directory,
    versions_dir,
)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

PUBLISH = textwrap.dedent(
    """
    import json, sys
    from conciliazione.export.publish import publish_directory

    def build(staging):
        for name in ("a.txt", "b.txt"):
            (staging / name).write_text(sys.argv[2])
        (staging / "datapackage.json").write_text(json.dumps({"run": sys.argv[2]}))

    for n in range(int(sys.argv[3]) if len(sys.argv) > 3 else 1):
        publish_directory(sys.argv[1], build)
    """
)


def _publish(
    out: Path, run: str, *, fault: str | None = None, times: int = 1
) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.Popen(
        [sys.executable, "-c", PUBLISH, str(out), run, str(times)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _run(out: Path, run: str, *, fault: str | None = None, times: int = 1) -> int:
    """Publish in a subprocess and wait; the exit status (negative: the signal)."""
    process = _publish(out, run, fault=fault, times=times)
    _, err = process.communicate(timeout=120)
    assert process.returncode in (0, -signal.SIGKILL), err
    return process.returncode


def _contents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(out.iterdir())}


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_run_killed_at_each_point_of_the_publish_leaves_one_whole_output(
    tmp_path: Path, point: str
) -> None:
    out = tmp_path / "out"
    assert _run(out, "first") == 0
    assert _run(out, "second", fault=f"{point}:kill") == -signal.SIGKILL
    seen = _contents(out)
    expected = "second" if point == "swapped" else "first"
    assert seen == {
        "a.txt": expected,
        "b.txt": expected,
        "datapackage.json": json.dumps({"run": expected}),
    }
    assert _run(out, "third") == 0  # and the next run tidies up
    assert _contents(out)["a.txt"] == "third"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", ".out.versions", "out"]
    assert not [p for p in versions_dir(out).iterdir() if p.name.startswith(".staging-")]
    assert current_version(out) in list(versions_dir(out).iterdir())


def test_killing_a_real_export_inside_the_publish_leaves_the_earlier_export(
    tmp_path: Path,
) -> None:
    out = tmp_path / "exports"
    export = "import sys; from conciliazione.api import run_export; run_export(sys.argv[1])"
    subprocess.run([sys.executable, "-c", export, str(out)], check=True, timeout=120)
    before = _fingerprint(out)
    assert "allocations.parquet" in before
    env = {**os.environ, FAULT_ENV: "linked:kill"}
    killed = subprocess.run([sys.executable, "-c", export, str(out)], env=env, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert _fingerprint(out) == before


def test_a_reader_polling_during_repeated_publishes_never_sees_no_output_or_a_mix(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert _run(out, "run-0") == 0
    problems: list[str] = []
    reads = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                json.loads((out / "datapackage.json").read_text())  # through the link
                version = Path(os.path.realpath(out))
                seen = {(version / n).read_text() for n in ("a.txt", "b.txt")}
                seen.add(json.loads((version / "datapackage.json").read_text())["run"])
            except (OSError, ValueError) as exc:
                problems.append(f"{type(exc).__name__}: {exc}")
                continue
            if len(seen) != 1:
                problems.append(f"mixed: {sorted(seen)}")
            reads += 1

    readers = [threading.Thread(target=poll) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        writers = [_publish(out, f"run-{n}", times=15) for n in (1, 2)]
        for writer in writers:
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert problems == []
    assert reads > 0


def test_concurrent_runs_serialise_and_never_delete_each_others_staging(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert _run(out, "first") == 0
    paused = _publish(out, "paused", fault="staged:pause")
    try:
        assert paused.stderr is not None
        assert paused.stderr.readline().strip() == "FAULT staged"
        staging = [p for p in versions_dir(out).iterdir() if p.name.startswith(".staging-")]
        waiting = _publish(out, "waiting")
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=1)  # it waits for the lock: it has not touched the staging
        assert all(p.is_dir() for p in staging)
        assert _contents(out)["a.txt"] == "first"
    finally:
        paused.kill()
        paused.wait(timeout=30)
        if paused.stderr is not None:
            paused.stderr.close()
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err  # the lock died with the paused run
    assert _contents(out)["a.txt"] == "waiting"


def test_two_runs_started_together_both_publish(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [_publish(out, f"run-{n}", times=3) for n in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert _contents(out)["a.txt"] in {"run-0", "run-1", "run-2"}


def test_a_legacy_output_directory_becomes_a_link_and_its_content_the_previous_version(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage.json").write_text('{"previous": true}')
    publish_directory(out, lambda staging: (staging / "datapackage.json").write_text("{}"))
    assert out.is_symlink()
    assert (out / "datapackage.json").read_text() == "{}"
    kept = [p for p in versions_dir(out).iterdir() if (p / "datapackage.json").is_file()]
    assert {(p / "datapackage.json").read_text() for p in kept} == {"{}", '{"previous": true}'}


def test_files_and_directories_follow_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        publish_directory(out, lambda staging: (staging / "datapackage.json").write_text("{}"))
    finally:
        os.umask(old)
    version = current_version(out)
    assert version is not None
    assert version.stat().st_mode & 0o777 == 0o755
    assert (version / "datapackage.json").stat().st_mode & 0o777 == 0o644


def test_versions_replaced_long_enough_ago_are_deleted_keeping_the_one_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conciliazione.export import publish

    monkeypatch.setattr(publish, "GRACE_SECONDS", -1)
    out = tmp_path / "out"
    for run in ("1", "2", "3", "4"):

        def build(staging: Path, run: str = run) -> int:
            return (staging / "datapackage.json").write_text(run)

        publish_directory(out, build)
    kept = sorted((p / "datapackage.json").read_text() for p in versions_dir(out).iterdir())
    assert kept == ["3", "4"]
