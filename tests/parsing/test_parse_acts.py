"""Citations of acts: what kind of act, which number, which date, and who issued it."""

from __future__ import annotations

import contextlib
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.acts as acts_module
from conciliazione.errors import ParseError
from conciliazione.model.act import ActKind, make_act_id
from conciliazione.parsing import ActReference, find_act_references, parse_act_reference
from conciliazione.vague import DatePrecision, FuzzyDate

SEED_003 = (
    "ai successivi provvedimenti attuativi (DGR 381/2010 e 1576/2011), ha reso disponibili le "
    "linee di indirizzo e le risorse per attuare un modello integrato di azione\n\n"
    "L’esperienza delle Reti è stata rilanciata a livello regionale con la DGR n. 1081 del "
    "12/12/2013, che ha consolidato le Reti territoriali esistenti\n\n"
    "Regione Lombardia, a seguito di conclusione delle azioni previste dai Piani territoriali "
    '2017-2019, con D.G.R. n. 2398 del 11/11/2019 "Politiche di conciliazione dei tempi di vita '
    "con i tempi lavorativi: approvazione linee guida per la definizione dei piani territoriali "
    '2020-2023" ha provveduto a:\n'
    "Con successivo decreto n. 486 del 17/01/2020 la Direzione Generale Politiche per la "
    "Famiglia, Genitorialità e Pari opportunità ha stabilito le indicazioni per il finanziamento "
    "e la gestione degli interventi (allegato A allo stesso provvedimento).\n\n"
    "L’ATS di Pavia, con Decreto n. 101/DGi del 27/02/2020, ha pertanto approvato:\n\n"
    "  1. Il “Documento territoriale di indirizzo della provincia di Pavia 2020-2023”, allegato A "
    "al decreto,\n"
    "  2. l’Avviso di manifestazione di interesse per la presentazione dei progetti di "
    "conciliazione dei tempi lavorativi (Decreto n. 101/DGi del 27/02/2020) rivolte alle "
    "Alleanze locali.\n\n"
    "Con Decreto ATS n. 247/DGi del 28/05/2020 è stato approvato il Piano di azione "
    "territoriale per la conciliazione famiglia-lavoro della provincia di Pavia 2020-2023, "
    "validato da Regione Lombardia con nota del 22/06/2020.\n\n"
    "Dr.ssa Ombretta Bonin – tel. 0382/432611 – e-mail: ombretta_bonin[@]ats-pavia.it\u00a0"
    "(togliere parentesi [ ] prima di inviare email)\n\n"
    "Ultimo aggiornamento: 09/07/2024"
)
SEED_004 = (
    'armonizzare la vita personale con gli impegni lavorativi"\n\n'
    "Decreto del Direttore Generale n. 495 del 26/08/2022 - Politiche di Conciliazione Welfare - "
    '"Iniziativa per favorire gli interventi di conciliazione vita-lavoro e di welfare aziendale '
    '(D.G.R. 5755/21 – D.d.u.o. n. 18414/21 e n.4683/22): esiti Commissione di valutazione"'
    "\n\n\u00a0\n\nPer informazioni generali: integrazionesociale@ats-brescia.it"
)


def summary(ref: ActReference) -> tuple[str, str | None, str | None]:
    return ref.kind.value, ref.number, None if ref.date is None else str(ref.date)


