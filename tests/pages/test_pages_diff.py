"""What changed between two publications: ``conciliazione diff OLD NEW``.

The built-in export is compared with an export of the same five pages, two of them edited the
way an ATS updates its page: Pavia's 2022 amount and the page's title, and one more project on
Montagna's list. The diff lists exactly those facts, with the words they came from when the
exports have the evidence table, and nothing else.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from conciliazione.api import run_export
from conciliazione.cli.main import cli
from conciliazione.errors import SourceError
from conciliazione.export.diff import IncomparableExportsError, diff_exports
from conciliazione.export.schemas import SCHEMA_VERSION

PLUGINS = Path(__file__).parents[2] / "plugins"
PAVIA = "003_cc3c723282e7ce42.txt"
MONTAGNA = "000_85faaafccf00cc38.txt"
AMOUNT_2022 = "pavia:allocation:dgr-xi-2398-2019-2022"
NEW_PROJECT = "montagna:project:2020-2023:estate-insieme"
OLD_TITLE = (
    "Conciliazione famiglia-lavoro: le iniziative della Rete territoriale della provincia di "
    "Pavia - triennio 2020-2023"
)
NEW_TITLE = "Conciliazione famiglia-lavoro: le iniziative della Rete di Pavia - triennio 2020-2023"

EDITS = {
    PAVIA: [
        (
            "euro 54.260,00 a valere sull'annualità 2022",
            "euro 56.000,00 a valere sull'annualità 2022",
        ),
        (OLD_TITLE, NEW_TITLE),
    ],
    MONTAGNA: [
        (
            "- Doposcuola compiti insieme con capofila IC Darfo.",
            "- Doposcuola compiti insieme con capofila IC Darfo;\n"
            "- Estate insieme con capofila Comune di Tirano.",
        )
    ],
}


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built-in export twice, and an export of the five pages with the edits above."""
    root = tmp_path_factory.mktemp("diff")
    pages = root / "pages"
    pages.mkdir()
    for page in sorted(PLUGINS.glob("conciliazione-ats-*/src/*/pages/*.txt")):
        text = page.read_text(encoding="utf-8")
        for old, new in EDITS.get(page.name, []):
            assert old in text, (page.name, old)
            text = text.replace(old, new)
        (pages / page.name).write_text(text, encoding="utf-8")
    run_export(root / "builtin")
    run_export(root / "again")
    run_export(root / "edited", sources=sorted(pages.iterdir()))
    return {"builtin": root / "builtin", "again": root / "again", "edited": root / "edited"}


def facts(diff: Any) -> set[tuple[str, ...]]:
    return (
        {("added", r.table, r.record_id) for r in diff.added}
        | {("removed", r.table, r.record_id) for r in diff.removed}
        | {("changed", c.table, c.record_id, c.field) for c in diff.changed}
    )


def test_two_exports_of_the_same_pages_differ_in_nothing(exports: dict[str, Path]) -> None:
    diff = diff_exports(exports["builtin"], exports["again"])
    assert not diff.has_changes
    assert (diff.added, diff.removed, diff.changed, diff.pages) == ((), (), (), ())
    result = cli_run("diff", str(exports["builtin"]), str(exports["again"]))
    assert result.exit_code == 0, result.output
    assert "no fact changed: 0 added, 0 removed, 0 changed" in result.output


def test_an_edited_page_gives_exactly_the_facts_that_were_edited(
    exports: dict[str, Path],
) -> None:
    diff = diff_exports(exports["builtin"], exports["edited"])
    assert facts(diff) == {
        ("changed", "allocations", AMOUNT_2022, "amount_eur"),
        ("changed", "sources", f"pavia:{PAVIA}", "title"),
        ("added", "projects", NEW_PROJECT),
        # The plan lists one more project: its list, and the count derived from it.
        ("changed", "plans", "montagna:plan:2020-2023", "project_ids"),
        ("changed", "plans", "montagna:plan:2020-2023", "listed_project_count"),
    }
    by_field = {(c.table, c.field): c for c in diff.changed}
    amount = by_field["allocations", "amount_eur"]
    assert (amount.old, amount.new) == (Decimal("54260.00"), Decimal("56000.00"))
    assert (by_field["sources", "title"].old, by_field["sources", "title"].new) == (
        OLD_TITLE,
        NEW_TITLE,
    )
    assert by_field["plans", "listed_project_count"].derived
    assert not amount.derived
    (project,) = diff.added
    assert project.values["title"] == "Estate insieme"
    assert project.values["lead_org_id"] == "montagna:org:comune-di-tirano"
    # Other copies of the pages: listed apart, not facts.
    assert {p.source_id for p in diff.pages} >= {f"pavia:{PAVIA}", f"montagna:{MONTAGNA}"}


