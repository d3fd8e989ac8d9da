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
_BATCH = 500  # facts read in one query
# A round of talks lasts days, not weeks: reports of one place spread wider than this, day
# after day, are rounds of their own.
MAX_EVENT_DAYS = 7


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
    places = _Places(kb.analyzer)
    return sorted((_event(group, others, places) for group in _group(found, places)), key=_chronological)


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
    ids = [fact_id for (fact_id,) in rows]
    for start in range(0, len(ids), _BATCH):
        for fact, article, _, _ in kb.active_candidates(ids[start:start + _BATCH]):
            yield fact, article


class _Places:
    """Whether a fact names a place, by the analyzer's terms, each text analysed once."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._terms: dict[str, tuple[str, ...]] = {}
        self._named: dict[tuple[str, str], bool] = {}

    def terms(self, text: str) -> tuple[str, ...]:
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = tuple(self.analyzer.terms(text))
        return found

    def names(self, text: str, place: str) -> bool:
        """Whether text names place (its concept terms, in order)."""
        found = self._named.get((text, place))
        if found is None:
            wanted, held = self.terms(place), self.terms(text)
            found = bool(wanted) and any(held[i:i + len(wanted)] == wanted for i in range(len(held)))
            self._named[text, place] = found
        return found

    def related(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether two places' terms are one place: the same, or related in the thesaurus
        (Abu Dhabi and the Emirates)."""
        return a == b or any(self.analyzer.related.get(t, frozenset()) & b for t in a)


@dataclass
class _Cluster:
    """Mentions of one event found so far, and the days they cover."""

    found: list[Mention]
    start: date
    end: date

    def meets(self, other: _Cluster | Mention) -> bool:
        """Whether other's days are this event's: the same days, or the next (talks run
        over days; a swap reported a day off is the same swap), within a week in all."""
        slack = timedelta(days=1)
        span = max(self.end, other.end) - min(self.start, other.start)
        return (self.start <= other.end + slack and other.start <= self.end + slack
                and span.days < MAX_EVENT_DAYS)

    def take(self, other: _Cluster | Mention) -> None:
        self.found += other.found if isinstance(other, _Cluster) else [other]
        self.start, self.end = min(self.start, other.start), max(self.end, other.end)


def _group(found: list[Mention], places: _Places) -> list[list[Mention]]:
    """Mentions of one event together: same kind, days that meet (the same or the next
    day), and venues that are one place (the same terms, related names such as Abu Dhabi
    and the Emirates, or a place a fact of one names beside the other's). A mention
    without a venue joins the event of its kind, with a venue, that shares its day (the
    one most articles carry, if several); else the other venue-less mentions of its days."""
    groups: list[list[Mention]] = []
    for kind in dict.fromkeys(m.kind.name for m in found):
        of_kind = sorted((m for m in found if m.kind.name == kind), key=lambda m: (m.start, m.end, m.fact.id))
        placed = _placed_clusters([m for m in of_kind if m.venue_key], places)
        carried = {id(c): (len({m.article.id for m in c.found}), -c.found[0].fact.id) for c in placed}
        unplaced: list[_Cluster] = []
        for mention in (m for m in of_kind if not m.venue_key):
            hosts = [c for c in placed if c.start <= mention.end and mention.start <= c.end]
            if hosts:
                max(hosts, key=lambda c: carried[id(c)]).found.append(mention)
            elif unplaced and unplaced[-1].meets(mention):
                unplaced[-1].take(mention)
            else:
                unplaced.append(_Cluster([mention], mention.start, mention.end))
        groups += [c.found for c in placed + unplaced]
    return groups


def _placed_clusters(found: list[Mention], places: _Places) -> list[_Cluster]:
    """Mentions with a venue (in order of day) as events: first those of one venue whose
    days meet, then those events joined whose days meet and whose venues are one place."""
    by_venue: dict[frozenset[str], list[_Cluster]] = {}
    for mention in found:
        runs = by_venue.setdefault(mention.venue_key, [])
        if runs and runs[-1].meets(mention):
            runs[-1].take(mention)
        else:
            runs.append(_Cluster([mention], mention.start, mention.end))
    clusters: list[_Cluster] = []
    for cluster in sorted((c for runs in by_venue.values() for c in runs),
                          key=lambda c: (c.start, c.end, c.found[0].fact.id)):
        joined = [c for c in clusters if c.meets(cluster) and _one_place(c, cluster, places)]
        for other in joined:
            cluster.take(other)
        clusters = [c for c in clusters if c not in joined] + [cluster]
    for cluster in clusters:
        cluster.found.sort(key=lambda m: (m.start, m.end, m.fact.id))
    return clusters


def _one_place(a: _Cluster, b: _Cluster, places: _Places) -> bool:
    """Whether two events' venues are one place: related terms, or a fact of one naming a
    venue of the other ("The Alaska summit, held in Anchorage")."""
    keys_a, keys_b = {m.venue_key for m in a.found}, {m.venue_key for m in b.found}
    if any(places.related(x, y) for x in keys_a for y in keys_b):
        return True
    names_a, names_b = ({m.venue for m in c.found if m.venue} for c in (a, b))
    texts_a, texts_b = ({m.fact.text for m in c.found} for c in (a, b))
    return any(places.names(text, name) for text in texts_a for name in names_b) or any(
        places.names(text, name) for text in texts_b for name in names_a)


def _event(group: list[Mention], others: dict[int, list[Article]], places: _Places) -> TimelineEvent:
    kind = group[0].kind.name
    start, end = _days_of(group)
    venue = _venue_name(group, places)
    sources: dict[tuple[int, int], tuple[int, Article]] = {}
    for mention in sorted(group, key=lambda m: m.fact.id):
        for article in [mention.article, *others.get(mention.fact.id, [])]:
            sources.setdefault((mention.fact.id, article.id), (mention.fact.id, article))
    return TimelineEvent(start, end, kind, venue, _label(kind, venue, group), tuple(sources.values()))


def _days_of(group: list[Mention]) -> tuple[date, date]:
    """The event's first and last day: for talks every day reported ("began on Wednesday",
    "concluded on Thursday": 4–5 Feb), for an agreement the day most reports give."""
    if group[0].kind.spans_days:
        return min(m.start for m in group), max(m.end for m in group)
    counts = Counter((m.start, m.end) for m in group)
    return min(counts, key=lambda span: (-counts[span], span))


def _venue_name(group: list[Mention], places: _Places) -> str | None:
    """The name most of the event's reports place it at; on a tie, the one more of its
    facts name at all ("Alaska" over "Anchorage" when both facts say Alaska), then the shorter."""
    used = Counter(m.venue for m in group if m.venue)
    if not used:
        return None
    most = max(used.values())
    tied = [name for name, count in used.items() if count == most]
    texts = {m.fact.text for m in group}
    named = {name: sum(places.names(text, name) for text in texts) for name in tied} if len(tied) > 1 else {}
    return min(tied, key=lambda n: (-named.get(n, 0), len(n), n))


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
