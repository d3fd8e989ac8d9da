"""The records that flow through negobot: article → fact → answer.

Plain dataclasses, so the CLI, the bot and the tests share one vocabulary and
nothing outside `store.py` needs to know the SQL schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """A stored news article, or the source record behind an admin's fact."""

    id: int
    title: str | None
    outlet: str
    url: str | None
    published: str | None  # ISO date, YYYY-MM-DD; None when the page states no date
    kind: str = "article"  # "article" (ingested text) or "admin" (facts added by hand)
    date_evidence: str | None = None  # where the date was read: "URL", "dateline", "header"…
    date_doubt: str | None = None  # other evidence that disagrees, in words

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
        }


@dataclass(frozen=True)
class DateRef:
    """A date expression in a fact, resolved against the article's publication date."""

    text: str
    iso: str  # "2026-01-29" or a span "2026-01-19/2026-01-25"
    label: str  # "29 Jan 2026"


@dataclass(frozen=True)
class Fact:
    """One sentence, or a quote kept whole across sentences, with who said it and when."""

    id: int
    article_id: int
    text: str
    speaker: str | None
    reported_by: str | None
    event_date: str | None
    dates: tuple[DateRef, ...] = ()
    status: str = "active"  # "active" or "retired"
    position: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "speaker": self.speaker,
            "reported_by": self.reported_by,
            "event_date": self.event_date,
        }


@dataclass(frozen=True)
class DraftFact:
    """A fact extracted from an article, before it has an id."""

    text: str
    speaker: str | None
    reported_by: str | None
    dates: tuple[DateRef, ...] = ()

    @property
    def event_date(self) -> str | None:
        return self.dates[0].iso if self.dates else None


@dataclass(frozen=True)
class Match:
    """A fact that retrieval judged relevant to a question, with its score in [0, 1]."""

    fact: Fact
    article: Article
    score: float


@dataclass(frozen=True)
class Answer:
    """What negobot says to a question: sourced facts, or a decline."""

    question: str
    answered: bool
    text: str
    confidence: float
    matches: tuple[Match, ...] = field(default=())
    # Every article that carried the leading fact, its own first: a story re-posted by
    # other outlets is one fact with several sources.
    carried_by: tuple[Article, ...] = field(default=())
    # What was said before on the same point, newest first (a question about now only).
    earlier: tuple[Match, ...] = field(default=())
    as_of: str | None = None  # publication day (ISO) of the newest source used
    low_confidence: bool = False  # answered, but close to the bar (logged for admins)
    # What another side (Kyiv, Moscow, Washington) said on the same point, with the side.
    sides: tuple[tuple[str, Match], ...] = field(default=())
    lead_side: str | None = None  # the side whose word leads, when sides are shown
    language: str = "en"  # the question's language, which the answer's own words are in

    @property
    def sources(self) -> list[Article]:
        seen: dict[int, Article] = {}
        for match in self.matches + self.earlier + tuple(m for _, m in self.sides):
            seen.setdefault(match.article.id, match.article)
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "facts": [m.fact.to_json() for m in self.matches],
            "sources": [a.to_json() for a in self.sources],
            "carried_by": [a.to_json() for a in self.carried_by],
            "earlier": [m.fact.to_json() for m in self.earlier],
            "sides": [{"side": side, **m.fact.to_json()} for side, m in self.sides],
            "as_of": self.as_of,
            "language": self.language,
        }


def dataclass_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (for export)."""
    return asdict(record)
