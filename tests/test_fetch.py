"""Ingesting by URL from a real HTTP server on 127.0.0.1; every failure is clear and stores nothing."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from knowledge import KnowledgeBase
from knowledge.batch import Source, ingest_source
from knowledge.fetch import (
    FetchTimeout,
    HttpStatus,
    NotText,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    fetch,
)

ARTICLE_HTML = """<!doctype html><html><head><title>Geneva round ends | Example Wire</title>
<meta property="article:published_time" content="2026-02-18T09:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Geneva round ends</h1>
<p>Ukrainian and Russian negotiators ended two days of talks in Geneva on Wednesday, without
a breakthrough.</p>
<p>Rustem Umerov said the delegations agreed to meet again in March, most likely in Abu Dhabi.</p>
<p>The Kremlin said Moscow still wanted Ukraine to withdraw from the rest of the Donetsk region.</p>
</article><aside>Sign up for our newsletter</aside><footer>© 2026 Example Wire</footer></body></html>"""
LIMIT = 50_000


class Handler(BaseHTTPRequestHandler):
    """The pages the tests fetch, one per path."""

    def do_GET(self) -> None:
        if self.path == "/article.html":
            self._send(200, "text/html; charset=utf-8", ARTICLE_HTML.encode())
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, "text/html", b"<html><body><p>late</p></body></html>")
        elif self.path == "/huge":
            self._send(200, "text/html", b"<p>" + b"x" * (LIMIT * 2) + b"</p>")
        elif self.path == "/huge-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"y" * (LIMIT // 10))
        elif self.path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop-b" if self.path == "/loop-a" else "/loop-a")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.end_headers()
        else:
            self._send(404, "text/html", b"<p>not here</p>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up on purpose (timeout, size cap).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def counts(kb: KnowledgeBase) -> tuple[int, int, int]:
    return kb.count_articles(), kb.count_facts(), kb.count_fact_sources()


def test_an_html_page_by_url_becomes_facts(server: str, empty_kb: KnowledgeBase) -> None:
    outcome = ingest_source(empty_kb, Source(f"{server}/moved"), actor="t", allow_private=True)
    assert outcome.status == "added" and outcome.result is not None
    article = outcome.result.article
    assert (article.title, article.published, article.url) == (
        "Geneva round ends", "2026-02-18", f"{server}/article.html")
    texts = [f.text for f in empty_kb.facts()]
    assert len(texts) == 3 and texts[1].startswith("Rustem Umerov said")
    assert not any("newsletter" in t or "Home" in t for t in texts)
    again = ingest_source(empty_kb, Source(f"{server}/article.html"), actor="t", allow_private=True)
    assert again.status == "unchanged"


@pytest.mark.parametrize(("path", "error", "message"), [
    ("/slow", FetchTimeout, "no answer within 0.5 seconds"),
    ("/huge", TooLarge, "limit is 50,000"),
    ("/huge-undeclared", TooLarge, "larger than the limit of 50,000 bytes"),
    ("/image.png", NotText, "not a text page (content type image/png)"),
    ("/loop-a", TooManyRedirects, "loop"),
    ("/missing", HttpStatus, "answered 404"),
])
def test_fetch_failures_are_specific(server: str, path: str, error: type[Exception],
                                     message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        fetch(server + path, allow_private=True, timeout=0.5, max_bytes=LIMIT)


def test_loopback_is_refused_unless_allowed(server: str) -> None:
    with pytest.raises(PrivateAddress, match="private or local address"):
        fetch(f"{server}/article.html")


def test_failed_urls_change_nothing(server: str, empty_kb: KnowledgeBase) -> None:
    ingest_source(empty_kb, Source(f"{server}/article.html"), actor="t", allow_private=True)
    before = counts(empty_kb)
    for path in ("/image.png", "/loop-a", "/missing"):
        outcome = ingest_source(empty_kb, Source(server + path), actor="t", allow_private=True)
        assert outcome.status == "error" and outcome.reason
    assert counts(empty_kb) == before


def test_cli_ingests_a_url_only_with_allow_private(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    refused = CliRunner().invoke(cli, ["ingest", f"{server}/article.html", "--db", db])
    assert refused.exit_code == 1 and "private or local address" in refused.output
    done = CliRunner().invoke(cli, ["ingest", f"{server}/article.html", "--allow-private", "--db", db])
    assert done.exit_code == 0, done.output
    assert "added: #2 “Geneva round ends” (127.0.0.1, 2026-02-18), 3 facts" in done.output
    assert "1 articles added, 0 updated, 0 unchanged, 0 skipped, 0 failed; 3 facts added" in done.output
