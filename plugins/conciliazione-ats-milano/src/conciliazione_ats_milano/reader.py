"""Reading ATS della Città Metropolitana di Milano's page into records.

The page (``001_…``) describes the 2020-2023 plan — how it was prepared (guidance document and
call, first half of 2020), approved (Deliberazione del Direttore Generale n. 390/2020) and
validated (June 2020), what it comprises (ATS system actions and "sei progetti"), the service
typologies, and a table of the alliances with their lead bodies and project titles — and the
territorial network as of July 2021 (398 member bodies in seven categories).

Every fact is read from the page text: nothing is hard-coded. The page declares six projects
and lists five alliances with one project each; both figures are kept (the core rule
``declared-count-mismatch`` reports the gap). A section the reader expects and does not find
is a ``missing-section`` finding — the page has no update date, so every reading of it reports
one — and a value the Italian parsers cannot read is an ``unreadable-value`` finding.

The regional acts the page cites (D.G.R. XI/2398/2019, Decreto 486/2020) are the core's
region-wide records, reached through the plan's ``guideline_id``; they are not copied here
(:func:`conciliazione.reading.resolve_act` gives their id, not a record).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

import attrs

from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.model import (
    Act,
    ActKind,
    Alliance,
    Guideline,
    Network,
    Plan,
    Project,
    make_act_id,
)
from conciliazione.parsing import (
    bullets_after,
    find_act_references,
    lines_after,
    normalize_text,
    parse_count,
    parse_fuzzy_date,
    parse_quantity,
    slugify,
)
from conciliazione.reading import (
    Reading,
    ReadingBuilder,
    guideline_for_period,
    lead_organizations,
    member_categories,
    organization_id,
    resolve_act,
)
from conciliazione.rules.registry import finding_for
from conciliazione.vague import FuzzyDate, Quantity
from conciliazione_ats_milano.rules import MEMBER_TOTAL_MISMATCH

ATS_ID = "milano"

_I = re.IGNORECASE

_RECOGNIZE = re.compile(
    r"\bATS\s+(?:della\s+|di\s+)?(?:Citt[àa]\s+Metropolitana\s+(?:di\s+)?)?Milano\b", _I
)
"""The ATS's name as its page writes it: "ATS Città Metropolitana Milano", "ATS di Milano
Città Metropolitana", "ATS Milano", "ATS della Città Metropolitana di Milano"."""


def recognizes(text: str) -> bool:
    """True if the text names ATS della Città Metropolitana di Milano."""
    return _RECOGNIZE.search(normalize_text(text)) is not None


# -- the parsed page, before it becomes records ------------------------------------------------


@attrs.frozen
class AllianceEntry:
    """One block of the alliance table: the lead, then its "Nome alleanza", "Titolo
    Progetto" and "Pagina web" lines (any of which may be missing)."""

    lead: str
    district: str | None = None
    name: str | None = None
    project_title: str | None = None
    web_page: str | None = None


# -- entry point --------------------------------------------------------------------------------


def read_page(document: Document) -> Reading:
    """Read one ATS Milano page into records and findings."""
    text = normalize_text(document.text)
    builder = ReadingBuilder.for_document(document, ats_id=ATS_ID)
    builder.read_title(text)  # none: the programme page opens with running text
    # The current page has no update line: that is reported, never invented.
    builder.read_update_date(text, expected="no 'Aggiornato il …' or 'Ultimo aggiornamento' line")
    _read_plan(text, builder)
    _read_network(text, builder)
    return builder.build()


# -- plan ---------------------------------------------------------------------------------------

_PLAN = re.compile(
    r"\bPiano\s+territoriale\s+(?:di|per\s+la)\s+conciliazione(?:\s+vita\s*[-–]\s*lavoro)?\s+"
    r"(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})",
    _I,
)
_APPROVED = re.compile(r"\bPiano\b[^.]*?\bapprovat[oa]\s+con\s+", _I)
_VALIDATED = re.compile(r"\bvalidat[oa]\s+da\s+Regione\s+Lombardia\s+(?P<when>[^.;,]+)", _I)
_PLANNING_ACTS = re.compile(
    r"\bha\s+approvato,?\s+(?P<when>nel\s+[^,]+?\d{4}),?\s+il\s+(?P<document>Documento\s+[^,.]+?)"
    r"\s+ed?\s+ha\s+emanato\s+l'\s?(?P<call>Avviso\s+[^,.]+)",
    _I,
)
_CONTENTS = re.compile(
    r"\bcomprende\s+(?P<actions>azioni\s+di\s+sistema[^,.;]*?)\s+e\s+"
    r"(?P<phrase>(?P<count>\S+)\s+progetti)\b",
    _I,
)
_TYPOLOGIES_HEAD = re.compile(r"\baree\s+di\s+intervento\b.*:\s*$", _I)
_ALLIANCES_HEAD = re.compile(r"\bEnte\s+Capofila\b.*:\s*$", _I)


