"""Fetching the pages from their web addresses into dated snapshots, and reading those back.

Every download goes to a real HTTP server on 127.0.0.1 (see ``conftest.py``); nothing here
reaches beyond the loopback. Every way a download can fail ends the command with exit code 2
and one line naming the address and the problem, and leaves no snapshot behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

from conciliazione.api import fetch, load
from conciliazione.cli.context import CliState
from conciliazione.cli.main import cli
from conciliazione.fetching import FetchError, FetchLimits, fetch_page
from conciliazione.snapshots import latest_snapshot

from .conftest import PAVIA_HTML, PAVIA_PAGE, PageServer


def run(host: Any, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=CliState(host_factory=lambda: host))


def test_a_page_is_downloaded_with_what_the_server_says_about_it(
    page_server: PageServer,
) -> None:
    fetched = fetch_page(page_server.url("pavia"))
    assert fetched.data == PAVIA_HTML
    assert (fetched.status, fetched.media_type, fetched.charset) == (200, "text/html", "utf-8")
    assert fetched.etag == '"pavia-v1"'
    assert fetched.last_modified == "Tue, 09 Jul 2024 08:00:00 GMT"
    assert fetched.http_date is not None and fetched.http_date.endswith("GMT")
    assert fetched.retrieved_at.tzinfo is not None


def test_a_redirect_is_followed_and_the_final_address_kept(page_server: PageServer) -> None:
    fetched = fetch_page(page_server.url("moved"))
    assert fetched.address == page_server.url("moved")
    assert fetched.final_address == page_server.url("pavia")


def test_fetch_stores_a_dated_snapshot_that_export_reads_offline(
    loopback_host: Callable[..., Any], page_server: PageServer, tmp_path: Path
) -> None:
    host = loopback_host("pavia")
    snapshots = tmp_path / "snapshots"
    result = run(host, "fetch", "--snapshots", str(snapshots))
    assert result.exit_code == 0, result.output
    assert f"saved pavia {PAVIA_PAGE} from {page_server.url('pavia')}" in result.output

    snapshot = latest_snapshot(snapshots, "pavia", PAVIA_PAGE)
    assert snapshot is not None
    assert snapshot.data_path.read_bytes() == PAVIA_HTML
    meta = json.loads(snapshot.metadata_path.read_text(encoding="utf-8"))
    assert meta["address"] == page_server.url("pavia")
    assert meta["http"]["etag"] == '"pavia-v1"'
    assert meta["http"]["last_modified"] == "Tue, 09 Jul 2024 08:00:00 GMT"
    assert meta["http"]["date"]
    assert len(meta["sha256"]) == 64 and meta["bytes"] == len(PAVIA_HTML)

    page_server.httpd.shutdown()  # offline from here on
    out = tmp_path / "out"
    result = run(host, "export", "--snapshots", str(snapshots), "--out", str(out))
    assert result.exit_code == 0, result.output
    row = duckdb.execute(
        f"SELECT source_id, address, retrieved_at, builtin, sha256 FROM '{out}/sources.parquet'"
        " WHERE ats_id = 'pavia'"
    ).fetchall()
    assert len(row) == 1
    source_id, address, retrieved_at, builtin, sha256 = row[0]
    assert source_id == f"pavia:{PAVIA_PAGE}"
    assert address == page_server.url("pavia")
    assert retrieved_at == snapshot.retrieved_at
    assert (builtin, sha256) == (False, meta["sha256"])
    allocations = duckdb.execute(
        f"SELECT count(*) FROM '{out}/allocations.parquet' WHERE source_id = '{source_id}'"
    ).fetchall()
    assert allocations == [(3,)]


def test_the_latest_snapshot_is_the_one_read(
    loopback_host: Callable[..., Any], page_server: PageServer, tmp_path: Path
) -> None:
    host = loopback_host("pavia")
    fetch(tmp_path, host=host)
    page_server.pages["pavia"] = PAVIA_HTML.replace(b"54.260,00", b"55.000,00")
    second = fetch(tmp_path, host=host).saved[0]
    loaded = load(host=host, snapshots=tmp_path)
    page = f"pavia:{PAVIA_PAGE}"
    amounts = sorted(str(a.amount_eur) for a in loaded.dataset.allocations if a.source_id == page)
    assert amounts == ["48834.00", "48834.00", "55000.00"]
    assert loaded.dataset.sources[-1].retrieved_at == second.retrieved_at
    assert len(list((tmp_path / "pavia" / PAVIA_PAGE).glob("*.json"))) == 2


FAILURES = [
    ("slow", ["--timeout", "0.5"], "no answer within 0.5 s"),
    ("huge", ["--max-bytes", "100000"], "the page is larger than 100000 bytes"),
    ("declared-huge", [], f"the page is {1024**3} bytes, larger than"),
    ("missing", [], "the server answered 404 Not Found"),
    ("loop", ["--max-redirects", "3"], "more than 3 redirects"),
    ("pdf", [], "the server sent application/pdf, not a web page"),
    ("drop", [], "the server closed the connection before the page was complete"),
]


@pytest.mark.parametrize(("route", "options", "problem"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_download_exits_2_naming_the_address_and_keeps_earlier_snapshots(
    loopback_host: Callable[..., Any],
    page_server: PageServer,
    tmp_path: Path,
    route: str,
    options: list[str],
    problem: str,
) -> None:
    earlier = fetch(tmp_path, host=loopback_host("pavia")).saved[0]

    result = run(loopback_host(route), "fetch", "--snapshots", str(tmp_path), *options)

    assert result.exit_code == 2, result.output
    assert f"Error: {page_server.url(route)}: {problem}" in result.stderr
    assert "Traceback" not in result.output
    assert latest_snapshot(tmp_path, "pavia", PAVIA_PAGE) == earlier
    assert not list(tmp_path.rglob(".*.tmp"))


def test_retries_happen_only_when_asked_for(
    loopback_host: Callable[..., Any], page_server: PageServer, tmp_path: Path
) -> None:
    result = run(loopback_host("error"), "fetch", "--snapshots", str(tmp_path))
    assert result.exit_code == 2
    assert page_server.requests.count("error") == 1
    result = run(loopback_host("error"), "fetch", "--snapshots", str(tmp_path), "--retries", "1")
    assert result.exit_code == 2
    assert "the server answered 503 Service Unavailable (after 2 tries)" in result.stderr
    assert page_server.requests.count("error") == 3


def test_a_404_is_not_retried(page_server: PageServer) -> None:
    with pytest.raises(FetchError, match="404"):
        fetch_page(page_server.url("missing"), limits=FetchLimits(retries=2))
    assert page_server.requests.count("missing") == 1


def test_a_page_without_a_known_address_is_skipped_not_guessed(
    loopback_host: Callable[..., Any], tmp_path: Path
) -> None:
    result = run(loopback_host(None), "fetch", "--snapshots", str(tmp_path))
    assert result.exit_code == 2
    assert f"skipped pavia {PAVIA_PAGE}: no known address" in result.output
    assert "none of the selected pages has a known address" in result.stderr


def test_only_pavia_declares_its_address_among_the_installed_plugins(plugin_host: Any) -> None:
    from conciliazione.api import declared_pages

    addresses = {(ats, doc.name): doc.address for ats, doc in declared_pages(host=plugin_host)}
    assert {key for key, address in addresses.items() if address} == {("pavia", PAVIA_PAGE)}
    assert addresses[("pavia", PAVIA_PAGE)] == (
        "https://www.ats-pavia.it/conciliazione-famiglia-lavoro-le-iniziative-della-rete-"
        "territoriale-della-provincia-di-pavia"
    )


def test_source_url_reads_one_page_from_the_web(
    loopback_host: Callable[..., Any], page_server: PageServer, tmp_path: Path
) -> None:
    host = loopback_host("pavia")
    url = page_server.url("pavia")
    loaded = load(["pavia"], [url], host=host)
    (source,) = loaded.dataset.sources[-1:]
    assert (source.source_id, source.address, source.builtin) == (
        f"pavia:{PAVIA_PAGE}",  # the declared page keeps its name, and so its records' ids
        url,
        False,
    )
    assert source.retrieved_at is not None
    text_url = page_server.url("pavia-text")
    assert run(host, "validate", "--source", text_url).exit_code in (0, 1)

    result = run(host, "validate", "--source", page_server.url("missing"))
    assert result.exit_code == 2
    assert f"Error: {page_server.url('missing')}: the server answered 404" in result.stderr


def test_an_altered_snapshot_is_refused(loopback_host: Callable[..., Any], tmp_path: Path) -> None:
    host = loopback_host("pavia")
    snapshot = fetch(tmp_path / "s", host=host).saved[0]
    snapshot.data_path.write_bytes(PAVIA_HTML.replace(b"48.834,00", b"84.834,00"))
    result = run(host, "export", "--snapshots", str(tmp_path / "s"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert str(snapshot.data_path) in result.stderr and "altered" in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_snapshot_directory_that_does_not_exist_is_named(
    loopback_host: Callable[..., Any], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    result = run(loopback_host("pavia"), "validate", "--snapshots", str(missing))
    assert result.exit_code == 2
    assert f"Error: {missing}: no such snapshot directory" in result.stderr


def test_snapshots_and_sources_together_are_refused_rather_than_one_ignored(
    loopback_host: Callable[..., Any], page_server: PageServer, tmp_path: Path
) -> None:
    result = run(
        loopback_host("pavia"),
        "validate",
        "--snapshots",
        str(tmp_path),
        "--source",
        page_server.url("pavia"),
    )
    assert result.exit_code == 2
    assert "give one or the other" in result.stderr
