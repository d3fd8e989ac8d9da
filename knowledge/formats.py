"""What an admin feeds negobot, recognised and taken apart: metadata and the page's text.

Five shapes occur, as they come from the web and from crawlers:

- plain pasted text: the headline on the first line, then the article;
- YAML front matter (``---`` … ``---``: title, source, date, description), then the text;
- ``# Source:`` / ``# Date:`` header lines (the date is when the page was crawled);
- a crawler's page dump: ``## Metadata`` (URL, "Scraped at"), a ``## Page Structure``
  outline of the headings (not content), ``## Content`` with the whole page's text
  (menus and all) and a ``## Links`` list;
- HTML, whose main text a maintained extractor (trafilatura) finds.

Parsing here only splits and labels; what is prose and what is furniture is `clean.py`'s
job, and which date to believe is `published.py`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .html_text import extract_html

PLAIN, FRONTMATTER, SOURCE_HEADER, PAGE_DUMP, HTML = (
    "plain", "frontmatter", "source_header", "page_dump", "html")

_FRONTMATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<head>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SOURCE_HEADER = re.compile(
    r"\A\ufeff?\s*# Source:\s*(?P<url>\S+)[ \t]*\r?\n(?:# Date:[ \t]*(?P<date>[^\n]*)\r?\n)?")
_PAGE_DUMP = re.compile(r"^## Metadata\s*$.*?^## Content\s*$", re.S | re.M)
_HTML = re.compile(r"\A\s*(?:<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_DUMP_META = re.compile(r"^- \*\*(?P<key>[^*]+)\*\*:\s*(?P<value>.*?)\s*$", re.M)
_HEADING = re.compile(r"^\s*- (?P<level>#+) (?P<text>.+?)\s*$", re.M)
_LOOSE_KEY = re.compile(r"^(?P<key>[A-Za-z_]+):\s*(?P<value>.*?)\s*$", re.M)


@dataclass(frozen=True)
class Document:
    """One input taken apart: its metadata as the page states it, and its text."""

    format: str
    text: str  # the page's text, one paragraph (or page line) a line
    title: str | None = None
    url: str | None = None
    header_date: str | None = None  # as written: "2019-06-28", "unknown", a timestamp…
    header_date_is_crawl: bool = False  # a crawler's date: only an upper bound
    description: str | None = None
    headings: tuple[str, ...] = ()  # h1 headings from a page outline, first first


def detect_format(text: str) -> str:
    """Which of the five shapes text has (see the module docstring)."""
    if _FRONTMATTER.match(text):
        return FRONTMATTER
    if _SOURCE_HEADER.match(text):
        return SOURCE_HEADER
    if _PAGE_DUMP.search(text[:20_000]):
        return PAGE_DUMP
    if _HTML.match(text[:2_000]):
        return HTML
    return PLAIN


def parse_document(text: str, *, url: str | None = None) -> Document:
    """Split text into metadata and page text, whatever its shape; url helps HTML extraction."""
    kind = detect_format(text)
    if kind == FRONTMATTER:
        return _frontmatter(text)
    if kind == SOURCE_HEADER:
        return _source_header(text)
    if kind == PAGE_DUMP:
        return _page_dump(text)
    if kind == HTML:
        page = extract_html(text, url=url)
        return Document(HTML, page.text, title=page.title, url=page.url or url,
                        header_date=page.date, description=page.description)
    return Document(PLAIN, text)


def _frontmatter(text: str) -> Document:
    match = _FRONTMATTER.match(text)
    assert match is not None
    head = _yaml_mapping(match.group("head"))
    url = _text(head.get("source")) or _text(head.get("url")) or _text(head.get("link"))
    return Document(
        FRONTMATTER, text[match.end():], title=_text(head.get("title")), url=url,
        header_date=_text(head.get("date")) or _text(head.get("published")),
        description=_text(head.get("description")),
    )


def _yaml_mapping(head: str) -> dict[str, Any]:
    """The front matter's fields; broken YAML falls back to plain "key: value" lines."""
    try:
        loaded = yaml.safe_load(head)
    except yaml.YAMLError:
        loaded = None
    if isinstance(loaded, dict):
        return {str(k).lower(): v for k, v in loaded.items()}
    return {m.group("key").lower(): m.group("value").strip().strip("\"'")
            for m in _LOOSE_KEY.finditer(head)}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    out = " ".join(str(value).split())
    return out or None


