"""An article sent as a file (.txt, .md, .html) → the plain text that ingestion reads.

HTML keeps the words of its headline and paragraphs, one block a line, and drops
scripts, styles, page chrome (nav, header, footer, aside, forms) and whatever comes before
the first h1; the cleaning step of ingestion then drops the furniture that is left. The
headline (h1, else the page title) becomes the first line, as in a pasted article.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import PurePath

from knowledge import KnowledgeError

MAX_DOCUMENT_BYTES = 2_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr",
           "article", "section", "title", "figcaption"}
_SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg",
            "template", "iframe"}


def decode(data: bytes) -> str:
    """The bytes of a text file as text (UTF-8, else Windows-1252); binary data is refused."""
    if b"\x00" in data:
        raise KnowledgeError("That is not a text file (it contains binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.title = ""
        self.headline_at: int | None = None  # index in lines of the first h1
        self._line: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        if tag in _BLOCKS:
            self.flush()
        if tag == "title":
            self._in_title = True
        if tag == "h1" and self.headline_at is None:
            self.headline_at = len(self.lines)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self._line.append(data)

    def flush(self) -> None:
        line = " ".join("".join(self._line).split())
        if line:
            self.lines.append(line)
        self._line = []


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, its headline (first h1, else the title) first."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    parser.flush()
    if parser.headline_at is not None:
        return "\n".join(parser.lines[parser.headline_at:])
    title = " ".join(parser.title.split())
    return "\n".join([title, *parser.lines] if title else parser.lines)


def document_text(file_name: str | None, data: bytes) -> str:
    """The text of an article file, headline first; other kinds of file are refused clearly."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise KnowledgeError("I can add articles from .txt, .md or .html files only.")
    text = decode(data)
    return html_to_text(text) if suffix in HTML_SUFFIXES else text
