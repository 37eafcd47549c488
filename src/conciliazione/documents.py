"""Documents: the text of a page (or any input file), read safely, with its checksum.

Every input goes through :func:`load_document`, so that a missing file, a directory, a binary
file, a file that is not UTF-8 or an empty file is one clear :class:`SourceError` naming the
file — never a traceback. Plugins receive a :class:`Document` and never open files themselves.

A page may be a text copy or the HTML the ATS serves: an HTML page (a ``.html``/``.htm`` file,
or bytes that open with ``<!DOCTYPE html>`` or ``<html>``) becomes, here, the text of its main
content (see :mod:`conciliazione.html_text`), so the readers see text as before, whatever the
form of the page. A document also knows its public web address when it has one, and when it was
retrieved from there.

Limits, so that no input hangs a run or exhausts its memory:

- Only regular files are read (:func:`open_regular_file`). A FIFO would block the reader
  forever and a device (``/dev/zero``) never ends, so both — and sockets — are refused, naming
  the kind of file. The check is made on the open file (``fstat``), opened without blocking, so
  a path swapped for a FIFO after a check cannot slip through.
- A page is at most :data:`MAX_PAGE_BYTES` (4 MiB, a thousand times the size of the pages
  published); the size is checked before the file is read, and ``max_bytes`` raises the limit.
- Text in UTF-16 or UTF-32 is named as such (with or without its byte-order mark), so that
  the user knows to re-save it as UTF-8, instead of being told the file is binary.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path

import attrs

from conciliazione.errors import SourceError

HTML = "text/html"
TEXT = "text/plain"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


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
    address: str | None = None
    """The page's public web address, when it is known (never guessed)."""
    retrieved_at: datetime | None = None
    """When the page was downloaded from ``address`` (UTC); ``None`` for a copy on disk."""
    media_type: str = TEXT
    """``text/plain`` for a text copy, ``text/html`` for a web page (``text`` is its content)."""
    markup: str | None = attrs.field(default=None, repr=False)
    """The decoded HTML of a web page, kept so that :meth:`with_content` can select again."""

    def with_content(self, selector: str) -> Document:
        """The same page read from the element ``selector`` (CSS) names, for a plugin that knows
        where its page keeps the content; a text copy is returned unchanged.

        Raises :class:`SourceError` naming the page when nothing matches.
        """
        if self.markup is None:
            return self
        from conciliazione.html_text import html_to_text

        text = html_to_text(self.markup, content=selector, where=self.path or self.name)
        return attrs.evolve(self, text=text)


