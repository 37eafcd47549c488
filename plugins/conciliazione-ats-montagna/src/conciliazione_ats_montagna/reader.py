"""Reading ATS della Montagna's pages: the 2024 programme page and the 2018 news item.

Which plan sections the reader expects follows from the plan's period: a plan of the built-in
guideline's period (2020-2023) is described by its final report — projects with their leads,
typologies, target groups, beneficiaries; an older one (2017-2018) by its territory, its count
of local alliances (none listed, none invented), two ESF projects named only by their leads and
the ATS's own system action. Values built rather than read are marked derived: the ESF
projects' titles and funding, target groups named from a phrase, the share of beneficiaries
one project reached, the news item's network dated by the page ("oggi"). The regional acts the
programme page cites are the core's records, reached through the plan's guideline, never
copied.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any

from conciliazione import plugin as kit
from conciliazione_ats_montagna import ADAPTER

ATS_ID = "montagna"
ESF = "FSE"
"""The funding of projects paid by the European Social Fund (Fondo Sociale Europeo)."""
_ART = r"(?:dello|della|delle|dell'|degli|dei|del|di)\s*"
_NETWORK = r"\bcostituita da (?P<count>[^,(]+? soggetti)(?:, (?P<gloss>[^().;\n]+))?"
_NEWS = r"\bcon (?P<count>[^,.()]+?) aderenti\b(?:[^().]*?\((?P<categories>[^()]+)\))?"
_PLAN = r"\bPiano(?: territoriale di conciliazione)? (?P<start>\d{4}) ?[-–] ?(?P<end>\d{4})"
_DECLARED = r"\bcompreso (?P<count>\S+ progetti territoriali)"
_PROJECT = (
    r"(?P<title>.+?)(?: con capofila (?P<lead>.+?)"
    rf"(?: per il territorio {_ART}(?P<territory>.+))?)?"
)
_TYPOLOGY = re.compile(r"\s*(?:,\s*|\s+ed?\s+)?(?P<code>[A-Z])(?![\w'])\s*(?:\([^()]*\))?")
_FOCUS = r"\bfocus\s+prevalente\s+su(?:i|gli|lle|l|lla|ll')?\s+(?P<group>\w+)"
_TARGET = r'\bprogetto "(?P<title>[^"]+)" ha come target(?: di riferimento)? (?P<group>[^.,;]+)'
_REACHED = (
    r"\braggiunto\s+(?P<total>.+?)\s+di\s+destinatari(?:\s+finali)?"
    r"(?:\s*,\s*di\s+cui\s+(?P<part>.+?)\s+attraverso\s+il\s+progetto\s+(?P<project>[^.]+))?"
)
_AUTHOR = rf"\bReport\b[^.]*?\ba\s+cura\s+{_ART}(?P<author>[^,]+?)\s*,"
_ALLIANCES = r"\bAlleanze\s+Locali\s*\(\s*(?P<count>[^,()]+?)\s*(?:,\s*(?P<note>[^()]+?))?\s*\)"
_ESF = r"\b(?P<fund>Fondo\s+Sociale\s+Europeo|FSE)\b[^.()]*?\bprogetti\s*\((?P<leads>[^()]+)\)"
_ESF_LEAD = (
    r"(?:(?:uno|una|l'altr[oa]|un\s+altro|un'altra)\s+(?:(?:gestit|guidat|promoss)[oa]\s+)?"
    r"d(?:all'|(?:alla|allo|agli|alle|al|ai|a)\b)\s*)?(?P<lead>\S.*)"
)
_ACTION = r"\bATS\b[^.]*?\bha promosso (?:un |una |un')?(?P<action>.+?)(?:, che\b|\.(?:\s|$))"
_WORDS = (
    "minori bambini ragazzi figli adolescenti|anziani anziane|caregiver|famiglie|"
    "lavoratori lavoratrici"
)
_GROUPS = {word: words.split()[0] for words in _WORDS.split("|") for word in words.split()}
"""Words of a target phrase → the group (its first word), so "le persone anziane" and "gli
anziani" are one group."""
ProjectEntry = namedtuple("ProjectEntry", "title lead territory")
AllianceCount = namedtuple("AllianceCount", "count note")

