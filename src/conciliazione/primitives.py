"""Reading primitives: the shapes the ATS pages use, found once, each value with its span.

Why: every ATS page says its facts in a few shared layouts — a lead-in line with a bulleted or
numbered list under it, ``lead: "title"`` items, ``Label : value`` blocks, a declared count
("sei progetti", "n. 398 Enti"), a sentence with the figures in it, act citations. A plugin
names what it looks for; :class:`PageText` finds it and returns
:class:`~conciliazione.spans.Quoted` values, so that every value keeps its words and offsets
for the evidence table without the plugin counting characters.

The text is the page after :func:`~conciliazione.parsing.normalize_text` (straight quotes,
single spaces, no indentation): offsets index :attr:`PageText.text`. Nothing here raises on a
page that lacks what is looked for: the primitives return ``None`` or an empty list, and the
reader reports a ``missing-section`` finding.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from conciliazione.errors import ParseError
from conciliazione.parsing.acts import ActReference, find_act_references
from conciliazione.parsing.emails import EMAIL_IN_PROSE, deobfuscate_email
from conciliazione.parsing.quantities import parse_quantity
from conciliazione.parsing.sections import HEADING_MAX, LEAD_IN_MAX, UPDATE_LINE
from conciliazione.parsing.text import normalize_text
from conciliazione.spans import Quoted

if TYPE_CHECKING:
    from conciliazione.documents import Document

__all__ = ["Block", "Hit", "PageText", "split_lead_title", "title_and_lead"]

_LIST_ITEM = re.compile(
    r"^(?:[-•*–]|[0-9]{1,3}[.)]|[a-z][.)])\s+(?P<text>\S.*?)\s*[;.,]?$", re.MULTILINE
)
"""``- item``, ``• item``, ``1. item``, ``2) item``, ``a) item`` (indentation is gone)."""
_LABELLED = r"^(?P<label>{labels})\s*:\s*(?P<value>\S.*?)\s*$"
_COUNT_WORD = r"(?:n\.\s*)?(?P<count>[0-9][0-9.]*|(?:un|quasi|circa|oltre|più\s+di)?\s*[^\W\d_]+)"
_LEAD_TITLE = (
    re.compile(r'(?P<lead>[^:"]+?)\s*:\s*"(?P<title>[^"]+)"', re.MULTILINE),  # lead: "title"
    re.compile(r'(?P<lead>[^:"]+?)\s+"(?P<title>[^"]+)"', re.MULTILINE),  # lead "title"
    re.compile(r"(?P<lead>.+?)\s+[–-]\s+(?P<title>\S.*)$", re.MULTILINE),  # lead – title
    re.compile(r"(?P<lead>[^:]+?)\s*:\s*(?P<title>\S.*)$", re.MULTILINE),  # lead: title
)

_TITLE_CON_CAPOFILA = re.compile(
    r"(?P<title>\S.*?)\s+con\s+(?:ente\s+)?capofila\s+(?P<lead>\S.*)", re.I
)
"""``Title con capofila Lead`` (:func:`title_and_lead`)."""


@attrs.frozen
class Hit:
    """One match of a pattern on the page: its named groups as quoted values."""

    page: PageText
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def whole(self) -> Quoted[str]:
        return self.page.quoted(self.match.start(), self.match.end())

    def __getitem__(self, group: str) -> Quoted[str]:
        """A group that matched, as a quoted value (``KeyError`` if it did not take part)."""
        found = self.get(group)
        if found is None:
            raise KeyError(f"group {group!r} did not match")
        return found

    def get(self, group: str) -> Quoted[str] | None:
        """A group, or ``None`` when it did not take part in the match."""
        if self.match.start(group) < 0:
            return None
        return self.page.quoted(self.match.start(group), self.match.end(group))


@attrs.frozen
class Block:
    """List items that belong together (:meth:`PageText.blocks`): the item or items that open
    the block, and its labelled values."""

    heads: tuple[Quoted[str], ...]
    fields: dict[str, Quoted[str]]


@attrs.frozen
class PageText:
    """The text a reader sees, and the primitives that find values in it with their spans."""

    text: str
    name: str = "page"

    @classmethod
    def of(cls, document: Document) -> PageText:
        return cls(normalize_text(document.text), document.name)

    # -- spans -----------------------------------------------------------------------------

    def quoted(self, start: int, end: int) -> Quoted[str]:
        """The words between two offsets, without the white space at either end."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Quoted(self.text[start:end], start, end, self.text[start:end])

    def within(self, outer: Quoted[str], pattern: str | re.Pattern[str]) -> Hit | None:
        """The first match of ``pattern`` inside a quoted value (a line, an item)."""
        return self.search(pattern, outer.start, outer.end)

    def fullmatch(self, outer: Quoted[str], pattern: str | re.Pattern[str]) -> Hit | None:
        """``pattern`` matched against the whole of a quoted value (a list item, a piece of an
        enumeration), or ``None``.

        Why not :meth:`within` with ``^…$``: an item starts after its bullet, mid-line, where
        ``^`` does not match; here the pattern is anchored at the value's own ends.

        >>> page = PageText("- Baby Hub con capofila Comune di Tirano;")
        >>> (item,) = page.items(0)
        >>> page.fullmatch(item, r"(?P<title>.+?) con capofila (?P<lead>.+)")["lead"].start
        24
        """
        match = _compile(pattern).fullmatch(self.text, outer.start, outer.end)
        return None if match is None else Hit(self, match)

    def match(self, outer: Quoted[str], pattern: str | re.Pattern[str]) -> Hit | None:
        """A match of ``pattern`` that starts where a quoted value starts (an item, a line).

        Why not :meth:`within` with ``^``: a list item starts after its bullet, where ``^``
        does not hold, and a search would also accept a match further into the item.

        >>> page = PageText("- Comune di Rho (Ambito del Rhodense)")
        >>> (item,) = page.items(0)
        >>> page.match(item, "(?P<lead>[^()]+)[(](?P<district>[^()]+)[)]$")["district"].value
        'Ambito del Rhodense'
        """
        found = _compile(pattern).match(self.text, outer.start, outer.end)
        return None if found is None else Hit(self, found)

    def search(
        self, pattern: str | re.Pattern[str], start: int = 0, end: int | None = None
    ) -> Hit | None:
        """The first match at or after ``start`` (string patterns ignore case, ``^``/``$`` per
        line); ``None`` when there is none."""
        match = _compile(pattern).search(self.text, start, len(self.text) if end is None else end)
        return None if match is None else Hit(self, match)

    def find_all(
        self, pattern: str | re.Pattern[str], start: int = 0, end: int | None = None
    ) -> list[Hit]:
        """Every match, in page order."""
        stop = len(self.text) if end is None else end
        return [Hit(self, m) for m in _compile(pattern).finditer(self.text, start, stop)]

    # -- lines and paragraphs ----------------------------------------------------------------

    def lines(self, start: int = 0, end: int | None = None) -> list[Quoted[str]]:
        """The non-blank lines between two offsets."""
        return list(self.iter_lines(start, end))

    def iter_lines(self, start: int = 0, end: int | None = None) -> Iterator[Quoted[str]]:
        """The non-blank lines between two offsets, one at a time: a caller that stops at the
        end of a list reads only that far, which keeps reading a page linear in its size."""
        stop = len(self.text) if end is None else end
        for match in _NON_BLANK_LINE.finditer(self.text, start, stop):
            yield self.quoted(match.start(), match.end())

    def line_at(self, pos: int) -> Quoted[str]:
        """The line that holds offset ``pos`` (found with the page's line breaks, indexed once:
        scanning for them from ``pos`` made a page of one long line quadratic)."""
        breaks = _newlines(self.text)
        at = bisect.bisect_left(breaks, pos)
        begin = breaks[at - 1] + 1 if at else 0
        stop = breaks[at] if at < len(breaks) else len(self.text)
        return self.quoted(begin, stop)

    def line_end(self, pos: int) -> int:
        """The offset where the line that holds ``pos`` ends (cheaper than ``line_at(pos).end``
        on a long line: no words are copied)."""
        breaks = _newlines(self.text)
        at = bisect.bisect_left(breaks, pos)
        return breaks[at] if at < len(breaks) else len(self.text)

    def match_at(
        self, pattern: str | re.Pattern[str], pos: int, end: int | None = None
    ) -> Hit | None:
        """A match of ``pattern`` that starts exactly at ``pos`` (and ends by ``end``)."""
        stop = len(self.text) if end is None else end
        found = _compile(pattern).match(self.text, pos, stop)
        return None if found is None else Hit(self, found)

    def paragraph_at(self, pos: int) -> Quoted[str]:
        """The run of lines between blank lines that holds offset ``pos``."""
        ends = _blank_line_ends(self.text)
        before = bisect.bisect_right(ends, pos) - 1
        begin = ends[before] if before >= 0 else 0
        after = _BLANK_LINE.search(self.text, pos)
        return self.quoted(begin, after.start() if after else len(self.text))

    def last_before(self, pattern: str | re.Pattern[str], pos: int) -> Hit | None:
        """The last match of ``pattern`` that ends at or before ``pos`` (the heading above an
        item, say). The page's matches are found once per pattern, so asking for each of
        many items costs a lookup, not a new scan of the page."""
        matches = _matches(self.text, _compile(pattern))
        at = bisect.bisect_right([m.end() for m in matches], pos) - 1
        return Hit(self, matches[at]) if at >= 0 else None

    def heading(self, start: str | re.Pattern[str] | None = None) -> Quoted[str] | None:
        """The page's title: the first line (or the first line ``start`` matches) that reads
        as a heading — short, not ending like a sentence."""
        for line in self.iter_lines():
            if start is not None and not _compile(start).match(line.value):
                continue
            if len(line.value) <= HEADING_MAX and not line.value.endswith((".", ":", ";")):
                return line
            if start is None:
                return None
        return None

    # -- lists, items and labelled blocks ---------------------------------------------------

    def items_after(
        self, head: str | re.Pattern[str], start: int = 0, *, wrapped: bool = False
    ) -> list[Quoted[str]] | None:
        """The list items (``-``, ``•``, ``1.``, ``a)``) under the first line ``head`` matches.

        Blank lines may stand between items; the first other line ends the list. Each item is
        its text without the bullet and the ``;``/``.``/``,`` that closes it. ``None`` when no
        line matches ``head``; an empty list when no item follows it. ``wrapped=True`` keeps
        an item wrapped over several lines whole (:meth:`wrapped_items`).
        """
        lead = self.lead_in(head, start)
        if lead is None:
            return None
        after = self.line_end(lead.start)
        return self.wrapped_items(after) if wrapped else self.items(after)

    def lead_in(self, head: str | re.Pattern[str], start: int = 0) -> Hit | None:
        """The first match of ``head`` within one line of at most
        :data:`~conciliazione.parsing.sections.LEAD_IN_MAX` characters, from ``start`` on.

        Why line by line: a lead-in is a short line, and a head such as ``Capofila.*:$``
        searched over a page of one long line rescans the rest of the line from each of its
        matches, which makes reading quadratic in the page's size.
        """
        pattern = _compile(head)
        for line in self.iter_lines(start):
            if line.end - line.start <= LEAD_IN_MAX:
                found = pattern.search(self.text, line.start, line.end)
                if found is not None:
                    return Hit(self, found)
        return None

    def items(self, start: int, end: int | None = None) -> list[Quoted[str]]:
        """The list items from ``start`` on, up to the first line that is not an item."""
        found: list[Quoted[str]] = []
        for line in self.iter_lines(start, end):
            hit = self.within(line, _LIST_ITEM)
            if hit is None:
                break
            found.append(hit["text"])
        return found

    def wrapped_items(self, start: int, end: int | None = None) -> list[Quoted[str]]:
        """Like :meth:`items`, with an item wrapped over several lines kept whole.

        Why: a page copied from a table or a narrow column breaks long items ("Associazione
        IRENE – Iniziative, Ricerche," / "Esperienze per una Nuova Europa"). A line that is
        not an item continues the item before it when that item's line ends with ``,``,
        ``-``, ``–`` or ``:``, or when the line starts in lower case; any other line ends the
        list. The value joins the lines with single spaces; the quote keeps the line breaks.

        >>> page = PageText("- Nome : Iniziative, Ricerche,\\nEsperienze\\n- Pagina web : x\\nFine")
        >>> [item.value for item in page.wrapped_items(0)]
        ['Nome : Iniziative, Ricerche, Esperienze', 'Pagina web : x']
        """
        found: list[Quoted[str]] = []
        previous = ""
        for line in self.iter_lines(start, end):
            hit = self.within(line, _LIST_ITEM)
            if hit is not None:
                found.append(hit["text"])
            elif found and (previous.endswith(_CONTINUED) or line.value[:1].islower()):
                stop = line.end - 1 if line.value.endswith((";", ".", ",")) else line.end
                found[-1] = self.quoted(found[-1].start, stop)
            else:
                break
            previous = line.value
        return [Quoted(" ".join(q.quote.split()), q.start, q.end, q.quote) for q in found]

    def labelled(
        self, labels: Sequence[str], start: int = 0, end: int | None = None
    ) -> list[dict[str, Quoted[str]]]:
        """Blocks of ``Label : value`` lines, one dict per block (label as given → value).

        A block starts at the first label of ``labels``, so a table of alliances written as
        repeated ``Nome alleanza : …`` / ``Ente capofila : …`` lines gives one dict each.
        Labels match ignoring case and spacing.
        """
        alternatives = "|".join(_label_pattern(label) for label in labels)
        blocks: list[dict[str, Quoted[str]]] = []
        for hit in self.find_all(_LABELLED.format(labels=alternatives), start, end):
            written = hit.match["label"]
            label = next(lb for lb in labels if re.fullmatch(_label_pattern(lb), written, re.I))
            if label == labels[0] or not blocks:
                blocks.append({})
            blocks[-1].setdefault(label, hit["value"])
        return blocks

    def blocks(self, items: Sequence[Quoted[str]], labels: Sequence[str]) -> list[Block]:
        """List items grouped into blocks: the item that names a thing, then its
        ``Label : value`` items (a table copied as a list: a lead body, then its "Nome
        alleanza", "Titolo Progetto", "Pagina web").

        An item that is not one of ``labels`` opens a block; one right after another such item
        joins its heads (a block with two heads: a project led by two bodies). Labelled items
        fill the block's ``fields`` (label as given → value, its lines joined); an empty value
        is left out and a repeated label keeps its first value. Labels match ignoring case and
        spacing; labelled items before the first head belong to no block.

        >>> page = PageText("- Comune di Rho\\n- Nome alleanza : Rhodense\\n- Pagina web :")
        >>> (block,) = page.blocks(page.items(0), ["Nome alleanza", "Pagina web"])
        >>> [h.value for h in block.heads], {k: v.value for k, v in block.fields.items()}
        (['Comune di Rho'], {'Nome alleanza': 'Rhodense'})
        """
        alternatives = "|".join(_label_pattern(label) for label in labels)
        pattern = rf"(?P<label>{alternatives})\s*:(?P<value>[\s\S]*)"
        blocks: list[Block] = []
        heading = False
        for item in items:
            hit = self.match(item, pattern)
            if hit is None:
                if heading:
                    blocks[-1] = Block((*blocks[-1].heads, item), blocks[-1].fields)
                else:
                    blocks.append(Block((item,), {}))
                heading = True
                continue
            heading = False
            written, value = hit.match["label"], hit["value"]
            label = next(lb for lb in labels if re.fullmatch(_label_pattern(lb), written, re.I))
            if blocks and value.value:
                joined = Quoted(" ".join(value.value.split()), value.start, value.end, value.quote)
                blocks[-1].fields.setdefault(label, joined)
        return blocks

    def split(self, outer: Quoted[str], separator: str = ",") -> list[Quoted[str]]:
        """The parts of a quoted value between separators ("P.A., Terzo settore"), each
        without surrounding white space; empty parts are dropped."""
        parts: list[Quoted[str]] = []
        begin = outer.start
        while begin <= outer.end:
            stop = self.text.find(separator, begin, outer.end)
            stop = outer.end if stop < 0 else stop
            part = self.quoted(begin, stop)
            if part.value:
                parts.append(part)
            begin = stop + len(separator)
        return parts

    def split_labels(self, outer: Quoted[str]) -> list[Quoted[str]]:
        """Capitalised labels between commas, as :meth:`split` gives them, except that a part
        starting in lower case continues the label before it.

        Why: category labels may hold commas themselves ("Regione, Associazioni di industriali,
        artigiani e commercianti, Sindacati"); their capital letter says where one begins.

        >>> page = PageText("Regione, Associazioni di industriali, artigiani, ATS")
        >>> [q.value for q in page.split_labels(page.quoted(0, len(page.text)))]
        ['Regione', 'Associazioni di industriali, artigiani', 'ATS']
        """
        labels: list[Quoted[str]] = []
        for part in self.split(outer):
            if labels and part.value[0].islower():
                labels[-1] = self.quoted(labels[-1].start, part.end)
            else:
                labels.append(part)
        return labels

    def update_line(self) -> Hit | None:
        """The page's own update line ("Aggiornato il 8 Luglio 2024 da …", "Ultimo
        aggiornamento: …"); its group ``date`` quotes the date's words. ``None`` without one.

        Why, beside :meth:`~conciliazione.reading.ReadingBuilder.read_update_date`: a value the
        page's date dates (a count stated "oggi" in a news item) cites the date's words too.
        """
        return self.search(UPDATE_LINE)

    # -- counts, acts ----------------------------------------------------------------------

    def count_phrase(self, noun: str, start: int = 0, end: int | None = None) -> Quoted[str] | None:
        """The first phrase that counts ``noun`` ("sei progetti", "n. 5 progetti", "quasi cento
        soggetti"), whose count words the Italian parsers read; ``None`` when there is none.

        The page finds the words, the builder reads them:
        ``out.declared_count(page.count_phrase("progetti"), "declared project count")`` keeps
        the whole phrase as the quantity's text.

        >>> page = PageText("Il Piano comprende n. 5 progetti e quasi cento soggetti.")
        >>> page.count_phrase("progetti").value, page.count_phrase("soggetti").value
        ('n. 5 progetti', 'quasi cento soggetti')
        """
        for hit in self.find_all(rf"\b{_COUNT_WORD}\s+(?:{noun})\b", start, end):
            try:
                parse_quantity(hit["count"].value)
            except ParseError:
                continue
            return hit.whole
        return None

    def acts(self, start: int = 0, end: int | None = None) -> list[Quoted[ActReference]]:
        """Every act cited between two offsets (see
        :func:`~conciliazione.parsing.find_act_references`), each with its citation's span."""
        stop = len(self.text) if end is None else end
        return [
            Quoted(ref, start + at, start + at + len(ref.text), ref.text)
            for at, ref in find_act_references(self.text[start:stop])
        ]

    def emails(self, start: int = 0, end: int | None = None) -> list[Quoted[str]]:
        """Every e-mail address between two offsets, in page order, each quoted as written
        (``nome[@]ats-pavia.it``) with the plain address as its value
        (:func:`~conciliazione.parsing.deobfuscate_email`); what is not an address is skipped.

        >>> [(e.value, e.quote) for e in PageText("Scrivere a: a[@]b.it; c@d.it").emails()]
        [('a@b.it', 'a[@]b.it'), ('c@d.it', 'c@d.it')]
        """
        found: list[Quoted[str]] = []
        for hit in self.find_all(EMAIL_IN_PROSE, start, end):
            try:
                found.append(hit.whole.map(deobfuscate_email))
            except ParseError:
                continue
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.splitlines())


