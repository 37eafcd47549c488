"""Region-wide reference data shipped with the core: the ATS, guidelines, published splits.

These are facts of Regione Lombardia, not of any one ATS page, so they live in the core as data
files (``conciliazione/data/*.json``) and are loaded on demand:

- ``ats.json``: the eight ATS;
- ``guidelines.json``: the guidelines of the three programming periods (2017-2018, extended to
  15/01/2020; 2020-2023; 2025-2027, whose act number and date our sources do not state) and
  their acts. The letters C–F of the 2020-2023 typologies follow the order in which the
  guideline lists them (the pages letter only A and B);
- ``publications.json``: the publications the other files cite — each a
  :class:`~conciliazione.model.Source` of its own with publisher, address and date;
- ``allocations.json``: the Region's published splits among the ATS (D.G.R. XI/2398/2019 for
  2020-2022, D.G.R. XI/1017/2018 for 2019), each figure as printed beside its reading, with the
  source's rounding unit and the totals the source states (:func:`published_totals`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from conciliazione.errors import UnknownAtsError, UnknownEntityError

if TYPE_CHECKING:
    from conciliazione.model import Ats, Dataset, Guideline, PublishedTotal, Source

CURRENT_GUIDELINE_ID = "dgr-xi-2398-2019"
"""The guideline of the 2020-2023 plans, the default for allocations and plans."""


@cache
def _payload(name: str) -> tuple[bytes, dict[str, Any]]:
    """A data file's bytes and parsed JSON (no model needed: the plugin host only needs ids)."""
    raw = resources.files("conciliazione.data").joinpath(name).read_bytes()
    payload: dict[str, Any] = json.loads(raw)
    return raw, payload


def _load(name: str) -> tuple[Source, dict[str, Any]]:
    from conciliazione.model import Source
    from conciliazione.vague import FuzzyDate

    raw, payload = _payload(name)
    meta = payload["source"]
    source = Source(
        source_id=f"core:{name.removesuffix('.json')}",
        name=name,
        title=meta["title"],
        updated=FuzzyDate(date.fromisoformat(meta["updated"])),
        sha256=hashlib.sha256(raw).hexdigest(),
        plugin="conciliazione",
        builtin=True,
    )
    return source, payload


def _publications() -> list[Source]:
    """The publications cited by the data files, each a source with publisher, address, date."""
    from conciliazione.model import Source
    from conciliazione.vague import DatePrecision, FuzzyDate

    file_source, payload = _load("publications.json")
    return [
        Source(
            source_id=row["source_id"],
            name=file_source.name,
            title=row["title"],
            updated=FuzzyDate(
                date.fromisoformat(row["date"]["value"]), DatePrecision(row["date"]["precision"])
            ),
            sha256=file_source.sha256,
            plugin="conciliazione",
            builtin=True,
            publisher=row["publisher"],
            address=row["address"],
        )
        for row in payload["publications"]
    ]


def _allocation_id(source_id: str, ats_id: str, year: int) -> str:
    """``core:publication:…:allocation:pavia:2020``: a source states one figure per ATS and year."""
    return f"{source_id}:allocation:{ats_id}:{year}"


@cache
def _regional_dataset() -> Dataset:
    from conciliazione.model import Act, Allocation, Ats, Dataset, Guideline

    ats_source, ats_payload = _load("ats.json")
    guide_source, guide_payload = _load("guidelines.json")
    split_source, split_payload = _load("allocations.json")
    publications = _publications()
    dataset = Dataset(sources=[ats_source, guide_source, split_source, *publications])
    for row in ats_payload["ats"]:
        dataset.add(Ats(**row, source_id=ats_source.source_id))
    for row in guide_payload["acts"]:
        dataset.add(Act(**{"source_id": guide_source.source_id, **row}))
    for row in guide_payload["guidelines"]:
        dataset.add(Guideline(**{"source_id": guide_source.source_id, **row}))
    for split in split_payload["splits"]:
        unit = split["rounding_unit_eur"]
        for row in split["allocations"]:
            dataset.add(
                Allocation(
                    allocation_id=_allocation_id(split["source_id"], row["ats_id"], row["year"]),
                    ats_id=row["ats_id"],
                    guideline_id=split["guideline_id"],
                    year=row["year"],
                    amount_eur=Decimal(row["amount_eur"]),
                    amount_text=row["amount_text"],
                    rounding_unit_eur=None if unit is None else Decimal(unit),
                    act_id=split["act_id"],
                    source_id=split["source_id"],
                )
            )
    return dataset


