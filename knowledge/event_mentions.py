"""What one fact reports of the negotiations' events: which kind, on which day, where.

A fact tells of an event when a word naming one (a concept term of the analyzer: "talks",
"negotiations", "met" and "summit" are all `talk`; "swap" is `exchange`; "truce" and
"pause" are `ceasefire`) stands near a day the fact names, in the same clause. The event is
dated by that day, and a round of talks is placed at the place named next to it ("talks in
Geneva on 17-18 February"). `timeline.py` merges the reports of one event.

What does not date an event:
- a span longer than a few days ("last week", "in February"): not a day;
- a day after the article was published ("talks are scheduled for Sunday"): a plan, and
  plans change (the round set for 1 February was held on 4-5 February); deadlines excepted;
- an event word under a plan, a wish or a negation ("Kyiv expected an exchange", "would
  meet", "did not meet"), or a body's meeting ("a meeting of the Security Council");
- a day another event stands between ("spoke with Trump on Wednesday ahead of the talks");
- for talks, a day that dates a saying ("Peskov said on Wednesday that…", "told reporters
  on Friday"): talks are spoken of for weeks around them, while an agreement is news on
  the day it is announced ("the IAEA said Friday that a truce had taken effect");
- a day in another clause, or in brackets the event's word is outside of (a citation:
  "talks in Abu Dhabi (Izvestiya, January 26)").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from .analyzer import Analyzer
from .question_types import located_places
from .records import Article, DateRef, Fact

MAX_SPAN_DAYS = 4  # "on Friday and Saturday", "Jan. 23–24"; "last week" is no day
MAX_GAP = 20  # words between an event's word and its day, or its venue
# The warring countries are where the war is, not where it is negotiated: "peace in
# Ukraine" never places a round of talks.
_WAR_COUNTRIES = frozenset({"ukraine", "russia"})
# Dashes are not breaks: "three rounds of talks—on Jan. 23–24, Feb. 4–5 and Feb. 17–18—".
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|\bbut\b|\bwhile\b|\bwhereas\b")
# A full stop ends a sentence (a fact may hold a quote of several), unless it ends an
# abbreviation: "Jan. 23", "U.S. officials", "Gen. Hnatov".
_FULL_STOP = re.compile(r"(?P<word>[\w.]+)\.\s+(?=[“\"‘A-Z])")
_ASIDE_IN_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Words that make what follows them a plan, a wish or a possibility, not an event.
_PLAN = re.compile(
    # "earlier than scheduled", "as planned" tell of what happened.
    r"(?<!than )(?<!as )\b(?:will|would|shall|could|can|may|might|must|should|expects?|expected|"
    r"expecting|hopes?|hoped|plans?|planned|planning|proposed?|proposing|offered|offers?|ready|"
    r"willing|scheduled|supposed|postponed|delayed|cancell?ed|called off|put off|set to|due to|"
    r"to be|is to|are to|going to|likely|possible|next|upcoming|invited|invites?|invitation|"
    r"wants?|wanted|demands?|demanded|called for|calls for|urged?)\b|['’]ll\b", re.IGNORECASE)
# Only before the event's word: "ended without a deal on Friday" tells of talks held.
_NEGATION = re.compile(r"\b(?:no|not|never|neither|nor|without|refused|rejected|ruled out)\b"
                       r"|n['’]t\b", re.IGNORECASE)
_SPEECH = re.compile(
    r"(?:said|says|told|tells|telling|added|noted|wrote|announced|reported|stated|posted|"
    r"confirmed|spoke|speaking|statements?|remarks|interviews?|address|briefing|published)",
    re.IGNORECASE)
_SPEECH_REACH = 6  # words from a speech word to the day it dates: "told the TASS news agency on Sunday"
# Between a day and an event's word, these make the day another event's: "spoke with
# Trump on Wednesday ahead of the talks", "on Feb. 16, the day before the talks".
_ASIDE = re.compile(r"\b(?:ahead of|before|after|following|since|until|prior to|eve of|run-up to|"
                    r"preceding|in advance of)\b", re.IGNORECASE)
# A meeting of a body ("a meeting of the Supreme State Council", "a meeting in Moscow of FSB
# officials") is not talks between parties; "a round of talks" is dated by its "talks".
_OF_BODY = re.compile(r"\s*(?:in\s+\S+\s+)?of\b", re.IGNORECASE)
# The rest of a day range after its first day: "Jan. 23–24", "February 17 and 18", "4 to 5".
_RANGE_END = re.compile(
    r"\s*(?:[-–]|and|to|through|until)\s*(?P<day>\d{1,2})\b(?!\s*(?:[:.,]\d|%|p\.?m|a\.?m))")
_JOINER = re.compile(r"\s*(?:[-–]|and|to|through|until)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class EventKind:
    """A kind of event: the terms a fact needs for it and the rules that date it."""

    name: str  # "talks", "prisoner exchange", "energy truce", "truce", "deadline"
    needs: tuple[frozenset[str], ...]  # a term of each group must be in the fact
    anchors: frozenset[str]  # the terms whose place in the fact the day must be near
    spans_days: bool  # a round of talks runs over days; an agreement is news on one
    future_ok: bool = False  # a deadline is a day to come
    speech_dates_it: bool = True  # "the IAEA said Friday that a truce had taken effect"
    excludes: str | None = None  # a kind that, found, takes the fact instead of this one

    @property
    def meeting(self) -> bool:
        """Whether the event is a meeting: placed at a venue, and never a body's meeting."""
        return self.name == "talks"


