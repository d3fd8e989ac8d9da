"""Cleaned article text → draft facts with speaker, reporter and resolved dates.

A fact is one sentence (or a quote kept whole) of news prose. Sentences are judged again
after splitting: a paragraph that passed as prose may still end in "Sign up here." or hold
a sentence the article already said, and neither becomes a fact.
"""

from __future__ import annotations

import re
from datetime import date

from .attribution import attribute
from .clean import MIN_PROSE_WORDS, CleanText
from .dates import resolve_dates
from .furniture import furniture_pattern
from .records import DateRef, DraftFact
from .sentences import fact_units

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_NORMALIZE = re.compile(r"[\W_]+")
# A unit that is one quotation and nothing else: no "she predicted" or "he asked" after it.
_ALL_QUOTED = re.compile(r"^[“\"«„][^“”\"«»]*[”\"»]\.?$")


def normalized(text: str) -> str:
    """Text compared for duplicates: folded case, words only."""
    return _NORMALIZE.sub(" ", text.casefold()).strip()


def unit_reason(unit: str) -> str | None:
    """Why a sentence is not a fact (furniture, a fragment), or None if it is one."""
    reason = furniture_pattern(unit, sentence=True)
    if reason is not None:
        return reason
    if len(_WORD.findall(unit)) < MIN_PROSE_WORDS:
        return "too short to be a fact"
    if not _SENTENCE_END.search(unit):
        return "no sentence ending"
    if unit.rstrip("\"”’')]").endswith("?") and not unit.startswith(("\"", "“")):
        return "a question"
    return None


def extract_facts(text: CleanText, published: date | None, *, exact_date: bool = True) -> list[DraftFact]:
    """Every fact of the article, in reading order; what is not a fact goes to text.dropped.

    Without an exact publication date (only a crawl date is known), relative dates ("on
    Thursday", "last week") are left unresolved rather than resolved against a wrong day.
    """
    facts: list[DraftFact] = []
    seen: set[str] = set()
    last_person: str | None = None
    quoted: str | None = None  # the person whose words the previous fact gave
    for paragraph in text.paragraphs:
        for unit in fact_units(paragraph):
            reason = unit_reason(unit)
            key = normalized(unit)
            if reason is None and key in seen:
                reason = "said twice in the article"
            if reason is not None:
                text.dropped.append((unit, reason))
                continue
            seen.add(key)
            attribution = attribute(unit, last_person)
            speaker = attribution.speaker
            if speaker is None and _ALL_QUOTED.match(unit):
                # A quotation standing alone goes on with the person just quoted or named:
                # "Putin, Zelensky told me, has already started…" then "“I believe that…”".
                speaker = quoted
            if attribution.speaker_is_person:
                last_person = attribution.speaker
            quoted = speaker if speaker is not None and (
                attribution.speaker_is_person or speaker == quoted) else None
            facts.append(DraftFact(unit, speaker, attribution.reported_by,
                                   date_refs(unit, published, exact=exact_date)))
    return facts


def date_refs(text: str, published: date | None, *, exact: bool = True) -> tuple[DateRef, ...]:
    """The date expressions of a fact, resolved against its article's publication date.

    With exact=False only expressions that name their day ("Feb. 5") are kept.
    """
    return tuple(DateRef(m.text, m.iso(), m.label()) for m in resolve_dates(text, published)
                 if exact or any(ch.isdigit() for ch in m.text))
