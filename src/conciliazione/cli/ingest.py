"""``conciliazione ingest``: check tabular registers (CSV, XLSX) and write them as Parquet.

A thin shell over :func:`conciliazione.registers.ingest`. Rejected rows are data problems, so
the command succeeds when the registers could be read, and reports them; ``--strict`` makes
any rejected row fail the run. Input that cannot be read at all (a missing, binary or
undecodable file, a register without the layout's required columns, an unknown ATS or layout)
is one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from conciliazione.cli.errors import FINDINGS, OK, exit_codes_help
from conciliazione.cli.options import format_option

if TYPE_CHECKING:
    from conciliazione.registers.ingestion import IngestSummary
    from conciliazione.registers.layout import RegisterLayout


def _print_summary(summary: IngestSummary, show: int) -> None:
    from conciliazione.cli.console import echo, table

    plural = "s" if len(summary.files) != 1 else ""
    echo(f"{summary.layout} (ATS {summary.ats_id}): {len(summary.files)} file{plural}", "bold")
    for f in summary.files:
        how = (
            f"sheet {f.sheet!r}" if f.kind == "xlsx" else f"{f.encoding}, delimiter {f.delimiter!r}"
        )
        echo(
            f"  {f.path}: {f.kind.upper()}, {how}: {f.rows_read} rows read, "
            f"{f.rows_exported} exported, {f.rows_rejected} rejected"
        )
        if f.missing_columns:
            echo(f"    optional columns missing (null): {', '.join(f.missing_columns)}")
        if f.ignored_columns:
            echo(f"    columns not in the layout (ignored): {', '.join(f.ignored_columns)}")
    if summary.findings_by_code:
        rows = [(code, n) for code, n in summary.findings_by_code.items()]
        table(["code", "failing cells"], rows, right=[1], title="Rejected cells by code:")
        shown: dict[str, int] = {}
        for issue in summary.issues:
            if shown.get(issue.code, 0) >= show:
                continue
            shown[issue.code] = shown.get(issue.code, 0) + 1
            echo(f"  {issue.code} {issue.where}: {issue.message}")
        hidden = sum(summary.findings_by_code.values()) - sum(shown.values())
        if hidden:
            echo(f"  … and {hidden} more: every rejected row is in {summary.rejects_path}")
    echo(summary.accounting_line(), "bold" if summary.balanced else "bold red")
    echo(f"Wrote {summary.valid_path} and {summary.rejects_path}")


def _print_layouts(layouts: dict[str, RegisterLayout]) -> None:
    from conciliazione.cli.console import echo

    for name in sorted(layouts):
        layout = layouts[name]
        owner = "core" if layout.ats_id is None else f"ATS {layout.ats_id} ({layout.origin})"
        echo(f"{name}: {layout.title or layout.entity} [{owner}]", "bold")
        for spec in layout.columns:
            notes: list[str] = [spec.type]
            if spec.required:
                notes.append("required")
            if spec.pattern:
                notes.append(spec.pattern)
            if spec.codelist:
                notes.append(f"codelist {spec.codelist}")
            if spec.values:
                notes.append(f"{len(set(dict(spec.values).values()))} codes")
            if spec.personal:
                notes.append("personal")
            echo(f"  {spec.header!r} → {spec.field} ({', '.join(notes)})")
            for code, labels in _values_by_code(spec.value_map).items():
                echo(f"      {code}" + (f": {'; '.join(labels)}" if labels else ""))


def _values_by_code(value_map: dict[str, str]) -> dict[str, list[str]]:
    """The allowed values, code → the Italian labels accepted for it (the code itself is
    always accepted, so it is not repeated among the labels)."""
    grouped: dict[str, list[str]] = {}
    for label, code in value_map.items():
        labels = grouped.setdefault(code, [])
        if label != code:
            labels.append(label)
    return dict(sorted(grouped.items()))


def _write_example(layout: str, out_dir: Path | None) -> None:
    from conciliazione.cli.console import echo
    from conciliazione.samples import REGISTER_SAMPLES, write_sample

    if layout not in REGISTER_SAMPLES:
        known = ", ".join(REGISTER_SAMPLES)
        raise click.UsageError(f"no sample register for layout {layout!r}; samples: {known}")
    path = write_sample(layout, out_dir or Path("."))
    echo(f"Wrote {path}: a sample {layout} register, invented data (some rows wrong on purpose)")
    echo("Check it with:")
    echo(f"  conciliazione ingest --ats milano --layout {layout} {path} --out ingested/")


@click.command(
    "ingest",
    epilog=exit_codes_help(
        ok="the registers were read (rejected rows are reported in the rejects table)",
        findings="with --strict: at least one row was rejected",
        usage=(
            "usage error or unreadable input: a missing, binary or undecodable file, a "
            "register without the layout's required columns, an unknown ATS or layout"
        ),
    ),
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--ats", "ats_id", metavar="ID", help="The ATS the registers belong to.")
@click.option(
    "--layout",
    "layout_name",
    metavar="NAME",
    help="The register layout: organizations, service_records, or a plugin's (see --list).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help=(
        "Directory for <layout>.parquet, <layout>_rejects.parquet and datapackage.json "
        "(published in one step; other layouts' tables there are kept)."
    ),
)
@click.option("--strict", is_flag=True, help="Exit with 1 when any row is rejected.")
@click.option(
    "--include-personal",
    is_flag=True,
    help="Also export personal columns (a person's fiscal code); left out by default.",
)
@click.option(
    "--show",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Failing cells printed per code (all are in the rejects table).",
)
@format_option("text for a person; json: the summary, counts by code and the first failing cells.")
@click.option(
    "--list",
    "list_layouts",
    is_flag=True,
    help="List the register layouts, their columns and allowed values (code: Italian labels), "
    "and exit.",
)
@click.option(
    "--example",
    "example",
    metavar="LAYOUT",
    help="Write a sample register for LAYOUT (organizations, service_records) into --out "
    "(default: the current directory) and exit. Its data is invented.",
)
def ingest(
    files: tuple[Path, ...],
    ats_id: str | None,
    layout_name: str | None,
    out_dir: Path | None,
    strict: bool,
    include_personal: bool,
    show: int,
    fmt: str,
    list_layouts: bool,
    example: str | None,
) -> None:
    """Check tabular registers (CSV or XLSX) column by column against a layout, and write the
    valid rows and the rejected ones (with their reasons) as Parquet.

    CSV files may be UTF-8 or Latin-1, separated by ';', ',', tab or '|'; numbers and dates
    are read the Italian way (1.234,56 and dd/mm/yyyy). Every row read is either exported or
    rejected, and the summary says so.

    \b
    A first register in five minutes, with the shipped sample (invented data):
      conciliazione ingest --example organizations
      conciliazione ingest --ats milano --layout organizations \\
          organizations_sample.csv --out ingested/

    \b
    Example:
      conciliazione ingest --ats pavia --layout organizations soci.csv --out exports/

    \b
    Python equivalent:
      from conciliazione.registers import ingest
      from conciliazione.samples import write_sample
      write_sample("organizations", ".")  # organizations_sample.csv
      summary = ingest(["soci.csv"], "organizations", "exports/", ats_id="pavia")
    """
    from conciliazione.cli.context import current_state

    if example is not None:
        _write_example(example, out_dir)
        return
    state = current_state()
    if list_layouts:
        from conciliazione.registers.catalog import available_layouts

        _print_layouts(available_layouts(state.require_host(), ats_id=ats_id))
        return
    if ats_id is None or layout_name is None or out_dir is None:
        given = (("--ats", ats_id), ("--layout", layout_name), ("--out", out_dir))
        missing = ", ".join(option for option, value in given if value is None)
        raise click.UsageError(f"missing option(s): {missing}")
    if not files:
        raise click.UsageError("give at least one register FILE")

    from conciliazione.cli.arrow import keep_pandas_out, prefer_jemalloc

    keep_pandas_out()  # before anything imports pyarrow
    prefer_jemalloc()
    from conciliazione.cli.console import rows_and_files
    from conciliazione.registers.ingestion import ingest as run_ingest
    from conciliazione.registers.layout import core_layouts

    # A core layout needs no plugin: loading them all would only slow the start.
    core = layout_name in {layout.name for layout in core_layouts()}
    with rows_and_files(len(files)) as progress:
        summary = run_ingest(
            files,
            layout_name,
            out_dir,
            ats_id=ats_id,
            include_personal=include_personal,
            host=None if core else state.require_host(),
            progress=progress,
        )
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_summary(summary, show)
    click.get_current_context().exit(FINDINGS if strict and summary.rows_rejected else OK)


__all__ = ["ingest"]