def event_kinds(analyzer: Analyzer) -> tuple[EventKind, ...]:
    """The kinds of event, from words read through the analyzer (so the thesaurus decides
    that "negotiations", "met" and "summit" are talks, "swap" an exchange)."""
    def terms(words: str) -> frozenset[str]:
        return frozenset(t for w in words.split(",") for t in analyzer.terms(w))

    talk, prisoner, exchange = terms("talks, round"), terms("prisoners"), terms("exchange")
    truce, energy = terms("truce"), terms("energy")
    agreed = terms("agree, agreement, announce, effect")
    return (
        EventKind("talks", (talk,), talk, spans_days=True, speech_dates_it=False),
        EventKind("prisoner exchange", (prisoner, exchange), prisoner | exchange, spans_days=False),
        EventKind("energy truce", (truce, energy, agreed), truce | energy, spans_days=False),
        EventKind("truce", (truce, agreed), truce, spans_days=False, excludes="energy truce"),
        # A deadline for a deal to end the war, not one for selling Lukoil's assets.
        EventKind("deadline", (terms("deadline"), terms("peace, war, truce")), terms("deadline"),
                  spans_days=False, future_ok=True),
    )


@dataclass(frozen=True)
class Mention:
    """One fact's report of one event."""

    kind: EventKind
    start: date
    end: date  # == start for one day
    venue: str | None  # as the fact names it ("Abu Dhabi", "the United Arab Emirates")
    venue_key: frozenset[str]  # its concept terms; empty without a venue
    fact: Fact
    article: Article
    typed: str  # the word that named the event ("talks", "summit")


def mentions(fact: Fact, article: Article, kinds: Sequence[EventKind],
             analyzer: Analyzer) -> Iterator[Mention]:
    """The events fact reports: each day it names that can date a word naming an event
    ("three rounds of talks—on Jan. 23–24, Feb. 4–5 and Feb. 17–18" reports three)."""
    published = date.fromisoformat(article.published) if article.published else None
    if not _may_date(fact, published):
        return  # most dated facts: a month, a week, a day to come (reading the words costs)
    words = _Words.of(fact.text, analyzer)
    days = _days(fact, words)
    if not days:
        return
    found: set[str] = set()
    for kind in kinds:
        if kind.excludes in found or not all(words.holds(group) for group in kind.needs):
            continue
        anchors = [i for i in words.positions(kind.anchors)
                   if _tells_of_event(words, i, meeting=kind.meeting)]
        dated: list[tuple[_Day, int]] = []
        for day in days:
            if not kind.future_ok and published is not None and day.start > published:
                continue  # a plan: the round set for 1 February was held on 4–5 February
            usable = sorted((_gap(anchor, day), anchor) for anchor in anchors
                            if _gap(anchor, day) <= MAX_GAP and words.same_clause(anchor, day.index)
                            and _dates(words, day, anchor, kind, anchors))
            if usable:
                dated.append((day, usable[0][1]))
        if dated:
            found.add(kind.name)
        for day, anchor in dated:
            others = tuple(d.index for d, _ in dated if d is not day)
            venue, key = (_venue(words, (anchor, day.index), others, analyzer)
                          if kind.meeting else (None, frozenset()))
            yield Mention(kind, day.start, day.end, venue, key, fact, article, words.typed[anchor])


def _may_date(fact: Fact, published: date | None) -> bool:
    """Whether a date of fact could date an event: a day or a few, on or before the day its
    article was published (or any day, for a deadline)."""
    deadline = "deadline" in fact.text.lower()
    for ref in fact.dates:
        start, end = _span(ref)
        if (end - start).days < MAX_SPAN_DAYS and (published is None or start <= published or deadline):
            return True
    return False


