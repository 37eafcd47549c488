"""conciliazione plugin for ATS della Città Metropolitana di Milano: its conciliazione page.

The hooks are thin: the pages are read by :mod:`conciliazione_ats_milano.reader` and the
plugin's own rules live in :mod:`conciliazione_ats_milano.rules`. Both are imported on first
use, so that loading the plugin (e.g. to list plugins) costs next to nothing.

References:
    - ATS Milano's page on Conciliazione vita-lavoro (the 2020-2023 plan, its alliances and
      the territorial network; the page states no update date), copied in ``pages/``
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

ATS_ID = "milano"

PAGES = ("001_95dcb50e4e9d41be.txt",)
"""The page copy shipped in ``pages/``: the programme page (plan 2020-2023 and network)."""


@hookimpl
def conciliazione_ats() -> str:
    return ATS_ID


@hookimpl
def conciliazione_builtin_sources() -> Sequence[Document]:
    from conciliazione.documents import package_document

    return [package_document(__name__, "pages", name) for name in PAGES]


@hookimpl
def conciliazione_read_source(document: Document) -> Reading:
    from conciliazione_ats_milano.reader import read_page

    return read_page(document)


@hookimpl
def conciliazione_recognizes(document: Document) -> bool:
    from conciliazione_ats_milano.reader import recognizes

    return recognizes(document.text)


@hookimpl
def conciliazione_rules(registry: RuleRegistry) -> None:
    from conciliazione_ats_milano.rules import register_rules

    register_rules(registry)
