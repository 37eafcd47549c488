"""Text normalization, slugs for ids, and the heuristic guess at an organization's kind."""

from __future__ import annotations

import contextlib
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.text as text_module
from conciliazione.errors import ParseError
from conciliazione.model.organization import OrganizationKind
from conciliazione.parsing import guess_organization_kind, normalize_text, slugify

PUBLIC, DISTRICT, EMPLOYERS, UNION, EDUCATION, COMPANY, NON_PROFIT = (
    OrganizationKind.PUBLIC_BODY,
    OrganizationKind.TERRITORIAL_DISTRICT,
    OrganizationKind.EMPLOYER_ASSOCIATION,
    OrganizationKind.UNION,
    OrganizationKind.EDUCATION,
    OrganizationKind.COMPANY,
    OrganizationKind.NON_PROFIT,
)


class TestNormalizeText:
    def test_turns_non_breaking_spaces_into_spaces_and_collapses_runs(self) -> None:
        assert normalize_text("ufficiotempi@comune.brescia.it;\u00a0 piano") == (
            "ufficiotempi@comune.brescia.it; piano"
        )

    def test_straightens_curly_quotes(self) -> None:
        assert normalize_text("l’ATS, il “Comitato”") == 'l\'ATS, il "Comitato"'

    def test_composes_accents(self) -> None:
        assert normalize_text("Citta\u0300") == "Città"

    def test_keeps_newlines_but_not_the_spaces_around_them(self) -> None:
        assert normalize_text("\u00a0Obiettivi \n\n  • Adottare ") == "Obiettivi\n\n• Adottare"

    def test_drops_invisible_characters(self) -> None:
        assert normalize_text("Con\u00adcilia\u200bzione") == "Conciliazione"

    @given(st.text())
    def test_is_idempotent(self, text: str) -> None:
        once = normalize_text(text)
        assert normalize_text(once) == once


class TestSlugify:
    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            ("Città", "citta"),
            ("ATS della Città Metropolitana di Milano", "ats-della-citta-metropolitana-di-milano"),
            ("Palazzolo sull’Oglio", "palazzolo-sull-oglio"),
            ("  Comune di Niardo  ", "comune-di-niardo"),
            ("Fondazione Archè-APS", "fondazione-arche-aps"),
        ],
    )
    def test_gives_ascii_lower_case_hyphenated_ids(self, text: str, slug: str) -> None:
        assert slugify(text) == slug

    @pytest.mark.parametrize("text", ["", "  ", "–", "日本"])
    def test_refuses_text_with_nothing_to_build_an_id_from(self, text: str) -> None:
        with pytest.raises(ParseError):
            slugify(text)

    @given(st.text())
    def test_a_slug_is_always_url_safe(self, text: str) -> None:
        try:
            slug = slugify(text)
        except ParseError:
            return
        assert slug
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
        assert not slug.startswith("-")
        assert not slug.endswith("-")


class TestGuessOrganizationKind:
    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            # the lead bodies and members named in the seed pages
            ("CM Valtellina di Tirano", PUBLIC),
            ("Comune di Niardo", PUBLIC),
            ("Comune di Tirano", PUBLIC),
            ("Coop. Forme", NON_PROFIT),
            ("IC Darfo", EDUCATION),
            ("Studio COME s.r.l.", COMPANY),
            ("Sol.Co. Sondrio", NON_PROFIT),
            ("Consorzio Sol.co. Sondrio", NON_PROFIT),
            ("Camera di Commercio di Sondrio", PUBLIC),
            ("Associazione IRENE", NON_PROFIT),
            ("Comune di Magnago (Ambito territoriale Alto Milanese)", PUBLIC),
            ("Fondazione Archè", NON_PROFIT),
            ("Spazio Aperto Servizi Soc. Coop. Soc. Onlus", NON_PROFIT),
            (
                "Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona "
                "(Ambito territoriale di Lodi)",
                PUBLIC,
            ),
            ("ASST Fatebenefratelli Sacco", PUBLIC),
            ("ATS della Montagna", PUBLIC),
            ("Regione Lombardia", PUBLIC),
            ("Provincia di Sondrio", PUBLIC),
            ("Comunità Montana di Valle Camonica", PUBLIC),
            # the categories of ATS Milano's network
            ("Ambito territoriale di Lodi", DISTRICT),
            ("Piano di Zona di Tirano", DISTRICT),
            ("Ufficio di Piano", DISTRICT),
            ("Istituto Comprensivo di Darfo", EDUCATION),
            ("Università degli Studi di Pavia", EDUCATION),
            ("Scuola dell'infanzia Rodari", EDUCATION),
            ("Afol Metropolitana", EDUCATION),
            ("Confcommercio Milano", EMPLOYERS),
            ("Confartigianato Imprese Sondrio", EMPLOYERS),
            ("Confindustria Lombardia", EMPLOYERS),
            ("Associazione Industriali di Cremona", EMPLOYERS),
            ("Associazione datoriale del commercio", EMPLOYERS),
            ("CGIL Lombardia", UNION),
            ("CISL dei Laghi", UNION),
            ("UIL Milano", UNION),
            ("Sindacato Pensionati Italiani", UNION),
            ("Acme S.p.A.", COMPANY),
            ("Rossi S.r.l.", COMPANY),
            ("Cooperativa sociale Il Sentiero", NON_PROFIT),
            ("Il giardino dei bambini APS", NON_PROFIT),
        ],
    )
    def test_guesses_from_words_of_the_italian_name(
        self, name: str, kind: OrganizationKind
    ) -> None:
        assert guess_organization_kind(name) is kind

    @pytest.mark.parametrize("name", ["Mario Rossi", "Baby Hub", "", "Spazio Aperto"])
    def test_says_none_when_the_name_does_not_tell(self, name: str) -> None:
        assert guess_organization_kind(name) is None

    def test_employer_associations_win_over_generic_associations(self) -> None:
        assert guess_organization_kind("Associazione Industriali Bresciani") is EMPLOYERS
        assert guess_organization_kind("Associazione Il Mosaico") is NON_PROFIT

    def test_admits_it_is_a_heuristic_that_plugins_may_override(self) -> None:
        doc = guess_organization_kind.__doc__ or ""
        assert "heuristic" in doc
        assert "override" in doc


@given(st.text())
def test_parse_text_helpers_never_raise_anything_but_parse_error(text: str) -> None:
    normalize_text(text)
    guess_organization_kind(text)
    with contextlib.suppress(ParseError):
        slugify(text)


def test_parse_text_docstring_examples_hold() -> None:
    assert doctest.testmod(text_module).failed == 0
