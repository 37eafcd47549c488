"""The one hook an ATS plugin implements: :func:`conciliazione_register`.

A plugin is a module registered under the entry-point group ``conciliazione``::

    [project.entry-points.conciliazione]
    pavia = "conciliazione_ats_pavia"

and, in the style of llm's ``register_*`` hooks, hands the host one declared object::

    from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl

    @hookimpl
    def conciliazione_register(register):
        register(AtsAdapter(ats_id="pavia", package=__name__, ...))

The host calls each plugin's hook separately, so a plugin only ever sees its own documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from conciliazione.plugins.adapter import AtsAdapter

PROJECT_NAME = "conciliazione"
"""The pluggy project name, which is also the entry-point group."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Decorate a plugin's hook implementation with this marker."""


@hookspec
def conciliazione_register(register: Callable[[AtsAdapter], None]) -> None:
    """Register the plugin's :class:`~conciliazione.plugins.adapter.AtsAdapter`.

    Call ``register(adapter)`` exactly once. The host checks what it is given: anything but an
    adapter, an unknown ATS id or a second adapter makes the plugin a ``plugin-failed`` finding
    naming the plugin and what was expected.
    """
