"""Core rules about published figures: misprints kept as printed, sources that disagree.

The comparisons themselves are :mod:`conciliazione.figures`; these rules turn the ones that do
not agree within the figures' precision into findings that carry both values, both sources and
the difference. :func:`add_figure_rules` registers them with the core rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from conciliazione.errors import ParseError
from conciliazione.figures import (
    FigureComparison,
    check_published_totals,
    compare_act_totals,
    compare_years,
)
from conciliazione.findings import Severity
from conciliazione.parsing import parse_amount
from conciliazione.regional import published_totals
from conciliazione.rules.registry import RuleContext, RuleRegistry, Violation


def _printed_amount_differs(ctx: RuleContext) -> Iterator[Violation]:
    for a in ctx.dataset.allocations:
        if a.amount_text is None:
            continue
        try:
            printed = parse_amount(a.amount_text)
        except ParseError:
            yield Violation(
                f"the source prints {a.amount_text!r}, which is not an Italian-formatted amount"
                f"{_as_decimal_text(a.amount_text)}; amount_eur holds its reading, "
                f"{a.amount_eur} EUR (the printed text is kept)",
                a,
                "amount_text",
            )
            continue
        if printed != a.amount_eur:
            yield Violation(
                f"the source prints {a.amount_text!r} ({printed} EUR as written); amount_eur "
                f"holds its reading, {a.amount_eur} EUR (the printed text is kept)",
                a,
                "amount_text",
            )


def _as_decimal_text(text: str) -> str:
    """ " (as a decimal: 117.00 EUR)": what a lax reading would have kept, to say why not."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return ""
    return f" (as a decimal number: {value} EUR)" if value.is_finite() else ""


def _where(comparison: FigureComparison) -> str:
    return f"ATS {comparison.ats_id}, {comparison.act_id}, {comparison.years_text}"


def _sources_disagree(ctx: RuleContext) -> Iterator[Violation]:
    totals = {
        (c.ats_id, c.act_id, c.first.source_id, c.second.source_id): c
        for c in compare_act_totals(ctx.dataset.allocations)
    }
    for comparison in compare_years(ctx.dataset.allocations):
        if comparison.agree:
            continue
        total = totals.get(
            (
                comparison.ats_id,
                comparison.act_id,
                comparison.first.source_id,
                comparison.second.source_id,
            )
        )
        over = ""
        if total is not None:
            verdict = "agree" if total.agree else "disagree too"
            over = (
                f"; over {total.years_text} the totals {verdict} ({total.first.amount} vs "
                f"{total.second.amount} EUR, difference {total.difference:+} EUR, "
                f"{total.margin} EUR allowed)"
            )
        yield Violation(
            f"{_where(comparison)}: {comparison.describe()}{over}",
            comparison.second.allocations[0],
            "amount_eur",
        )


def _act_totals_disagree(ctx: RuleContext) -> Iterator[Violation]:
    for comparison in compare_act_totals(ctx.dataset.allocations):
        if not comparison.agree:
            yield Violation(
                f"{_where(comparison)} in total: {comparison.describe()}",
                comparison.second.allocations[0],
                "amount_eur",
            )


def _total_differs(ctx: RuleContext) -> Iterator[Violation]:
    for check in check_published_totals(
        ctx.dataset.allocations, published_totals(), sorted(ctx.ats_ids)
    ):
        if check.complete and not check.agree:
            # The finding sits on the source's first figure summed: its source and its ATS.
            yield Violation(check.describe(), check.summed.allocations[0], "amount_eur")


def add_figure_rules(registry: RuleRegistry) -> None:
    """Register the rules of this module (the core registry calls this once)."""
    registry.rule(
        "allocation-printed-amount-differs",
        Severity.WARNING,
        "Allocation amount differs from the figure as printed",
        description="The source prints a figure that does not read as the amount kept: a "
        "misprint read by the figures around it (the release prints '117.00' for ATS "
        "dell'Insubria in 2020, where every other figure is in hundreds of euro and the other "
        "years say 146.300). Both are kept: amount_text as printed, amount_eur as read.",
        fix="Nothing to fix in the data; quote both when you cite the figure, and tell the "
        "publisher if the misprint can still be corrected.",
    )(_printed_amount_differs)
    registry.rule(
        "allocation-sources-disagree",
        Severity.WARNING,
        "Two sources state different amounts for one ATS, act and year",
        description="The same allocation (ATS, act, year) is stated by two sources whose "
        "figures differ by more than their rounding allows (half the rounding unit of each). "
        "Both rows stay; the message gives both values, both sources, the difference and "
        "whether the totals over the years both state agree (ATS Pavia's page pays other "
        "tranches than the Region's release, with the same three-year total).",
        fix="Nothing to fix in the data: pick the source your question needs (see the data "
        "dictionary), or ask the ATS which tranches were paid.",
    )(_sources_disagree)
    registry.rule(
        "allocation-act-totals-disagree",
        Severity.WARNING,
        "Two sources' totals for one ATS and act differ",
        description="Summed over the years both state, two sources' figures for one ATS and act "
        "differ by more than the rounding of all the figures summed allows.",
        fix="Check both sources' figures; one may be misread, misprinted, or cover other funds.",
    )(_act_totals_disagree)
    registry.rule(
        "allocation-total-differs",
        Severity.WARNING,
        "A source's figures do not add up to the total it states",
        description="A publication states a total beside its split (2.8 M over 2020-2022, "
        "'84mila' for ATS della Montagna, 1 M for 2019); its own figures for the ATS and years "
        "the total covers sum to something else, beyond the rounding of the total and of every "
        "figure summed. Checked only when every ATS and year of the total has a figure.",
        fix="Nothing to fix in the data: both the figures and the total are as published. "
        "Quote the figures, not the headline.",
    )(_total_differs)


__all__ = ["add_figure_rules"]
