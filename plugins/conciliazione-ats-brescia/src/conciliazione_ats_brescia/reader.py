"""Reading ATS di Brescia's page: its title and update date, the objectives, the acts it cites
and the addresses to write to (one for general information, one per alliance).

Every value is read from the page with its words. The values built rather than read are marked
derived: an objective's ordinal (its place in the list), a contact's scope (from its label),
the body behind an address (from its domain, :func:`body_from_domain`, a heuristic), the
office (from the address's local part), ``personal`` (the page names no person) and an act's
issuer (from its kind).

The page describes the Region's networks in general and gives no count or list of the ATS's own
network members, plan or allocation, so no such record is made.
"""

from __future__ import annotations

import bisect
import re

from conciliazione.plugin import (
    Contact,
    Derived,
    Hit,
    PageText,
    Quoted,
    Reading,
    ReadingBuilder,
    derived,
    slugify,
)
from conciliazione_ats_brescia import ADAPTER

ATS_ID = "brescia"
_OBJECTIVES = r"^Obiettivi *:?$"
_QUOTED = r'"(?P<title>[^"\n]+)"'
_LABEL = r"^Per\s+informazioni\s+(?P<about>[^:\n]+):"
_ABOUT = re.compile(r"^(?:sull'\s?|(?:sugli|sulle|sulla|sullo|sui|sul|su)\s+)(?P<topic>.+)$", re.I)


def recognizes(text: str) -> bool:
    """True if the text names ATS di Brescia or uses its mail domain."""
    return ADAPTER.recognizes(text)


def read_page(document: object) -> Reading:
    """Read one ATS Brescia page (a :class:`~conciliazione.documents.Document`)."""
    return ADAPTER.read_document(document)  # type: ignore[arg-type]


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page, r"Conciliazione\b", expected="no 'Conciliazione …' title line")
    out.read_update_date(page, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    items = page.items_after(_OBJECTIVES)
    if out.require(items, "objectives", "no 'Obiettivi' heading followed by '• …' items"):
        out.objectives(items or [])
    _acts(page, out)
    _contacts(page, out)


def _acts(page: PageText, out: ReadingBuilder) -> None:
    """Every act the page cites, once each. An act's title is the quoted text after its
    citation on the same line, with no other citation in between ('Decreto … n. 495 del
    26/08/2022 - … - "Iniziativa … (D.G.R. 5755/21 …): esiti …"')."""
    citations = page.acts()
    out.require(citations, "acts", "no act cited (Decreto del Direttore Generale, D.G.R.)")
    starts = [c.start for c in citations]
    for citation in citations:
        act_id = out.act(citation)
        # The title must open before the next citation: searching only that far (and not to
        # the end of the line) keeps a page of one long line linear.
        following = bisect.bisect_left(starts, citation.end)
        before = starts[following] if following < len(starts) else len(page.text)
        line_end = page.line_end(citation.start)
        title = _title_quote(page, citation.end, min(before, line_end), line_end)
        if title:
            out.entitle(act_id, title["title"])


def _title_quote(page: PageText, pos: int, opens_before: int, line_end: int) -> Hit | None:
    """The first quoted text that opens in ``[pos, opens_before)`` and closes on the line."""
    quote = page.text.find('"', pos, opens_before)
    while quote >= 0:
        found = page.match_at(_QUOTED, quote, line_end)
        if found:
            return found
        quote = page.text.find('"', quote + 1, opens_before)
    return None


def _contacts(page: PageText, out: ReadingBuilder) -> None:
    """The addresses after each "Per informazioni …:" label, on its line and the lines that
    follow, up to a line with none. The page names no person: every address is an office's."""
    found: list[tuple[Derived[str], Quoted[str]]] = []
    for label in page.find_all(_LABEL):
        scope = label["about"].derive("contact-scope-from-label", scope_of)
        emails = page.emails(label.end, page.line_end(label.start))
        for line in page.iter_lines(page.line_end(label.start)):
            if page.within(line, _LABEL) or not page.emails(line.start, line.end):
                break
            emails += page.emails(line.start, line.end)
        found += [(scope, email) for email in emails]
    out.require(found, "contacts", "no 'Per informazioni …: <e-mail>' lines")
    for scope, email in found:
        local, _, domain = email.value.partition("@")
        out.record(
            Contact,
            contact_id=f"{ATS_ID}:contact:{slugify(email.value)}",
            scope=scope,
            name=derived(body_from_domain(domain), "body-from-email-domain", email),
            role=derived(office_from_local_part(local), "office-from-email-local-part", email),
            email=email,
            personal=derived(False, "institutional-contact", email),
        )


def scope_of(about: str) -> str:
    """The scope of a "Per informazioni …:" label: "generali" → "informazioni generali",
    "sulle Alleanze" → "alleanze" (a topic after "su…" is the scope itself)."""
    topic = _ABOUT.match(about.strip())
    return topic["topic"].lower() if topic else f"informazioni {about.strip().lower()}"


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
_SMALL_WORDS = frozenset({"di", "del", "della", "e", "per", "a", "al", "alla"})


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


def office_from_local_part(local: str) -> str | None:
    """The office an address names, when its local part is dotted words: ``piano.di.zona`` →
    "Piano di Zona" (the district's office). Run-together local parts (``ufficiotempi``) are
    left alone (``None``), since splitting them would be a guess."""
    words = local.lower().split(".")
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return None
    return " ".join(w if w in _SMALL_WORDS else w.capitalize() for w in words)
