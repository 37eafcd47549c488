"""Column rules: what each accepts and rejects, and proof that its two forms agree.

Every rule is written once and run two ways: over a whole column with ``pyarrow.compute`` (what
the ingest runs) and over one value in plain Python. The Hypothesis properties at the end check,
for every column of the core layouts and of a layout using every kind of rule, that both forms
give each value the same verdict, the same finding code and the same checked value.
"""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.it import codicefiscale, iva

from conciliazione.registers import findings as codes
from conciliazione.registers.checks import (
    CF_EVEN,
    CF_ODD,
    CellResult,
    ColumnRule,
    check_batch,
    compile_layout,
    fiscal_check_ok,
    luhn_ok,
)
from conciliazione.registers.layout import (
    ColumnSpec,
    RegisterLayout,
    organizations_layout,
    service_records_layout,
)

LETTERS = string.ascii_uppercase

EVERY_KIND = RegisterLayout(
    name="every_kind",
    entity="thing",
    columns=[
        ColumnSpec("Testo", "text"),
        ColumnSpec("Obbligatorio", "required_text", required=True),
        ColumnSpec("Intero", "whole", type="int", minimum=-5, maximum=1_000_000),
        ColumnSpec("Importo", "amount", type="decimal", minimum=Decimal("-1"), scale=2),
        ColumnSpec("Euro interi", "euros", type="decimal", scale=0),
        ColumnSpec("Tre decimali", "rate", type="decimal", scale=3, maximum=Decimal("9.999")),
        ColumnSpec("Data", "day", type="date", minimum=date(2000, 1, 1)),
        ColumnSpec("Flag", "flag", type="bool"),
        ColumnSpec("ISTAT", "istat", pattern="istat_municipality"),
        ColumnSpec("CF", "cf", pattern="codice_fiscale"),
        ColumnSpec("P.IVA", "piva", pattern="partita_iva"),
        ColumnSpec("ATS", "ats", codelist="ats"),
        ColumnSpec("Tipologia", "typology", codelist="service_type"),
        ColumnSpec(
            "Categoria", "category", values={"Ente pubblico": "public", "Azienda": "company"}
        ),
    ],
)

RULES = {
    f"{layout.name}.{rule.spec.field}": rule
    for layout in (EVERY_KIND, organizations_layout(), service_records_layout())
    for rule in compile_layout(layout)
}


def rule(field: str) -> ColumnRule:
    return RULES[f"every_kind.{field}"]


def column_verdicts(
    rule: ColumnRule, values: list[str | None], how: str = "cells"
) -> list[tuple[str | None, Any]]:
    """The column form, cell by cell: (code or None, checked value or None).

    ``how``: ``cells``, the column form over every cell; ``distinct``, the column form over
    the distinct values, mapped back; ``distinct-rows``, the row form over the distinct
    values, mapped back; ``auto``, what :meth:`ColumnRule.check_column` chooses."""
    column = pa.array(values, pa.string())
    if how == "cells":
        result = rule.check_cells(column)
    elif how == "auto":
        result = rule.check_column(column)
    else:
        limit = 0 if how == "distinct" else len(values)
        result = rule.check_distinct(pc.dictionary_encode(column), row_form_max=limit)
    verdicts: list[tuple[str | None, Any]] = []
    for i in range(len(values)):
        failing = [code for code, mask in result.failures if mask[i].as_py()]
        assert len(failing) <= 1, f"cell {values[i]!r} fails {failing}"
        code = failing[0] if failing else None
        verdicts.append((code, None if code else result.column()[i].as_py()))
    return verdicts


def row_verdicts(rule: ColumnRule, values: list[str | None]) -> list[tuple[str | None, Any]]:
    out = []
    for value in values:
        result = rule.check_value(value)
        out.append((result.code, result.value))
    return out


def check_digit(body: str) -> str:
    total = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(body))
    return LETTERS[total % 26]