def _source_header(text: str) -> Document:
    match = _SOURCE_HEADER.match(text)
    assert match is not None
    return Document(SOURCE_HEADER, text[match.end():], url=match.group("url"),
                    header_date=_text(match.group("date")), header_date_is_crawl=True)


def _page_dump(text: str) -> Document:
    meta_part, _, rest = text.partition("## Page Structure")
    if not rest:  # no outline: the metadata runs up to the content
        meta_part, _, rest = text.partition("## Content")
        outline, content = "", rest
    else:
        outline, _, content = rest.partition("## Content")
    content = re.split(r"^## Links\s*$", content, maxsplit=1, flags=re.M)[0]
    meta = {m.group("key").strip().lower(): m.group("value") for m in _DUMP_META.finditer(meta_part)}
    headings = tuple(m.group("text") for m in _HEADING.finditer(outline) if m.group("level") == "#")
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    return Document(PAGE_DUMP, "\n".join(lines), title=_dump_title(headings, lines),
                    url=meta.get("url"), header_date=meta.get("scraped at"),
                    header_date_is_crawl=True, headings=headings)


def _dump_title(headings: tuple[str, ...], lines: list[str]) -> str | None:
    """The page's headline: its first h1 that the page shows, else its title tag."""
    shown = {line.casefold() for line in lines}
    for heading in headings:
        if len(heading.split()) >= 3 and heading.casefold() in shown:
            return heading
    for heading in headings:
        if len(heading.split()) >= 3:
            return heading
    first = lines[0] if lines else ""
    return first if len(first.split()) >= 4 else None


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::?)\s+")  # " : NPR", not "repairs: IAEA"
_SECTION_PREFIXES = frozenset("opinion analysis live exclusive explainer video watch commentary "
                              "news feature features editorial".split())


def tidy_title(title: str | None, outlet: str | None) -> str | None:
    """A page title without the site's name and section: "X | Ukraine | The Guardian" → "X".

    Trailing parts go while they are names (sites, sections) or name the outlet, and
    leading parts go while they are section labels ("Opinion | …"); the headline itself is
    the longest part, and separators inside it ("… - as Russia faces …") stay.
    """
    if not title:
        return None
    text = " ".join(title.split())
    spans, cursor = [], 0
    for separator in _TITLE_SEPARATORS.finditer(text):
        spans.append((cursor, separator.start()))
        cursor = separator.end()
    spans.append((cursor, len(text)))
    parts = [text[a:b] for a, b in spans]
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    first = 0
    while first < longest and (parts[first].casefold() in _SECTION_PREFIXES
                               or (len(parts[first].split()) <= 2 and _is_name(parts[first]))):
        first += 1
    last = len(parts) - 1
    site = (outlet or "").casefold()
    while last > longest and (_is_name(parts[last]) or (site and site in parts[last].casefold())):
        last -= 1
    return text[spans[first][0]:spans[last][1]] or None


def _is_name(part: str) -> bool:
    """A site or section name ("BBC News", "News of Bahrain"), not part of a headline."""
    words = part.split()
    if 0 < len(words) <= 4 and words[-1] in ("News", "Live", "Opinion"):
        return True  # a section: "Russia-Ukraine war News"
    return 0 < len(words) <= 5 and all(
        w[0].isupper() or w[0].isdigit() or w in ("of", "the", "and", "&", "for", "on", "in")
        for w in words)
