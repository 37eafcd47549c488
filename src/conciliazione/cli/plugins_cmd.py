"""``conciliazione plugins``: which ATS plugins are installed, and which failed to load."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from conciliazione.cli.console import echo, table
from conciliazione.cli.context import current_state
from conciliazione.cli.errors import exit_codes_help

if TYPE_CHECKING:
    from conciliazione.plugins.manager import PluginHost

LOAD_ENV = "CONCILIAZIONE_LOAD_PLUGINS"
DISABLE_ENV = "CONCILIAZIONE_DISABLE_PLUGINS"
"""Copies of :mod:`conciliazione.plugins.manager`'s names, so ``--help`` need not import it."""


def plugins_payload(host: PluginHost) -> dict[str, list[dict[str, Any]]]:
    """The JSON form of the listing: loaded plugins and failures, each a flat object."""
    return {
        "plugins": [
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "ats": info.ats_id,
                "provides": list(info.provides),
            }
            for info in host.plugins
        ],
        "failures": [
            {
                "name": failure.name,
                "distribution": failure.distribution,
                "version": failure.version,
                "problem": failure.problem,
            }
            for failure in host.failures
        ],
    }


@click.command(
    "plugins",
    epilog=exit_codes_help(ok="the listing was printed (even if some plugins failed to load)"),
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins(as_json: bool) -> None:
    """List the installed ATS plugins: name, distribution, version, ATS and what each
    provides, and the plugins that failed to load with the reason.

    \b
    Which plugins load:
      CONCILIAZIONE_LOAD_PLUGINS=a,b     only these plugins load (set but
                                         empty: none does)
      CONCILIAZIONE_DISABLE_PLUGINS=c    these plugins do not load (applied
                                         after the list above)
    Names are entry-point names, as listed here.

    \b
    Python equivalent:
      from conciliazione.plugins import make_plugin_host
      host = make_plugin_host(); host.plugins, host.failures
    """
    host = current_state().require_host()
    payload = plugins_payload(host)
    if as_json:
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if payload["plugins"]:
        table(
            ["name", "distribution", "version", "ATS", "provides"],
            [
                [
                    p["name"],
                    p["distribution"] or "-",
                    p["version"] or "-",
                    p["ats"],
                    ", ".join(p["provides"]),
                ]
                for p in payload["plugins"]
            ],
        )
    else:
        echo("No ATS plugin is loaded.", style="yellow")
    for failure in payload["failures"]:
        dist = failure["distribution"]
        where = f" ({dist} {failure['version']})" if dist else ""
        echo(f"failed: {failure['name']}{where}: {failure['problem']}", style="red")
    _explain_environment()


def _explain_environment() -> None:
    """Say when one of the two variables narrowed the listing, so nobody wonders why."""
    import os

    for name, effect in ((LOAD_ENV, "only these load"), (DISABLE_ENV, "these do not load")):
        value = os.environ.get(name)
        if value is not None:
            echo(f"{name}={value!r}: {effect}", style="dim")