@dataclass
class _Words:
    """A fact's words, folded, with where each starts in its text and its concept terms."""

    text: str
    starts: list[int]
    terms: list[frozenset[str]]  # the concept terms each word is part of
    typed: list[str]

    @classmethod
    def of(cls, text: str, analyzer: Analyzer) -> _Words:
        words: list[str] = []
        starts: list[int] = []
        for chunk in re.finditer(r"\S+", text):
            for word in _chunk_words(analyzer, chunk.group()):
                words.append(word)
                starts.append(chunk.start())
        terms: list[set[str]] = [set() for _ in words]
        cursor = 0
        for term, typed in analyzer.concepts(analyzer.tokens_of(words)):
            parts = typed.split()
            at = next((i for i in range(cursor, len(words)) if words[i] == parts[0]), None)
            if at is None:
                continue
            # A phrase's words all carry its term ("prisoners of war"), and a split phrasal
            # verb's first word at least ("pull the troops back").
            span = len(parts) if words[at:at + len(parts)] == parts else 1
            for k in range(at, at + span):
                terms[k].add(term)
            cursor = at
        return cls(text, starts, [frozenset(t) for t in terms], words)

    def start(self, index: int) -> int:
        """Where word index starts in the text (its end past the last word)."""
        return self.starts[index] if index < len(self.starts) else len(self.text)

    def at_char(self, offset: int) -> int:
        """The index of the first word starting at or after offset."""
        return bisect_left(self.starts, offset)

    def positions(self, terms: frozenset[str]) -> list[int]:
        return [i for i, held in enumerate(self.terms) if held & terms]

    def holds(self, terms: frozenset[str]) -> bool:
        return not self.all_terms.isdisjoint(terms)

    @cached_property
    def all_terms(self) -> frozenset[str]:
        return frozenset().union(*self.terms)

    def same_clause(self, a: int, b: int) -> bool:
        """Whether words a and b are in one clause; an aside in brackets between them does
        not part them ("talks on May 16, 2025 (which lasted two hours) and on June 2")."""
        lo, hi = sorted((a, b))
        between = self.text[self.start(lo):self.start(hi)]
        while (bare := _ASIDE_IN_BRACKETS.sub(" ", between)) != between:
            between = bare
        return _CLAUSE_BREAK.search(between) is None and not any(
            not _abbreviation(stop.group("word")) for stop in _FULL_STOP.finditer(between))

    def clause_before(self, index: int) -> str:
        """The text of index's clause up to the word at index."""
        end = self.start(index)
        start = 0
        for found in _CLAUSE_BREAK.finditer(self.text, 0, end):
            start = found.end()
        for stop in _FULL_STOP.finditer(self.text, start, end):
            if not _abbreviation(stop.group("word")):
                start = stop.end()
        return self.text[start:end]


@lru_cache(maxsize=65_536)  # "the", "talks", "in" recur in every fact
def _chunk_words(analyzer: Analyzer, chunk: str) -> tuple[str, ...]:
    return tuple(analyzer.words(chunk))


def _abbreviation(word: str) -> bool:
    """Whether a word before a full stop is an abbreviation: a capitalised word of at most
    four letters ("Feb", "Sept", "Gen", "Mr") or initials ("U.S")."""
    return "." in word or (word[:1].isupper() and len(word) <= 4 and word.isalpha())


@dataclass(frozen=True)
class _Day:
    """A day (or a few) a fact names, and where it stands in the fact."""

    start: date
    end: date
    index: int  # the first word of the date expression
    after: int  # the first word after it


def _days(fact: Fact, words: _Words) -> list[_Day]:
    """The days fact names that could date an event: single days or short ranges, with
    ranges written out ("Jan. 23–24", "on Friday and Saturday") joined."""
    found: list[_Day] = []
    cursor = 0
    refs = list(fact.dates)
    k = 0
    while k < len(refs):
        ref = refs[k]
        k += 1
        offset = fact.text.find(ref.text, cursor)
        if offset < 0:
            continue
        cursor = offset + len(ref.text)
        start, end = _span(ref)
        if (end - start).days >= MAX_SPAN_DAYS or "week" in ref.text.lower():
            continue
        rest = fact.text[cursor:]
        more = _RANGE_END.match(rest)
        if start == end and more is not None:
            last = _day_of_month(start, int(more.group("day")))
            if last is not None:
                end, cursor = last, cursor + more.end()
        elif k < len(refs) and (joined := _JOINER.match(rest)) is not None and (
                rest[joined.end():].startswith(refs[k].text)):
            next_start, next_end = _span(refs[k])
            if start < next_start and (next_end - start).days < MAX_SPAN_DAYS:
                end = next_end
                cursor += joined.end() + len(refs[k].text)
                k += 1
        found.append(_Day(start, end, words.at_char(offset), words.at_char(cursor)))
    return found