def _read_plan(text: str, builder: ReadingBuilder) -> None:
    """The 2020-2023 plan, its acts, its alliances and their projects."""
    match = _PLAN.search(text)
    if match is None:
        builder.missing_section("plan", "no 'Piano Territoriale di Conciliazione YYYY-YYYY'")
        return
    start, end = int(match["start"]), int(match["end"])
    plan_id = f"{ATS_ID}:plan:{start}-{end}"
    guideline = guideline_for_period(start, end)

    approving = _approving_act(text, builder)
    validated_on = _validation_date(text, builder)
    planning_acts = _planning_acts(text, builder)
    contents = _CONTENTS.search(text)
    declared: Quantity | None = None
    actions: tuple[str, ...] = ()
    if contents is None:
        builder.missing_section("plan contents", "no 'comprende azioni di sistema … e N progetti'")
    else:
        actions = (contents["actions"],)
        try:
            found = parse_quantity(contents["count"])
            declared = Quantity(found.value, found.qualifier, contents["phrase"])
        except ParseError as exc:
            builder.unreadable("declared project count", exc)
    service_types = _service_types(text, builder, guideline)

    entries = alliance_entries(lines_after(text, _ALLIANCES_HEAD) or [])
    if not entries:
        builder.missing_section("alliance table", "no lead/'Nome alleanza'/'Titolo Progetto' list")
    alliances, projects = _alliances_and_projects(entries, builder, plan_id, f"{start}-{end}")

    if isinstance(approving, Act):
        builder.add(approving)
    builder.add(*planning_acts)
    builder.add(*lead_organizations(ATS_ID, (e.lead for e in entries)))
    builder.add(
        Plan(
            plan_id=plan_id,
            ats_id=ATS_ID,
            guideline_id=guideline.guideline_id if guideline else None,
            period_start=start,
            period_end=end,
            approving_act_id=approving.act_id if isinstance(approving, Act) else approving,
            validated_on=validated_on,
            project_ids=tuple(p.project_id for p in projects),
            alliance_ids=tuple(a.alliance_id for a in alliances),
            system_actions=actions,
            declared_project_count=declared,
            service_types=service_types,
        )
    )
    builder.add(*alliances, *projects)


def _approving_act(text: str, builder: ReadingBuilder) -> Act | str | None:
    """The act cited right after "Piano … approvato con": Deliberazione del DG n. 390/2020.

    A new record, or the id of an act the core ships (see
    :func:`~conciliazione.reading.resolve_act`); ``None`` when the page names none.
    """
    match = _APPROVED.search(text)
    references = find_act_references(text[match.end() :]) if match else []
    if not references or references[0][0] != 0:
        builder.missing_section("plan approval act", "no 'approvato con <act>' after the plan")
        return None
    return resolve_act(references[0][1], ats_id=ATS_ID)


def _validation_date(text: str, builder: ReadingBuilder) -> FuzzyDate | None:
    """When the Region validated the plan: "nel mese di giugno 2020", a month, not a day."""
    match = _VALIDATED.search(text)
    if match is None:
        builder.missing_section("plan validation", "no 'validato da Regione Lombardia …'")
        return None
    try:
        return parse_fuzzy_date(match["when"])
    except ParseError as exc:
        builder.unreadable("plan validation", exc)
        return None


def _planning_acts(text: str, builder: ReadingBuilder) -> list[Act]:
    """The guidance document and the call, approved "nel primo semestre 2020".

    The page names both documents and their half-year but neither the act that approved them
    nor its number. They are recorded as acts of kind ``DG_RESOLUTION`` — in an ATS the
    Director General adopts such documents, as the plan itself was adopted — with no number,
    the document's name as title and a half-year date. Two unnumbered acts of one kind and year
    would share an id: the first two words of the title tell them apart
    (``milano:dg_resolution:s-n:2020:avviso-pubblico``).
    """
    match = _PLANNING_ACTS.search(text)
    if match is None:
        builder.missing_section(
            "guidance document and call",
            "no 'ha approvato … il Documento … ed ha emanato l'Avviso …'",
        )
        return []
    try:
        when = parse_fuzzy_date(match["when"])
    except ParseError as exc:
        builder.unreadable("guidance document and call", exc)
        when = None
    year = when.value.year if when else None
    return [
        Act(
            act_id=make_act_id(
                ActKind.DG_RESOLUTION,
                None,
                year,
                ATS_ID,
                discriminator=slugify(" ".join(title.split()[:2])),
            ),
            kind=ActKind.DG_RESOLUTION,
            date=when,
            issuer=ATS_ID,
            title=title,
            ats_id=ATS_ID,
        )
        for title in (match["document"], match["call"])
    ]