# -- each rule, with examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code", "checked"),
    [
        ("required_text", None, codes.REQUIRED_MISSING, None),
        ("required_text", "  \xa0 ", codes.REQUIRED_MISSING, None),
        ("required_text", " x ", None, "x"),
        ("text", None, None, None),
        ("text", "   ", None, None),
        ("whole", "1.234", None, 1234),
        ("whole", "+12", None, 12),
        ("whole", "12,5", codes.BAD_NUMBER, None),
        ("whole", "1234567", codes.OUT_OF_RANGE, None),
        ("whole", "-6", codes.OUT_OF_RANGE, None),
        ("amount", "1.234,56", None, Decimal("1234.56")),
        ("amount", "1234,5", None, Decimal("1234.50")),
        ("amount", "-1", None, Decimal("-1.00")),
        ("amount", "12.5", codes.BAD_NUMBER, None),
        ("amount", "1,234", codes.BAD_NUMBER, None),
        ("amount", "1.23,4", codes.BAD_NUMBER, None),
        ("amount", "-1,01", codes.OUT_OF_RANGE, None),
        ("euros", "1.000", None, Decimal("1000")),
        ("euros", "10,5", codes.BAD_NUMBER, None),
        ("rate", "9,999", None, Decimal("9.999")),
        ("rate", "10", codes.OUT_OF_RANGE, None),
        ("day", "29/02/2024", None, date(2024, 2, 29)),
        ("day", "29/02/2023", codes.BAD_DATE, None),
        ("day", "31/04/2024", codes.BAD_DATE, None),
        ("day", "1/2/2024", codes.BAD_DATE, None),
        ("day", "2024-02-01", codes.BAD_DATE, None),
        ("day", "00/01/2024", codes.BAD_DATE, None),
        ("day", "1/12/02024", codes.BAD_DATE, None),
        ("day", "01/2/20245", codes.BAD_DATE, None),
        ("day", "+1/02/2024", codes.BAD_DATE, None),
        ("day", "01/02/0999", codes.BAD_DATE, None),
        ("day", "01/02/٢٠٢٤", codes.BAD_DATE, None),
        # ten characters that strptime may accept, skipping a space or a sign before a number
        ("day", "01/ 2/2024", codes.BAD_DATE, None),
        ("day", "1/ 02/2024", codes.BAD_DATE, None),
        ("day", "1/02/+2024", codes.BAD_DATE, None),
        ("day", "01-02-2024", codes.BAD_DATE, None),
        ("day", "01/02/2024", None, date(2024, 2, 1)),
        ("day", "01/0é/2024", codes.BAD_DATE, None),
        ("day", "31/12/1999", codes.OUT_OF_RANGE, None),
        ("flag", "Sì", None, True),
        ("flag", "NO", None, False),
        ("flag", "x", None, True),
        ("flag", "forse", codes.BAD_BOOLEAN, None),
        ("istat", "015146", None, "015146"),
        ("istat", "15146", codes.BAD_ISTAT_CODE, None),
        ("istat", "01514A", codes.BAD_ISTAT_CODE, None),
        ("cf", "rccmnl83s18d969h", None, "RCCMNL83S18D969H"),
        ("cf", "RCC MNL 83S18 D969H", None, "RCCMNL83S18D969H"),
        ("cf", "RCCMNL83S18D969A", codes.BAD_CODICE_FISCALE, None),
        ("cf", "RCCMNL83Z18D969H", codes.BAD_CODICE_FISCALE, None),
        ("cf", "00743110157", None, "00743110157"),
        ("cf", "00743110158", codes.BAD_CODICE_FISCALE, None),
        ("piva", "IT00743110157", None, "00743110157"),
        ("piva", "00743110158", codes.BAD_PARTITA_IVA, None),
        ("piva", "00000000000", codes.BAD_PARTITA_IVA, None),
        ("piva", "RCCMNL83S18D969H", codes.BAD_PARTITA_IVA, None),
        ("ats", "Pavia", None, "pavia"),
        ("ats", "ATS di Pavia", None, "pavia"),
        ("ats", "lecco", codes.NOT_IN_CODELIST, None),
        ("typology", "c", None, "C"),
        ("typology", "G", codes.NOT_IN_CODELIST, None),
        ("category", " azienda ", None, "company"),
        ("category", "Ente privato", codes.NOT_IN_CODELIST, None),
    ],
)
def test_each_rule_accepts_and_rejects_in_both_forms(
    field: str, value: str | None, code: str | None, checked: Any
) -> None:
    expected = [(code, checked)]
    assert row_verdicts(rule(field), [value]) == expected
    assert column_verdicts(rule(field), [value]) == expected


@pytest.mark.parametrize(
    "written",
    [
        "ATS DELLA CITTÀ METROPOLITANA DI MILANO",
        "ats della città metropolitana di milano",
        "ATS DELLA CITTA\u0300 METROPOLITANA DI MILANO",  # À as A + combining grave accent
        " Ats Della Città Metropolitana Di Milano\xa0",
    ],
)
def test_labels_match_whatever_their_case_and_unicode_form(written: str) -> None:
    """Case does not matter beyond ASCII: the upper-case À folds to à, and a decomposed
    accent to the composed one, in both forms."""
    ats = RULES["service_records.ats_id"]
    assert ats.check_value(written) == CellResult("milano")
    assert column_verdicts(ats, [written, written]) == [(None, "milano")] * 2
    assert column_verdicts(ats, [written], "auto") == [(None, "milano")]


