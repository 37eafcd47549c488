"""``conciliazione explain RECORD_ID``: a record field by field, with the words of each value."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conciliazione.cli.console import echo, working
from conciliazione.cli.context import current_state
from conciliazione.cli.errors import exit_codes_help
from conciliazione.cli.options import ats_arg, ats_option, format_option, source_option


@click.command(
    "explain",
    epilog=exit_codes_help(
        ok="the record was explained",
        usage="no record has the id, or unreadable input (file, export, unknown ATS)",
    ),
)
@click.argument("record_id")
@ats_option
@source_option
@click.option(
    "--export",
    "export_dir",
    type=click.Path(path_type=Path),
    help="Explain a record of an export written earlier, instead of reading the pages.",
)
@click.option(
    "--include-personal-data",
    is_flag=True,
    help="Show personal records (named officials) and the words quoting them.",
)
@format_option("text: one line per field and per quote; json: the same as an object.")
def explain(
    record_id: str,
    ats: tuple[str, ...],
    sources: tuple[Path, ...],
    export_dir: Path | None,
    include_personal_data: bool,
    fmt: str,
) -> None:
    """Print one record field by field, each value with the words of the page it was read
    from (and their offsets), or the rule that derived it.

    \b
    Python equivalent:
      from conciliazione.api import explain, load
      print(explain(load().dataset, "pavia:plan:2020-2023").lines())
    """
    from conciliazione.api import explain as explain_record
    from conciliazione.api import load

    if export_dir is not None:
        from conciliazione.export.readback import read_export

        dataset = read_export(export_dir).dataset
    else:
        with working("Reading pages…"):
            dataset = load(ats=ats_arg(ats), sources=sources, host=current_state().host()).dataset
    explanation = explain_record(dataset, record_id, include_personal_data=include_personal_data)
    if fmt == "json":
        click.echo(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in explanation.lines():
        echo(line)