# -- service typologies -------------------------------------------------------------------------


def _compact(label: str) -> str:
    """A label reduced to its letters and digits, without glosses in parentheses: the pages
    write "salvatempo" and "salva tempo", "nell'ambito di quanto previsto dalla" and "nell'ambito
    della"."""
    without_glosses = re.sub(r"\([^()]*\)", " ", normalize_text(label))
    folded = unicodedata.normalize("NFKD", without_glosses.casefold())
    return "".join(c for c in folded if c.isalnum())


SERVICE_TYPE_MIN_SIMILARITY = 0.8
"""How alike a bullet and a guideline label must be (difflib ratio of the compact forms)."""


def match_service_type(line: str, guideline: Guideline) -> str | None:
    """The code of the guideline typology a page's bullet names, or ``None`` if none is close.

    The page words the typologies slightly differently from the guideline; the best match by
    similarity of the compact forms wins if it is close enough.

    >>> from conciliazione.regional import get_guideline
    >>> match_service_type("servizi salvatempo (solo a titolo esemplificativo …);", get_guideline())
    'C'
    """
    key = _compact(line)
    scored = [
        (SequenceMatcher(None, key, _compact(t.label)).ratio(), t.code)
        for t in guideline.service_types
    ]
    score, code = max(scored)
    return code if score >= SERVICE_TYPE_MIN_SIMILARITY else None


def _service_types(
    text: str, builder: ReadingBuilder, guideline: Guideline | None
) -> tuple[str, ...]:
    """The typologies the plan's projects cover, mapped to the guideline's codes.

    The page lists them as the areas "relativi alle aree di intervento previste dalla DGR
    2398/2019" of the plan's six projects: they describe the plan as a whole, so they go to
    ``Plan.service_types`` (no project is tied to a typology on this page).
    """
    lines = bullets_after(text, _TYPOLOGIES_HEAD)
    if not lines:
        builder.missing_section("service typologies", "no list after '… aree di intervento …:'")
        return ()
    if guideline is None:
        builder.unreadable(
            "service typologies",
            ParseError("service typology", lines[0], "the plan's period has no built-in guideline"),
        )
        return ()
    codes: list[str] = []
    for line in lines:
        code = match_service_type(line, guideline)
        if code is None or code in codes:
            reason = "matches no typology" if code is None else f"repeats typology {code}"
            builder.unreadable(
                "service typologies",
                ParseError("service typology", line, f"{reason} of {guideline.guideline_id}"),
            )
            continue
        codes.append(code)
    return tuple(codes)


# -- alliances and their projects ---------------------------------------------------------------

_FIELD = re.compile(
    r"^(?P<label>Nome\s+alleanza|Titolo\s+progetto|Pagina\s+web)\s*:\s*(?P<value>.*)$", _I
)
_DISTRICT = re.compile(
    r"^(?P<name>.+?)\s*\((?P<district>(?:Ambito|Distretto|Piano\s+di\s+Zona)\b[^()]*)\)\s*$", _I
)
_CONTINUES = (",", "–", "-", ":")


def _table_items(lines: Iterable[str]) -> list[str]:
    """The "- …" items of the table, with wrapped lines joined to the item they continue.

    A line without a dash continues the item before it when that item ends with a comma or a
    dash, or when the line starts in lower case ("Associazione IRENE – Iniziative, Ricerche,"
    / "Esperienze per una Nuova Europa"); any other line ends the table.
    """
    items: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("-"):
            items.append(stripped[1:].strip())
        elif items and stripped and (items[-1].endswith(_CONTINUES) or stripped[0].islower()):
            items[-1] = f"{items[-1]} {stripped}"
        else:
            break
    return items


