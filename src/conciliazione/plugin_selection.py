"""Which plugins a run uses: the allow-list and block-list checked against what is installed.

Kept apart from :mod:`conciliazione.api` (which re-exports it) so that commands that only list
plugins do not import the model. Why it exists: ``CONCILIAZIONE_LOAD_PLUGINS=pavai`` (a typo)
used to load nothing, and a run over no plugin reports "valid" and exports an almost empty
dataset — wrong data with exit code 0.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points

from conciliazione.errors import PluginSelectionError
from conciliazione.plugins.manager import (
    DISABLE_ENV,
    ENTRY_POINT_GROUP,
    LOAD_ENV,
    PluginHost,
    make_plugin_host,
)

__all__ = ["check_plugin_selection", "installed_plugin_names", "plugin_host"]


def installed_plugin_names() -> list[str]:
    """The names of the installed plugins' entry points, sorted (loaded or not)."""
    return sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


def _plugin_entry_points() -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=ENTRY_POINT_GROUP))


def check_plugin_selection(
    environ: Mapping[str, str] | None = None, installed: Iterable[str] | None = None
) -> None:
    """Refuse an allow-list (``CONCILIAZIONE_LOAD_PLUGINS``) or a block-list
    (``CONCILIAZIONE_DISABLE_PLUGINS``) that names a plugin which is not installed.

    Why: a misspelt name (``pavai``) would otherwise load nothing, and a run over no plugin
    reports "valid" and exports an almost empty dataset. An allow-list set to the empty string
    (load no plugin) is a deliberate choice and is accepted. Raises
    :class:`~conciliazione.errors.PluginSelectionError` listing the installed plugins.
    """
    env = os.environ if environ is None else environ
    names = sorted(installed_plugin_names() if installed is None else set(installed))
    for variable in (LOAD_ENV, DISABLE_ENV):
        value = env.get(variable)
        if value is None:
            continue
        unknown = sorted({n.strip() for n in value.split(",") if n.strip()} - set(names))
        if unknown:
            plural = "s" if len(unknown) > 1 else ""
            raise PluginSelectionError(
                f"{variable} names no installed plugin{plural} {', '.join(map(repr, unknown))} "
                f"(installed: {', '.join(names) or 'none'})"
            )


def plugin_host(environ: Mapping[str, str] | None = None) -> PluginHost:
    """The installed plugins, after :func:`check_plugin_selection` (the host every command
    uses unless it is given one)."""
    found = _plugin_entry_points()  # listed once, for the check and for the loading
    check_plugin_selection(environ, installed=[ep.name for ep in found])
    host = make_plugin_host(entry_points=False)
    host.load_entry_points(environ, found)
    return host
