"""The territorial network (Rete Territoriale di Conciliazione) an ATS coordinates."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from conciliazione.model.base import Identifier, Record
from conciliazione.model.organization import OrganizationKind
from conciliazione.vague import FuzzyDate, Quantity


class MemberCategory(BaseModel):
    """A category of member bodies as the page names it, with its kind when it maps to one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    kind: OrganizationKind | None = None


class Network(Record):
    """An ATS's network at a reference date: how many members, of which categories, and who."""

    entity: ClassVar[str] = "network"
    id_field: ClassVar[str] = "network_id"

    network_id: Identifier
    ats_id: str
    as_of: FuzzyDate | None = None
    """The date the count refers to, to the precision the page gives ("luglio 2021")."""
    member_count: Quantity | None = None
    member_categories: tuple[MemberCategory, ...] = ()
    member_ids: tuple[str, ...] = ()
    """Organizations listed as members, when the page lists them."""
    description: str | None = None
