"""Reading ATS di Pavia's page into records.

The page (``003_…``, "Conciliazione famiglia-lavoro: le iniziative della Rete territoriale della
provincia di Pavia - triennio 2020-2023") tells the story of the provincial network since 2011,
the regional acts behind it, the funds D.G.R. 2398/2019 assigns to the ATS year by year, the two
ATS decrees of 2020 (guidance document and call; plan), the Region's validation note, the
plan's general objectives and whom to contact.

Every fact is read from the page text, nothing is hard-coded: change a figure in a copy of the
page and the records change with it. A section the reader expects and does not find is a
``missing-section`` finding; a value the Italian parsers cannot read is ``unreadable-value``.

The regional acts the core already ships (D.G.R. XI/2398/2019, Decreto 486/2020, see
:func:`conciliazione.regional.regional_dataset`) are referred to by the core's ids and not
emitted again (:func:`conciliazione.reading.resolve_act`): the ``duplicate-id`` rule would fire
when the datasets merge.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable

import attrs

from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.model import (
    Act,
    ActKind,
    Allocation,
    AllocationBasis,
    Contact,
    Network,
    Plan,
)
from conciliazione.parsing import (
    bullets_after,
    deobfuscate_email,
    find_act_references,
    normalize_text,
    parse_amount,
    slugify,
)
from conciliazione.reading import (
    Reading,
    ReadingBuilder,
    guideline_for_period,
    member_categories,
    objectives,
    resolve_act,
)
from conciliazione.regional import guidelines
from conciliazione.vague import FuzzyDate

ATS_ID = "pavia"

_I = re.IGNORECASE

_RECOGNIZE = re.compile(r"\bATS\s+di\s+Pavia\b|\bprovincia\s+di\s+Pavia\b|\bats-pavia\.it\b", _I)
"""How the page names its ATS: "ATS di Pavia", "provincia di Pavia", the ``ats-pavia.it`` mail
domain."""

_HEADING = re.compile(r"Conciliazione\b", _I)
"""The title starts with "Conciliazione"; the page opens with the site's "INFO E CONTATTI" bar,
so its first line is not the title."""


def recognizes(text: str) -> bool:
    """True if the text names ATS di Pavia (or its province, or its mail domain)."""
    return _RECOGNIZE.search(normalize_text(text)) is not None


def read_page(document: Document) -> Reading:
    """Read one ATS Pavia page into records and findings."""
    text = normalize_text(document.text)
    builder = ReadingBuilder.for_document(document, ats_id=ATS_ID)
    builder.read_title(text, _HEADING, expected="no 'Conciliazione …' title line")
    builder.read_update_date(text, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    acts = PageActs.of(text)
    _read_allocations(text, builder, acts)
    _read_guidance_acts(text, builder, acts)
    _read_plan(text, builder, acts)
    _read_objectives(text, builder)
    _read_network(text, builder)
    _read_contacts(text, builder)
    if not acts.acts:
        builder.missing_section("acts", "no act cited (D.G.R., Decreto, nota)")
    builder.add(*acts.acts.values())
    return builder.build()


def blocks(text: str) -> list[str]:
    """The page's paragraphs: runs of lines between blank lines (a list stays with its lead-in)."""
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


# -- acts ---------------------------------------------------------------------------------------


@attrs.define
class PageActs:
    """The acts the page cites, by id in page order, and where each citation stands.

    Acts the core ships (region-wide) are referred to by the core's id and never collected:
    ``acts`` holds only the acts this plugin must emit. Acts cited twice (the 101/DGi decree)
    are collected once. The Region's validation note is unnumbered: its id carries the ATS and
    the date (``regione_lombardia:regional_note:s-n:2020:pavia-2020-06-22``).
    """

    acts: dict[str, Act] = attrs.field(factory=dict)
    citations: list[tuple[int, ActKind, str]] = attrs.field(factory=list)
    """(offset, kind, act id) of every citation, in page order."""

    @classmethod
    def of(cls, text: str) -> PageActs:
        found = cls()
        for start, ref in find_act_references(text):
            act = resolve_act(ref, ats_id=ATS_ID)
            act_id = act if isinstance(act, str) else act.act_id
            found.citations.append((start, ref.kind, act_id))
            if isinstance(act, Act):
                found.acts.setdefault(act_id, act)
        return found

    def cited_in(self, start: int, end: int, kinds: Iterable[ActKind] = ()) -> list[str]:
        """Ids of the acts cited between two offsets (optionally only of some kinds)."""
        wanted = frozenset(kinds)
        return [
            act_id
            for at, kind, act_id in self.citations
            if start <= at < end and (not wanted or kind in wanted)
        ]

    def entitle(self, act_id: str, title: str) -> None:
        """Give a collected act the title the page gives it (core acts keep theirs)."""
        if act_id in self.acts:
            self.acts[act_id] = self.acts[act_id].model_copy(update={"title": title})


