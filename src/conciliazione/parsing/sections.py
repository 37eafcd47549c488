"""Finding the parts of a page by their layout: a title, the list under a lead-in line, the update.

Why: the pages are published HTML turned into text, and whatever they say, they say it in a few
shared layouts — a line that introduces a list ("… obiettivi generali:", "Tipologia soggetti
(totale 398):") followed by ``- …`` or ``• …`` items, a headline, an "Aggiornato il …" or
"Ultimo aggiornamento: …" line. What a section *means* is the plugin's business; finding it is
the same on every page, so it lives here, once, for every plugin.

The functions expect text already run through :func:`~conciliazione.parsing.normalize_text`
(as readers do first), and never raise on a page that lacks the section: they return ``None``.
Only :func:`find_update_date` raises, :class:`~conciliazione.errors.ParseError`, when the page
has an update line whose date cannot be read — a finding for the reader, not a missing section.
"""

from __future__ import annotations

import re

from conciliazione.parsing.dates import parse_fuzzy_date
from conciliazione.vague import FuzzyDate

__all__ = [
    "HEADING_MAX",
    "LEAD_IN_MAX",
    "UPDATE_LINE",
    "bullets_after",
    "find_heading",
    "find_update_date",
    "lines_after",
]

_BULLET = re.compile(r"^\s*[-•]\s*(?P<text>.+)$")
_UPDATED = re.compile(
    r"^(?:Aggiornato\s+il\s+|Ultimo\s+aggiornamento\s*:?\s*)(?P<date>.+?)(?:\s+da\s+.+)?$",
    re.IGNORECASE | re.MULTILINE,
)
UPDATE_LINE = _UPDATED
"""The page's own update line ("Aggiornato il …", "Ultimo aggiornamento: …"), group ``date``."""
_SENTENCE_ENDS = (".", ":", ";")

HEADING_MAX = 150
"""The longest line taken for a title: a longer line is running text, not a heading."""

LEAD_IN_MAX = 1_000
"""The longest line :func:`lines_after` tries as a lead-in line. A lead-in is a short line;
trying ``head`` on longer ones would let a pattern such as ``Capofila.*:$`` rescan a long line
from each of its matches, which makes reading a page of one long line quadratic in its size."""


def lines_after(text: str, head: re.Pattern[str]) -> list[str] | None:
    """The lines that follow the first line ``head`` matches (searched within each line).

    Why: a list, a table or a run of bullets starts under a lead-in line; the reader then
    decides where it ends. ``None`` when no line matches ``head`` (the section is missing),
    an empty list when the matching line is the last. Lines longer than :data:`LEAD_IN_MAX`
    are not tried, which keeps the cost linear in the size of the text whatever ``head`` is.

    >>> lines_after("Ente Capofila:\\n- Comune di Rho\\nFine", re.compile(r"Capofila\\s*:$"))
    ['- Comune di Rho', 'Fine']
    """
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if len(line) <= LEAD_IN_MAX and head.search(line):
            return lines[i + 1 :]
    return None


def bullets_after(text: str, head: re.Pattern[str]) -> list[str] | None:
    """The bullet items (``- …`` or ``• …``) under the first line ``head`` matches, in order.

    Why: objectives, typologies and member categories are published as bullet lists under a
    lead-in line. Blank lines may stand between the items; the first other line ends the list.
    Each item is the text after the bullet without the ``;`` or ``.`` that closes it. ``None``
    when no line matches ``head``, an empty list when the lead-in has no bullet under it.

    >>> page = "Obiettivi:\\n- Adottare modelli;\\n\\n• Sviluppare reti.\\nAltro testo"
    >>> bullets_after(page, re.compile("Obiettivi"))
    ['Adottare modelli', 'Sviluppare reti']
    >>> bullets_after(page, re.compile("Destinatari")) is None
    True
    """
    lines = lines_after(text, head)
    if lines is None:
        return None
    items: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            items.append(bullet["text"].strip().rstrip(";.").strip())
        elif line.strip():
            break
    return items


def find_heading(
    text: str, start: re.Pattern[str] | None = None, *, max_length: int = HEADING_MAX
) -> str | None:
    """The page's title: a line that reads as a heading, or ``None`` when the page has none.

    Why: a title is worth keeping on the source, and worth nothing when it is a sentence taken
    for one. A line reads as a heading when it has at most ``max_length`` characters and does
    not end like a sentence (``.``, ``:``, ``;``).

    Without ``start``, only the page's first non-blank line is considered: a page that opens
    with running text has no title of its own. With ``start``, the first line that ``start``
    matches at its beginning and that reads as a heading is the title (pages that open with a
    site's menu bar and put the title further down).

    >>> find_heading("ATS della Montagna, ecco i progetti\\nLa Rete …")
    'ATS della Montagna, ecco i progetti'
    >>> find_heading("Il Piano 2020-2023 comprende sei progetti.\\nATS Milano") is None
    True
    >>> find_heading("INFO E CONTATTI\\nConciliazione Vita-Lavoro", re.compile("Conciliazione"))
    'Conciliazione Vita-Lavoro'
    """
    lines = (line.strip() for line in text.splitlines())
    if start is None:
        first = next((line for line in lines if line), "")
        return first if _reads_as_heading(first, max_length) else None
    for line in lines:
        if start.match(line) and _reads_as_heading(line, max_length):
            return line
    return None


def _reads_as_heading(line: str, max_length: int) -> bool:
    return bool(line) and len(line) <= max_length and not line.endswith(_SENTENCE_ENDS)


def find_update_date(text: str) -> FuzzyDate | None:
    """The date of the page's own update line, to the precision the line gives.

    Why: every reading states when its page was last updated, and the pages say it in two
    ways — "Aggiornato il 8 Luglio 2024 da ATS Montagna" and "Ultimo aggiornamento:
    09/07/2024" — on a line of their own. The first such line counts; a trailing "da …" (who
    updated it) is not part of the date.

    ``None`` when the page has no update line (the reader reports the missing section, never
    invents a date); :class:`~conciliazione.errors.ParseError` when the line's date cannot be
    read (31/02/2024), which the reader reports as an unreadable value.

    >>> str(find_update_date("Testo.\\nAggiornato il 8 Luglio 2024 da ATS Montagna"))
    '2024-07-08'
    >>> str(find_update_date("Ultimo aggiornamento: 09/07/2024"))
    '2024-07-09'
    >>> find_update_date("Una pagina senza data.") is None
    True
    """
    match = _UPDATED.search(text)
    return None if match is None else parse_fuzzy_date(match["date"])
