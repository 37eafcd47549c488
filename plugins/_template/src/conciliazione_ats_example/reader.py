"""Reading the ATS's page into records: one function per section of the page.

``read(page, out)`` gets the page's text (:class:`~conciliazione.plugin.PageText`, normalized:
single spaces, straight quotes, no indentation, so patterns can be written with plain spaces)
and a :class:`~conciliazione.plugin.ReadingBuilder`. The page's primitives (``search``,
``items``, ``acts``, ``within``, …) return :class:`~conciliazione.plugin.Quoted` values — the
value with the words it was read from — and ``out.record(Model, **fields)`` turns them into
the record and its evidence. A value the reader builds rather than reads (an id from a title)
is derived: ``quoted.derive("rule-name", build)``; only the record's id is plain (``ats_id``
and ``source_id`` are the builder's).

A section the reader does not find is ``out.missing_section``, a value a parser rejects is
``out.parse``'s ``unreadable-value`` finding: a reader never raises and never guesses.
"""

from conciliazione import plugin as kit
from conciliazione.plugin import PageText, ReadingBuilder

from conciliazione_ats_example import ADAPTER, ATS_ID

_NETWORK = r"\bAl (?P<as_of>\S+) la Rete territoriale\b.*\bconta (?P<count>[^,.\n]+) soggetti"
_PLAN = r"\bPiano territoriale di conciliazione (?P<start>\d{4})-(?P<end>\d{4})(?P<act>.*)"
_PROJECTS = r"\bcomprende (?P<count>\S+) progetti:$"
_LEAD = r" con capofila (?P<lead>.+)"

read_page = ADAPTER.read_document
"""Read one page (a :class:`~conciliazione.documents.Document`), for the fact tests."""


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page, r"Conciliazione\b")  # the first "Conciliazione …" line, not a sentence
    out.read_update_date(page, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    _network(page, out)
    _plan(page, out)


def _network(page: PageText, out: ReadingBuilder) -> None:
    """The network at a date: "Al 31/12/2023 la Rete territoriale … conta 42 soggetti aderenti"."""
    hit = page.search(_NETWORK)
    if not out.require(hit, "network", "no 'Al <date> la Rete territoriale … conta N'"):
        return
    as_of = out.parse(hit["as_of"], kit.parse_fuzzy_date, "network")
    count = out.parse(hit["count"], kit.parse_quantity, "network")
    if as_of and count:
        network_id = f"{ATS_ID}:network:{as_of.value}"
        out.record(kit.Network, network_id=network_id, as_of=as_of, member_count=count)


def _plan(page: PageText, out: ReadingBuilder) -> None:
    """The plan, the act it was approved with (the first cited on its line: the core's acts
    keep the core's ids) and its projects: "Il Piano comprende due progetti:" and "- Titolo
    con capofila Ente" items. The declared count and the listed items are both kept: a core
    rule reports when they disagree."""
    hit, listed = page.search(_PLAN), page.search(_PROJECTS)
    if not out.require(hit, "plan", "no 'Piano territoriale di conciliazione YYYY-YYYY'"):
        return
    start, end = hit["start"].map(int), hit["end"].map(int)
    period = page.quoted(start.start, end.end)  # "2020-2023"
    plan_id = period.derive("plan-id-of-period", lambda p: f"{ATS_ID}:plan:{p}")
    acts = page.acts(hit["act"].start, hit["act"].end)
    items = page.items(page.line_at(listed.start).end) if listed else []
    out.require(items, "projects", "no 'comprende N progetti:' list")
    declared = listed["count"] if listed and items else None
    project_ids = []
    for item in items:
        lead = page.within(item, _LEAD)
        title = page.quoted(item.start, lead.start) if lead else item
        name = lead["lead"] if lead else None
        pid = title.derive("project-id-from-title", lambda t: f"{ATS_ID}:project:{kit.slugify(t)}")
        out.record(kit.Project, project_id=pid.value, plan_id=plan_id, title=title, lead_name=name)
        project_ids.append(pid)
    out.record(
        kit.Plan,
        plan_id=plan_id.value,
        guideline_id=kit.guideline_of_period(start, end),
        period_start=start,
        period_end=end,
        approving_act_id=out.act(acts[0]) if acts else None,
        project_ids=project_ids,
        declared_project_count=out.parse(declared, kit.parse_quantity, "declared project count"),
    )
