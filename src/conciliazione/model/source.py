"""Provenance: which page (or register) a fact was read from, and how recent that page was."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime

from conciliazione.model.base import Identifier, Record
from conciliazione.vague import FuzzyDate


class Source(Record):
    """A published page or a register a plugin read.

    ``updated`` is the update date the page states about itself ("Aggiornato il 8 Luglio 2024"),
    not when we read it; ``sha256`` identifies the exact bytes read, so two exports can tell
    whether they were built from the same page. ``address`` and ``retrieved_at`` say where on
    the web the page lives and when this copy of it was downloaded (see ``conciliazione
    fetch``).
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
    address: str | None = None
    """The page's public web address, when it is known; never guessed."""
    retrieved_at: AwareDatetime | None = None
    """When the page was downloaded from ``address``; ``None`` for a copy that was not."""
