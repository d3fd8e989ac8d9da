"""The negotiations on a time line: rounds of talks and the agreements they reached, by day.

`event_mentions.py` reads what each fact reports (kind, day, venue); here the reports of one
event are merged: one event per kind, venue and day, days that follow each other being one
round of talks ("began on Wednesday", "concluded on Thursday") or one swap reported a day
off, with every article that carried any of its facts as a source. Events are ranked by how
many articles carry them: a single report may be a misread date, a dozen are a round.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .analyzer import Analyzer
from .dates import DateMention
from .event_mentions import EventKind, Mention, event_kinds, mentions
from .records import Article, Fact
from .store import KnowledgeBase

# Prisoners in numbers: "157 prisoners of war", "314 prisoners", "157 for 157".
_PRISONERS = re.compile(
    r"\b(?P<n>\d{1,3}(?:,\d{3})?)\s+(?:[A-Za-z-]+\s+){0,2}?(?:prisoners|POWs|captives|servicemen|"
    r"soldiers|people|civilians|defenders)\b", re.IGNORECASE)
_FOR_EACH = re.compile(r"\b(?P<n>\d{1,3})[\s-]+for[\s-]+(?P<m>\d{1,3})\b")
_EACH = re.compile(r"\beach\b|\bapiece\b|\bper side\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of the negotiations, with every article that reported it."""

    day: date
    end_day: date  # == day for a one-day event
    kind: str  # "talks", "prisoner exchange", "energy truce", "truce", "deadline"
    venue: str | None  # where talks were held ("Abu Dhabi"); None when no fact says
    label: str  # "Abu Dhabi talks", "prisoner exchange 157↔157"
    sources: tuple[tuple[int, Article], ...]  # (fact id, an article that carried it)

    @property
    def articles(self) -> list[Article]:
        """The distinct articles that carried the event, oldest first."""
        seen: dict[int, Article] = {}
        for _, article in self.sources:
            seen.setdefault(article.id, article)
        return sorted(seen.values(), key=lambda a: (a.published or "9999", a.id))

    @property
    def when(self) -> str:
        """Its day or days for people: "5 Feb 2026", "23–24 Jan 2026"."""
        return DateMention("", self.day, self.end_day).label()


def timeline(kb: KnowledgeBase) -> list[TimelineEvent]:
    """Every dated event of the negotiations the base's active facts report, by day."""
    kinds = event_kinds(kb.analyzer)
    found = [mention for fact, article in _candidates(kb, kinds)
             for mention in mentions(fact, article, kinds, kb.analyzer)]
    others = {fact_id: kb.fact_sources(fact_id)[1:] for fact_id in sorted({m.fact.id for m in found})}
    events = [_event(group, others, kb.analyzer) for group in _group(found, kb.analyzer)]
    return sorted(events, key=_chronological)


def key_events(events: Iterable[TimelineEvent], limit: int) -> list[TimelineEvent]:
    """The limit events carried by most articles (the newer first on a tie: the talks of
    now are what a reader follows), by day."""
    ranked = sorted(events, key=lambda e: (-len(e.articles), -e.end_day.toordinal(), e.label))
    return sorted(ranked[:limit], key=_chronological)


def _chronological(event: TimelineEvent) -> tuple[date, date, str, str]:
    return event.day, event.end_day, event.kind, event.label


def _candidates(kb: KnowledgeBase, kinds: Iterable[EventKind]) -> Iterator[tuple[Fact, Article]]:
    """Active facts that name a date and a term some kind of event needs, with their article."""
    terms = sorted({t for kind in kinds for t in kind.needs[0]})
    # The full-text match as a subquery: joined, SQLite would scan every fact.
    rows = kb.db.execute(
        "SELECT id FROM facts WHERE id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)"
        " AND status = 'active' AND dates NOT IN ('', '[]') ORDER BY id",
        ["terms : (" + " OR ".join(kb.db.quote_fts(t) for t in terms) + ")"]).fetchall()
    articles: dict[int, Article] = {}
    for (fact_id,) in rows:
        fact = kb.fact(fact_id)
        if fact.article_id not in articles:
            articles[fact.article_id] = kb.article(fact.article_id)
        yield fact, articles[fact.article_id]


def _group(found: list[Mention], analyzer: Analyzer) -> list[list[Mention]]:
    """Mentions of one event together: same kind, days that meet (the same or the next
    day), and venues that are one place (the same terms, related names such as Abu Dhabi
    and the Emirates, or a place one fact names beside the other's). A mention without a
    venue joins the event of its kind, with a venue, that shares its day (the one most
    articles carry, if several); else the other venue-less mentions of its days."""
    groups: list[list[Mention]] = []
    for kind in dict.fromkeys(m.kind.name for m in found):
        of_kind = sorted((m for m in found if m.kind.name == kind),
                         key=lambda m: (m.start, m.end, m.fact.id))
        placed = _clusters([m for m in of_kind if m.venue_key], analyzer)
        unplaced: list[list[Mention]] = []
        for mention in (m for m in of_kind if not m.venue_key):
            hosts = [g for g in placed if _shares_day(mention, g)]
            if hosts:
                max(hosts, key=lambda g: (len({m.article.id for m in g}), -g[0].fact.id)).append(mention)
                continue
            host = next((g for g in unplaced if any(_meet(mention, other) for other in g)), None)
            if host is None:
                unplaced.append([mention])
            else:
                host.append(mention)
        groups += placed + unplaced
    return groups


