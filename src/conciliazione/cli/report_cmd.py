"""``conciliazione report``: one self-contained HTML page that shows an export to a person."""

from __future__ import annotations

from pathlib import Path

import click

from conciliazione.cli.console import echo, working
from conciliazione.cli.errors import exit_codes_help


@click.command(
    "report",
    epilog=exit_codes_help(
        ok="the report was written",
        usage="EXPORT_DIR is not a readable export, or --out cannot be written",
    ),
)
@click.argument("export_dir", metavar="EXPORT_DIR", type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The HTML file to write (replaced atomically).",
)
def report(export_dir: Path, out: Path) -> None:
    """Write one HTML file that shows the export in EXPORT_DIR: allocations per ATS and year
    by source (disagreements marked), projects with their leads and alliances, network sizes
    with their vagueness, findings by severity with the words they are about, and the
    sources. It opens offline: no script, and no font or style fetched.

    \b
    Example:
      conciliazione export --out exports/
      conciliazione report exports/ --out report.html

    \b
    Python equivalent:
      from conciliazione.report import build_report
      summary = build_report("exports/", "report.html")
    """
    from conciliazione.report import build_report

    with working("Drawing the report…"):
        summary = build_report(export_dir, out)
    echo(f"Wrote {summary.out} ({summary.size_bytes:,} bytes, {summary.seconds:.1f} s)")
    if summary.missing_ats:
        missing = ", ".join(summary.missing_ats)
        echo(f"The export has no source for ATS {missing}; the report says so")


__all__ = ["report"]
