"""``conciliazione allocate``: compute the Region's split among the ATS, and reconcile it.

A thin shell over :mod:`conciliazione.allocation`. The engine (and pydantic with it) is imported
inside the command, so this module costs only click at start-up. Bad input — an unknown ATS, a
negative or missing population, weights that do not add up to 1, a schedule whose length is not
the number of years, an unreadable file — is one line on stderr and exit code 2, never a
traceback: option problems are click usage errors, and the engine's exceptions reach the
``conciliazione`` group's one error handler (:mod:`conciliazione.cli.errors`), which also
honours ``--debug``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from conciliazione.cli.console import echo, table
from conciliazione.cli.context import current_state

if TYPE_CHECKING:
    from decimal import Decimal

    from conciliazione.allocation import AllocationResult, Tolerance
    from conciliazione.model import Allocation

EPILOG = """\b
Examples, with the shipped sample population file (invented figures):
  conciliazione allocate --example-population population_sample.csv
  conciliazione allocate --total 2800000 --population population_sample.csv \\
      --schedule 0.9,0.9,1.0 --years 2020-2022
  conciliazione allocate --total 2800000 --population population_sample.csv \\
      --years 2020-2022 --reconcile \\
      --source core:publication:release-2019-11-11-dgr-xi-2398-2019
  conciliazione allocate --total 1000000 --population population_sample.csv \\
      --formula equal-plus-population --weights 0.3,0.7 --years 2022 --unit euro

\b
The population file has the columns ats_id, population and optionally as_of
(the reference date); one row for each of the eight ATS.