# -- allocations --------------------------------------------------------------------------------

_ALLOCATION = re.compile(
    r"euro\s+(?P<amount>[0-9][0-9.,]*)\s+a\s+valere\s+sull'\s?annualit[àa]\s+(?P<year>[0-9]{4})",
    _I,
)


def _read_allocations(text: str, builder: ReadingBuilder, acts: PageActs) -> None:
    """Every "euro X a valere sull'annualità YYYY" of the paragraph on the regional split.

    The act is the D.G.R. cited in the same paragraph before the amounts; the guideline is the
    built-in guideline that act sets.
    """
    offset = 0
    for block in blocks(text):
        start = text.index(block, offset)
        offset = start + len(block)
        matches = list(_ALLOCATION.finditer(block))
        if not matches:
            continue
        dgrs = acts.cited_in(start, start + matches[0].start(), [ActKind.DGR])
        act_id = dgrs[-1] if dgrs else None
        if act_id is None:
            builder.missing_section("allocation act", "no D.G.R. cited before the amounts")
        guideline_id = next(
            (g.guideline_id for g in guidelines().values() if act_id in g.act_ids), None
        )
        for match in matches:
            try:
                amount = parse_amount(match["amount"])
            except ParseError as exc:
                builder.unreadable(f"allocation {match['year']}", exc)
                continue
            year = int(match["year"])
            builder.add(
                Allocation(
                    allocation_id=_allocation_id(guideline_id or act_id, year),
                    ats_id=ATS_ID,
                    guideline_id=guideline_id,
                    year=year,
                    amount_eur=amount,
                    basis=AllocationBasis.PUBLISHED,
                    act_id=act_id,
                )
            )
        return
    builder.missing_section("allocations", "no 'euro X a valere sull'annualità YYYY'")


def _allocation_id(basis: str | None, year: int) -> str:
    """``pavia:allocation:dgr-xi-2398-2019-2020``: the guideline (or act) and the year."""
    prefix = f"{basis} " if basis else ""
    return f"{ATS_ID}:allocation:{slugify(f'{prefix}{year}')}"


# -- the ATS's own acts -------------------------------------------------------------------------

_ATS_KINDS = (ActKind.ATS_DECREE, ActKind.DG_RESOLUTION)
_APPROVES_LIST = re.compile(
    r"^(?P<lead>[^\n]*\bha\s+(?:pertanto\s+)?approvato)\s*:\s*\n"
    r"(?P<items>(?:\s*[0-9]+\.\s+[^\n]+\n?)+)",
    _I | re.MULTILINE,
)
_ITEM = re.compile(r"^\s*[0-9]+\.\s+(?P<item>.+)$", re.MULTILINE)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_ARTICLE = re.compile(r"^(?:il|lo|la|i|gli|le)\s+|^l'\s?", _I)


def _approved_object(text: str) -> str:
    """What an act approves, as written, without leading article, glosses in parentheses and
    trailing punctuation: 'l'Avviso … (Decreto n. 101/DGi …) rivolte alle Alleanze locali.' →
    'Avviso … rivolte alle Alleanze locali'."""
    return _ARTICLE.sub("", _PARENTHESES.sub("", text).strip(" ,.;:"))


def _read_guidance_acts(text: str, builder: ReadingBuilder, acts: PageActs) -> None:
    """The decree that approves a numbered list, titled with what it approves.

    "L'ATS di Pavia, con Decreto n. 101/DGi …, ha pertanto approvato: 1. Il "Documento
    territoriale di indirizzo …" 2. l'Avviso …": the guidance document and the call.
    """
    match = _APPROVES_LIST.search(text)
    cited = acts.cited_in(match.start(), match.end("lead"), _ATS_KINDS) if match else []
    if match is None or not cited:
        builder.missing_section(
            "guidance document and call", "no 'con Decreto n. … ha approvato: 1. … 2. …'"
        )
        return
    items = [_approved_object(m["item"]) for m in _ITEM.finditer(match["items"])]
    acts.entitle(cited[0], "Approva: " + "; ".join(items))


