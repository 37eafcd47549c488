"""Documents: the text of a page (or any input file), read safely, with its checksum.

Every input goes through :func:`load_document`, so that a missing file, a directory, a binary
file, a file that is not UTF-8 or an empty file is one clear :class:`SourceError` naming the
file — never a traceback. Plugins receive a :class:`Document` and never open files themselves.

A page may be a text copy or the HTML the ATS serves: an HTML page (a ``.html``/``.htm`` file,
or bytes that open with ``<!DOCTYPE html>`` or ``<html>``) becomes, here, the text of its main
content (see :mod:`conciliazione.html_text`), so the readers see text as before, whatever the
form of the page. A document also knows its public web address when it has one, and when it was
retrieved from there.
"""

from __future__ import annotations

import codecs
import hashlib
from datetime import datetime
from importlib import resources
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
    if not data.strip():
        raise SourceError(where, "the file is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(where, "the file is binary, not a text page")
    digest = hashlib.sha256(data).hexdigest()
    if media_type is None:
        from conciliazione.html_text import looks_like_html

        is_html = name.lower().endswith(_HTML_SUFFIXES) or looks_like_html(data)
        media_type = HTML if is_html else TEXT
    if media_type == HTML:
        from conciliazione.html_text import declared_charset, html_to_text

        markup = _decode(data, where, charset or declared_charset(data))
        text = html_to_text(markup, content=content, where=where)
        if not text.strip():
            raise SourceError(where, "the HTML page has no text in its content")
        return Document(
            name=name,
            text=text,
            sha256=digest,
            path=path,
            builtin=builtin,
            address=address,
            retrieved_at=retrieved_at,
            media_type=HTML,
            markup=markup,
        )
    text = _decode(data, where, charset)
    return Document(
        name=name,
        text=text,
        sha256=digest,
        path=path,
        builtin=builtin,
        address=address,
        retrieved_at=retrieved_at,
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


def load_document(path: str | Path, *, content: str | None = None) -> Document:
    """Read a page from disk; :class:`SourceError` names the file and the problem.

    ``content`` is the CSS selector of an HTML page's content element (see
    :func:`document_from_bytes`); a text copy ignores it.
    """
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    if p.is_dir():
        raise SourceError(str(p), "is a directory, not a page file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(str(p), f"cannot be read: {exc.strerror or exc}") from None
    return document_from_bytes(p.name, data, path=str(p), content=content)


def package_document(package: str, *parts: str, address: str | None = None) -> Document:
    """A page shipped as package data: ``package_document("conciliazione_ats_pavia", "pages",
    "003_cc3c723282e7ce42.txt", address="https://…")``.

    ``address`` is the page's public web address, for a plugin that knows it: ``fetch``
    downloads newer copies from there. Leave it unset when nobody has confirmed it.
    """
    resource = resources.files(package).joinpath(*parts)
    return document_from_bytes(parts[-1], resource.read_bytes(), builtin=True, address=address)
