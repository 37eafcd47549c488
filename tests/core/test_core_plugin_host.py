"""The plugin host: discovery, allow/block lists, broken plugins, misspelled hooks, the facade."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from conciliazione.documents import document_from_bytes
from conciliazione.errors import PluginError
from conciliazione.findings import Severity
from conciliazione.plugins import hookimpl, make_plugin_host
from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.rules import RuleContext, RuleRegistry, Violation

PAGE = document_from_bytes("bergamo.txt", b"ATS di Bergamo: rete di 12 soggetti.")


def read_bergamo(page: PageText, builder: ReadingBuilder) -> None:
    builder.missing_section("plan")


def bergamo_rules(registry: RuleRegistry) -> None:
    @registry.rule("bergamo-always", Severity.INFO, "Always", description="d", fix="f")
    def always(ctx: RuleContext) -> list[Violation]:
        return [Violation("hello")]


BERGAMO = AtsAdapter(
    ats_id="bergamo",
    pages=[BuiltinPage(PAGE.name, text=PAGE.text)],
    clues=[r"ATS di Bergamo"],
    reader=read_bergamo,
    rules=bergamo_rules,
)


class BergamoPlugin:
    """A throw-away plugin, registered in-process."""

    adapter = BERGAMO

    @hookimpl
    def conciliazione_register(self, register: Callable[[object], None]) -> None:
        register(self.adapter)


def test_a_throwaway_plugin_is_listed_with_its_ats_and_what_it_provides(
    make_host: Callable[..., Any],
) -> None:
    host = make_host(BergamoPlugin())
    (info,) = host.plugins
    assert info.ats_id == "bergamo"
    assert info.provides == ("pages", "reader", "rules")
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
        def conciliazione_registr(self, register: Callable[[object], None]) -> None:  # no "e"
            register(BERGAMO)

    with pytest.raises(PluginError, match="conciliazione_registr"):
        make_host(Misspelled())


def test_a_plugin_on_the_first_releases_hooks_is_told_what_replaced_them(
    make_host: Callable[..., Any],
) -> None:
    class OldStyle:
        @hookimpl
        def conciliazione_ats(self) -> str:
            return "bergamo"

    with pytest.raises(PluginError, match=r"replaced by the one hook conciliazione_register"):
        make_host(OldStyle())


def test_a_plugin_for_an_unknown_ats_is_reported_not_loaded(make_host: Callable[..., Any]) -> None:
    class Lecco(BergamoPlugin):
        adapter = AtsAdapter(ats_id="lecco")

    host = make_host(Lecco())
    assert host.plugins == []
    (failure,) = host.failures
    assert "lecco" in failure.problem
    with pytest.raises(PluginError, match="lecco"):
        make_host(Lecco(), strict=True)


EXPECTED = "register() expects an AtsAdapter (from conciliazione.plugin)"


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        ("bergamo", "register() expects an AtsAdapter (from conciliazione.plugin), not str"),
        (
            {"ats_id": "bergamo"},
            "register() expects an AtsAdapter (from conciliazione.plugin), not dict",
        ),
        (None, "register() expects an AtsAdapter (from conciliazione.plugin), not NoneType"),
    ],
)
def test_registering_anything_but_an_adapter_is_a_failure_that_says_what_was_expected(
    make_host: Callable[..., Any], registered: object, expected: str
) -> None:
    class Wrong(BergamoPlugin):
        adapter = registered  # type: ignore[assignment]

    host = make_host(Wrong())
    assert host.plugins == []
    (failure,) = host.failures
    assert expected in failure.problem
    assert failure.to_finding().code == "plugin-failed"


def test_registering_two_adapters_or_none_is_a_failure(make_host: Callable[..., Any]) -> None:
    class Twice:
        @hookimpl
        def conciliazione_register(self, register: Callable[[object], None]) -> None:
            register(BERGAMO)
            register(BERGAMO)

    class Never:
        @hookimpl
        def conciliazione_register(self, register: Callable[[object], None]) -> None:
            return None

    host = make_host(Twice(), Never())
    assert host.plugins == []
    assert [f.problem.split(";")[1].strip() for f in host.failures] == [
        "it was called 2 times",
        "it was called 0 times",
    ]


def test_a_string_is_not_a_list_of_pages() -> None:
    with pytest.raises(TypeError, match="pages must be a list or tuple of BuiltinPage"):
        AtsAdapter(ats_id="bergamo", pages="bergamo.txt")
    with pytest.raises(TypeError, match="clues must be a list or tuple of str"):
        AtsAdapter(ats_id="bergamo", clues="Bergamo")


def test_a_wrong_adapter_built_in_the_hook_is_a_failure_not_a_crash(
    make_host: Callable[..., Any],
) -> None:
    class BadPages:
        @hookimpl
        def conciliazione_register(self, register: Callable[[object], None]) -> None:
            register(AtsAdapter(ats_id="bergamo", pages="bergamo.txt"))

    host = make_host(BadPages())
    (failure,) = host.failures
    assert "conciliazione_register" not in failure.problem or "pages must be" in failure.problem
    assert "pages must be a list or tuple of BuiltinPage" in failure.problem


def test_a_reader_that_returns_something_is_a_failure(make_host: Callable[..., Any]) -> None:
    class Returning(BergamoPlugin):
        adapter = attrs.evolve(BERGAMO, reader=lambda page, builder: builder.build())

    host = make_host(Returning())
    assert host.read(host.plugins[0].name, PAGE) is None
    (failure,) = host.failures
    assert "the reader must add records to its ReadingBuilder and return None" in failure.problem


def test_a_reader_named_by_a_path_that_does_not_import_is_a_failure(
    make_host: Callable[..., Any],
) -> None:
    class Missing(BergamoPlugin):
        adapter = attrs.evolve(BERGAMO, reader="conciliazione_no_such_module:read")

    host = make_host(Missing())
    assert host.read(host.plugins[0].name, PAGE) is None
    (failure,) = host.failures
    assert "conciliazione_no_such_module" in failure.problem


def test_a_plugin_raising_in_its_reader_is_reported_and_the_others_go_on(
    make_host: Callable[..., Any],
) -> None:
    def explode(page: PageText, builder: ReadingBuilder) -> None:
        raise RuntimeError("boom")

    class Exploding(BergamoPlugin):
        adapter = attrs.evolve(BERGAMO, reader=explode)

    class Pavia(BergamoPlugin):
        adapter = AtsAdapter(ats_id="pavia")

    host = make_host(Exploding(), Pavia())
    assert host.read(host.plugin_for_ats("bergamo").name, PAGE) is None
    (failure,) = host.failures
    assert "boom" in failure.problem and "reading bergamo.txt" in failure.problem
    assert failure.to_finding().code == "plugin-failed"
    assert {p.ats_id for p in host.plugins} == {"bergamo", "pavia"}


def test_a_plugin_rule_that_raises_becomes_a_failure(make_host: Callable[..., Any]) -> None:
    def bad_rules(registry: RuleRegistry) -> None:
        @registry.rule("bergamo-bad", Severity.ERROR, "Bad", description="d", fix="f")
        def bad(ctx: RuleContext) -> list[Violation]:
            raise ZeroDivisionError("oops")

    class BadRule(BergamoPlugin):
        adapter = attrs.evolve(BERGAMO, rules=bad_rules)

    from conciliazione.regional import regional_dataset
    from conciliazione.validation import validate

    host = make_host(BadRule())
    report = validate(regional_dataset(), registry=host.registry())
    assert "oops" in host.failures[0].problem
    (finding,) = [f for f in report if f.code == "plugin-failed"]
    assert "oops" in finding.message and finding.entity_id == host.plugins[0].name


def test_a_loaded_run_is_data_and_reports_a_failing_rule_without_its_host(
    make_host: Callable[..., Any],
) -> None:
    """``load`` hands back values — plugin infos, the rule registry, the failures — and
    ``check`` reports a plugin rule that raises as a finding, with no host to ask."""

    def bad_rules(registry: RuleRegistry) -> None:
        @registry.rule("bergamo-bad", Severity.ERROR, "Bad", description="d", fix="f")
        def bad(ctx: RuleContext) -> list[Violation]:
            raise ZeroDivisionError("oops")

    class BadRule(BergamoPlugin):
        adapter = attrs.evolve(BERGAMO, rules=bad_rules)

    from conciliazione.api import Loaded, load, validate

    loaded = load(host=make_host(BadRule()))
    assert not hasattr(loaded, "host")
    assert [p.ats_id for p in loaded.plugins] == ["bergamo"]
    assert "bergamo-bad" in loaded.registry
    assert loaded.failures == ()
    failed = [f for f in validate(loaded) if f.code == "plugin-failed"]
    assert len(failed) == 1 and "rule 'bergamo-bad' raised ZeroDivisionError" in failed[0].message
    # the same check of the same values, twice, reports the failure each time
    assert [f.code for f in validate(loaded) if f.code == "plugin-failed"] == ["plugin-failed"]
    # a hand-built one is checked by the core rules alone
    by_hand = Loaded(loaded.dataset)
    assert "bergamo-bad" not in by_hand.registry
    assert not [f for f in validate(by_hand) if f.code == "plugin-failed"]


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
