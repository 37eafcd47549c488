"""Reading ATS di Brescia's page into records.

The page (``004_…``, "Conciliazione Vita-Lavoro") explains the programme, lists its objectives
as "•" bullets under "Obiettivi", cites the Director General's decree on the company-welfare
initiative (with the regional acts behind it) and gives the e-mail addresses to write to: one
for general information, one per alliance.

Every fact is read from the page text, nothing is hard-coded: change a figure in a copy of the
page and the records change with it. A section the reader expects and does not find is a
``missing-section`` finding; a value the Italian parsers cannot read is ``unreadable-value``.
The one piece of outside knowledge is :func:`body_from_domain`, a documented heuristic that
names the body behind an e-mail domain.

The page describes the Region's networks in general and gives no count or list of the ATS's own
network members, so no ``Network`` record is made.
"""

from __future__ import annotations

import bisect
import re

from conciliazione.documents import Document
from conciliazione.model import Act, Contact
from conciliazione.parsing import (
    bullets_after,
    find_act_references,
    find_emails,
    normalize_text,
    slugify,
)
from conciliazione.reading import Reading, ReadingBuilder, objectives, resolve_act

ATS_ID = "brescia"

_I = re.IGNORECASE

_RECOGNIZE = re.compile(r"\bATS\s+di\s+Brescia\b|\bats-brescia\.it\b", _I)
"""How the page names its ATS: "ATS di Brescia" or its ``ats-brescia.it`` mail domain."""

_HEADING = re.compile(r"Conciliazione\b", _I)
"""The title is the first line that starts with "Conciliazione" and is not a sentence."""


def recognizes(text: str) -> bool:
    """True if the text names ATS di Brescia or uses its mail domain."""
    return _RECOGNIZE.search(normalize_text(text)) is not None


