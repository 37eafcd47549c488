"""Looking at the first bytes of a register: spreadsheet or CSV, which encoding, which delimiter.

Registers come from many systems: UTF-8 exports from web applications, Windows-1252 ("Latin-1")
exports from desktop spreadsheets, semicolons where the decimal comma forbids commas, tabs from
database tools. This module decides from a sample, and refuses clearly (a
:class:`~conciliazione.errors.SourceError` naming the file) what is neither: binary content,
bytes that no Latin encoding maps to text, an empty file.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from conciliazione.documents import open_regular_file, utf_16_or_32
from conciliazione.errors import SourceError

SAMPLE_BYTES = 1 << 20
"""How much of a file the sniffers read (1 MiB)."""

SNIFF_CHARS = 32_768
"""How much text :class:`csv.Sniffer` looks at (it is slow: a few hundred lines suffice)."""

DELIMITERS = ";,\t|"
"""The delimiters a register may use, in order of preference when the header is ambiguous."""

FileKind = Literal["csv", "xlsx"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\x0c")


@attrs.frozen
class CsvDialect:
    """What the sniffers found: the encoding (a Python codec name) and the delimiter."""

    encoding: str
    delimiter: str
    header: tuple[str, ...]
    """The header row as read."""

    @property
    def encoding_label(self) -> str:
        return {"utf-8": "UTF-8", "cp1252": "Latin-1 (Windows-1252)"}.get(
            self.encoding, self.encoding
        )


def check_file(path: Path) -> None:
    """A clear error for a path that is not a readable regular file (missing, a directory, a
    symlink loop, a FIFO, a device or a socket): registers are read whole, and a FIFO or a
    device would hang the run or never end."""
    os.close(open_regular_file(path, "register file"))


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    fd = open_regular_file(path, "register file")
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read: {exc.strerror or exc}") from None


def file_kind(path: Path, sample: bytes) -> FileKind:
    """A spreadsheet (by its magic bytes, or its suffix) or a CSV text file."""
    if sample.startswith((_ZIP, _OLE)) or path.suffix.lower() in _SPREADSHEET_SUFFIXES:
        return "xlsx"
    return "csv"


def detect_encoding(where: str, sample: bytes, *, complete: bool) -> str:
    """``"utf-8"`` if the sample is UTF-8, else ``"cp1252"`` if it reads as Windows-1252 text.

    ``complete`` says the sample is the whole file (a character cut at the end of a partial
    sample is not an error). Latin-1 and Windows-1252 agree on every letter Italian uses;
    Windows-1252 also maps the € sign and curly quotes that Windows exports contain, so it is
    the codec used. Bytes it leaves undefined, or control characters, mean the file is not text
    in either encoding.
    """
    wide = utf_16_or_32(sample)
    if wide:
        raise SourceError(
            where, f"the file is {wide} text, not UTF-8 or Latin-1: re-save it as UTF-8 CSV"
        )
    if not sample.strip():
        raise SourceError(where, "the file is empty")
    if b"\x00" in sample:
        raise SourceError(where, "the file is binary (it contains NUL bytes), not a CSV register")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        utf8_problem = f"byte {exc.start} is not UTF-8"
    else:
        return "utf-8"
    undefined = _CP1252_UNDEFINED.intersection(sample)
    controls = {b for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS}
    if undefined or controls:
        bad = sorted(undefined | controls)[0]
        raise SourceError(
            where,
            f"the file is neither UTF-8 nor Latin-1 text ({utf8_problem}, and byte 0x{bad:02x} "
            "is not a Latin-1 character): re-save it as UTF-8 CSV",
        )
    return "cp1252"


def _first_record(text: str, delimiter: str) -> list[str]:
    """The first CSV record of the text: the header, which must be the first line."""
    return next(csv.reader(text.splitlines(keepends=True), delimiter=delimiter), [])


def detect_delimiter(text: str, expected: Sequence[str]) -> str:
    """The delimiter: :class:`csv.Sniffer`'s guess, unless splitting the header by another
    candidate yields more of the ``expected`` headers (folded). The header check settles what
    the sniffer gets wrong on Italian data, where decimal commas make ``,`` look regular."""
    from conciliazione.registers.layout import fold_header

    lines = text[:SNIFF_CHARS].splitlines(keepends=True)
    sample = "".join(lines[:-1] if len(lines) > 1 else lines)  # the last line may be cut
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    wanted = {fold_header(h) for h in expected}

    def score(delimiter: str) -> tuple[int, int, int]:
        header = _first_record(text, delimiter)
        hits = sum(fold_header(cell) in wanted for cell in header)
        return hits, int(delimiter == sniffed), len(header)

    return max(DELIMITERS, key=lambda d: (*score(d), -DELIMITERS.index(d)))


def sniff_csv(path: Path, expected: Sequence[str]) -> CsvDialect:
    """Encoding, delimiter and header of a CSV register."""
    where = str(path)
    sample = read_sample(path)
    complete = len(sample) < SAMPLE_BYTES
    encoding = detect_encoding(where, sample, complete=complete)
    text = sample.decode(encoding, errors="ignore" if not complete else "strict")
    text = text.removeprefix("\ufeff")
    delimiter = detect_delimiter(text, expected)
    header = tuple(_first_record(text, delimiter))
    if not any(cell.strip() for cell in header):
        raise SourceError(where, "the first line is empty: it must be the header row")
    return CsvDialect(encoding, delimiter, header)
