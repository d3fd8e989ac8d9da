"""Article text in, stored facts out: clean, extract, deduplicate, store, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse

from .clean import clean_text
from .extract import extract_facts
from .records import Article, DraftFact
from .store import KnowledgeBase, KnowledgeError, content_hash

# Outlets whose name is not their domain's first label, capitalised (a full host wins over a
# label: rbc.ua is RBC-Ukraine, rbc.ru is Russia's RBC).
_OUTLET_NAMES = {
    "aljazeera": "Al Jazeera", "apnews": "AP", "bbc": "BBC", "cnn": "CNN",
    "theguardian": "The Guardian", "nytimes": "The New York Times", "ft": "Financial Times",
    "washingtonpost": "The Washington Post", "wsj": "The Wall Street Journal",
    "kyivindependent": "The Kyiv Independent", "kyivpost": "Kyiv Post", "pravda.com.ua": "Ukrainska Pravda",
    "rbc.ua": "RBC-Ukraine", "rbc.ru": "RBC", "tass": "TASS", "news.sky": "Sky News", "sky": "Sky News",
    "aa": "Anadolu Agency", "dw": "DW", "npr": "NPR", "cbsnews": "CBS News",
    "nbcnews": "NBC News", "abcnews": "ABC News", "foxnews": "Fox News", "euronews": "Euronews",
    "politico": "Politico", "axios": "Axios", "bloomberg": "Bloomberg", "reuters": "Reuters",
    "rferl": "RFE/RL", "ukrinform": "Ukrinform", "interfax": "Interfax", "meduza": "Meduza",
    "economist": "The Economist", "themoscowtimes": "The Moscow Times",
}
MAX_ARTICLE_CHARS = 2_000_000


@dataclass(frozen=True)
class ParsedArticle:
    """An article ready to store: metadata, cleaned body, draft facts and what was dropped."""

    title: str | None
    outlet: str
    url: str | None
    published: date
    body: str
    facts: list[DraftFact]
    dropped: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class IngestResult:
    """What happened to one article: added, updated or unchanged."""

    article: Article
    outcome: str
    facts_added: int
    dropped: list[tuple[str, str]]


def outlet_from_url(url: str) -> str | None:
    """The outlet's usual name from a URL's host: reuters.com → Reuters."""
    host = (urlparse(url).hostname or "").removeprefix("www.").removeprefix("amp.")
    if not host:
        return None
    if host in _OUTLET_NAMES:
        return _OUTLET_NAMES[host]
    labels = host.split(".")
    for size in (2, 1):
        for start in range(len(labels) - size):
            key = ".".join(labels[start : start + size])
            if key in _OUTLET_NAMES:
                return _OUTLET_NAMES[key]
    return labels[-2].capitalize() if len(labels) >= 2 else host


def parse_published(value: str | date | None) -> date:
    """A publication date from YYYY-MM-DD; articles without one cannot be dated, so refuse."""
    if isinstance(value, date):
        return value
    if not value:
        raise KnowledgeError("The publication date is missing: give it as YYYY-MM-DD.")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise KnowledgeError(f"Not a date: {value!r}; use YYYY-MM-DD.") from None


def parse_article(text: str, *, title: str | None = None, outlet: str | None = None,
                  url: str | None = None, published: str | date | None = None) -> ParsedArticle:
    """Clean pasted text and extract its facts; nothing is stored."""
    if "\x00" in text:
        raise KnowledgeError("That is not a text file (it contains binary data).")
    if len(text) > MAX_ARTICLE_CHARS:
        raise KnowledgeError(f"The article is too long ({len(text):,} characters; "
                             f"the limit is {MAX_ARTICLE_CHARS:,}).")
    if not text.strip():
        raise KnowledgeError("The article is empty.")
    outlet = outlet or (outlet_from_url(url) if url else None)
    if not outlet:
        raise KnowledgeError("The outlet is unknown: give it (for example --outlet Reuters) "
                             "or the article's URL.")
    day = parse_published(published)
    cleaned = clean_text(text, has_headline=title is None)
    if not cleaned.paragraphs:
        raise KnowledgeError("No article text found: every line looked like page furniture "
                             "(menus, headlines, adverts).")
    facts = extract_facts(cleaned, day)
    return ParsedArticle(title or cleaned.headline, outlet, url, day,
                         "\n".join(cleaned.paragraphs), facts, cleaned.dropped)


def ingest_text(kb: KnowledgeBase, text: str, *, actor: str, title: str | None = None,
                outlet: str | None = None, url: str | None = None,
                published: str | date | None = None) -> IngestResult:
    """Parse and store an article; the same text again changes nothing, the same URL updates."""
    parsed = parse_article(text, title=title, outlet=outlet, url=url, published=published)
    body_hash = content_hash(parsed.body)
    with kb.transaction():
        found = kb.find_article(url=parsed.url, body_hash=body_hash)
        if found is not None and found[1] == body_hash:
            return IngestResult(found[0], "unchanged", 0, parsed.dropped)
        article = kb.insert_article(
            title=parsed.title, outlet=parsed.outlet, url=parsed.url,
            published=parsed.published.isoformat(), body=parsed.body, facts=parsed.facts,
            actor=actor, replace=found[0].id if found else None,
        )
    outcome = "updated" if found is not None else "added"
    return IngestResult(article, outcome, len(parsed.facts), parsed.dropped)