def test_a_cell_fails_on_its_first_broken_rule_only() -> None:
    # 1.234.567 is a number (type ok) out of range: one finding, not two.
    assert column_verdicts(rule("whole"), ["1.234.567", "abc"]) == [
        (codes.OUT_OF_RANGE, None),
        (codes.BAD_NUMBER, None),
    ]


def test_check_batch_rejects_a_row_when_any_cell_fails() -> None:
    rules = compile_layout(EVERY_KIND)
    n = 3
    columns = {r.spec.field: pa.array(["x"] * n if r.spec.required else [None] * n) for r in rules}
    columns["whole"] = pa.array(["1", "x", "-100"])
    columns["day"] = pa.array([None, "31/02/2024", None])
    result = check_batch(rules, columns)
    assert result.row_ok.to_pylist() == [True, False, False]
    found = {(r.spec.field, code): mask.to_pylist() for r, code, mask in result.failures}
    assert found == {
        ("whole", codes.BAD_NUMBER): [False, True, False],
        ("whole", codes.OUT_OF_RANGE): [False, False, True],
        ("day", codes.BAD_DATE): [False, True, False],
    }


def test_the_vectorised_check_digits_agree_with_python_stdnum() -> None:
    people = ["RCCMNL83S18D969H", "CNTCHR83T41D969D", "RCCMNL83S18D969A", "MRTMTT91D08F205J"]
    bodies = ["00743110157", "00743110158", "01234567890", "12345678903", "80012345678"]
    values = people + bodies
    ours = [code is None for code, _ in column_verdicts(rule("cf"), list[str | None](values))]
    assert ours == [codicefiscale.is_valid(v) for v in values]
    ours_vat = [code is None for code, _ in column_verdicts(rule("piva"), list[str | None](bodies))]
    assert ours_vat == [iva.is_valid(v) for v in bodies]


def test_a_personal_fiscal_code_is_checked_place_by_place() -> None:
    # Every place of a valid code given characters in and out of its class, with the check
    # letter recomputed so that only the shape decides: the column form (a table of byte
    # pairs by place) must judge as the row form (the regular expression) and as stdnum.
    valid = "RCCMNL83S18D969H"
    values = []
    for place in range(15):
        for ch in "0AELMVZ#*":
            body = valid[:place] + ch + valid[place + 1 : 15]
            tail = check_digit(body) if all(c in CF_ODD for c in body) else "A"
            values.append(body + tail)
    values += [valid[:15] + ch for ch in "0H#"]
    expected = [
        (None, v) if codicefiscale.is_valid(v) else (codes.BAD_CODICE_FISCALE, None) for v in values
    ]
    assert column_verdicts(rule("cf"), list[str | None](values)) == expected
    assert row_verdicts(rule("cf"), list[str | None](values)) == expected
    assert sum(code is None for code, _ in expected) > 40  # both verdicts are exercised


@given(st.text(alphabet=string.digits, min_size=11, max_size=11))
def test_partita_iva_rule_is_stdnum_rule(number: str) -> None:
    assert rule("piva").check_value(number).ok == iva.is_valid(number)


# -- both forms agree ----------------------------------------------------------------------------

SEPARATORS = st.sampled_from(["", " ", "-", ".", ",", "/", "\xa0", "\t"])


@st.composite
def fiscal_codes(draw: st.DrawFn) -> str:
    """Personal codes, valid or one character off, sometimes lower case or spaced."""
    digits = st.sampled_from("0123456789LMNPQRSTUV")
    body = (
        "".join(draw(st.sampled_from(LETTERS)) for _ in range(6))
        + draw(digits)
        + draw(digits)
        + draw(st.sampled_from("ABCDEHLMPRSTZ"))
        + draw(digits)
        + draw(digits)
        + draw(st.sampled_from(LETTERS))
        + "".join(draw(digits) for _ in range(3))
    )
    check = check_digit(body) if draw(st.booleans()) else draw(st.sampled_from(LETTERS))
    code = body + check
    if draw(st.booleans()):
        code = code.lower()
    if draw(st.booleans()):
        at = draw(st.integers(0, 16))
        code = code[:at] + draw(SEPARATORS) + code[at:]
    return code


