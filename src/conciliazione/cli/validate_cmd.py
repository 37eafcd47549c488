"""``conciliazione validate``: read the pages, run the rules, report the findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from conciliazione.cli.console import echo, working
from conciliazione.cli.context import current_state
from conciliazione.cli.errors import FINDINGS, OK, exit_codes_help
from conciliazione.cli.options import (
    ats_arg,
    ats_option,
    force_option,
    format_option,
    max_page_size_option,
    page_limit,
    snapshots_option,
    source_option,
)

if TYPE_CHECKING:
    from conciliazione.findings import Finding, Report
    from conciliazione.plugins.manager import PluginHost

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_of(report: Report) -> dict[str, Any]:
    """Counts by severity, the total, and whether the data is valid (no errors)."""
    counts = {severity.value: n for severity, n in report.by_severity().items()}
    return {**counts, "total": len(report), "valid": report.valid}


def report_payload(report: Report) -> dict[str, Any]:
    """The JSON form: every finding as a row (the ``findings`` table's shape) and a summary."""
    return {"findings": report.to_rows(), "summary": summary_of(report)}


def _where(finding: Finding) -> str:
    place = "/".join(p for p in (finding.entity, finding.entity_id) if p)
    if finding.path:
        place = f"{place}.{finding.path}" if place else finding.path
    ats = f"[{finding.ats_id}] " if finding.ats_id else ""
    return f"{ats}{place}: " if place else ats


def print_report(report: Report) -> None:
    """Findings grouped by severity, then code, each group with its count; then the totals."""
    findings = report.sorted()
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.severity.value, finding.code), []).append(finding)
    for (severity, code), members in groups.items():
        echo(f"{severity} {code} ({len(members)})", style=_STYLES.get(severity))
        for finding in members:
            echo(f"  {_where(finding)}{finding.message}")
    echo(summary_line(report), style="bold")


def summary_line(report: Report) -> str:
    counts = summary_of(report)
    parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info"))
    verdict = "valid" if report.valid else "not valid"
    return f"{counts['total']} findings ({parts}): {verdict}"


def print_catalogue(host: PluginHost | None, fmt: str) -> None:
    """The finding codes of :func:`conciliazione.api.finding_types`, one a line or as JSON."""
    from conciliazione.api import finding_types

    types = finding_types(host=host)
    if fmt == "json":
        rows = [
            {
                "code": t.code,
                "severity": t.severity.value,
                "title": t.title,
                "description": t.description,
                "fix": t.fix,
                "origin": t.origin,
            }
            for t in types
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for t in types:
        echo(f"{t.code}  {t.severity.value}  {t.title}  ({t.origin})")


@click.command(
    "validate",
    epilog=exit_codes_help(
        ok="no error-level findings (warnings and infos allowed)",
        findings="at least one error-level finding",
        usage="usage error or unreadable input (file, unknown ATS, unrecognised page)",
    ),
)
@ats_option
@source_option
@snapshots_option
@force_option
@max_page_size_option
@format_option(
    "text: grouped by severity and code, for a person; json: finding rows and a summary."
)
@click.option(
    "--list-codes",
    is_flag=True,
    help="List every finding code a run can report (the findings catalogue) and exit; "
    "with --format json, each code's severity, title, description, fix and origin.",
)
def validate(
    ats: tuple[str, ...],
    sources: tuple[str, ...],
    snapshots: Path | None,
    force: bool,
    max_page_mib: int,
    fmt: str,
    list_codes: bool,
) -> None:
    """Read the pages, run the core and plugin rules, and report findings grouped by code
    and severity.

    With no option, every installed plugin's built-in pages are read.

    \b
    Python equivalent:
      from conciliazione.api import finding_types, load, validate
      report = validate(load(ats=[...], sources=[...], snapshots=None, force=False,
                             max_page_bytes=4 << 20))
      codes = finding_types()  # --list-codes
    """
    from conciliazione.api import load
    from conciliazione.api import validate as validate_loaded

    state = current_state()
    if list_codes:
        print_catalogue(state.host(), fmt)
        return
    with working("Reading pages…"):
        loaded = load(
            ats=ats_arg(ats),
            sources=sources,
            host=state.host(),
            snapshots=snapshots,
            force=force,
            max_page_bytes=page_limit(max_page_mib),
        )
    with working("Checking the rules…"):
        report = validate_loaded(loaded)
    if fmt == "json":
        click.echo(json.dumps(report_payload(report), indent=2, ensure_ascii=False))
    else:
        print_report(report)
    click.get_current_context().exit(OK if report.valid else FINDINGS)


__all__ = ["print_report", "report_payload", "validate"]
