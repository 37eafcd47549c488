"""An ATS page as the site serves it (HTML) reads to the same records as its text copy.

Each fixture in ``html/`` wraps one of the five seed pages in the markup of a real site: a skip
link, a cookie banner, a header with the menu, a breadcrumb, the lists as ``<ul>``/``<ol>``,
Milano's alliances as a table, a footer. The readers see only the page's main content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conciliazione.documents import HTML, document_from_bytes, load_document
from conciliazione.errors import SourceError
from conciliazione.html_text import html_to_text

HERE = Path(__file__).parent / "html"
SEEDS = Path(__file__).parents[2] / "plugins"

PAGES = {
    "000_85faaafccf00cc38": ("montagna", None),
    "002_6ae0d52e84f3c1d6": ("montagna", None),
    "001_95dcb50e4e9d41be": ("milano", None),
    "003_cc3c723282e7ce42": ("pavia", None),
    # Brescia's site has no <main>, and a menu of topics beside the text in a plain <div>: the
    # page's content element has to be named.
    "004_83bb4573c395bed2": ("brescia", "div.field--name-body"),
}


def text_copy(stem: str) -> Path:
    (found,) = SEEDS.glob(f"*/src/*/pages/{stem}.txt")
    return found


def comparable(reading: Any) -> dict[str, Any]:
    """Records and findings, without the page's checksum (the bytes differ, the facts not);
    evidence keeps its words but not its offsets, which index each copy's own text."""
    dump = reading.dataset.model_dump(mode="json")
    for source in dump["sources"]:
        source.pop("sha256")
    for row in dump["evidence"]:
        row.pop("start")
        row.pop("end")
    rows = sorted(
        (f.code, f.severity.value, f.entity, f.entity_id, f.path, f.message)
        for f in reading.findings
    )
    return {"dataset": dump, "findings": rows}


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_the_html_page_reads_to_the_records_of_its_text_copy(
    plugin_host: Any, tmp_path: Path, stem: str
) -> None:
    ats, content = PAGES[stem]
    plugin = plugin_host.plugin_for_ats(ats).name
    # Both copies under one name, so that their records have the same source_id.
    (tmp_path / "text").mkdir()
    (tmp_path / "html").mkdir()
    as_text = tmp_path / "text" / f"{stem}.page"
    as_text.write_bytes(text_copy(stem).read_bytes())
    as_html = tmp_path / "html" / f"{stem}.page"
    as_html.write_bytes((HERE / f"{stem}.html").read_bytes())

    document = load_document(as_html, content=content)
    assert document.media_type == HTML  # told by its first bytes, whatever its name
    from_text = plugin_host.read(plugin, load_document(as_text))
    from_html = plugin_host.read(plugin, document)

    assert comparable(from_html) == comparable(from_text)
    for reading in (from_html, from_text):
        assert all(
            reading.text[e.start : e.end] == e.quote
            for e in reading.dataset.evidence
            if e.start is not None
        )
    assert from_html.source.sha256 != from_text.source.sha256


def test_without_its_content_element_brescia_reads_the_topic_menu_as_its_title() -> None:
    page = (HERE / "004_83bb4573c395bed2.html").read_bytes()
    whole = document_from_bytes("brescia.html", page).text
    content = document_from_bytes("brescia.html", page, content="div.field--name-body").text
    assert whole.splitlines()[0] == "Aree tematiche"
    assert content.splitlines()[0] == "Conciliazione Vita-Lavoro"
    assert "Aree tematiche" not in content
    reselected = document_from_bytes("brescia.html", page).with_content("div.field--name-body")
    assert reselected.text == content
    text_copy_ = document_from_bytes("brescia.txt", b"Conciliazione Vita-Lavoro")
    assert text_copy_.with_content("main") is text_copy_  # a text copy has no elements


def test_menus_banners_breadcrumbs_scripts_and_footers_are_not_content() -> None:
    text = html_to_text((HERE / "000_85faaafccf00cc38.html").read_text(encoding="utf-8"))
    for chrome in ("Vai al contenuto", "cookie", "Amministrazione trasparente", "Home", "P.IVA"):
        assert chrome not in text
    assert "dataLayer" not in text
    assert text.splitlines()[-1] == "Aggiornato il 8 Luglio 2024 da ATS Montagna"