MAX_PAGE_BYTES = 4 << 20
"""The largest page read by default (4 MiB): the published pages are a few kilobytes, so a
larger file is almost certainly not a page; ``max_bytes`` (``--max-page-size``) raises it."""

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def file_kind_problem(mode: int, noun: str = "file") -> str | None:
    """What is wrong with a file of this ``st_mode`` as an input, or ``None`` for a regular
    file: ``"is a FIFO (named pipe), not a regular file"``."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"is a directory, not a {noun}"
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file"


def _open_error(path: str, exc: OSError, noun: str) -> SourceError:
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return SourceError(path, f"is a symbolic link to a missing file ({os.readlink(path)})")
        return SourceError(path, "no such file")
    if exc.errno == errno.ELOOP:
        return SourceError(path, "is a symbolic link loop (the links never reach a file)")
    try:  # a socket cannot even be opened (ENXIO): name its kind
        problem = file_kind_problem(os.stat(path).st_mode, noun)
    except OSError:
        problem = None
    if problem:
        return SourceError(path, problem)
    return SourceError(path, f"cannot be read: {exc.strerror or exc}")


def open_regular_file(path: str | Path, noun: str = "file") -> int:
    """Open ``path`` for reading and return the descriptor, or raise :class:`SourceError` if it
    is missing, a symlink loop, a directory, or not a regular file (FIFO, device, socket).

    The file is opened with ``O_NONBLOCK`` so that opening a FIFO does not wait for a writer,
    then checked with ``fstat``; blocking is turned back on for reading. The caller closes the
    descriptor (``os.fdopen`` does when its file is closed). ``noun`` names what was expected
    (``"page file"``) in the message for a directory.
    """
    where = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(where, flags)
    except OSError as exc:
        raise _open_error(where, exc, noun) from None
    try:
        problem = file_kind_problem(os.fstat(fd).st_mode, noun)
        if problem:
            raise SourceError(where, problem)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_input(path: str | Path, *, max_bytes: int | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file, refusing one larger than ``max_bytes`` before reading it.

    The size is checked on the open file and the read stops one byte past the limit, so a
    file that grows while it is read cannot exceed it either.
    """
    where = str(path)
    fd = open_regular_file(where, f"{what} file")
    with os.fdopen(fd, "rb") as handle:
        try:
            size = os.fstat(fd).st_size
            if max_bytes is not None and size > max_bytes:
                raise SourceError(where, _too_large(size, max_bytes, what))
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            if isinstance(exc, SourceError):
                raise
            raise SourceError(where, f"cannot be read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise SourceError(where, _too_large(len(data), max_bytes, what))
    return data


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (read in chunks: registers can be gigabytes)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _too_large(size: int, limit: int, what: str) -> str:
    return (
        f"is {_mib(size)}, larger than the maximum {what} size of {_mib(limit)} "
        "(raise it with --max-page-size, or max_page_bytes= in Python)"
    )


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB" if size >= 1 << 20 else f"{size:,} bytes"


def utf_16_or_32(data: bytes) -> str | None:
    """The name of the wide Unicode encoding ``data`` is in (UTF-16/32, by its byte-order mark
    or, without one, by the NUL bytes every ASCII character carries), or ``None``."""
    for bom, name in _UTF_BOMS:
        if data.startswith(bom):
            return name
    head = data[: 4096 - 4096 % 4]
    if len(head) < 8:
        return None
    if _nul_share(head, 4, 2, 3) == 1 and _nul_share(head, 4, 0) < 0.5:
        return "UTF-32 (little-endian)"
    if _nul_share(head, 4, 0, 1) == 1 and _nul_share(head, 4, 3) < 0.5:
        return "UTF-32 (big-endian)"
    if _nul_share(head, 2, 1) > 0.9 and _nul_share(head, 2, 0) < 0.1:
        return "UTF-16 (little-endian)"
    if _nul_share(head, 2, 0) > 0.9 and _nul_share(head, 2, 1) < 0.1:
        return "UTF-16 (big-endian)"
    return None


def _nul_share(data: bytes, step: int, *offsets: int) -> float:
    """The share of NUL bytes at these offsets of every ``step`` bytes."""
    picked = b"".join(data[offset::step] for offset in offsets)
    return picked.count(0) / len(picked) if picked else 0.0


def document_from_bytes(
    name: str,
    data: bytes,
    *,
    path: str | None = None,
    builtin: bool = False,
    address: str | None = None,
    retrieved_at: datetime | None = None,
    media_type: str | None = None,
    charset: str | None = None,
    content: str | None = None,
) -> Document:
    """Decode page bytes (UTF-8, with or without BOM) into a :class:`Document`.

    The pages are published in UTF-8. A file in another encoding is refused rather than guessed
    at, because a wrong guess silently corrupts names and amounts — unless the page itself (an
    HTML ``<meta charset>``) or its server (``charset``, from the HTTP ``Content-Type``)
    declares it.

    ``media_type`` is ``text/html`` or ``text/plain``; by default an HTML page is told by its
    name (``.html``, ``.htm``) or its first bytes. An HTML page's text is its main content
    (``content``: the CSS selector of the element that holds it; see
    :func:`~conciliazione.html_text.html_to_text`). The checksum is always of the bytes as read.
    """
    where = path or address or name
    wide = utf_16_or_32(data)
    if wide:
        raise SourceError(where, f"the file is {wide} text, not UTF-8: re-save it as UTF-8")
    if not data.strip():
        raise SourceError(where, "the file is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(where, "the file is binary, not a text page")
    digest = hashlib.sha256(data).hexdigest()
    if media_type is None:
        from conciliazione.html_text import looks_like_html

        is_html = name.lower().endswith(_HTML_SUFFIXES) or looks_like_html(data)
        media_type = HTML if is_html else TEXT
    html = media_type == HTML
    markup: str | None = None
    if html:
        from conciliazione.html_text import declared_charset, html_to_text

        markup = _decode(data, where, charset or declared_charset(data))
        text = html_to_text(markup, content=content, where=where)
        if not text.strip():
            raise SourceError(where, "the HTML page has no text in its content")
    else:
        text = _decode(data, where, charset)
    return Document(
        name=name,
        text=text,
        sha256=digest,
        path=path,
        builtin=builtin,
        address=address,
        retrieved_at=retrieved_at,
        media_type=HTML if html else TEXT,
        markup=markup,
    )


def _decode(data: bytes, where: str, charset: str | None) -> str:
    """UTF-8 (with or without BOM), or the character set the page or its server declares."""
    if charset is not None and _codec_name(charset) != "utf-8":
        try:
            return data.decode(_codec_name(charset))
        except LookupError:
            raise SourceError(where, f"the page declares an unknown charset {charset!r}") from None
        except UnicodeDecodeError as exc:
            raise SourceError(
                where, f"the page is not {charset} as it declares: byte {exc.start} is invalid"
            ) from None
    try:
        return data.decode("utf-8-sig")
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


def _codec_name(charset: str) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return charset


def load_document(
    path: str | Path, *, content: str | None = None, max_bytes: int | None = MAX_PAGE_BYTES
) -> Document:
    """Read a page from disk; :class:`SourceError` names the file and the problem.

    ``content`` is the CSS selector of an HTML page's content element (see
    :func:`document_from_bytes`); a text copy ignores it. Only a regular file of at most
    ``max_bytes`` (:data:`MAX_PAGE_BYTES`; ``None``: no limit) is read; see the module's
    documentation for why.
    """
    p = Path(path)
    data = read_input(p, max_bytes=max_bytes, what="page")
    return document_from_bytes(p.name, data, path=str(p), content=content)


def package_document(package: str, *parts: str, address: str | None = None) -> Document:
    """A page shipped as package data: ``package_document("conciliazione_ats_pavia", "pages",
    "003_cc3c723282e7ce42.txt", address="https://…")``.

    ``address`` is the page's public web address, for a plugin that knows it: ``fetch``
    downloads newer copies from there. Leave it unset when nobody has confirmed it.
    """
    from importlib import resources  # imports tempfile and shutil: only when needed

    resource = resources.files(package).joinpath(*parts)
    return document_from_bytes(parts[-1], resource.read_bytes(), builtin=True, address=address)


__all__ = [
    "HTML",
    "MAX_PAGE_BYTES",
    "TEXT",
    "Document",
    "document_from_bytes",
    "file_kind_problem",
    "file_sha256",
    "load_document",
    "open_regular_file",
    "package_document",
    "read_input",
    "utf_16_or_32",
]