# -- plan ---------------------------------------------------------------------------------------

_PLAN = re.compile(
    r"\bapprovat[oa]\s+(?:il\s+)?(?P<name>Piano\b[^,.;\n]*?(?P<start>[0-9]{4})\s*[-–]\s*"
    r"(?P<end>[0-9]{4}))",
    _I,
)


def _read_plan(text: str, builder: ReadingBuilder, acts: PageActs) -> None:
    """The plan, its approving act and its validation.

    "Con Decreto ATS n. 247/DGi … è stato approvato il Piano … 2020-2023, validato da Regione
    Lombardia con nota del 22/06/2020". The page lists no project and declares no count: both
    stay empty.
    """
    match = _PLAN.search(text)
    if match is None:
        builder.missing_section("plan", "no 'approvato il Piano … YYYY-YYYY'")
        return
    start, end = int(match["start"]), int(match["end"])
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    approving = acts.cited_in(line_start, match.start(), _ATS_KINDS)
    if approving:
        acts.entitle(approving[-1], f"Approva: {match['name']}")
    else:
        builder.missing_section("plan approval act", "no ATS decree before 'approvato il Piano'")
    notes = acts.cited_in(match.end(), line_end, [ActKind.REGIONAL_NOTE])
    validated_on: FuzzyDate | None = None
    if notes:
        acts.entitle(notes[0], f"Validazione: {match['name']}")
        validated_on = acts.acts[notes[0]].date if notes[0] in acts.acts else None
    else:
        builder.missing_section("plan validation", "no 'validato … con nota del dd/mm/yyyy'")
    guideline = guideline_for_period(start, end)
    builder.add(
        Plan(
            plan_id=f"{ATS_ID}:plan:{start}-{end}",
            ats_id=ATS_ID,
            guideline_id=guideline.guideline_id if guideline else None,
            period_start=start,
            period_end=end,
            approving_act_id=approving[-1] if approving else None,
            validation_act_id=notes[0] if notes else None,
            validated_on=validated_on,
        )
    )


# -- objectives ---------------------------------------------------------------------------------

_OBJECTIVES_HEAD = re.compile(r"\bobiettivi\b[^\n]*:\s*$", _I)


def _read_objectives(text: str, builder: ReadingBuilder) -> None:
    """The plan's "obiettivi generali", in page order."""
    items = bullets_after(text, _OBJECTIVES_HEAD)
    if not items:
        builder.missing_section("objectives", "no '… obiettivi generali:' followed by '- …' items")
        return
    builder.add(*objectives(ATS_ID, items))


# -- network ------------------------------------------------------------------------------------

_NETWORK = re.compile(
    r"\b(?P<name>Rete\s+(?:territoriale\s+)?di\s+Conciliazione\b[^,\n]*?)\s*,?\s+"
    r"a\s+partire\s+dal\s+(?P<since>[0-9]{4})",
    _I,
)
_CATEGORY_LIST = re.compile(r"\((?P<list>[^()0-9]+,[^()0-9]+)\)")


def _read_network(text: str, builder: ReadingBuilder) -> None:
    """The network, without a count: the page gives only the kinds of actor it involves.

    "La Rete di Conciliazione della provincia di Pavia, a partire dal 2011 …" names no member
    count and no reference date, so ``member_count`` and ``as_of`` stay ``None`` (2011 is when
    the network started, not the date of a count: it goes in the description). The categories
    are the first parenthesized list without digits in the same paragraph; their kinds are the
    core's guess for category labels ("P.A." → public body, "associazioni di categoria" →
    employers' associations).
    """
    match = _NETWORK.search(text)
    if match is None:
        builder.missing_section("network", "no 'Rete di Conciliazione …, a partire dal YYYY'")
        return
    paragraph_end = text.find("\n", match.end())
    paragraph = text[match.start() : len(text) if paragraph_end < 0 else paragraph_end]
    listed = _CATEGORY_LIST.search(paragraph)
    if listed is None:
        builder.missing_section("network member categories", "no '(P.A., Terzo settore, …)'")
    labels = [label.strip() for label in listed["list"].split(",")] if listed else []
    builder.add(
        Network(
            network_id=f"{ATS_ID}:network:since-{match['since']}",
            ats_id=ATS_ID,
            member_categories=member_categories(labels),
            description=f"{match['name']}, attiva dal {match['since']}",
        )
    )


