"""Acts: the resolutions, decrees and notes that set up and approve each step of the programme."""

from __future__ import annotations

import enum
import re
from typing import ClassVar

from conciliazione.model.base import Identifier, Record
from conciliazione.vague import FuzzyDate


class ActKind(enum.StrEnum):
    """The kinds of act the pages cite."""

    DGR = "dgr"
    """Delibera di Giunta Regionale (D.G.R.)."""
    REGIONAL_DECREE = "regional_decree"
    """A decree of a regional directorate (Decreto attuativo, D.d.u.o.)."""
    REGIONAL_LAW = "regional_law"
    """Legge regionale."""
    REGIONAL_NOTE = "regional_note"
    """A note of the Region (e.g. the validation of a plan)."""
    ATS_DECREE = "ats_decree"
    """Decreto of an ATS (e.g. Pavia's ``101/DGi``)."""
    DG_RESOLUTION = "dg_resolution"
    """Deliberazione / Decreto del Direttore Generale of an ATS."""


REGION = "regione_lombardia"
"""The issuer id of acts of Regione Lombardia."""


def make_act_id(kind: ActKind, number: str | None, year: int | None, issuer: str) -> str:
    """A stable id for an act: issuer, kind, number and year, lower-case and URL-safe.

    >>> make_act_id(ActKind.ATS_DECREE, "101/DGi", 2020, "pavia")
    'pavia:ats_decree:101-dgi:2020'
    """
    slug = re.sub(r"[^0-9a-z]+", "-", (number or "s-n").lower()).strip("-")
    return f"{issuer}:{kind.value}:{slug}:{year if year is not None else 'nd'}"


class Act(Record):
    """An act as cited: kind, number as written, date (to the precision given), issuer."""

    entity: ClassVar[str] = "act"
    id_field: ClassVar[str] = "act_id"

    act_id: Identifier
    kind: ActKind
    number: str | None = None
    """The number as written: ``XI/2398``, ``247/DGi``, ``390``; ``None`` for an unnumbered note."""
    date: FuzzyDate | None = None
    issuer: str
    """``regione_lombardia`` or the id of the ATS that issued it."""
    title: str | None = None
    ats_id: str | None = None
    """The ATS whose page cites the act (``None`` for the core's region-wide acts)."""
