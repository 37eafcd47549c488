"""The evidence table of the built-in export: every value read from a page has its words.

Acceptance test of the plugin kit: over the whole export of the four ATS plugins, every
evidence row's quote is the text the reader saw at its offsets, every non-empty field of every
record read from a page has an evidence row, and evidence quoting personal data is withheld
exactly like the personal data itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from conciliazione.api import Loaded, load, run_export
from conciliazione.testing import evidence_problems

REQUIRED_ATS = {"milano", "montagna", "pavia", "brescia"}


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    found = load()
    assert {p.ats_id for p in found.plugins} >= REQUIRED_ATS, "the four plugins are needed"
    return found


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("evidence")
    run_export(root / "default")
    run_export(root / "personal", include_personal_data=True)
    return {"default": root / "default", "personal": root / "personal"}


def _rows(out: Path) -> list[dict[str, Any]]:
    cursor = duckdb.execute(f"SELECT * FROM '{out / 'evidence.parquet'}'")
    columns = [column[0] for column in cursor.description or ()]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_every_quote_is_the_pages_text_at_its_offsets(
    loaded: Loaded, exports: dict[str, Path]
) -> None:
    texts = {r.source.source_id: r.text for r in loaded.readings}
    rows = [r for r in _rows(exports["personal"]) if r["start_offset"] is not None]
    assert len(rows) > 300
    wrong = [
        r for r in rows if texts[r["source_id"]][r["start_offset"] : r["end_offset"]] != r["quote"]
    ]
    assert wrong == []


def test_every_value_read_from_a_page_has_evidence(loaded: Loaded) -> None:
    for reading in loaded.readings:
        assert evidence_problems(reading) == [], reading.source.name


def test_every_exported_row_of_a_page_has_evidence(exports: dict[str, Path]) -> None:
    out = exports["default"]
    missing = duckdb.execute(
        f"""
        SELECT 'projects' AS t, project_id AS id FROM '{out / "projects.parquet"}'
        UNION ALL SELECT 'plans', plan_id FROM '{out / "plans.parquet"}'
        UNION ALL SELECT 'networks', network_id FROM '{out / "networks.parquet"}'
        UNION ALL SELECT 'alliances', alliance_id FROM '{out / "alliances.parquet"}'
        UNION ALL SELECT 'objectives', objective_id FROM '{out / "objectives.parquet"}'
        EXCEPT SELECT table_name, record_id FROM '{out / "evidence.parquet"}'
        """
    ).fetchall()
    assert missing == []


def test_derived_values_name_their_rule(exports: dict[str, Path]) -> None:
    rules = {r["derivation"] for r in _rows(exports["default"]) if r["derivation"]}
    assert {"act-issuer-from-kind", "guideline-of-period", "position-in-list"} <= rules


def test_words_quoting_personal_data_are_withheld_unless_asked_for(
    loaded: Loaded, exports: dict[str, Path]
) -> None:
    people = [c for c in loaded.dataset.contacts if c.personal]
    assert people
    names = {c.name for c in people if c.name}
    default, personal = _rows(exports["default"]), _rows(exports["personal"])
    assert not [r for r in default if r["personal"]]
    assert not [r for r in default if any(name in (r["quote"] or "") for name in names)]
    assert {r["quote"] for r in personal if r["field"] == "name"} >= names