# -- contacts -----------------------------------------------------------------------------------

_SWITCHBOARD = re.compile(r"\bCentralino\s*:?\s*(?P<phone>[0-9][0-9/ .]*[0-9])", _I)
_ROLE = re.compile(r"^(?P<role>Operatori\s+(?:dell'\s?|della\s+|del\s+)\S.*?)\s*$", _I | re.M)
_SCOPE = re.compile(
    r"\bPer\s+(?P<scope>informazion[ei]\b[^.\n]*?)\s+è\s+possibile\s+contattare", _I
)
_PERSON = re.compile(
    r"^(?P<name>[^\n–]+?)\s+[–-]\s+tel\.?\s*(?P<phone>[0-9][0-9/ .]*[0-9])\s+[–-]\s+"
    r"e-?mail\s*:?\s*(?P<email>\S+)",
    _I | re.MULTILINE,
)
_HONORIFIC = re.compile(r"^(?:Dott\.ssa|Dr\.ssa|Dott\.|Dr\.|Prof\.ssa|Prof\.|Sig\.ra|Sig\.)\s*", _I)


def _read_contacts(text: str, builder: ReadingBuilder) -> None:
    """The switchboard (institutional) and the named officials (personal data).

    An official's line is "Dr.ssa Nome Cognome – tel. … – e-mail: nome[@]ats-pavia.it"; the
    honorific is dropped from the name, the role is the heading above ("Operatori dell'UOC
    …"), the scope what the page says they are for ("Per informazioni riguardo ai progetti
    attivati … è possibile contattare gli operatori"; "informazioni" if it does not say).
    """
    switchboard = _SWITCHBOARD.search(text)
    if switchboard is None:
        builder.missing_section("switchboard", "no 'Centralino <phone>'")
    else:
        builder.add(
            Contact(
                contact_id=f"{ATS_ID}:contact:centralino",
                ats_id=ATS_ID,
                scope="centralino",
                phone=switchboard["phone"].strip(),
                personal=False,
            )
        )
    people = list(_PERSON.finditer(text))
    if not people:
        builder.missing_section("contacts", "no 'Nome – tel. … – e-mail: …' line")
    roles = _Preceding(_ROLE, text, "role")
    scopes = _Preceding(_SCOPE, text, "scope")
    for person in people:
        role = roles.last_before(person.start())
        scope = scopes.last_before(person.start())
        name = _HONORIFIC.sub("", person["name"].strip())
        email: str | None = None
        try:
            email = deobfuscate_email(person["email"])
        except ParseError as exc:
            builder.unreadable(f"e-mail of {name}", exc)
        builder.add(
            Contact(
                contact_id=personal_contact_id(name),
                ats_id=ATS_ID,
                scope=scope if scope else "informazioni",
                name=name,
                role=role,
                phone=person["phone"].strip(),
                email=email,
                personal=True,
            )
        )


def personal_contact_id(name: str) -> str:
    """A stable id for a named official that does not spell the name out.

    Ids travel where personal data must not (findings, joins, logs), so the id holds a short
    hash of the name's slug: the same official keeps the same id, and only the ``contact``
    record, flagged ``personal``, carries the name.
    """
    digest = hashlib.sha256(slugify(name).encode()).hexdigest()[:12]
    return f"{ATS_ID}:contact:person-{digest}"


class _Preceding:
    """The matches of ``pattern`` in ``text``, found once, to look up the last one before a
    position (searching the text again for each official made reading quadratic)."""

    def __init__(self, pattern: re.Pattern[str], text: str, group: str) -> None:
        matches = list(pattern.finditer(text))
        self._starts = [m.start() for m in matches]
        self._ends = [m.end() for m in matches]
        self._values = [m[group] for m in matches]

    def last_before(self, pos: int) -> str | None:
        """The named group of the last match that lies wholly before ``pos``."""
        index = bisect.bisect_right(self._ends, pos) - 1
        return self._values[index] if index >= 0 else None
