"""Organizations: the member bodies of a network and the lead bodies of alliances."""

from __future__ import annotations

import enum
from typing import ClassVar

from conciliazione.model.base import Identifier, Record


class OrganizationKind(enum.StrEnum):
    """The member categories of a territorial network (the seven of ATS Milano's page)."""

    PUBLIC_BODY = "public_body"
    """Soggetti pubblici: Enti locali, aziende speciali, Aler, CCIAA, Consigliera di parità."""
    TERRITORIAL_DISTRICT = "territorial_district"
    """Soggetti pubblici: Ambiti territoriali (Piani di Zona)."""
    EMPLOYER_ASSOCIATION = "employer_association"
    """Associazioni datoriali di categoria."""
    UNION = "union"
    """Associazioni / organizzazioni sindacali."""
    EDUCATION = "education"
    """Istruzione, formazione, Afol, università."""
    COMPANY = "company"
    """Soggetti privati: aziende (profit)."""
    NON_PROFIT = "non_profit"
    """Soggetti privati: organizzazioni no profit (terzo settore)."""

    @property
    def is_public(self) -> bool:
        return self in {self.PUBLIC_BODY, self.TERRITORIAL_DISTRICT, self.EDUCATION}


class Organization(Record):
    """A body taking part in the programme.

    ``codice_fiscale`` and ``partita_iva`` are kept as given (compacted); whether they are valid
    is a validation rule's business, so that a bad code is a finding, not a crash.
    """

    entity: ClassVar[str] = "organization"
    id_field: ClassVar[str] = "org_id"

    org_id: Identifier
    name: str
    kind: OrganizationKind | None = None
    """``None`` when the source does not say and the name does not tell."""
    codice_fiscale: str | None = None
    partita_iva: str | None = None
    ats_id: str | None = None
