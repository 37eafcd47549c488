"""What the command group hands its commands: the debug flag and where the plugins come from.

A command never builds a plugin host itself when one is provided here. Tests use that to run
a command in-process with a throw-away plugin instead of the installed ones::

    runner.invoke(cli, ["validate"], obj=CliState(host_factory=lambda: make_host(plugin)))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from conciliazione.plugins.manager import PluginHost


class CliState:
    """Per-invocation settings shared by the group and its commands."""

    def __init__(
        self, *, debug: bool = False, host_factory: Callable[[], PluginHost] | None = None
    ) -> None:
        self.debug = debug
        self.host_factory = host_factory

    def host(self) -> PluginHost | None:
        """The host to use, or ``None`` to let the API build one from the installed plugins."""
        return self.host_factory() if self.host_factory is not None else None

    def require_host(self) -> PluginHost:
        """The host to use, building one from the installed plugins when none is provided."""
        host = self.host()
        if host is None:
            from conciliazione.plugin_selection import plugin_host

            host = plugin_host()
        return host


def current_state() -> CliState:
    """The state of the running command (a default one when a command is invoked alone)."""
    return click.get_current_context().ensure_object(CliState)
