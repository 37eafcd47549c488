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


def make_act_id(
    kind: ActKind,
    number: str | None,
    year: int | None,
    issuer: str,
    discriminator: str | None = None,
) -> str:
    """A stable id for an act: issuer, kind, number and year, lower-case and URL-safe.

    An act without a number is ``s-n`` (*senza numero*), and every unnumbered act of one kind,
    issuer and year would share that id: the Region sends a validation note to each ATS, an ATS
    adopts a guidance document and a call in the same half-year. ``discriminator`` tells them
    apart (the citing ATS and the date, the first words of the title); it is slugged like the
    number and appended. Raises ``ValueError`` for a discriminator with nothing to slug, which
    would tell nothing apart.

    >>> make_act_id(ActKind.ATS_DECREE, "101/DGi", 2020, "pavia")
    'pavia:ats_decree:101-dgi:2020'
    >>> make_act_id(ActKind.REGIONAL_NOTE, None, 2020, REGION, discriminator="pavia-2020-06-22")
    'regione_lombardia:regional_note:s-n:2020:pavia-2020-06-22'
    """
    act_id = f"{issuer}:{kind.value}:{_slug(number or 's-n')}:{year if year is not None else 'nd'}"
    if discriminator is None:
        return act_id
    extra = _slug(discriminator)
    if not extra:
        raise ValueError(f"act id discriminator {discriminator!r} has no letters or digits")
    return f"{act_id}:{extra}"


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


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
