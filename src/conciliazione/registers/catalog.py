"""Which register layouts exist: the core's, and those the installed plugins describe.

Layout names are global: the core's come first, then each plugin's in plugin order. A plugin
layout whose name is already taken is left out with a warning naming the plugin, rather than
silently replacing a layout users rely on; plugins should prefix names with their ATS id.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from conciliazione.errors import ConciliazioneWarning, UnknownEntityError
from conciliazione.registers.layout import RegisterLayout, core_layouts

if TYPE_CHECKING:
    from conciliazione.plugins.manager import PluginHost


def _layouts_only(values: Iterable[object]) -> list[RegisterLayout]:
    """A plugin's ``layouts()`` values, refused (the plugin fails) unless each is a layout."""
    own = list(values)
    wrong = [value for value in own if not isinstance(value, RegisterLayout)]
    if wrong:
        raise TypeError(f"layouts() must give RegisterLayout values, not {wrong[0]!r}")
    return own  # type: ignore[return-value]


def plugin_layouts(host: PluginHost) -> list[RegisterLayout]:
    """Every plugin's register layouts, each stamped with the plugin's ATS and name."""
    return [
        attrs.evolve(layout, ats_id=info.ats_id, origin=info.name)
        for info, own in host.offers("layouts", _layouts_only)
        for layout in own
    ]


def available_layouts(
    host: PluginHost | None = None, *, ats_id: str | None = None
) -> dict[str, RegisterLayout]:
    """Layouts by name: the core's and, given a plugin host, the plugins'. With ``ats_id``,
    only the layouts that ATS can use (the core's and its own plugin's)."""
    found = {layout.name: layout for layout in core_layouts()}
    for layout in plugin_layouts(host) if host is not None else ():
        if layout.name in found:
            warnings.warn(
                f"plugin {layout.origin!r} describes a register layout named {layout.name!r}, "
                f"which is already taken (by {found[layout.name].origin!r}); it is ignored",
                ConciliazioneWarning,
                stacklevel=2,
            )
            continue
        found[layout.name] = layout
    if ats_id is not None:
        found = {n: lay for n, lay in found.items() if lay.ats_id in (None, ats_id)}
    return found


def get_layout(
    name: str, host: PluginHost | None = None, *, ats_id: str | None = None
) -> RegisterLayout:
    """The layout called ``name`` (for ``ats_id``, when given); `UnknownEntityError` listing
    the available names otherwise."""
    every = available_layouts(host)
    usable = {n: lay for n, lay in every.items() if ats_id is None or lay.ats_id in (None, ats_id)}
    if name in usable:
        return usable[name]
    if name in every:
        owner = every[name].ats_id
        raise UnknownEntityError(
            f"register layout {name!r} belongs to ATS {owner!r}, not to {ats_id!r}"
        )
    known = ", ".join(sorted(usable)) or "none"
    raise UnknownEntityError(f"unknown register layout {name!r}; the layouts are: {known}")
