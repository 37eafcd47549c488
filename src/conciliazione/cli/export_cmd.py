"""``conciliazione export``: the main job — every plugin's pages to Parquet, ``datapackage.json``
and the DCAT-AP_IT ``catalog.ttl``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from conciliazione.cli.console import echo, table, working
from conciliazione.cli.context import current_state
from conciliazione.cli.errors import FINDINGS, OK, exit_codes_help
from conciliazione.cli.options import (
    ats_arg,
    ats_option,
    force_option,
    max_page_size_option,
    page_limit,
    snapshots_option,
    source_option,
)

if TYPE_CHECKING:
    from conciliazione.export.writer import ExportSummary


def print_summary(summary: ExportSummary) -> None:
    """Tables and rows, findings by severity, withheld personal data, where the files are."""
    table(
        ["table", "rows"],
        [[name, f"{rows:,}"] for name, rows in sorted(summary.tables.items())],
        right=[1],
        title=f"Exported {len(summary.tables)} tables to {summary.out}",
    )
    counts = {s: summary.findings.get(s, 0) for s in ("error", "warning", "info")}
    echo(
        "Findings: "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + " (in the findings table; `conciliazione validate` lists them)",
        style="bold red" if counts["error"] else None,
    )
    if summary.withheld_personal or summary.withheld_evidence:
        echo(
            f"Personal data: {summary.withheld_personal} rows withheld, and "
            f"{summary.withheld_evidence} evidence rows quoting them "
            "(--include-personal-data exports them)"
        )
    if summary.rejected:
        echo(f"Rejected: {summary.rejected} rows (in the rejects table, with their reasons)")
    echo(f"Files: {len(summary.files)} in {summary.out}", style="bold")
    for path in summary.files:
        if path.name == "datapackage.json":
            echo(f"Described by {path}")


@click.command(
    "export",
    epilog=exit_codes_help(
        ok="exported (findings of any severity allowed, unless --strict)",
        findings="with --strict: exported, but the data has error-level findings",
        usage="usage error, unreadable input, or an output directory that cannot be written",
    ),
)
@click.option(
    "--out",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help=(
        "Directory to write the tables into (created if missing; each export is published "
        "whole, in one step: the directory is a link to the current version)."
    ),
)
@ats_option
@source_option
@snapshots_option
@force_option
@max_page_size_option
@click.option(
    "--partition",
    is_flag=True,
    help="Also write partitioned copies (a directory per ats_id, and per year where it exists).",
)
@click.option(
    "--include-personal-data",
    is_flag=True,
    help="Export officials' names, phones and e-mails too (left out by default).",
)
@click.option(
    "--strict", is_flag=True, help="Exit with code 1 when the data has error-level findings."
)
@click.option(
    "--catalog-config",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="CONCILIAZIONE_CATALOG_CONFIG",
    help="TOML file with the publisher's values for catalog.ttl (publisher, rights holder, "
    "contact, identifier prefix, base URL); without it, defaults that say so. "
    "Also CONCILIAZIONE_CATALOG_CONFIG.",
)
def export(
    out: Path,
    ats: tuple[str, ...],
    sources: tuple[str, ...],
    snapshots: Path | None,
    force: bool,
    max_page_mib: int,
    partition: bool,
    include_personal_data: bool,
    strict: bool,
    catalog_config: Path | None,
) -> None:
    """Export the dataset as one Parquet file per table plus datapackage.json and catalog.ttl
    (DCAT-AP_IT), and print a
    summary: tables and rows, findings by severity, withheld personal data, where the files
    are.

    With no option besides --out, every installed plugin's built-in pages are exported:

    \b
      conciliazione export --out exports/

    \b
    Python equivalent:
      from conciliazione.api import run_export
      from conciliazione.export.publisher import load_catalog_config
      summary = run_export("exports/", ats=None, sources=(), snapshots=None,
                           partition=False, include_personal_data=False,
                           catalog=load_catalog_config("catalog.toml"),
                           force=False, max_page_bytes=4 << 20)
    """
    from conciliazione.cli.process import start_up

    with start_up():
        from conciliazione.api import run_export
        from conciliazione.cli.arrow import keep_pandas_out

        keep_pandas_out()
        # What run_export imports when it writes, imported with the rest of the start-up.
        from conciliazione.export import dcat, writer  # noqa: F401
        from conciliazione.export.publisher import load_catalog_config

    catalog = load_catalog_config(catalog_config)

    state = current_state()
    with working("Reading pages and writing tables…"):
        summary = run_export(
            out,
            ats=ats_arg(ats),
            sources=sources,
            snapshots=snapshots,
            partition=partition,
            include_personal_data=include_personal_data,
            host=state.host(),
            force=force,
            max_page_bytes=page_limit(max_page_mib),
            catalog=catalog,
        )
    print_summary(summary)
    if catalog.defaults:
        echo(
            "catalog.ttl: default values for "
            + ", ".join(sorted(catalog.defaults))
            + " (give --catalog-config FILE; see the docs' publishing page)"
        )
    errors = summary.findings.get("error", 0)
    click.get_current_context().exit(FINDINGS if strict and errors else OK)
