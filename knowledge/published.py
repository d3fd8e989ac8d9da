"""When was an article published? Weighing the evidence a page carries.

Pages state their date in several places, and they disagree: a front-matter header dated
2019 on a Reuters story whose URL ends in 2025-02-10, a crawler's "scraped at" stamp weeks
after the story. From strongest to weakest:

1. the date an admin gives (``--published``);
2. the URL (``/2026/feb/20/``, ``/2026/2/7/``, ``-2026-02-05/``, ``/20260204-``,
   ``…-february-26-2026``);
3. the dateline ("KYIV, Feb 5 (Reuters) -") and a byline date line ("Updated Wed,
   February 18, 2026 at 12:28 PM UTC");
4. the page's own date header (front matter, HTML metadata);
5. when a crawler fetched the page: only an upper bound, used when nothing else is known;
6. the latest day the article's own sentences report on ("talks ended on Feb. 17"): a
   lower bound, used only when the page states no date at all.

A page with none of these is stored undated, saying so, rather than dated by a guess; its
facts keep only the dates that name their year.

The strongest evidence wins; any weaker one that disagrees by more than two days is
recorded as the article's *date doubt*, in words an admin can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
# Month names as articles write them ("Feb", "February"), and the pattern that finds one.
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"

GIVEN, URL, DATELINE, BYLINE, HEADER, CRAWL = "given", "URL", "dateline", "byline", "header", "crawl"
TEXT = "text"
NONE = "none"
UNDATED = "the page states no publication date; dates such as \"on Tuesday\" are left as written"
_STRENGTH = {GIVEN: 5, URL: 4, DATELINE: 3, BYLINE: 3, HEADER: 2, CRAWL: 1, TEXT: 0}
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>20\d\d))?", re.I)
# A sentence about what is to come names days after the article was written.
_FUTURE = re.compile(r"\b(?:will|would|scheduled|expected|planned|next|due|upcoming|until|by)\b", re.I)
_DOUBT_DAYS = 2

_URL_PATTERNS = (
    # /2026/feb/20/, /2026/2/7/, /2026/02/05/
    re.compile(r"/(?P<year>20\d\d|19\d\d)/(?:" + _MONTH + r"|(?P<num>\d{1,2}))/(?P<day>\d{1,2})(?:/|$)",
               re.I),
    # -2026-02-05/, /2026-02-05/, _2026-02-10.htm, ?d=2026-02-05
    re.compile(r"(?<![\d])(?P<year>20\d\d)-(?P<num>\d\d)-(?P<day>\d\d)(?![\d])"),
    # /20260204-live-…
    re.compile(r"/(?P<year>20\d\d)(?P<num>[01]\d)(?P<day>[0-3]\d)[-_/]"),
    # …-february-26-2026, …-dec-17-2025
    re.compile(r"[/-]" + _MONTH + r"-(?P<day>\d{1,2})-(?P<year>20\d\d)(?![\d])", re.I),
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ -]{1,40},\s+)?(?:[A-Z][a-z]+,\s+)?" + _MONTH + r"\.?\s+(?P<day>\d{1,2})"
    r"(?:,?\s+(?P<year>20\d\d))?\s*\((?P<agency>[A-Za-z ]{2,30})\)\s*[-–—]", re.I)
_FULL_DATE = re.compile(
    r"\b(?:" + _MONTH + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.replace("month", "month2")
    + r"\.?,?\s+(?P<year2>20\d\d)|(?P<iso>20\d\d-\d\d-\d\d))\b", re.I)
_BYLINE_WORDS = re.compile(
    r"^(?:(?:published|updated|posted|last updated|date|on)\b:?|\(?(?:mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\.?,?|\d{1,2}:\d\d|[ap]\.?m\.?|utc|gmt|e[sd]t|c[sd]t|p[sd]t|cet|eet|msk|at|by|\||·|-|—|"
    r"\d+ min(?:ute)?s?(?: read)?)$", re.I)
_HEADER_ISO = re.compile(r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)")


@dataclass(frozen=True)
class DateEvidence:
    """One place where the page states its date."""

    source: str  # GIVEN, URL, DATELINE, BYLINE, HEADER or CRAWL
    day: date
    text: str  # what was read, for the doubt message


@dataclass(frozen=True)
class Published:
    """The publication date negobot believes, on what evidence, and any doubt about it."""

    day: date | None  # None: the page states no date (evidence NONE)
    evidence: str
    doubt: str | None = None

    @property
    def exact(self) -> bool:
        """Whether relative dates ("on Thursday") may be resolved against this day."""
        return self.evidence not in (CRAWL, TEXT, NONE)


def url_date(url: str | None) -> date | None:
    """The day a URL names, if it names one."""
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(url):
            found = _day_of(match.groupdict())
            if found is not None:
                return found
    return None


def dateline_date(lines: list[str], reference: date | None) -> DateEvidence | None:
    """The date of an agency dateline ("KYIV, Feb 5 (Reuters) -") among the first lines.

    Datelines carry no year: it is the one that puts the day nearest before reference.
    """
    for line in lines[:40]:
        match = _DATELINE.match(line.strip())
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("year"):
            found = _day_of(parts)
        else:
            found = _nearest_year(MONTHS[parts["month"].lower()], int(parts["day"]), reference)
        if found is not None:
            return DateEvidence(DATELINE, found, match.group(0).rstrip(" -–—"))
    return None


def byline_date(lines: list[str]) -> DateEvidence | None:
    """A short line that is nothing but a full date ("Updated Wed, February 18, 2026 at 12:28 PM").

    Only the first part of a page is searched: headline lists further down carry their
    own dates.
    """
    limit = max(40, len(lines) * 3 // 5)
    for line in lines[:limit]:
        if len(line) > 80:
            continue
        match = _FULL_DATE.search(line)
        if not match:
            continue
        rest = (line[: match.start()] + " " + line[match.end():]).replace(",", " ")
        if all(_BYLINE_WORDS.match(word) for word in rest.split()):
            found = _day_of(match.groupdict())
            if found is not None:
                return DateEvidence(BYLINE, found, line.strip())
    return None


def text_date(paragraphs: list[str], page: str) -> DateEvidence | None:
    """The latest day the article reports on, from dates its sentences name ("on Feb. 16");
    the year is the latest one written with a day anywhere on the page (captions too), else
    the latest year the page names. None when no year can be told."""
    years = [int(m.group("year")) for m in _MONTH_DAY.finditer(page) if m.group("year")]
    # Failing that, the latest year the page names that has begun ("by 2030" is a plan).
    years = years or [y for y in map(int, re.findall(r"\b(20\d\d)\b", page)) if y <= date.today().year]
    if not years:
        return None
    latest: tuple[date, str] | None = None
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph):
            if _FUTURE.search(sentence):
                continue
            for match in _MONTH_DAY.finditer(sentence):
                year = int(match.group("year") or max(years))
                try:
                    day = date(year, MONTHS[match.group("month").lower()], int(match.group("day")))
                except ValueError:
                    continue
                if latest is None or day > latest[0]:
                    latest = (day, match.group(0))
    return DateEvidence(TEXT, *latest) if latest else None


def header_date(value: str | None, *, crawl: bool) -> DateEvidence | None:
    """The date in a page's header ("2026-02-05", "2025-12-23T15:04:00"); None for "unknown"."""
    if not value:
        return None
    match = _HEADER_ISO.search(value)
    if not match:
        return None
    try:
        day = date.fromisoformat(match.group("iso"))
    except ValueError:
        return None
    return DateEvidence(CRAWL if crawl else HEADER, day, value.strip())


