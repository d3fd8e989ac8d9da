"""When are two sentences one fact? The same story re-posted by another outlet.

Agency copy re-posted by another site differs in quote marks, spelling ("U.S."/"US"), a
word or two. Daily reports, on the other hand, repeat formulas that are alike in wording
and different in fact ("Russian forces continued offensive operations in the Kupyansk
direction on February 1" / "… in the Pokrovsk direction on February 2"). So two sentences
are one fact when their folded text is at least DUPLICATE_RATIO alike (rapidfuzz `ratio`)
*and* they name the same people and places, the same bearings and the same numbers.

That last condition is an exact key (`twin_key`), stored with every fact: a sentence whose
key no fact of the right length shares has no twin, and needs no full-text probe at all.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from .analyzer import ANALYZER_VERSION, fold

DUPLICATE_RATIO = 90.0
# Looser, for what an answer shows: an outlet that rewrote the agency copy a little
# ("the sale of international assets of Russian oil giant Lukoil" for "the sale of Russian
# oil giant Lukoil's international assets") still tells the reader nothing new.
SAME_STORY_RATIO = 85.0
_PROBE_WORDS = 4
# Bump when the code of `names_and_numbers` or `signature_key` changes what they produce.
TWIN_KEY_VERSION = 1
# Bounds on the raw length of a sentence that can be a twin (see `Comparison`).
_LENGTH_SLACK, _PUNCTUATION_SLACK = 0.9, 1.3
_WORDS = re.compile(r"[^\W_]+")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
_INITIAL_DOTS = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\b)|(?<=\b[A-Z]\.[A-Z])\.")
_BEARINGS = frozenset(
    f"{prefix}{side}{suffix}" for prefix in ("", "north", "south") for side in ("", "east", "west")
    for suffix in ("", "ern") if prefix or side) | {"central", "north", "south"}
Signature = tuple[tuple[str, ...], frozenset[str]]  # see `names_and_numbers`
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
        self.raw = text
        self.text = comparable(text)
        self.signature = names_and_numbers(text)
        self.key = signature_key(self.signature)
        # `ratio` is at most 2·min/(sum) of the two lengths: a sentence much longer or
        # shorter cannot reach DUPLICATE_RATIO, and is not folded and compared at all.
        # Raw lengths stand for folded ones with room to spare (folding drops punctuation).
        share = DUPLICATE_RATIO / (200 - DUPLICATE_RATIO)
        self._shortest = len(self.text) * share * _LENGTH_SLACK
        self._longest = len(self.text) / share / _LENGTH_SLACK * _PUNCTUATION_SLACK

    def length_bounds(self) -> tuple[float, float]:
        """The shortest and longest raw length a twin can have."""
        return self._shortest, self._longest

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


def names_and_numbers(text: str) -> Signature:
    """The numbers of text, in order, its capitalised words (names, mostly) and bearings."""
    numbers = tuple(_NUMBERS.findall(text))
    text = _INITIAL_DOTS.sub("", text)  # "U.S." and "US" are one name
    names = frozenset(folded for w in _WORDS.findall(text)
                      if (w[0].isupper() and (folded := fold(w)) not in _SENTENCE_STARTERS)
                      or (folded := fold(w)) in _BEARINGS)
    return numbers, names


def signature_key(signature: Signature) -> int:
    """A signature (`names_and_numbers`) as a signed 64-bit number, for an SQLite index.

    Two signatures may share a key (a hash): that only adds a candidate, which the
    comparison then rejects; it never hides a twin.
    """
    numbers, names = signature
    flat = "\x1f".join(numbers) + "\x1e" + "\x1f".join(sorted(names))
    digest = hashlib.blake2b(flat.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def twin_key(text: str) -> int:
    """The key every twin of text shares (see `signature_key`)."""
    return signature_key(names_and_numbers(text))


def twin_keys_version() -> str:
    """A fingerprint of what `twin_key` depends on: stored keys are recomputed when it
    changes (see `KnowledgeBase`), or a twin stored under an old key would be missed."""
    parts = [str(TWIN_KEY_VERSION), str(ANALYZER_VERSION), _NUMBERS.pattern,
             _INITIAL_DOTS.pattern, _WORDS.pattern, *sorted(_BEARINGS), "\0",
             *sorted(_SENTENCE_STARTERS)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


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
