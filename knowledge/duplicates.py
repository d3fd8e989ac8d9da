"""When are two sentences one fact? The same story re-posted by another outlet.

Agency copy re-posted by another site differs in quote marks, spelling ("U.S."/"US"), a
word or two. Daily reports, on the other hand, repeat formulas that are alike in wording
and different in fact ("Russian forces continued offensive operations in the Kupyansk
direction on February 1" / "… in the Pokrovsk direction on February 2"). So two sentences
are one fact when their folded text is at least DUPLICATE_RATIO alike (rapidfuzz `ratio`)
*and* they name the same people and places, the same bearings and the same numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from .analyzer import fold

DUPLICATE_RATIO = 90.0
# Looser, for what an answer shows: an outlet that rewrote the agency copy a little
# ("the sale of international assets of Russian oil giant Lukoil" for "the sale of Russian
# oil giant Lukoil's international assets") still tells the reader nothing new.
SAME_STORY_RATIO = 85.0
_PROBE_WORDS = 4
# Bounds on the raw length of a sentence that can be a twin (see `Comparison`).
_LENGTH_SLACK, _PUNCTUATION_SLACK = 0.9, 1.3
_WORDS = re.compile(r"[^\W_]+")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
_INITIAL_DOTS = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\b)|(?<=\b[A-Z]\.[A-Z])\.")
_BEARINGS = frozenset(
    f"{prefix}{side}{suffix}" for prefix in ("", "north", "south") for side in ("", "east", "west")
    for suffix in ("", "ern") if prefix or side) | {"central", "north", "south"}
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i in on at but and this that these those there his her its their "
    "as after before while when if for with by from of to so yet also however meanwhile".split())


def probes(text: str) -> list[list[str]]:
    """Word sets to find candidate twins with (FTS AND queries): the rarest words in English
    (the longest first among equals), two groups. Rare words make short posting lists: the
    longest words of news about the talks ("negotiations", "international") are in
    thousands of facts of a large base, and reading their lists slowed every stored fact."""
    words = sorted(dict.fromkeys(w for w in _WORDS.findall(fold(text)) if len(w) > 3),
                   key=lambda w: (_english_frequency(w), -len(w)))
    groups = [words[i:i + _PROBE_WORDS] for i in (0, _PROBE_WORDS)]
    return [group for group in groups if len(group) >= 2]


class Comparison:
    """One sentence, ready to be compared with many candidates."""

    def __init__(self, text: str) -> None:
        self.text = comparable(text)
        self.signature = names_and_numbers(text)
        # `ratio` is at most 2·min/(sum) of the two lengths: a sentence much longer or
        # shorter cannot reach DUPLICATE_RATIO, and is not folded and compared at all.
        # Raw lengths stand for folded ones with room to spare (folding drops punctuation).
        share = DUPLICATE_RATIO / (200 - DUPLICATE_RATIO)
        self._shortest = len(self.text) * share * _LENGTH_SLACK
        self._longest = len(self.text) / share / _LENGTH_SLACK * _PUNCTUATION_SLACK

    def score(self, other: str) -> float | None:
        """How alike other is (0–100), or None when it is not the same fact."""
        if not self._shortest <= len(other) <= self._longest:
            return None
        ratio = fuzz.ratio(self.text, comparable(other), score_cutoff=DUPLICATE_RATIO)
        if ratio < DUPLICATE_RATIO or names_and_numbers(other) != self.signature:
            return None
        return ratio


def comparable(text: str) -> str:
    """Text as compared for duplicates: folded, words only."""
    return " ".join(_WORDS.findall(fold(text)))


def names_and_numbers(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The numbers of text, in order, its capitalised words (names, mostly) and bearings."""
    numbers = tuple(_NUMBERS.findall(text))
    text = _INITIAL_DOTS.sub("", text)  # "U.S." and "US" are one name
    names = frozenset(folded for w in _WORDS.findall(text)
                      if (w[0].isupper() and (folded := fold(w)) not in _SENTENCE_STARTERS)
                      or (folded := fold(w)) in _BEARINGS)
    return numbers, names


@lru_cache(maxsize=100_000)
def _english_frequency(word: str) -> float:
    return zipf_frequency(word, "en")


def same_story(one: str, other: str) -> bool:
    """Whether two facts tell the same thing in nearly the same words and the same figures.

    Looser than `Comparison` (word order may change, one may add a clause), so it only
    decides what an answer repeats, never what is stored.
    """
    return (set(_NUMBERS.findall(one)) == set(_NUMBERS.findall(other))
            and fuzz.token_set_ratio(comparable(one), comparable(other)) >= SAME_STORY_RATIO)
