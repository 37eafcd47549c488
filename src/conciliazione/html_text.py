"""A web page's HTML turned into the text the readers see: its main content, line by line.

Why: the ATS publish their pages as HTML, and the readers read text — the shape of the text
copies shipped with the plugins: headings and paragraphs as lines, list items as ``- …`` (or
``1. …`` in a numbered list), table rows as lines, entities decoded. A page's menus, breadcrumbs,
cookie banner and footer are not the page's content and would only confuse a reader, so they
are dropped.

The HTML is parsed with `lxml <https://lxml.de>`_ (libxml2's HTML parser): it is the most widely
used and longest-maintained HTML library for Python, tolerant of the broken markup real sites
serve, it decodes every named and numeric entity, and its CSS selectors (through ``cssselect``)
let a plugin name its page's content element. Selectolax is faster, but speed does not matter for
a handful of pages, and lxml's tree is the better known to plugin authors.

The main content is, in this order: the element ``content`` selects (a CSS selector a plugin
gives); else the page's ``<main>`` (or ``role="main"``); else its only ``<article>``; else the
whole ``<body>``. Inside it, navigation, headers and footers of the page, asides, forms, scripts,
hidden elements and anything whose id or class names a cookie or consent banner, a breadcrumb or
a skip link are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from conciliazione.errors import SourceError

if TYPE_CHECKING:
    from lxml import html

__all__ = ["declared_charset", "html_to_text", "looks_like_html"]

_DROPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "nav",
        "aside",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "dialog",
        "head",
        "title",
        "meta",
        "link",
    }
)
"""Elements that never hold a page's content."""
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
"""The page's own header and footer; inside an ``<article>`` or ``<section>`` they are content."""
_DROPPED_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
_DROPPED_NAMES = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|privacy-banner|breadcrumbs?|skip-?link|skip|"
    r"sr-only|visually-hidden)(?:$|[-_\s])",
    re.IGNORECASE,
)
"""Ids and classes of banners and helpers: ``cookie-banner``, ``breadcrumb``, ``skip-link``."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "main",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "ul",
    }
)
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
"""HTML white space, which renders as one space; a non-breaking space is kept as written."""
_LOOKS_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
"""An XHTML page's ``<?xml … encoding=…?>``: the text is decoded already, and lxml refuses a
decoded string that declares an encoding."""
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*(?P<charset>[A-Za-z0-9._:-]+)", re.IGNORECASE
)


def looks_like_html(data: bytes) -> bool:
    """True when the bytes open as an HTML document (``<!DOCTYPE html>`` or ``<html>``).

    >>> looks_like_html(b"<!DOCTYPE html><html><body>Pagina</body></html>")
    True
    >>> looks_like_html(b"Conciliazione vita-lavoro\\n- servizi")
    False
    """
    return _LOOKS_HTML.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]) is not None


def declared_charset(data: bytes) -> str | None:
    """The character set the page's ``<meta>`` declares, lower-cased; ``None`` if it declares none.

    >>> declared_charset(b'<html><head><meta charset="UTF-8"></head></html>')
    'utf-8'
    """
    match = _META_CHARSET.search(data[:8192])
    return match["charset"].decode("ascii").lower() if match else None


def html_to_text(markup: str, *, content: str | None = None, where: str = "page") -> str:
    """The text of a page's main content: one line per heading, paragraph, list item, table row.

    - ``content``: a CSS selector for the element holding the page's content (the first match
      counts); a selector that matches nothing is a :class:`SourceError` naming ``where``, the
      page, because reading the wrong part of a page would be quietly wrong.
    - list items start with ``- `` (``1. ``, ``2. ``… in a numbered list, from its ``start``);
      a table row is one ``- `` line, its non-empty cells joined by `` : ``; ``<br>`` ends a
      line; entities are decoded and runs of white space are one space.

    >>> html_to_text("<nav>Menu</nav><main><h1>Titolo</h1><ul><li>uno</li><li>due &amp; tre</li>"
    ...              "</ul></main><footer>Note legali</footer>")
    'Titolo\\n- uno\\n- due & tre'
    """
    # Imported here, not with the module: lxml takes about 25 ms to import, and the sniffers
    # above (which every page goes through) do not need it; a text page never parses HTML.
    from lxml import etree, html

    parser = html.HTMLParser()
    try:
        tree = html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(where, f"the HTML cannot be parsed: {exc}") from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            # libxml2 drops what lies past its limits (256 levels of nesting): refuse the page
            # rather than read a part of it as if it were the whole.
            raise SourceError(where, f"the HTML is beyond the parser's limits: {error.message}")
    root = _content_root(tree, content, where)
    lines = _Renderer().render(root)
    return "\n".join(lines)


def _content_root(tree: html.HtmlElement, content: str | None, where: str) -> html.HtmlElement:
    if content is not None:
        try:
            found = tree.cssselect(content)
        except Exception as exc:  # cssselect's SelectorError and its parse errors
            raise SourceError(where, f"{content!r} is not a CSS selector: {exc}") from None
        if not found:
            raise SourceError(where, f"no element matches the page's content selector {content!r}")
        return found[0]
    for candidate in (tree.xpath("//main"), tree.xpath("//*[@role='main']")):
        if candidate:
            return candidate[0]  # type: ignore[no-any-return]
    articles = tree.xpath("//article")
    if len(articles) == 1:
        return articles[0]  # type: ignore[no-any-return]
    body = tree.find("body")
    return body if body is not None else tree


def _dropped(element: html.HtmlElement, inside_content: bool) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag:  # comments and processing instructions
        return True
    if tag in _DROPPED_TAGS:
        return True
    if tag in _PAGE_CHROME_TAGS and not inside_content:
        return True
    attributes = element.attrib
    if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attributes.get("style", "")):
        return True
    if attributes.get("role", "").lower() in _DROPPED_ROLES:
        return True
    names = " ".join((attributes.get("id", ""), attributes.get("class", "")))
    return _DROPPED_NAMES.search(names) is not None


class _Renderer:
    """Walks the content element, collecting text into lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def render(self, root: html.HtmlElement) -> list[str]:
        # Once the content element is found (anything but the whole body), a header or footer
        # inside it is the content's own: an article's title, a table's notes.
        self._children(root, inside_content=root.tag not in ("body", "html"))
        self._break()
        return self.lines

    def _break(self) -> None:
        """End the current line (if it has any text)."""
        text = _SPACE_RUN.sub(" ", "".join(self.current)).strip(" ")
        self.current = []
        if text.strip():
            self.lines.append(self.prefix + text)
            self.prefix = ""

    def _text(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def _children(self, element: html.HtmlElement, *, inside_content: bool) -> None:
        self._text(element.text)
        for child in element:
            if not _dropped(child, inside_content):
                self._element(child, inside_content=inside_content)
            self._text(child.tail)

    def _element(self, element: html.HtmlElement, *, inside_content: bool) -> None:
        tag = element.tag
        inside = inside_content or tag in ("article", "section")
        if tag == "br":
            self._break()
        elif tag in ("ul", "ol", "menu"):
            self._list(element, numbered=tag == "ol", inside_content=inside)
        elif tag == "tr":
            self._row(element, inside_content=inside)
        elif tag == "pre":
            self._break()
            self.lines.extend(line for line in element.text_content().splitlines() if line.strip())
        elif tag in _BLOCK_TAGS or tag == "li":
            self._break()
            self._children(element, inside_content=inside)
            self._break()
        else:
            self._children(element, inside_content=inside)

    def _list(self, element: html.HtmlElement, *, numbered: bool, inside_content: bool) -> None:
        self._break()
        number = _start(element)
        for item in _items(element, inside_content):
            self._break()
            self.prefix = f"{number}. " if numbered else "- "
            number += 1
            self._children(item, inside_content=inside_content)
            self._break()
            self.prefix = ""

    def _row(self, row: html.HtmlElement, *, inside_content: bool) -> None:
        self._break()
        cells: list[str] = []
        for cell in row:
            if cell.tag not in ("td", "th") or _dropped(cell, inside_content):
                continue
            inner = _Renderer()
            inner._children(cell, inside_content=inside_content)
            inner._break()
            text = "\n".join(inner.lines)
            if text:
                cells.append(text)
        if cells:
            self.lines.extend(f"- {' : '.join(cells)}".split("\n"))


def _items(element: html.HtmlElement, inside_content: bool) -> Iterator[html.HtmlElement]:
    for child in element:
        if child.tag == "li" and not _dropped(child, inside_content):
            yield child


def _start(element: html.HtmlElement) -> int:
    try:
        return int(element.get("start", "1"))
    except ValueError:
        return 1