def _clusters(found: list[Mention], analyzer: Analyzer) -> list[list[Mention]]:
    """Mentions with a venue, joined while two of different groups are one event."""
    clusters: list[list[Mention]] = []
    for mention in found:
        joined = [c for c in clusters
                  if any(_meet(mention, other) and _same_place(mention, other, analyzer) for other in c)]
        clusters = [c for c in clusters if c not in joined] + [[m for c in joined for m in c] + [mention]]
    return clusters


def _meet(a: Mention, b: Mention) -> bool:
    """Whether two mentions' days are one event's: the same days, or the next (talks run
    over days; a swap reported a day off is the same swap)."""
    slack = timedelta(days=1)
    return a.start <= b.end + slack and b.start <= a.end + slack


def _shares_day(mention: Mention, group: list[Mention]) -> bool:
    """Whether mention shares a day with the group's: a report without a venue ("another
    round of talks was held on February 4") joins the round it falls in, not the one of
    the day before."""
    start, end = _days_of(group)
    return start <= mention.end and mention.start <= end


def _same_place(a: Mention, b: Mention, analyzer: Analyzer) -> bool:
    if a.venue_key == b.venue_key:
        return True
    if any(analyzer.related.get(t, frozenset()) & b.venue_key for t in a.venue_key):
        return True
    # "The Alaska summit, held in Anchorage": a fact naming both places makes them one.
    return _names(a.fact.text, b.venue, analyzer) or _names(b.fact.text, a.venue, analyzer)


def _names(text: str, place: str | None, analyzer: Analyzer) -> bool:
    """Whether text names place (by its concept terms, in order)."""
    if not place:
        return False
    wanted, held = analyzer.terms(place), analyzer.terms(text)
    return bool(wanted) and any(held[i:i + len(wanted)] == wanted for i in range(len(held)))


def _event(group: list[Mention], others: dict[int, list[Article]], analyzer: Analyzer) -> TimelineEvent:
    kind = group[0].kind.name
    start, end = _days_of(group)
    venue = _venue_name(group, analyzer)
    sources: list[tuple[int, Article]] = []
    for mention in sorted(group, key=lambda m: m.fact.id):
        for article in [mention.article, *others.get(mention.fact.id, [])]:
            if (mention.fact.id, article) not in sources:
                sources.append((mention.fact.id, article))
    return TimelineEvent(start, end, kind, venue, _label(kind, venue, group), tuple(sources))


def _days_of(group: list[Mention]) -> tuple[date, date]:
    """The event's first and last day: for talks every day reported ("began on Wednesday",
    "concluded on Thursday": 4–5 Feb), for an agreement the day most reports give."""
    if group[0].kind.spans_days:
        return min(m.start for m in group), max(m.end for m in group)
    counts = Counter((m.start, m.end) for m in group)
    return min(counts, key=lambda span: (-counts[span], span))


def _venue_name(group: list[Mention], analyzer: Analyzer) -> str | None:
    """The name of the event's place that most of its facts use, wherever they use it
    ("Alaska" over "Anchorage" when both facts say Alaska), the shorter on a tie."""
    names = {m.venue for m in group if m.venue}
    texts = {m.fact.id: m.fact.text for m in group}
    counts = {name: sum(_names(text, name, analyzer) for text in texts.values()) for name in names}
    return min(names, key=lambda n: (-counts[n], len(n), n), default=None)


def _label(kind: str, venue: str | None, group: list[Mention]) -> str:
    if kind == "talks":
        noun = "summit" if any(m.typed == "summit" for m in group) else "talks"
        return f"{venue} {noun}" if venue else noun
    if kind == "prisoner exchange":
        return f"{kind} {_exchanged(group)}".rstrip()
    return kind


def _exchanged(group: list[Mention]) -> str:
    """How many were exchanged, as most facts count them: "157↔157" when a number is given
    per side ("each hand over 157 prisoners", "157 for 157"), else the total ("of 314")."""
    each: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for text in {m.fact.text for m in group}:
        for pair in _FOR_EACH.finditer(text):
            if pair.group("n") == pair.group("m"):
                each[int(pair.group("n"))] += 1
        for found in _PRISONERS.finditer(text):
            around = text[max(0, found.start() - 40):found.end() + 20]
            (each if _EACH.search(around) else total)[int(found.group("n").replace(",", ""))] += 1
    if each:
        return "{0}↔{0}".format(min(each, key=lambda n: (-each[n], n)))
    if total:
        return f"of {min(total, key=lambda n: (-total[n], n))}"
    return ""
