"""The core validation rules: what every ATS's data must satisfy, whatever its plugin.

Each function is registered under a stable code. Add a rule by writing a check that yields
:class:`~conciliazione.rules.registry.Violation` objects and decorating it; never by adding a
branch to an existing rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from conciliazione.catalogue import READER_FINDING_TYPES
from conciliazione.findings import Severity
from conciliazione.model import (
    ENTITY_FIELDS,
    Alliance,
    Guideline,
    Organization,
    OrganizationKind,
    Plan,
    Project,
)
from conciliazione.money import MONEY_LIMIT_EUR
from conciliazione.rules.figures import add_figure_rules
from conciliazione.rules.registry import RuleContext, RuleRegistry, Violation

_CORE = RuleRegistry()
rule = _CORE.rule

for _finding_type in READER_FINDING_TYPES:
    _CORE.add_type(_finding_type)
add_figure_rules(_CORE)


def core_registry() -> RuleRegistry:
    """A fresh registry holding the core rules, ready for plugins to extend."""
    return _CORE.copy()


@rule(
    "allocation-amount-not-positive",
    Severity.ERROR,
    "Allocation amount is zero or negative",
    description="An allocation assigns funds to an ATS; a zero or negative amount is a misread.",
    fix="Check the amount in the source, and its Italian number format (48.834,00).",
)
def _allocation_amount_positive(ctx: RuleContext) -> Iterator[Violation]:
    for a in ctx.dataset.allocations:
        if not a.amount_eur > 0:
            yield Violation(f"amount {a.amount_eur} EUR is not positive", a, "amount_eur")


@rule(
    "allocation-amount-precision",
    Severity.ERROR,
    "Allocation amount has more than two decimals",
    description="Amounts in euro have at most two decimal places (cents).",
    fix="Round the amount as the act does, or fix a misplaced decimal separator.",
)
def _allocation_amount_precision(ctx: RuleContext) -> Iterator[Violation]:
    for a in ctx.dataset.allocations:
        exponent = a.amount_eur.as_tuple().exponent
        if not isinstance(exponent, int):
            yield Violation(f"amount {a.amount_eur} is not a finite number", a, "amount_eur")
        elif exponent < -2:
            yield Violation(
                f"amount {a.amount_eur} EUR has {-exponent} decimal places, at most 2 allowed",
                a,
                "amount_eur",
            )


@rule(
    "allocation-amount-too-large",
    Severity.ERROR,
    "Allocation amount too large to be real",
    description="The amount has more than 16 digits before the decimal point: larger than any "
    "programme, and more than the export's decimal128(18, 2) holds, so the row is left out of "
    "the export and reported here.",
    fix="Check the amount's Italian number format (a misplaced separator multiplies it).",
)
def _allocation_amount_in_range(ctx: RuleContext) -> Iterator[Violation]:
    for a in ctx.dataset.allocations:
        if a.amount_eur.is_finite() and abs(a.amount_eur) >= MONEY_LIMIT_EUR:
            yield Violation(
                f"amount {a.amount_eur} EUR is {MONEY_LIMIT_EUR:.0E} or more", a, "amount_eur"
            )


def guideline_of(
    ctx: RuleContext, guideline_id: str | None, start: int, end: int
) -> Guideline | None:
    """The guideline a record follows: the one it names, else the one of its period.

    Why: the rules that depend on the programming period (years, typologies, lead kinds) must
    use the record's own period's guideline — a 2017-2018 plan is never checked against the
    2020-2023 typologies. ``None`` when the record names none and no guideline covers its years.
    """
    if guideline_id is not None:
        return ctx.guidelines.get(guideline_id)
    for guideline in ctx.guidelines.values():
        if guideline.covers_period(start, end):
            return guideline
    return None


@rule(
    "allocation-year-outside-period",
    Severity.ERROR,
    "Allocation year outside its guideline's period",
    description="Each allocation is for one year ('annualità') of its guideline's period, or of "
    "the years an extension added (D.G.R. XI/1017/2018 extended the 2017-2018 plans and funded "
    "2019).",
    fix="Check the year, or the guideline the allocation refers to.",
)
def _allocation_year_in_period(ctx: RuleContext) -> Iterator[Violation]:
    for a in ctx.dataset.allocations:
        guideline = ctx.guidelines.get(a.guideline_id or "")
        if guideline and not guideline.period_start <= a.year <= guideline.last_funded_year:
            extended = f" (extended to {guideline.extended_to})" if guideline.extended_to else ""
            yield Violation(
                f"year {a.year} is outside the period {guideline.period_start}-"
                f"{guideline.period_end}{extended} of {guideline.guideline_id}",
                a,
                "year",
            )


def _plan_guideline(ctx: RuleContext, plan_id: str | None) -> Guideline | None:
    plan = ctx.index("plan").get(plan_id or "")
    if not isinstance(plan, Plan):
        return None
    return guideline_of(ctx, plan.guideline_id, plan.period_start, plan.period_end)


@rule(
    "unknown-service-type",
    Severity.ERROR,
    "Service typology not in the guideline",
    description="A project or plan names a typology code its guideline does not define. The "
    "guideline is the plan's, or the one of the plan's period; a guideline whose typology list "
    "is not known (2017-2018, 2025-2027) checks nothing.",
    fix="Use one of the guideline's codes (A-F for D.G.R. XI/2398/2019).",
)
def _service_types_exist(ctx: RuleContext) -> Iterator[Violation]:
    holders: list[Plan | Project] = [*ctx.dataset.plans, *ctx.dataset.projects]
    for record in holders:
        # A plan's own id and a project's reference to its plan share the field name.
        guideline = _plan_guideline(ctx, record.plan_id)
        if guideline is None or not guideline.lists_service_types:
            continue
        codes = guideline.service_type_codes
        for i, code in enumerate(record.service_types):
            if code not in codes:
                yield Violation(
                    f"typology {code!r} is not defined by {guideline.guideline_id} "
                    f"(codes: {', '.join(sorted(codes))})",
                    record,
                    f"service_types[{i}]",
                )


@rule(
    "dates-out-of-order",
    Severity.ERROR,
    "Dates out of order",
    description="A project ends before it starts, or a plan is validated before it is approved. "
    "Imprecise dates are compared generously: only certain inversions are reported.",
    fix="Check the dates in the source.",
)
def _dates_in_order(ctx: RuleContext) -> Iterator[Violation]:
    for p in ctx.dataset.projects:
        if p.start and p.end and p.start.start > p.end.end:
            yield Violation(f"project starts {p.start} after it ends {p.end}", p, "end")
    acts = ctx.index("act")
    for plan in ctx.dataset.plans:
        approving = acts.get(plan.approving_act_id or "")
        approved_on = getattr(approving, "date", None)
        if plan.validated_on and approved_on and plan.validated_on.end < approved_on.start:
            yield Violation(
                f"validated {plan.validated_on} before its approval on {approved_on}",
                plan,
                "validated_on",
            )


@rule(
    "date-outside-period",
    Severity.WARNING,
    "Project dates outside its plan's period",
    description="A project of a plan should run within the plan's years.",
    fix="Check the project's dates or the plan it belongs to.",
)
def _project_dates_in_period(ctx: RuleContext) -> Iterator[Violation]:
    plans = ctx.index("plan")
    for p in ctx.dataset.projects:
        plan = plans.get(p.plan_id or "")
        if not isinstance(plan, Plan):
            continue
        for path, when in (("start", p.start), ("end", p.end)):
            if when and not (plan.period_start <= when.start.year <= plan.period_end):
                yield Violation(
                    f"{path} {when} is outside the plan period "
                    f"{plan.period_start}-{plan.period_end}",
                    p,
                    path,
                )


@rule(
    "declared-count-mismatch",
    Severity.WARNING,
    "Declared number of projects differs from the projects listed",
    description="The page states how many projects a plan has and lists a different number. "
    "Both figures are kept; neither is corrected.",
    fix="Ask the ATS which figure is right; add the missing projects or correct the count.",
)
def _declared_count_matches(ctx: RuleContext) -> Iterator[Violation]:
    for plan in ctx.dataset.plans:
        declared = plan.declared_project_count
        if declared is None or not declared.is_exact:
            continue
        if declared.value != plan.listed_project_count:
            yield Violation(
                f"the page declares {declared.value} projects"
                f"{f' ({declared.text!r})' if declared.text else ''} "
                f"but lists {plan.listed_project_count}",
                plan,
                "declared_project_count",
            )


@rule(
    "alliance-lead-not-eligible",
    Severity.ERROR,
    "Alliance lead body of a kind the guideline excludes",
    description="Under D.G.R. XI/2398/2019 an alliance is led by a public body or a private "
    "non-profit; companies, employer associations and unions may be partners only. The guideline "
    "is the plan's, or the one of the plan's period; one that lists no lead kinds allows any.",
    fix="Check the lead body and its kind.",
)
def _alliance_lead_eligible(ctx: RuleContext) -> Iterator[Violation]:
    for alliance, lead, allowed in _alliance_leads(ctx):
        if lead.kind is not None and allowed and lead.kind not in allowed:
            yield Violation(
                f"lead {lead.name!r} is a {lead.kind.value}; allowed: "
                f"{', '.join(k.value for k in allowed)}",
                alliance,
                "lead_org_id",
            )


@rule(
    "alliance-lead-kind-unknown",
    Severity.INFO,
    "Kind of an alliance lead body not known",
    description="The lead body's kind is not stated and cannot be told from its name, so its "
    "eligibility as lead cannot be checked.",
    fix="Give the organization's kind in the plugin or the register.",
)
def _alliance_lead_kind_known(ctx: RuleContext) -> Iterator[Violation]:
    for alliance, lead, allowed in _alliance_leads(ctx):
        if lead.kind is None and allowed:
            yield Violation(f"kind of lead {lead.name!r} is unknown", alliance, "lead_org_id")


def _alliance_leads(
    ctx: RuleContext,
) -> Iterator[tuple[Alliance, Organization, tuple[OrganizationKind, ...]]]:
    organizations = ctx.index("organization")
    for alliance in ctx.dataset.alliances:
        lead = organizations.get(alliance.lead_org_id or "")
        if not isinstance(lead, Organization):
            continue
        guideline = _plan_guideline(ctx, alliance.plan_id)
        if guideline is not None:
            yield alliance, lead, guideline.alliance_lead_kinds


@rule(
    "invalid-codice-fiscale",
    Severity.ERROR,
    "Codice fiscale not valid",
    description="The codice fiscale fails python-stdnum's check (length, format, check digit).",
    fix="Copy the code again from the organization's records.",
)
def _codice_fiscale_valid(ctx: RuleContext) -> Iterator[Violation]:
    # python-stdnum (and the ssl module it brings) only when there is a code to check: the
    # published pages name bodies without their codes, and an export should not pay for it.
    for org in ctx.dataset.organizations:
        if org.codice_fiscale is not None:
            from stdnum.exceptions import ValidationError as StdnumValidationError
            from stdnum.it import codicefiscale

            try:
                codicefiscale.validate(org.codice_fiscale)
            except StdnumValidationError as exc:
                yield Violation(f"{org.codice_fiscale!r}: {exc}", org, "codice_fiscale")


@rule(
    "invalid-partita-iva",
    Severity.ERROR,
    "Partita IVA not valid",
    description="The partita IVA fails python-stdnum's check "
    "(11 digits, office code, check digit).",
    fix="Copy the number again from the organization's records.",
)
def _partita_iva_valid(ctx: RuleContext) -> Iterator[Violation]:
    for org in ctx.dataset.organizations:
        if org.partita_iva is not None:
            from stdnum.exceptions import ValidationError as StdnumValidationError
            from stdnum.it import iva

            try:
                iva.validate(org.partita_iva)
            except StdnumValidationError as exc:
                yield Violation(f"{org.partita_iva!r}: {exc}", org, "partita_iva")


@rule(
    "duplicate-id",
    Severity.ERROR,
    "Two records share an id",
    description="Ids identify records across tables; two records of an entity with one id "
    "would make joins ambiguous.",
    fix="Give the records distinct ids, or drop the copy (the same source read twice?).",
)
def _ids_unique(ctx: RuleContext) -> Iterator[Violation]:
    for entity in ENTITY_FIELDS:
        records = ctx.dataset.of(entity)
        counts = Counter(r.record_id for r in records)
        reported: set[str] = set()
        for record in records:
            if counts[record.record_id] > 1 and record.record_id not in reported:
                reported.add(record.record_id)
                yield Violation(
                    f"{counts[record.record_id]} {entity} records have id {record.record_id!r}",
                    record,
                    record.id_field,
                )


_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("plan", "approving_act_id", "act"),
    ("plan", "validation_act_id", "act"),
    ("plan", "guideline_id", "guideline"),
    ("alliance", "plan_id", "plan"),
    ("alliance", "lead_org_id", "organization"),
    ("project", "plan_id", "plan"),
    ("project", "alliance_id", "alliance"),
    ("project", "lead_org_id", "organization"),
    ("allocation", "act_id", "act"),
    ("allocation", "guideline_id", "guideline"),
)


@rule(
    "dangling-reference",
    Severity.ERROR,
    "Reference to a record that does not exist",
    description="A record refers by id to another record (an act, a plan, an organization) "
    "that is not in the dataset.",
    fix="Add the missing record or correct the id.",
)
def _references_resolve(ctx: RuleContext) -> Iterator[Violation]:
    for entity, field, target in _REFERENCES:
        known = set(ctx.guidelines) if target == "guideline" else set(ctx.index(target))
        for record in ctx.dataset.of(entity):
            value = getattr(record, field)
            if value is not None and value not in known:
                yield Violation(f"{field} {value!r} matches no {target}", record, field)
    for plan in ctx.dataset.plans:
        for path, ids, target in (
            ("project_ids", plan.project_ids, "project"),
            ("alliance_ids", plan.alliance_ids, "alliance"),
        ):
            known = set(ctx.index(target))
            for i, value in enumerate(ids):
                if value not in known:
                    yield Violation(f"{value!r} matches no {target}", plan, f"{path}[{i}]")


@rule(
    "unknown-ats",
    Severity.ERROR,
    "ATS id not one of the eight",
    description="Every ATS-level record names its ATS by one of the eight stable ids.",
    fix="Use milano, insubria, montagna, brianza, bergamo, brescia, val_padana or pavia.",
)
def _ats_known(ctx: RuleContext) -> Iterator[Violation]:
    for record in ctx.dataset.records():
        ats_id = getattr(record, "ats_id", None)
        if ats_id is not None and ats_id not in ctx.ats_ids:
            yield Violation(f"ATS {ats_id!r} is not one of the eight", record, "ats_id")
