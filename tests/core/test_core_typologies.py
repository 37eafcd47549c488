"""A page's typology label matched to the guideline's code (:mod:`conciliazione.typologies`)."""

from __future__ import annotations

import doctest

import pytest

import conciliazione.typologies as typologies_module
from conciliazione.regional import get_guideline
from conciliazione.typologies import match_service_type


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("servizi di assistenza e supporto al caregiver familiare", "A"),
        ("servizi salva tempo (a titolo esemplificativo: piccole commissioni)", "C"),
        ("SERVIZI SALVATEMPO;", "C"),
        (
            "servizi di consulenza – azione rivolta ad enti pubblici e a micro, piccole e "
            "medie imprese",
            "D",
        ),
    ],
)
def test_a_label_worded_otherwise_finds_its_typology(label: str, code: str) -> None:
    assert match_service_type(label, get_guideline()) == code


def test_a_label_of_no_typology_finds_none() -> None:
    assert match_service_type("corsi di cucina per adulti", get_guideline()) is None


def test_a_guideline_without_typologies_matches_nothing() -> None:
    empty = get_guideline().model_copy(update={"service_types": ()})
    assert match_service_type("servizi salvatempo", empty) is None


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(typologies_module).failed == 0