class TestParseActReference:
    @pytest.mark.parametrize(
        ("text", "kind", "number", "date"),
        [
            ("D.G.R. XI/2398 del 11/11/2019", ActKind.DGR, "XI/2398", FuzzyDate.day(2019, 11, 11)),
            ("DGR XI/2398 del 11.11.2019", ActKind.DGR, "XI/2398", FuzzyDate.day(2019, 11, 11)),
            ("D.G.R. n. 2398 del 11/11/2019", ActKind.DGR, "2398", FuzzyDate.day(2019, 11, 11)),
            ("DGR n. 1081 del 12/12/2013", ActKind.DGR, "1081", FuzzyDate.day(2013, 12, 12)),
            ("DGR 381/2010", ActKind.DGR, "381", FuzzyDate.year(2010)),
            ("DGR 2398/2019", ActKind.DGR, "2398", FuzzyDate.year(2019)),
            ("D.G.R. XI/2398/2019", ActKind.DGR, "XI/2398", FuzzyDate.year(2019)),
            ("D.G.R. 5755/21", ActKind.DGR, "5755", FuzzyDate.year(2021)),
            ("D.d.u.o. n. 18414/21", ActKind.REGIONAL_DECREE, "18414", FuzzyDate.year(2021)),
            (
                "Decreto attuativo n. 486 del 17/01/2020",
                ActKind.REGIONAL_DECREE,
                "486",
                FuzzyDate.day(2020, 1, 17),
            ),
            (
                "Decreto n. 101/DGi del 27/02/2020",
                ActKind.ATS_DECREE,
                "101/DGi",
                FuzzyDate.day(2020, 2, 27),
            ),
            (
                "Decreto ATS n. 247/DGi del 28/05/2020",
                ActKind.ATS_DECREE,
                "247/DGi",
                FuzzyDate.day(2020, 5, 28),
            ),
            (
                "deliberazione del Direttore Generale n. 390 del 29/05/2020",
                ActKind.DG_RESOLUTION,
                "390",
                FuzzyDate.day(2020, 5, 29),
            ),
            (
                "Decreto del Direttore Generale n. 495 del 26/08/2022",
                ActKind.DG_RESOLUTION,
                "495",
                FuzzyDate.day(2022, 8, 26),
            ),
            ("nota del 22/06/2020", ActKind.REGIONAL_NOTE, None, FuzzyDate.day(2020, 6, 22)),
            ("legge regionale 28/2004", ActKind.REGIONAL_LAW, "28", FuzzyDate.year(2004)),
            ("L.R. n. 28 del 2004", ActKind.REGIONAL_LAW, "28", FuzzyDate.year(2004)),
        ],
    )
    def test_reads_the_citations_the_pages_use(
        self, text: str, kind: ActKind, number: str | None, date: FuzzyDate
    ) -> None:
        ref = parse_act_reference(text)
        assert (ref.kind, ref.number, ref.date) == (kind, number, date)
        assert ref.date is not None
        assert ref.date.precision is date.precision
        assert ref.text == text

    def test_reads_a_two_digit_year_after_the_slash_as_this_century(self) -> None:
        ref = parse_act_reference("D.G.R. 5755/21")
        assert ref.year == 2021
        assert ref.date is not None
        assert ref.date.precision is DatePrecision.YEAR

    def test_a_decree_of_the_regional_directorate_is_regional(self) -> None:
        ref = parse_act_reference(
            "decreto n. 486 del 17/01/2020 la Direzione Generale Politiche per la Famiglia"
        )
        assert ref.kind is ActKind.REGIONAL_DECREE
        assert ref.issuer_hint == "Direzione Generale"

    def test_a_plain_decree_belongs_to_the_citing_ats_unless_told_otherwise(self) -> None:
        text = "decreto n. 486 del 17/01/2020"
        assert parse_act_reference(text).kind is ActKind.ATS_DECREE
        regional = parse_act_reference(text, default_issuer_is_ats=False)
        assert regional.kind is ActKind.REGIONAL_DECREE

    def test_names_the_issuer_when_the_citation_does(self) -> None:
        assert parse_act_reference("Decreto ATS n. 247/DGi del 28/05/2020").issuer_hint == "ATS"
        resolution = parse_act_reference("Decreto del Direttore Generale n. 495 del 26/08/2022")
        assert resolution.issuer_hint == "Direttore Generale"
        assert parse_act_reference("DGR 381/2010").issuer_hint is None

    def test_reads_a_bare_number_with_the_kind_of_the_item_before_it(self) -> None:
        ref = parse_act_reference("n.4683/22", default_kind=ActKind.REGIONAL_DECREE)
        assert summary(ref) == ("regional_decree", "4683", "2022")

    def test_refuses_a_bare_number_without_a_kind(self) -> None:
        with pytest.raises(ParseError):
            parse_act_reference("n.4683/22")

    def test_tolerates_non_breaking_spaces_and_trailing_punctuation(self) -> None:
        ref = parse_act_reference("D.G.R.\u00a0n.\u00a02398 del\u00a011/11/2019,")
        assert summary(ref) == ("dgr", "2398", "2019-11-11")

    def test_gives_what_make_act_id_needs(self) -> None:
        ref = parse_act_reference("Decreto ATS n. 101/DGi del 27/02/2020")
        assert make_act_id(ref.kind, ref.number, ref.year, "pavia") == (
            "pavia:ats_decree:101-dgi:2020"
        )

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("", "not a citation"),
            ("decreto", "needs a number or a date"),
            ("Decreto n. 101/DGi del 31/02/2020", "bad date"),
            ("DGR 1/2019 del 01/01/2020", "not the date's year"),
            ("DGR 5/1234", "plausible year"),
            ("D.d.u.o. n. 18414/21 e n.4683/22", "more than one citation"),
            ("D.G.R. XI/2398 del 11/11/2019 “Politiche di conciliazione”", "words after it"),
        ],
    )
    def test_refuses_what_is_not_exactly_one_readable_citation(
        self, text: str, reason: str
    ) -> None:
        with pytest.raises(ParseError, match=reason) as excinfo:
            parse_act_reference(text)
        assert excinfo.value.text == text


