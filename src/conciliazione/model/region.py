"""Region-wide facts: the eight ATS and the regional guidelines with their service typologies."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from conciliazione.model.base import Identifier, Record
from conciliazione.model.organization import OrganizationKind
from conciliazione.vague import FuzzyDate


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
    """Kinds of body allowed to lead an alliance under this guideline (empty: any, or not known)."""
    extended_to: FuzzyDate | None = None
    """The date a later act extended this period's plans to (15/01/2020 for the 2017-2018 plans,
    by D.G.R. XI/1017/2018, which also funded 2019); ``None`` when never extended."""

    @model_validator(mode="after")
    def _period_in_order(self) -> Guideline:
        if self.period_end < self.period_start:
            raise ValueError(f"period ends ({self.period_end}) before it starts")
        return self

    @property
    def service_type_codes(self) -> frozenset[str]:
        return frozenset(t.code for t in self.service_types)

    @property
    def lists_service_types(self) -> bool:
        """Whether the typology list is known: an empty list means "not known", not "none"."""
        return bool(self.service_types)

    @property
    def last_funded_year(self) -> int:
        """The last year funds of this guideline can be for: the period's end, or the year its
        extension reaches (2020 for plans extended to 15/01/2020)."""
        if self.extended_to is None:
            return self.period_end
        return max(self.period_end, self.extended_to.end.year)

    def covers_period(self, start: int, end: int) -> bool:
        """True when the years ``start``-``end`` lie within the guideline's own period."""
        return self.period_start <= start and end <= self.period_end

    def service_type(self, code: str) -> ServiceType:
        """The typology with this code; `KeyError` if the guideline has none."""
        for service_type in self.service_types:
            if service_type.code == code:
                return service_type
        raise KeyError(code)
