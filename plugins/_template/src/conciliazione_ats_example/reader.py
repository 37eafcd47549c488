"""Reading the ATS's page into records: one function per section of the page.

Each function finds its section with a regular expression, reads the values with the core's
Italian parsers (:mod:`conciliazione.parsing`) and adds records to the builder. What it cannot
find is a ``missing-section`` finding, what it cannot read an ``unreadable-value`` finding: a
reader never raises on a page and never guesses a value the page does not give.

What every ATS page has in common comes from the core: the title, the update line and bullet
lists (:mod:`conciliazione.parsing`), the guideline of a plan's period and the acts a page cites
(:mod:`conciliazione.reading`). The reader keeps what only its page knows.
"""

from __future__ import annotations

import re

from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.model import Network, Plan, Project
from conciliazione.parsing import (
    bullets_after,
    find_act_references,
    normalize_text,
    parse_fuzzy_date,
    parse_quantity,
    slugify,
)
from conciliazione.reading import Reading, ReadingBuilder, guideline_for_period, resolve_act
from conciliazione.vague import Quantity

ATS_ID = "bergamo"

_I = re.IGNORECASE
_RECOGNIZE = re.compile(r"\bATS\s+di\s+Bergamo\b", _I)
_TITLE = re.compile(r"Conciliazione\b", _I)
_NETWORK = re.compile(
    r"\bAl\s+(?P<as_of>[0-9/]+)\s+la\s+Rete\s+territoriale\b.*?\bconta\s+(?P<count>[^,.\n]+?)"
    r"\s+soggetti\s+aderenti",
    _I,
)
_PLAN = re.compile(
    r"\bPiano\s+territoriale\s+di\s+conciliazione\s+(?P<start>[0-9]{4})-(?P<end>[0-9]{4})"
    r"\s+è\s+stato\s+approvato\s+con\s+(?P<act>[^\n]+)",
    _I,
)
_PROJECTS = re.compile(r"\bcomprende\s+(?P<count>\S+)\s+progetti\s*:\s*$", _I | re.MULTILINE)
_PROJECT = re.compile(r"^(?P<title>.+?)(?:\s+con\s+capofila\s+(?P<lead>.+))?$", _I)


def recognizes(text: str) -> bool:
    """True if the text names the ATS (look at the text, never at the file name)."""
    return _RECOGNIZE.search(normalize_text(text)) is not None


def read_page(document: Document) -> Reading:
    """Read one page of the ATS into records and findings."""
    text = normalize_text(document.text)
    builder = ReadingBuilder.for_document(document, ats_id=ATS_ID)
    builder.read_title(text, _TITLE)  # the first "Conciliazione …" line that is not a sentence
    builder.read_update_date(text, expected="no 'Ultimo aggiornamento: dd/mm/yyyy' line")
    _read_network(text, builder)
    _read_plan(text, builder)
    return builder.build()


def _read_network(text: str, builder: ReadingBuilder) -> None:
    """The network at a date: "Al 31/12/2023 la Rete territoriale … conta 42 soggetti aderenti"."""
    match = _NETWORK.search(text)
    if match is None:
        builder.missing_section("network", "no 'Al <date> la Rete territoriale … conta N'")
        return
    try:
        as_of, count = parse_fuzzy_date(match["as_of"]), parse_quantity(match["count"])
    except ParseError as exc:
        builder.unreadable("network", exc)
        return
    builder.add(
        Network(
            network_id=f"{ATS_ID}:network:{as_of}",
            ats_id=ATS_ID,
            as_of=as_of,
            member_count=count,
        )
    )


def _read_plan(text: str, builder: ReadingBuilder) -> None:
    """The plan, the act that approved it, and its projects with their lead bodies."""
    match = _PLAN.search(text)
    if match is None:
        builder.missing_section("plan", "no 'Piano territoriale di conciliazione YYYY-YYYY'")
        return
    start, end = int(match["start"]), int(match["end"])
    plan_id = f"{ATS_ID}:plan:{start}-{end}"
    guideline = guideline_for_period(start, end)  # D.G.R. XI/2398/2019 for 2020-2023
    approving_act_id = _approving_act(match["act"], builder)
    projects, declared = _read_projects(text, builder, plan_id)
    builder.add(
        Plan(
            plan_id=plan_id,
            ats_id=ATS_ID,
            guideline_id=guideline.guideline_id if guideline else None,
            period_start=start,
            period_end=end,
            approving_act_id=approving_act_id,
            project_ids=tuple(p.project_id for p in projects),
            declared_project_count=declared,
        ),
        *projects,
    )


def _approving_act(sentence: str, builder: ReadingBuilder) -> str | None:
    """The id of the act the plan was approved with: a record of the page's, or the core's.

    ``resolve_act`` makes the record (issued by the Region or by the ATS, with a stable id), or
    returns the id of an act the core already ships (D.G.R. XI/2398/2019, Decreto 486/2020),
    which must not be emitted again.
    """
    references = find_act_references(sentence)
    if not references:
        builder.missing_section("plan approval act", "no act after 'approvato con'")
        return None
    act = resolve_act(references[0][1], ats_id=ATS_ID)
    if isinstance(act, str):
        return act
    builder.add(act)
    return act.act_id


def _read_projects(
    text: str, builder: ReadingBuilder, plan_id: str
) -> tuple[list[Project], Quantity | None]:
    """The projects: "Il Piano comprende due progetti:" and "- Titolo con capofila Ente" items.

    The declared count and the listed items are both kept: a core rule reports a mismatch.
    """
    match = _PROJECTS.search(text)
    items = bullets_after(text, _PROJECTS)
    if match is None or not items:
        builder.missing_section("projects", "no 'comprende N progetti:' list")
        return [], None
    declared: Quantity | None = None
    try:
        declared = parse_quantity(match["count"])
    except ParseError as exc:
        builder.unreadable("declared project count", exc)
    projects: list[Project] = []
    for item in items:
        project = _PROJECT.match(item)
        if project:
            projects.append(
                Project(
                    project_id=f"{ATS_ID}:project:{slugify(project['title'])}",
                    ats_id=ATS_ID,
                    plan_id=plan_id,
                    title=project["title"],
                    lead_name=project["lead"],
                )
            )
    return projects, declared
