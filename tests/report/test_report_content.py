"""``conciliazione report``: what the page says, for a whole export and for a part of one.

The page is read back with the standard library's HTML parser into its text, so the tests say
what a reader sees rather than how the markup is written.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conciliazione.cli.main import cli
from conciliazione.errors import SourceError
from conciliazione.report import ReportSummary, build_report

from .conftest import Exporter


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("style", "svg"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def page_tags(path: Path) -> set[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return set(parser.tags)


def test_the_page_is_self_contained(full_report: ReportSummary) -> None:
    summary = full_report
    out = summary.out
    html = out.read_text(encoding="utf-8")

    assert summary.size_bytes == len(html.encode())
    assert "script" not in page_tags(out) and "link" not in page_tags(out)
    assert not re.search(
        r"""(src|href)\s*=\s*["']?https?:""", html.split('<section id="sources"')[0]
    )
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only the SVG's own clip paths, by fragment
    assert html.count("<svg") == 3  # allocations, projects, networks


def test_vagueness_stays_visible(full_report: ReportSummary) -> None:
    out = full_report.out
    text = page_text(out)

    assert "< 100 quasi cento as of 30 May 2018" in text  # ATS Montagna, 2018
    assert "398 n. 398 as of July 2021 nel mese di luglio 2021" in text  # ATS Milano
    assert "≈ 50 (“circa la metà”)" in text  # beneficiaries of a project


def test_projects_show_their_lead_and_alliance(full_report: ReportSummary) -> None:
    out = full_report.out
    text = page_text(out)
    assert "the plan declares 6 (2020–2023)" in text
    assert "Lodigiano Welfare Azienda Speciale Consortile del Lodigiano" in text


def test_sources_show_their_dates(full_report: ReportSummary) -> None:
    out = full_report.out
    text = page_text(out)
    assert "8 July 2024 (“8 Luglio 2024”)" in text
    assert "not recorded; file 001_95dcb50e4e9d41be.txt" in text  # ATS Milano's page
    assert '<a href="https://www.ats-pavia.it/' in out.read_text()  # its address, a link


def test_a_part_of_the_ats_says_what_is_missing_instead_of_drawing_nothing(
    export_of: Exporter, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    summary = build_report(export_of("brescia"), out)
    text = page_text(out)

    assert "pavia" in summary.missing_ats and "brescia" not in summary.missing_ats
    assert "This export covers 1 of 8 ATS." in text
    assert "No projects or alliances for: ATS di Bergamo, ATS di Brescia," in text
    assert "No network for: ATS di Bergamo, ATS di Brescia," in text


def test_an_empty_or_absent_table_is_said_not_drawn(full_export: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(full_export, export)
    allocations = pq.read_table(export / "allocations.parquet")
    pq.write_table(allocations.schema.empty_table(), export / "allocations.parquet")
    (export / "networks.parquet").unlink()
    out = tmp_path / "report.html"
    build_report(export, out)
    text = page_text(out)

    assert "The allocations table of this export is empty: no chart to draw." in text
    assert "No allocations for: ATS di Bergamo, ATS di Brescia," in text
    assert "This export has no networks table." in text
    assert out.read_text().count("<svg") == 1  # projects only


def _disagreements(text: str) -> int:
    found = re.search(r"(\d+) disagreements? between sources:", text)
    return int(found.group(1)) if found else 0


def test_disagreeing_sources_are_marked(full_export: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.html"
    build_report(full_export, before)
    export = tmp_path / "export"
    shutil.copytree(full_export, export)
    table = pq.read_table(export / "allocations.parquet")
    rows = table.to_pylist()
    per_cell = Counter((r["ats_id"], r["year"]) for r in rows)
    alone = next(r for r in rows if per_cell[(r["ats_id"], r["year"])] == 1)
    other = alone | {
        "allocation_id": alone["allocation_id"] + ":other",
        "amount_eur": alone["amount_eur"] + Decimal("1000.00"),
        "source_id": "core:riparto-di-prova",
    }
    pq.write_table(
        pa.concat_tables([table, pa.Table.from_pylist([other], table.schema)]),
        export / "allocations.parquet",
    )
    out = tmp_path / "report.html"
    build_report(export, out)
    text = page_text(out)

    assert _disagreements(text) == _disagreements(page_text(before)) + 1
    line = re.search(rf"{alone['ats_id']} {alone['year']}: [^;]*; difference € 1,000\.00", text)
    assert line is not None and "(core:riparto-di-prova)" in line.group(0)
    assert "≠ sources disagree" in out.read_text()


def test_findings_carry_the_words_of_the_evidence_table(full_export: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(full_export, export)
    findings = pq.read_table(export / "findings.parquet").to_pylist()
    target = next(f for f in findings if f["path"] == "declared_project_count")
    evidence = pa.table(
        {
            "table_name": ["plans"],
            "record_id": [target["entity_id"]],
            "field": ["declared_project_count"],
            "source_id": [target["source_id"]],
            "start_offset": pa.array([10], pa.int64()),
            "end_offset": pa.array([22], pa.int64()),
            "quote": ["sei progetti"],
            "derivation": pa.array([None], pa.string()),
        }
    )
    pq.write_table(evidence, export / "evidence.parquet")
    out = tmp_path / "report.html"
    build_report(export, out)
    html = out.read_text()

    assert '<p class="words">sei progetti</p>' in html
    assert "This export has no evidence table" not in html


def test_the_command_writes_the_report_and_refuses_a_directory_that_is_no_export(
    full_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(full_export), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (" in result.output and out.is_file()

    refused = CliRunner().invoke(cli, ["report", str(tmp_path), "--out", str(out)])
    assert refused.exit_code == 2
    assert "not an export: no datapackage.json" in refused.output
    with pytest.raises(SourceError):
        build_report(tmp_path / "nothing", tmp_path / "x.html")


def test_a_network_without_a_stated_size_is_listed_not_drawn(
    export_of: Exporter, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    build_report(export_of("pavia"), out)
    text = page_text(out)

    assert "No network in this export states its size: no chart to draw." in text
    assert "ATS di Pavia not stated — date not stated" in text
    assert "No projects or alliances for: ATS di Bergamo" in text
    assert out.read_text().count("<svg") == 1  # Pavia's allocations only


def test_the_words_come_from_the_exports_own_evidence(full_export: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    build_report(full_export, out)
    html = out.read_text()

    assert "This export has no evidence table" not in html
    # ATS Milano's plan declares more projects than it lists: the finding quotes its words.
    assert '<p class="words">sei progetti</p>' in html
