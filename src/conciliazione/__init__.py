"""conciliazione: Lombardy's work-life balance programme as one validated, typed dataset.

The package namespace is lazy: ``import conciliazione`` costs almost nothing, so that the
command line starts fast; the model, the guideline and :func:`validate` load on first use.
The API a user reaches for first is here too: :func:`load` pages, :func:`validate` them,
:func:`run_export` (or :func:`export_dataset` for a dataset built by hand), and
:func:`finding_types`, the catalogue of every finding code.

>>> import conciliazione
>>> [t.code for t in conciliazione.get_guideline().service_types]
['A', 'B', 'C', 'D', 'E', 'F']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # the API a user reaches for first: load pages, check them, export them
    "Loaded": "conciliazione.api",
    "fetch": "conciliazione.api",
    "finding_types": "conciliazione.api",
    "load": "conciliazione.api",
    "run_export": "conciliazione.api",
    "export_dataset": "conciliazione.export",
    # model
    "Act": "conciliazione.model",
    "ActKind": "conciliazione.model",
    "Alliance": "conciliazione.model",
    "Allocation": "conciliazione.model",
    "AllocationBasis": "conciliazione.model",
    "Ats": "conciliazione.model",
    "Contact": "conciliazione.model",
    "Dataset": "conciliazione.model",
    "Guideline": "conciliazione.model",
    "MemberCategory": "conciliazione.model",
    "Network": "conciliazione.model",
    "Objective": "conciliazione.model",
    "Organization": "conciliazione.model",
    "OrganizationKind": "conciliazione.model",
    "Plan": "conciliazione.model",
    "Project": "conciliazione.model",
    "ServiceType": "conciliazione.model",
    "Source": "conciliazione.model",
    # vagueness
    "DatePrecision": "conciliazione.vague",
    "FuzzyDate": "conciliazione.vague",
    "Qualifier": "conciliazione.vague",
    "Quantity": "conciliazione.vague",
    # findings and validation
    "Finding": "conciliazione.findings",
    "FindingType": "conciliazione.findings",
    "Report": "conciliazione.findings",
    "Severity": "conciliazione.findings",
    "validate": "conciliazione.api",
    "core_registry": "conciliazione.rules",
    # region-wide data
    "all_ats": "conciliazione.regional",
    "get_ats": "conciliazione.regional",
    "get_guideline": "conciliazione.regional",
    "guidelines": "conciliazione.regional",
    "regional_dataset": "conciliazione.regional",
}

__all__ = [
    "Act",
    "ActKind",
    "Alliance",
    "Allocation",
    "AllocationBasis",
    "Ats",
    "Contact",
    "Dataset",
    "DatePrecision",
    "Finding",
    "FindingType",
    "FuzzyDate",
    "Guideline",
    "Loaded",
    "MemberCategory",
    "Network",
    "Objective",
    "Organization",
    "OrganizationKind",
    "Plan",
    "Project",
    "Qualifier",
    "Quantity",
    "Report",
    "ServiceType",
    "Severity",
    "Source",
    "__version__",
    "all_ats",
    "core_registry",
    "export_dataset",
    "fetch",
    "finding_types",
    "get_ats",
    "get_guideline",
    "guidelines",
    "load",
    "regional_dataset",
    "run_export",
    "validate",
]

if TYPE_CHECKING:
    from conciliazione.api import (
        Loaded,
        fetch,
        finding_types,
        load,
        run_export,
        validate,
    )
    from conciliazione.export import export_dataset
    from conciliazione.findings import Finding, FindingType, Report, Severity
    from conciliazione.model import (
        Act,
        ActKind,
        Alliance,
        Allocation,
        AllocationBasis,
        Ats,
        Contact,
        Dataset,
        Guideline,
        MemberCategory,
        Network,
        Objective,
        Organization,
        OrganizationKind,
        Plan,
        Project,
        ServiceType,
        Source,
    )
    from conciliazione.regional import (
        all_ats,
        get_ats,
        get_guideline,
        guidelines,
        regional_dataset,
    )
    from conciliazione.rules import core_registry
    from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'conciliazione' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
