"""ATS Pavia's own rules, named by its adapter (``rules=``).

- ``pavia-allocation-tranche-gap``: D.G.R. 2398/2019 assigns the ATS one tranche per
  consecutive year ("annualità 2020, 2021, 2022"). A year missing between two tranches of the
  same act means a tranche was dropped or a year misread. Tranches are grouped by source too:
  the Region's release states the same act's figures, and its years must not fill a gap in the
  page's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from conciliazione.plugin import Allocation, RuleContext, RuleRegistry, Severity, Violation

ATS_ID = "pavia"
ALLOCATION_TRANCHE_GAP = f"{ATS_ID}-allocation-tranche-gap"


def register_rules(registry: RuleRegistry) -> None:
    """Add the plugin's rules to ``registry``."""
    registry.rule(
        ALLOCATION_TRANCHE_GAP,
        Severity.WARNING,
        "ATS Pavia allocation tranches skip a year",
        description="The regional act assigns ATS Pavia one tranche per consecutive year "
        "('a valere sull'annualità …'); the allocations read for one act skip a year.",
        fix="Check the 'euro X a valere sull'annualità YYYY' pairs in the page.",
    )(_tranches_are_consecutive)


def _tranches_are_consecutive(ctx: RuleContext) -> Iterator[Violation]:
    by_act: dict[tuple[str | None, str | None, str | None], list[Allocation]] = defaultdict(list)
    for allocation in ctx.dataset.allocations:
        if allocation.ats_id == ATS_ID:
            key = (allocation.source_id, allocation.act_id, allocation.guideline_id)
            by_act[key].append(allocation)
    for tranches in by_act.values():
        ordered = sorted(tranches, key=lambda a: a.year)
        for before, after in pairwise(ordered):
            if after.year > before.year + 1:
                missing = ", ".join(str(y) for y in range(before.year + 1, after.year))
                gap = f"no tranche for {missing} between {before.year} and {after.year}"
                yield Violation(gap, after, "year")
