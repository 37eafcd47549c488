"""Reading ATS della Montagna's pages: the 2024 programme page and the 2018 news item.

Which plan sections the reader expects follows from the plan's period: a plan of the built-in
guideline's period (2020-2023) is described by its final report — projects with their leads,
typologies, target groups, beneficiaries; an older one (2017-2018) by its territory, its count
of local alliances (none listed, none invented), two ESF projects named only by their leads and
the ATS's own system action. Values built rather than read are marked derived: the ESF
projects' titles, target groups named from a phrase, the share of beneficiaries one project
reached, the news item's network dated by the page ("oggi"). The regional acts the programme
page cites are the core's records, reached through the plan's guideline, never copied.
"""

from __future__ import annotations

import re
from collections import namedtuple

from conciliazione.plugin import (
    Derived,
    FuzzyDate,
    Hit,
    MemberCategory,
    Network,
    PageText,
    ParseError,
    Plan,
    Project,
    Quantity,
    Quoted,
    Reading,
    ReadingBuilder,
    derived,
    guess_category_kind,
    guideline_for_period,
    normalize_text,
    parse_fraction_of,
    parse_quantity,
    slugify,
)

from conciliazione_ats_montagna import ADAPTER

ATS_ID = "montagna"
_ART = r"(?:dello|della|delle|dell'|degli|dei|del|di)\s*"
_NETWORK = (
    r"\bcostituita\s+da\s+(?P<phrase>(?P<count>[^,()]+?)\s+soggetti)"
    r"(?:\s*,\s*(?P<description>[^().;]+?))?\s*(?:\)|[.;]|$)"
)
_NETWORK_NEWS = r"\bcon\s+(?P<count>[^,.()]+?)\s+aderenti\b(?:[^().]*?\((?P<categories>[^()]+)\))?"
_PLAN = (
    r"\bPiano\b(?:\s+territoriale\s+di\s+conciliazione)?\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})"
)
_DECLARED = r"\bcompreso\s+(?P<phrase>(?P<count>\S+)\s+progetti\s+territoriali)"
_PROJECT = (
    rf"(?P<title>.+?)(?:\s+con\s+capofila\s+(?P<lead>.+?)(?:\s+per\s+il\s+territorio\s+{_ART}"
    r"(?P<territory>.+?))?)?"
)
_TYPOLOGY = re.compile(r"\s*(?:,\s*|\s+ed?\s+)?(?P<code>[A-Z])(?![\w'])\s*(?:\([^()]*\))?")
_PLAN_TARGET = r"\bfocus\s+prevalente\s+su(?:i|gli|lle|l|lla|ll')?\s+(?P<group>\w+)"
_PROJECT_TARGET = r'\bprogetto\s+"(?P<title>[^"]+)"\s+ha\s+come\s+target(?:\s+di\s+riferimento)?\s+(?P<group>[^.,;]+)'
_BENEFICIARIES = (
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
_ACTION = (
    r"\bATS\b[^.]*?\bha\s+promosso\s+(?:un\s+|una\s+|un')?(?P<action>.+?)(?:,\s*che\b|\.(?:\s|$))"
)
_GROUPS = {
    word: group
    for group, words in (
        ("minori", "minori bambini ragazzi figli adolescenti"),
        ("anziani", "anziani anziane"),
        ("caregiver", "caregiver"),
        ("famiglie", "famiglie"),
        ("lavoratori", "lavoratori lavoratrici"),
    )
    for word in words.split()
}
"""Words of a target phrase → the group, so "le persone anziane" and "gli anziani" are one."""
ESF = "FSE"
"""The funding of projects paid by the European Social Fund (Fondo Sociale Europeo)."""
ProjectEntry = namedtuple("ProjectEntry", "title lead territory")
AllianceCount = namedtuple("AllianceCount", "count note")


def recognizes(text: str) -> bool:
    """True if the text names ATS della Montagna ("ATS della Montagna", "ATS Montagna")."""
    return ADAPTER.recognizes(text)


def read_page(document: object) -> Reading:
    """Read one ATS Montagna page (a :class:`~conciliazione.documents.Document`)."""
    return ADAPTER.read_document(document)  # type: ignore[arg-type]


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page)  # the news item opens with its headline, the programme page does not
    updated = out.read_update_date(page, expected="no 'Aggiornato il …' line")
    _network(page, out, updated)
    plan = page.search(_PLAN)
    if plan is None:
        return out.missing_section("plan", "no 'Piano … YYYY-YYYY'")
    period = f"{plan['start'].value}-{plan['end'].value}"
    guideline = guideline_for_period(int(plan["start"].value), int(plan["end"].value))
    fields = {
        "plan_id": f"{ATS_ID}:plan:{period}",
        "ats_id": ATS_ID,
        "period_start": plan["start"].map(int),
        "period_end": plan["end"].map(int),
    }
    if guideline is None:
        return _earlier_plan(page, out, plan, period, fields)
    fields["guideline_id"] = derived(
        guideline.guideline_id, "guideline-of-period", plan["start"], plan["end"]
    )
    _guideline_plan(page, out, plan, period, fields)