def read_page(document: Document) -> Reading:
    """Read one ATS Brescia page into records and findings."""
    text = normalize_text(document.text)
    builder = ReadingBuilder.for_document(document, ats_id=ATS_ID)
    builder.read_title(text, _HEADING, expected="no 'Conciliazione …' title line")
    builder.read_update_date(text, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    _read_objectives(text, builder)
    _read_acts(text, builder)
    _read_contacts(text, builder)
    return builder.build()


# -- objectives ---------------------------------------------------------------------------------

_OBJECTIVES_HEAD = re.compile(r"^\s*Obiettivi\s*:?\s*$", _I)


def _read_objectives(text: str, builder: ReadingBuilder) -> None:
    """The programme's objectives, the bullets under the "Obiettivi" heading, in page order."""
    items = bullets_after(text, _OBJECTIVES_HEAD)
    if not items:
        builder.missing_section("objectives", "no 'Obiettivi' heading followed by '• …' items")
        return
    builder.add(*objectives(ATS_ID, items))


# -- acts ---------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"(?P<title>[^"\n]+)"')


def _title_quote(text: str, pos: int, start_before: int, line_end: int) -> re.Match[str] | None:
    """The first quoted text that starts in ``[pos, start_before)`` (before the next
    citation) and ends on the line. Only the quote marks in that span are tried, so reading
    stays linear in the page's size however many citations a long line holds."""
    quote = text.find('"', pos, start_before)
    while quote >= 0:
        found = _QUOTED.match(text, quote, line_end)
        if found:
            return found
        quote = text.find('"', quote + 1, start_before)
    return None


def _read_acts(text: str, builder: ReadingBuilder) -> None:
    """Every act the page cites, once each, in page order.

    Regional acts (D.G.R., D.d.u.o.) are issued by the Region, the Director General's decree by
    the ATS. An act's title is the quoted text that follows its citation on the same line,
    with no other citation in between: 'Decreto del Direttore Generale n. 495 del 26/08/2022 -
    … - "Iniziativa per favorire … (D.G.R. 5755/21 …): esiti …"'. Acts the core ships are left
    to the core (:func:`~conciliazione.reading.resolve_act` gives their id, not a record).
    """
    references = find_act_references(text)
    starts = [start for start, _ in references]
    acts: dict[str, Act] = {}
    line_end = -1
    for start, ref in references:
        end = start + len(ref.text)
        if line_end < start:  # the end of this citation's line, found once per line
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
        following = bisect.bisect_left(starts, end)
        before = starts[following] if following < len(starts) else len(text)
        quoted = _title_quote(text, end, min(before, line_end), line_end)
        act = resolve_act(ref, ats_id=ATS_ID, title=quoted["title"].strip() if quoted else None)
        if isinstance(act, Act):
            acts.setdefault(act.act_id, act)
    if not acts:
        builder.missing_section("acts", "no act cited (Decreto del Direttore Generale, D.G.R.)")
    builder.add(*acts.values())


# -- contacts -----------------------------------------------------------------------------------

_LABEL = re.compile(r"^Per\s+informazioni\s+(?P<about>[^:\n]+?)\s*:(?P<rest>.*)$", _I)
_ABOUT = re.compile(r"^(?:sull'\s?|(?:sugli|sulle|sulla|sullo|sui|sul|su)\s+)(?P<topic>.+)$", _I)
_END = re.compile(r"^Ultimo\s+aggiornamento\b", _I)


def scope_of(about: str) -> str:
    """The scope of a "Per informazioni …:" label: "generali" → "informazioni generali",
    "sulle Alleanze" → "alleanze" (a topic after "su…" is the scope itself)."""
    topic = _ABOUT.match(about.strip())
    return topic["topic"].lower() if topic else f"informazioni {about.strip().lower()}"


def _read_contacts(text: str, builder: ReadingBuilder) -> None:
    """The addresses under each "Per informazioni …:" label, on its line or the lines after.

    The page names no person: every address is an office's, so ``personal`` is False. The
    body behind each address (``name``) comes from its domain, see :func:`body_from_domain`.
    """
    scope: str | None = None
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        label = _LABEL.match(line.strip())
        if label:
            scope = scope_of(label["about"])
            found.extend((scope, email) for email in find_emails(label["rest"]))
        elif _END.match(line.strip()):
            break
        elif scope is not None:
            emails = find_emails(line)
            if line.strip() and not emails:
                scope = None
            found.extend((scope, email) for email in emails if scope)
    if not found:
        builder.missing_section("contacts", "no 'Per informazioni …: <e-mail>' lines")
    for contact_scope, email in found:
        local, domain = email.split("@")
        builder.add(
            Contact(
                contact_id=f"{ATS_ID}:contact:{slugify(email)}",
                ats_id=ATS_ID,
                scope=contact_scope,
                name=body_from_domain(domain),
                role=office_from_local_part(local),
                email=email,
                personal=False,
            )
        )


# -- who is behind an address: a heuristic ------------------------------------------------------

TOWN_SPELLINGS: dict[str, str] = {"palazzolosulloglio": "Palazzolo sull'Oglio"}
"""Town names that a domain runs together, as the town writes itself. Other towns are spelled
by capitalizing the domain label (``brescia`` → ``Brescia``)."""

MAIL_PROVIDERS = frozenset(
    {"gmail", "libero", "virgilio", "tiscali", "alice", "hotmail", "yahoo", "outlook", "pec"}
)
"""Second-level ``.it``/``.com`` labels of mail providers: never a town."""

_ATS_DOMAIN = re.compile(r"^ats-(?P<ats>[a-z]+)\.it$")
_COMUNE_DOMAIN = re.compile(r"^comune\.(?P<town>[a-z0-9-]+)(?:\.[a-z]{2})?\.it$")
_TOWN_DOMAIN = re.compile(r"^(?P<town>[a-z0-9-]+)\.it$")


def _town(label: str) -> str:
    return TOWN_SPELLINGS.get(label) or " ".join(w.capitalize() for w in label.split("-"))


def body_from_domain(domain: str) -> str | None:
    """The public body an e-mail domain belongs to, or ``None`` when the domain does not say.

    A heuristic on Italian public-sector naming, not a fact of the page:

    - ``ats-<name>.it`` is the ATS (``ats-brescia.it`` → "ATS di Brescia");
    - ``comune.<town>[.<province>].it`` is the municipality (``comune.brescia.it`` →
      "Comune di Brescia", ``comune.palazzolosulloglio.bs.it`` → "Comune di Palazzolo
      sull'Oglio");
    - a bare ``<town>.it`` is taken for a municipality's own domain (``montichiari.it`` →
      "Comune di Montichiari"), unless the label is a mail provider's.

    >>> body_from_domain("comune.brescia.it")
    'Comune di Brescia'
    >>> body_from_domain("gmail.com") is None
    True
    """
    domain = domain.lower()
    if ats := _ATS_DOMAIN.match(domain):
        return f"ATS di {_town(ats['ats'])}"
    if comune := _COMUNE_DOMAIN.match(domain):
        return f"Comune di {_town(comune['town'])}"
    town = _TOWN_DOMAIN.match(domain)
    if town and town["town"] not in MAIL_PROVIDERS:
        return f"Comune di {_town(town['town'])}"
    return None


_SMALL_WORDS = frozenset({"di", "del", "della", "e", "per", "a", "al", "alla"})


def office_from_local_part(local: str) -> str | None:
    """The office an address names, when its local part is dotted words: ``piano.di.zona`` →
    "Piano di Zona" (the district's office). Run-together local parts (``ufficiotempi``) are
    left alone (``None``), since splitting them would be a guess."""
    words = local.lower().split(".")
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return None
    return " ".join(w if w in _SMALL_WORDS else w.capitalize() for w in words)
