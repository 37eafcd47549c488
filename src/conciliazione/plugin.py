"""Everything an ATS plugin needs, from one module.

A plugin imports only from here::

    from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl

    @hookimpl
    def conciliazione_register(register):
        register(AtsAdapter(ats_id="pavia", package=__name__, ...))

and its reader::

    from conciliazione.plugin import PageText, ReadingBuilder, parse_amount, Allocation

What it holds: the hook marker and the adapter (:class:`AtsAdapter`, :class:`BuiltinPage`); the
page and its primitives (:class:`PageText`, :class:`Hit`, :class:`Block`,
:func:`split_lead_title`, :func:`title_and_lead`); the values that keep their words
(:class:`Quoted`, :class:`Derived`, :func:`derived`); the builder (:class:`ReadingBuilder`,
:class:`PlanPeriod`) and the region-wide helpers (:func:`guideline_for_period`,
:func:`organization_id`, :func:`match_service_type`); the Italian parsers; the model records;
the vague values; what a rule needs (:class:`RuleRegistry`, :class:`RuleContext`,
:class:`Violation`, :class:`FindingType`, :class:`Severity`);
:class:`~conciliazione.registers.layout.RegisterLayout` and
:class:`~conciliazione.registers.layout.ColumnSpec` for register layouts.

The hook marker and the adapter load at once; everything else on first use, so that a plugin's
``__init__`` (read to list plugins) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage, Register
from conciliazione.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from conciliazione.documents import Document
    from conciliazione.errors import ParseError
    from conciliazione.findings import FindingType, Severity
    from conciliazione.model import (
        Act,
        ActKind,
        Alliance,
        Allocation,
        AllocationBasis,
        Contact,
        Guideline,
        MemberCategory,
        Network,
        Objective,
        Organization,
        OrganizationKind,
        Plan,
        Project,
    )
    from conciliazione.parsing import (
        ActReference,
        deobfuscate_email,
        find_emails,
        guess_category_kind,
        guess_organization_kind,
        normalize_text,
        parse_act_reference,
        parse_amount,
        parse_count,
        parse_date,
        parse_fraction_of,
        parse_fuzzy_date,
        parse_quantity,
        slugify,
    )
    from conciliazione.primitives import Block, Hit, PageText, split_lead_title, title_and_lead
    from conciliazione.reading import (
        Citations,
        Part,
        PlanPeriod,
        Reading,
        ReadingBuilder,
        guideline_for_period,
        guideline_of_act,
        guideline_of_period,
        organization_id,
    )
    from conciliazione.registers.layout import ColumnSpec, RegisterLayout
    from conciliazione.rules.registry import RuleContext, RuleRegistry, Violation
    from conciliazione.spans import Derived, Quoted, derived
    from conciliazione.typologies import match_service_type
    from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity

_LAZY: dict[str, tuple[str, ...]] = {
    "conciliazione.errors": ("ParseError",),
    "conciliazione.findings": ("FindingType", "Severity"),
    "conciliazione.model": (
        "Act",
        "ActKind",
        "Alliance",
        "Allocation",
        "AllocationBasis",
        "Contact",
        "Guideline",
        "MemberCategory",
        "Network",
        "Objective",
        "Organization",
        "OrganizationKind",
        "Plan",
        "Project",
    ),
    "conciliazione.parsing": (
        "ActReference",
        "deobfuscate_email",
        "find_emails",
        "guess_category_kind",
        "guess_organization_kind",
        "normalize_text",
        "parse_act_reference",
        "parse_amount",
        "parse_count",
        "parse_date",
        "parse_fraction_of",
        "parse_fuzzy_date",
        "parse_quantity",
        "slugify",
    ),
    "conciliazione.primitives": (
        "Block",
        "Hit",
        "PageText",
        "split_lead_title",
        "title_and_lead",
    ),
    "conciliazione.documents": ("Document",),
    "conciliazione.reading": (
        "Citations",
        "Part",
        "PlanPeriod",
        "Reading",
        "ReadingBuilder",
        "guideline_for_period",
        "guideline_of_act",
        "guideline_of_period",
        "organization_id",
    ),
    "conciliazione.registers.layout": ("ColumnSpec", "RegisterLayout"),
    "conciliazione.rules.registry": ("RuleContext", "RuleRegistry", "Violation"),
    "conciliazione.spans": ("Derived", "Quoted", "derived"),
    "conciliazione.typologies": ("match_service_type",),
    "conciliazione.vague": ("DatePrecision", "FuzzyDate", "Qualifier", "Quantity"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}

__all__ = [
    "Act",
    "ActKind",
    "ActReference",
    "Alliance",
    "Allocation",
    "AllocationBasis",
    "AtsAdapter",
    "Block",
    "BuiltinPage",
    "Citations",
    "ColumnSpec",
    "Contact",
    "DatePrecision",
    "Derived",
    "Document",
    "FindingType",
    "FuzzyDate",
    "Guideline",
    "Hit",
    "MemberCategory",
    "Network",
    "Objective",
    "Organization",
    "OrganizationKind",
    "PageText",
    "ParseError",
    "Part",
    "Plan",
    "PlanPeriod",
    "Project",
    "Qualifier",
    "Quantity",
    "Quoted",
    "Reading",
    "ReadingBuilder",
    "Register",
    "RegisterLayout",
    "RuleContext",
    "RuleRegistry",
    "Severity",
    "Violation",
    "deobfuscate_email",
    "derived",
    "find_emails",
    "guess_category_kind",
    "guess_organization_kind",
    "guideline_for_period",
    "guideline_of_act",
    "guideline_of_period",
    "hookimpl",
    "match_service_type",
    "normalize_text",
    "organization_id",
    "parse_act_reference",
    "parse_amount",
    "parse_count",
    "parse_date",
    "parse_fraction_of",
    "parse_fuzzy_date",
    "parse_quantity",
    "slugify",
    "split_lead_title",
    "title_and_lead",
]

_EAGER = (AtsAdapter, BuiltinPage, Register, hookimpl)
"""Loaded at once: what a plugin's ``__init__`` needs to register its adapter."""


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
