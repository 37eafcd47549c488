"""The report's sections, computed from an export's rows: what each chart and table shows.

Each section knows which ATS it covers and which it does not, so that the page can say
"no allocations for ATS Bergamo, Brianza" instead of drawing empty axes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs

from conciliazione.report.data import ExportRows, Row
from conciliazione.report.labels import (
    as_of_label,
    euro,
    fuzzy_date_label,
    quantity_label,
)

SEVERITIES = ("error", "warning", "info")
ADDRESS_COLUMNS = ("url", "address", "page_url", "source_url")
"""Columns of ``sources`` that may hold a page's web address (the first present is shown)."""


@attrs.frozen
class AtsName:
    ats_id: str
    name: str


def ats_names(rows: ExportRows) -> list[AtsName]:
    """The ATS in the export's own order (the ``ats`` table), then any other id seen."""
    names = [AtsName(r["ats_id"], r.get("name") or r["ats_id"]) for r in rows.rows("ats")]
    known = {a.ats_id for a in names}
    for table in ("sources", "networks", "projects", "allocations"):
        for row in rows.rows(table):
            ats_id = row.get("ats_id")
            if ats_id and ats_id not in known:
                known.add(ats_id)
                names.append(AtsName(ats_id, ats_id))
    return names


def _missing(all_ats: list[AtsName], present: set[str]) -> list[AtsName]:
    return [a for a in all_ats if a.ats_id not in present]


# -- allocations -----------------------------------------------------------------------------


OWN_PAGE = "the ATS's own page"
"""The series of the figures an ATS's own page gives (each ATS's page is another source, but
the same kind of witness, so they share one colour and one column)."""


@attrs.frozen
class AllocationFigure:
    source_id: str
    amount: Decimal
    basis: str | None
    act_id: str | None
    series: str
    """``OWN_PAGE``, or the id of a region-wide source (a resolution, a decree)."""

    @property
    def label(self) -> str:
        return euro(self.amount)


@attrs.frozen
class AllocationCell:
    """Every figure the sources give for one ATS and year; they disagree when they differ."""

    ats_id: str
    year: int
    figures: tuple[AllocationFigure, ...]

    @property
    def disagreement(self) -> bool:
        return len({f.amount for f in self.figures}) > 1

    def labels(self, series: str) -> str:
        """The amounts of one series in this cell (``—`` when it gives none)."""
        found = [f.label for f in self.figures if f.series == series]
        return " / ".join(found) or "—"

    @property
    def spread(self) -> Decimal:
        amounts = [f.amount for f in self.figures]
        return max(amounts) - min(amounts)


@attrs.frozen
class AllocationSection:
    cells: tuple[AllocationCell, ...]
    series: tuple[str, ...]
    """Region-wide sources first (by id), then :data:`OWN_PAGE`."""
    covered: tuple[AtsName, ...]
    missing: tuple[AtsName, ...]

    @property
    def disagreements(self) -> tuple[AllocationCell, ...]:
        return tuple(c for c in self.cells if c.disagreement)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({c.year for c in self.cells}))

    def cell(self, ats_id: str, year: int) -> AllocationCell | None:
        for cell in self.cells:
            if (cell.ats_id, cell.year) == (ats_id, year):
                return cell
        return None


def _source_owners(rows: ExportRows, all_ats: list[AtsName]) -> dict[str, str | None]:
    """Source id → the ATS whose page it is (None: region-wide). A source missing from the
    ``sources`` table is judged by its id's prefix (``pavia:…``)."""
    owners: dict[str, str | None] = {r["source_id"]: r.get("ats_id") for r in rows.rows("sources")}
    ids = {a.ats_id for a in all_ats}
    for row in rows.rows("allocations"):
        source = str(row.get("source_id") or "")
        if source not in owners:
            prefix = source.partition(":")[0]
            owners[source] = prefix if prefix in ids else None
    return owners


