"""Join what the plugins read into one dataset, with the core's region-wide records.

Records are never collapsed silently. The one case where two records with one id are the same
fact is a *regional* act (a D.G.R., a regional decree) cited by the pages of two ATS: both
plugins build it, with the same id, from their own page. The first citation is kept and each
later, identical one is reported as an ``act-cited-again`` info finding naming its page. Two
citations that disagree (another date, another title) are both kept, for the ``duplicate-id``
rule to report as an error.

A plan whose reader names no guideline is linked to the built-in guideline of its period (the
2017-2018 plans to D.G.R. X/5969/2016), with a ``plan-guideline-from-period`` info finding that
marks the link as derived from the period rather than read.
"""

from __future__ import annotations

from collections.abc import Iterable

from conciliazione.catalogue import finding_for, known_type
from conciliazione.findings import Finding
from conciliazione.model import REGION, Act, Dataset, Plan
from conciliazione.reading import Reading
from conciliazione.regional import guideline_of_period, regional_dataset

_CITED_AGAIN = known_type("act-cited-again")
_GUIDELINE_FROM_PERIOD = known_type("plan-guideline-from-period")
_CITATION_FIELDS = {"source_id", "ats_id"}


def _same_act(first: Act, other: Act) -> bool:
    return first.model_dump(exclude=_CITATION_FIELDS) == other.model_dump(exclude=_CITATION_FIELDS)


def merge_readings(readings: Iterable[Reading]) -> tuple[Dataset, list[Finding]]:
    """The regional dataset followed by every reading's records, and what the merge reports."""
    dataset = regional_dataset().merge(*(r.dataset for r in readings))
    kept: dict[str, Act] = {}
    acts: list[Act] = []
    findings: list[Finding] = []
    for act in dataset.acts:
        first = kept.get(act.act_id)
        if first is None:
            kept[act.act_id] = act
        elif act.issuer == REGION and _same_act(first, act):
            findings.append(
                finding_for(
                    _CITED_AGAIN,
                    f"regional act {act.act_id!r} is also cited by {act.source_id}; "
                    f"the record read from {first.source_id} is kept",
                    act,
                    path="act_id",
                )
            )
            continue
        acts.append(act)
    dataset.acts = acts
    dataset.plans = [_with_period_guideline(plan, findings) for plan in dataset.plans]
    return dataset, findings


def _with_period_guideline(plan: Plan, findings: list[Finding]) -> Plan:
    """The plan, linked to its period's guideline when its reader named none."""
    if plan.guideline_id is not None:
        return plan
    guideline = guideline_of_period(plan.period_start, plan.period_end)
    if guideline is None:
        return plan
    linked = plan.model_copy(update={"guideline_id": guideline.guideline_id})
    findings.append(
        finding_for(
            _GUIDELINE_FROM_PERIOD,
            f"plan {plan.plan_id!r} names no guideline; linked to {guideline.guideline_id}, "
            f"the guideline of its period {plan.period_start}-{plan.period_end}",
            linked,
            path="guideline_id",
        )
    )
    return linked