@cache
def _published_totals() -> tuple[PublishedTotal, ...]:
    from conciliazione.model import PublishedTotal

    totals: list[PublishedTotal] = []
    for split in _payload("allocations.json")[1]["splits"]:
        for row in split["totals"]:
            unit = row["rounding_unit_eur"]
            totals.append(
                PublishedTotal(
                    source_id=split["source_id"],
                    act_id=split["act_id"],
                    ats_id=row["ats_id"],
                    years=tuple(row["years"]),
                    amount_eur=Decimal(row["amount_eur"]),
                    amount_text=row.get("amount_text"),
                    rounding_unit_eur=None if unit is None else Decimal(unit),
                    stated_as=row["stated_as"],
                )
            )
    return tuple(totals)


def published_totals() -> tuple[PublishedTotal, ...]:
    """The totals the Region's publications state beside their splits (2.8 M over 2020-2022,
    "84mila" for ATS della Montagna, 1 M for 2019): the figures each split is checked against
    by the rule ``allocation-total-differs``."""
    return _published_totals()


def regional_dataset() -> Dataset:
    """The core's region-wide records as a fresh dataset: sources (data files and the
    publications they cite), ATS, acts, guidelines, and the Region's published allocations."""
    return _regional_dataset().model_copy(deep=True)


def all_ats() -> tuple[Ats, ...]:
    """The eight ATS of Lombardy, in the Region's usual order."""
    return tuple(_regional_dataset().ats)


def ats_ids() -> frozenset[str]:
    """The eight ATS ids, read straight from the data file (cheap: no model is built)."""
    return frozenset(row["ats_id"] for row in _payload("ats.json")[1]["ats"])


def ats_names() -> dict[str, str]:
    """ATS id → the ATS's name, read straight from the data file (cheap: no model is built)."""
    return {row["ats_id"]: row["name"] for row in _payload("ats.json")[1]["ats"]}


def require_ats_id(ats_id: str) -> str:
    """``ats_id`` if it names an ATS; `UnknownAtsError` naming the valid ids otherwise. The
    check :func:`get_ats` makes, without building the regional dataset (what a command that
    only needs the id pays at start-up)."""
    names = ats_names()
    if ats_id not in names:
        valid = ", ".join(names)
        raise UnknownAtsError(f"unknown ATS {ats_id!r}; the ATS ids are: {valid}")
    return ats_id


def service_type_labels(guideline_id: str = CURRENT_GUIDELINE_ID) -> dict[str, str]:
    """A guideline's service typologies, code → Italian label, read straight from the data
    file (cheap: no model is built)."""
    for row in _payload("guidelines.json")[1]["guidelines"]:
        if row["guideline_id"] == guideline_id:
            return {t["code"]: t["label"] for t in row["service_types"]}
    raise UnknownEntityError(f"unknown guideline {guideline_id!r}")


def get_ats(ats_id: str) -> Ats:
    """The ATS with this id; `UnknownAtsError` naming the valid ids otherwise."""
    for ats in _regional_dataset().ats:
        if ats.ats_id == ats_id:
            return ats
    valid = ", ".join(a.ats_id for a in _regional_dataset().ats)
    raise UnknownAtsError(f"unknown ATS {ats_id!r}; the ATS ids are: {valid}")


def guidelines() -> dict[str, Guideline]:
    """The built-in guidelines by id."""
    return {g.guideline_id: g for g in _regional_dataset().guidelines}


def guideline_of_period(start: int, end: int) -> Guideline | None:
    """The built-in guideline whose own period holds the years ``start``-``end``.

    2017-2018 → D.G.R. X/5969/2016, 2020-2023 → D.G.R. XI/2398/2019, 2025 → the 2025-2027
    guidelines; ``None`` for years no guideline covers (2024). Why: a record that names no
    guideline (a plan from a page that says only "Piano 2017-2018") is checked against the
    guideline of its period, never against another period's.
    """
    for guideline in _regional_dataset().guidelines:
        if guideline.covers_period(start, end):
            return guideline
    return None


def get_guideline(guideline_id: str = CURRENT_GUIDELINE_ID) -> Guideline:
    try:
        return guidelines()[guideline_id]
    except KeyError:
        raise UnknownEntityError(f"unknown guideline {guideline_id!r}") from None