def alliance_entries(lines: Iterable[str]) -> tuple[AllianceEntry, ...]:
    """The alliance blocks of the table: a lead line, then its labelled lines.

    A lead may carry its district in parentheses: "Comune di Magnago (Ambito territoriale Alto
    Milanese)" → lead "Comune di Magnago", district "Ambito territoriale Alto Milanese".
    """
    entries: list[AllianceEntry] = []
    for item in _table_items(lines):
        field = _FIELD.match(item)
        if field is None:
            district = _DISTRICT.match(item)
            if district is None:
                entries.append(AllianceEntry(lead=item))
            else:
                entries.append(AllianceEntry(district["name"], district=district["district"]))
            continue
        if not entries:
            continue
        value = field["value"].strip() or None
        label = field["label"].casefold()
        if label.startswith("nome"):
            entries[-1] = attrs.evolve(entries[-1], name=value)
        elif label.startswith("titolo"):
            entries[-1] = attrs.evolve(entries[-1], project_title=value)
        else:
            entries[-1] = attrs.evolve(entries[-1], web_page=value)
    return tuple(entries)


def _alliances_and_projects(
    entries: Sequence[AllianceEntry], builder: ReadingBuilder, plan_id: str, period: str
) -> tuple[list[Alliance], list[Project]]:
    """An alliance per block and the project it runs; a block without a project title gets
    no project (a project needs a title) and is reported."""
    alliances: list[Alliance] = []
    projects: list[Project] = []
    for entry in entries:
        alliance_id = f"{ATS_ID}:alliance:{period}:{slugify(entry.lead)}"
        alliances.append(
            Alliance(
                alliance_id=alliance_id,
                ats_id=ATS_ID,
                plan_id=plan_id,
                name=entry.name,
                lead_org_id=organization_id(ATS_ID, entry.lead),
                lead_name=entry.lead,
                district=entry.district,
                web_page_label=entry.web_page,
            )
        )
        if entry.project_title is None:
            builder.missing_section(
                "project title", f"the alliance led by {entry.lead!r} has no 'Titolo Progetto'"
            )
            continue
        projects.append(
            Project(
                project_id=f"{ATS_ID}:project:{period}:{slugify(entry.project_title)}",
                ats_id=ATS_ID,
                plan_id=plan_id,
                alliance_id=alliance_id,
                title=entry.project_title,
                lead_org_id=organization_id(ATS_ID, entry.lead),
                lead_name=entry.lead,
            )
        )
    return alliances, projects


# -- network ------------------------------------------------------------------------------------

_NETWORK = re.compile(
    r"\bRete\s+territoriale\s+(?P<when>nel\s+[^,]+?\d{4})\s+risulta\s+composta\s+da\s+"
    r"(?P<count>[^,]+?)\s+Enti\s+aderenti",
    _I,
)
_CATEGORIES_HEAD = re.compile(
    r"^Tipologia\s+soggetti\s*(?:\(\s*totale\s+(?P<total>[^()]+?)\s*\))?\s*:?$", _I
)


def _read_network(text: str, builder: ReadingBuilder) -> None:
    """The network as of the month the page gives, with its member categories.

    The categories are listed under "Tipologia soggetti (totale N):", their kinds guessed by
    the core ("Soggetti privati (Aziende)" are companies); when that total and the "n. N Enti
    aderenti" count disagree, the reader reports ``milano-member-total-mismatch`` and keeps the
    count of the sentence.
    """
    match = _NETWORK.search(text)
    if match is None:
        builder.missing_section(
            "network member count", "no '… risulta composta da n. N Enti aderenti'"
        )
        return
    as_of: FuzzyDate | None = None
    count: Quantity | None = None
    try:
        as_of = parse_fuzzy_date(match["when"])
    except ParseError as exc:
        builder.unreadable("network date", exc)
    try:
        count = parse_quantity(match["count"])
    except ParseError as exc:
        builder.unreadable("network member count", exc)

    heads = (_CATEGORIES_HEAD.match(line.strip()) for line in text.splitlines())
    head = next((h for h in heads if h is not None), None)
    labels = bullets_after(text, _CATEGORIES_HEAD)
    if not labels:
        builder.missing_section("network member categories", "no 'Tipologia soggetti:' list")
    network = Network(
        network_id=f"{ATS_ID}:network:{as_of if as_of else 'undated'}",
        ats_id=ATS_ID,
        as_of=as_of,
        member_count=count,
        member_categories=member_categories(labels or ()),
    )
    builder.add(network)
    if head is not None and head["total"] and count is not None:
        _check_total(head["total"], count, network, builder)


def _check_total(
    total_text: str, count: Quantity, network: Network, builder: ReadingBuilder
) -> None:
    try:
        total = parse_count(total_text)
    except ParseError as exc:
        builder.unreadable("network member categories total", exc)
        return
    if total != count.value:
        builder.findings.append(
            finding_for(
                MEMBER_TOTAL_MISMATCH,
                f"page {builder.source.name}: the member categories total {total} "
                f"but the network has {count.text or count.value} members",
                network.model_copy(update={"source_id": builder.source_id}),
                path="member_count",
            )
        )
