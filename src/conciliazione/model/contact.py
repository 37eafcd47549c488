"""Contacts and programme objectives the pages publish."""

from __future__ import annotations

from typing import ClassVar

from conciliazione.model.base import Identifier, Record


class Contact(Record):
    """A way to reach an office or a person.

    ``personal`` marks personal data (a named official, a personal phone or e-mail): it is left
    out of exports unless the caller asks for it.
    """

    entity: ClassVar[str] = "contact"
    id_field: ClassVar[str] = "contact_id"

    contact_id: Identifier
    ats_id: str
    scope: str
    """What the contact is for, as the page says ("informazioni generali", an alliance)."""
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    personal: bool


class Objective(Record):
    """One of the objectives an ATS states for its programme, in page order."""

    entity: ClassVar[str] = "objective"
    id_field: ClassVar[str] = "objective_id"

    objective_id: Identifier
    ats_id: str
    ordinal: int
    text: str
