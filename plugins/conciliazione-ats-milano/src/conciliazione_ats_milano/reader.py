"""Reading ATS della Città Metropolitana di Milano's page: the 2020-2023 plan — how it was
prepared (guidance document and call), approved and validated, what it comprises, its service
typologies and its table of alliances, lead bodies and projects — and the territorial network.

Every value is read from the page with its words. What the reader builds is marked derived:
the kind of the two acts the page names only by the documents they adopted (a Director
General's resolution, as the plan's own act), the guideline of the plan's period, the
typology codes matched to the guideline's labels, the kinds of bodies and member categories.
Ids that other records refer to (the plan, an alliance, a project) are quoted with the words
that name the record. The page declares "sei progetti" and lists five alliances with one
project each: both are kept (the count as quoted, the listed ids), and the core rule
``declared-count-mismatch`` reports the gap. The regional acts it cites (D.G.R.
XI/2398/2019, Decreto 486/2020) are the core's, reached through the plan's ``guideline_id``.
The page states no update date: a ``missing-section`` finding says so, none is invented.
"""

from __future__ import annotations

from conciliazione import plugin as kit
from conciliazione.plugin import PageText, Quoted, ReadingBuilder, derived, match_service_type
from conciliazione_ats_milano import ADAPTER
from conciliazione_ats_milano.rules import MEMBER_TOTAL_MISMATCH

_PLAN = r"\bPiano\s+territoriale\b[^.\d]*?(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})"
_APPROVED = r"\bPiano\b[^.]*?\bapprovat[oa]\s+con\s+"
_VALIDATED = r"\bvalidat[oa]\s+da\s+Regione\s+Lombardia\s+(?P<when>[^.;,]+)"
_PLANNING_ACTS = (
    r"\bha\s+approvato,?\s+(?P<when>nel\s+[^,]+?\d{4}),?\s+il\s+(?P<document>Documento\s+[^,.]+?)"
    r"\s+ed?\s+ha\s+emanato\s+l'\s?(?P<call>Avviso\s+[^,.]+)"
)
_CONTENTS = r"\bcomprende\s+(?P<actions>azioni\b[^,.;]*?)\s+e\s+(?P<count>\S+\s+progetti)\b"
_TYPOLOGIES = r"\baree\s+di\s+intervento\b.*:\s*$"
_NO_GUIDELINE = "the plan's period has no built-in guideline"
_TABLE = r"\bEnte\s+Capofila\b.*:\s*$"
_LABELS = ("Nome alleanza", "Titolo Progetto", "Pagina web")
_DISTRICT = r"(?P<lead>[^()]+)\((?P<district>(?:Ambito|Distretto|Piano\s+di\s+Zona)\b[^()]*)\)$"
_NETWORK = (
    r"\bRete\s+territoriale\s+(?P<when>nel\s+[^,]+?\d{4})\s+risulta\s+composta\s+da\s+"
    r"(?P<count>[^,]+?)\s+Enti\s+aderenti"
)
_CATEGORIES = r"^Tipologia\s+soggetti\s*(?:\(\s*totale\s+(?P<total>[^()]+?)\s*\))?\s*:?$"


recognizes = ADAPTER.recognizes
"""True if the text names ATS della Città Metropolitana di Milano."""
read_page = ADAPTER.read_document
"""Read one ATS Milano page into records and findings."""


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page)  # none: the programme page opens with running text
    out.read_update_date(page, expected="no 'Aggiornato il …' or 'Ultimo aggiornamento' line")
    plan = page.search(_PLAN)
    if out.require(plan, "plan", "no 'Piano Territoriale … YYYY-YYYY'"):
        _plan(page, out, out.plan_period(plan))
    network = page.search(_NETWORK)
    if out.require(network, "network member count", "no '… N Enti aderenti'"):
        _network(page, out, network)


def _plan(page: PageText, out: ReadingBuilder, period: kit.PlanPeriod) -> None:
    approved = page.search(_APPROVED)
    cited = [c for c in page.acts(approved.end) if c.start == approved.end] if approved else []
    out.require(cited, "plan approval act", "no 'approvato con <act>' after the plan")
    approving = out.act(cited[0]) if cited else None
    validated = page.search(_VALIDATED)
    out.require(validated, "plan validation", "no 'validato da Regione Lombardia …'")
    when = validated and out.parse(validated["when"], kit.parse_fuzzy_date, "plan validation")
    _planning_acts(page, out)
    contents = page.search(_CONTENTS)
    out.require(contents, "plan contents", "no 'comprende azioni di sistema … e N progetti'")
    count = out.declared_count(contents["count"] if contents else None, "declared project count")
    alliances, projects = _alliances(page, out, period)
    out.plan(
        period,
        approving_act_id=approving,
        validated_on=when,
        project_ids=projects,
        alliance_ids=alliances,
        system_actions=[contents["actions"]] if contents else [],
        declared_project_count=count,
        service_types=_service_types(page, out, period.guideline),
    )


