"""Reading registers: encodings, delimiters, headers, spreadsheets, and what is refused."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from conciliazione.errors import SourceError
from conciliazione.registers.files import RowNumbersUnknown, open_register
from conciliazione.registers.layout import organizations_layout, service_records_layout
from conciliazione.registers.raw import MalformedRow
from conciliazione.registers.sniff import detect_delimiter, detect_encoding
from conciliazione.registers.xlsx import cell_text

ORG_HEADER = ("Denominazione", "Tipologia", "Codice fiscale", "Partita IVA", "Comune ISTAT", "ATS")


def read_all(
    path: Path, layout_name: str = "service_records", **options: object
) -> list[dict[str, object]]:
    layout = (
        service_records_layout() if layout_name == "service_records" else organizations_layout()
    )
    reader = open_register(path, layout, **options)  # type: ignore[arg-type]
    rows: list[dict[str, object]] = []
    for batch in reader.batches():
        table = pa.table({**batch.columns, "_row": batch.rows})
        rows += table.to_pylist()
    return rows


# -- encodings ---------------------------------------------------------------------------------


def test_utf8_and_latin1_registers_read_the_same(
    write_csv: Callable[..., Path], service_row: Callable[..., dict[str, str]]
) -> None:
    rows = [service_row(**{"ID": "Attività più", "ID progetto": "Città €"})]
    utf8 = write_csv(rows, name="utf8.csv")
    latin = write_csv(rows, name="latin.csv", encoding="cp1252")
    assert open_register(utf8, service_records_layout()).info.encoding == "UTF-8"
    assert open_register(latin, service_records_layout()).info.encoding == "Latin-1 (Windows-1252)"
    assert read_all(utf8) == read_all(latin)
    assert read_all(latin)[0]["record_id"] == "Attività più"
    assert read_all(latin)[0]["project_id"] == "Città €"


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_header(
    write_csv: Callable[..., Path], service_row: Callable[..., dict[str, str]]
) -> None:
    path = write_csv([service_row()], encoding="utf-8-sig")
    assert read_all(path)[0]["record_id"] == "SR1"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"ID;ATS\x00\x01\x02", "binary"),
        (b"ID;ATS\n\x81\x8d;x\n", "neither UTF-8 nor Latin-1"),
        (b"ID;ATS\n\xe0\x03\x04\x05;x\n", "neither UTF-8 nor Latin-1"),
    ],
)
def test_files_that_are_not_text_registers_are_refused_naming_the_file(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=problem) as caught:
        open_register(path, service_records_layout())
    assert caught.value.path == str(path)


def test_a_partial_sample_may_end_in_the_middle_of_a_character() -> None:
    sample = "Città".encode()[:-1]  # 'à' cut in half at the end of the sample
    assert detect_encoding("x.csv", sample, complete=False) == "utf-8"
    assert detect_encoding("x.csv", sample, complete=True) == "cp1252"


def test_missing_files_and_directories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        open_register(tmp_path / "nope.csv", service_records_layout())
    with pytest.raises(SourceError, match="is a directory"):
        open_register(tmp_path, service_records_layout())


def test_a_fifo_a_device_and_a_symlink_loop_are_refused_at_once_naming_the_kind(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "register.csv"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match=r"is a FIFO \(named pipe\), not a regular file"):
        open_register(fifo, service_records_layout())
    with pytest.raises(SourceError, match="is a character device, not a regular file"):
        open_register("/dev/zero", service_records_layout())
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(SourceError, match="symbolic link loop"):
        open_register(loop, service_records_layout())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_register_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes("ID;ATS\nSR1;pavia\n".encode(encoding))
    with pytest.raises(SourceError, match=r"is UTF-(16|32) \((little|big)-endian\) text"):
        open_register(path, service_records_layout())


def test_invalid_utf8_past_the_sample_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = "Denominazione;Codice fiscale\n" + "Ente;00743110157\n" * 80_000
    path.write_bytes(good.encode() + b"Citt\xe0;00743110157\n")
    reader = open_register(path, organizations_layout(), block_size=1 << 16)
    with pytest.raises(SourceError, match="not valid UTF-8"):
        list(reader.batches())


# -- delimiters and headers ------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_the_delimiter_is_sniffed(
    write_csv: Callable[..., Path], service_row: Callable[..., dict[str, str]], sep: str
) -> None:
    path = write_csv([service_row()], sep=sep)
    reader = open_register(path, service_records_layout())
    assert reader.info.delimiter == sep
    assert read_all(path)[0]["cost_eur"] == "1.234,56"


def test_decimal_commas_do_not_fool_the_sniffer() -> None:
    text = "Denominazione;Importo\nA;1,5\nB;2,5\nC;3,25\n"
    assert detect_delimiter(text, ["Denominazione", "Importo"]) == ";"


def test_headers_match_ignoring_case_and_spaces_and_unknown_columns_are_ignored(
    tmp_path: Path,
) -> None:
    path = tmp_path / "org.csv"
    path.write_text("  denominazione ;NOTE;partita iva\nComune di Pavia;x;00296180185\n")
    reader = open_register(path, organizations_layout())
    assert reader.info.columns == {"name": "  denominazione ", "partita_iva": "partita iva"}
    assert reader.info.ignored == ("NOTE",)
    assert "Codice fiscale" in reader.info.missing
    [row] = read_all(path, "organizations")
    assert row["name"] == "Comune di Pavia"
    assert row["codice_fiscale"] is None


def test_a_register_without_a_required_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Ragione sociale;Partita IVA\nX;00296180185\n")
    with pytest.raises(SourceError, match=r"lacks the required column.*'Denominazione'"):
        open_register(path, organizations_layout())


def test_a_column_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Denominazione;DENOMINAZIONE\nX;Y\n")
    with pytest.raises(SourceError, match="appears twice"):
        open_register(path, organizations_layout())


def test_the_header_must_be_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("\nDenominazione\nX\n")
    with pytest.raises(SourceError, match="first line is empty"):
        open_register(path, organizations_layout())


# -- rows --------------------------------------------------------------------------------------


def test_rows_are_numbered_by_their_line_in_the_file_header_being_line_1(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text('Denominazione;Partita IVA\nA;1\n"B\nsu due righe";2\n\nC;3\n')
    rows = read_all(path, "organizations")
    assert [(r["name"], r["_row"]) for r in rows] == [
        ("A", 2),
        ("B\nsu due righe", 3),  # lines 3-4
        ("C", 6),  # a blank line is not a row, but it is a line
    ]


def test_a_quote_left_open_rejects_its_line_naming_the_range_and_the_next_lines_are_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "org.csv"
    path.write_text(
        'Denominazione;Partita IVA\nA;1\n"B;2\nC;3\nD;4;x\nE;5"\nF;6\n', encoding="utf-8"
    )
    reader = open_register(path, organizations_layout(), exact_rows=True)
    rows: list[tuple[str, int]] = []
    malformed: list[MalformedRow] = []
    for batch in reader.batches():
        rows += zip(batch.columns["name"].to_pylist(), batch.rows.to_pylist(), strict=True)
        malformed += batch.malformed
    assert sorted(rows, key=lambda r: r[1]) == [("A", 2), ("C", 4), ("E", 6), ("F", 7)]
    assert [(m.row, m.text) for m in malformed] == [(3, '"B;2'), (5, "D;4;x")]
    assert malformed[0].message.startswith(
        "a quote opened on line 3 is not closed where the line ends: lines 3–6 ran together"
    )


def test_malformed_rows_come_out_numbered_and_the_others_keep_their_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "org.csv"
    lines = ["Denominazione;Partita IVA"] + [
        f"Ente {i};{i}" if i % 5 else f"Ente {i};{i};troppo" for i in range(2, 40)
    ]
    path.write_text("\n".join(lines) + "\n")
    reader = open_register(
        path, organizations_layout(), block_size=64, batch_rows=3, exact_rows=True
    )
    numbered: list[tuple[str, int]] = []
    malformed: list[tuple[int | None, str]] = []
    for batch in reader.batches():
        numbered += zip(batch.columns["name"].to_pylist(), batch.rows.to_pylist(), strict=True)
        malformed += [(m.row, m.text) for m in batch.malformed]
    assert malformed == [(i, f"Ente {i};{i};troppo") for i in range(5, 40, 5)]
    assert numbered == [(f"Ente {i}", i) for i in range(2, 40) if i % 5]


def test_threaded_parsing_asks_for_an_exact_reread_when_a_row_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Denominazione;Partita IVA\nA;1\nB;2;3\n")
    reader = open_register(path, organizations_layout(), exact_rows=False)
    with pytest.raises(RowNumbersUnknown):
        list(reader.batches())


def test_a_header_only_register_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text("Denominazione;Partita IVA\n")
    assert read_all(path, "organizations") == []


# -- spreadsheets ------------------------------------------------------------------------------


def test_an_xlsx_register_is_read_as_the_text_a_csv_would_hold(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        [
            ("Istruzioni", [["Compilare il foglio Soci"]]),
            (
                "Soci",
                [
                    None,
                    ["Denominazione", "Codice fiscale", "Comune ISTAT", "ATS", "Altro"],
                    ["Comune di Pavia", "00296180185", "018110", "pavia", 1.5],
                    None,
                    ["Coop Sociale", 743110157, 18110, "Pavia", dt.date(2024, 1, 31)],
                ],
            ),
        ]
    )
    reader = open_register(path, organizations_layout())
    assert reader.info.kind == "xlsx"
    assert reader.info.sheet == "Soci"
    assert reader.info.ignored == ("Altro",)
    rows = read_all(path, "organizations")
    assert [(r["name"], r["codice_fiscale"], r["municipality_istat"], r["_row"]) for r in rows] == [
        ("Comune di Pavia", "00296180185", "018110", 3),
        ("Coop Sociale", "743110157", "18110", 5),  # numbers lose their leading zeros
    ]


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, None),
        ("", None),
        ("testo", "testo"),
        (True, "sì"),
        (False, "no"),
        (12, "12"),
        (12.0, "12"),
        (1234.5, "1234,5"),
        (dt.date(2024, 2, 3), "03/02/2024"),
        (dt.datetime(2024, 2, 3), "03/02/2024"),
        (dt.datetime(2024, 2, 3, 10, 30), "03/02/2024 10:30:00"),
    ],
)
def test_spreadsheet_cells_become_csv_text(cell: object, text: str | None) -> None:
    assert cell_text(cell) == text


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(SourceError, match="cannot be read as a spreadsheet"):
        open_register(path, organizations_layout())


def test_a_spreadsheet_without_the_required_columns_is_refused(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx([("Foglio1", [["Nome", "Cognome"], ["Mario", "Rossi"]])])
    with pytest.raises(SourceError, match=r"Foglio1.*lacks the required column"):
        open_register(path, organizations_layout())


def test_ignored_columns_count_for_lines_and_keep_a_row_that_only_they_fill(
    tmp_path: Path,
) -> None:
    path = tmp_path / "org.csv"
    path.write_text('Denominazione;Note\nA;"due\nrighe"\n;solo una nota\nB;\n', encoding="utf-8")
    rows = read_all(path, "organizations")
    assert [(r["name"], r["_row"]) for r in rows] == [("A", 2), (None, 4), ("B", 5)]


# -- record numbers beside the lines -------------------------------------------------------------


def _numbered(path: Path, **options: object) -> list[tuple[str | None, int | None, int | None]]:
    """(name or malformed text, line, record) of every row and malformed row, by line."""
    reader = open_register(path, organizations_layout(), **options)  # type: ignore[arg-type]
    out: list[tuple[str | None, int | None, int | None]] = []
    for batch in reader.batches():
        assert batch.records is not None
        out += zip(
            batch.columns["name"].to_pylist(),
            batch.rows.to_pylist(),
            batch.records.to_pylist(),
            strict=True,
        )
        out += [(m.text, m.row, m.record) for m in batch.malformed]
    return sorted(out, key=lambda r: r[1] or 0)


def test_records_count_data_rows_once_and_blank_lines_never(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text('Denominazione;Partita IVA\nA;1\n"B\nsu due righe";2\n\nC;3\n')
    assert _numbered(path) == [
        ("A", 2, 1),
        ("B\nsu due righe", 3, 2),  # lines 3-4, one record
        ("C", 6, 3),  # after a blank line 5, which is no record
    ]


def test_a_quote_left_open_numbers_each_line_read_back_as_a_record(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text('Denominazione;Partita IVA\nA;1\n"B;2\nC;3\n\nD;4;x\nE;5"\nF;6\n')
    assert _numbered(path, exact_rows=True) == [
        ("A", 2, 1),
        ('"B;2', 3, 2),  # rejected: the quote it opens runs to line 7
        ("C", 4, 3),
        ("D;4;x", 6, 4),  # rejected: three fields; line 5 is blank
        ("E", 7, 5),
        ("F", 8, 6),
    ]


def test_records_run_on_across_batches_and_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    lines = ["Denominazione;Partita IVA"] + [
        f"Ente {i};{i}" if i % 5 else f"Ente {i};{i};troppo" for i in range(2, 40)
    ]
    path.write_text("\n\n".join(lines) + "\n")  # a blank line after each: line = 2 * record
    numbered = _numbered(path, block_size=64, batch_rows=3, exact_rows=True)
    assert [(line, record) for _, line, record in numbered] == [
        (2 * r + 1, r) for r in range(1, 39)
    ]


def test_a_sheet_numbers_its_non_blank_rows(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        [
            (
                "Soci",
                [
                    ["Denominazione", "ATS"],
                    ["Comune di Pavia", "pavia"],
                    None,
                    ["Coop", "pavia", "beyond the header"],
                    ["Comune di Voghera", "pavia"],
                ],
            )
        ]
    )
    assert _numbered(path) == [
        ("Comune di Pavia", 2, 1),
        ("Coop;pavia;beyond the header", 4, 2),
        ("Comune di Voghera", 5, 3),
    ]