def test_the_command_exits_1_and_json_carries_the_changes_for_pipelines(
    exports: dict[str, Path],
) -> None:
    text = cli_run("diff", str(exports["builtin"]), str(exports["edited"]))
    assert text.exit_code == 1
    assert f"~ {AMOUNT_2022} amount_eur: 54260.00 → 56000.00" in text.output
    assert f"+ {NEW_PROJECT}" in text.output
    result = cli_run("diff", str(exports["builtin"]), str(exports["edited"]), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["changed"] is True
    assert payload["summary"] == {"added": 1, "removed": 0, "changed": 4}
    (amount,) = payload["tables"]["allocations"]["changed"]
    assert (amount["old"], amount["new"]) == ("54260.00", "56000.00")  # money is never a float
    assert [r["record_id"] for r in payload["tables"]["projects"]["added"]] == [NEW_PROJECT]


def _add_evidence(export: Path, rows: list[dict[str, Any]], into: Path) -> Path:
    shutil.copytree(export, into)
    schema = pa.schema(
        [
            ("table_name", pa.string()),
            ("record_id", pa.string()),
            ("field", pa.string()),
            ("source_id", pa.string()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
            ("quote", pa.string()),
            ("derivation", pa.string()),
        ]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), into / "evidence.parquet")
    return into


def _quote(record_id: str, field: str, table: str, quote: str) -> dict[str, Any]:
    return {
        "table_name": table,
        "record_id": record_id,
        "field": field,
        "source_id": f"pavia:{PAVIA}",
        "start_offset": 0,
        "end_offset": len(quote),
        "quote": quote,
        "derivation": None,
    }


def test_with_the_evidence_table_each_value_comes_with_its_words(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    old = _add_evidence(
        exports["builtin"],
        [_quote(AMOUNT_2022, "amount_eur", "allocations", "euro 54.260,00")],
        tmp_path / "old",
    )
    new = _add_evidence(
        exports["edited"],
        [
            _quote(AMOUNT_2022, "amount_eur", "allocations", "euro 56.000,00"),
            _quote(NEW_PROJECT, "title", "projects", "Estate insieme"),
        ],
        tmp_path / "new",
    )
    diff = diff_exports(old, new)
    amount = next(c for c in diff.changed if c.field == "amount_eur")
    assert (amount.old_words, amount.new_words) == ("euro 54.260,00", "euro 56.000,00")
    assert diff.added[0].words == {"title": "Estate insieme"}
    assert not diff.notes
    result = cli_run("diff", str(old), str(new))
    assert "old words: «euro 54.260,00»" in result.output
    assert "new words: «euro 56.000,00»" in result.output


def _with_schema_version(export: Path, version: str, into: Path) -> Path:
    shutil.copytree(export, into)
    path = into / "sources.parquet"
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata)
    metadata[b"schema_version"] = version.encode()
    pq.write_table(table.replace_schema_metadata(metadata), path)
    return into


def test_exports_of_different_major_schema_versions_are_not_compared(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    future = _with_schema_version(exports["again"], "2.0.0", tmp_path / "future")
    with pytest.raises(
        IncomparableExportsError, match=rf"{re.escape(SCHEMA_VERSION)} and .* 2\.0\.0"
    ):
        diff_exports(exports["builtin"], future)
    result = cli_run("diff", str(exports["builtin"]), str(future))
    assert result.exit_code == 2
    assert "different major schema versions cannot be compared" in result.stderr


def test_a_minor_version_apart_a_column_only_one_side_has_is_named_and_left_out(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    older = tmp_path / "older"
    shutil.copytree(exports["builtin"], older)
    path = older / "sources.parquet"
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["address", "retrieved_at"]), path)
    older = _with_schema_version(older, "1.0.0", tmp_path / "older-1.0")
    diff = diff_exports(older, exports["again"])
    assert not diff.has_changes
    assert "sources.address is only in the new export" in diff.notes


def test_a_directory_that_is_not_an_export_is_named(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(SourceError, match=r"no sources\.parquet"):
        diff_exports(tmp_path, exports["builtin"])
    result = cli_run("diff", str(tmp_path / "nope"), str(exports["builtin"]))
    assert result.exit_code == 2
    assert f"Error: {tmp_path / 'nope'}: no such export directory" in result.stderr
