"""Reading ATS della Montagna's pages into records.

Two pages are shipped, and any newer copy of either can be read:

- the programme page (``000_…``, "Aggiornato il 8 Luglio 2024"): the network's size, and the
  2020-2023 plan as its final report describes it — five territorial projects with their
  leads, the typologies and target groups the actions concentrated on, the beneficiaries;
- a news item (``002_…``, 30 May 2018): the network at that date, and the 2017-2018 plan —
  its territory, the number of local alliances, two ESF-funded projects and a system action.

Every fact is read from the page text: nothing is hard-coded, so a newer page with other
numbers yields other records. Which plan sections are expected follows from the plan's period:
a plan of the built-in guideline's period (2020-2023) is described by its projects and their
leads; an older plan (2017-2018) by its territory, alliance count, ESF projects and system
actions. A section the reader expects and does not find is a ``missing-section`` finding; a
value the Italian parsers cannot read is an ``unreadable-value`` finding. Neither stops the
rest of the page from being read.

The regional acts the programme page cites (D.G.R. XI/2398/2019 and Decreto 486/2020) are the
core's region-wide records (see :func:`conciliazione.regional_dataset`), reached through the
plan's ``guideline_id``; the reader does not copy them, which would make duplicate ids.
"""

from __future__ import annotations

import re

import attrs

from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.model import Guideline, MemberCategory, Network, Plan, Project
from conciliazione.parsing import (
    lines_after,
    normalize_text,
    parse_fraction_of,
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
)
from conciliazione.vague import FuzzyDate, Quantity

ATS_ID = "montagna"

_I = re.IGNORECASE

_RECOGNIZE = re.compile(r"\bATS\s+(?:della\s+)?Montagna\b", _I)
"""The ATS's name as its pages write it: "ATS della Montagna", "ATS Montagna"."""


def recognizes(text: str) -> bool:
    """True if the text names ATS della Montagna (any version of its pages)."""
    return _RECOGNIZE.search(normalize_text(text)) is not None


# -- the parsed page, before it becomes records ------------------------------------------------


@attrs.frozen
class ProjectEntry:
    """One line of the 2020-2023 project list: "- Baby Hub con capofila Comune di Tirano;".

    ``territory`` is the area a line adds after the lead ("… con capofila Coop. Forme per il
    territorio della Valtellina"): it belongs to the project, not to the lead's name.
    """

    title: str
    lead: str | None = None
    territory: str | None = None


@attrs.frozen
class AllianceCount:
    """The 2018 page counts the alliances without listing them: "(n. 8, una in ciascuno …)".

    ``note`` is the gloss after the count ("una in ciascuno degli ambiti dei Piani di Zona").
    """

    count: Quantity
    note: str | None = None


# -- entry point --------------------------------------------------------------------------------


def read_page(document: Document) -> Reading:
    """Read one ATS Montagna page (programme page or news item) into records and findings."""
    text = normalize_text(document.text)
    builder = ReadingBuilder.for_document(document, ats_id=ATS_ID)
    # The news item opens with its headline; the programme page opens with running text and
    # has no title of its own.
    builder.read_title(text)
    # "Aggiornato il 8 Luglio 2024 da ATS Montagna", to the day.
    updated = builder.read_update_date(text, expected="no 'Aggiornato il …' line")
    _read_network(text, builder, updated)
    _read_plan(text, builder)
    return builder.build()


# -- network ------------------------------------------------------------------------------------

_NETWORK_STRUCTURE = re.compile(
    r"\bRete\s+territoriale\b[^()]*?\bcostituita\s+da\s+"
    r"(?P<phrase>(?P<count>[^,()]+?)\s+soggetti)(?:\s*,\s*(?P<description>[^().;]+?))?"
    r"\s*(?:\)|[.;]|$)",
    _I,
)
"""The programme page: "la Rete territoriale … è costituita da 119 soggetti, in larghissima
parte enti pubblici e organizzazioni del terzo settore)"."""
_NETWORK_NEWS = re.compile(
    r"\bcon\s+(?P<count>[^,.()]+?)\s+aderenti\b"
    r"(?:[^().]*?\((?P<categories>[^()]+)\))?",
    _I,
)
"""The news item: "con quasi cento aderenti, in rappresentanza di realtà pubbliche e private
(Regione, ATS, Province, …)"."""
_TODAY = re.compile(r"\boggi\b", _I)


