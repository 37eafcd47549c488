"""conciliazione plugin template: copy it to adapt a new ATS (here ATS di Bergamo).

The hooks are thin: the page is read by :mod:`conciliazione_ats_example.reader` and the
plugin's own rules live in :mod:`conciliazione_ats_example.rules`. Both are imported on first
use, so that loading the plugin (e.g. to list plugins) costs next to nothing.

References:
    - ``pages/esempio.txt``: an EXAMPLE page written for this template, not a published one.
      Replace it with a copy of your ATS's page.
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

ATS_ID = "bergamo"

PAGES = ("esempio.txt",)
"""The page copies shipped in ``pages/``."""


@hookimpl
def conciliazione_ats() -> str:
    return ATS_ID


@hookimpl
def conciliazione_builtin_sources() -> Sequence[Document]:
    from conciliazione.documents import package_document

    return [package_document(__name__, "pages", name) for name in PAGES]


@hookimpl
def conciliazione_read_source(document: Document) -> Reading:
    from conciliazione_ats_example.reader import read_page

    return read_page(document)


@hookimpl
def conciliazione_recognizes(document: Document) -> bool:
    from conciliazione_ats_example.reader import recognizes

    return recognizes(document.text)


@hookimpl
def conciliazione_rules(registry: RuleRegistry) -> None:
    from conciliazione_ats_example.rules import register_rules

    register_rules(registry)
