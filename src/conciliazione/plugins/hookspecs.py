"""The hooks an ATS plugin implements. Few, typed, and each easy to test.

A plugin is a module (or object) registered under the entry-point group ``conciliazione``::

    [project.entry-points.conciliazione]
    pavia = "conciliazione_ats_pavia"

and decorates its functions with :data:`hookimpl`. Every hook is optional except
:func:`conciliazione_ats`. The host calls each plugin's hooks separately (never "all plugins at
once"), so a plugin only ever sees its own documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from conciliazione.documents import Document
    from conciliazione.reading import Reading
    from conciliazione.registers.layout import RegisterLayout
    from conciliazione.rules.registry import RuleRegistry

PROJECT_NAME = "conciliazione"
"""The pluggy project name, which is also the entry-point group."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Decorate a plugin's hook implementations with this marker."""


@hookspec(firstresult=True)
def conciliazione_ats() -> str:  # type: ignore[empty-body]
    """Return the id of the ATS the plugin adapts (``"pavia"``).

    Must be one of the eight ids of :func:`conciliazione.all_ats`.
    """


@hookspec(firstresult=True)
def conciliazione_builtin_sources() -> Sequence[Document]:  # type: ignore[empty-body]
    """Return the pages the plugin ships as package data, as documents.

    Use :func:`conciliazione.documents.package_document` to load them. These are what the main
    job exports when no file is given.
    """


@hookspec(firstresult=True)
def conciliazione_read_source(document: Document) -> Reading:  # type: ignore[empty-body]
    """Read one of the plugin's pages — the built-in copy or a newer one given by path.

    Return a :class:`~conciliazione.reading.Reading` built with
    :class:`~conciliazione.reading.ReadingBuilder`: every record carries the page's source id.
    A section the reader expects but does not find is a ``missing-section`` finding, never an
    exception; a value the parsers cannot read is an ``unreadable-value`` finding.
    """


@hookspec(firstresult=True)
def conciliazione_recognizes(document: Document) -> bool:  # type: ignore[empty-body]
    """Return True if the document is one of this plugin's pages (any version of it).

    Used to route ``--source PATH`` to the right plugin when no ATS is named. Look at the text
    (the ATS's name, the page's headings), not at the file name, which a user may change.
    """


@hookspec
def conciliazione_rules(registry: RuleRegistry) -> None:
    """Add the plugin's own validation rules to the registry.

    Call ``registry.rule(code, severity, title, description=..., fix=...)`` as a decorator on
    check functions. Codes must be kebab-case and should start with the ATS id
    (``pavia-...``) so they never clash with core or other plugins' codes.
    """


@hookspec
def conciliazione_register_layouts(register: Callable[[RegisterLayout], None]) -> None:
    """Describe the tabular registers (CSV, XLSX) the ATS's own systems export.

    Call ``register(RegisterLayout(...))`` once per layout: its Italian column headers, the
    model field each fills, types, codelists or value maps (Italian label → code), ranges and
    formats (:class:`~conciliazione.registers.layout.ColumnSpec`). The core reads and checks
    the files; the plugin only describes them. Names should start with the ATS id
    (``pavia_members``); the host stamps each layout with the plugin's ATS and name.
    """