def _read_network(text: str, builder: ReadingBuilder, updated: FuzzyDate | None) -> None:
    """The network's size (and member categories, when listed) as of the page.

    ``as_of``: a news item speaks of "oggi", the day it was published, so its count is dated
    by the page's date (30 May 2018). The programme page states the count in the present tense
    on a page updated much later than the sentence may have been written, so its ``as_of`` is
    left ``None`` rather than claimed; the page's own date stays on the source record.
    """
    structure = _NETWORK_STRUCTURE.search(text)
    news = None if structure else _NETWORK_NEWS.search(text)
    if structure is None and news is None:
        builder.missing_section("network member count", "no '… soggetti' or '… aderenti'")
        return
    count: Quantity | None = None
    description: str | None = None
    categories: tuple[MemberCategory, ...] = ()
    try:
        if structure is not None:
            found = parse_quantity(structure["count"])
            count = Quantity(found.value, found.qualifier, structure["phrase"])
            description = structure["description"]
        elif news is not None:
            count = parse_quantity(news["count"])
            if news["categories"]:
                categories = member_categories(split_categories(news["categories"]))
    except ParseError as exc:
        builder.unreadable("network member count", exc)
    as_of = updated if updated is not None and _TODAY.search(text) else None
    builder.add(
        Network(
            network_id=_network_id(as_of, updated, builder.source.name),
            ats_id=ATS_ID,
            as_of=as_of,
            member_count=count,
            member_categories=categories,
            description=description,
        )
    )


def _network_id(as_of: FuzzyDate | None, updated: FuzzyDate | None, page: str) -> str:
    """``montagna:network:2018-05-30`` when dated; else by the page's year (``…:2024``)."""
    if as_of is not None:
        return f"{ATS_ID}:network:{as_of}"
    if updated is not None:
        return f"{ATS_ID}:network:{updated.value.year}"
    return f"{ATS_ID}:network:{slugify(page)}"


def split_categories(listed: str) -> tuple[str, ...]:
    """Split a parenthesised list of member categories into its labels.

    Labels are capitalised and may contain commas themselves ("Associazioni di industriali,
    artigiani e commercianti"): a piece starting in lower case continues the label before it.

    >>> split_categories("Regione, Associazioni di industriali, artigiani e commercianti, ATS")
    ('Regione', 'Associazioni di industriali, artigiani e commercianti', 'ATS')
    """
    labels: list[str] = []
    for piece in (p.strip() for p in listed.split(",")):
        if not piece:
            continue
        if labels and piece[0].islower():
            labels[-1] = f"{labels[-1]}, {piece}"
        else:
            labels.append(piece)
    return tuple(labels)


# -- plan ---------------------------------------------------------------------------------------

_PLAN = re.compile(
    r"\bPiano\b(?:\s+territoriale\s+di\s+conciliazione)?\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})",
    _I,
)


def _read_plan(text: str, builder: ReadingBuilder) -> None:
    """The plan the page describes, by the period it names ("il Piano 2020-2023")."""
    match = _PLAN.search(text)
    if match is None:
        builder.missing_section("plan", "no 'Piano … YYYY-YYYY'")
        return
    start, end = int(match["start"]), int(match["end"])
    guideline = guideline_for_period(start, end)
    if guideline is not None:
        _read_guideline_plan(text, builder, start, end, guideline)
    else:
        _read_earlier_plan(text, builder, start, end, match.end())


def _plan_id(start: int, end: int) -> str:
    return f"{ATS_ID}:plan:{start}-{end}"


# -- the 2020-2023 plan: projects with their leads ----------------------------------------------

_DECLARED_PROJECTS = re.compile(
    r"\bcompreso\s+(?P<phrase>(?P<count>\S+)\s+progetti\s+territoriali)", _I
)
_PROJECT_LIST_HEAD = re.compile(r"\bprogetti\s+territoriali\s*:\s*$", _I)
_PROJECT_LINE = re.compile(
    r"^-\s*(?P<title>.+?)"
    r"(?:\s+con\s+capofila\s+(?P<lead>.+?)"
    r"(?:\s+per\s+il\s+territorio\s+(?:della|dello|del|dei|delle|di|dell')\s*(?P<territory>.+?))?)?"
    r"\s*[;.]?$",
    _I,
)
_TYPOLOGIES = re.compile(r"\btipologi[ae]\b", _I)
_TYPOLOGY_ITEM = re.compile(
    r"\s*(?:,\s*|\s+ed?\s+)?(?P<code>[A-Z])(?![\w'])\s*(?:\((?P<label>[^()]*)\))?"
)
_PLAN_TARGET = re.compile(r"\bfocus\s+prevalente\s+su(?:i|gli|lle|l|lla|ll')?\s+(?P<group>\w+)", _I)
_PROJECT_TARGET = re.compile(
    r"\bprogetto\s+\"(?P<title>[^\"]+)\"\s+ha\s+come\s+target(?:\s+di\s+riferimento)?\s+"
    r"(?P<group>[^.,;]+)",
    _I,
)
_BENEFICIARIES = re.compile(
    r"\braggiunto\s+(?P<total>.+?)\s+di\s+destinatari(?:\s+finali)?"
    r"(?:\s*,\s*di\s+cui\s+(?P<part>.+?)\s+attraverso\s+il\s+progetto\s+(?P<project>[^.]+))?",
    _I,
)
_REPORT_AUTHOR = re.compile(
    r"\bReport\b[^.]*?\ba\s+cura\s+(?:dello|della|del|dei|delle|di|dell')\s*(?P<author>[^,]+?)\s*,",
    _I,
)


