"""Provenance: which page (or register) a fact was read from, and how recent that page was."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime

from conciliazione.model.base import Identifier, Record
from conciliazione.vague import FuzzyDate


class Source(Record):
    """A published page, a register a plugin read, or a publication the core's data cites.

    ``updated`` is the update date the page states about itself ("Aggiornato il 8 Luglio 2024"),
    or the date of a publication (a news release), not when we read it; ``sha256`` identifies
    the exact text, so two exports can tell whether they were built from the same page. For a
    publication cited by the core's data files (``builtin`` and ``plugin`` ``conciliazione``) the
    text read is that data file, so its checksum is the file's; ``publisher`` and ``address``
    then say who published the figures and where. ``retrieved_at`` says when a page was
    downloaded from its address (see ``conciliazione fetch``).
    """

    entity: ClassVar[str] = "source"
    id_field: ClassVar[str] = "source_id"

    source_id: Identifier
    ats_id: str | None = None
    name: str
    """The file name of the page (``003_cc3c723282e7ce42.txt``)."""
    title: str | None = None
    updated: FuzzyDate | None = None
    sha256: str
    plugin: str | None = None
    plugin_version: str | None = None
    builtin: bool = True
    """True for the copy shipped with the plugin, False for a file given by path."""
    publisher: str | None = None
    """Who published the text: "Regione Lombardia", or the outlet that printed a release."""
    address: str | None = None
    """The public web address of the page or publication, when it is known; never guessed."""
    retrieved_at: AwareDatetime | None = None
    """When the page was downloaded from ``address``; ``None`` for a copy that was not."""
