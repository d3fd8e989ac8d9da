"""Article text in, stored facts out: recognise, clean, date, extract, deduplicate, store.

One input (a pasted article, a crawler's file, an HTML page) becomes one article in one
transaction: either all its facts are stored or none are. Pages that are not news about
the war (an age-verification wall, a donation page, menus only) are refused with the
reason (`PageSkipped`), and nothing is stored for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from .analyzer import Analyzer, Indexed
from .clean import CleanText, clean_text
from .extract import extract_facts
from .formats import PLAIN, Document, parse_document, tidy_title
from .furniture import AGE_WALL
from .outlets import outlet_from_url
from .published import (
    GIVEN,
    NONE,
    UNDATED,
    DateEvidence,
    Published,
    byline_date,
    dateline_date,
    header_date,
    text_date,
    url_date,
    weigh,
)
from .records import Article, DraftFact
from .relevance import drop_other_stories, skip_reason
from .store import KnowledgeBase, KnowledgeError, content_hash

__all__ = ["IngestResult", "PageSkipped", "ParsedArticle", "ingest_text", "outlet_from_url",
           "parse_article", "parse_published"]

MAX_ARTICLE_CHARS = 2_000_000


class PageSkipped(KnowledgeError):
    """A page that is not news about the war (a wall, an appeal, menus only); says why."""


@dataclass(frozen=True)
class ParsedArticle:
    """An article ready to store: metadata, cleaned body, draft facts and what was dropped."""

    title: str | None
    outlet: str
    url: str | None
    published: date | None  # None: the page states no date (see `published.py`)
    body: str
    facts: list[DraftFact]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    format: str = PLAIN
    date_evidence: str = GIVEN
    date_doubt: str | None = None
    # The facts' analysis when it was made beside the parsing (see `analysed`), by the
    # analyzer with that fingerprint; the store redoes it if its own analyzer differs.
    indexed: tuple[Indexed, ...] = ()
    analyzer: str | None = None

    def analysed(self, analyzer: Analyzer) -> ParsedArticle:
        """This article with its facts' search columns computed (see `batch.prepare`)."""
        return replace(self, indexed=tuple(analyzer.index_article(
            [(f.text, f.speaker, f.reported_by) for f in self.facts])),
            analyzer=analyzer.fingerprint)


@dataclass(frozen=True)
class IngestResult:
    """What happened to one article: added, updated or unchanged, and to how many facts."""

    article: Article
    outcome: str  # "added", "updated" or "unchanged"
    facts_added: int
    dropped: list[tuple[str, str]]
    facts_merged: int = 0  # already carried by another outlet: recorded as a source
    facts_retired: int = 0


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
    """Recognise, clean and date one input and extract its facts; nothing is stored.

    Options given by the caller win over what the page says about itself.
    """
    if "\x00" in text:
        raise KnowledgeError("That is not a text file (it contains binary data).")
    if len(text) > MAX_ARTICLE_CHARS:
        raise KnowledgeError(f"The article is too long ({len(text):,} characters; "
                             f"the limit is {MAX_ARTICLE_CHARS:,}).")
    if not text.strip():
        raise KnowledgeError("The article is empty.")
    given = parse_published(published) if published is not None else None
    document = parse_document(text, url=url)
    url = url or document.url
    outlet = outlet or (outlet_from_url(url) if url else None)
    if not outlet:
        raise KnowledgeError("The outlet is unknown: give it (for example --outlet Reuters) "
                             "or the article's URL.")
    cleaned = clean_text(document.text, has_headline=document.format == PLAIN and title is None,
                         title=title or document.title)
    title = title or _title_of(document, cleaned, outlet, url)
    reason = skip_reason(document, cleaned, title)
    if reason is not None:
        raise PageSkipped(reason)
    drop_other_stories(cleaned)
    when = _publication(document, cleaned, url, given)
    facts = extract_facts(cleaned, when.day, exact_date=when.exact)
    if not facts:
        raise PageSkipped("no sentence of news prose survived cleaning (menus, headlines, "
                          "captions only)")
    return ParsedArticle(title, outlet, url, when.day, "\n".join(cleaned.paragraphs), facts,
                         cleaned.dropped, document.format, when.evidence, when.doubt)


