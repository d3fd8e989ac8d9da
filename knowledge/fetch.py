"""Fetching an article by URL with httpx, within limits, each failure with its own message.

    KnowledgeError
    └── FetchError            any failure to get a page's text
        ├── BadAddress        not an http(s) URL, or a host that does not resolve
        ├── PrivateAddress    a loopback or private-network host, unless allowed
        ├── FetchTimeout      no answer (or not all of it) within the time limit
        ├── TooManyRedirects  more than MAX_REDIRECTS hops, or a redirect loop
        ├── HttpStatus        the server answered with an error status
        ├── NotText           the content type is not a text page (an image, a PDF…)
        └── TooLarge          the page is bigger than the size cap

Redirects are followed by hand, one hop at a time, so each hop's address is checked
like the first. The body is streamed and abandoned as soon as it passes the cap; a
server that trickles bytes is stopped by an overall deadline, not only the read timeout.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import httpx

from .store import KnowledgeError

TIMEOUT_SECONDS = 15.0
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown",
                        "text/x-markdown"})
_USER_AGENT = "negobot/0.1 (news ingestion)"


class FetchError(KnowledgeError):
    """A page could not be fetched; the message says why."""


class BadAddress(FetchError):
    """Not an http(s) URL, or its host does not resolve."""


class PrivateAddress(FetchError):
    """The host is on a loopback or private network, and that was not allowed."""


class FetchTimeout(FetchError):
    """The server did not answer in time."""


class TooManyRedirects(FetchError):
    """Too many redirects, or a redirect loop."""


class HttpStatus(FetchError):
    """The server answered with an error status."""


class NotText(FetchError):
    """The URL is not a text page."""


class TooLarge(FetchError):
    """The page is larger than the size cap."""


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: the address it was finally served from, its text and content type."""

    url: str
    text: str
    content_type: str


def is_url(value: str) -> bool:
    """Whether value is an http(s) URL (rather than a file name)."""
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
          transport: httpx.BaseTransport | None = None) -> FetchedPage:
    """The text of the page at url (see the module docstring for the limits and errors).

    allow_private lets loopback and private-network hosts through (tests, an admin's own
    server); the bot leaves it False.
    """
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    with httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                      headers={"User-Agent": _USER_AGENT}) as client:
        current = url
        for _ in range(max_redirects + 1):
            _check_address(current, allow_private=allow_private, resolve=transport is None)
            seen.add(current)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        if target in seen:
                            raise TooManyRedirects(f"{url}: the redirects loop back to {target}.")
                        current = target
                        continue
                    return _read(response, url, max_bytes=max_bytes, deadline=deadline)
            except httpx.TimeoutException:
                raise FetchTimeout(f"{url}: no answer within {timeout:g} seconds.") from None
            except httpx.HTTPError as error:
                raise FetchError(f"{url}: the page could not be fetched ({error}).") from None
    raise TooManyRedirects(f"{url}: more than {max_redirects} redirects.")


def _read(response: httpx.Response, url: str, *, max_bytes: int, deadline: float) -> FetchedPage:
    if response.status_code >= 400:
        raise HttpStatus(f"{url}: the server answered {response.status_code} "
                         f"{response.reason_phrase or ''}".rstrip() + ".")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in TEXT_TYPES:
        raise NotText(f"{url}: not a text page (content type {content_type or 'missing'}).")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url}: the page is {int(declared):,} bytes; the limit is {max_bytes:,}.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"{url}: the page is larger than the limit of {max_bytes:,} bytes.")
        if time.monotonic() > deadline:
            raise FetchTimeout(f"{url}: the page did not arrive in time.")
        chunks.append(chunk)
    data = b"".join(chunks)
    encoding = response.charset_encoding or "utf-8"
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know
        text = data.decode("utf-8", errors="replace")
    return FetchedPage(str(response.url), text, content_type)


def _check_address(url: str, *, allow_private: bool, resolve: bool) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BadAddress(f"{url}: not an http(s) address.")
    if allow_private:
        return
    host = parsed.hostname
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if not resolve:
            return
        try:
            infos = socket.getaddrinfo(host, parsed.port or 443, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise BadAddress(f"{url}: the host {host} could not be found.") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            raise PrivateAddress(f"{url}: {host} is a private or local address; "
                                 "fetching it is not allowed here (--allow-private).")
