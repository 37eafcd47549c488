"""Build the report: read the export, compute the sections, fill in the template, write it.

The HTML comes from a Jinja2 template (``templates/report.html.j2``) with autoescaping on, so
every word read from a page is escaped; only the SVG the charts module drew is inserted as
markup. The file is written aside and renamed into place: a failed build leaves an earlier
report as it was.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import attrs

from conciliazione.errors import ExportError
from conciliazione.report.charts import allocations_chart, networks_chart, projects_chart
from conciliazione.report.data import read_rows
from conciliazione.report.sections import (
    allocation_section,
    ats_names,
    finding_section,
    network_section,
    project_section,
    source_section,
    summary_counts,
)


@attrs.frozen
class ReportSummary:
    """What :func:`build_report` wrote."""

    out: Path
    size_bytes: int
    seconds: float
    """Wall time to read the export and write the report."""
    missing_ats: tuple[str, ...]
    """The ATS of the export's ``ats`` table that no source of the export covers."""


def render_report(export_dir: str | Path) -> tuple[str, tuple[str, ...]]:
    """The report of the export in ``export_dir`` as HTML text, and the ATS it lacks."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    from markupsafe import Markup

    rows = read_rows(export_dir)
    all_ats = ats_names(rows)
    covered = {s["ats_id"] for s in rows.rows("sources") if s.get("ats_id")}
    missing = [a for a in all_ats if a.ats_id not in covered]
    allocations = allocation_section(rows, all_ats)
    projects = project_section(rows, all_ats)
    networks = network_section(rows, all_ats)
    environment = Environment(
        loader=PackageLoader("conciliazione.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    html = template.render(
        metadata=rows.metadata,
        export_dir=str(Path(export_dir)),
        title=str(rows.descriptor.get("title") or "conciliazione export"),
        counts=summary_counts(rows),
        all_ats=all_ats,
        missing=missing,
        allocations=allocations,
        allocations_svg=Markup(allocations_chart(allocations)) if allocations.cells else None,
        projects=projects,
        projects_svg=Markup(projects_chart(projects)) if projects.by_ats else None,
        networks=networks,
        networks_svg=Markup(networks_chart(networks)) if networks.sized else None,
        findings=finding_section(rows),
        sources=source_section(rows),
        has=rows.has,
    )
    return html, tuple(a.ats_id for a in missing)


def build_report(export_dir: str | Path, out: str | Path) -> ReportSummary:
    """Write the HTML report of the export in ``export_dir`` to the file ``out``.

    Raises :class:`~conciliazione.errors.SourceError` when ``export_dir`` is not a readable
    export, :class:`~conciliazione.errors.ExportError` when ``out`` cannot be written.
    """
    started = time.perf_counter()
    html, missing = render_report(export_dir)
    target = Path(out)
    data = html.encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the report: {exc.strerror or exc}") from None
    return ReportSummary(target, len(data), time.perf_counter() - started, missing)
