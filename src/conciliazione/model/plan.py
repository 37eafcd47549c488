"""The territorial plan (Piano Territoriale di Conciliazione) of an ATS for a period."""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator

from conciliazione.model.base import Identifier, Record
from conciliazione.vague import FuzzyDate, Quantity


class Plan(Record):
    """An ATS's plan: system actions plus alliance projects, approved and then validated.

    ``declared_project_count`` is what the page *says* ("sei progetti"); ``project_ids`` are the
    projects it *lists*. They are kept side by side; a rule reports when they disagree.
    """

    entity: ClassVar[str] = "plan"
    id_field: ClassVar[str] = "plan_id"

    plan_id: Identifier
    ats_id: str
    guideline_id: str | None = None
    """``None`` when the page does not say; when the readings merge, the core links such a plan
    to the guideline of its period (``plan-guideline-from-period``)."""
    period_start: int
    period_end: int
    approving_act_id: str | None = None
    validation_act_id: str | None = None
    validated_on: FuzzyDate | None = None
    project_ids: tuple[str, ...] = ()
    alliance_ids: tuple[str, ...] = ()
    system_actions: tuple[str, ...] = ()
    declared_project_count: Quantity | None = None
    declared_alliance_count: Quantity | None = None
    service_types: tuple[str, ...] = ()
    """Typologies the plan's actions concentrated on, when stated for the plan as a whole."""
    target_groups: tuple[str, ...] = ()
    beneficiaries: Quantity | None = None
    territory: tuple[str, ...] = ()
    report_author: str | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> Plan:
        if self.period_end < self.period_start:
            raise ValueError(f"period ends ({self.period_end}) before it starts")
        return self

    @property
    def listed_project_count(self) -> int:
        return len(self.project_ids)
