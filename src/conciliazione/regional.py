"""Region-wide reference data shipped with the core: the eight ATS and the guidelines.

These are facts of Regione Lombardia, not of any one ATS page, so they live in the core as data
files (``conciliazione/data/*.json``) and are loaded on demand. The letters C–F of the
typologies follow the order in which the guideline lists them (the pages letter only A and B).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from conciliazione.errors import UnknownAtsError, UnknownEntityError

if TYPE_CHECKING:
    from conciliazione.model import Ats, Dataset, Guideline, Source

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


@cache
def _regional_dataset() -> Dataset:
    from conciliazione.model import Act, Ats, Dataset, Guideline

    ats_source, ats_payload = _load("ats.json")
    guide_source, guide_payload = _load("guidelines.json")
    dataset = Dataset(sources=[ats_source, guide_source])
    for row in ats_payload["ats"]:
        dataset.add(Ats(**row, source_id=ats_source.source_id))
    for row in guide_payload["acts"]:
        dataset.add(Act(**row, source_id=guide_source.source_id))
    for row in guide_payload["guidelines"]:
        dataset.add(Guideline(**row, source_id=guide_source.source_id))
    return dataset


def regional_dataset() -> Dataset:
    """The core's region-wide records (sources, ATS, acts, guidelines) as a fresh dataset."""
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


def get_guideline(guideline_id: str = CURRENT_GUIDELINE_ID) -> Guideline:
    try:
        return guidelines()[guideline_id]
    except KeyError:
        raise UnknownEntityError(f"unknown guideline {guideline_id!r}") from None
