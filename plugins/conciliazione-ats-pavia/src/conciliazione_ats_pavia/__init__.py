"""conciliazione plugin for ATS di Pavia: its Conciliazione famiglia-lavoro page.

The hooks are thin: the page is read by :mod:`conciliazione_ats_pavia.reader` and the plugin's
own rules live in :mod:`conciliazione_ats_pavia.rules`. Both are imported on first use, so that
loading the plugin (e.g. to list plugins) costs next to nothing.

References:
    - ATS di Pavia, "Conciliazione famiglia-lavoro: le iniziative della Rete territoriale della
      provincia di Pavia - triennio 2020-2023" (Ultimo aggiornamento: 09/07/2024), copied in
      ``pages/``.
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

ATS_ID = "pavia"

PAGES = ("003_cc3c723282e7ce42.txt",)
"""The page copies shipped in ``pages/``."""

ADDRESS = (
    "https://www.ats-pavia.it/conciliazione-famiglia-lavoro-le-iniziative-della-rete-"
    "territoriale-della-provincia-di-pavia"
)
"""Where the page is published (``conciliazione fetch`` downloads newer copies from there)."""


@hookimpl
def conciliazione_ats() -> str:
    return ATS_ID


@hookimpl
def conciliazione_builtin_sources() -> Sequence[Document]:
    from conciliazione.documents import package_document

    return [package_document(__name__, "pages", name, address=ADDRESS) for name in PAGES]


@hookimpl
def conciliazione_read_source(document: Document) -> Reading:
    from conciliazione_ats_pavia.reader import read_page

    return read_page(document)


@hookimpl
def conciliazione_recognizes(document: Document) -> bool:
    from conciliazione_ats_pavia.reader import recognizes

    return recognizes(document.text)


@hookimpl
def conciliazione_rules(registry: RuleRegistry) -> None:
    from conciliazione_ats_pavia.rules import register_rules

    register_rules(registry)
