"""Replace a directory all at once: build the new one aside, then swap it into place.

An export is built in a sibling temporary directory ``.<name>.tmp-<random>`` (same parent, so
the final move is a rename on one file system). Only when every file is written does the swap
happen: the previous directory is renamed aside (``.<name>.old-<random>``), the new one renamed
into place, and the old one deleted. Any failure before the swap — an exception, a full disk,
Ctrl-C — deletes the temporary directory and leaves the previous export exactly as it was.

A process killed outright (``SIGKILL``, power loss) runs no clean-up, so the next export does
it first: it deletes the leftover ``.<name>.tmp-*`` directories, and if the kill fell between
the two renames of the swap (the previous export renamed aside, the new one not yet in place),
it renames the previous export back before doing anything else. Two exports into the same
directory at the same time are not supported.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from conciliazione.errors import ExportError

T = TypeVar("T")

MARKER = "datapackage.json"
"""The file that tells an export directory from any other directory."""


def replace_directory(out: Path, build: Callable[[Path], T]) -> T:
    """Run ``build(staging_dir)`` and, if it returns, make ``staging_dir`` become ``out``.

    Raises :class:`ExportError` naming ``out`` when it is a file, a directory that is not a
    previous export, or when its parent cannot be written; ``OSError`` from ``build`` becomes
    an :class:`ExportError` too. Other exceptions (bugs, ``KeyboardInterrupt``) propagate after
    the clean-up.
    """
    _recover_interrupted(out)
    _check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the export here: {exc}") from exc
    try:
        result = build(staging)
        _swap(staging, out)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"{out}: export failed, the previous export is intact: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _recover_interrupted(out: Path) -> None:
    """Undo what a killed export left behind: staging directories, a half-done swap."""
    parent = out.parent
    if not parent.is_dir():
        return
    for stale in parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    asides = sorted(parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if asides and not out.exists() and (asides[-1] / MARKER).is_file():
        asides.pop().rename(out)
    for leftover in asides:
        shutil.rmtree(leftover, ignore_errors=True)


def _check_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"{out}: exists and is not a directory; choose another output path")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(
            f"{out}: is a non-empty directory without {MARKER}, not a previous export; "
            "refusing to replace it"
        )


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    aside = out.parent / f".{out.name}.old-{secrets.token_hex(6)}"
    out.rename(aside)
    try:
        staging.rename(out)
    except BaseException:
        if not out.exists():
            aside.rename(out)
        raise
    shutil.rmtree(aside, ignore_errors=True)
