"""Reading ATS di Pavia's page: the regional split, the ATS decrees, the plan, objectives,
network and contacts. Every value is read from the page with its words; the values built
rather than read (act titles, the network's description, kinds) are marked derived.
"""

from __future__ import annotations

import hashlib

from conciliazione.plugin import (
    ActKind,
    Allocation,
    AllocationBasis,
    Contact,
    MemberCategory,
    Network,
    Objective,
    PageText,
    Plan,
    Quoted,
    Reading,
    ReadingBuilder,
    deobfuscate_email,
    derived,
    guess_category_kind,
    guideline_for_period,
    parse_amount,
    slugify,
)

from conciliazione_ats_pavia import ADAPTER

ATS_ID = "pavia"
_DGR_2398_GUIDELINE = "dgr-xi-2398-2019"
_ALLOCATION = (
    r"euro\s+(?P<amount>[0-9][0-9.,]*)\s+a\s+valere\s+sull'\s?annualit[àa]\s+(?P<year>[0-9]{4})"
)
_APPROVES = r"^(?P<lead>[^\n]*\bha\s+(?:pertanto\s+)?approvato)\s*:\s*$"
_PLAN = r"\bapprovat[oa]\s+(?:il\s+)?(?P<name>Piano\b[^,.;\n]*?(?P<start>[0-9]{4})\s*[-–]\s*(?P<end>[0-9]{4}))"
_NETWORK = r"\b(?P<name>Rete\s+(?:territoriale\s+)?di\s+Conciliazione\b[^,\n]*?)\s*,?\s+a\s+partire\s+dal\s+(?P<since>[0-9]{4})"
_CATEGORIES = r"\((?P<list>[^()0-9\n]+,[^()0-9\n]+)\)"
_PERSON = r"^(?:(?:Dott\.ssa|Dr\.ssa|Dott\.|Dr\.|Prof\.ssa|Prof\.)\s*)?(?P<name>[^\n–]+?)\s+[–-]\s+tel\.?\s*(?P<phone>[0-9][0-9/ .]*[0-9])\s+[–-]\s+e-?mail\s*:?\s*(?P<email>\S+)"


def recognizes(text: str) -> bool:
    """True if the text names ATS di Pavia (or its province, or its mail domain)."""
    return ADAPTER.recognizes(text)


