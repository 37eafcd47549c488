"""Finding a page's sections by layout: lines and bullets under a lead-in, title, update line."""

from __future__ import annotations

import contextlib
import doctest
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.sections as sections_module
from conciliazione.errors import ParseError
from conciliazione.parsing import (
    HEADING_MAX,
    bullets_after,
    find_heading,
    find_update_date,
    lines_after,
)
from conciliazione.vague import DatePrecision, FuzzyDate

OBJECTIVES = re.compile(r"\bobiettivi\b[^\n]*:\s*$", re.IGNORECASE)

PAVIA_OBJECTIVES = (
    "Il Piano persegue i seguenti obiettivi generali:\n"
    "- la ridefinizione della nuova programmazione;\n"
    "\n"
    "- l'identificazione di un paniere di servizi;\n"
    "- il consolidamento della rete.\n"
    "Per informazioni è possibile contattare gli operatori."
)


class TestLinesAfter:
    def test_gives_every_line_after_the_first_matching_one(self) -> None:
        text = "Titolo\nEnte Capofila:\n- Comune di Rho\nNome alleanza: Rho\n\nFine"
        assert lines_after(text, re.compile(r"Capofila\s*:$")) == [
            "- Comune di Rho",
            "Nome alleanza: Rho",
            "",
            "Fine",
        ]

    def test_only_the_first_matching_line_counts(self) -> None:
        assert lines_after("A:\nuno\nA:\ndue", re.compile("A:")) == ["uno", "A:", "due"]

    def test_a_lead_in_on_the_last_line_has_nothing_after_it(self) -> None:
        assert lines_after("Testo\nEnte Capofila:", re.compile("Capofila")) == []

    def test_is_none_when_no_line_matches(self) -> None:
        assert lines_after("Nessuna tabella qui.", re.compile("Capofila")) is None


class TestBulletsAfter:
    def test_reads_the_items_without_bullet_and_closing_punctuation(self) -> None:
        assert bullets_after(PAVIA_OBJECTIVES, OBJECTIVES) == [
            "la ridefinizione della nuova programmazione",
            "l'identificazione di un paniere di servizi",
            "il consolidamento della rete",
        ]

    def test_blank_lines_between_items_do_not_end_the_list(self) -> None:
        items = bullets_after("Obiettivi:\n\n- uno\n\n\n- due", OBJECTIVES)
        assert items == ["uno", "due"]

    def test_the_first_other_line_ends_the_list(self) -> None:
        assert bullets_after("Obiettivi:\n- uno\nTesto\n- non un obiettivo", OBJECTIVES) == ["uno"]

    def test_reads_round_bullets_and_indented_ones(self) -> None:
        text = "Obiettivi:\n  • Adottare modelli organizzativi;\n  • Sviluppare azioni."
        assert bullets_after(text, OBJECTIVES) == [
            "Adottare modelli organizzativi",
            "Sviluppare azioni",
        ]

    def test_a_lead_in_without_bullets_is_an_empty_list(self) -> None:
        assert bullets_after("Obiettivi:\nNessuno per ora.", OBJECTIVES) == []

    def test_is_none_when_the_lead_in_is_missing(self) -> None:
        assert bullets_after("- uno\n- due", OBJECTIVES) is None

    @given(st.text(), st.text(min_size=1))
    def test_never_raises_and_is_none_only_without_a_matching_line(
        self, text: str, head: str
    ) -> None:
        pattern = re.compile(re.escape(head))
        items = bullets_after(text, pattern)
        has_head = any(pattern.search(line) for line in text.splitlines())
        assert (items is None) is not has_head
        assert items is None or all(isinstance(item, str) for item in items)

    @given(st.lists(st.text(alphabet="abcdefghij ,", min_size=1).map(str.strip).filter(bool)))
    def test_reads_back_any_list_written_as_bullets(self, items: list[str]) -> None:
        text = "Obiettivi:\n" + "\n".join(f"- {item}" for item in items)
        assert bullets_after(text, OBJECTIVES) == items