@st.composite
def vat_numbers(draw: st.DrawFn) -> str:
    stem = draw(st.text(alphabet=string.digits, min_size=10, max_size=10))
    total = sum(
        (int(c) * 2 - 9 if int(c) > 4 else int(c) * 2) if i % 2 else int(c)
        for i, c in enumerate(stem)
    )
    check = (10 - total % 10) % 10 if draw(st.booleans()) else draw(st.integers(0, 9))
    number = stem + str(check)
    return draw(st.sampled_from(["", "IT", "it", "IT "])) + number


@st.composite
def italian_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.text(alphabet=string.digits, min_size=1, max_size=20))
    if draw(st.booleans()):
        groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
        digits = draw(st.sampled_from([".", "", ","])).join(groups)
    decimals = draw(st.text(alphabet=string.digits, max_size=4))
    sign = draw(st.sampled_from(["", "", "-", "+", "++"]))
    point = draw(st.sampled_from([",", ",", "."]))
    return sign + digits + (point + decimals if decimals or draw(st.booleans()) else "")


@st.composite
def italian_dates(draw: st.DrawFn) -> str:
    day = draw(st.integers(0, 39))
    month = draw(st.integers(0, 14))
    year = draw(st.integers(0, 10_999))
    width = draw(st.sampled_from([2, 2, 2, 1]))
    sep = draw(st.sampled_from(["/", "/", "/", "-", "."]))
    return f"{day:0{width}d}{sep}{month:0{width}d}{sep}{year:04d}"


def labels() -> st.SearchStrategy[str]:
    known = sorted(
        {label for r in RULES.values() for label in r.spec.value_map}
        | {"sì", "SÌ", "si", "Vero", "0", "1", "x", "forse"}
    )
    return st.sampled_from(known).flatmap(
        lambda label: st.sampled_from([label, label.upper(), label.lower(), f" {label}\xa0"])
    )


CELLS = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text(alphabet=string.digits + " ,.+-/", max_size=20),
    fiscal_codes(),
    vat_numbers(),
    italian_numbers(),
    italian_dates(),
    labels(),
)


@pytest.mark.parametrize("name", sorted(RULES))
@settings(max_examples=150, deadline=None)
@given(values=st.lists(CELLS, min_size=1, max_size=30))
@example(values=["", " ", None, "\u00a0"])
def test_column_form_and_row_form_agree(name: str, values: list[str | None]) -> None:
    """For any cells, both forms of every rule agree on the verdict, the code and the value."""
    rule = RULES[name]
    assert column_verdicts(rule, values) == row_verdicts(rule, values)


@pytest.mark.parametrize("how", ["distinct", "distinct-rows", "auto"])
@pytest.mark.parametrize("name", sorted(RULES))
@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(CELLS, min_size=1, max_size=12).flatmap(
        lambda few: st.lists(st.sampled_from(few), min_size=1, max_size=40)
    )
)
@example(values=["", " ", None, "\u00a0", None, " "])
def test_checking_distinct_values_once_gives_every_cell_its_own_verdict(
    how: str, name: str, values: list[str | None]
) -> None:
    """Checking each distinct value once (with either form) and mapping the verdicts back
    gives each cell the verdict the row form gives it, repeats and missing cells included."""
    rule = RULES[name]
    assert column_verdicts(rule, values, how) == row_verdicts(rule, values)


@settings(max_examples=300, deadline=None)
@given(st.lists(fiscal_codes(), min_size=1, max_size=40))
def test_fiscal_check_letter_column_form_matches_python(codes_: list[str]) -> None:
    candidates = [c for c in codes_ if len(c) == 16 and c.isupper() and c.isalnum()]
    ours = [code is None for code, _ in column_verdicts(rule("cf"), list[str | None](candidates))]
    assert ours == [
        c[8] in "ABCDEHLMPRST" and fiscal_check_ok(c) and c[:6].isalpha() for c in candidates
    ]


def test_luhn_row_form() -> None:
    assert luhn_ok("00743110157")
    assert not luhn_ok("00743110158")


def test_the_codelists_read_from_the_data_files_are_those_of_the_models() -> None:
    """The codelists are read straight from the data files (no model is built at start-up);
    they hold what the regional models say."""
    from conciliazione.model import OrganizationKind
    from conciliazione.regional import all_ats, get_guideline
    from conciliazione.registers.layout import ORGANIZATION_KINDS, codelist

    ats = {a.ats_id: a.ats_id for a in all_ats()} | {a.name: a.ats_id for a in all_ats()}
    assert codelist("ats") == ats
    types = get_guideline().service_types
    assert codelist("service_type") == {t.code: t.code for t in types} | {
        t.label: t.code for t in types
    }
    assert set(ORGANIZATION_KINDS.values()) == {k.value for k in OrganizationKind}