def _read_guideline_plan(
    text: str, builder: ReadingBuilder, start: int, end: int, guideline: Guideline
) -> None:
    """A plan under the built-in guideline, as its final report describes it."""
    plan_id = _plan_id(start, end)
    entries = project_entries(text)
    if not entries:
        builder.missing_section("project list", "no '- <title> con capofila <lead>' lines")
    project_ids = [f"{ATS_ID}:project:{start}-{end}:{slugify(e.title)}" for e in entries]

    declared = _declared_projects(text, builder)
    service_types = _service_types(text, builder)
    plan_targets = _plan_targets(text, builder)
    project_targets = _project_targets(text, builder, entries)
    total, part, part_title = _beneficiaries(text, builder, entries)
    author = _REPORT_AUTHOR.search(text)
    if author is None:
        builder.missing_section("final report author", "no 'Report … a cura di …'")

    builder.add(*lead_organizations(ATS_ID, (e.lead for e in entries if e.lead)))
    builder.add(
        Plan(
            plan_id=plan_id,
            ats_id=ATS_ID,
            guideline_id=guideline.guideline_id,
            period_start=start,
            period_end=end,
            project_ids=tuple(project_ids),
            declared_project_count=declared,
            service_types=service_types,
            target_groups=plan_targets,
            beneficiaries=total,
            report_author=author["author"] if author else None,
        )
    )
    for entry, project_id in zip(entries, project_ids, strict=True):
        builder.add(
            Project(
                project_id=project_id,
                ats_id=ATS_ID,
                plan_id=plan_id,
                title=entry.title,
                lead_org_id=organization_id(ATS_ID, entry.lead) if entry.lead else None,
                lead_name=entry.lead,
                district=entry.territory,
                target_groups=project_targets.get(entry.title, ()),
                beneficiaries=part if entry.title == part_title else None,
            )
        )


def project_entries(text: str) -> tuple[ProjectEntry, ...]:
    """The bullet lines after "… N progetti territoriali:", in page order.

    A line without "con capofila" still names a project (its lead is then unknown, which the
    rule ``montagna-project-lead-missing`` reports).
    """
    entries: list[ProjectEntry] = []
    for line in lines_after(text, _PROJECT_LIST_HEAD) or ():
        match = _PROJECT_LINE.match(line.strip())
        if match is None:
            break
        entries.append(ProjectEntry(match["title"], match["lead"], match["territory"]))
    return tuple(entries)


def _declared_projects(text: str, builder: ReadingBuilder) -> Quantity | None:
    match = _DECLARED_PROJECTS.search(text)
    if match is None:
        builder.missing_section("declared project count", "no '… N progetti territoriali'")
        return None
    try:
        found = parse_quantity(match["count"])
    except ParseError as exc:
        builder.unreadable("declared project count", exc)
        return None
    return Quantity(found.value, found.qualifier, match["phrase"])


def service_type_codes(text: str) -> tuple[str, ...]:
    """The typology letters after "tipologie": "nelle tipologie A (…) e B (…)" → ("A", "B").

    The first mention of "tipologie" followed by letters counts ("diverse tipologie di servizi"
    is the guideline's list, not the plan's).

    >>> service_type_codes("concentrate nelle tipologie A (caregiver) e B (scuola), con …")
    ('A', 'B')
    """
    for match in _TYPOLOGIES.finditer(text):
        codes: list[str] = []
        pos = match.end()
        while (item := _TYPOLOGY_ITEM.match(text, pos)) is not None:
            codes.append(item["code"])
            pos = item.end()
        if codes:
            return tuple(codes)
    return ()


