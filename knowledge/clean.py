"""Pasted article text → headline and prose paragraphs, with page furniture removed.

Admins paste whole pages: "- list 1 of 3…" teasers, "Advertisement", "Related News" and the
headline list after it, newsletter and cookie lines. None of that may ever become a fact,
so a line survives only if it reads as prose (a sentence of several words ending in
sentence punctuation) and is not a known furniture line. Everything removed is reported
with its reason, so an admin can see what was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A line that starts the tail of a page: nothing after it is the article.
_TAIL_MARKERS = re.compile(
    r"^(related( news| stories| articles| content| coverage)?|more (on this story|stories"
    r"|from \w+)|recommended( stories)?|read (more|next)|most (read|popular|viewed)"
    r"|you may also like|trending|latest news|editor'?s picks)\s*:?$",
    re.IGNORECASE,
)
_FURNITURE = [
    (re.compile(r"^-?\s*list \d+ of \d+", re.I), "teaser list item"),
    (re.compile(r"^end of list$", re.I), "teaser list end"),
    (re.compile(r"^(advertisement|sponsored|ad|skip (to )?(main )?content|share|"
                r"share this( article)?|listen to this article|print|comments?)$", re.I),
     "page furniture"),
    (re.compile(r"\b(cookies?|newsletters?|subscribe|subscription|sign up|sign in|log in"
                r"|download (our|the) app|follow us|all rights reserved|copyright ©?)\b", re.I),
     "newsletter, cookie or subscription line"),
    (re.compile(r"^(photo|image|picture|video|file photo)\s*:|\((reuters|ap|afp|getty"
                r"( images)?)(/[\w ]+)?\)$|\b(getty images|afp via getty)\b", re.I),
     "picture credit"),
]
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_MIN_PROSE_WORDS = 6


@dataclass
class CleanText:
    """The article as prose: its headline, its paragraphs and what was dropped, and why."""

    headline: str | None
    paragraphs: list[str]
    dropped: list[tuple[str, str]] = field(default_factory=list)


def furniture_reason(line: str) -> str | None:
    """Why line is page furniture rather than article prose, or None if it is prose."""
    stripped = line.strip()
    for pattern, reason in _FURNITURE:
        if pattern.search(stripped):
            return reason
    if len(stripped.split()) < _MIN_PROSE_WORDS:
        return "too short to be a sentence"
    if not _SENTENCE_END.search(stripped):
        return "no sentence ending (headline, menu or caption)"
    return None


def clean_text(text: str, *, has_headline: bool = True) -> CleanText:
    """Split pasted text into headline and prose paragraphs (see the module docstring)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    headline: str | None = None
    if has_headline and lines and furniture_reason(lines[0]) is not None:
        headline = lines.pop(0)
    result = CleanText(headline=headline, paragraphs=[])
    for index, line in enumerate(lines):
        if _TAIL_MARKERS.match(line):
            result.dropped.extend((rest, "after a 'related' marker") for rest in lines[index:])
            break
        reason = furniture_reason(line)
        if reason is None:
            result.paragraphs.append(line)
        else:
            result.dropped.append((line, reason))
    return result