def test_lists_rows_and_headings_are_lines_and_entities_are_decoded() -> None:
    markup = """<!DOCTYPE html><html><body><main>
      <h2>Obiettivi&nbsp;generali</h2>
      <ol start="3"><li>terzo</li><li><p>quarto,</p></li></ol>
      <ul><li>servizi &amp; consulenza;</li><li>pre e post<br>scuola</li></ul>
      <table><tr><th>Nome alleanza</th><td>Alleanza &laquo;Ovest&raquo;</td></tr>
             <tr><td colspan="2">Comune di Rho</td></tr></table>
      <p>Importo:   euro
         48.834,00</p>
    </main></body></html>"""
    assert html_to_text(markup).splitlines() == [
        "Obiettivi\u00a0generali",
        "3. terzo",
        "4. quarto,",
        "- servizi & consulenza;",
        "- pre e post",
        "scuola",
        "- Nome alleanza : Alleanza «Ovest»",
        "- Comune di Rho",
        "Importo: euro 48.834,00",
    ]


def test_a_page_in_its_declared_charset_is_decoded_by_it() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Città</p></body></html>'
    document = document_from_bytes("p.html", page.encode("latin-1"))
    assert document.text == "Città"


def test_a_content_selector_that_matches_nothing_names_the_page(tmp_path: Path) -> None:
    page = tmp_path / "brescia.html"
    page.write_bytes((HERE / "004_83bb4573c395bed2.html").read_bytes())
    with pytest.raises(SourceError, match=r"brescia\.html.*'#testo'"):
        load_document(page, content="#testo")


def test_an_html_page_with_no_text_is_refused() -> None:
    with pytest.raises(SourceError, match="no text"):
        document_from_bytes("p.html", b"<!DOCTYPE html><html><body><nav>Menu</nav></body></html>")


def test_the_command_line_exports_an_html_page_given_with_source(tmp_path: Path) -> None:
    import duckdb
    from click.testing import CliRunner

    from conciliazione.cli.main import cli

    page = tmp_path / "pavia.html"
    page.write_bytes((HERE / "003_cc3c723282e7ce42.html").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--source", str(page), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = duckdb.execute(
        f"SELECT year, amount_eur FROM '{out}/allocations.parquet' "
        "WHERE source_id = 'pavia:pavia.html' ORDER BY year"
    ).fetchall()
    assert [(year, str(amount)) for year, amount in rows] == [
        (2020, "48834.00"),
        (2021, "48834.00"),
        (2022, "54260.00"),
    ]


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    from conciliazione import fetching, html_text, snapshots

    for module in (html_text, fetching, snapshots):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_an_xhtml_page_with_an_xml_declaration_is_read() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Città</p></body></html>'
    )
    document = document_from_bytes("p", page.encode())
    assert (document.media_type, document.text) == (HTML, "Città")


def test_a_page_nested_beyond_the_parser_limits_is_refused_not_read_in_part() -> None:
    def nested(depth: int) -> bytes:
        return f"<html><body>{'<div>' * depth}testo{'</div>' * depth}</body></html>".encode()

    assert document_from_bytes("p.html", nested(240)).text == "testo"
    with pytest.raises(SourceError, match="beyond the parser's limits"):
        document_from_bytes("p.html", nested(5000))


def test_a_header_inside_the_content_is_content_and_the_page_header_is_not() -> None:
    page = (
        "<html><body><header><p>ATS di Pavia</p></header>"
        "<main><header><h1>Conciliazione</h1></header><p>Testo</p></main>"
        "<footer>Note legali</footer></body></html>"
    )
    assert html_to_text(page) == "Conciliazione\nTesto"
    no_main = (
        "<html><body><header><p>ATS</p></header><p>Testo</p><footer>Note</footer></body></html>"
    )
    assert html_to_text(no_main) == "Testo"
