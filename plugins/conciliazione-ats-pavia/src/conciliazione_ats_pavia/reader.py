"""Reading ATS di Pavia's page: the regional split, the ATS decrees, the plan, objectives,
network and contacts.

Every value is read from the page with its words. What the reader builds rather than reads is
marked derived: the acts' titles ("Approva: …", "Validazione: …", made from what the page says
they approve), the network's description, the kinds guessed from labels, the contacts' scope
when the page gives none. The regional acts the core ships (D.G.R. XI/2398/2019, Decreto
486/2020) are referred to by the core's ids, never emitted again.
"""

from __future__ import annotations

import re

from conciliazione import plugin as kit
from conciliazione.plugin import ActKind, PageText, ReadingBuilder, derived
from conciliazione_ats_pavia import ADAPTER

ATS_ID = "pavia"
_I = re.IGNORECASE | re.MULTILINE
_ALLOCATION = re.compile(
    r"euro\s+(?P<amount>[0-9][0-9.,]*)\s+a\s+valere\s+sull'\s?annualit[àa]\s+(?P<year>[0-9]{4})", _I
)
_APPROVES = re.compile(r"^[^\n]*\bha\s+(?:pertanto\s+)?approvato\s*:\s*$", _I)
_PLAN = re.compile(
    r"\bapprovat[oa]\s+(?:il\s+)?"
    r"(?P<name>Piano\b[^,.;\n]*?(?P<start>[0-9]{4})\s*[-–]\s*(?P<end>[0-9]{4}))",
    _I,
)
_NETWORK = re.compile(
    r"\b(?P<name>Rete\s+(?:territoriale\s+)?di\s+Conciliazione\b[^,\n]*?)\s*,?\s+"
    r"a\s+partire\s+dal\s+(?P<since>[0-9]{4})",
    _I,
)
_PERSON = re.compile(
    r"^(?:(?:Dott|Dr|Prof)\.(?:ssa)?\s*)?(?P<name>[^\n–]+?)\s+[–-]\s+tel\.?\s*"
    r"(?P<phone>[0-9][0-9/ .]*[0-9])\s+[–-]\s+e-?mail\s*:?\s*(?P<email>\S+)",
    _I,
)
_ROLE = re.compile(r"^(?P<role>Operatori\s+(?:dell'\s?|della\s+|del\s+)\S.*?)\s*$", _I)
_SCOPE = re.compile(
    r"\bPer\s+(?P<scope>informazion[ei]\b[^.\n]*?)\s+è\s+possibile\s+contattare", _I
)


def recognizes(text: str) -> bool:
    """True if the text names ATS di Pavia (or its province, or its mail domain)."""
    return ADAPTER.recognizes(text)


def read_page(document: kit.Document) -> kit.Reading:
    """Read one ATS Pavia page into records and findings."""
    return ADAPTER.read_document(document)