class TestFindHeading:
    def test_without_a_start_the_first_line_is_the_title_when_it_reads_as_one(self) -> None:
        headline = "ATS della Montagna e Rete Territoriale di Conciliazione, ecco i progetti"
        assert find_heading(f"\n{headline}\nLa Rete territoriale …") == headline

    @pytest.mark.parametrize(
        "first_line",
        [
            "In continuità con la precedente programmazione Regione Lombardia ha approvato.",
            "Nella tabella seguente l'indicazione dell'Ente Capofila:",
            "servizi per la gestione del pre e post scuola;",
            "x" * (HEADING_MAX + 1),
        ],
    )
    def test_a_sentence_or_a_long_line_first_means_no_title(self, first_line: str) -> None:
        assert find_heading(f"{first_line}\nTitolo vero") is None

    def test_with_a_start_the_first_matching_heading_is_the_title(self) -> None:
        text = (
            "INFO E CONTATTI\n"
            "Conciliazione famiglia-lavoro: in breve.\n"
            "Conciliazione Vita-Lavoro\n"
            "Conciliazione di nuovo"
        )
        start = re.compile(r"Conciliazione\b", re.IGNORECASE)
        assert find_heading(text, start) == "Conciliazione Vita-Lavoro"

    def test_with_a_start_a_page_without_it_has_no_title(self) -> None:
        assert find_heading("INFO E CONTATTI\nAltro", re.compile("Conciliazione")) is None

    def test_the_longest_heading_can_be_changed(self) -> None:
        assert find_heading("Conciliazione vita-lavoro", max_length=10) is None

    def test_an_empty_page_has_no_title(self) -> None:
        assert find_heading("") is None


class TestFindUpdateDate:
    def test_reads_the_aggiornato_il_line_without_who_updated_it(self) -> None:
        date = find_update_date("Testo.\nAggiornato il 8 Luglio 2024 da ATS Montagna\nAltro")
        assert date == FuzzyDate.day(2024, 7, 8)

    def test_reads_the_ultimo_aggiornamento_line(self) -> None:
        assert find_update_date("Contatti\nUltimo aggiornamento: 09/07/2024") == FuzzyDate.day(
            2024, 7, 9
        )

    @pytest.mark.parametrize(
        "line",
        ["Ultimo aggiornamento 09/07/2024", "ultimo aggiornamento:09/07/2024"],
    )
    def test_the_colon_and_the_space_after_it_are_optional(self, line: str) -> None:
        assert find_update_date(line) == FuzzyDate.day(2024, 7, 9)

    def test_keeps_the_precision_the_line_gives(self) -> None:
        date = find_update_date("Aggiornato il luglio 2024")
        assert date is not None and date.precision is DatePrecision.MONTH

    def test_only_a_line_that_starts_with_it_counts(self) -> None:
        assert find_update_date("Il Piano è stato aggiornato il 8 Luglio 2024.") is None

    def test_the_first_update_line_counts(self) -> None:
        text = "Aggiornato il 30 Maggio 2018\nUltimo aggiornamento: 09/07/2024"
        assert find_update_date(text) == FuzzyDate.day(2018, 5, 30)

    def test_is_none_for_a_page_without_an_update_line(self) -> None:
        assert find_update_date("Conciliazione vita-lavoro.\nPagina in aggiornamento.") is None

    def test_an_impossible_date_raises_a_parse_error_quoting_it(self) -> None:
        with pytest.raises(ParseError, match="31/02/2024"):
            find_update_date("Ultimo aggiornamento: 31/02/2024")

    @given(st.text())
    def test_raises_nothing_but_parse_errors(self, text: str) -> None:
        with contextlib.suppress(ParseError):
            find_update_date(text)


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(sections_module).failed == 0


def test_lines_after_tries_no_line_longer_than_a_lead_in_so_reading_stays_linear() -> None:
    from conciliazione.parsing.sections import LEAD_IN_MAX

    tried: list[int] = []

    class Recording:
        """A pattern that records the length of every line it is tried on."""

        def search(self, line: str) -> bool:
            tried.append(len(line))
            return line == "Ente Capofila:"

    long_line = "Ente Capofila " * (LEAD_IN_MAX // 10)
    page = f"{long_line}\nEnte Capofila:\n- Comune di Rho"
    assert lines_after(page, Recording()) == ["- Comune di Rho"]  # type: ignore[arg-type]
    assert tried == [len("Ente Capofila:")]
