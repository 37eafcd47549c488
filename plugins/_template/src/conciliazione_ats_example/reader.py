"""Reading the ATS's page into records: one block per section of the page.

``read(page, out)`` gets the page's text (:class:`~conciliazione.plugin.PageText`, normalized:
single spaces, straight quotes, no indentation, so patterns can be written with plain spaces)
and a :class:`~conciliazione.plugin.ReadingBuilder`. The page's primitives (``search``,
``items``, ``acts``, ``within``, …) return :class:`~conciliazione.plugin.Quoted` values — the
value with the words it was read from — and the builder turns them into records and their
evidence: ``out.network``, ``out.plan``, ``out.project`` for what every ATS page states,
``out.record(Model, **fields)`` for anything else. A value the reader builds rather than reads
is derived: ``quoted.derive("rule-name", build)``; only a record's id is plain (``ats_id`` and
``source_id`` are the builder's).

A section the reader does not find is ``out.require``'s ``missing-section`` finding, a value a
parser rejects an ``unreadable-value`` finding: a reader never raises and never guesses.
"""

from conciliazione import plugin as kit
from conciliazione.plugin import Hit, PageText, ReadingBuilder

from conciliazione_ats_example import ADAPTER

_NETWORK = r"\bAl (?P<as_of>\S+) la Rete territoriale\b.*\bconta (?P<count>[^,.\n]+) soggetti"
_PLAN = r"\bPiano territoriale di conciliazione (?P<start>\d{4})-(?P<end>\d{4})(?P<act>.*)"
_PROJECTS = r"\bcomprende (?P<count>\S+ progetti):$"

read_page = ADAPTER.read_document
"""Read one page (a :class:`~conciliazione.documents.Document`), for the fact tests."""


def read(page: PageText, out: ReadingBuilder) -> None:
    out.read_title(page, r"Conciliazione\b")  # the first "Conciliazione …" line, not a sentence
    out.read_update_date(page, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    network = page.search(_NETWORK)  # "Al 31/12/2023 la Rete territoriale … conta 42 soggetti"
    if out.require(network, "network", "no 'Al <date> la Rete territoriale … conta N'"):
        out.network(network["as_of"], network["count"])
    plan = page.search(_PLAN)
    if out.require(plan, "plan", "no 'Piano territoriale di conciliazione YYYY-YYYY'"):
        _plan(page, out, plan)


def _plan(page: PageText, out: ReadingBuilder, plan: Hit) -> None:
    """The plan, the act it was approved with (the first cited on its line: the core's acts
    keep the core's ids) and its projects: "Il Piano comprende due progetti:" and "- Titolo
    con capofila Ente" items, each lead body an organization. The declared count and the
    listed items are both kept: a core rule reports when they disagree."""
    period = out.plan_period(plan)  # its id, years and guideline, from "… 2020-2023"
    acts = page.acts(plan["act"].start, plan["act"].end)
    listed = page.search(_PROJECTS)
    items = page.items(page.line_at(listed.start).end) if listed else []
    out.require(items, "projects", "no 'comprende N progetti:' list")
    declared = listed["count"] if listed else None  # "due progetti", kept as the page says it
    out.plan(
        period,
        approving_act_id=out.act(acts[0]) if acts else None,
        project_ids=[out.project(period, *kit.title_and_lead(page, item)) for item in items],
        declared_project_count=out.declared_count(declared, "declared project count"),
    )