def read_page(document: object) -> Reading:
    """Read one ATS Pavia page (a :class:`~conciliazione.documents.Document`)."""
    return ADAPTER.read_document(document)  # type: ignore[arg-type]


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page, r"Conciliazione\b", expected="no 'Conciliazione …' title line")
    out.read_update_date(page, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    citations = {c.start: out.act(c) for c in page.acts()}
    if not citations:
        out.missing_section("acts", "no act cited (D.G.R., Decreto, nota)")
    _allocations(page, out, citations)
    _guidance(page, out, citations)
    _plan(page, out, citations)
    _objectives(page, out)
    _network(page, out)
    _contacts(page, out)


def _cited(
    citations: dict[int, Quoted[str]], start: int, end: int, kind: str = ""
) -> list[Quoted[str]]:
    return [c for at, c in citations.items() if start <= at < end and f":{kind}" in c.value]


def _allocations(page: PageText, out: ReadingBuilder, citations: dict[int, Quoted[str]]) -> None:
    hits = page.find_all(_ALLOCATION)
    if not hits:
        return out.missing_section("allocations", "no 'euro X a valere sull'annualità YYYY'")
    paragraph = page.paragraph_at(hits[0].start)
    dgrs = _cited(citations, paragraph.start, hits[0].start, "dgr:")
    act = dgrs[-1] if dgrs else None
    if act is None:
        out.missing_section("allocation act", "no D.G.R. cited before the amounts")
    guideline = (
        act.derive("guideline-of-act", lambda _: _DGR_2398_GUIDELINE)
        if act and "2398" in act.value
        else None
    )
    for hit in (h for h in hits if h.start < paragraph.end):
        amount = out.parse(hit["amount"], parse_amount, f"allocation {hit['year'].value}")
        if amount is None:
            continue
        year = hit["year"].map(int)
        basis = guideline.value if guideline else act.value if act else ""
        out.record(
            Allocation,
            allocation_id=f"{ATS_ID}:allocation:{slugify(f'{basis} {year.value}')}",
            ats_id=ATS_ID,
            guideline_id=guideline,
            year=year,
            amount_eur=amount,
            basis=derived(AllocationBasis.PUBLISHED, "published-on-ats-page", amount),
            act_id=act,
        )


def _guidance(page: PageText, out: ReadingBuilder, citations: dict[int, Quoted[str]]) -> None:
    lead = page.search(_APPROVES)
    decrees = _cited(citations, lead.start, lead.end, "ats_decree:") if lead else []
    if lead is None or not decrees:
        return out.missing_section(
            "guidance document and call", "no 'con Decreto n. … ha approvato: 1. … 2. …'"
        )
    items = page.items(lead.end)
    objects = [_approved_object(i.value) for i in items]
    out.entitle(
        decrees[0],
        derived("Approva: " + "; ".join(objects), "act-title-from-approved-items", *items),
    )


def _approved_object(text: str) -> str:
    """What an act approves, without leading article, glosses in parentheses and punctuation."""
    import re

    text = re.sub(r"\s*\([^()]*\)", "", text).strip(" ,.;:")
    return re.sub(r"^(?:il|lo|la|i|gli|le)\s+|^l'\s?", "", text, flags=re.I)


def _plan(page: PageText, out: ReadingBuilder, citations: dict[int, Quoted[str]]) -> None:
    hit = page.search(_PLAN)
    if hit is None:
        return out.missing_section("plan", "no 'approvato il Piano … YYYY-YYYY'")
    line = page.line_at(hit.start)
    approving = _cited(citations, line.start, hit.start, "ats_decree:")
    notes = _cited(citations, hit.end, line.end, "regional_note:")
    name = hit["name"]
    if approving:
        out.entitle(
            approving[-1], name.derive("act-title-of-approved-plan", lambda n: f"Approva: {n}")
        )
    else:
        out.missing_section("plan approval act", "no ATS decree before 'approvato il Piano'")
    if notes:
        out.entitle(
            notes[0], name.derive("act-title-of-validated-plan", lambda n: f"Validazione: {n}")
        )
    else:
        out.missing_section("plan validation", "no 'validato … con nota del dd/mm/yyyy'")
    note_refs = [c for c in page.acts(hit.end, line.end) if c.value.kind is ActKind.REGIONAL_NOTE]
    period = (int(hit["start"].value), int(hit["end"].value))
    guideline = guideline_for_period(*period)
    out.record(
        Plan,
        plan_id=f"{ATS_ID}:plan:{period[0]}-{period[1]}",
        ats_id=ATS_ID,
        guideline_id=derived(
            guideline.guideline_id, "guideline-of-period", hit["start"], hit["end"]
        )
        if guideline
        else None,
        period_start=hit["start"].map(int),
        period_end=hit["end"].map(int),
        approving_act_id=approving[-1] if approving else None,
        validation_act_id=notes[0] if notes else None,
        validated_on=note_refs[0].map(lambda ref: ref.date) if note_refs else None,
    )


def _objectives(page: PageText, out: ReadingBuilder) -> None:
    items = page.items_after(r"\bobiettivi\b[^\n]*:\s*$")
    if not items:
        return out.missing_section(
            "objectives", "no '… obiettivi generali:' followed by '- …' items"
        )
    for ordinal, item in enumerate(items, start=1):
        out.record(
            Objective,
            objective_id=f"{ATS_ID}:objective:{ordinal}",
            ats_id=ATS_ID,
            ordinal=derived(ordinal, "position-in-list", item),
            text=item,
        )


def _network(page: PageText, out: ReadingBuilder) -> None:
    hit = page.search(_NETWORK)
    if hit is None:
        return out.missing_section("network", "no 'Rete di Conciliazione …, a partire dal YYYY'")
    listed = page.within(page.line_at(hit.start), _CATEGORIES)
    if listed is None:
        out.missing_section("network member categories", "no '(P.A., Terzo settore, …)'")
    labels = page.find_all(r"[^,]+", listed["list"].start, listed["list"].end) if listed else []
    categories = [
        out.part(
            MemberCategory,
            label=label.whole,
            kind=label.whole.derive("category-kind-from-label", guess_category_kind),
        )
        for label in labels
    ]
    out.record(
        Network,
        network_id=f"{ATS_ID}:network:since-{hit['since'].value}",
        ats_id=ATS_ID,
        member_categories=categories,
        description=derived(
            f"{hit['name'].value}, attiva dal {hit['since'].value}",
            "network-description",
            hit["name"],
            hit["since"],
        ),
    )


def _contacts(page: PageText, out: ReadingBuilder) -> None:
    switchboard = page.search(r"\bCentralino\s*:?\s*(?P<phone>[0-9][0-9/ .]*[0-9])")
    if switchboard is None:
        out.missing_section("switchboard", "no 'Centralino <phone>'")
    else:
        out.record(
            Contact,
            contact_id=f"{ATS_ID}:contact:centralino",
            ats_id=ATS_ID,
            scope=derived("centralino", "contact-scope-from-label", switchboard.whole),
            phone=switchboard["phone"],
            personal=derived(False, "institutional-contact", switchboard.whole),
        )
    people = page.find_all(_PERSON)
    if not people:
        out.missing_section("contacts", "no 'Nome – tel. … – e-mail: …' line")
    for person in people:
        roles = page.find_all(
            r"^(?P<role>Operatori\s+(?:dell'\s?|della\s+|del\s+)\S.*?)\s*$", 0, person.start
        )
        scopes = page.find_all(
            r"\bPer\s+(?P<scope>informazion[ei]\b[^.\n]*?)\s+è\s+possibile\s+contattare",
            0,
            person.start,
        )
        name = person["name"]
        email = out.parse(person["email"], deobfuscate_email, f"e-mail of {name.value}")
        out.record(
            Contact,
            contact_id=_person_id(name.value),
            ats_id=ATS_ID,
            scope=scopes[-1]["scope"]
            if scopes
            else derived("informazioni", "default-contact-scope", name),
            name=name,
            role=roles[-1]["role"] if roles else None,
            phone=person["phone"],
            email=email,
            personal=derived(True, "named-official", name),
        )


def _person_id(name: str) -> str:
    """A stable id for a named official that does not spell the name out (a hash of its slug)."""
    return f"{ATS_ID}:contact:person-{hashlib.sha256(slugify(name).encode()).hexdigest()[:12]}"
