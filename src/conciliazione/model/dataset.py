"""A dataset: every record read from one or more sources, entity by entity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from conciliazione.model.act import Act
from conciliazione.model.alliance import Alliance, Project
from conciliazione.model.allocation import Allocation
from conciliazione.model.base import Record
from conciliazione.model.contact import Contact, Objective
from conciliazione.model.evidence import Evidence
from conciliazione.model.network import Network
from conciliazione.model.organization import Organization
from conciliazione.model.plan import Plan
from conciliazione.model.region import Ats, Guideline
from conciliazione.model.source import Source

ENTITY_FIELDS: dict[str, str] = {
    "source": "sources",
    "ats": "ats",
    "guideline": "guidelines",
    "act": "acts",
    "organization": "organizations",
    "network": "networks",
    "plan": "plans",
    "alliance": "alliances",
    "project": "projects",
    "allocation": "allocations",
    "contact": "contacts",
    "objective": "objectives",
}
"""Entity name → the :class:`Dataset` field that holds its records, in dependency order."""


class Dataset(BaseModel):
    """Records by entity. Plugins build one per source; :meth:`merge` joins them."""

    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = []
    ats: list[Ats] = []
    guidelines: list[Guideline] = []
    acts: list[Act] = []
    organizations: list[Organization] = []
    networks: list[Network] = []
    plans: list[Plan] = []
    alliances: list[Alliance] = []
    projects: list[Project] = []
    allocations: list[Allocation] = []
    contacts: list[Contact] = []
    objectives: list[Objective] = []
    evidence: list[Evidence] = []
    """Where each value of the records came from (not an entity: no rule runs on it)."""

    def add(self, *records: Record) -> None:
        """Append records to the list of their entity."""
        for record in records:
            getattr(self, ENTITY_FIELDS[record.entity]).append(record)

    def records(self) -> Iterator[Record]:
        """Every record, entity by entity in dependency order."""
        for field in ENTITY_FIELDS.values():
            yield from getattr(self, field)

    def of(self, entity: str) -> list[Any]:
        """The records of one entity (``"project"``)."""
        records: list[Any] = getattr(self, ENTITY_FIELDS[entity])
        return records

    def merge(self, *others: Dataset) -> Dataset:
        """A new dataset with this one's records followed by the others'.

        Records with the same id are *not* collapsed: duplicates are for the ``duplicate-id``
        rule to report, not for the merge to hide.
        """
        merged = self.model_copy(deep=False)
        for field in ENTITY_FIELDS.values():
            combined = list(getattr(self, field))
            for other in others:
                combined.extend(getattr(other, field))
            setattr(merged, field, combined)
        merged.evidence = [e for d in (self, *others) for e in d.evidence]
        return merged

    def __len__(self) -> int:
        return sum(len(getattr(self, field)) for field in ENTITY_FIELDS.values())

    def counts(self) -> dict[str, int]:
        """Number of records per entity."""
        return {entity: len(getattr(self, f)) for entity, f in ENTITY_FIELDS.items()}
