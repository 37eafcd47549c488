"""List items on the page as they are written: bulleted, wrapped over lines, matched from
where they start (:mod:`conciliazione.primitives`)."""

from __future__ import annotations

import doctest

import conciliazione.primitives as primitives_module
from conciliazione.primitives import PageText, split_lead_title

TABLE = (
    "Nella tabella seguente i capofila:\n"
    "- Associazione IRENE\n"
    "- Nome alleanza : Associazione IRENE – Iniziative, Ricerche,\n"
    "Esperienze per una Nuova Europa\n"
    "- Pagina web : Associazione Irene;\n"
    "Per ulteriori approfondimenti.\n"
)


class TestWrappedItems:
    def test_a_wrapped_item_is_one_item_with_its_lines_joined(self) -> None:
        page = PageText(TABLE)
        items = page.wrapped_items(page.text.index("- Associazione"))
        assert [i.value for i in items] == [
            "Associazione IRENE",
            "Nome alleanza : Associazione IRENE – Iniziative, Ricerche, Esperienze per una "
            "Nuova Europa",
            "Pagina web : Associazione Irene",
        ]

    def test_the_quote_keeps_the_line_break_and_indexes_the_page(self) -> None:
        page = PageText(TABLE)
        wrapped = page.wrapped_items(page.text.index("- Associazione"))[1]
        assert "Ricerche,\nEsperienze" in wrapped.quote
        assert page.text[wrapped.start : wrapped.end] == wrapped.quote

    def test_a_line_in_lower_case_continues_the_item(self) -> None:
        page = PageText("- servizi per la gestione del pre e post\nscuola;\nFine")
        assert [i.value for i in page.wrapped_items(0)] == [
            "servizi per la gestione del pre e post scuola"
        ]

    def test_a_sentence_after_a_complete_item_ends_the_list(self) -> None:
        page = PageText("- Lodigiano Welfare\nPer ulteriori approfondimenti, i siti\n- dopo")
        assert [i.value for i in page.wrapped_items(0)] == ["Lodigiano Welfare"]

    def test_items_after_a_head_may_be_wrapped(self) -> None:
        page = PageText(TABLE)
        assert page.items_after(r"capofila:$", wrapped=True) == page.wrapped_items(
            page.text.index("- Associazione")
        )
        assert page.items_after(r"capofila:$") == page.items(page.text.index("- Associazione"))

    def test_unwrapped_items_are_those_of_items(self) -> None:
        page = PageText("- uno;\n- due.\n3) tre\nFine")
        assert page.wrapped_items(0) == page.items(0)


class TestMatch:
    def test_matches_from_the_start_of_an_item_after_its_bullet(self) -> None:
        page = PageText("- Titolo Progetto : Lodigiano Welfare")
        (item,) = page.items(0)
        hit = page.match(item, r"Titolo\s+Progetto\s*:\s*(?P<value>.*)")
        assert hit is not None
        assert hit["value"].value == "Lodigiano Welfare"

    def test_does_not_match_further_into_the_item(self) -> None:
        page = PageText("- Comune di Rho, Titolo Progetto : Tempi")
        (item,) = page.items(0)
        assert page.match(item, r"Titolo\s+Progetto") is None

    def test_stays_inside_the_item(self) -> None:
        page = PageText("- Comune di Rho\n- (Ambito del Rhodense)")
        first = page.items(0)[0]
        assert page.match(first, r"[^()]+\(") is None


def test_a_bulleted_lead_title_item_is_split() -> None:
    page = PageText('1. Comune di Rho: "Tempi per la famiglia"\n- IC Darfo – Scuola aperta')
    first, second = page.items(0)
    assert split_lead_title(page, first) is not None
    lead, title = split_lead_title(page, first) or (None, None)
    assert (lead.value if lead else None, title.value if title else None) == (
        "Comune di Rho",
        "Tempi per la famiglia",
    )
    split = split_lead_title(page, second)
    assert split is not None
    assert [q.value for q in split] == ["IC Darfo", "Scuola aperta"]


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(primitives_module).failed == 0


ALLIANCES = (
    "- Associazione IRENE\n"
    "- Nome alleanza : Associazione IRENE – Iniziative, Ricerche,\n"
    "Esperienze per una Nuova Europa\n"
    "- Titolo Progetto : AGRIWEL\n"
    "- Comune di Rho\n"
    "- Comune di Pero\n"
    "- nome ALLEANZA: Rhodense\n"
    "- Titolo Progetto :\n"
    "- Titolo Progetto : Tempi\n"
    "- Titolo Progetto : Altro\n"
)
LABELS = ("Nome alleanza", "Titolo Progetto")


class TestBlocks:
    def _blocks(self) -> list[tuple[list[str], dict[str, str]]]:
        page = PageText(ALLIANCES)
        return [
            ([h.value for h in b.heads], {k: v.value for k, v in b.fields.items()})
            for b in page.blocks(page.wrapped_items(0), LABELS)
        ]

    def test_each_head_item_opens_a_block_of_its_labelled_values(self) -> None:
        first, _ = self._blocks()
        assert first == (
            ["Associazione IRENE"],
            {
                "Nome alleanza": "Associazione IRENE – Iniziative, Ricerche, Esperienze per "
                "una Nuova Europa",
                "Titolo Progetto": "AGRIWEL",
            },
        )

    def test_two_heads_in_a_row_open_one_block(self) -> None:
        _, second = self._blocks()
        assert second[0] == ["Comune di Rho", "Comune di Pero"]

    def test_labels_ignore_case_an_empty_value_is_left_out_the_first_value_kept(self) -> None:
        _, second = self._blocks()
        assert second[1] == {"Nome alleanza": "Rhodense", "Titolo Progetto": "Tempi"}

    def test_values_are_quoted_where_the_page_has_them(self) -> None:
        page = PageText(ALLIANCES)
        (first, _) = page.blocks(page.wrapped_items(0), LABELS)
        name = first.fields["Nome alleanza"]
        assert page.text[name.start : name.end] == name.quote
        assert "Ricerche,\nEsperienze" in name.quote

    def test_labelled_items_before_any_head_belong_to_no_block(self) -> None:
        page = PageText("- Titolo Progetto : Orfano\n- Comune di Rho\n")
        (block,) = page.blocks(page.items(0), LABELS)
        assert ([h.value for h in block.heads], block.fields) == (["Comune di Rho"], {})


def test_a_count_phrase_is_found_only_where_its_count_reads() -> None:
    from conciliazione.primitives import PageText

    page = PageText("Tanti progetti sono nati; il Piano ne comprende sei progetti.")
    phrase = page.count_phrase("progetti")
    assert phrase is not None
    assert (phrase.value, page.text[phrase.start : phrase.end]) == ("sei progetti",) * 2
    assert page.count_phrase("alleanze") is None
