"""Ingesting registers end to end: valid rows to Parquet, rejects with reasons, nothing lost."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conciliazione.errors import (
    ConciliazioneWarning,
    SourceError,
    UnknownAtsError,
    UnknownEntityError,
)
from conciliazione.findings import Finding, Severity
from conciliazione.plugins import hookimpl, make_plugin_host
from conciliazione.plugins.adapter import AtsAdapter
from conciliazione.registers import findings as codes
from conciliazione.registers import ingest, register_finding_types
from conciliazione.registers.catalog import available_layouts, get_layout
from conciliazione.registers.layout import ColumnSpec, RegisterLayout

Row = dict[str, str]

# One bad cell per reason a row can be rejected, on an otherwise good service record.
SPOILERS: dict[str, tuple[str, str, str]] = {
    codes.REQUIRED_MISSING: ("ID", "", "ID"),
    codes.NOT_IN_CODELIST: ("ATS", "lecco", "ATS"),
    codes.BAD_DATE: ("Data inizio", "31/02/2023", "Data inizio"),
    codes.BAD_NUMBER: ("Costo EUR", "12.5", "Costo EUR"),
    codes.BAD_BOOLEAN: ("Cofinanziato", "forse", "Cofinanziato"),
    codes.OUT_OF_RANGE: ("Età", "130", "Età"),
    codes.BAD_ISTAT_CODE: ("Comune ISTAT", "18110", "Comune ISTAT"),
    codes.BAD_CODICE_FISCALE: (
        "Codice fiscale beneficiario",
        "RCCMNL83S18D969A",
        "Codice fiscale beneficiario",
    ),
}


def read(path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def test_every_finding_code_is_catalogued_as_an_error() -> None:
    catalogue = {t.code: t for t in register_finding_types()}
    assert set(catalogue) == {
        *SPOILERS,
        codes.BAD_PARTITA_IVA,
        codes.MALFORMED_ROW,
        codes.DUPLICATE_ID,
        codes.ATS_MISMATCH,
    }
    assert all(t.severity is Severity.ERROR for t in catalogue.values())
    assert all(t.title and t.description and t.fix for t in catalogue.values())


def test_valid_rows_are_exported_typed_with_their_provenance(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(), service_row(ID="SR2", **{"Data fine": "", "Età": ""})])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_read, summary.rows_exported, summary.rows_rejected) == (2, 2, 0)
    first, second = read(summary.valid_path)
    assert first == {
        "record_id": "SR1",
        "ats_id": "pavia",
        "project_id": "P01",
        "service_type": "A",
        "municipality_istat": "018110",
        "provider_codice_fiscale": "00743110157",
        "beneficiary_age": 41,
        "start_date": date(2021, 2, 3),
        "end_date": date(2021, 6, 30),
        "hours": Decimal("12.50"),
        "cost_eur": Decimal("1234.56"),
        "cofunded": True,
        "source_file": "register.csv",
        "source_row": 2,
    }
    assert (second["end_date"], second["beneficiary_age"], second["source_row"]) == (None, None, 3)
    schema = pq.read_schema(summary.valid_path)
    assert schema.field("cost_eur").type == pa.decimal128(18, 2)
    assert schema.field("start_date").type == pa.date32()
    assert schema.metadata[b"conciliazione.layout"] == b"service_records"
    assert schema.metadata[b"conciliazione.ats_id"] == b"pavia"
    assert schema.field("municipality_istat").metadata[b"header"] == b"Comune ISTAT"


def test_personal_columns_are_exported_only_when_asked(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(), service_row(ATS="lecco")])
    plain = ingest([path], "service_records", tmp_path / "a", ats_id="pavia")
    assert "beneficiary_codice_fiscale" not in pq.read_schema(plain.valid_path).names
    assert "Codice fiscale beneficiario" not in pq.read_schema(plain.rejects_path).names
    asked = ingest([path], "service_records", tmp_path / "b", ats_id="pavia", include_personal=True)
    assert read(asked.valid_path)[0]["beneficiary_codice_fiscale"] == "RCCMNL83S18D969H"


@pytest.mark.parametrize("code", sorted(SPOILERS))
def test_each_reason_rejects_the_row_with_a_finding_naming_file_row_column_and_value(
    write_csv: Callable[..., Path],
    service_row: Callable[..., Row],
    tmp_path: Path,
    code: str,
) -> None:
    header, value, column = SPOILERS[code]
    path = write_csv([service_row(), service_row(**{header: value})])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_exported, summary.rows_rejected) == (1, 1)
    assert summary.findings_by_code == {code: 1}
    [issue] = summary.issues
    assert (issue.file, issue.row, issue.column, issue.code) == ("register.csv", 3, column, code)
    personal = column == "Codice fiscale beneficiario"
    assert issue.value == (None if personal else value or None)
    if value:
        assert (repr(value) in issue.message) is not personal
    [reject] = read(summary.rejects_path)
    assert reject["source_row"] == 3
    assert reject["reasons"] == [{"code": code, "column": column}]
    assert reject["Tipologia"] == "A"  # the row as the file had it, as text


def test_personal_values_are_quoted_only_when_asked(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    bad = {"Codice fiscale beneficiario": "RCCMNL83S18D969A"}
    path = write_csv([service_row(**bad)])
    hidden = ingest([path], "service_records", tmp_path / "a", ats_id="pavia")
    assert "RCCMNL83S18D969A" not in repr(hidden.issues)
    assert "personal data, not shown" in hidden.issues[0].message
    shown = ingest([path], "service_records", tmp_path / "b", ats_id="pavia", include_personal=True)
    assert shown.issues[0].value == "RCCMNL83S18D969A"
    assert read(shown.rejects_path)[0]["Codice fiscale beneficiario"] == "RCCMNL83S18D969A"


def test_a_bad_partita_iva_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Denominazione;Partita IVA\nA;IT00743110157\nB;00743110158\n")
    summary = ingest([path], "organizations", tmp_path / "out", ats_id="milano")
    assert summary.findings_by_code == {codes.BAD_PARTITA_IVA: 1}
    assert [r["partita_iva"] for r in read(summary.valid_path)] == ["00743110157"]


def test_a_row_with_several_bad_cells_lists_every_reason_in_column_order(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    bad = service_row(**{"Costo EUR": "x", "ATS": "lecco", "Data fine": "2021-06-30"})
    path = write_csv([bad])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    [reject] = read(summary.rejects_path)
    assert reject["reasons"] == [
        {"code": codes.NOT_IN_CODELIST, "column": "ATS"},
        {"code": codes.BAD_DATE, "column": "Data fine"},
        {"code": codes.BAD_NUMBER, "column": "Costo EUR"},
    ]
    assert summary.rows_rejected == 1
    assert sum(summary.findings_by_code.values()) == 3


def test_malformed_lines_are_rejected_whole_and_numbered(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Denominazione;Partita IVA\nA;00743110157\nB;1;2\nC;\n")
    summary = ingest([path], "organizations", tmp_path / "out", ats_id="milano")
    assert (summary.rows_read, summary.rows_exported, summary.rows_rejected) == (3, 2, 1)
    [reject] = read(summary.rejects_path)
    assert (reject["source_row"], reject["raw_line"]) == (3, "B;1;2")
    assert reject["reasons"] == [{"code": codes.MALFORMED_ROW, "column": None}]
    [issue] = summary.issues
    assert (issue.row, issue.code) == (3, codes.MALFORMED_ROW)
    assert [r["source_row"] for r in read(summary.valid_path)] == [2, 4]


def test_malformed_lines_of_a_layout_with_personal_data_are_not_repeated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.csv"
    header = ";".join(_GOOD)
    path.write_text(f"{header}\n" + ";".join(_GOOD.values()) + ";in più\n")
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    [reject] = read(summary.rejects_path)
    assert (reject["source_row"], reject["raw_line"]) == (2, None)
    assert summary.issues[0].value is None


def test_issues_are_capped_per_code_but_counts_stay_exact(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    rows = [service_row(ATS="lecco", Età="200") for _ in range(7)]
    path = write_csv(rows)
    summary = ingest(
        [path], "service_records", tmp_path / "out", ats_id="pavia", max_issues_per_code=2
    )
    assert summary.findings_by_code == {codes.NOT_IN_CODELIST: 7, codes.OUT_OF_RANGE: 7}
    assert [i.row for i in summary.issues if i.code == codes.NOT_IN_CODELIST] == [2, 3]
    assert summary.issues_truncated
    assert len(read(summary.rejects_path)) == 7


def test_issues_become_core_findings(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(ATS="lecco")])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    [finding] = summary.findings()
    assert isinstance(finding, Finding)
    assert (finding.code, finding.entity, finding.entity_id, finding.path, finding.ats_id) == (
        codes.NOT_IN_CODELIST,
        "service_record",
        "register.csv:2",
        "ats_id",
        "pavia",
    )
    assert "'lecco'" in finding.message


def test_several_files_and_formats_go_into_one_table(
    write_csv: Callable[..., Path],
    write_xlsx: Callable[..., Path],
    service_row: Callable[..., Row],
    tmp_path: Path,
) -> None:
    csv_path = write_csv([service_row()])
    row = service_row(ID="SR9")
    header = list(row)
    values: list[Any] = list(row.values())
    values[header.index("Data inizio")] = date(2021, 2, 3)
    values[header.index("Età")] = 41
    xlsx_path = write_xlsx([("Registro", [header, values])])
    summary = ingest([csv_path, xlsx_path], "service_records", tmp_path / "out", ats_id="pavia")
    assert [(f.kind, f.rows_exported) for f in summary.files] == [("csv", 1), ("xlsx", 1)]
    rows = read(summary.valid_path)
    assert [(r["record_id"], r["source_file"], r["start_date"]) for r in rows] == [
        ("SR1", "register.csv", date(2021, 2, 3)),
        ("SR9", "register.xlsx", date(2021, 2, 3)),
    ]


def test_streaming_in_small_batches_gives_the_same_tables_as_one_batch(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    rows = []
    for i in range(3000):
        spoiled = list(SPOILERS.values())[i % len(SPOILERS)] if i % 7 == 0 else None
        changes = {spoiled[0]: spoiled[1]} if spoiled else {}
        rows.append(service_row(**{"ID": f"SR{i}", **changes}))
    path = write_csv(rows)
    one = ingest(
        [path],
        "service_records",
        tmp_path / "one",
        ats_id="pavia",
        block_size=1 << 26,
        batch_rows=1 << 20,
    )
    many = ingest(
        [path],
        "service_records",
        tmp_path / "many",
        ats_id="pavia",
        block_size=4096,
        batch_rows=100,
    )
    assert pq.ParquetFile(many.valid_path).metadata.num_row_groups > 10
    assert pq.ParquetFile(one.valid_path).metadata.num_row_groups == 1
    assert pq.read_table(one.valid_path).equals(pq.read_table(many.valid_path))
    assert pq.read_table(one.rejects_path).equals(pq.read_table(many.rejects_path))
    assert one.findings_by_code == many.findings_by_code
    assert one.issues == many.issues


@st.composite
def registers(draw: st.DrawFn) -> list[tuple[str, Row | str]]:
    """A mix of good rows, rows with one or more bad cells, and malformed lines."""
    kinds = st.sampled_from(["good", "bad", "bad", "worse", "malformed"])
    rows: list[tuple[str, Row | str]] = []
    for i, kind in enumerate(draw(st.lists(kinds, max_size=40))):
        row = {**_GOOD, "ID": f"R{i}"}
        if kind == "malformed":
            rows.append((kind, ";".join(row.values()) + ";extra"))
            continue
        if kind in ("bad", "worse"):
            picked = draw(
                st.lists(
                    st.sampled_from(sorted(SPOILERS)),
                    min_size=1,
                    max_size=1 if kind == "bad" else 4,
                    unique=True,
                )
            )
            for code in picked:
                header, value, _ = SPOILERS[code]
                row[header] = value
        rows.append((kind, row))
    return rows


_GOOD: Row = {
    "ID": "SR1",
    "ATS": "pavia",
    "ID progetto": "P01",
    "Tipologia": "A",
    "Comune ISTAT": "018110",
    "Codice fiscale ente": "00743110157",
    "Codice fiscale beneficiario": "RCCMNL83S18D969H",
    "Età": "41",
    "Data inizio": "03/02/2021",
    "Data fine": "30/06/2021",
    "Ore": "12,5",
    "Costo EUR": "1.234,56",
    "Cofinanziato": "sì",
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=registers(),
    block_size=st.sampled_from([512, 4096, 1 << 20]),
    batch_rows=st.sampled_from([1, 7, 65_536]),
)
def test_nothing_is_lost_rows_read_equal_exported_plus_rejected(
    rows: list[tuple[str, Row | str]], block_size: int, batch_rows: int
) -> None:
    lines = [";".join(_GOOD)]
    lines += [item if isinstance(item, str) else ";".join(item.values()) for _, item in rows]
    good = sum(kind == "good" for kind, _ in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        summary = ingest(
            [path],
            "service_records",
            Path(tmp) / "out",
            ats_id="pavia",
            block_size=block_size,
            batch_rows=batch_rows,
        )
        assert summary.balanced
        assert summary.rows_read == len(rows)
        assert summary.rows_read == summary.rows_exported + summary.rows_rejected
        assert (summary.rows_exported, summary.rows_rejected) == (good, len(rows) - good)
        assert pq.read_metadata(summary.valid_path).num_rows == summary.rows_exported
        assert pq.read_metadata(summary.rejects_path).num_rows == summary.rows_rejected
        exported = {r["record_id"] for r in read(summary.valid_path)}
        assert exported == {
            item["ID"] for kind, item in rows if kind == "good" and isinstance(item, dict)
        }
    assert summary.accounting_line().endswith("(balanced)")


# -- errors and outputs ----------------------------------------------------------------------


def test_unknown_ats_and_layout_are_errors(tmp_path: Path, write_csv: Callable[..., Path]) -> None:
    path = write_csv([])
    with pytest.raises(UnknownAtsError, match="lecco"):
        ingest([path], "service_records", tmp_path, ats_id="lecco")
    with pytest.raises(UnknownEntityError, match="the layouts are: organizations, service_records"):
        ingest([path], "members", tmp_path, ats_id="pavia")


def test_a_missing_second_file_fails_before_anything_is_written(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row()])
    out = tmp_path / "out"
    with pytest.raises(SourceError, match="no such file"):
        ingest([path, tmp_path / "nope.csv"], "service_records", out, ats_id="pavia")
    assert not out.exists()


def test_a_failure_half_way_leaves_the_previous_outputs_intact(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = ingest([write_csv([service_row()])], "service_records", out, ats_id="pavia")
    before = pq.read_table(first.valid_path)
    broken = tmp_path / "broken.csv"
    # Past the first megabyte (the sniffed sample), a byte that is not UTF-8.
    text = "".join(f"SR{i};pavia\n" for i in range(120_000))
    broken.write_bytes(f"ID;ATS\n{text}".encode() + b"Citt\xe0;pavia\n")
    layout = RegisterLayout(
        "service_records",
        "service_record",
        [ColumnSpec("ID", "record_id"), ColumnSpec("ATS", "ats_id")],
    )
    with pytest.raises(SourceError, match="not valid UTF-8"):
        ingest([broken], layout, out, ats_id="pavia", block_size=1 << 14)
    assert pq.read_table(first.valid_path).equals(before)
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage.json",
        "service_records.parquet",
        "service_records_rejects.parquet",
    ]


def test_an_unwritable_output_is_an_export_error(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    from conciliazione.errors import ExportError

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ExportError, match="cannot write"):
        ingest([write_csv([service_row()])], "service_records", blocker / "out", ats_id="pavia")


# -- layouts from plugins ----------------------------------------------------------------------


class PaviaRegisters:
    """A throw-away ATS plugin describing one register layout."""

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        register(AtsAdapter(ats_id="pavia", layouts=self.layouts))

    @staticmethod
    def layouts() -> list[RegisterLayout]:
        return [
            RegisterLayout(
                name="pavia_members",
                entity="organization",
                title="Members of the territorial network",
                columns=[
                    ColumnSpec("Denominazione", "name", required=True),
                    ColumnSpec("Codice fiscale", "codice_fiscale", pattern="codice_fiscale"),
                    ColumnSpec("Categoria", "category", values={"Ente pubblico": "public_body"}),
                ],
            )
        ]


def test_a_plugin_describes_a_layout_and_the_core_reads_it(tmp_path: Path) -> None:
    host = make_plugin_host(entry_points=False, plugins=[PaviaRegisters()])
    layout = get_layout("pavia_members", host, ats_id="pavia")
    assert (layout.ats_id, layout.origin) == ("pavia", "PaviaRegisters")
    path = tmp_path / "soci.csv"
    path.write_text("Denominazione;Categoria\nComune di Pavia;ente pubblico\nX;Altro\n")
    summary = ingest([path], "pavia_members", tmp_path / "out", ats_id="pavia", host=host)
    assert read(summary.valid_path)[0]["category"] == "public_body"
    assert summary.findings_by_code == {codes.NOT_IN_CODELIST: 1}
    assert pq.read_schema(summary.valid_path).metadata[b"conciliazione.layout_origin"] == (
        b"PaviaRegisters"
    )


def test_a_plugin_layout_belongs_to_its_ats(tmp_path: Path) -> None:
    host = make_plugin_host(entry_points=False, plugins=[PaviaRegisters()])
    assert "pavia_members" not in available_layouts(host, ats_id="milano")
    with pytest.raises(UnknownEntityError, match="belongs to ATS 'pavia', not to 'milano'"):
        get_layout("pavia_members", host, ats_id="milano")


def test_a_plugin_failing_in_the_hook_is_recorded_and_core_layouts_remain() -> None:
    class Broken:
        @hookimpl
        def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
            register(AtsAdapter(ats_id="brescia", layouts=lambda: ["not a layout"]))

    host = make_plugin_host(entry_points=False, plugins=[Broken()])
    assert sorted(available_layouts(host)) == ["organizations", "service_records"]
    [failure] = host.failures
    assert "layouts() must give RegisterLayout values, not 'not a layout'" in failure.problem


def test_a_plugin_layout_may_not_take_a_core_name() -> None:
    class Greedy:
        @hookimpl
        def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
            layout = RegisterLayout("organizations", "organization", [ColumnSpec("N", "name")])
            register(AtsAdapter(ats_id="bergamo", layouts=lambda: [layout]))

    host = make_plugin_host(entry_points=False, plugins=[Greedy()])
    with pytest.warns(ConciliazioneWarning, match="already taken"):
        layouts = available_layouts(host)
    assert layouts["organizations"].origin == "core"


@pytest.mark.parametrize(
    ("columns", "problem"),
    [
        ([], "has no columns"),
        ([ColumnSpec("A", "a"), ColumnSpec("a ", "b")], "share header"),
        ([ColumnSpec("A", "a"), ColumnSpec("B", "a")], "share field"),
    ],
)
def test_malformed_layouts_are_refused(columns: list[ColumnSpec], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        RegisterLayout("x", "thing", columns)


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"field": "Bad Field"}, "snake_case"),
        ({"type": "money"}, "unknown type"),
        ({"type": "int", "pattern": "codice_fiscale"}, "text columns only"),
        ({"pattern": "codice_fiscale", "codelist": "ats"}, "at most one"),
        ({"minimum": 1}, "numbers and dates only"),
        ({"codelist": "comuni"}, "unknown codelist"),
    ],
)
def test_malformed_columns_are_refused(options: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ColumnSpec(**{"header": "H", "field": "f", **options})


# -- publishing ----------------------------------------------------------------------------------


def test_two_layouts_share_an_output_directory_described_by_one_datapackage(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    import json

    out = tmp_path / "out"
    ingest([write_csv([service_row()])], "service_records", out, ats_id="pavia")
    organizations = tmp_path / "soci.csv"
    organizations.write_text("Denominazione;Codice fiscale\nEnte;00743110157\n")
    ingest([organizations], "organizations", out, ats_id="milano")
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage.json",
        "organizations.parquet",
        "organizations_rejects.parquet",
        "service_records.parquet",
        "service_records_rejects.parquet",
    ]
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == sorted(
        p.name for p in out.iterdir() if p.suffix == ".parquet"
    )


def test_both_tables_of_an_ingest_carry_the_same_publish_metadata(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    import hashlib
    import json

    path = write_csv([service_row()])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    stamps = []
    for table in (summary.valid_path, summary.rejects_path):
        meta = pq.read_metadata(table).metadata
        stamps.append(
            {k: meta[k] for k in (b"library_version", b"source_checksums", b"exported_at")}
        )
    assert stamps[0] == stamps[1]
    checksums = json.loads(stamps[0][b"source_checksums"])
    assert checksums == {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}


def test_an_ingest_killed_inside_the_publish_leaves_the_previous_tables_together(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    first = ingest([write_csv([service_row()])], "service_records", out, ats_id="pavia")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    second = tmp_path / "second.csv"
    second.write_text(Path(write_csv([service_row(), service_row(ID="SR2")])).read_text())
    script = (
        "import sys; from conciliazione.registers import ingest;"
        " ingest([sys.argv[1]], 'service_records', sys.argv[2], ats_id='pavia')"
    )
    for point in ("staged", "named", "linked"):
        env = {**os.environ, "CONCILIAZIONE_FAULT": f"{point}:kill"}
        done = subprocess.run(
            [sys.executable, "-c", script, str(second), str(out)], env=env, timeout=120
        )
        assert done.returncode == -signal.SIGKILL
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert pq.read_table(first.valid_path).num_rows == 1


# -- every row and every cell ------------------------------------------------------------------


def test_a_repeated_id_is_rejected_naming_the_row_that_had_it_first(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(ID="SR1"), service_row(ID="SR2"), service_row(ID="SR1")])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_exported, summary.rows_rejected) == (2, 1)
    (issue,) = [i for i in summary.issues if i.code == "register-duplicate-id"]
    assert (issue.file, issue.row) == ("register.csv", 4)
    assert (
        issue.message
        == "column 'ID': 'SR1' is the id of an earlier row (first seen at register.csv:2)"
    )


def test_the_same_register_given_twice_is_refused_and_a_copy_has_its_rows_rejected(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(), service_row(ID="SR2")])
    with pytest.raises(SourceError, match="is given twice"):
        ingest([path, path], "service_records", tmp_path / "out", ats_id="pavia")
    copy = tmp_path / "copia.csv"
    copy.write_bytes(path.read_bytes())
    summary = ingest([path, copy], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_exported, summary.rows_rejected) == (2, 2)
    firsts = sorted(i.message.rsplit("at ", 1)[1] for i in summary.issues if i.file == "copia.csv")
    assert firsts == ["register.csv:2)", "register.csv:3)"]


def test_a_row_of_another_ats_is_rejected(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    path = write_csv([service_row(), service_row(ID="SR2", ATS="milano")])
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_exported, summary.rows_rejected) == (1, 1)
    (issue,) = [i for i in summary.issues if i.code == "register-ats-mismatch"]
    assert (issue.row, issue.value) == (3, "milano")
    rejects = read(summary.rejects_path)
    assert rejects[0]["reasons"] == [{"code": "register-ats-mismatch", "column": "ATS"}]


def test_an_xlsx_cell_beyond_the_last_header_column_rejects_its_row(
    write_xlsx: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    row = service_row()
    header = list(row)
    good = list(row.values())
    extra = [*service_row(ID="SR2").values(), "una nota"]
    path = write_xlsx([("Registro", [header, good, extra])])
    summary = ingest(
        [path], "service_records", tmp_path / "out", ats_id="pavia", include_personal=True
    )
    assert (summary.rows_read, summary.rows_exported, summary.rows_rejected) == (2, 1, 1)
    (issue,) = summary.issues
    assert (issue.code, issue.row) == ("register-malformed-row", 3)
    assert issue.value is not None and issue.value.endswith(";una nota")


def test_a_quote_left_open_loses_no_row_and_reports_file_lines(
    service_row: Callable[..., Row], tmp_path: Path
) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(list(service_row()))
    for n in range(1, 6):
        writer.writerow(list(service_row(ID=f"SR{n}").values()))
    lines = out.getvalue().splitlines()
    lines[2] = '"' + lines[2]  # line 3 opens a quote it never closes
    lines.insert(4, "")  # and a blank line 5
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest([path], "service_records", tmp_path / "out", ats_id="pavia")
    assert summary.balanced
    valid = sorted((r["record_id"], r["source_row"]) for r in read(summary.valid_path))
    assert valid == [("SR1", 2), ("SR3", 4), ("SR4", 6), ("SR5", 7)]
    (reject,) = read(summary.rejects_path)
    assert (reject["source_row"], reject["source_record"]) == (3, 2)
    (issue,) = summary.issues
    assert (issue.code, issue.row, issue.record) == ("register-malformed-row", 3, 2)
    assert "lines 3–7 ran together" in issue.message


def test_rejects_and_findings_give_the_record_number_beside_the_line(tmp_path: Path) -> None:
    """Line 5 holds the second record: the first runs across lines 2-3, line 4 is blank."""
    path = tmp_path / "org.csv"
    path.write_text('Denominazione;Partita IVA\n"Comune\ndi Pavia";\n\n;00743110157\n')
    summary = ingest([path], "organizations", tmp_path / "out", ats_id="pavia")
    (reject,) = read(summary.rejects_path)
    assert (reject["source_row"], reject["source_record"]) == (5, 2)
    field = pq.read_schema(summary.rejects_path).field("source_record")
    assert field.type == pa.int64() and b"header excluded" in (field.metadata or {})[b"description"]
    (issue,) = summary.issues
    assert (issue.code, issue.row, issue.record) == ("register-required-missing", 5, 2)
    assert issue.where == "org.csv:5 (record 2)"
    finding = issue.to_finding(entity="organization", ats_id="pavia")
    assert finding.entity_id == "org.csv:5"
    assert finding.message.startswith("record 2: column 'Denominazione'")


def test_a_full_disk_names_the_file_being_written_and_keeps_the_previous_tables(
    write_csv: Callable[..., Path],
    service_row: Callable[..., Row],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conciliazione.errors import ExportError

    out = tmp_path / "out"
    first = ingest([write_csv([service_row()])], "service_records", out, ats_id="pavia")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_batch", full)
    with pytest.raises(ExportError) as info:
        ingest([write_csv([service_row()])], "service_records", out, ats_id="pavia")
    message = str(info.value)
    assert message.startswith(f"{out}: cannot write ")
    assert "service_records.parquet (No space left on device)" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert pq.read_table(first.valid_path).num_rows == 1


def test_published_tables_follow_the_umask(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> None:
    import os

    old = os.umask(0o022)
    try:
        summary = ingest(
            [write_csv([service_row()])], "service_records", tmp_path / "o", ats_id="pavia"
        )
    finally:
        os.umask(old)
    for path in (summary.valid_path, summary.rejects_path):
        assert os.stat(path).st_mode & 0o777 == 0o644