def _count(
    out: ReadingBuilder, count: Quoted[str], phrase: Quoted[str] | None, what: str
) -> Quoted[Quantity] | None:
    """The quantity ``count`` says, kept as written in its ``phrase`` ("119 soggetti")."""
    read = out.parse(count, parse_quantity, what)
    if read is None or phrase is None:
        return read
    return phrase.map(lambda words: Quantity(read.value.value, read.value.qualifier, words))


def _network(page: PageText, out: ReadingBuilder, updated: FuzzyDate | None) -> None:
    """The network's size, and its member categories when listed.

    A news item speaks of "oggi", the day it was published, so its count is dated by the page;
    the programme page states its count in the present tense on a page updated later than the
    sentence may have been written, so that count claims no date of its own.
    """
    structure = page.search(_NETWORK)
    hit = structure or page.search(_NETWORK_NEWS)
    if hit is None:
        return out.missing_section("network member count", "no '… soggetti' or '… aderenti'")
    listed = None if structure else hit.get("categories")
    today, stamp = page.search(r"\boggi\b"), page.update_line()
    dated = today is not None and updated is not None
    as_of = derived(updated, "dated-by-the-page", today and today.whole, stamp and stamp["date"]) if dated else None
    key = str(updated) if dated else str(updated.value.year) if updated else slugify(page.name)
    out.record(
        Network,
        network_id=f"{ATS_ID}:network:{key}",
        ats_id=ATS_ID,
        as_of=as_of,
        member_count=_count(
            out, hit["count"], structure and structure["phrase"], "network member count"
        ),
        member_categories=[
            out.part(
                MemberCategory,
                label=label,
                kind=label.derive("category-kind-from-label", guess_category_kind),
            )
            for label in (page.enumeration(listed, joins_lowercase=True) if listed else [])
        ],
        description=structure and structure.get("description"),
    )


def _target(group: Quoted[str]) -> list[Derived[str]]:
    """The target group a phrase names, by the first word the vocabulary knows ("le persone
    anziane" → "anziani"); an unknown phrase is kept as written, never dropped."""
    known = [_GROUPS[w.casefold()] for w in group.value.split() if w.casefold() in _GROUPS]
    return [derived(known[0] if known else group.value, "target-group-from-phrase", group)]


def _entries(page: PageText) -> list[Hit]:
    """The ``- <title> con capofila <lead>`` lines after "… progetti territoriali:", in order.

    A line without "con capofila" still names a project (the rule
    ``montagna-project-lead-missing`` reports its missing lead)."""
    items = page.items_after(r"\bprogetti\s+territoriali\s*:\s*$") or []
    return [hit for item in items if (hit := page.fullmatch(item, _PROJECT)) is not None]


def project_entries(text: str) -> tuple[ProjectEntry, ...]:
    """The programme page's project lines as plain words (title, lead, territory)."""
    hits = _entries(PageText(normalize_text(text)))
    return tuple(
        ProjectEntry(*(h.get(g) and h[g].value for g in ProjectEntry._fields)) for h in hits
    )


def _listed(entries: list[Hit], phrase: Quoted[str]) -> Hit | None:
    """The listed project a phrase starts with ("Baby Hub del Comune di Tirano" → Baby Hub)."""
    folded = phrase.value.strip('" ').casefold()
    longest = sorted(entries, key=lambda e: len(e["title"].value), reverse=True)
    return next((e for e in longest if folded.startswith(e["title"].value.casefold())), None)


def _not_listed(out: ReadingBuilder, what: str, phrase: Quoted[str]) -> None:
    out.unreadable(what, ParseError("project", phrase.value, "not among the listed projects"))


def _guideline_plan(
    page: PageText, out: ReadingBuilder, plan: Hit, period: str, fields: dict[str, object]
) -> None:
    """A plan of the guideline's period as its final report describes it: projects, leads."""
    entries = _entries(page)
    if not entries:
        out.missing_section("project list", "no '- <title> con capofila <lead>' lines")
    ids = {
        e.start: e["title"].map(lambda t: f"{ATS_ID}:project:{period}:{slugify(t)}")
        for e in entries
    }
    declared, codes = page.search(_DECLARED), _typologies(page)
    focus, author = page.search(_PLAN_TARGET), page.search(_AUTHOR)
    hits = page.find_all(_PROJECT_TARGET)
    for missing, section, expected in (
        (declared is None, "declared project count", "no '… N progetti territoriali'"),
        (not codes, "service typologies", "no 'tipologie A (…) e B (…)'"),
        (focus is None, "plan target groups", "no 'focus prevalente su …'"),
        (not hits, "project target groups", "no 'il progetto \"…\" ha come target'"),
        (author is None, "final report author", "no 'Report … a cura di …'"),
    ):
        if missing:
            out.missing_section(section, expected)
    targets: dict[int, list[Derived[str]]] = {}
    for hit in hits:
        entry = _listed(entries, hit["title"])
        if entry is None:
            _not_listed(out, "project target groups", hit["title"])
        else:
            targets[entry.start] = _target(hit["group"])
    total, share = _beneficiaries(page, out, entries)
    out.record(
        Plan,
        **fields,
        project_ids=list(ids.values()),
        declared_project_count=declared
        and _count(out, declared["count"], declared["phrase"], "declared project count"),
        service_types=codes,
        target_groups=_target(focus["group"]) if focus else [],
        beneficiaries=total,
        report_author=author and author["author"],
    )
    for entry in entries:
        lead = entry.get("lead")
        out.record(
            Project,
            project_id=ids[entry.start].value,
            ats_id=ATS_ID,
            plan_id=plan.whole.map(lambda _: fields["plan_id"]),
            title=entry["title"],
            lead_org_id=lead and out.organization(lead),
            lead_name=lead,
            district=entry.get("territory"),
            target_groups=targets.get(entry.start, []),
            beneficiaries=share.get(entry.start),
        )


