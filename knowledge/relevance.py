"""Is a page news about the war? Walls, appeals and pages about something else are skipped.

A crawler fetching "Ukraine peace talks" brings back age-verification walls, donation
pages, paywalls showing a teaser, and pages whose text is about another subject. Each is
refused with a reason an admin can read in the ingest summary.
"""

from __future__ import annotations

import re

from .clean import CleanText
from .formats import PLAIN, Document
from .furniture import AGE_WALL, DONATION, GIFT, PAYWALL

_WAR_TERMS = re.compile(
    r"\b(?:ukrain\w*|russia\w*|kyiv|kiev|moscow|kremlin|zelensk\w*|putin|donbas|donetsk"
    r"|luhansk|crimea\w*|zaporizhzhia|kharkiv|odesa|kherson)\b", re.IGNORECASE)
MIN_WAR_MENTIONS = 2
# An appeal page: many calls to give around little prose (a news page may carry a
# "support our journalism" box or two, but around a whole article).
_DONATION_CUES = 6
_APPEAL_MAX_PARAGRAPHS = 10
_PAYWALL_MAX_PARAGRAPHS = 3
_OTHER_STORY_PARAGRAPHS = 2  # a paywall shows a teaser, not an article


def skip_reason(document: Document, cleaned: CleanText, title: str | None) -> str | None:
    """Why the page is not news about the war, or None when it is worth reading."""
    head = " ".join([title or "", document.title or "", *cleaned.lines[:5]])
    # A crawler may keep the wall's title over the article it let through: only a page
    # with little prose behind the wall is the wall itself.
    if AGE_WALL.search(head) and len(cleaned.paragraphs) < _APPEAL_MAX_PARAGRAPHS:
        return "an age-verification wall, not an article"
    page = "\n".join(cleaned.lines)
    donation_cues = len(DONATION.findall(page))
    headline = " ".join([title or "", *document.headings[:1]])
    if DONATION.search(headline) or GIFT.search(headline) or (
            donation_cues >= _DONATION_CUES and len(cleaned.paragraphs) < _APPEAL_MAX_PARAGRAPHS):
        return f"a donation page ({donation_cues} appeals to give), not news"
    if PAYWALL.search(page) and len(cleaned.paragraphs) <= _PAYWALL_MAX_PARAGRAPHS:
        return "behind a paywall: only a teaser is visible"
    if not cleaned.paragraphs:
        return ("No article text found: every line looked like page furniture "
                "(menus, headlines, adverts).")
    if document.format == PLAIN:
        return None  # an admin pasting an article has already judged what it is about
    mentions = len(_WAR_TERMS.findall(" ".join(cleaned.paragraphs)))
    if mentions < MIN_WAR_MENTIONS and len(cleaned.paragraphs) < _PAYWALL_MAX_PARAGRAPHS:
        return (f"too little article text ({_count(len(cleaned.paragraphs), 'paragraph')}): a paywall, "
                "a teaser or a page its scripts build")
    if mentions < MIN_WAR_MENTIONS:
        return "not about the war in Ukraine (its text barely mentions Ukraine or Russia)"
    return None


def drop_other_stories(cleaned: CleanText) -> None:
    """Remove sections of three or more paragraphs that never mention the war.

    Briefings and newsletters run several stories in one page ("World Brief": the
    Ukraine talks, then Japan's election, then Uganda); only the war's are kept.
    """
    by_section: dict[int, list[int]] = {}
    for index, section in enumerate(cleaned.sections):
        by_section.setdefault(section, []).append(index)
    if len(by_section) < 2:
        return
    unrelated = {index for indexes in by_section.values() if len(indexes) >= _OTHER_STORY_PARAGRAPHS
                 and not any(_WAR_TERMS.search(cleaned.paragraphs[i]) for i in indexes)
                 for index in indexes}
    if not unrelated or len(unrelated) == len(cleaned.paragraphs):
        return
    cleaned.dropped.extend((cleaned.paragraphs[i], "another story (never mentions the war)")
                           for i in sorted(unrelated))
    keep = [i for i in range(len(cleaned.paragraphs)) if i not in unrelated]
    cleaned.paragraphs = [cleaned.paragraphs[i] for i in keep]
    cleaned.sections = [cleaned.sections[i] for i in keep]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