class TestFindActReferences:
    def test_finds_every_act_cited_in_seed_003(self) -> None:
        found = [summary(ref) for _, ref in find_act_references(SEED_003)]
        assert found == [
            ("dgr", "381", "2010"),
            ("dgr", "1576", "2011"),
            ("dgr", "1081", "2013-12-12"),
            ("dgr", "2398", "2019-11-11"),
            ("regional_decree", "486", "2020-01-17"),
            ("ats_decree", "101/DGi", "2020-02-27"),
            ("ats_decree", "101/DGi", "2020-02-27"),
            ("ats_decree", "247/DGi", "2020-05-28"),
            ("regional_note", None, "2020-06-22"),
        ]

    def test_finds_every_act_cited_in_seed_004(self) -> None:
        found = [summary(ref) for _, ref in find_act_references(SEED_004)]
        assert found == [
            ("dg_resolution", "495", "2022-08-26"),
            ("dgr", "5755", "2021"),
            ("regional_decree", "18414", "2021"),
            ("regional_decree", "4683", "2022"),
        ]

    def test_later_numbers_of_a_list_inherit_the_kind_of_the_first(self) -> None:
        refs = [ref for _, ref in find_act_references("(DGR 381/2010 e 1576/2011)")]
        assert [(r.kind, r.text) for r in refs] == [
            (ActKind.DGR, "DGR 381/2010"),
            (ActKind.DGR, "1576/2011"),
        ]

    @pytest.mark.parametrize("text", [SEED_003, SEED_004])
    def test_offsets_point_at_the_citation_as_written(self, text: str) -> None:
        for offset, ref in find_act_references(text):
            assert text[offset : offset + len(ref.text)] == ref.text

    def test_ignores_words_that_cite_no_number_or_date(self) -> None:
        text = "allegato A al decreto, e 5 progetti; Centralino 0382/4311; la nota seguente"
        assert find_act_references(text) == []

    def test_skips_an_unreadable_citation_unless_strict(self) -> None:
        text = "con DGR n. 12 del 31/02/2020 e DGR 381/2010"
        assert [summary(r) for _, r in find_act_references(text)] == [("dgr", "381", "2010")]
        with pytest.raises(ParseError, match="bad date"):
            find_act_references(text, strict=True)

    @given(st.text())
    def test_every_found_reference_is_a_slice_of_the_text(self, text: str) -> None:
        for offset, ref in find_act_references(text):
            assert text[offset : offset + len(ref.text)] == ref.text


@given(st.text())
def test_parse_acts_never_raise_anything_but_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_act_reference(text)
    find_act_references(text)


def test_parse_acts_docstring_examples_hold() -> None:
    assert doctest.testmod(acts_module).failed == 0
