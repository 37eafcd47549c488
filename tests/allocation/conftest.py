"""Synthetic inputs for the allocation tests.

The seed pages publish no population figure for the eight ATS, so these tests never pretend to
know the real ones: the populations below are round, made-up numbers, chosen only to exercise
the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SYNTHETIC_POPULATION: dict[str, int] = {
    "milano": 3_500_000,
    "insubria": 1_450_000,
    "montagna": 330_000,
    "brianza": 1_200_000,
    "bergamo": 1_110_000,
    "brescia": 1_060_000,
    "val_padana": 770_000,
    "pavia": 540_000,
}
"""Made-up populations (not ISTAT figures) for the eight ATS."""


@pytest.fixture
def population() -> dict[str, int]:
    return dict(SYNTHETIC_POPULATION)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write UTF-8 text to ``tmp_path / name`` and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def population_csv(write_file: Callable[[str, str], Path]) -> Path:
    """The synthetic population as a semicolon CSV in Italian number format, with a date."""
    lines = ["ats_id;population;as_of"]
    lines += [
        f"{a};{n:,}".replace(",", ".") + ";01/01/2019" for a, n in SYNTHETIC_POPULATION.items()
    ]
    return write_file("population.csv", "\n".join(lines) + "\n")


@pytest.fixture
def population_csv_table(population_csv: Path) -> object:
    """The synthetic population read back from its CSV (so it carries a date and a source)."""
    from conciliazione.allocation import read_population

    return read_population(population_csv)