def allocation_section(rows: ExportRows, all_ats: list[AtsName]) -> AllocationSection:
    owners = _source_owners(rows, all_ats)
    grouped: dict[tuple[str, int], list[AllocationFigure]] = defaultdict(list)
    for row in rows.rows("allocations"):
        if row.get("ats_id") is None or row.get("year") is None or row.get("amount_eur") is None:
            continue
        source = str(row.get("source_id") or "unknown source")
        figure = AllocationFigure(
            source,
            Decimal(row["amount_eur"]),
            row.get("basis"),
            row.get("act_id"),
            OWN_PAGE if owners.get(source) is not None else source,
        )
        grouped[(row["ats_id"], int(row["year"]))].append(figure)
    order = {a.ats_id: n for n, a in enumerate(all_ats)}
    cells = tuple(
        AllocationCell(ats_id, year, tuple(sorted(figures, key=lambda f: f.source_id)))
        for (ats_id, year), figures in sorted(
            grouped.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][1])
        )
    )
    present = {c.ats_id for c in cells}
    named = {f.series for c in cells for f in c.figures}
    series = (*sorted(named - {OWN_PAGE}), *([OWN_PAGE] if OWN_PAGE in named else []))
    return AllocationSection(
        cells,
        series,
        tuple(a for a in all_ats if a.ats_id in present),
        tuple(_missing(all_ats, present)),
    )


# -- projects and alliances --------------------------------------------------------------------


@attrs.frozen
class ProjectLine:
    title: str
    lead: str
    alliance: str
    service_types: str
    period: str
    beneficiaries: str
    beneficiaries_text: str | None


@attrs.frozen
class AtsProjects:
    ats: AtsName
    projects: tuple[ProjectLine, ...]
    alliances: tuple[Row, ...]
    declared: str | None
    """The declared project count of the ATS's plans, as labels (``≈ 6``), or None."""

    @property
    def listed(self) -> int:
        return len(self.projects)


@attrs.frozen
class ProjectSection:
    by_ats: tuple[AtsProjects, ...]
    missing: tuple[AtsName, ...]


def _period(row: Row) -> str:
    start = row.get("start")
    end = row.get("end")
    if start is None and end is None:
        return "—"
    first = fuzzy_date_label(start, row.get("start_precision")) if start else "?"
    last = fuzzy_date_label(end, row.get("end_precision")) if end else "…"
    return f"{first} – {last}"


def project_section(rows: ExportRows, all_ats: list[AtsName]) -> ProjectSection:
    alliances = {r["alliance_id"]: r for r in rows.rows("alliances")}
    projects: dict[str, list[ProjectLine]] = defaultdict(list)
    for row in sorted(rows.rows("projects"), key=lambda r: str(r.get("title") or "")):
        alliance = alliances.get(row.get("alliance_id") or "")
        alliance_label = "—"
        if alliance is not None:
            alliance_label = alliance.get("name") or alliance.get("lead_name") or "unnamed"
        projects[row["ats_id"]].append(
            ProjectLine(
                title=row.get("title") or "untitled",
                lead=row.get("lead_name") or "not stated",
                alliance=alliance_label,
                service_types=", ".join(row.get("service_types") or []) or "—",
                period=_period(row),
                beneficiaries=quantity_label(
                    row.get("beneficiaries"), row.get("beneficiaries_qualifier")
                ),
                beneficiaries_text=row.get("beneficiaries_text"),
            )
        )
    by_alliance_ats: dict[str, list[Row]] = defaultdict(list)
    for alliance in alliances.values():
        by_alliance_ats[alliance["ats_id"]].append(alliance)
    declared: dict[str, list[str]] = defaultdict(list)
    for plan in rows.rows("plans"):
        if plan.get("declared_project_count") is not None:
            label = quantity_label(
                plan["declared_project_count"], plan.get("declared_project_count_qualifier")
            )
            period = f"{plan.get('period_start')}–{plan.get('period_end')}"
            declared[plan["ats_id"]].append(f"{label} ({period})")
    present = set(projects) | set(by_alliance_ats)
    by_ats = tuple(
        AtsProjects(
            ats,
            tuple(projects.get(ats.ats_id, ())),
            tuple(sorted(by_alliance_ats.get(ats.ats_id, ()), key=lambda r: str(r.get("name")))),
            "; ".join(declared[ats.ats_id]) if ats.ats_id in declared else None,
        )
        for ats in all_ats
        if ats.ats_id in present
    )
    return ProjectSection(by_ats, tuple(_missing(all_ats, present)))


# -- networks --------------------------------------------------------------------------------


@attrs.frozen
class NetworkLine:
    ats: AtsName
    count: int | None
    qualifier: str | None
    count_label: str
    count_text: str | None
    as_of: str
    as_of_text: str | None
    source_id: str | None


@attrs.frozen
class NetworkSection:
    networks: tuple[NetworkLine, ...]
    missing: tuple[AtsName, ...]

    @property
    def sized(self) -> tuple[NetworkLine, ...]:
        return tuple(n for n in self.networks if n.count is not None)

    @property
    def unsized(self) -> tuple[NetworkLine, ...]:
        return tuple(n for n in self.networks if n.count is None)