def _span(ref: DateRef) -> tuple[date, date]:
    first, _, last = ref.iso.partition("/")
    return date.fromisoformat(first), date.fromisoformat(last or first)


def _day_of_month(start: date, day: int) -> date | None:
    """start's month's day, when it closes a short range begun on start."""
    if not start.day < day <= start.day + MAX_SPAN_DAYS - 1:
        return None
    try:
        return start.replace(day=day)
    except ValueError:
        return None


def _gap(anchor: int, day: _Day) -> int:
    """Words between the event's word and its day."""
    return day.index - anchor if day.index > anchor else anchor - day.after + 1


def _tells_of_event(words: _Words, anchor: int, *, meeting: bool) -> bool:
    """Whether the word at anchor tells of something that happened: not under a plan, a
    wish or a negation ("Kyiv expected an exchange", "would meet", "did not meet"), nor
    followed by one ("swaps will continue"), nor a body's meeting ("a meeting of the council")."""
    before = words.clause_before(anchor)
    if _PLAN.search(before) or _NEGATION.search(before):
        return False
    end = words.start(anchor + 1)
    if meeting and _OF_BODY.match(words.text, end):
        return False
    return _PLAN.search(words.text, end, words.start(anchor + 5)) is None


def _dates(words: _Words, day: _Day, anchor: int, kind: EventKind, anchors: list[int]) -> bool:
    """Whether day can date the event named at anchor (see the module docstring): no
    other event between them, no plan between the word and a day after it, and for talks
    a day that does not date a saying ("Peskov told the TASS news agency on Sunday that…";
    not "Zelensky said talks were held on Sunday": the talks stand between)."""
    lo, hi = words.start(min(anchor, day.index)), words.start(max(anchor, day.index))
    if _ASIDE.search(words.text, lo, hi):
        return False
    if day.index > anchor and _PLAN.search(words.text, lo, hi):
        return False
    if kind.speech_dates_it:
        return True
    if any(_SPEECH.fullmatch(w) for w in words.typed[day.after:day.after + 1]):
        return False  # "The Kremlin on Thursday said"
    return not any(_SPEECH.fullmatch(words.typed[k]) and words.same_clause(k, day.index)
                   and not any(k < a < day.index for a in anchors)
                   for k in range(max(0, day.index - _SPEECH_REACH), day.index))


def _venue(words: _Words, near: tuple[int, ...], others: tuple[int, ...],
           analyzer: Analyzer) -> tuple[str | None, frozenset[str]]:
    """The place named nearest to the event's word or day, in their clause, and its terms;
    not a place nearer to another day of the same kind in the fact ("talks on Jan. 23–24,
    Feb. 4–5 and Feb. 17–18, the most recent in Geneva": Geneva is the third round's).
    A place "in" somewhere (or travelled "to") is preferred to one "at" something ("at the
    World Economic Forum in Davos", "at Joint Base Elmendorf-Richardson in Alaska")."""
    text = words.text
    best: tuple[bool, int, str, frozenset[str]] | None = None
    talk, go = frozenset(analyzer.terms("talks")), frozenset(analyzer.terms("travel"))
    for start, _, name in located_places(text):
        preposition = text[start:start + 3].lower()
        if preposition == "to ":
            # "travelled to Berlin" names where they met; "adviser to Macron" a person.
            before = text[:start].split()
            if not before or not set(analyzer.terms(before[-1])) & go:
                continue
            preposition = "in "
        elif preposition not in ("in ", "at "):
            continue
        kept = name.rstrip(".,'’").split()
        while kept and set(analyzer.terms(kept[-1])) & talk:
            kept.pop()  # "the Vilnius Summit" is a summit in Vilnius
        key = frozenset(analyzer.terms(" ".join(kept)))
        if not key or key <= _WAR_COUNTRIES:
            continue
        at = words.at_char(start)
        if any(abs(at - other) < abs(at - near[-1]) for other in others):
            continue
        for point in near:
            rank = (preposition != "in ", abs(at - point))
            if rank[1] <= MAX_GAP and words.same_clause(at, point) and (best is None or rank < best[:2]):
                best = (*rank, " ".join(kept), key)
    return (best[2], best[3]) if best else (None, frozenset())
