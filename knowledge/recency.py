"""Time in answers: what a question about the present asks for, and how old an answer is.

The talks move every week: on 5 February the next round was "likely in the United States",
later it was Geneva, then Abu Dhabi. Facts that match a question equally well but were
published on different days are the same point as it stood on each day; a question about
now ("where is the next round", "is Russia still…") wants the newest of them first, and
what was said before with its date, not whichever of them the ranking happened to put first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .records import Article
from .retrieval import Scored

# Words by which a question asks about the state of things now, or what comes next. Not
# "recently": that asks for an event of late, which the best match answers whatever its
# day (on the development set, "how much territory has Ukraine won back in the south
# recently" lost its answer to a newer figure for another front).
_NOW = re.compile(
    r"\b(?:next|upcoming|latest|now|nowadays|current(?:ly)?|still|yet|anymore|any more|newest|"
    r"today|so far|at the moment|at present|these days|this week)\b", re.I)
# "What's new", "latest news", "any news on the talks": a question that asks for the news
# itself, newest first, rather than for one fact. The rest of the question is its topic.
_NEWS = re.compile(
    r"^\W*(?:(?:so\s+)?(?:what'?s|what\s+is|whats|anything|any)\s+(?:new|the\s+latest|latest|news)"
    r"|(?:the\s+)?latest(?:\s+news)?|news|updates?)\b"
    r"(?:\s+(?:on|about|in|from|with|regarding|of))?\s*(?P<topic>.*?)\W*$", re.I)
# Facts within this much coverage of the leading one, holding the same question terms, are
# the same point: the ranking cannot tell which of them answers better.
POINT_MARGIN = 0.05
POINT_SCAN = 10  # the same point ranks near the top: look no further than this


def asks_about_now(question: str) -> bool:
    """Whether question asks how things stand now or what comes next."""
    return _NEWS.match(question) is not None or _NOW.search(question) is not None


def news_topic(question: str) -> str | None:
    """The topic of a question that asks for the news ("what's new on Geneva" → "Geneva";
    "what's new" → ""), or None for any other question."""
    found = _NEWS.match(question)
    return None if found is None else found.group("topic")


def newest_first(ranked: Sequence[Scored], threshold: float) -> tuple[Scored, list[Scored]]:
    """The newest of the facts that make the same point as the leading one, and the older
    ones, newest first, one a day, each from a day before the one that leads."""
    best = ranked[0]
    point = [s for s in ranked[:POINT_SCAN]
             if s.coverage >= threshold and s.covered == best.covered
             and s.coverage >= best.coverage - POINT_MARGIN]
    dated = sorted((s for s in point if s.article.published), key=_day, reverse=True)
    if not dated:
        return best, []
    lead = dated[0] if _day(dated[0]) > _day(best) else best
    earlier: list[Scored] = []
    for scored in dated:
        if _day(scored) < _day(lead) and _day(scored) not in {_day(e) for e in earlier}:
            earlier.append(scored)
    return lead, earlier


def as_of(articles: Iterable[Article]) -> str | None:
    """The publication day (ISO) of the newest article an answer draws on."""
    return max((a.published for a in articles if a.published), default=None)


def _day(scored: Scored) -> str:
    return scored.article.published or ""
