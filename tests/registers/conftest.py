"""Fixtures for the register tests: CSV and XLSX registers written on the fly.

No XLSX writer is installed (python-calamine only reads), so :func:`write_xlsx` builds the few
XML parts of a minimal workbook with :mod:`zipfile`: shared strings are avoided (inline
strings), and one cell style (number format 14) marks dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

SERVICE_HEADER = (
    "ID",
    "ATS",
    "ID progetto",
    "Tipologia",
    "Comune ISTAT",
    "Codice fiscale ente",
    "Codice fiscale beneficiario",
    "Età",
    "Data inizio",
    "Data fine",
    "Ore",
    "Costo EUR",
    "Cofinanziato",
)

GOOD_SERVICE_ROW = {
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
"""A service record every rule accepts (the fiscal codes are python-stdnum's examples)."""


def csv_text(
    rows: Sequence[dict[str, str]], header: Sequence[str] = SERVICE_HEADER, sep: str = ";"
) -> str:
    """A CSV document, quoting the values that contain the delimiter (as spreadsheets do)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(h, "") for h in header] for row in rows)
    return out.getvalue()


@pytest.fixture
def service_row() -> Callable[..., dict[str, str]]:
    """A good service record, with some cells changed: ``service_row(**{"Età": "130"})``.

    Each call without an ``ID`` gets the next id (SR1, SR2, …): rows with the same id are
    rejected as repeated."""
    made = itertools.count(1)

    def make(**changes: str) -> dict[str, str]:
        return {**GOOD_SERVICE_ROW, "ID": f"SR{next(made)}", **changes}

    return make


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a CSV register: ``write_csv(rows, name=, header=, sep=, encoding=)``."""

    def write(
        rows: Sequence[dict[str, str]],
        name: str = "register.csv",
        header: Sequence[str] = SERVICE_HEADER,
        sep: str = ";",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(rows, header, sep).encode(encoding))
        return path

    return write


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


_NS = "http://schemas.openxmlformats.org"


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Sequence[Any] | None]]]) -> bytes:
    """A minimal XLSX workbook: ``[(sheet name, rows)]``, a row ``None`` being left empty."""
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"'
            f"/>{types}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_NS}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{_NS}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" '
            f'xmlns:r="{_NS}/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                for i, (name, _) in enumerate(sheets)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_NS}/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{_NS}/officeDocument/2006/relationships/'
                f'worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(len(sheets))
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_NS}/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{_NS}/spreadsheetml/2006/main"><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
    }
    for i, (_, rows) in enumerate(sheets):
        body = "".join(
            f'<row r="{r + 1}">'
            + "".join(_cell(f"{_column_letters(c)}{r + 1}", v) for c, v in enumerate(row))
            + "</row>"
            for r, row in enumerate(rows)
            if row is not None
        )
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = (
            f'<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><sheetData>{body}</sheetData>'
            "</worksheet>"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + xml)
    return buffer.getvalue()


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write an XLSX register: ``write_xlsx([(sheet, rows)], name=)``."""

    def write(
        sheets: Sequence[tuple[str, Sequence[Sequence[Any] | None]]], name: str = "register.xlsx"
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(sheets))
        return path

    return write
