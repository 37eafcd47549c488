"""Downloading one ATS page from its web address, within limits, with what the server said.

Why limits: a pipeline step that fetches pages must end, and end with a clear message, whatever
the server does — answer slowly or not at all, send a file far larger than a page, redirect in a
loop, serve a PDF or an error page, drop the connection half-way. Each of those is a
:class:`FetchError` naming the address and the problem; retries happen only when asked for
(``retries``), and only after failures that a second try can cure (the connection, a timeout, a
5xx answer), never after a 404 or a wrong content type.

`httpx <https://www.python-httpx.org>`_ does the HTTP: its timeouts, redirect limit and streamed
bodies are exactly the limits needed, without hand-written socket code.
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, datetime

import attrs
import httpx

from conciliazione import __version__
from conciliazione.errors import ConciliazioneError

__all__ = ["ACCEPTED_TYPES", "FetchError", "FetchLimits", "Fetched", "fetch_page", "is_address"]

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
"""The content types of a page; anything else (a PDF, an image, JSON) is refused."""

_ADDRESS = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)
_USER_AGENT = f"conciliazione/{__version__} (open data; Conciliazione vita-lavoro pages)"


class FetchError(ConciliazioneError, OSError):
    """A page could not be downloaded: the message names the address and the problem."""

    def __init__(self, address: str, problem: str) -> None:
        self.address = address
        self.problem = problem
        super().__init__(f"{address}: {problem}")


@attrs.frozen
class FetchLimits:
    """How long, how large and how far a download may go."""

    timeout: float = 30.0
    """Seconds for the whole download (connecting, waiting, reading)."""
    max_bytes: int = 5 * 1024 * 1024
    """The largest page accepted; an ATS page is a few tens of kilobytes."""
    max_redirects: int = 5
    retries: int = 0
    """Further tries after a failure a retry can cure; none unless asked for."""


@attrs.frozen
class Fetched:
    """A page as served: its bytes, and what the server said about them."""

    address: str
    """The address asked for."""
    final_address: str
    """Where the page was served from, after redirects."""
    retrieved_at: datetime
    """When the download finished (UTC)."""
    status: int
    media_type: str
    """The content type without parameters (``text/html``)."""
    charset: str | None
    http_date: str | None
    etag: str | None
    last_modified: str | None
    data: bytes = attrs.field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def is_address(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address (what ``--source`` fetches).

    >>> is_address("https://www.ats-pavia.it/conciliazione"), is_address("pages/p.html")
    (True, False)
    """
    return _ADDRESS.match(text) is not None


class _Retryable(Exception):
    """A failure a second try may cure; carries the message for the last try."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def fetch_page(
    address: str, *, limits: FetchLimits | None = None, transport: httpx.BaseTransport | None = None
) -> Fetched:
    """Download the page at ``address``; :class:`FetchError` says why it could not be.

    ``transport`` is for tests and special set-ups (an ``httpx.MockTransport``, a proxy).
    """
    limits = limits or FetchLimits()
    if not is_address(address):
        raise FetchError(address, "not an http:// or https:// address")
    attempts = 1 + max(0, limits.retries)
    problem = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(min(0.5 * 2.0 ** (attempt - 1), 8.0))
        try:
            return _download(address, limits, transport)
        except _Retryable as exc:
            problem = exc.problem
    tries = f" (after {attempts} tries)" if attempts > 1 else ""
    raise FetchError(address, problem + tries)


def _download(address: str, limits: FetchLimits, transport: httpx.BaseTransport | None) -> Fetched:
    deadline = time.monotonic() + limits.timeout
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout),
        headers={
            "User-Agent": _USER_AGENT,
            "Accept": "text/html, text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate",
        },
        transport=transport,
    )
    try:
        with client, client.stream("GET", address) as response:
            _check_answer(address, response, limits)
            body = bytearray()
            for chunk in response.iter_raw():
                body.extend(chunk)
                if len(body) > limits.max_bytes:
                    raise FetchError(address, f"the page is larger than {limits.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise _Retryable(f"the page was not complete within {limits.timeout:g} s")
            data = _decoded(address, response, bytes(body), limits.max_bytes)
            media_type, charset = _content_type(response)
            return Fetched(
                address=address,
                final_address=str(response.url),
                retrieved_at=datetime.now(UTC),
                status=response.status_code,
                media_type=media_type,
                charset=charset,
                http_date=response.headers.get("Date"),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                data=data,
            )
    except httpx.TooManyRedirects:
        raise FetchError(address, f"more than {limits.max_redirects} redirects") from None
    except httpx.TimeoutException:
        raise _Retryable(f"no answer within {limits.timeout:g} s") from None
    except httpx.RemoteProtocolError:
        raise _Retryable("the server closed the connection before the page was complete") from None
    except httpx.ConnectError as exc:
        raise _Retryable(f"cannot connect: {exc}") from None
    except httpx.TransportError as exc:
        raise _Retryable(f"the download failed: {exc}") from None
    except httpx.InvalidURL as exc:
        raise FetchError(address, f"not a valid address: {exc}") from None


def _check_answer(address: str, response: httpx.Response, limits: FetchLimits) -> None:
    status = response.status_code
    if status >= 500:
        raise _Retryable(f"the server answered {status} {response.reason_phrase}")
    if status >= 400:
        raise FetchError(address, f"the server answered {status} {response.reason_phrase}")
    if status != 200:
        raise FetchError(address, f"the server answered {status}, not a page")
    media_type, _ = _content_type(response)
    if media_type not in ACCEPTED_TYPES:
        raise FetchError(
            address,
            f"the server sent {media_type or 'no content type'}, not a web page "
            f"({', '.join(ACCEPTED_TYPES)})",
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(
            address, f"the page is {declared} bytes, larger than {limits.max_bytes} bytes"
        )


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("Content-Type", "")
    media_type, _, parameters = header.partition(";")
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", parameters, re.IGNORECASE)
    return media_type.strip().lower(), match[1].lower() if match else None


def _decoded(address: str, response: httpx.Response, body: bytes, max_bytes: int) -> bytes:
    """The page's bytes without the transfer's compression (gzip or deflate).

    The raw stream is read so that the size cap counts what the server sends, and the cap
    holds again for the decompressed page (a small gzip body can unpack to gigabytes).
    """
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return body
    import zlib

    if encoding in ("gzip", "x-gzip"):
        window = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        window = zlib.MAX_WBITS
    else:
        raise FetchError(address, f"the server compressed the page with {encoding!r}")
    try:
        data = zlib.decompressobj(window).decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(address, f"the compressed page is corrupt: {exc}") from None
    if len(data) > max_bytes:
        raise FetchError(address, f"the page is larger than {max_bytes} bytes, uncompressed")
    return data