recognizes = ADAPTER.recognizes
"""True if the text names ATS della Montagna ("ATS della Montagna", "ATS Montagna")."""
read_page = ADAPTER.read_document
"""Read one ATS Montagna page (programme page or news item) into records and findings."""


def read(page: kit.PageText, out: kit.ReadingBuilder) -> None:
    """The page's title and date, its network, and the plan it describes with its projects."""
    out.read_title(page)  # the news item opens with its headline, the programme page does not
    _network(page, out, out.read_update_date(page, expected="no 'Aggiornato il …' line"))
    plan = page.search(_PLAN)
    if out.require(plan, "plan", "no 'Piano … YYYY-YYYY'"):
        period = out.plan_period(plan)
        (_guideline_plan if period.guideline_id else _earlier_plan)(page, out, period)


def _network(page: kit.PageText, out: kit.ReadingBuilder, updated: kit.FuzzyDate | None) -> None:
    """The network's size, and its member categories when listed.

    A news item speaks of "oggi", the day it was published, so its count is dated by the page;
    the programme page states its count in the present tense on a page updated later than the
    sentence may have been written, so that count claims no date of its own.
    """
    structure = page.search(_NETWORK)
    hit = structure or page.search(_NEWS)
    if not out.require(hit, "network member count", "no '… soggetti' or '… aderenti'"):
        return
    listed = None if structure else hit.get("categories")
    as_of = out.dated_today(page)
    key = str(as_of.value) if as_of else updated.value.year if updated else kit.slugify(page.name)
    out.record(
        kit.Network,
        network_id=f"{ATS_ID}:network:{key}",
        as_of=as_of,
        member_count=out.declared_count(hit["count"], "network member count"),
        member_categories=out.member_categories(page.split_labels(listed) if listed else []),
        description=structure.get("gloss") if structure else None,
    )


def _target(group: kit.Quoted[str]) -> list[kit.Derived[str]]:
    """The target group a phrase names, by the first word the vocabulary knows ("le persone
    anziane" → "anziani"); an unknown phrase is kept as written, never dropped."""
    known = [_GROUPS[w.casefold()] for w in group.value.split() if w.casefold() in _GROUPS]
    return [kit.derived(known[0] if known else group.value, "target-group-from-phrase", group)]


def _entries(page: kit.PageText) -> list[kit.Hit]:
    """The ``- <title> con capofila <lead>`` lines after "… progetti territoriali:", in order.

    A line without "con capofila" still names a project (the rule
    ``montagna-project-lead-missing`` reports its missing lead)."""
    items = page.items_after(r"\bprogetti\s+territoriali\s*:\s*$") or []
    return [hit for item in items if (hit := page.fullmatch(item, _PROJECT)) is not None]


def project_entries(text: str) -> tuple[ProjectEntry, ...]:
    """The programme page's project lines as plain words (title, lead, territory)."""
    hits, groups = _entries(kit.PageText(kit.normalize_text(text))), ProjectEntry._fields
    return tuple(ProjectEntry(*(h.get(g) and h[g].value for g in groups)) for h in hits)


