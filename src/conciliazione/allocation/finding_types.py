"""The finding codes of a reconciliation between computed and published allocations.

A published figure that differs from the formula is a fact about the sources, not a bug: it is
reported, with its absolute and relative difference, and the run goes on. The lead registers these
types in the catalogue with :func:`allocation_finding_types`.
"""

from __future__ import annotations

from conciliazione.findings import FindingType, Severity

ALLOCATION_DIFFERS = FindingType(
    "allocation-differs-from-published",
    Severity.WARNING,
    "Published allocation differs from the computed one",
    "An amount a page or act publishes for an ATS and year differs from the amount the formula, "
    "population and tranche schedule give, by more than the tolerance. The sources may use another "
    "schedule (Pavia's page: 90/90/100%; the regional press table: 80/100/100%), another "
    "population date, or the figure may be misread.",
    "Check the schedule, the population's reference date and the published figure; widen the "
    "tolerance only for figures the source rounded.",
)
ALLOCATION_ROUNDING_DIFFERENCE = FindingType(
    "allocation-rounding-difference",
    Severity.INFO,
    "Published allocation differs within the tolerance",
    "A published amount differs from the computed one by no more than the tolerance, as a figure "
    "the source rounded would.",
    "Nothing to fix; the message gives the difference.",
)
ALLOCATION_MISSING_PUBLISHED = FindingType(
    "allocation-missing-published",
    Severity.INFO,
    "Computed allocation has no published counterpart",
    "The formula gives an amount for an ATS and year that no source publishes (among the ATS "
    "that publish any allocation of the guideline).",
    "Look for the figure in the ATS's page or the regional act, if one exists.",
)
ALLOCATION_MISSING_COMPUTED = FindingType(
    "allocation-missing-computed",
    Severity.INFO,
    "Published allocation has no computed counterpart",
    "A source publishes an amount for an ATS and year that the computed split does not cover "
    "(a year outside the schedule, or an ATS outside the population table).",
    "Extend the schedule's years or the population table, or check the published year.",
)


def allocation_finding_types() -> tuple[FindingType, ...]:
    """Every finding type a reconciliation can report, for the catalogue."""
    return (
        ALLOCATION_DIFFERS,
        ALLOCATION_ROUNDING_DIFFERENCE,
        ALLOCATION_MISSING_PUBLISHED,
        ALLOCATION_MISSING_COMPUTED,
    )
