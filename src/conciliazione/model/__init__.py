"""The domain model of the programme: pydantic records, one module per part of the domain."""

from conciliazione.model.act import REGION, Act, ActKind, make_act_id
from conciliazione.model.alliance import Alliance, Project
from conciliazione.model.allocation import Allocation, AllocationBasis, PublishedTotal
from conciliazione.model.base import Money, Record
from conciliazione.model.contact import Contact, Objective
from conciliazione.model.dataset import ENTITY_FIELDS, Dataset
from conciliazione.model.evidence import Evidence
from conciliazione.model.network import MemberCategory, Network
from conciliazione.model.organization import Organization, OrganizationKind
from conciliazione.model.plan import Plan
from conciliazione.model.region import Ats, Guideline, ServiceType
from conciliazione.model.source import Source
from conciliazione.money import MONEY_LIMIT_EUR

__all__ = [
    "ENTITY_FIELDS",
    "MONEY_LIMIT_EUR",
    "REGION",
    "Act",
    "ActKind",
    "Alliance",
    "Allocation",
    "AllocationBasis",
    "Ats",
    "Contact",
    "Dataset",
    "Evidence",
    "Guideline",
    "MemberCategory",
    "Money",
    "Network",
    "Objective",
    "Organization",
    "OrganizationKind",
    "Plan",
    "Project",
    "PublishedTotal",
    "Record",
    "ServiceType",
    "Source",
    "make_act_id",
]
