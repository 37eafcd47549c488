"""The plugin system: hook specifications and the host that loads ATS plugins."""

from conciliazione.plugins.hookspecs import PROJECT_NAME, hookimpl, hookspec
from conciliazione.plugins.manager import (
    DISABLE_ENV,
    LOAD_ENV,
    PluginFailure,
    PluginHost,
    PluginInfo,
    make_plugin_host,
)

__all__ = [
    "DISABLE_ENV",
    "LOAD_ENV",
    "PROJECT_NAME",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "hookimpl",
    "hookspec",
    "make_plugin_host",
]
