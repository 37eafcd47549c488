"""E-mail addresses, plain or disguised against spam robots."""

from __future__ import annotations

import contextlib
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.emails as emails_module
from conciliazione.errors import ParseError
from conciliazione.parsing import deobfuscate_email, find_emails

PAVIA_CONTACTS = (
    "Dr.ssa Ombretta Bonin – tel. 0382/432611 – e-mail: ombretta_bonin[@]ats-pavia.it\u00a0"
    "(togliere parentesi [ ] prima di inviare email)\n\n"
    "Dr.ssa Valentina De Stefani – tel. 0382/432410 – e-mail: "
    "valentina_de_stefani[@]ats-pavia.it\u00a0(togliere parentesi [ ] prima di inviare email)"
)
BRESCIA_CONTACTS = (
    "Per informazioni generali: integrazionesociale@ats-brescia.it\n\n"
    "Per informazioni sulle Alleanze:\n\n"
    "ufficiotempi@comune.brescia.it;\u00a0piano.di.zona@comune.palazzolosulloglio.bs.it;"
    "\u00a0serviziallapersona@montichiari.it"
)


class TestDeobfuscateEmail:
    @pytest.mark.parametrize(
        "text",
        [
            "ombretta_bonin[@]ats-pavia.it",
            "ombretta_bonin (at) ats-pavia.it",
            "ombretta_bonin[at]ats-pavia.it",
            "ombretta_bonin(@)ats-pavia.it",
            "ombretta_bonin [chiocciola] ats-pavia [punto] it",
            "ombretta_bonin@ats-pavia.it",
            "mailto:ombretta_bonin@ats-pavia.it",
            "ombretta_bonin@ATS-Pavia.IT",
        ],
    )
    def test_gives_the_plain_address_with_a_lower_case_domain(self, text: str) -> None:
        assert deobfuscate_email(text) == "ombretta_bonin@ats-pavia.it"

    def test_keeps_the_case_of_the_local_part(self) -> None:
        assert deobfuscate_email("Ufficio.Tempi@Comune.Brescia.it") == (
            "Ufficio.Tempi@comune.brescia.it"
        )

    @pytest.mark.parametrize(
        "text", ["", "ombretta_bonin", "a@b", "@b.it", "a@@b.it", "a b@c.it", "a..b@c.it", "a@b.i"]
    )
    def test_refuses_what_is_not_a_plausible_address(self, text: str) -> None:
        with pytest.raises(ParseError) as excinfo:
            deobfuscate_email(text)
        assert excinfo.value.text == text


class TestFindEmails:
    def test_finds_the_disguised_addresses_of_pavia_officials(self) -> None:
        assert find_emails(PAVIA_CONTACTS) == [
            "ombretta_bonin@ats-pavia.it",
            "valentina_de_stefani@ats-pavia.it",
        ]

    def test_finds_the_plain_addresses_of_brescia_separated_by_non_breaking_spaces(self) -> None:
        assert find_emails(BRESCIA_CONTACTS) == [
            "integrazionesociale@ats-brescia.it",
            "ufficiotempi@comune.brescia.it",
            "piano.di.zona@comune.palazzolosulloglio.bs.it",
            "serviziallapersona@montichiari.it",
        ]

    def test_lists_each_address_once_and_leaves_out_a_final_full_stop(self) -> None:
        assert find_emails("Scrivere a info@x.it. Oppure a info@x.it") == ["info@x.it"]

    def test_does_not_read_spelled_out_at_in_prose(self) -> None:
        assert find_emails("meet me at home dot com") == []

    @given(st.text())
    def test_every_address_found_is_a_valid_one(self, text: str) -> None:
        for address in find_emails(text):
            assert deobfuscate_email(address) == address


@given(st.text())
def test_parse_emails_never_raise_anything_but_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        deobfuscate_email(text)
    find_emails(text)


def test_parse_emails_docstring_examples_hold() -> None:
    assert doctest.testmod(emails_module).failed == 0