def split_lead_title(page: PageText, item: Quoted[str]) -> tuple[Quoted[str], Quoted[str]] | None:
    """An item's lead body and title: ``lead: "title"``, ``lead "title"``, ``lead – title`` or
    ``lead: title``; ``None`` when the item has neither shape (matched from the item's start,
    which follows its bullet)."""
    for pattern in _LEAD_TITLE:
        hit = page.match(item, pattern)
        if hit is not None:
            return hit["lead"], hit["title"]
    return None


def title_and_lead(page: PageText, item: Quoted[str]) -> tuple[Quoted[str], Quoted[str] | None]:
    """A listed project's title and lead body: ``Title con capofila Lead``, else one of
    :func:`split_lead_title`'s shapes (``lead: "title"``, ``lead – title`` …).

    An item in none of them is a title without a lead, not a dropped item: the project is still
    listed, and a rule can say that it names no lead body.

    >>> page = PageText('- Baby Hub con capofila Comune di Tirano\\n- Comune di Sondrio: "Estate"')
    >>> [tuple(q.value for q in title_and_lead(page, item)) for item in page.items(0)]
    [('Baby Hub', 'Comune di Tirano'), ('Estate', 'Comune di Sondrio')]
    >>> title_and_lead(page, page.search("Baby Hub").whole)[1] is None
    True
    """
    hit = page.fullmatch(item, _TITLE_CON_CAPOFILA)
    if hit is not None:
        return hit["title"], hit["lead"]
    split = split_lead_title(page, item)
    return (item, None) if split is None else (split[1], split[0])


_CONTINUED = (",", "-", "–", ":")
"""How a line of a wrapped list item ends when the item goes on (:meth:`PageText.wrapped_items`)."""
_NON_BLANK_LINE = re.compile(r"^[^\n]*\S[^\n]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n\s*\n")


def _label_pattern(label: str) -> str:
    return r"\s*".join(re.escape(word) for word in label.split())


def _compile(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return pattern
    return _compiled(pattern)


@functools.lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    """The offsets of the line breaks of a page's text (cached: a ``str`` keeps its hash)."""
    return [m.start() for m in re.finditer("\n", text)]


@functools.lru_cache(maxsize=8)
def _blank_line_ends(text: str) -> list[int]:
    return [m.end() for m in _BLANK_LINE.finditer(text)]


@functools.lru_cache(maxsize=32)
def _matches(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)