def _service_types(text: str, builder: ReadingBuilder) -> tuple[str, ...]:
    codes = service_type_codes(text)
    if not codes:
        builder.missing_section("service typologies", "no 'tipologie A (…) e B (…)'")
    return codes


_TARGET_GROUPS: dict[str, str] = {
    "minori": "minori",
    "bambini": "minori",
    "ragazzi": "minori",
    "figli": "minori",
    "adolescenti": "minori",
    "anziani": "anziani",
    "anziane": "anziani",
    "caregiver": "caregiver",
    "famiglie": "famiglie",
    "lavoratori": "lavoratori",
    "lavoratrici": "lavoratori",
}
"""Words of a target phrase → the group's name, so that "le persone anziane" and "gli anziani"
are one group."""
_TARGET_FILLER = frozenset({"le", "i", "gli", "la", "il", "l'", "persone", "sui", "sulle"})


def target_group(phrase: str) -> str:
    """The target group a phrase names: "le persone anziane" → "anziani".

    The first word the vocabulary knows decides; an unknown phrase is kept as written (without
    articles), never dropped.

    >>> target_group("le persone anziane"), target_group("minori")
    ('anziani', 'minori')
    """
    words = [w for w in phrase.strip().split() if w.casefold() not in _TARGET_FILLER]
    for word in words:
        known = _TARGET_GROUPS.get(word.casefold())
        if known is not None:
            return known
    return " ".join(words) or phrase.strip()


def _plan_targets(text: str, builder: ReadingBuilder) -> tuple[str, ...]:
    match = _PLAN_TARGET.search(text)
    if match is None:
        builder.missing_section("plan target groups", "no 'focus prevalente su …'")
        return ()
    return (target_group(match["group"]),)


def _find_entry(entries: tuple[ProjectEntry, ...], phrase: str) -> ProjectEntry | None:
    """The listed project a phrase starts with ("Baby Hub del Comune di Tirano" → Baby Hub)."""
    folded = phrase.strip().strip('"').casefold()
    for entry in sorted(entries, key=lambda e: len(e.title), reverse=True):
        if folded.startswith(entry.title.casefold()):
            return entry
    return None


def _project_targets(
    text: str, builder: ReadingBuilder, entries: tuple[ProjectEntry, ...]
) -> dict[str, tuple[str, ...]]:
    """Target groups the page gives for single projects ("Solo il progetto "…" ha come …")."""
    found: dict[str, tuple[str, ...]] = {}
    matches = list(_PROJECT_TARGET.finditer(text))
    if not matches:
        builder.missing_section("project target groups", "no 'il progetto \"…\" ha come target'")
    for match in matches:
        entry = _find_entry(entries, match["title"])
        if entry is None:
            builder.unreadable(
                "project target groups",
                ParseError("project", match["title"], "not among the listed projects"),
            )
            continue
        found[entry.title] = (target_group(match["group"]),)
    return found


def _beneficiaries(
    text: str, builder: ReadingBuilder, entries: tuple[ProjectEntry, ...]
) -> tuple[Quantity | None, Quantity | None, str | None]:
    """The plan's final beneficiaries, and the share one project reached, kept approximate."""
    match = _BENEFICIARIES.search(text)
    if match is None:
        builder.missing_section("beneficiaries", "no 'raggiunto … destinatari finali'")
        return None, None, None
    try:
        total = parse_quantity(match["total"])
    except ParseError as exc:
        builder.unreadable("beneficiaries", exc)
        return None, None, None
    if match["part"] is None:
        return total, None, None
    entry = _find_entry(entries, match["project"])
    if entry is None:
        builder.unreadable(
            "project beneficiaries",
            ParseError("project", match["project"], "not among the listed projects"),
        )
        return total, None, None
    try:
        part = parse_fraction_of(match["part"], total)
    except ParseError:
        try:
            part = parse_quantity(match["part"])
        except ParseError as exc:
            builder.unreadable("project beneficiaries", exc)
            return total, None, None
    return total, part, entry.title


# -- an earlier plan (2017-2018): territory, alliances by count, ESF projects -------------------

