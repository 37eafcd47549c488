"""Reading an input file: every way it can be unreadable is one clear SourceError."""

from __future__ import annotations

from pathlib import Path

import pytest

from conciliazione.documents import document_from_bytes, load_document
from conciliazione.errors import SourceError


def test_a_utf8_page_is_read_with_its_checksum(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Città di Pavia\u00a0– 48.834,00", encoding="utf-8")
    doc = load_document(page)
    assert doc.text.startswith("Città")
    assert len(doc.sha256) == 64
    assert (doc.name, doc.path, doc.builtin) == ("page.txt", str(page), False)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Città di Pavia".encode("latin-1"), "Latin-1"),
    ],
)
def test_unreadable_content_names_the_file_and_the_problem(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(content)
    with pytest.raises(SourceError, match=problem) as info:
        load_document(page)
    assert str(page) in str(info.value)


def test_a_missing_file_and_a_directory_are_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="directory"):
        load_document(tmp_path)


def test_a_byte_order_mark_is_ignored() -> None:
    assert document_from_bytes("p.txt", b"\xef\xbb\xbfAgg").text == "Agg"
