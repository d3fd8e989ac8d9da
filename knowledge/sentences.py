"""Paragraph → fact-sized units: sentences, with quotes kept whole across sentences.

A quote that runs over several sentences is one statement, and a quote that follows its
attribution ("…, news agency RBC-Ukraine reports. “It’s the same…”") belongs to the
sentence that says who spoke, so both are glued to their neighbour.
"""

from __future__ import annotations

import re

# Words whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col capt sgt st sen rep gov pres jr sr inc ltd co corp adm maj brig rev
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc approx est dept univ
    u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g""".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_OPENING_QUOTE = re.compile(r"^[\"“]")
_INITIALS = re.compile(r"^(?:[a-z]\.)+[a-z]$")  # "j.d" of "J.D. Vance", "u.s" of "U.S."
_MAX_UNIT_CHARS = 900


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of paragraph; abbreviations ("U.S.", "Feb.", "Gen.") and initials ("J.D.") end none."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(1)
        candidate = paragraph[start:end]
        last_word = candidate.rstrip("\"”’')]").rstrip(".!?…").rsplit(None, 1)[-1:]
        word = last_word[0].lower().lstrip("(\"“") if last_word else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _INITIALS.match(word):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _open_quotes(text: str) -> int:
    curly = text.count("“") - text.count("”")
    straight = text.count('"') % 2
    return max(curly, 0) + straight


def fact_units(paragraph: str) -> list[str]:
    """Sentences of paragraph, merged so that no quote is cut and no quote loses its speaker."""
    units: list[str] = []
    for sentence in split_sentences(paragraph):
        if units and len(units[-1]) + len(sentence) < _MAX_UNIT_CHARS and (
            _open_quotes(units[-1]) > 0 or _OPENING_QUOTE.match(sentence)
        ):
            units[-1] = f"{units[-1]} {sentence}"
        else:
            units.append(sentence)
    return units
