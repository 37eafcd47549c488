"""Documents: the text of a page (or any input file), read safely, with its checksum.

Every input goes through :func:`load_document`, so that a missing file, a directory, a binary
file, a file that is not UTF-8 or an empty file is one clear :class:`SourceError` naming the
file — never a traceback. Plugins receive a :class:`Document` and never open files themselves.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import attrs

from conciliazione.errors import SourceError


@attrs.frozen
class Document:
    """The decoded text of one page, where it came from, and its SHA-256."""

    name: str
    """The file name (``003_cc3c723282e7ce42.txt``)."""
    text: str
    sha256: str
    path: str | None = None
    """Where the file was read from; ``None`` for a copy shipped inside a package."""
    builtin: bool = False
    """True for a page shipped with a plugin as package data."""


def document_from_bytes(
    name: str, data: bytes, *, path: str | None = None, builtin: bool = False
) -> Document:
    """Decode page bytes (UTF-8, with or without BOM) into a :class:`Document`.

    The pages are published in UTF-8. A file in another encoding is refused rather than guessed
    at, because a wrong guess silently corrupts names and amounts.
    """
    where = path or name
    if not data.strip():
        raise SourceError(where, "the file is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(where, "the file is binary, not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = " (it looks like Latin-1/Windows-1252: re-save it as UTF-8)"
        except UnicodeDecodeError:
            pass
        raise SourceError(
            where, f"the file is not UTF-8 text: byte {exc.start} is invalid{hint}"
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    return Document(name=name, text=text, sha256=digest, path=path, builtin=builtin)


def load_document(path: str | Path) -> Document:
    """Read a page from disk; :class:`SourceError` names the file and the problem."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    if p.is_dir():
        raise SourceError(str(p), "is a directory, not a page file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(str(p), f"cannot be read: {exc.strerror or exc}") from None
    return document_from_bytes(p.name, data, path=str(p))


def package_document(package: str, *parts: str) -> Document:
    """A page shipped as package data: ``package_document("conciliazione_ats_pavia", "pages",
    "003_cc3c723282e7ce42.txt")``."""
    resource = resources.files(package).joinpath(*parts)
    return document_from_bytes(parts[-1], resource.read_bytes(), builtin=True)