\b
Exit codes:
  0  success (differences from published figures are reported, not fatal)
  2  bad input: unknown ATS, negative or missing population, weights not
     adding up to 1, schedule length not the number of years, unreadable file,
     a --source with no published allocations"""


MAX_AMOUNT = "9999999999999999.99"
"""The largest amount (EUR) --total and --base take: what ``decimal128(18, 2)``, the type of
amounts in the export, can hold. A larger one used to end in an internal error."""


def _decimal_option(value: str, option: str, *, amount_limit: bool = False) -> Decimal:
    from decimal import Decimal, InvalidOperation

    from conciliazione.allocation.errors import AllocationInputError

    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise AllocationInputError(
            f"{option} {value!r} is not a number (write 2800000 or 2800000.00)"
        ) from None
    if not amount.is_finite():
        raise AllocationInputError(f"{option} {value!r} is not a finite number")
    if amount_limit and abs(amount) > Decimal(MAX_AMOUNT):
        raise AllocationInputError(
            f"{option} {value!r} is out of range: at most {MAX_AMOUNT} EUR (the largest amount "
            "decimal128(18, 2) holds)"
        )
    return amount


def _print_allocations(result: AllocationResult, unit: str) -> None:
    rows: list[list[object]] = [[a.ats_id, a.year, a.amount_eur] for a in result.allocations]
    table(["ats_id", "year", "amount_eur"], rows, right=[1, 2])
    totals = ", ".join(f"{year}: {amount}" for year, amount in result.year_totals)
    echo(f"total {result.total} EUR ({totals}); formula {result.formula}, unit {unit}")


def _print_reconciliation(
    result: AllocationResult,
    published: list[Allocation],
    tolerance: Tolerance,
    sources: tuple[str, ...],
) -> None:
    from conciliazione.allocation import reconcile_sources

    echo()
    if not published:
        echo("No published allocations: the installed plugins and the core publish none.")
        return
    by_source = reconcile_sources(result.allocations, published, tolerance, sources=sources or None)
    count = sum(len(s.allocations) for s in by_source)
    echo(f"Reconciliation with {count} published allocations from {len(by_source)} source(s):")
    consistent = True
    for source in by_source:
        precision = (
            f"rounded to {source.rounding_unit} EUR" if source.rounding_unit else "exact figures"
        )
        echo(
            f"source {source.source_id} ({len(source.allocations)} allocations, {precision}; "
            f"ATS {', '.join(source.ats_ids)}):"
        )
        for fit in source.fits:
            echo(f"  published schedule: {fit}")
            if fit.fit is not None and not fit.consistent:
                for finding in fit.fit.reconciliation.findings:
                    echo(f"    {finding.message}")
        findings = source.reconciliation.findings
        for finding in findings:
            echo(f"  {finding.severity.value} {finding.code}: {finding.message}")
        if not findings:
            echo("  every published allocation equals the computed one")
        verdict = "consistent" if source.consistent else "NOT consistent"
        echo(f"  {len(findings)} differences: this source's figures {verdict} with this split")
        consistent = consistent and source.consistent
    verdict = "consistent" if consistent else "NOT consistent"
    echo(f"published figures {verdict} with this split")


def _write_example(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """``--example-population FILE``: write the sample and stop, before the other options are
    required."""
    if value is None or ctx.resilient_parsing:
        return
    from conciliazione.samples import POPULATION, write_sample

    path = write_sample(POPULATION, value)
    echo(f"Wrote {path}: a sample population per ATS (invented figures, not the real ones)")
    echo("Split 2.8 million over 2020-2022 with it:")
    echo(
        f"  conciliazione allocate --total 2800000 --population {path} "
        "--schedule 0.9,0.9,1.0 --years 2020-2022"
    )
    ctx.exit(0)


@click.command("allocate", epilog=EPILOG)
@click.option(
    "--example-population",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=True),
    is_eager=True,
    expose_value=False,
    callback=_write_example,
    help="Write the shipped sample population file (invented figures) to FILE (.csv, or a "
    "directory) and exit.",
)
@click.option(
    "--total",
    metavar="EUR",
    help="The multi-year total to split (2800000 for 2.8 million over 2020-2022).",
)
@click.option(
    "--base",
    metavar="EUR",
    help="Instead of --total: the yearly base (a full tranche, weight 1) to split each year.",
)
@click.option(
    "--population",
    "population_path",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=True),
    help="Resident population per ATS: .csv or .parquet with ats_id, population[, as_of].",
)
@click.option(
    "--formula",
    type=click.Choice(["population", "equal-plus-population"]),
    default="population",
    show_default=True,
    help="population: by resident population; equal-plus-population: see --weights.",
)
@click.option(
    "--weights",
    metavar="EQUAL,POPULATION",
    help="For equal-plus-population: the two weights, adding up to 1 (0.3,0.7).",
)
@click.option(
    "--schedule",
    metavar="W,W,...",
    help="Tranche weight per year, in year order (0.9,0.9,1.0). Default: 1 every year.",
)
@click.option(
    "--years",
    required=True,
    metavar="YEARS",
    help="The years of the schedule: 2020-2022, or 2020,2021,2022.",
)
@click.option(
    "--unit",
    type=click.Choice(["cent", "euro"]),
    default="cent",
    show_default=True,
    help="Round every amount to this unit (largest-remainder method).",
)
@click.option(
    "--guideline",
    "guideline_id",
    metavar="ID",
    default="dgr-xi-2398-2019",
    show_default=True,
    help="The guideline the allocations belong to.",
)
@click.option(
    "--partial",
    is_flag=True,
    help="Allow a population file that does not cover all eight ATS (split among those given).",
)
@click.option(
    "--out",
    "out_path",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help=(
        "Also write the allocations to PATH: a .csv or .parquet file (amounts "
        "decimal128(18,2)), or a directory with both and its datapackage.json."
    ),
)
@click.option(
    "--reconcile",
    "do_reconcile",
    is_flag=True,
    help="Compare with the published allocations (the installed plugins' pages and the "
    "Region's publications), source by source.",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="SOURCE_ID",
    help="With --reconcile: only the figures of this source (repeatable; default: every "
    "source, each reconciled on its own). See the sources table of an export.",
)
@click.option(
    "--tolerance",
    default="0",
    show_default=True,
    metavar="EUR",
    help="With --reconcile: differences up to this many euro count as rounding.",
)
@click.option(
    "--relative-tolerance",
    default="0",
    show_default=True,
    metavar="FRACTION",
    help="With --reconcile: differences up to this fraction of the amount (0.001 = 0.1%).",
)
def allocate(
    total: str | None,
    base: str | None,
    population_path: Path,
    formula: str,
    weights: str | None,
    schedule: str | None,
    years: str,
    unit: str,
    guideline_id: str,
    partial: bool,
    out_path: Path | None,
    do_reconcile: bool,
    sources: tuple[str, ...],
    tolerance: str,
    relative_tolerance: str,
) -> None:
    """Split a programme's funds among the eight ATS by resident population, year by year.

    Each year's tranche is its schedule weight times the yearly base (with --total, the base
    is the total divided by the sum of the weights: 2,800,000 over 0.9/0.9/1.0 is a base of
    1,000,000). Amounts are rounded by the largest-remainder method, so the ATS parts of
    every year add up exactly; ties go to the larger population, then the smaller ATS id.

    With --reconcile, each source of published figures is compared on its own, within at least
    half its rounding unit, and for each ATS it covers the schedule that explains its figures
    is fitted (the Region's release: 0.8/1/1; ATS Pavia's page: 0.9/0.9/1).

    \b
    Python equivalent:
      from conciliazione.allocation import (
          TrancheSchedule, allocate_total, formula_from_name, read_population,
          reconcile_sources)
      result = allocate_total(total, read_population(path), formula_from_name("population"),
                              TrancheSchedule.parse("2020-2022", "0.9,0.9,1.0"))
      from conciliazione.api import published_allocations
      reconcile_sources(result.allocations, published_allocations("dgr-xi-2398-2019"),
                        sources=None)
    """
    from conciliazione.allocation import (
        UNITS,
        AllocationInputError,
        Tolerance,
        TrancheSchedule,
        allocate_total,
        formula_from_name,
        read_population,
        write_allocations,
    )
    from conciliazione.allocation import allocate as allocate_base
    from conciliazione.allocation.schedule import parse_decimal_list
    from conciliazione.regional import get_guideline

    if total is not None and base is not None:
        raise AllocationInputError("give either --total (multi-year) or --base (yearly), not both")
    if total is not None:
        amount = _decimal_option(total, "--total", amount_limit=True)
    elif base is not None:
        amount = _decimal_option(base, "--base", amount_limit=True)
    else:
        raise AllocationInputError(
            "give the amount to split: --total (multi-year) or --base (yearly)"
        )
    if weights is not None and formula != "equal-plus-population":
        raise AllocationInputError("--weights applies only to --formula equal-plus-population")
    chosen = formula_from_name(
        formula, tuple(parse_decimal_list(weights, "weight")) if weights is not None else None
    )
    plan = TrancheSchedule.parse(years, schedule)
    tolerated = Tolerance(
        _decimal_option(tolerance, "--tolerance"),
        _decimal_option(relative_tolerance, "--relative-tolerance"),
    )
    guideline = get_guideline(guideline_id).guideline_id
    populations = read_population(population_path)
    split = allocate_total if total is not None else allocate_base
    result = split(
        amount,
        populations,
        chosen,
        plan,
        UNITS[unit],
        guideline_id=guideline,
        require_all_ats=not partial,
    )
    _print_allocations(result, unit)
    if out_path is not None:
        from conciliazione.documents import file_sha256

        inputs = {population_path.name: file_sha256(population_path)}
        written = write_allocations(result.allocations, out_path, inputs=inputs)
        click.echo(f"wrote {len(result.allocations)} allocations to {written}", err=True)
    if do_reconcile:
        from conciliazione.api import published_allocations

        published = published_allocations(guideline, host=current_state().host())
        _print_reconciliation(result, published, tolerated, sources)


__all__ = ["allocate"]
