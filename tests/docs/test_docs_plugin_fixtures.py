"""The fixtures of ``conciliazione.testing`` as a plugin's own tests use them.

The tutorial "Writing an ATS plugin" shows this file: ``make_host`` registers a throw-away
plugin for one test, ``plugin_host`` gives the installed plugins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conciliazione.plugins import hookimpl
from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage
from conciliazione.primitives import PageText


class RaisingReader:
    """A throw-away plugin for ATS di Bergamo whose reader raises."""

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        page = BuiltinPage("pagina.txt", text="ATS di Bergamo")
        register(AtsAdapter(ats_id="bergamo", pages=[page], reader=self.read))

    @staticmethod
    def read(page: PageText, builder: object) -> None:
        raise RuntimeError(f"cannot read {page.name}")


def test_a_reader_that_raises_is_a_reported_failure(make_host: Callable[..., Any]) -> None:
    host = make_host(RaisingReader())
    (info,) = host.plugins
    (page,) = host.builtin_sources(info.name)
    assert host.read(info.name, page) is None  # the run goes on without this page
    (failure,) = host.failures
    assert failure.name == info.name
    assert "cannot read pagina.txt" in failure.problem


def test_each_installed_plugin_adapts_its_own_ats(plugin_host: Any) -> None:
    ats_ids = [info.ats_id for info in plugin_host.plugins]
    assert len(ats_ids) == len(set(ats_ids))
