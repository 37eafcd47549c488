"""Region-wide facts: the eight ATS and the regional guidelines with their service typologies."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from conciliazione.model.base import Identifier, Record
from conciliazione.model.organization import OrganizationKind


class Ats(Record):
    """An ATS (Agenzia di Tutela della Salute): one of the eight regional health agencies."""

    entity: ClassVar[str] = "ats"
    id_field: ClassVar[str] = "ats_id"

    ats_id: Identifier
    """A stable slug: ``milano``, ``insubria``, ``montagna``, ``brianza``, ``bergamo``,
    ``brescia``, ``val_padana``, ``pavia``."""
    name: str
    territory: tuple[str, ...]
    """Provinces and sub-areas the ATS covers, as the Region names them."""


class ServiceType(BaseModel):
    """A service typology of a guideline: a letter code and its Italian label.

    Code and label are kept apart because the pages word the same typology differently.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label: str
    label_en: str


class Guideline(Record):
    """Regional guidelines for a planning period, e.g. D.G.R. XI/2398/2019 for 2020-2023."""

    entity: ClassVar[str] = "guideline"
    id_field: ClassVar[str] = "guideline_id"

    guideline_id: Identifier
    title: str
    period_start: int
    period_end: int
    service_types: tuple[ServiceType, ...]
    act_ids: tuple[str, ...]
    """The act that sets the guideline first, then the acts that implement it."""
    alliance_lead_kinds: tuple[OrganizationKind, ...] = ()
    """Kinds of body allowed to lead an alliance under this guideline (empty: any)."""

    @model_validator(mode="after")
    def _period_in_order(self) -> Guideline:
        if self.period_end < self.period_start:
            raise ValueError(f"period ends ({self.period_end}) before it starts")
        return self

    @property
    def service_type_codes(self) -> frozenset[str]:
        return frozenset(t.code for t in self.service_types)

    def service_type(self, code: str) -> ServiceType:
        """The typology with this code; `KeyError` if the guideline has none."""
        for service_type in self.service_types:
            if service_type.code == code:
                return service_type
        raise KeyError(code)