def _planning_acts(page: PageText, out: ReadingBuilder) -> None:
    """The guidance document and the call, adopted "nel primo semestre 2020".

    The page names both documents and their half-year but neither the act that adopted them
    nor its number: in an ATS the Director General adopts such documents, as the plan itself
    was adopted, so they are unnumbered resolutions of a guessed kind, told apart by the first
    two words of their title (``milano:dg_resolution:s-n:2020:avviso-pubblico``).
    """
    section, what = "guidance document and call", "no 'ha approvato … il Documento … l'Avviso …'"
    hit = page.search(_PLANNING_ACTS)
    out.require(hit, section, what)
    when = out.parse(hit["when"] if hit else None, kit.parse_fuzzy_date, section)
    for title in (hit["document"], hit["call"]) if hit else ():
        kind = derived(kit.ActKind.DG_RESOLUTION, "act-kind-of-adopted-document", title)
        first_words = kit.slugify(" ".join(title.value.split()[:2]))
        out.named_act(title, kind, date=when, discriminator=first_words)


def _service_types(
    page: PageText, out: ReadingBuilder, guideline: kit.Guideline | None
) -> list[kit.Derived[str]]:
    """The typologies of the plan's projects ("aree di intervento"), as the guideline's codes.

    They describe the plan as a whole (no project is tied to a typology on this page), so they
    go to ``Plan.service_types``; a bullet that names no typology, or one named already, is an
    ``unreadable-value`` finding.
    """
    items = page.items_after(_TYPOLOGIES)
    out.require(items, "service typologies", "no list after '… aree di intervento …:'")
    codes: list[kit.Derived[str]] = []
    for item in items or []:
        code = match_service_type(item.value, guideline) if guideline else None
        if code is not None and code not in [c.value for c in codes]:
            codes.append(derived(code, "service-type-from-label", item))
            continue
        why = f"repeats typology {code}" if code else "matches no typology"
        why = f"{why} of {guideline.guideline_id}" if guideline else _NO_GUIDELINE
        out.unreadable("service typologies", kit.ParseError("service typology", item.value, why))
    return codes


def _alliances(
    page: PageText, out: ReadingBuilder, period: kit.PlanPeriod
) -> tuple[list[Quoted[str]], list[Quoted[str]]]:
    """The table's blocks: a lead line ("Comune di Magnago (Ambito territoriale Alto
    Milanese)": the district in parentheses kept apart), then its "Nome alleanza", "Titolo
    Progetto" and "Pagina web" lines, any of them missing; a wrapped line is joined.

    Each block is an alliance and the project it runs (none without a title: a project needs
    one, and the gap is reported). A block that opens with two lead lines is an alliance led
    by two bodies: the model holds one lead, so the second is stated, not modelled.
    """
    items = page.items_after(_TABLE, wrapped=True) or []
    blocks = page.blocks(items, _LABELS)
    out.require(blocks, "alliance table", "no lead/'Nome alleanza'/'Titolo Progetto' list")
    alliances, projects = [], []
    for (first, *others), fields in ((b.heads, b.fields) for b in blocks):
        if others:
            out.stated_not_modelled(page.quoted(first.start, others[-1].end), "a second lead body")
        split = page.match(first, _DISTRICT)
        lead = split["lead"] if split else first
        alliances.append(period.member_id("alliance", lead))
        out.record(
            kit.Alliance,
            alliance_id=alliances[-1].value,
            plan_id=period.plan_id,
            lead_org_id=out.organization(lead),
            name=fields.get("Nome alleanza"),
            lead_name=lead,
            district=split["district"] if split else None,
            web_page_label=fields.get("Pagina web"),
        )
        title = fields.get("Titolo Progetto")
        if title is None:
            what = f"the alliance led by {lead.value!r} has no 'Titolo Progetto'"
            out.missing_section("project title", what)
            continue
        projects.append(out.project(period, title, lead, alliance_id=alliances[-1]))
    return alliances, projects


def _network(page: PageText, out: ReadingBuilder, hit: kit.Hit) -> None:
    """The network as of the month the page gives, with its member categories.

    When "Tipologia soggetti (totale N)" and "n. N Enti aderenti" disagree, the reader reports
    ``milano-member-total-mismatch`` and keeps the count of the sentence.
    """
    head = page.search(_CATEGORIES)
    labels = page.items(page.line_at(head.start).end) if head else []
    out.require(labels, "network member categories", "no 'Tipologia soggetti:' list")
    categories = out.member_categories(labels)
    network = out.network(hit["when"], hit["count"], member_categories=categories)
    count = network.member_count
    words = head.get("total") if head and count else None
    total = out.parse(words, kit.parse_count, "network member categories total")
    if count and total and total.value != count.value:
        said = count.text or count.value
        message = f"the member categories total {total.value} but the network has {said} members"
        out.report(MEMBER_TOTAL_MISMATCH, message, record=network, path="member_count")