def weigh(evidence: list[DateEvidence]) -> Published | None:
    """The strongest evidence's day, with a doubt naming any weaker one that disagrees."""
    if not evidence:
        return None
    best = max(evidence, key=lambda e: _STRENGTH[e.source])
    doubts = []
    for other in evidence:
        if other is best:
            continue
        gap = (other.day - best.day).days
        if other.source == CRAWL:
            if gap < -_DOUBT_DAYS:  # crawled before it was published: one of them is wrong
                doubts.append(f"crawled on {other.day.isoformat()}, before that date")
        elif abs(gap) > _DOUBT_DAYS:
            doubts.append(f"{_label(other.source)} says {other.day.isoformat()}")
    if best.source == CRAWL:
        doubts.insert(0, f"no publication date on the page; using the day it was crawled "
                         f"({best.day.isoformat()})")
    elif best.source == TEXT:
        doubts.insert(0, f"no publication date on the page; using the latest day its text reports "
                         f"on ({best.day.isoformat()}: {best.text})")
    elif doubts:
        doubts.insert(0, f"{_label(best.source)} says {best.day.isoformat()}")
    return Published(best.day, best.source, "; ".join(doubts) or None)


def _label(source: str) -> str:
    return {HEADER: "header", BYLINE: "byline", GIVEN: "given date"}.get(source, source)


def _day_of(parts: dict[str, str | None]) -> date | None:
    if parts.get("iso"):
        try:
            return date.fromisoformat(parts["iso"] or "")
        except ValueError:
            return None
    year = parts.get("year") or parts.get("year2")
    day = parts.get("day") or parts.get("day2")
    month_name = parts.get("month") or parts.get("month2")
    month = MONTHS[month_name.lower()] if month_name else int(parts.get("num") or 0)
    try:
        return date(int(year or 0), month, int(day or 0))
    except ValueError:
        return None


def _nearest_year(month: int, day: int, reference: date | None) -> date | None:
    reference = reference or datetime.now().date()
    for year in (reference.year, reference.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= reference + timedelta(days=1):
            return found
    return None
