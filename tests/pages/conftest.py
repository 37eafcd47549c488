"""A real HTTP server on 127.0.0.1 serving ATS pages — and every way a server can misbehave.

Routes: ``/pavia`` (Pavia's page as HTML, with Date, ETag and Last-Modified), ``/pavia-text``
(its text copy), ``/edited`` (whatever a test puts in ``server.pages["edited"]``), ``/slow``
(answers after the test is over), ``/huge`` (ten megabytes, no Content-Length), ``/declared-huge``
(a Content-Length of a gigabyte), ``/missing`` (404), ``/loop`` (redirects to itself), ``/pdf``
(``application/pdf``), ``/drop`` (promises 10 000 bytes, sends 100 and closes), ``/error`` (503),
``/moved`` (a redirect to ``/pavia``).

And a throw-away plugin host: ATS Pavia's installed reader, its page declared at the loopback
server's address, so that ``fetch`` can be run without reaching the Internet.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import pytest

from conciliazione.plugins import hookimpl, make_plugin_host
from conciliazione.plugins.adapter import AtsAdapter

HTML_DIR = Path(__file__).parent / "html"
PAVIA_HTML = (HTML_DIR / "003_cc3c723282e7ce42.html").read_bytes()
PAVIA_PAGE = "003_cc3c723282e7ce42.txt"


class PageServer:
    """The server's address, and the pages it serves by name (a test may change them)."""

    def __init__(self, httpd: ThreadingHTTPServer, released: threading.Event) -> None:
        self.httpd = httpd
        self.released = released
        self.pages: dict[str, bytes] = {"pavia": PAVIA_HTML}
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


def _handler(server: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            route = self.path.strip("/")
            server.requests.append(route)
            if route in ("pavia", "edited"):
                self._send(
                    200,
                    server.pages[route],
                    "text/html; charset=utf-8",
                    ETag='"pavia-v1"',
                    Last_Modified="Tue, 09 Jul 2024 08:00:00 GMT",
                )
            elif route == "pavia-text":
                text = (
                    Path(__file__).parents[2]
                    / "plugins/conciliazione-ats-pavia/src/conciliazione_ats_pavia/pages"
                    / PAVIA_PAGE
                ).read_bytes()
                self._send(200, text, "text/plain; charset=utf-8")
            elif route == "slow":
                server.released.wait(30)
                self._send(200, b"<html><body><p>tardi</p></body></html>", "text/html")
            elif route == "huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>\n"
                try:
                    for _ in range(160):
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the client stopped reading: as it should
                self.close_connection = True
            elif route == "declared-huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(1024**3))
                self.end_headers()
                self.close_connection = True
            elif route == "missing":
                self._send(404, b"<html><body>Pagina non trovata</body></html>", "text/html")
            elif route == "error":
                self._send(503, b"<html><body>Manutenzione</body></html>", "text/html")
            elif route == "loop":
                self._send(302, b"", "text/html", Location="/loop")
            elif route == "moved":
                self._send(301, b"", "text/html", Location="/pavia")
            elif route == "pdf":
                self._send(200, b"%PDF-1.7\n...", "application/pdf")
            elif route == "drop":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "10000")
                self.end_headers()
                self.wfile.write(b"<html><body>" + b"y" * 88)
                self.wfile.flush()
                self.close_connection = True
            else:
                self._send(404, b"", "text/plain")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A test server that lets a client hang up: the failure cases close connections early
    (a size cap, a timeout), and the handler's broken pipe is the expected end, not an error
    to print from the server's thread."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    released = threading.Event()
    httpd = _QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    server = PageServer(httpd, released)
    httpd.RequestHandlerClass = _handler(server)
    # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        released.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


class LoopbackPavia:
    """ATS Pavia's installed reader, with its page published at ``address``."""

    def __init__(self, address: str | None) -> None:
        self.address = address

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        import conciliazione_ats_pavia

        adapter = conciliazione_ats_pavia.ADAPTER
        pages = [attrs.evolve(page, address=self.address) for page in adapter.pages]
        register(attrs.evolve(adapter, pages=pages))


@pytest.fixture
def loopback_host(page_server: PageServer) -> Callable[..., Any]:
    """``loopback_host(route="pavia")``: a host whose Pavia page lives at that route."""

    def factory(route: str | None = "pavia") -> Any:
        address = page_server.url(route) if route is not None else None
        return make_plugin_host(entry_points=False, plugins=[LoopbackPavia(address)])

    return factory
