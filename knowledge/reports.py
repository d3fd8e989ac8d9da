"""Summaries of the base for people who browse or keep it: newest facts, sources, figures."""

from __future__ import annotations

from dataclasses import dataclass

from .question_log import question_counts
from .records import Article, Fact
from .store import KnowledgeBase


@dataclass(frozen=True)
class SourceSummary:
    """One article (or an admin's source) and how many active facts come from it."""

    article: Article
    facts: int


@dataclass(frozen=True)
class BaseStats:
    """The figures an admin checks: what the base holds and how it is being asked."""

    articles: int
    facts: int
    retired: int
    questions: int
    declined: int
    changes: int  # audit rows: every stored change, by anyone
    last_change: str | None  # ISO timestamp of the newest change


def latest_facts(kb: KnowledgeBase, limit: int = 5, *, per_article: int | None = None
                 ) -> list[tuple[Fact, Article]]:
    """The newest active facts with their sources: the most recently published articles
    first (undated ones last), each article's facts in its own order (a news story's lead
    first), at most per_article of each (default: no limit)."""
    found: list[tuple[Fact, Article]] = []
    # Articles are few next to facts: walking them newest first reads a handful of rows,
    # where ordering the facts by their article's date would sort every fact.
    articles = kb.db.execute(
        "SELECT id FROM articles ORDER BY published IS NULL, published DESC, id DESC")
    for (article_id,) in articles:
        rows = kb.db.execute(
            "SELECT id FROM facts WHERE article_id = ? AND status = 'active' ORDER BY position, id "
            "LIMIT ?", [article_id, min(per_article or limit, limit - len(found))]).fetchall()
        if rows:
            article = kb.article(article_id)
            found += [(kb.fact(row[0]), article) for row in rows]
        if len(found) == limit:
            break
    return found


def sources(kb: KnowledgeBase) -> list[SourceSummary]:
    """Every source that has active facts, newest publication first."""
    rows = kb.db.execute(
        "SELECT article_id, count(*) FROM facts WHERE status = 'active' GROUP BY article_id"
    ).fetchall()
    counts = {int(article_id): int(n) for article_id, n in rows}
    found = [SourceSummary(kb.article(article_id), n) for article_id, n in counts.items()]
    return sorted(found, key=lambda s: (s.article.published or "", s.article.id), reverse=True)


def stats(kb: KnowledgeBase) -> BaseStats:
    """Articles, facts (active and retired), questions (asked and declined) and changes."""
    asked = question_counts(kb)
    changes, last = kb.db.execute("SELECT count(*), max(at) FROM audit").fetchone()
    return BaseStats(
        articles=kb.count_articles(), facts=kb.count_facts(), retired=kb.count_facts("retired"),
        questions=asked.asked, declined=asked.declined, changes=int(changes), last_change=last,
    )
