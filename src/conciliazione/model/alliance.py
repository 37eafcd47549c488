"""Local alliances (Alleanze Locali di Conciliazione) and the projects they run."""

from __future__ import annotations

from typing import ClassVar

from conciliazione.model.base import Identifier, Record
from conciliazione.vague import FuzzyDate, Quantity


class Alliance(Record):
    """A local public-private partnership, led by an "ente capofila"."""

    entity: ClassVar[str] = "alliance"
    id_field: ClassVar[str] = "alliance_id"

    alliance_id: Identifier
    ats_id: str
    plan_id: str | None = None
    name: str | None = None
    """The alliance's own name; ``None`` when the page only counts alliances."""
    lead_org_id: str | None = None
    lead_name: str | None = None
    partner_org_ids: tuple[str, ...] = ()
    district: str | None = None
    """The Ambito territoriale / Piano di Zona the alliance coincides with, when stated."""
    web_page_label: str | None = None
    web_page_url: str | None = None


class Project(Record):
    """A project of an alliance (or of an ATS), in one or more service typologies."""

    entity: ClassVar[str] = "project"
    id_field: ClassVar[str] = "project_id"

    project_id: Identifier
    ats_id: str
    plan_id: str | None = None
    alliance_id: str | None = None
    title: str
    lead_org_id: str | None = None
    lead_name: str | None = None
    district: str | None = None
    """The territory the project serves when the page names it ("per il territorio della
    Valtellina")."""
    service_types: tuple[str, ...] = ()
    """Typology codes of the plan's guideline (``"A"``, ``"B"``)."""
    target_groups: tuple[str, ...] = ()
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    beneficiaries: Quantity | None = None
    """Final beneficiaries ("destinatari finali"), approximate when the page is."""
    funding: str | None = None
    """The fund when it is not the plan's own (e.g. ``"FSE"``, the European Social Fund)."""
