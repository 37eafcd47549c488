"""The allocation engine: the Region's split of a programme's funds among the ATS ("riparto").

D.G.R. XI/2398/2019 splits 2.8 million EUR over 2020-2022 among the eight ATS "in base alla
popolazione residente"; D.G.R. 5755/2021 split 30% in equal parts and 70% by population. This
package computes such splits and checks published figures against them::

    from decimal import Decimal
    from conciliazione.allocation import (
        PopulationProportional, TrancheSchedule, allocate_total, read_population, reconcile,
    )

    schedule = TrancheSchedule.parse("2020-2022", "0.9,0.9,1.0")
    result = allocate_total(Decimal("2800000"), read_population("ats.csv"),
                            PopulationProportional(), schedule)
    result.allocations        # Allocation records, basis "computed", with their parameters

Inputs are a total (the yearly base for :func:`allocate`, the multi-year total for
:func:`allocate_total`), a :class:`PopulationTable`, a formula and a :class:`TrancheSchedule`;
amounts are split in whole units (cent or euro) by the largest-remainder method, so the parts add
up exactly. See :mod:`.engine` for the semantics of base, schedule and total, and
:mod:`.reconcile` and :mod:`.fit` for comparing published figures (ATS Pavia's 48.834,00,
48.834,00, 54.260,00 are consistent with a base of 54.260,00 and a 0.9/0.9/1.0 schedule), and
:mod:`.by_source` for reconciling with each source of the figures in turn (the Region's release
and Pavia's page state other tranches for the same act).
"""

from conciliazione.allocation.by_source import AtsFit, SourceReconciliation, reconcile_sources
from conciliazione.allocation.engine import (
    TIE_BREAK,
    AllocationResult,
    allocate,
    allocate_total,
    allocation_id,
    allocations_to_dataset,
    base_from_total,
)
from conciliazione.allocation.errors import AllocationInputError, PopulationFileError
from conciliazione.allocation.finding_types import (
    ALLOCATION_DIFFERS,
    ALLOCATION_MISSING_COMPUTED,
    ALLOCATION_MISSING_PUBLISHED,
    ALLOCATION_ROUNDING_DIFFERENCE,
    allocation_finding_types,
)
from conciliazione.allocation.fit import ScheduleFit, fit_base, infer_schedule
from conciliazione.allocation.formula import (
    FORMULA_NAMES,
    EqualPlusPopulation,
    Formula,
    PopulationProportional,
    formula_from_name,
)
from conciliazione.allocation.output import (
    allocations_arrow_table,
    allocations_csv,
    write_allocations,
)
from conciliazione.allocation.population import PopulationTable
from conciliazione.allocation.population_io import (
    read_population,
    read_population_csv,
    read_population_parquet,
)
from conciliazione.allocation.reconcile import (
    Comparison,
    ComparisonStatus,
    Reconciliation,
    Tolerance,
    reconcile,
    reconcile_schedule,
)
from conciliazione.allocation.rounding import CENT, EURO, UNITS, largest_remainder
from conciliazione.allocation.schedule import TrancheSchedule, parse_decimal_list, parse_years

__all__ = [
    "ALLOCATION_DIFFERS",
    "ALLOCATION_MISSING_COMPUTED",
    "ALLOCATION_MISSING_PUBLISHED",
    "ALLOCATION_ROUNDING_DIFFERENCE",
    "CENT",
    "EURO",
    "FORMULA_NAMES",
    "TIE_BREAK",
    "UNITS",
    "AllocationInputError",
    "AllocationResult",
    "AtsFit",
    "Comparison",
    "ComparisonStatus",
    "EqualPlusPopulation",
    "Formula",
    "PopulationFileError",
    "PopulationProportional",
    "PopulationTable",
    "Reconciliation",
    "ScheduleFit",
    "SourceReconciliation",
    "Tolerance",
    "TrancheSchedule",
    "allocate",
    "allocate_total",
    "allocation_finding_types",
    "allocation_id",
    "allocations_arrow_table",
    "allocations_csv",
    "allocations_to_dataset",
    "base_from_total",
    "fit_base",
    "formula_from_name",
    "infer_schedule",
    "largest_remainder",
    "parse_decimal_list",
    "parse_years",
    "read_population",
    "read_population_csv",
    "read_population_parquet",
    "reconcile",
    "reconcile_schedule",
    "reconcile_sources",
    "write_allocations",
]
