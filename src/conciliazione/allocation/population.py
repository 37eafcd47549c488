"""Resident population per ATS at a reference date: what a population-based split divides by.

The seed pages do not publish the population of the eight ATS, and this library does not invent
it: the figures come from the user (an ISTAT table saved as CSV or Parquet, see
:mod:`conciliazione.allocation.population_io`, or Python objects). A
:class:`PopulationTable` holds validated figures only: known ATS ids, each once, each a positive
whole number of residents.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

import attrs

from conciliazione.allocation.errors import AllocationInputError
from conciliazione.errors import UnknownAtsError


def region_order() -> dict[str, int]:
    """The position of each ATS id in the Region's usual order (Milano first, Pavia last)."""
    from conciliazione.regional import all_ats

    return {ats.ats_id: i for i, ats in enumerate(all_ats())}


def unknown_ats_message(ats_id: str) -> str:
    valid = ", ".join(region_order())
    return f"unknown ATS {ats_id!r}; the ATS ids are: {valid}"


def check_population(ats_id: str, value: object) -> int:
    """The population as an int, if it is a positive whole number; raise otherwise."""
    if value is None:
        raise AllocationInputError(f"the population of ATS {ats_id!r} is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationInputError(
            f"the population of ATS {ats_id!r} must be a whole number, not {value!r}"
        )
    if value < 0:
        raise AllocationInputError(f"the population of ATS {ats_id!r} is negative ({value})")
    if value == 0:
        raise AllocationInputError(
            f"the population of ATS {ats_id!r} is zero; every ATS has residents"
        )
    return value


@attrs.frozen
class PopulationTable:
    """Resident population per ATS id, at a reference date (``as_of``) when known.

    Build it with :meth:`from_mapping` (or a reader of :mod:`population_io`), which validates;
    the figures are kept in the Region's order of the ATS.
    """

    entries: tuple[tuple[str, int], ...]
    as_of: date | None = None
    """The date the population was counted at (e.g. 1 January 2019), for provenance."""
    source: str | None = None
    """Where the figures come from (a file name), for provenance."""

    def __attrs_post_init__(self) -> None:
        if not self.entries:
            raise AllocationInputError(
                "the population table is empty" + (f" ({self.source})" if self.source else "")
            )
        order = region_order()
        seen: set[str] = set()
        for ats_id, people in self.entries:
            if ats_id not in order:
                raise UnknownAtsError(unknown_ats_message(ats_id))
            if ats_id in seen:
                raise AllocationInputError(f"ATS {ats_id!r} appears twice in the population")
            seen.add(ats_id)
            check_population(ats_id, people)

    @classmethod
    def from_mapping(
        cls,
        populations: Mapping[str, int],
        *,
        as_of: date | None = None,
        source: str | None = None,
    ) -> PopulationTable:
        """A validated table from ``{ats_id: population}`` in any order."""
        order = region_order()
        keys = list(populations)
        for key in keys:
            if not isinstance(key, str):
                raise AllocationInputError(f"ATS ids are strings, not {key!r}")
        ordered = sorted(keys, key=lambda k: (order.get(k, len(order)), k))
        return cls(tuple((k, populations[k]) for k in ordered), as_of=as_of, source=source)

    def as_dict(self) -> dict[str, int]:
        return dict(self.entries)

    @property
    def ats_ids(self) -> tuple[str, ...]:
        return tuple(ats_id for ats_id, _ in self.entries)

    @property
    def total(self) -> int:
        return sum(people for _, people in self.entries)

    def __getitem__(self, ats_id: str) -> int:
        for key, people in self.entries:
            if key == ats_id:
                return people
        raise KeyError(ats_id)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def missing_ats(self) -> tuple[str, ...]:
        """The ATS ids (of the eight) that have no population here, in the Region's order."""
        present = set(self.ats_ids)
        return tuple(a for a in region_order() if a not in present)

    def require_complete(self) -> PopulationTable:
        """This table, if it covers all eight ATS; raise naming the missing ones otherwise.

        The Region splits its budget among every ATS: a table without one of them would give
        the others its share without any warning.
        """
        missing = self.missing_ats()
        if missing:
            where = f" in {self.source}" if self.source else ""
            raise AllocationInputError(
                f"the population of ATS {', '.join(missing)} is missing{where}; the split is "
                "among all eight ATS (allow a partial table explicitly to split among fewer)"
            )
        return self