_TERRITORY = re.compile(r"\((?P<territory>[^()]+)\)")
_ALLIANCES = re.compile(
    r"\bAlleanze\s+Locali\s*\(\s*(?P<count>[^,()]+?)\s*(?:,\s*(?P<note>[^()]+?))?\s*\)", _I
)
_ESF = re.compile(
    r"\b(?:Fondo\s+Sociale\s+Europeo|FSE)\b[^.()]*?\bprogetti\s*\((?P<leads>[^()]+)\)", _I
)
_ESF_LEAD = re.compile(
    r"^(?:uno|una|l'altr[oa]|un\s+altro|un'altra)\s+(?:(?:gestit|guidat|promoss)[oa]\s+)?"
    r"d(?:all'|(?:alla|allo|agli|alle|al|ai|a)\b)\s*",
    _I,
)
_SYSTEM_ACTION = re.compile(
    r"\bATS\b[^.]*?\bha\s+promosso\s+(?:un\s+|una\s+|un')?(?P<action>.+?)(?:,\s*che\b|\.(?:\s|$))",
    _I,
)
ESF = "FSE"
"""The funding of projects paid by the European Social Fund (Fondo Sociale Europeo)."""


def _read_earlier_plan(
    text: str, builder: ReadingBuilder, start: int, end: int, after_period: int
) -> None:
    """A plan older than the built-in guidelines, as the 2018 news item describes it.

    The page counts the local alliances ("n. 8") but lists none, so no alliance is invented;
    it names the two ESF projects only by their leads, so their titles are built from the text
    ("Progetto FSE Sol.Co. Sondrio") — see :func:`esf_projects`.
    """
    plan_id = _plan_id(start, end)
    territory = _plan_territory(text, builder, after_period)
    alliances = alliance_count(text)
    if alliances is None:
        builder.missing_section("alliance count", "no 'Alleanze Locali (n. …)'")
    leads = esf_project_leads(text)
    if not leads:
        builder.missing_section("ESF projects", "no 'Fondo Sociale Europeo … progetti (…)'")
    actions = system_actions(text)
    if not actions:
        builder.missing_section("system actions", "no 'l'ATS … ha promosso …'")

    projects = [
        Project(
            project_id=f"{ATS_ID}:project:{start}-{end}:{slugify(f'fse {lead}')}",
            ats_id=ATS_ID,
            plan_id=plan_id,
            title=esf_project_title(lead),
            lead_org_id=organization_id(ATS_ID, lead),
            lead_name=lead,
            funding=ESF,
        )
        for lead in leads
    ]
    builder.add(*lead_organizations(ATS_ID, leads))
    builder.add(
        Plan(
            plan_id=plan_id,
            ats_id=ATS_ID,
            guideline_id=None,
            period_start=start,
            period_end=end,
            project_ids=tuple(p.project_id for p in projects),
            system_actions=actions,
            declared_alliance_count=alliances.count if alliances else None,
            territory=territory,
        )
    )
    builder.add(*projects)


def _plan_territory(text: str, builder: ReadingBuilder, after_period: int) -> tuple[str, ...]:
    """The areas in parentheses in the plan's own sentence ("(provincia di Sondrio, …)")."""
    sentence_end = text.find(". ", after_period)
    sentence = text[after_period : sentence_end if sentence_end >= 0 else len(text)]
    match = _TERRITORY.search(sentence)
    if match is None:
        builder.missing_section("plan territory", "no '(…)' list of areas after the plan")
        return ()
    return tuple(p.strip() for p in match["territory"].split(",") if p.strip())


def alliance_count(text: str) -> AllianceCount | None:
    """The number of local alliances, with its gloss: "Alleanze Locali (n. 8, una in …)"."""
    match = _ALLIANCES.search(text)
    if match is None:
        return None
    try:
        return AllianceCount(parse_quantity(match["count"]), match["note"])
    except ParseError:
        return None


def esf_project_leads(text: str) -> tuple[str, ...]:
    """The leads of the ESF projects: "(uno gestito da Sol.Co. Sondrio, l'altro dal Comune
    di Breno)" → ("Sol.Co. Sondrio", "Comune di Breno")."""
    match = _ESF.search(text)
    if match is None:
        return ()
    leads = (_ESF_LEAD.sub("", piece.strip()).strip() for piece in match["leads"].split(","))
    return tuple(lead for lead in leads if lead)


def esf_project_title(lead: str) -> str:
    """A descriptive title for an ESF project the page names only by its lead.

    The 2018 news item gives these projects no title; "Progetto FSE <lead>" says what the page
    says (an ESF project run by that body) and nothing more.
    """
    return f"Progetto {ESF} {lead}"


def system_actions(text: str) -> tuple[str, ...]:
    """What the ATS itself promoted under the plan: "l'ATS … ha promosso un progetto di …"."""
    return tuple(m["action"].strip() for m in _SYSTEM_ACTION.finditer(text))
