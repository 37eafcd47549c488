"""The Region's own figures: its published splits as core data, and one fact stated by several
sources — kept as two rows, compared within their precision, disagreements reported."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione import validate
from conciliazione.figures import check_published_totals, compare_act_totals, compare_years
from conciliazione.model import Allocation, Dataset
from conciliazione.regional import ats_ids, published_totals, regional_dataset

RELEASE = "core:publication:release-2019-11-11-dgr-xi-2398-2019"
VARESENEWS_2018 = "core:publication:varesenews-2018-12-dgr-1017-2018"
DGR_2398 = "regione_lombardia:dgr:xi-2398:2019"
DGR_1017 = "regione_lombardia:dgr:xi-1017:2018"
PAGE = "pavia:003_cc3c723282e7ce42.txt"
PAVIA_PAGE = {2020: "48834.00", 2021: "48834.00", 2022: "54260.00"}


def _region() -> Dataset:
    return regional_dataset()


def _pavia_page_rows(amounts: dict[int, str] = PAVIA_PAGE) -> list[Allocation]:
    return [
        Allocation(
            allocation_id=f"pavia:allocation:dgr-xi-2398-2019-{year}",
            ats_id="pavia",
            guideline_id="dgr-xi-2398-2019",
            year=year,
            amount_eur=Decimal(amount),
            act_id=DGR_2398,
            source_id=PAGE,
        )
        for year, amount in amounts.items()
    ]


def _findings(dataset: Dataset, code: str) -> list[str]:
    return [f.message for f in validate(dataset) if f.code == code]


# -- the figures as core data --------------------------------------------------------------------


def test_the_release_gives_all_eight_ats_for_2020_2022_and_the_2018_act_for_2019() -> None:
    rows = _region().allocations
    by_source = {(a.source_id, a.year) for a in rows}
    assert by_source == {
        (RELEASE, 2020),
        (RELEASE, 2021),
        (RELEASE, 2022),
        (VARESENEWS_2018, 2019),
    }
    for source_id, year in by_source:
        covered = {a.ats_id for a in rows if (a.source_id, a.year) == (source_id, year)}
        assert covered == ats_ids()


@pytest.mark.parametrize(
    ("year", "total"),
    [(2019, "1000000"), (2020, "799000"), (2021, "999600"), (2022, "999600")],
)
def test_each_years_figures_sum_as_published_not_to_a_round_number(year: int, total: str) -> None:
    amounts = [a.amount_eur for a in _region().allocations if a.year == year]
    assert sum(amounts, Decimal(0)) == Decimal(total)


def test_every_figure_cites_a_publication_with_its_publisher_address_and_date() -> None:
    region = _region()
    sources = {s.source_id: s for s in region.sources}
    for allocation in region.allocations:
        source = sources[allocation.source_id or ""]
        assert source.publisher and source.address and source.updated, source
        assert isinstance(allocation.amount_eur, Decimal)
    release = sources[RELEASE]
    assert release.address is not None and release.address.startswith(
        "https://www.valnews.it/2019/11/11/"
    )
    assert str(release.updated) == "2019-11-11"


def test_the_release_says_its_figures_are_rounded_to_hundreds_the_2019_split_is_exact() -> None:
    units = {(a.source_id, a.rounding_unit_eur) for a in _region().allocations}
    assert units == {(RELEASE, Decimal(100)), (VARESENEWS_2018, None)}


def test_the_insubria_misprint_is_kept_as_printed_beside_its_reading() -> None:
    (insubria,) = [
        a
        for a in _region().allocations
        if (a.ats_id, a.year, a.source_id) == ("insubria", 2020, RELEASE)
    ]
    assert insubria.amount_text == "117.00"
    assert insubria.amount_eur == Decimal("117000")


# -- allocation-printed-amount-differs -----------------------------------------------------------


def test_the_misprint_is_reported_and_no_other_printed_figure_is() -> None:
    report = validate(_region())
    (finding,) = report.by_code()["allocation-printed-amount-differs"]
    assert finding.entity_id == f"{RELEASE}:allocation:insubria:2020"
    assert finding.path == "amount_text"
    assert "'117.00'" in finding.message and "117000 EUR" in finding.message
    assert "117.00 EUR" in finding.message  # what a lax reading would have kept


def test_a_printed_figure_that_reads_as_another_amount_is_reported_too() -> None:
    dataset = Dataset(
        allocations=[
            Allocation(
                allocation_id="x",
                ats_id="pavia",
                year=2020,
                amount_eur=Decimal("48834"),
                amount_text="48.843,00",
            )
        ]
    )
    (message,) = _findings(dataset, "allocation-printed-amount-differs")
    assert "'48.843,00' (48843.00 EUR as written)" in message


# -- allocation-sources-disagree / allocation-act-totals-disagree --------------------------------


def test_pavias_page_and_the_release_stay_two_rows_per_year() -> None:
    dataset = _region()
    dataset.add(*_pavia_page_rows())
    pavia = [(a.year, a.source_id) for a in dataset.allocations if a.ats_id == "pavia"]
    for year in (2020, 2021, 2022):
        assert sorted(str(s) for y, s in pavia if y == year) == [RELEASE, PAGE]


def test_the_yearly_tranches_disagree_and_the_three_year_total_agrees_within_rounding() -> None:
    dataset = _region()
    dataset.add(*_pavia_page_rows())
    report = validate(dataset)
    disagree = report.by_code()["allocation-sources-disagree"]
    assert sorted(f.entity_id or "" for f in disagree) == [
        f"pavia:allocation:dgr-xi-2398-2019-{y}" for y in (2020, 2021, 2022)
    ]
    (first,) = [f for f in disagree if f.entity_id and f.entity_id.endswith("2020")]
    assert first.source_id == PAGE
    assert (
        f"{RELEASE} states 43400 EUR (rounded to 100), {PAGE} states 48834.00 EUR; "
        "difference +5434.00 EUR, beyond the 50 EUR rounding allows"
    ) in first.message
    assert (
        "over 2020-2022 the totals agree (151800 vs 151928.00 EUR, difference +128.00 EUR, "
        "150 EUR allowed)"
    ) in first.message
    assert "allocation-act-totals-disagree" not in report.by_code()


def test_a_second_source_within_rounding_of_the_release_is_no_disagreement() -> None:
    dataset = _region()
    dataset.add(*_pavia_page_rows({2020: "43420.00", 2021: "54160.00", 2022: "54250.00"}))
    codes = validate(dataset).by_code()
    assert "allocation-sources-disagree" not in codes
    assert "allocation-act-totals-disagree" not in codes


def test_totals_that_disagree_beyond_the_rounding_of_every_figure_are_reported() -> None:
    dataset = _region()
    dataset.add(*_pavia_page_rows({2020: "44000.00", 2021: "55000.00", 2022: "56000.00"}))
    (message,) = _findings(dataset, "allocation-act-totals-disagree")
    assert message.startswith(f"ATS pavia, {DGR_2398}, 2020-2022 in total: ")
    assert "states 151800 EUR (rounded to 100)" in message
    assert "states 155000.00 EUR; difference +3200.00 EUR, beyond the 150 EUR" in message


def test_comparisons_are_available_as_data() -> None:
    rows = [*_region().allocations, *_pavia_page_rows()]
    years = [c for c in compare_years(rows) if c.ats_id == "pavia"]
    assert [(c.years, c.difference, c.margin, c.agree) for c in years] == [
        ((2020,), Decimal("5434.00"), Decimal(50), False),
        ((2021,), Decimal("-5366.00"), Decimal(50), False),
        ((2022,), Decimal("60.00"), Decimal(50), False),
    ]
    (total,) = compare_act_totals(rows)
    assert (total.first.source_id, total.second.source_id) == (RELEASE, PAGE)
    assert (total.difference, total.margin, total.agree) == (Decimal("128.00"), Decimal(150), True)


# -- allocation-total-differs --------------------------------------------------------------------


def test_each_split_is_checked_against_the_totals_its_source_states() -> None:
    checks = check_published_totals(_region().allocations, published_totals(), ats_ids())
    summary = {
        (c.total.ats_id, c.total.years, c.summed.amount, c.total.amount_eur, c.agree)
        for c in checks
    }
    assert summary == {
        (None, (2020, 2021, 2022), Decimal("2798200"), Decimal("2800000"), True),
        ("montagna", (2020, 2021, 2022), Decimal("82900"), Decimal("84000"), False),
        (None, (2019,), Decimal("1000000"), Decimal("1000000"), True),
    }


def test_the_montagna_headline_is_reported_as_not_what_its_lines_add_up_to() -> None:
    (message,) = _findings(_region(), "allocation-total-differs")
    assert "ATS montagna, 2020-2022 sum to 82900 EUR" in message
    assert "84000 EUR ('84mila')" in message
    assert "difference -1100 EUR, beyond the 650 EUR rounding allows" in message


def test_a_total_is_not_checked_when_some_of_its_figures_are_missing() -> None:
    dataset = _region()
    dataset.allocations = [a for a in dataset.allocations if a.ats_id != "montagna"]
    assert _findings(dataset, "allocation-total-differs") == []


def test_a_disagreement_is_reported_on_the_ats_pages_row_whatever_its_source_id() -> None:
    dataset = _region()
    dataset.add(
        Allocation(
            allocation_id="bergamo:allocation:2020",
            ats_id="bergamo",
            year=2020,
            amount_eur=Decimal("99000.00"),
            act_id=DGR_2398,
            source_id="bergamo:page.txt",  # sorts before "core:…"
        )
    )
    (finding,) = validate(dataset).by_code()["allocation-sources-disagree"]
    assert (finding.entity_id, finding.source_id) == ("bergamo:allocation:2020", "bergamo:page.txt")
    assert f"{RELEASE} states 88600 EUR (rounded to 100), bergamo:page.txt states 99000.00" in (
        finding.message
    )