def _title_of(document: Document, cleaned: CleanText, outlet: str, url: str | None) -> str | None:
    title = tidy_title(document.title, outlet) or cleaned.headline
    if title and AGE_WALL.search(title):
        # The crawler kept the wall's title over the article it let through; the address
        # still names the story ("…/sitrep-russia-ukraine-week-ending-february-21-2026").
        slug = urlsplit(url or "").path.rstrip("/").rsplit("/", 1)[-1]
        words = re.sub(r"\.\w+$", "", slug).replace("-", " ").replace("_", " ").split()
        title = " ".join(words).capitalize() if len(words) >= 3 else None
    return title


def _publication(document: Document, cleaned: CleanText, url: str | None,
                 given: date | None) -> Published:
    """The publication date from every piece of evidence (see `published.py`)."""
    evidence: list[DateEvidence] = []
    if given is not None:
        evidence.append(DateEvidence(GIVEN, given, given.isoformat()))
    from_url = url_date(url)
    if from_url is not None:
        evidence.append(DateEvidence("URL", from_url, url or ""))
    header = header_date(document.header_date, crawl=document.header_date_is_crawl)
    if header is not None:
        evidence.append(header)
    reference = given or from_url or (header.day if header else None)
    start, _ = cleaned.body
    lines = cleaned.lines
    dateline = dateline_date(lines[start:start + 15], reference) or dateline_date(lines, reference)
    if dateline is not None:
        evidence.append(dateline)
    byline = (byline_date(list(reversed(lines[max(0, start - 60):start])))
              or byline_date(lines[start:start + 10]))
    if byline is not None:
        evidence.append(byline)
    found = weigh(evidence)
    if found is None:
        found = weigh([e for e in [text_date(cleaned.paragraphs, document.text)] if e is not None])
    if found is None and document.format == PLAIN:
        # Pasted text carries no metadata of its own: whoever pasted it knows the date, as
        # they know the outlet.
        raise KnowledgeError("The publication date is missing: the text states none; give it "
                             "as YYYY-MM-DD (--published).")
    if found is None:
        # A page that states no date is stored undated: a guessed date would be shown with
        # every answer drawn from it.
        return Published(None, NONE, UNDATED)
    return found


def ingest_text(kb: KnowledgeBase, text: str, *, actor: str, title: str | None = None,
                outlet: str | None = None, url: str | None = None,
                published: str | date | None = None) -> IngestResult:
    """Parse and store an article; the same text again changes nothing, the same URL updates."""
    parsed = parse_article(text, title=title, outlet=outlet, url=url, published=published)
    return store_article(kb, parsed, actor=actor)


def store_article(kb: KnowledgeBase, parsed: ParsedArticle, *, actor: str) -> IngestResult:
    """Store a parsed article in one transaction (see `KnowledgeBase.save_article`)."""
    body_hash = content_hash(parsed.body)
    with kb.transaction(), kb.counting_terms():
        found = kb.find_article(url=parsed.url, body_hash=body_hash)
        if found is not None and found[1] == body_hash:
            return IngestResult(found[0], "unchanged", 0, parsed.dropped)
        change = kb.save_article(
            title=parsed.title, outlet=parsed.outlet, url=parsed.url,
            published=parsed.published.isoformat() if parsed.published else None,
            body=parsed.body, facts=parsed.facts,
            actor=actor, replace=found[0].id if found else None, format=parsed.format,
            date_evidence=parsed.date_evidence, date_doubt=parsed.date_doubt,
            indexed=parsed.indexed if parsed.analyzer == kb.analyzer.fingerprint else None,
        )
    outcome = "updated" if found is not None else "added"
    return IngestResult(change.article, outcome, change.facts_added, parsed.dropped,
                        change.facts_merged, change.facts_retired)
