"""Dated snapshots of the ATS pages: the bytes as served, and what is known about them.

Why: a page on the web changes without notice, so an export built from it straight off the web
could not be built again. ``conciliazione fetch`` stores each download as a snapshot, and
``export --snapshots DIR`` reads the latest snapshot of each page: the run is reproducible
offline, and two snapshots of one page can be exported and compared (``conciliazione diff``).

A snapshot directory holds, for each page, one pair of files per download::

    DIR/<ats_id>/<page name>/<UTC time>.html    the bytes as served (.txt for a text page)
    DIR/<ats_id>/<page name>/<UTC time>.json    address, retrieval time, HTTP Date, ETag,
                                                Last-Modified, content type, SHA-256

``<page name>`` is the name of the plugin's page (``003_cc3c723282e7ce42.txt``), so that the
records read from any snapshot of it keep the page's ``source_id``. The metadata file is written
last, each file atomically: a snapshot without its metadata does not exist, and a failed or
killed download leaves the earlier snapshots as they were.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from conciliazione import __version__
from conciliazione.documents import HTML, Document, document_from_bytes
from conciliazione.errors import SourceError
from conciliazione.fetching import Fetched, FetchError, FetchLimits, fetch_page

__all__ = [
    "FetchRun",
    "Snapshot",
    "fetch_snapshots",
    "latest_snapshot",
    "read_snapshot",
    "readable_page",
    "save_snapshot",
    "snapshot_documents",
]

_STAMP = "%Y%m%dT%H%M%S%fZ"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


@attrs.frozen
class Snapshot:
    """One stored download of one page."""

    ats_id: str
    page: str
    """The name of the plugin's page it is a copy of."""
    data_path: Path
    metadata_path: Path
    metadata: dict[str, Any]

    @property
    def address(self) -> str:
        return str(self.metadata["address"])

    @property
    def retrieved_at(self) -> datetime:
        return datetime.fromisoformat(self.metadata["retrieved_at"])


def _page_dir(directory: Path, ats_id: str, page: str) -> Path:
    for part in (ats_id, page):
        if not _SAFE_NAME.match(part) or part in (".", ".."):
            raise ValueError(f"{part!r} cannot name a snapshot directory")
    return directory / ats_id / page


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_snapshot(directory: str | Path, ats_id: str, page: str, fetched: Fetched) -> Snapshot:
    """Store a download as the newest snapshot of ``ats_id``'s page ``page``."""
    folder = _page_dir(Path(directory), ats_id, page)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = fetched.retrieved_at.strftime(_STAMP)
    suffix = ".html" if fetched.media_type != "text/plain" else ".txt"
    data_path = folder / f"{stamp}{suffix}"
    metadata_path = folder / f"{stamp}.json"
    metadata: dict[str, Any] = {
        "ats_id": ats_id,
        "page": page,
        "address": fetched.address,
        "final_address": fetched.final_address,
        "retrieved_at": fetched.retrieved_at.isoformat(),
        "file": data_path.name,
        "bytes": len(fetched.data),
        "sha256": fetched.sha256,
        "http": {
            "status": fetched.status,
            "content_type": fetched.media_type,
            "charset": fetched.charset,
            "date": fetched.http_date,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
        },
        "fetched_by": f"conciliazione {__version__}",
    }
    _write_atomically(data_path, fetched.data)
    text = json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
    _write_atomically(metadata_path, text.encode("utf-8"))
    return Snapshot(ats_id, page, data_path, metadata_path, metadata)


