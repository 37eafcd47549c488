"""The helpers ``conciliazione.testing`` gives plugin authors for their own tests: a shipped page,
edited copies of it, and readings validated the way the library validates them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from conciliazione.documents import Document, document_from_bytes
from conciliazione.findings import Severity
from conciliazione.plugins import hookimpl
from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.rules import RuleContext, RuleRegistry, Violation
from conciliazione.testing import builtin_document, cut, edited, read_with, validate_readings

NEWS = document_from_bytes(
    "news.txt",
    b"ATS della Brianza: la Rete conta 12 soggetti.\nAltro testo.\n"
    b"Ultimo aggiornamento: 01/02/2024\n",
    builtin=True,
)
PROGRAMME = document_from_bytes(
    "programme.txt", b"ATS della Brianza: Piano 2020-2023.", builtin=True
)
NO_NETWORK = "brianza-no-network"


class OnePagePlugin:
    """A throw-away ATS plugin: it reads nothing but the update date, and wants a network."""

    documents: tuple[Document, ...] = (NEWS,)

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        pages = [BuiltinPage(d.name, text=d.text) for d in self.documents]
        register(AtsAdapter(ats_id="brianza", pages=pages, reader=self.read, rules=self.rules))

    @staticmethod
    def read(page: PageText, builder: ReadingBuilder) -> None:
        builder.read_update_date(page)

    def rules(self, registry: RuleRegistry) -> None:
        registry.rule(NO_NETWORK, Severity.WARNING, "No network", description="d", fix="f")(
            self.no_network
        )

    @staticmethod
    def no_network(ctx: RuleContext) -> Iterator[Violation]:
        if not any(n.ats_id == "brianza" for n in ctx.dataset.networks):
            yield Violation("ATS Brianza has no network")


class TwoPagePlugin(OnePagePlugin):
    documents = (NEWS, PROGRAMME)


class TestBuiltinDocument:
    def test_the_only_page_of_a_plugin_needs_no_name(self) -> None:
        assert builtin_document(OnePagePlugin()) == NEWS

    def test_a_page_is_found_by_its_file_name(self) -> None:
        assert builtin_document(TwoPagePlugin(), "programme.txt") == PROGRAMME

    def test_a_plugin_with_several_pages_needs_a_name(self) -> None:
        with pytest.raises(pytest.fail.Exception, match=r"ships 2 pages \(news.txt, programme"):
            builtin_document(TwoPagePlugin())

    def test_a_page_it_does_not_ship_fails_the_test_naming_those_it_does(self) -> None:
        with pytest.raises(pytest.fail.Exception, match=r"no page 'old\.txt'.*news\.txt"):
            builtin_document(OnePagePlugin(), "old.txt")


class TestEdited:
    def test_replaces_the_text_and_keeps_the_page_name(self) -> None:
        page = edited(NEWS, "12 soggetti", "15 soggetti")
        assert page.name == "news.txt"
        assert "conta 15 soggetti" in page.text
        assert "12 soggetti" not in page.text
        assert page.sha256 != NEWS.sha256
        assert not page.builtin

    def test_replaces_every_occurrence(self) -> None:
        assert edited(NEWS, "o", "0").text.count("o") == 0

    def test_an_edit_that_misses_fails_the_test(self) -> None:
        with pytest.raises(pytest.fail.Exception, match="'13 soggetti' is not in the page"):
            edited(NEWS, "13 soggetti", "15 soggetti")

    def test_edits_chain(self) -> None:
        page = edited(edited(NEWS, "12", "15"), "Altro testo", "Nuovo testo")
        assert page.text.splitlines()[:2] == [
            "ATS della Brianza: la Rete conta 15 soggetti.",
            "Nuovo testo.",
        ]


class TestCut:
    def test_removes_from_start_up_to_end_and_keeps_end(self) -> None:
        page = cut(NEWS, "Altro testo", "Ultimo aggiornamento")
        assert page.text == (
            "ATS della Brianza: la Rete conta 12 soggetti.\nUltimo aggiornamento: 01/02/2024\n"
        )
        assert page.name == NEWS.name

    def test_end_is_looked_for_after_start(self) -> None:
        with pytest.raises(pytest.fail.Exception, match="'ATS della Brianza' is not after"):
            cut(NEWS, "Altro testo", "ATS della Brianza")

    def test_a_start_not_in_the_page_fails_the_test(self) -> None:
        with pytest.raises(pytest.fail.Exception, match="'Obiettivi' is not in the page"):
            cut(NEWS, "Obiettivi", "Ultimo aggiornamento")


class TestValidateReadings:
    def test_runs_the_core_rules_and_the_plugins_with_the_readers_findings(self) -> None:
        plugin = TwoPagePlugin()
        readings = [read_with(plugin, d) for d in (NEWS, PROGRAMME)]
        report = validate_readings(plugin, *readings)
        assert sorted((f.code, f.path) for f in report if f.severity is not Severity.INFO) == [
            (NO_NETWORK, None),
            ("missing-section", "update date"),
        ]
        (gap,) = [f for f in report if f.code == "missing-section"]
        assert gap.source_id == "brianza:programme.txt"

    def test_merges_the_readings_with_the_cores_regional_data(self) -> None:
        plugin = OnePagePlugin()
        report = validate_readings(plugin, read_with(plugin, NEWS))
        assert "dangling-reference" not in report.by_code()
        assert "duplicate-id" not in report.by_code()
