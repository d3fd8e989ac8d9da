"""An article sent as a file (.txt, .md, .html) → the text that ingestion reads.

Only the file's kind and encoding are the bot's business: the knowledge library detects
the format (plain text, front matter, HTML…) and extracts an HTML page's main text and
metadata itself, exactly as `negobot ingest page.html` does.
"""

from __future__ import annotations

from pathlib import PurePath

from knowledge import KnowledgeError
from knowledge.formats import HTML, detect_format

MAX_DOCUMENT_BYTES = 2_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")


def decode(data: bytes) -> str:
    """The bytes of a text file as text (UTF-8, else Windows-1252); binary data is refused."""
    if b"\x00" in data:
        raise KnowledgeError("That is not a text file (it contains binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def document_text(file_name: str | None, data: bytes) -> str:
    """The text of an article file for ingestion; other kinds of file are refused clearly."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise KnowledgeError("I can add articles from .txt, .md or .html files only.")
    text = decode(data)
    if suffix in HTML_SUFFIXES and detect_format(text) != HTML:
        # A saved fragment ("<h1>…</h1><p>…</p>") is still HTML: say so to the detector.
        text = f"<html><body>{text}</body></html>"
    return text
