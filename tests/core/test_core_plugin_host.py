"""The plugin host: discovery, allow/block lists, broken plugins, misspelled hooks, the facade."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conciliazione.documents import Document, document_from_bytes
from conciliazione.errors import PluginError
from conciliazione.findings import Severity
from conciliazione.plugins import hookimpl, make_plugin_host
from conciliazione.reading import Reading, ReadingBuilder
from conciliazione.rules import RuleContext, RuleRegistry, Violation

PAGE = document_from_bytes("bergamo.txt", b"ATS di Bergamo: rete di 12 soggetti.")


class BergamoPlugin:
    """A throw-away plugin, registered in-process."""

    @hookimpl
    def conciliazione_ats(self) -> str:
        return "bergamo"

    @hookimpl
    def conciliazione_builtin_sources(self) -> list[Document]:
        return [PAGE]

    @hookimpl
    def conciliazione_recognizes(self, document: Document) -> bool:
        return "ATS di Bergamo" in document.text

    @hookimpl
    def conciliazione_read_source(self, document: Document) -> Reading:
        builder = ReadingBuilder.for_document(document, ats_id="bergamo")
        builder.missing_section("plan")
        return builder.build()

    @hookimpl
    def conciliazione_rules(self, registry: RuleRegistry) -> None:
        @registry.rule("bergamo-always", Severity.INFO, "Always", description="d", fix="f")
        def always(ctx: RuleContext) -> list[Violation]:
            return [Violation("hello")]


def test_a_throwaway_plugin_is_listed_with_its_ats_and_hooks(make_host: Callable[..., Any]) -> None:
    host = make_host(BergamoPlugin())
    (info,) = host.plugins
    assert info.ats_id == "bergamo"
    assert "conciliazione_read_source" in info.hooks
    assert host.plugin_for_ats("bergamo") is info


def test_the_host_reads_only_through_the_named_plugin(make_host: Callable[..., Any]) -> None:
    host = make_host(BergamoPlugin())
    reading = host.read(host.plugins[0].name, PAGE)
    assert reading.source.source_id == "bergamo:bergamo.txt"
    assert [f.code for f in reading.findings] == ["missing-section"]
    assert "bergamo.txt" in reading.findings[0].message


def test_plugin_rules_join_the_registry_with_their_origin(make_host: Callable[..., Any]) -> None:
    host = make_host(BergamoPlugin())
    registry = host.registry()
    assert registry.type("bergamo-always").origin == host.plugins[0].name
    assert "duplicate-id" in registry


def test_a_misspelled_hook_fails_loudly(make_host: Callable[..., Any]) -> None:
    class Misspelled:
        @hookimpl
        def conciliazione_ats(self) -> str:
            return "bergamo"

        @hookimpl
        def conciliazione_read_sources(self, document: Document) -> None:  # extra "s"
            return None

    with pytest.raises(PluginError, match="conciliazione_read_sources"):
        make_host(Misspelled())


def test_a_plugin_for_an_unknown_ats_is_reported_not_loaded(make_host: Callable[..., Any]) -> None:
    class Lecco:
        @hookimpl
        def conciliazione_ats(self) -> str:
            return "lecco"

    host = make_host(Lecco())
    assert host.plugins == []
    (failure,) = host.failures
    assert "lecco" in failure.problem
    with pytest.raises(PluginError, match="lecco"):
        make_host(Lecco(), strict=True)


def test_a_plugin_raising_in_a_hook_is_reported_and_the_others_go_on(
    make_host: Callable[..., Any],
) -> None:
    class Exploding(BergamoPlugin):
        @hookimpl
        def conciliazione_read_source(self, document: Document) -> Reading:
            raise RuntimeError("boom")

    class Pavia:
        @hookimpl
        def conciliazione_ats(self) -> str:
            return "pavia"

    host = make_host(Exploding(), Pavia())
    assert host.read(host.plugin_for_ats("bergamo").name, PAGE) is None
    (failure,) = host.failures
    assert "boom" in failure.problem and "conciliazione_read_source" in failure.problem
    assert failure.to_finding().code == "plugin-failed"
    assert {p.ats_id for p in host.plugins} == {"bergamo", "pavia"}


def test_a_plugin_rule_that_raises_becomes_a_failure(make_host: Callable[..., Any]) -> None:
    class BadRule(BergamoPlugin):
        @hookimpl
        def conciliazione_rules(self, registry: RuleRegistry) -> None:
            @registry.rule("bergamo-bad", Severity.ERROR, "Bad", description="d", fix="f")
            def bad(ctx: RuleContext) -> list[Violation]:
                raise ZeroDivisionError("oops")

    from conciliazione.regional import regional_dataset
    from conciliazione.validation import validate

    host = make_host(BadRule())
    validate(regional_dataset(), registry=host.registry())
    assert "oops" in host.failures[0].problem


# -- discovery through entry points of real (dist-info) distributions -----------------------

BROKEN_DIST = "conciliazione-ats-broken"


@pytest.fixture
def broken_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real distribution on sys.path whose plugin module fails to import."""
    (tmp_path / "conciliazione_ats_broken.py").write_text("raise ImportError('no pandas here')\n")
    info = tmp_path / "conciliazione_ats_broken-9.9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {BROKEN_DIST}\nVersion: 9.9.9\n")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [conciliazione]
            broken = conciliazione_ats_broken
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("conciliazione_ats_broken", None)
    return tmp_path


def test_a_broken_installed_plugin_is_named_and_the_others_still_load(
    broken_distribution: Path,
) -> None:
    host = make_plugin_host(environ={})
    (failure,) = [f for f in host.failures if f.name == "broken"]
    assert (failure.distribution, failure.version) == (BROKEN_DIST, "9.9.9")
    assert "no pandas here" in failure.problem
    assert "conciliazione-ats-broken 9.9.9" in failure.to_finding().message
    assert "broken" not in [p.name for p in host.plugins]


def test_strict_mode_makes_a_broken_plugin_fatal(broken_distribution: Path) -> None:
    with pytest.raises(PluginError, match=r"broken.*9\.9\.9.*no pandas here"):
        make_plugin_host(environ={}, strict=True)


def test_the_block_list_skips_a_plugin(broken_distribution: Path) -> None:
    host = make_plugin_host(environ={"CONCILIAZIONE_DISABLE_PLUGINS": "broken"})
    assert host.failures == []


def test_the_allow_list_loads_only_the_named_plugins(broken_distribution: Path) -> None:
    assert make_plugin_host(environ={"CONCILIAZIONE_LOAD_PLUGINS": ""}).plugins == []
    host = make_plugin_host(environ={"CONCILIAZIONE_LOAD_PLUGINS": "pavia, broken"})
    assert [p.name for p in host.plugins] in ([], ["pavia"])
    assert [f.name for f in host.failures] == ["broken"]


def test_building_a_host_twice_gives_independent_hosts(make_host: Callable[..., Any]) -> None:
    first, second = make_host(BergamoPlugin()), make_host()
    assert len(first.plugins) == 1
    assert second.plugins == []