def _typologies(page: PageText) -> list[Quoted[str]]:
    """The typology letters after the first "tipologie" followed by letters ("tipologie A (…)
    e B (…)" → A, B; "diverse tipologie di servizi" is the guideline's list, not the plan's)."""
    for head in page.find_all(r"\btipologi[ae]\b"):
        codes, pos = [], head.end
        while (item := _TYPOLOGY.match(page.text, pos)) is not None:
            codes.append(Hit(page, item)["code"])
            pos = item.end()
        if codes:
            return codes
    return []


def _beneficiaries(
    page: PageText, out: ReadingBuilder, entries: list[Hit]
) -> tuple[Quoted[Quantity] | None, dict[int, Quoted[Quantity] | Derived[Quantity]]]:
    """The plan's final beneficiaries, and the share one project reached, kept approximate."""
    hit = page.search(_BENEFICIARIES)
    if hit is None:
        out.missing_section("beneficiaries", "no 'raggiunto … destinatari finali'")
        return None, {}
    total, part = out.parse(hit["total"], parse_quantity, "beneficiaries"), hit.get("part")
    entry = _listed(entries, hit["project"]) if part and total else None
    if part is None or total is None:
        return total, {}
    if entry is None:
        _not_listed(out, "project beneficiaries", hit["project"])
        return total, {}
    try:
        share = derived(parse_fraction_of(part.value, total.value), "share-of-total", part, total)
    except ParseError:
        share = out.parse(part, parse_quantity, "project beneficiaries")
    return total, {entry.start: share} if share else {}


def _earlier_plan(
    page: PageText, out: ReadingBuilder, plan: Hit, period: str, fields: dict[str, object]
) -> None:
    """A plan older than the built-in guidelines, as the 2018 news item describes it.

    The page names the two ESF projects only by their leads: their titles ("Progetto FSE
    Sol.Co. Sondrio") are built, saying what the page says and nothing more."""
    stop = page.search(r"\.(?:\s|$)", plan.end)
    where = page.search(r"\((?P<areas>[^()]+)\)", plan.end, stop.start if stop else None)
    alliances, esf, actions = page.search(_ALLIANCES), page.search(_ESF), page.find_all(_ACTION)
    for missing, section, expected in (
        (where is None, "plan territory", "no '(…)' list of areas after the plan"),
        (alliances is None, "alliance count", "no 'Alleanze Locali (n. …)'"),
        (esf is None, "ESF projects", "no 'Fondo Sociale Europeo … progetti (…)'"),
        (not actions, "system actions", "no 'l'ATS … ha promosso …'"),
    ):
        if missing:
            out.missing_section(section, expected)
    pieces = page.enumeration(esf["leads"]) if esf else []
    leads = [hit["lead"] for p in pieces if (hit := page.fullmatch(p, _ESF_LEAD)) is not None]
    ids = [
        lead.map(lambda name: f"{ATS_ID}:project:{period}:{slugify(f'fse {name}')}")
        for lead in leads
    ]
    out.record(
        Plan,
        **fields,
        project_ids=ids,
        system_actions=[hit["action"] for hit in actions],
        declared_alliance_count=alliances
        and out.parse(alliances["count"], parse_quantity, "alliance count"),
        territory=page.enumeration(where["areas"]) if where else [],
    )
    for lead, project_id in zip(leads, ids, strict=True):
        fund = esf["fund"] if esf else None
        out.record(
            Project,
            project_id=project_id.value,
            ats_id=ATS_ID,
            plan_id=plan.whole.map(lambda _: fields["plan_id"]),
            title=derived(
                f"Progetto {ESF} {lead.value}", "esf-project-title-from-lead", lead, fund
            ),
            lead_org_id=out.organization(lead),
            lead_name=lead,
            funding=derived(ESF, "funding-from-esf-mention", fund),
        )


def alliance_count(text: str) -> AllianceCount | None:
    """The number of local alliances, with its gloss: "Alleanze Locali (n. 8, una in …)"."""
    hit = PageText(normalize_text(text)).search(_ALLIANCES)
    if hit is None:
        return None
    try:
        return AllianceCount(
            parse_quantity(hit["count"].value), hit.get("note") and hit["note"].value
        )
    except ParseError:
        return None
