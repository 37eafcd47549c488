"""The kind of body a network's member category stands for, from its label as published.

The labels below are the categories the ATS pages list (Montagna's 2018 news item, Milano's
"Tipologia soggetti", Pavia's parenthesized list), then plural and collective forms the name
heuristic alone misreads or does not know.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliazione.model.organization import OrganizationKind
from conciliazione.parsing import guess_category_kind, guess_organization_kind

K = OrganizationKind

PUBLISHED = [
    # ATS della Montagna, 2018
    ("Regione", K.PUBLIC_BODY),
    ("ATS", K.PUBLIC_BODY),
    ("Province", K.PUBLIC_BODY),
    ("Comuni e Comunità Montane", K.PUBLIC_BODY),
    ("Camere di Commercio", K.PUBLIC_BODY),
    ("Associazioni di industriali, artigiani e commercianti", K.EMPLOYER_ASSOCIATION),
    ("Sindacati", K.UNION),
    ("Cooperazione sociale", K.NON_PROFIT),
    ("Associazionismo e Volontariato", K.NON_PROFIT),
    # ATS Milano, 2021
    (
        "Soggetti pubblici (Enti Locali, Aziende speciali, Aler, CCIAA, Consigliera Parità)",
        K.PUBLIC_BODY,
    ),
    ("Soggetti pubblici (Ambiti territoriali)", K.TERRITORIAL_DISTRICT),
    ("Associazioni datoriali di categoria", K.EMPLOYER_ASSOCIATION),
    ("Associazioni sindacali", K.UNION),
    ("Istruzione, Formazione, Afol, Università", K.EDUCATION),
    ("Soggetti privati (Aziende)", K.COMPANY),
    ("Soggetti privati (Organizzazioni No Profit)", K.NON_PROFIT),
    # ATS di Pavia
    ("P.A.", K.PUBLIC_BODY),
    ("Terzo settore", K.NON_PROFIT),
    ("associazioni di categoria", K.EMPLOYER_ASSOCIATION),
    ("organizzazioni sindacali", K.UNION),
    ("MPMI profit", K.COMPANY),
]


@pytest.mark.parametrize(("label", "kind"), PUBLISHED)
def test_the_published_categories_map_to_their_kinds(label: str, kind: OrganizationKind) -> None:
    assert guess_category_kind(label) is kind


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("enti pubblici", K.PUBLIC_BODY),
        ("Pubblica Amministrazione", K.PUBLIC_BODY),
        ("Comuni", K.PUBLIC_BODY),
        ("Enti locali", K.PUBLIC_BODY),
        ("Aziende sanitarie", K.PUBLIC_BODY),
        ("Aziende speciali", K.PUBLIC_BODY),
        ("Ambiti", K.TERRITORIAL_DISTRICT),
        ("Piani di Zona", K.TERRITORIAL_DISTRICT),
        ("enti no profit", K.NON_PROFIT),
        ("Organizzazioni non-profit", K.NON_PROFIT),
        ("Imprese sociali", K.NON_PROFIT),
        ("imprese", K.COMPANY),
        ("PMI", K.COMPANY),
        ("Aziende S.p.A.", K.COMPANY),
    ],
)
def test_plural_and_collective_forms(label: str, kind: OrganizationKind) -> None:
    assert guess_category_kind(label) is kind


@pytest.mark.parametrize(
    ("label", "kind"),
    [("scuole", K.EDUCATION), ("Fondazioni", K.NON_PROFIT), ("Camere di Commercio", K.PUBLIC_BODY)],
)
def test_otherwise_the_name_heuristic_decides(label: str, kind: OrganizationKind) -> None:
    assert guess_category_kind(label) is kind is guess_organization_kind(label)


def test_where_a_category_means_something_else_than_a_name_the_category_wins() -> None:
    assert guess_organization_kind("associazioni di categoria") is K.NON_PROFIT
    assert guess_category_kind("associazioni di categoria") is K.EMPLOYER_ASSOCIATION


@pytest.mark.parametrize("label", ["cittadini", "Famiglie", "Altri soggetti"])
def test_is_none_when_the_label_does_not_tell(label: str) -> None:
    assert guess_category_kind(label) is None


def test_reads_labels_as_copied_from_a_page() -> None:
    assert guess_category_kind("Soggetti\u00a0privati (Organizzazioni\u00a0No\u00a0Profit)") is (
        K.NON_PROFIT
    )


@given(st.text())
def test_is_a_kind_or_none_for_any_text(label: str) -> None:
    assert guess_category_kind(label) in (*OrganizationKind, None)
