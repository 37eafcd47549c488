"""Reading an input file: every way it can be unreadable is one clear SourceError."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from conciliazione.documents import MAX_PAGE_BYTES, document_from_bytes, load_document
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


def test_a_fifo_is_refused_at_once_naming_its_kind(tmp_path: Path) -> None:
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match=r"is a FIFO \(named pipe\), not a regular file"):
        load_document(fifo)


def test_a_device_is_refused_naming_its_kind() -> None:
    with pytest.raises(SourceError, match="is a character device, not a regular file"):
        load_document("/dev/zero")


def test_a_socket_is_refused_naming_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(SourceError, match="is a socket, not a regular file"):
            load_document(path)


def test_a_symlink_loop_and_a_dangling_link_are_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(SourceError, match="symbolic link loop"):
        load_document(loop)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(SourceError, match=r"symbolic link to a missing file .*gone\.txt"):
        load_document(dangling)


def test_a_page_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(b"a" * (MAX_PAGE_BYTES + 1))
    with pytest.raises(SourceError, match=r"larger than the maximum page size of 4\.0 MiB"):
        load_document(page)
    assert load_document(page, max_bytes=MAX_PAGE_BYTES + 1).text.startswith("a")
    assert load_document(page, max_bytes=None).text.startswith("a")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # with its byte-order mark
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_text_is_named_not_called_binary(
    tmp_path: Path, encoding: str, name: str
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes("Aggiornato il 8 Luglio 2024 — Città di Pavia".encode(encoding))
    with pytest.raises(SourceError, match=re.escape(f"is {name} text, not UTF-8")):
        load_document(page)


def test_a_text_page_keeps_no_markup_and_an_html_page_keeps_its_own() -> None:
    """Whatever the branch, the document carries where it came from; only a web page keeps
    its decoded HTML (for ``with_content``), and a page declared text stays text."""
    from conciliazione.documents import HTML, TEXT

    markup = "<html><body><main><p>Città di Pavia</p></main></body></html>"
    address = "https://example.org/p"
    html = document_from_bytes("p.html", markup.encode(), path="p", address=address, builtin=True)
    text = document_from_bytes("p.txt", "Città di Pavia".encode(), path="p", address=address)
    declared = document_from_bytes("p.html", markup.encode(), media_type=TEXT)
    assert (html.media_type, html.markup, html.text) == (HTML, markup, "Città di Pavia")
    assert (text.media_type, text.markup, text.text) == (TEXT, None, "Città di Pavia")
    assert (declared.media_type, declared.markup, declared.text) == (TEXT, None, markup)
    assert (html.path, html.address, html.builtin) == ("p", address, True)
    assert (text.path, text.address, text.builtin) == ("p", address, False)
