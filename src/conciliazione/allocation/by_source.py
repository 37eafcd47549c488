"""Reconciling a computed split with each source of the published figures, one at a time.

The same ATS, act and year may be stated by several sources — the Region's release (rounded to
hundreds of euro) and ATS Pavia's page (to the cent) — with other tranches. Mixing them would
compare Pavia's 2020 twice and fit no schedule at all, so :func:`reconcile_sources` takes the
published allocations source by source. For each source it gives:

- the reconciliation of the computed split with that source's figures, each compared within at
  least half the source's rounding unit;
- for each ATS the source covers, the schedule and base that explain its figures
  (:func:`~conciliazione.allocation.fit.infer_schedule`), checked within the source's precision:
  the release's figures fit 0.8 / 1 / 1 (with one exception, which the fit reports), Pavia's
  page fits 0.9 / 0.9 / 1.

A rounded source is fitted within one rounding unit: the largest figure, taken as the full
tranche, may be off by half a unit, and the tranche compared with ``weight × base`` by another
half.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliazione.allocation.errors import AllocationInputError
from conciliazione.allocation.fit import ScheduleFit, infer_schedule
from conciliazione.allocation.reconcile import Reconciliation, Tolerance, reconcile
from conciliazione.model import Allocation, AllocationBasis


@attrs.frozen
class AtsFit:
    """One ATS's figures from one source: the schedule that explains them, or why none can."""

    ats_id: str
    fit: ScheduleFit | None
    problem: str | None = None
    """Why no schedule could be fitted (two figures for one year, every figure zero…)."""

    @property
    def consistent(self) -> bool:
        return self.fit is not None and self.fit.consistent

    def __str__(self) -> str:
        if self.fit is None:
            return f"ATS {self.ats_id}: cannot be fitted ({self.problem})"
        return str(self.fit)


@attrs.frozen
class SourceReconciliation:
    """A computed split against the published figures of one source."""

    source_id: str | None
    allocations: tuple[Allocation, ...]
    rounding_unit: Decimal | None
    """The coarsest rounding unit of the source's figures (``None``: exact as printed)."""
    reconciliation: Reconciliation
    fits: tuple[AtsFit, ...]

    @property
    def ats_ids(self) -> tuple[str, ...]:
        return tuple(f.ats_id for f in self.fits)

    @property
    def consistent(self) -> bool:
        """Every figure of the source matches the computed split within tolerance."""
        return self.reconciliation.consistent


def _fit(records: list[Allocation], tolerance: Tolerance, unit: Decimal | None) -> AtsFit:
    ats_id = records[0].ats_id
    try:
        fit = infer_schedule(records, tolerance=tolerance.at_least(unit or Decimal(0)))
    except AllocationInputError as error:
        return AtsFit(ats_id, None, str(error))
    return AtsFit(ats_id, fit)


def reconcile_sources(
    computed: Iterable[Allocation],
    published: Iterable[Allocation],
    tolerance: Tolerance | None = None,
    *,
    sources: Iterable[str] | None = None,
) -> tuple[SourceReconciliation, ...]:
    """The computed split against each source of the published figures, by source id.

    Only published allocations of the computed split's guideline (or of none) take part, as in
    :func:`~conciliazione.allocation.reconcile.reconcile`; ``sources`` limits them to these
    source ids (an unknown id is an :class:`AllocationInputError` naming the known ones).
    """
    tolerance = tolerance or Tolerance()
    computed_list = list(computed)
    guidelines = {a.guideline_id for a in computed_list}
    by_source: dict[str | None, list[Allocation]] = defaultdict(list)
    for record in published:
        if record.basis is AllocationBasis.PUBLISHED and (
            record.guideline_id is None or record.guideline_id in guidelines
        ):
            by_source[record.source_id].append(record)
    if sources is not None:
        wanted = list(dict.fromkeys(sources))
        unknown = [s for s in wanted if s not in by_source]
        if unknown:
            known = ", ".join(sorted(s or "(none)" for s in by_source)) or "none"
            raise AllocationInputError(
                f"no published allocations from source {', '.join(unknown)}; "
                f"the sources with published allocations are: {known}"
            )
        by_source = {s: by_source[s] for s in wanted}
    results: list[SourceReconciliation] = []
    for source_id in sorted(by_source, key=lambda s: s or ""):
        records = by_source[source_id]
        units = [a.rounding_unit_eur for a in records if a.rounding_unit_eur]
        unit = max(units) if units else None
        by_ats: dict[str, list[Allocation]] = defaultdict(list)
        for record in records:
            by_ats[record.ats_id].append(record)
        results.append(
            SourceReconciliation(
                source_id,
                tuple(records),
                unit,
                reconcile(computed_list, records, tolerance),
                tuple(_fit(by_ats[a], tolerance, unit) for a in sorted(by_ats)),
            )
        )
    return tuple(results)


__all__ = ["AtsFit", "SourceReconciliation", "reconcile_sources"]