def network_section(rows: ExportRows, all_ats: list[AtsName]) -> NetworkSection:
    names = {a.ats_id: a for a in all_ats}
    order = {a.ats_id: n for n, a in enumerate(all_ats)}
    lines = []
    for row in rows.rows("networks"):
        ats_id = row["ats_id"]
        lines.append(
            NetworkLine(
                ats=names.get(ats_id, AtsName(ats_id, ats_id)),
                count=row.get("member_count"),
                qualifier=row.get("member_count_qualifier"),
                count_label=quantity_label(
                    row.get("member_count"), row.get("member_count_qualifier")
                ),
                count_text=row.get("member_count_text"),
                as_of=as_of_label(row.get("as_of"), row.get("as_of_precision")),
                as_of_text=row.get("as_of_text"),
                source_id=row.get("source_id"),
            )
        )
    lines.sort(key=lambda n: (order.get(n.ats.ats_id, len(order)), n.as_of))
    present = {n.ats.ats_id for n in lines}
    return NetworkSection(tuple(lines), tuple(_missing(all_ats, present)))


# -- findings --------------------------------------------------------------------------------


@attrs.frozen
class FindingLine:
    code: str
    message: str
    about: str
    ats_id: str | None
    source_id: str | None
    words: tuple[str, ...]


@attrs.frozen
class FindingSection:
    by_severity: tuple[tuple[str, tuple[FindingLine, ...]], ...]
    evidence_available: bool

    @property
    def total(self) -> int:
        return sum(len(lines) for _, lines in self.by_severity)


def _evidence_index(rows: ExportRows) -> dict[tuple[str, str | None], list[str]]:
    """Quoted words by ``(record_id, field)`` and by ``(record_id, None)`` (any field)."""
    index: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row in rows.rows("evidence"):
        quote = row.get("quote")
        record = row.get("record_id")
        if not quote or not record:
            continue
        for key in ((record, row.get("field")), (record, None)):
            if quote not in index[key]:
                index[key].append(quote)
    return index


def finding_section(rows: ExportRows) -> FindingSection:
    evidence = _evidence_index(rows)
    grouped: dict[str, list[FindingLine]] = defaultdict(list)
    for row in rows.rows("findings"):
        record, path = row.get("entity_id"), row.get("path")
        words: list[str] = []
        if record:
            words = evidence.get((record, path), []) or (
                [] if path else evidence.get((record, None), [])
            )
        about = " · ".join(str(x) for x in (row.get("entity"), record, path) if x)
        grouped[str(row.get("severity") or "info")].append(
            FindingLine(
                code=str(row.get("code")),
                message=str(row.get("message")),
                about=about or "the dataset",
                ats_id=row.get("ats_id"),
                source_id=row.get("source_id"),
                words=tuple(words),
            )
        )
    ordered = tuple(
        (severity, tuple(sorted(grouped[severity], key=lambda f: (f.code, f.about))))
        for severity in (*SEVERITIES, *sorted(set(grouped) - set(SEVERITIES)))
        if grouped.get(severity)
    )
    return FindingSection(ordered, rows.has("evidence"))


# -- sources ---------------------------------------------------------------------------------


@attrs.frozen
class SourceLine:
    source_id: str
    ats_id: str | None
    title: str
    file_name: str
    updated: str
    updated_text: str | None
    address: str | None
    sha256: str
    plugin: str


def source_section(rows: ExportRows) -> tuple[SourceLine, ...]:
    lines = []
    for row in rows.rows("sources"):
        address = next((row[c] for c in ADDRESS_COLUMNS if row.get(c)), None)
        plugin = " ".join(str(x) for x in (row.get("plugin"), row.get("plugin_version")) if x)
        lines.append(
            SourceLine(
                source_id=row["source_id"],
                ats_id=row.get("ats_id"),
                title=row.get("title") or "untitled",
                file_name=row.get("file_name") or "",
                updated=fuzzy_date_label(row.get("updated"), row.get("updated_precision")),
                updated_text=row.get("updated_text"),
                address=address,
                sha256=str(row.get("sha256") or "")[:12],
                plugin=plugin or "—",
            )
        )
    return tuple(sorted(lines, key=lambda s: (s.ats_id or "", s.source_id)))


def summary_counts(rows: ExportRows) -> dict[str, Any]:
    return {name: len(table) for name, table in rows.tables.items() if table is not None}
