"""Resolve the date expressions of one news sentence to calendar days.

A news article is written on its publication day, so every relative expression in it
("on Thursday", "last week", "Feb. 5") is anchored to that day. A weekday name carries no
direction of its own: reporters mostly write about what already happened ("The Kremlin on
Thursday said ..."), so a weekday is read as the most recent such day on or before
publication, unless the tense around it ("will", "is scheduled for", "next") points forward.

Candidates are found with explicit regular expressions and only the matched text is handed
to dateparser: free-text date search turns words like "may", "now" or "second" into dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

# Fixed English abbreviations: labels must not change with the process locale.
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved to a day or a span of days."""

    text: str  # the expression as written, e.g. "on Thursday", "last week", "Feb. 5"
    start: date
    end: date  # == start for a single day

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span ends before it starts: {self.start} > {self.end}")

    def iso(self) -> str:
        """A day as "2026-01-29", a span as the ISO 8601 interval "2026-01-19/2026-01-25"."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def label(self) -> str:
        """For people: "29 Jan 2026", "19–25 Jan 2026", "30 Jan – 2 Feb 2026"."""
        start, end = self.start, self.end
        if start == end:
            return _day_label(end)
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        if start.day == 1 and (start.year, start.month) == (end.year, end.month) and (
                end.day == calendar.monthrange(end.year, end.month)[1]):
            return f"{_MONTH_ABBR[start.month - 1]} {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {_MONTH_ABBR[end.month - 1]} {end.year}"
        if start.year == end.year:
            return f"{start.day} {_MONTH_ABBR[start.month - 1]} – {_day_label(end)}"
        return f"{_day_label(start)} – {_day_label(end)}"


def _day_label(day: date) -> str:
    return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
# Month names only when capitalised and followed by a day number, so the modal "may" and
# "a march" never match; "\b" after the abbreviation keeps "Jan" from matching "Janet".
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
# "(?!,\d)" rejects thousands separators: "March 1,436" is not the first of March.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b(?!,\d)"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
# A leading "on" and weekday belong to the date they introduce ("on Thursday, January 29").
_LEAD = r"(?:\b(?i:on)\s+)?(?:\b" + _WEEKDAY + r",?\s+)?(?:\b(?i:the)\s+)?"

_ABSOLUTE = (
    re.compile(_LEAD + r"(?P<date>\b" + _MONTH + r"\s+" + _DAY + ")" + _YEAR),
    re.compile(
        _LEAD + r"(?<![\d,.])(?P<date>\b" + _DAY + r"\s+(?:(?i:of)\s+)?" + _MONTH + ")" + _YEAR
    ),
)
# A month of a year ("in September 2022") or a year alone after a preposition ("last met in
# 2019"): a span, which dates a fact as surely as a day does.
_MONTH_YEAR = re.compile(r"(?:\b(?i:in|since|by|until|from|of|early|mid|late)[\s-]+)?"
                         r"(?P<date>\b" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d))\b(?![-–/]\d)")
_YEAR_ONLY = re.compile(r"\b(?i:in|since|by|until)\s+(?P<year>(?:19|20)\d\d)\b(?![-–/]\d|,\d)")
_ISO_DATE = re.compile(r"(?:\b(?i:on)\s+)?\b(?P<date>\d{4}-\d{2}-\d{2})\b")
_WEEKDAY_MENTION = re.compile(
    r"\b(?:(?i:on|this)\s+)?(?:(?P<mod>(?i:next|coming|last|past))\s+)?"
    r"(?P<day>" + _WEEKDAY + r")\b"
)
# The second day of a range follows the first, so it needs no direction of its own.
_WEEKDAY_RANGE = re.compile(
    r"\b(?i:from)\s+(?P<day>" + _WEEKDAY + r")\s+(?i:to|until|till|through)\s+"
    r"(?P<until>" + _WEEKDAY + r")\b"
)
# "week"/"month"/"year" only with a determiner: "for a week" is a duration, not a date.
_RELATIVE = re.compile(
    # "USA Today" is a newspaper, not a day.
    r"\b(?:(?P<word>(?<!USA\s)today|tonight|yesterday|tomorrow)"
    r"|(?:(?P<edge>earlier|later)\s+this|(?P<which>last|this|next))\s+(?P<unit>week|month|year))\b",
    re.IGNORECASE,
)

# Tense markers that decide a bare weekday's direction; the nearest one wins.
_CUE = re.compile(
    r"(?P<future>\bnext\b|\bwill\b|\bwould\b|\bwon['’]t\b|['’]ll\b|\bshall\b|\b(?:is|are)\s+to\b"
    r"|\b(?:scheduled|planned|expect(?:s|ed)?|upcoming|slated)\b|\bplans?\s+to\b|\bset\s+(?:for|to)\b"
    r"|\bgoing\s+to\b|\bdue\b(?!\s+to\s+(?:the|a|an|\w+s)\b))"  # "due to attacks" is a cause
    # A participle after "be" is passive future ("will be held"), not past.
    r"|(?P<past>(?<!\bbe\s)(?:\b(?:said|told|was|were|had|did|met|held|made|took|came|went"
    r"|began|spoke|struck|hit|left|sent|saw|gave|fell|rose|won|lost|wrote|agreed)\b"
    # Regular past tense, but not "US-mediated" (an adjective) nor "need"/"indeed".
    r"|(?<![-'’])\b(?-i:[a-z]+[a-df-z]ed)\b))",
    re.IGNORECASE,
)
# A tense marker beyond these belongs to another clause or a quotation.
_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]")
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")

# (start offset, end offset, mention): offsets are what overlap resolution compares.
_Candidate = tuple[int, int, DateMention]


def resolve_dates(sentence: str, published: date | None) -> list[DateMention]:
    """Every date expression in sentence, in order of appearance, resolved against published.

    An undated article (published None) has only the dates that name their year.
    """
    candidates = [*_absolute_dates(sentence, published)]
    if published is not None:
        candidates += [*_weekdays(sentence, published), *_relative(sentence, published)]
    # Longest first, so "on Thursday, January 29" beats the "on Thursday" inside it.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken: list[_Candidate] = []
    for candidate in candidates:
        if all(candidate[1] <= s or candidate[0] >= e for s, e, _ in taken):
            taken.append(candidate)
    return [mention for _, _, mention in sorted(taken, key=lambda c: c[0])]


def _candidate(match: re.Match[str], start: date, end: date | None = None) -> _Candidate:
    return match.start(), match.end(), DateMention(match.group(0), start, end or start)


def _absolute_dates(sentence: str, published: date | None) -> Iterator[_Candidate]:
    if not _DIGIT.search(sentence):
        return  # each pattern below needs a day, a year or both: most sentences have neither
    for pattern in _ABSOLUTE:
        for match in pattern.finditer(sentence):
            day = _parse_day_month(match.group("date"), match.group("year"), published)
            if day is not None:
                yield _candidate(match, day)
    for match in _MONTH_YEAR.finditer(sentence):
        first = _parse(f"1 {match.group('date')}")
        if first is not None:
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            yield _candidate(match, first, last)
    for match in _YEAR_ONLY.finditer(sentence):
        year = int(match.group("year"))
        yield _candidate(match, date(year, 1, 1), date(year, 12, 31))
    for match in _ISO_DATE.finditer(sentence):
        day = _parse(match.group("date"))
        if day is not None:
            yield _candidate(match, day)


def _parse_day_month(text: str, year: str | None, published: date | None) -> date | None:
    """The date text names; without a year, the reading nearest to publication."""
    if published is None and not year:
        return None
    if published is None:
        return _parse(f"{text} {year}")
    years = [int(year)] if year else [published.year - 1, published.year, published.year + 1]
    readings = [day for y in years if (day := _parse(f"{text} {y}")) is not None]
    return min(readings, key=lambda day: abs(day - published), default=None)


@lru_cache(maxsize=4096)  # the same "February 26 2026" recurs across a corpus
def _parse(text: str) -> date | None:
    parsed = dateparser.parse(
        text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if isinstance(parsed, datetime) else None


def _weekdays(sentence: str, published: date) -> Iterator[_Candidate]:
    for match in _WEEKDAY_RANGE.finditer(sentence):
        first = _weekday(sentence, match, published)
        until = _WEEKDAYS.index(match.group("until"))
        yield _candidate(match, first, first + timedelta((until - first.weekday()) % 7))
    for match in _WEEKDAY_MENTION.finditer(sentence):
        yield _candidate(match, _weekday(sentence, match, published))


def _weekday(sentence: str, match: re.Match[str], published: date) -> date:
    weekday = _WEEKDAYS.index(match.group("day"))
    modifier = (match.groupdict().get("mod") or "").lower()
    if modifier in ("next", "coming"):
        return _weekday_after(published, weekday, strict=True)
    if modifier in ("last", "past"):
        return _weekday_before(published, weekday, strict=True)
    if _future_context(sentence, match.start(), match.end()):
        return _weekday_after(published, weekday)
    return _weekday_before(published, weekday)


def _weekday_before(published: date, weekday: int, *, strict: bool = False) -> date:
    """The most recent `weekday` (0 = Monday) on or before published (before, if strict)."""
    back = (published.weekday() - weekday) % 7 or (7 if strict else 0)
    return published - timedelta(back)


def _weekday_after(published: date, weekday: int, *, strict: bool = False) -> date:
    """The first `weekday` (0 = Monday) on or after published (after, if strict).

    Not strict by default: news style writes "talks will resume Friday" for the
    publication day itself, as it writes "on Friday" for what happened that day.
    """
    ahead = (weekday - published.weekday()) % 7 or (7 if strict else 0)
    return published + timedelta(ahead)


def _future_context(sentence: str, start: int, end: int) -> bool:
    """Whether the tense marker nearest to sentence[start:end] points forward."""
    nearest: tuple[bool, int, int, bool] | None = None
    for cue in _CUE.finditer(sentence):
        if cue.end() <= start:
            gap, side = sentence[cue.end() : start], 0
        elif cue.start() >= end:
            gap, side = sentence[end : cue.start()], 1  # on a tie the preceding verb wins
        else:
            continue
        if _CLAUSE_BREAK.search(gap):
            continue
        # A marker across a comma counts only when none is closer: "On Sunday, they will
        # meet" needs it, "talks held on Friday and Saturday, will continue" must skip it.
        key = ("," in gap, len(_WORD.findall(gap)), side, cue.group("future") is not None)
        if nearest is None or key[:3] < nearest[:3]:
            nearest = key
    return nearest is not None and nearest[3]


def _relative(sentence: str, published: date) -> Iterator[_Candidate]:
    for match in _RELATIVE.finditer(sentence):
        word = (match.group("word") or "").lower()
        if word:
            offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
            yield _candidate(match, published + timedelta(offset))
            continue
        which = (match.group("which") or "this").lower()
        offset = {"last": -1, "this": 0, "next": 1}[which]
        start, end = _period(match.group("unit").lower(), offset, published)
        edge = (match.group("edge") or "").lower()
        # "earlier this month" has happened by publication; "later this month" has not.
        if edge == "earlier":
            end = published
        elif edge == "later":
            start = published
        yield _candidate(match, start, end)


def _period(unit: str, offset: int, published: date) -> tuple[date, date]:
    """The Monday–Sunday week, calendar month or year `offset` units from published's."""
    if unit == "week":
        monday = published - timedelta(published.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(6)
    if unit == "month":
        year, month0 = divmod(published.year * 12 + published.month - 1 + offset, 12)
        last = calendar.monthrange(year, month0 + 1)[1]
        return date(year, month0 + 1, 1), date(year, month0 + 1, last)
    year = published.year + offset
    return date(year, 1, 1), date(year, 12, 31)