def read(page: PageText, out: ReadingBuilder) -> None:
    """The reader the adapter names: every section, each a finding when it is missing."""
    out.read_title(page, r"Conciliazione\b", expected="no 'Conciliazione …' title line")
    out.read_update_date(page, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    acts = out.cite_all(page)
    _allocations(page, out, acts)
    _guidance(page, out, acts)
    _plan(page, out, acts)
    items = page.items_after(r"\bobiettivi\b[^\n]*:\s*$")
    if out.require(items, "objectives", "no '… obiettivi generali:' followed by '- …' items"):
        out.objectives(items or [])
    _network(page, out)
    _contacts(page, out)


def _allocations(page: PageText, out: ReadingBuilder, acts: kit.Citations) -> None:
    """Every "euro X a valere sull'annualità YYYY" of the paragraph on the regional split; the
    act is the D.G.R. cited before the amounts, the guideline the one that act sets."""
    hits = page.find_all(_ALLOCATION)
    if not out.require(hits, "allocations", "no 'euro X a valere sull'annualità YYYY'"):
        return
    paragraph = page.paragraph_at(hits[0].start)
    dgrs = acts.between(paragraph.start, hits[0].start, ActKind.DGR)
    act = dgrs[-1] if dgrs else None
    out.require(act, "allocation act", "no D.G.R. cited before the amounts")
    guideline = kit.guideline_of_act(act)
    for hit in (h for h in hits if h.start < paragraph.end):
        amount = out.parse(hit["amount"], kit.parse_amount, f"allocation {hit['year'].value}")
        if amount is not None:
            key = kit.slugify(f"{(guideline or act or hit['year']).value} {hit['year'].value}")
            out.record(
                kit.Allocation,
                allocation_id=f"{ATS_ID}:allocation:{key}",
                ats_id=ATS_ID,
                guideline_id=guideline,
                year=hit["year"].map(int),
                amount_eur=amount,
                basis=derived(kit.AllocationBasis.PUBLISHED, "published-on-ats-page", amount),
                act_id=act,
            )


def _guidance(page: PageText, out: ReadingBuilder, acts: kit.Citations) -> None:
    """The decree that approves a numbered list (guidance document and call), titled with what
    it approves: the title is built from the list, so it is derived."""
    lead = page.search(_APPROVES)
    decrees = acts.between(lead.start, lead.end, ActKind.ATS_DECREE) if lead else []
    if out.require(decrees, "guidance document and call", "no 'Decreto … ha approvato: 1. …'"):
        items = page.items(lead.end if lead else 0)
        title = "Approva: " + "; ".join(_approved_object(i.value) for i in items)
        out.entitle(decrees[0], derived(title, "act-title-from-approved-items", *items))


def _approved_object(text: str) -> str:
    """What an act approves, without leading article, glosses in parentheses and punctuation."""
    text = re.sub(r"\s*\([^()]*\)", "", text).strip(" ,.;:")
    return re.sub(r"^(?:il|lo|la|i|gli|le)\s+|^l'\s?", "", text, flags=re.IGNORECASE)


def _plan(page: PageText, out: ReadingBuilder, acts: kit.Citations) -> None:
    """The plan, the ATS decree before it on its line and the Region's note after it."""
    hit = page.search(_PLAN)
    if not out.require(hit, "plan", "no 'approvato il Piano … YYYY-YYYY'") or hit is None:
        return
    line, name = page.line_at(hit.start), hit["name"]
    approving = acts.between(line.start, hit.start, ActKind.ATS_DECREE)[-1:]
    notes = acts.between(hit.end, line.end, ActKind.REGIONAL_NOTE)[:1]
    if out.require(approving, "plan approval act", "no ATS decree before 'approvato il Piano'"):
        out.entitle(approving[0], name.derive("act-title-of-approved-plan", "Approva: {}".format))
    if out.require(notes, "plan validation", "no 'validato … con nota del dd/mm/yyyy'"):
        out.entitle(notes[0], name.derive("act-title-of-validated-plan", "Validazione: {}".format))
    note_dates = [c.map(lambda ref: ref.date) for c in page.acts(hit.end, line.end)][:1]
    out.plan(
        out.plan_period(hit),
        approving_act_id=approving[0] if approving else None,
        validation_act_id=notes[0] if notes else None,
        validated_on=note_dates[0] if notes and note_dates else None,
    )


def _network(page: PageText, out: ReadingBuilder) -> None:
    """The network, without a count (the page gives none): its categories are the list in
    parentheses on its line; its description is built from its name and start year."""
    hit = page.search(_NETWORK)
    if not out.require(hit, "network", "no 'Rete di Conciliazione …, a partire dal YYYY'"):
        return
    assert hit is not None
    listed = page.within(page.line_at(hit.start), r"\((?P<list>[^()0-9\n]+,[^()0-9\n]+)\)")
    out.require(listed, "network member categories", "no '(P.A., Terzo settore, …)'")
    name, since = hit["name"], hit["since"]
    out.record(
        kit.Network,
        network_id=f"{ATS_ID}:network:since-{since.value}",
        ats_id=ATS_ID,
        member_categories=out.member_categories(page.split(listed["list"]) if listed else []),
        description=derived(
            f"{name.value}, attiva dal {since.value}", "network-description", name, since
        ),
    )


def _contacts(page: PageText, out: ReadingBuilder) -> None:
    """The switchboard (institutional) and the named officials (personal data): their role is
    the heading above them, their scope what the page says they are for."""
    board = page.search(r"\bCentralino\s*:?\s*(?P<phone>[0-9][0-9/ .]*[0-9])")
    if out.require(board, "switchboard", "no 'Centralino <phone>'") and board is not None:
        out.record(
            kit.Contact,
            contact_id=f"{ATS_ID}:contact:centralino",
            ats_id=ATS_ID,
            scope=derived("centralino", "contact-scope-from-label", board.whole),
            phone=board["phone"],
            personal=derived(False, "institutional-contact", board.whole),
        )
    people = page.find_all(_PERSON)
    out.require(people, "contacts", "no 'Nome – tel. … – e-mail: …' line")
    for person in people:
        role, scope = page.last_before(_ROLE, person.start), page.last_before(_SCOPE, person.start)
        name = person["name"]
        out.record(
            kit.Contact,
            contact_id=out.person_id(name.value),
            ats_id=ATS_ID,
            scope=scope["scope"] if scope else derived("informazioni", "default-scope", name),
            name=name,
            role=role["role"] if role else None,
            phone=person["phone"],
            email=out.parse(person["email"], kit.deobfuscate_email, f"e-mail of {name.value}"),
            personal=derived(True, "named-official", name),
        )