def latest_snapshot(directory: str | Path, ats_id: str, page: str) -> Snapshot | None:
    """The newest snapshot of a page, or ``None`` when it has none.

    A metadata file that cannot be read is a :class:`SourceError` naming it: skipping it would
    quietly read an older copy of the page.
    """
    folder = _page_dir(Path(directory), ats_id, page)
    if not folder.is_dir():
        return None
    candidates = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    if not candidates:
        return None
    metadata_path = candidates[-1]
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        data_path = folder / str(metadata["file"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(str(metadata_path), f"not a snapshot's metadata: {exc}") from None
    return Snapshot(ats_id, page, data_path, metadata_path, metadata)


def read_snapshot(snapshot: Snapshot) -> Document:
    """The page of a snapshot as a :class:`Document`: its address and retrieval time included.

    Its bytes must still have the SHA-256 the metadata recorded, or the snapshot was altered
    since the download: a :class:`SourceError`.
    """
    try:
        data = snapshot.data_path.read_bytes()
    except OSError as exc:
        raise SourceError(str(snapshot.data_path), f"cannot be read: {exc.strerror}") from None
    http = snapshot.metadata.get("http") or {}
    document = document_from_bytes(
        snapshot.page,
        data,
        path=str(snapshot.data_path),
        address=snapshot.address,
        retrieved_at=snapshot.retrieved_at,
        media_type=HTML if http.get("content_type") != "text/plain" else "text/plain",
        charset=http.get("charset"),
    )
    if document.sha256 != snapshot.metadata.get("sha256"):
        raise SourceError(
            str(snapshot.data_path),
            "its SHA-256 is not the one recorded when it was downloaded: the snapshot was altered",
        )
    return document


def readable_page(fetched: Fetched, name: str | None = None) -> Document:
    """The downloaded page as a :class:`Document`; a page that cannot be read (not UTF-8 nor
    the declared charset, binary, no text in its content) is a :class:`FetchError`, so that it
    is never stored as the page's newest snapshot."""
    try:
        return document_from_bytes(
            name or _name_of(fetched.address),
            fetched.data,
            address=fetched.address,
            retrieved_at=fetched.retrieved_at,
            media_type=HTML if fetched.media_type != "text/plain" else "text/plain",
            charset=fetched.charset,
        )
    except SourceError as exc:
        raise FetchError(fetched.address, exc.problem) from None


def _name_of(address: str) -> str:
    """A page's name from its address: the last segment of its path, else its host.

    >>> _name_of("https://www.ats-pavia.it/conciliazione-famiglia-lavoro?x=1#top")
    'conciliazione-famiglia-lavoro'
    >>> _name_of("https://www.ats-brescia.it/")
    'www.ats-brescia.it'
    """
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    segments = [s for s in parts.path.split("/") if s]
    return segments[-1] if segments else parts.hostname or address


@attrs.frozen
class FetchRun:
    """What one ``fetch`` did: the snapshots saved, the downloads that failed, and the pages
    skipped because nobody has confirmed their address."""

    saved: tuple[Snapshot, ...]
    failed: tuple[FetchError, ...]
    without_address: tuple[tuple[str, str], ...]
    """(ATS id, page name) of each page with no known address."""


def fetch_snapshots(
    directory: str | Path,
    pages: Iterable[tuple[str, Document]],
    *,
    limits: FetchLimits | None = None,
) -> FetchRun:
    """Download each ``(ats_id, page)`` that has an address and store it as a snapshot.

    Every page is tried; one that fails does not stop the others, and leaves no snapshot.
    :func:`conciliazione.api.fetch` picks the pages from the installed plugins.
    """
    saved: list[Snapshot] = []
    failed: list[FetchError] = []
    skipped: list[tuple[str, str]] = []
    for ats_id, page in pages:
        if page.address is None:
            skipped.append((ats_id, page.name))
            continue
        try:
            fetched = fetch_page(page.address, limits=limits)
            readable_page(fetched)
        except FetchError as exc:
            failed.append(exc)
            continue
        saved.append(save_snapshot(directory, ats_id, page.name, fetched))
    return FetchRun(tuple(saved), tuple(failed), tuple(skipped))


def snapshot_documents(
    directory: str | Path, pages: Sequence[tuple[str, Document]]
) -> list[tuple[str, Document]]:
    """Each page replaced by its latest snapshot, when it has one (else kept as it is)."""
    root = Path(directory)
    if not root.is_dir():
        raise SourceError(str(root), "no such snapshot directory")
    result: list[tuple[str, Document]] = []
    for ats_id, page in pages:
        snapshot = latest_snapshot(root, ats_id, page.name)
        result.append((ats_id, read_snapshot(snapshot) if snapshot else page))
    return result