def _guideline_plan(page: kit.PageText, out: kit.ReadingBuilder, period: kit.PlanPeriod) -> None:
    """A plan of the guideline's period as its final report describes it: projects, leads.

    What a later sentence says of one listed project (its share of the beneficiaries, its
    target group) goes to the project the sentence names (``out.find_listed``)."""
    entries, declared, codes = _entries(page), page.search(_DECLARED), _typologies(page)
    focus, author, targeted = page.search(_FOCUS), page.search(_AUTHOR), page.find_all(_TARGET)
    reached = page.search(_REACHED)
    out.require(entries, "project list", "no '- <title> con capofila <lead>' lines")
    out.require(declared, "declared project count", "no '… N progetti territoriali'")
    out.require(codes, "service typologies", "no 'tipologie A (…) e B (…)'")
    out.require(focus, "plan target groups", "no 'focus prevalente su …'")
    out.require(targeted, "project target groups", "no 'il progetto \"…\" ha come target'")
    out.require(reached, "beneficiaries", "no 'raggiunto … destinatari finali'")
    out.require(author, "final report author", "no 'Report … a cura di …'")
    total = out.quantity(reached["total"], "beneficiaries") if reached else None
    count = out.declared_count(declared["count"] if declared else None, "declared project count")
    titles = [e["title"] for e in entries]
    fields: list[dict[str, Any]] = [{"district": e.get("territory")} for e in entries]
    if reached and total and (part := reached.get("part")):  # the part one project reached
        at = out.find_listed(reached["project"], titles, "project beneficiaries")
        if at is not None:
            fields[at]["beneficiaries"] = out.share(part, total, "project beneficiaries")
    for hit in targeted:
        if (at := out.find_listed(hit["title"], titles, "project target groups")) is not None:
            fields[at]["target_groups"] = _target(hit["group"])
    ids = [
        out.project(period, e["title"], e.get("lead"), **facts)
        for e, facts in zip(entries, fields, strict=True)
    ]
    out.plan(
        period,
        project_ids=ids,
        declared_project_count=count,
        service_types=codes,
        target_groups=_target(focus["group"]) if focus else [],
        beneficiaries=total,
        report_author=author and author["author"],
    )


def _typologies(page: kit.PageText) -> list[kit.Quoted[str]]:
    """The typology letters after the first "tipologie" followed by letters ("tipologie A (…)
    e B (…)" → A, B; "diverse tipologie di servizi" is the guideline's list, not the plan's)."""
    for head in page.find_all(r"\btipologi[ae]\b"):
        codes, pos = [], head.end
        while (item := _TYPOLOGY.match(page.text, pos)) is not None:
            codes.append(kit.Hit(page, item)["code"])
            pos = item.end()
        if codes:
            return codes
    return []


def _earlier_plan(page: kit.PageText, out: kit.ReadingBuilder, period: kit.PlanPeriod) -> None:
    """A plan older than the built-in guidelines, as the 2018 news item describes it.

    The page names the two ESF projects only by their leads: their titles ("Progetto FSE
    Sol.Co. Sondrio") are built, saying what the page says and nothing more."""
    after = period.plan_id.end  # the plan's territory follows its name, in the same sentence
    stop = page.search(r"\.(?:\s|$)", after)
    where = page.search(r"\((?P<areas>[^()]+)\)", after, stop.start if stop else None)
    alliances, esf, actions = page.search(_ALLIANCES), page.search(_ESF), page.find_all(_ACTION)
    out.require(where, "plan territory", "no '(…)' list of areas after the plan")
    out.require(alliances, "alliance count", "no 'Alleanze Locali (n. …)'")
    out.require(esf, "ESF projects", "no 'Fondo Sociale Europeo … progetti (…)'")
    out.require(actions, "system actions", "no 'l'ATS … ha promosso …'")
    pieces = page.split(esf["leads"]) if esf else []
    leads = [hit["lead"] for p in pieces if (hit := page.fullmatch(p, _ESF_LEAD)) is not None]
    fund = esf["fund"] if esf else None
    funding, ids = kit.derived(ESF, "funding-from-esf-mention", fund), []
    for lead in leads:
        title = kit.derived(f"Progetto {ESF} {lead.value}", "esf-project-title", lead, fund)
        named_by = lead.map("fse {}".format)
        ids.append(out.project(period, title, lead, named_by=named_by, funding=funding))
    out.plan(
        period,
        project_ids=ids,
        system_actions=[hit["action"] for hit in actions],
        declared_alliance_count=alliances and out.quantity(alliances["count"], "alliance count"),
        territory=page.split(where["areas"]) if where else [],
    )


def alliance_count(text: str) -> AllianceCount | None:
    """The number of local alliances, with its gloss: "Alleanze Locali (n. 8, una in …)"."""
    hit = kit.PageText(kit.normalize_text(text)).search(_ALLIANCES)
    if hit is None:
        return None
    note = hit.get("note")
    try:
        return AllianceCount(kit.parse_quantity(hit["count"].value), note and note.value)
    except kit.ParseError:
        return None
