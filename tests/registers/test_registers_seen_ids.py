"""The ids a run has seen: the Arrow runs give the verdicts a plain dictionary gives."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliazione.registers import seen_ids
from conciliazione.registers.seen_ids import SeenIds


@pytest.fixture(params=["search_sorted", "index_in"], autouse=True)
def look_up(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with both ways of looking ids up (older pyarrow has no search_sorted)."""
    monkeypatch.setattr(seen_ids, "SEARCH_SORTED", request.param == "search_sorted")


def dictionary_verdicts(batches: list[list[str | None]]) -> list[list[int | None]]:
    """The reference: a dictionary of id → first place, places numbered across batches."""
    seen: dict[str, int] = {}
    out: list[list[int | None]] = []
    place = 0
    for batch in batches:
        verdicts: list[int | None] = []
        for key in batch:
            place += 1
            if not key:
                verdicts.append(None)
            elif key in seen:
                verdicts.append(seen[key])
            else:
                seen[key] = place
                verdicts.append(None)
        out.append(verdicts)
    return out


def arrow_verdicts(batches: list[list[str | None]], **options: int) -> list[list[int | None]]:
    seen = SeenIds(**options)
    out = []
    place = 0
    for batch in batches:
        places = pa.array(range(place + 1, place + 1 + len(batch)), pa.int64())
        place += len(batch)
        out.append(seen.check(pa.array(batch, pa.string()), places).to_pylist())
    return out


ids = st.one_of(st.none(), st.just(""), st.text("abcdè", min_size=1, max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(ids, max_size=12), max_size=8), st.sampled_from([1, 2, 4]))
def test_repeats_are_found_as_a_dictionary_finds_them(
    batches: list[list[str | None]], merge_factor: int
) -> None:
    assert arrow_verdicts(batches, merge_factor=merge_factor) == dictionary_verdicts(batches)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=120), st.integers(1, 9))
def test_mostly_ascending_ids_with_some_going_back_are_found_too(
    numbers: list[int], size: int
) -> None:
    keys: list[str | None] = [f"SR{n:04d}" for n in sorted(numbers)]
    keys[:: size + 1] = [f"SR{n:04d}" for n in numbers[:: size + 1]]  # some out of place
    batches = [keys[i : i + size] for i in range(0, len(keys), size)]
    assert arrow_verdicts(batches) == dictionary_verdicts(batches)


def test_ascending_ids_are_never_looked_up_and_earlier_runs_stay_packed() -> None:
    seen = SeenIds()
    for start in range(0, 50_000, 10_000):
        batch = pa.array([f"SR{n:09d}" for n in range(start, start + 10_000)])
        places = pa.array(range(start, start + 10_000), pa.int64())
        assert seen.check(batch, places).null_count == 10_000
    assert len(seen) == 50_000
    assert [run.packed for run in seen.runs] == [True, True, True, True, False]
    assert not any(run.hot for run in seen.runs)


def test_a_copy_of_an_earlier_batch_unpacks_what_it_reaches_and_names_the_first_places() -> None:
    seen = SeenIds()
    first = [f"SR{n:03d}" for n in range(100)]
    second = [f"SR{n:03d}" for n in range(100, 200)]
    seen.check(pa.array(first), pa.array(range(2, 102), pa.int64()))
    seen.check(pa.array(second), pa.array(range(102, 202), pa.int64()))
    assert seen.runs[0].packed
    again = seen.check(pa.array([*first[:3], "SR999"]), pa.array([500, 501, 502, 503], pa.int64()))
    assert again.to_pylist() == [2, 3, 4, None]
    assert not seen.runs[0].packed


def test_ids_in_no_order_are_merged_into_few_runs() -> None:
    import random

    numbers = list(range(64 * 100))
    random.Random(7).shuffle(numbers)
    seen = SeenIds()
    for start in range(0, len(numbers), 100):
        keys = pa.array([f"{n:05d}" for n in numbers[start : start + 100]])
        seen.check(keys, pa.array(range(start, start + 100), pa.int64()))
    assert len(seen) == 6_400
    assert len(seen.runs) <= 7  # log2(64) + 1
