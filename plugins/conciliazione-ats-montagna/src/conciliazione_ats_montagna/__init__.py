"""conciliazione plugin for ATS della Montagna: its Conciliazione vita-lavoro pages.

The hooks are thin: the pages are read by :mod:`conciliazione_ats_montagna.reader` and the
plugin's own rules live in :mod:`conciliazione_ats_montagna.rules`. Both are imported on first
use, so that loading the plugin (e.g. to list plugins) costs next to nothing.

References:
    - ATS della Montagna's page on Conciliazione vita-lavoro (updated 8 July 2024)
    - ATS della Montagna news of 30 May 2018, "ATS della Montagna e Rete Territoriale di
      Conciliazione, ecco i progetti"
    Both copied in ``pages/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from conciliazione.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from conciliazione.documents import Document
    from conciliazione.reading import Reading
    from conciliazione.rules.registry import RuleRegistry

__version__ = "0.1.0"

ATS_ID = "montagna"

PAGES = ("000_85faaafccf00cc38.txt", "002_6ae0d52e84f3c1d6.txt")
"""The page copies shipped in ``pages/``: the 2024 programme page and the 2018 news item."""


@hookimpl
def conciliazione_ats() -> str:
    return ATS_ID


@hookimpl
def conciliazione_builtin_sources() -> Sequence[Document]:
    from conciliazione.documents import package_document

    return [package_document(__name__, "pages", name) for name in PAGES]


@hookimpl
def conciliazione_read_source(document: Document) -> Reading:
    from conciliazione_ats_montagna.reader import read_page

    return read_page(document)


@hookimpl
def conciliazione_recognizes(document: Document) -> bool:
    from conciliazione_ats_montagna.reader import recognizes

    return recognizes(document.text)


@hookimpl
def conciliazione_rules(registry: RuleRegistry) -> None:
    from conciliazione_ats_montagna.rules import register_rules

    register_rules(registry)
