"""The contract suite itself, run with pytester against deliberately broken plugins.

Why: a contract that passes a reader which reads nothing, or one that ignores its page, gives
plugin authors false confidence. Each broken plugin below must fail the suite with a message
that says what to fix; a sound plugin passes the same tests.
"""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

PLUGIN = '''
from conciliazione.plugin import AtsAdapter, BuiltinPage, Plan, Quoted, hookimpl
from conciliazione.testing import AtsPluginContract

PAGE = "ATS di Bergamo\\nPiano territoriale 2020-2023 della rete.\\nAggiornato il 1 marzo 2024\\n"


def sound(page, out):
    out.read_update_date(page)
    hit = page.search(r"Piano territoriale (?P<start>[0-9]{{4}})-(?P<end>[0-9]{{4}})")
    if hit is None:
        return out.missing_section("plan", "no 'Piano territoriale YYYY-YYYY'")
    out.record(
        Plan,
        plan_id=f"bergamo:plan:{{hit['start'].value}}",
        ats_id="bergamo",
        period_start=hit["start"].map(int),
        period_end=hit["end"].map(int),
    )


def empty(page, out):
    out.read_update_date(page)


def ignoring(page, out):
    """Always the same plan, with offsets that happen to match the shipped page."""
    out.read_update_date(page)
    if "Piano" not in page.text:
        return out.missing_section("plan")
    out.record(
        Plan,
        plan_id="bergamo:plan:2020",
        ats_id="bergamo",
        period_start=Quoted(2020, 34, 38, "2020"),
        period_end=Quoted(2023, 39, 43, "2023"),
    )


def wrong_type(page, out):
    out.read_update_date(page)
    return out.build()


class Plugin:
    @hookimpl
    def conciliazione_register(self, register):
        register(
            AtsAdapter(
                ats_id="bergamo",
                pages=[BuiltinPage("bergamo.txt", reads=["plan"], text=PAGE)],
                clues=[r"ATS di Bergamo"],
                reader={reader},
            )
        )


class TestContract(AtsPluginContract):
    plugin = Plugin()
    ats_id = "bergamo"
'''

CONTRACT = [
    "test_each_page_yields_every_kind_of_record_it_declares",
    "test_every_value_has_evidence_quoting_the_page",
    "test_the_reader_follows_its_input",
    "test_every_record_carries_its_source",
    "test_does_not_recognize_sample_pages_of_other_ats",
]


def run(pytester: pytest.Pytester, reader: str) -> pytest.RunResult:
    pytester.makepyfile(test_plugin=textwrap.dedent(PLUGIN.format(reader=reader)))
    return pytester.runpytest("-p", "no:cacheprovider", "-k", " or ".join(CONTRACT))


def test_a_sound_reader_passes_the_contract(pytester: pytest.Pytester) -> None:
    run(pytester, "sound").assert_outcomes(passed=len(CONTRACT))


def test_an_empty_reader_fails_naming_what_it_declared_and_did_not_read(
    pytester: pytest.Pytester,
) -> None:
    result = run(pytester, "empty")
    result.assert_outcomes(failed=2, passed=len(CONTRACT) - 2)
    result.stdout.fnmatch_lines(
        [
            "*bergamo.txt declares it yields plan but the reader produced none*",
            "*bergamo.txt: no value is read from the page's words*",
        ],
        consecutive=False,
    )


def test_a_reader_that_ignores_its_input_fails_the_follow_test(pytester: pytest.Pytester) -> None:
    result = run(pytester, "ignoring")
    result.assert_outcomes(failed=1, passed=len(CONTRACT) - 1)
    result.stdout.fnmatch_lines(
        [
            "*plan.period_start: '2020' → '2021' changed nothing*",
            "*FAILED*test_the_reader_follows_its_input*",
        ]
    )


def test_a_reader_that_returns_the_wrong_type_fails_saying_what_readers_do(
    pytester: pytest.Pytester,
) -> None:
    result = run(pytester, "wrong_type")
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*the reader must add records to its ReadingBuilder and return None, not Reading*"]
    )
