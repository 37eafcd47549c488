"""The one way outputs are published: a complete new version, made visible in one step.

``export``, ``ingest`` and ``allocate --out DIR`` all publish through :func:`publish_directory`.
An output directory ``OUT`` is a symbolic link to the current version::

    OUT -> .OUT.versions/<version id>           what readers open
    .OUT.versions/<version id>/                  every published version still kept
    .OUT.versions/.staging-<random>/             a version being written
    .OUT.lock                                    held while one run publishes

A publish builds the whole new version in a staging directory, renames it to its version id,
and then replaces the link ``OUT`` with a link to it (a new link renamed over the old one:
``rename(2)`` is atomic). So at every instant ``OUT`` names one complete version — never
nothing, never a mix of two runs — and a run killed at any point (even ``SIGKILL``) leaves the
previous version in place. A replaced version is kept for :data:`GRACE_SECONDS` (and always
the one before the current), so a reader that resolved ``OUT`` (``os.path.realpath``) just
before a swap can finish reading the version it started on: to read several files of one
version, resolve ``OUT`` once and read below it.

Runs that publish to the same ``OUT`` serialise on an exclusive ``fcntl`` lock of
``.OUT.lock``: the second waits for the first, then publishes after it. Clean-up of what killed
runs left (staging directories, links, versions no longer kept) happens only while holding the
lock, so a run never deletes another's staging.

An ``OUT`` that is a plain directory written by an earlier version of this library (one with a
``datapackage.json``, or only Parquet files) is converted on the first publish: on Linux by
exchanging it with the link in one ``renameat2(RENAME_EXCHANGE)``, elsewhere by a rename and a
link (the only case with a brief window, once). A non-empty directory that is not an output is
never replaced.

Files are created with the permissions the umask allows (``0666``/``0777`` masked), like any
other program's output, and each published directory has its ``datapackage.json``.

For tests, ``CONCILIAZIONE_FAULT=<point>:<action>`` stops a publish at a named point —
``staged`` (version written, not yet named), ``named`` (version named, link not yet made),
``linked`` (new link made, not yet swapped), ``swapped`` (swapped, old versions not yet
pruned) — with ``kill`` (the process kills itself with ``SIGKILL``) or ``pause`` (it prints
``FAULT <point>`` on stderr and sleeps until killed).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from conciliazione import __version__
from conciliazione.errors import ConciliazioneError, ExportError

T = TypeVar("T")

MARKER = "datapackage.json"
"""The file every published directory holds, and that tells an output from another directory."""

KEEP_VERSIONS = 2
"""Versions always kept: the current one and the one before."""

GRACE_SECONDS = 60
"""A replaced version is also kept this long after it was replaced, so that a reader that
resolved the link just before a swap can finish, however quickly runs follow each other."""

FAULT_ENV = "CONCILIAZIONE_FAULT"
FAULT_POINTS = ("staged", "named", "linked", "swapped")


def versions_dir(out: Path) -> Path:
    """Where the versions of ``out`` live: ``.OUT.versions`` beside it."""
    return out.parent / f".{out.name}.versions"


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def current_version(out: Path) -> Path | None:
    """The directory ``out`` shows now (a plain directory, for a legacy output), or ``None``."""
    if out.is_symlink():
        target = out.parent / os.readlink(out)
        return target if target.is_dir() else None
    return out if out.is_dir() else None


def publish_directory(out: str | Path, build: Callable[[Path], T]) -> T:
    """Run ``build(staging)`` and publish what it wrote there as the new version of ``out``.

    ``build`` gets an empty directory and the current version (via :func:`current_version`,
    for a publish that carries files over). Raises :class:`ExportError` naming ``out`` when it
    cannot be published there (a file, a foreign directory, no write permission); ``OSError``
    from ``build`` becomes an :class:`ExportError` naming the path. Any failure leaves the
    current version as it was.
    """
    target = Path(out)
    _check_target(target)
    versions = versions_dir(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        versions.mkdir(exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the output here: {_reason(exc)}") from None
    with _locked(target):
        _check_target(target)  # again: another run may have published while this one waited
        _tidy(target)
        staging = Path(_mkdtemp(versions, ".staging-", target))
        try:
            try:
                result = build(staging)
            except ConciliazioneError:
                raise  # an input error (SourceError is an OSError too) or an ExportError
            except OSError as exc:
                what = f"cannot write {exc.filename}" if exc.filename else "cannot write the output"
                raise ExportError(
                    f"{target}: {what} ({_reason(exc)}); the previous output is intact"
                ) from None
            _fault("staged")
            _swap_in(target, staging)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        _fault("swapped")
        _prune(target)
    return result


def publish_file(path: str | Path, write: Callable[[Path], T]) -> T:
    """Publish one file (``allocate --out FILE``): ``write(temporary)`` writes it beside
    ``path``, and one rename puts it in place — under the same lock, with the same fault points
    (``staged`` then ``swapped``) and the same clean-up as a directory. A reader sees the old
    file or the new one, never a part. A single file has no ``datapackage.json``: publish a
    directory to get one."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a directory; give a file name or publish a directory")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the file here: {_reason(exc)}") from None
    with _locked(target):
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        temporary = target.parent / f".{target.name}.tmp-{secrets.token_hex(6)}"
        try:
            try:
                with writing(temporary):
                    result = write(temporary)
                _fault("staged")
                os.replace(temporary, target)
            except ConciliazioneError:
                raise
            except OSError as exc:
                raise ExportError(
                    f"{target}: cannot write the file ({_reason(exc)}); the previous file is intact"
                ) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        _fault("swapped")
    return result


def _swap_in(target: Path, staging: Path) -> None:
    versions = versions_dir(target)
    version = versions / _version_id()
    try:
        staging.rename(version)
        _fault("named")
        link = target.parent / f".{target.name}.link-{secrets.token_hex(6)}"
        link.symlink_to(os.path.relpath(version, target.parent))
        _fault("linked")
        previous = current_version(target)
        if target.is_dir() and not target.is_symlink():
            _replace_legacy_directory(target, link, versions)
        else:
            os.replace(link, target)
        if previous is not None and previous.exists():
            os.utime(previous)  # when it was replaced: :func:`_prune` keeps it a while
    except OSError as exc:
        raise ExportError(
            f"{target}: cannot publish the output ({_reason(exc)}); the previous output is intact"
        ) from None


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Make an ``OSError`` raised while writing ``path`` name it (pyarrow's do not), so that
    "No space left on device" says where."""
    try:
        yield
    except OSError as exc:
        if exc.filename or isinstance(exc, ConciliazioneError):
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def publish_metadata(
    inputs: Mapping[str, str], moment: datetime | None = None, **extra: str
) -> dict[str, str]:
    """The metadata every published file carries, whatever wrote it: ``library_version``,
    ``source_checksums`` (JSON: input name → SHA-256), ``exported_at`` (ISO 8601, UTC), and
    ``extra`` keys (the export adds its schema version, plugins and guidelines)."""
    when = (moment or datetime.now(UTC)).astimezone(UTC)
    checksums = json.dumps(dict(inputs), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {
        "library_version": __version__,
        **extra,
        "source_checksums": checksums,
        "exported_at": when.isoformat(timespec="microseconds"),
    }


def carry_over(current: Path | None, staging: Path, replaced: Iterable[str]) -> list[str]:
    """Put into ``staging`` every entry of the current version except ``replaced`` names and
    the descriptor, as hard links (copies where links are not possible); the names carried."""
    if current is None:
        return []
    skip = {*replaced, MARKER}
    carried = []
    for entry in sorted(current.iterdir()):
        if entry.name in skip:
            continue
        destination = staging / entry.name
        if entry.is_dir():
            shutil.copytree(entry, destination, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(destination))
        carried.append(entry.name)
    return carried


def _link_or_copy(source: str, destination: str) -> str:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return destination


def _version_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{secrets.token_hex(3)}"


def _replace_legacy_directory(target: Path, link: Path, versions: Path) -> None:
    """Turn an output written as a plain directory into a link, keeping the old content as a
    version (it is the previous output until the next publish)."""
    if _exchange(link, target):
        link.rename(versions / f"{_version_id()}-legacy")  # ``link`` now names the old directory
        return
    target.rename(versions / f"{_version_id()}-legacy")
    os.replace(link, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only for this rare swap: not worth its import on every publish
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _check_target(target: Path) -> None:
    if target.is_symlink():
        pointed = os.readlink(target)
        inside = Path(os.path.normpath(target.parent / pointed)).parent
        if inside != Path(os.path.normpath(versions_dir(target))):
            raise ExportError(
                f"{target}: is a symbolic link to {pointed}, not an output published here; "
                "choose another output path"
            )
        return
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: exists and is not a directory; choose another output path")
    if target.is_dir() and not _is_legacy_output(target):
        raise ExportError(
            f"{target}: is a non-empty directory without {MARKER}, not a previous output; "
            "refusing to replace it"
        )


def _is_legacy_output(directory: Path) -> bool:
    """An empty directory, one with a ``datapackage.json``, or one holding only the Parquet
    files that ``ingest`` wrote before outputs had a descriptor."""
    entries = list(directory.iterdir())
    if not entries or (directory / MARKER).is_file():
        return True
    return all(e.is_file() and e.suffix == ".parquet" for e in entries)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``target`` (waiting for another run to finish)."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): no lock
        yield
        return
    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise ExportError(f"{path}: cannot take the output's lock: {_reason(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _tidy(target: Path) -> None:
    """Remove what killed runs left: staging directories and links (the lock is held, so no
    other run is writing them)."""
    versions = versions_dir(target)
    for stale in versions.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for link in target.parent.glob(f".{target.name}.link-*"):
        with contextlib.suppress(OSError):
            link.unlink()


def _prune(target: Path) -> None:
    """Delete the versions replaced more than :data:`GRACE_SECONDS` ago, except the current
    one and the one before it."""
    versions = versions_dir(target)
    current = current_version(target)
    kept = sorted(
        (p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    keep = {p.name for p in kept[-KEEP_VERSIONS:]}
    if current is not None:
        keep.add(current.name)
    now = time.time()
    for old in kept:
        if old.name in keep:
            continue
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > GRACE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)


def _mkdtemp(directory: Path, prefix: str, target: Path) -> str:
    import tempfile

    try:
        path = tempfile.mkdtemp(prefix=prefix, dir=directory)
        os.chmod(path, 0o777 & ~_umask())
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the output here: {_reason(exc)}") from None
    return path


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (``os.umask``
    sets it, which would race with threads creating files)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("Umask:"))[6:], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fault(point: str) -> None:
    """The test hook described in the module's documentation."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    where, _, action = spec.partition(":")
    if where != point:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if action == "pause":
        print(f"FAULT {point}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


__all__ = [
    "FAULT_ENV",
    "FAULT_POINTS",
    "GRACE_SECONDS",
    "KEEP_VERSIONS",
    "MARKER",
    "carry_over",
    "current_version",
    "lock_path",
    "publish_directory",
    "publish_file",
    "publish_metadata",
    "versions_dir",
    "writing",
]
