"""Question → ranked facts, or nothing: FTS5 finds candidates, coverage decides.

1. The question goes through the same analyzer as the facts (concepts, stems, synonyms).
   Words that are neither in the base nor English are first corrected against the base's
   vocabulary with rapidfuzz ("moskow" → moscow, "abu dabi" → abu dhabi).
2. FTS5 returns the facts that could pass, best bm25 first: those holding every term,
   then the heaviest, then any term without which no fact can pass (or a related name).
   Common words ("Ukraine", "talks") are never looked up alone, so a question costs about
   the same on a base of a thousand facts as on one of a million (`lookup_tiers`). Each
   term is quoted, so a question is never FTS syntax.
3. Each candidate is scored by *coverage*: the share of the question's information it
   holds. A term weighs by its rarity in the base and in English at large (wordfreq), so
   "Crimea" outweighs "big"; a term the base has never seen ("Portugal", "NATO") weighs
   almost as much as a rare one, so a question about something else is not answered by a
   fact that merely shares "Zelenskyy" or "talks". An actor or place the base has never
   heard of ("Britain", "Meloni") cuts every fact's coverage, and so does a month or day
   the question names that the fact cannot be about.
4. Among facts that pass the threshold (which rises with the size of the base), those
   giving the kind of answer asked for ("how long" → a duration, "how many bodies" → a
   figure next to "bodies", "where in Abu Dhabi" → a place other than Abu Dhabi, "what did
   Peskov say" → Peskov's words) come first; below it the retriever abstains. It abstains
   too when the question asks for an amount ("how much will Japan contribute…") and none
   of the best passing facts holds any figure: they share its words without answering it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from itertools import pairwise

import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from .analyzer import Token, is_name
from .lookup import Clause, Need, candidates
from .published import MONTHS
from .question_types import (
    amount_fit,
    asked_voice,
    asks_for_money,
    asks_for_words,
    cause_fit,
    date_fit,
    gives_duration,
    gives_money,
    place_fit,
    question_type,
    spans,
    without_cue,
)
from .records import Article, Fact
from .sounds import sound_key
from .store import Candidate, KnowledgeBase

# A fact must cover this share of the question's weight to be an answer. The more facts a
# base holds, the likelier one shares the generic part of any question by chance ("what did
# Yermak say about Abu Dhabi" against a fact naming only Yermak), so the bar rises with the
# size of the base, by THRESHOLD_PER_DECADE for every tenfold beyond SMALL_BASE facts, up to
# MAX_THRESHOLD. Anchors: 0.5 on the 12-fact seed base (set on day one), about 0.6 on the
# 4k-fact corpus (measured on the corpus development set, checked on its held-out set).
DEFAULT_THRESHOLD = 0.5
SMALL_BASE, THRESHOLD_PER_DECADE, MAX_THRESHOLD = 100, 0.06, 0.65
# An unseen term weighs like a term found in one fact, times this: it may be a paraphrase
# the thesaurus lacks, but more often it is the subject the base knows nothing about.
UNKNOWN_TERM_FACTOR = 0.7
# How informative an unseen word is depends on how common it is in English at large
# (Zipf scale: 6 ≈ "time", 4 ≈ "NATO", 3 ≈ "Macron"): "big" or "see" says little about
# the topic, "Crimea" says everything. Weights fall linearly between these two points.
COMMON_ZIPF, RARE_ZIPF, MIN_COMMON_FACTOR = 6.0, 4.0, 0.1
# A corrected spelling is a guess; it counts a little less than the word typed right.
CORRECTED_TERM_FACTOR = 0.85
# Half credit for a question term that the fact only implies: a related name (a fact naming
# Russia for a question about "Moscow", see the "~" lines of thesaurus.txt), or a term of
# the sentence before it, which "the request" or "the date and location" refer back to.
PARTIAL_CREDIT = 0.5
# Coverage is multiplied by this for every actor or place of the question the base lacks.
ENTITY_MISS_FACTOR = 0.6
# A question term naming the fact's speaker counts this many times over.
SPEAKER_FACTOR = 2.0
# Only words that are not English words are taken for misspellings: "warn" is not "war".
MAX_MISSPELLING_ZIPF = 2.5
MIN_SPELT_ALIKE = 5  # letters: shorter names have too many namesakes of the same sound
MAX_NAME_ZIPF = 3.5  # rarer than this in English at large, a word may be a name ("rubio": 3.46)
# A misspelt word of at least this many letters may be two edits from what was meant.
LONG_WORD = 7
# Sound keys of the names a base knows, by first letter; how often the base uses each; the
# spellings of each (see `Retriever._sound_keys`).
SoundKeys = tuple[dict[str, list[str]], dict[str, int], dict[str, list[str]]]
# Among facts covering the question alike, each pair of question terms the fact has side
# by side counts this much: enough to break ties, never enough to pass the threshold.
ADJACENT_PAIR_BONUS = 0.03
MAX_QUESTION_CHARS = 1000
_DATE_FRAME = re.compile(r"^(\W*(?:on\s+|in\s+)?(?:what|which))\s+(?:days?|dates?|month|year)\b", re.I)
# A question typed in lower case writes the country as "us" ("did the us give a deadline"):
# it is the pronoun only as an object ("tell us", "for us"), which questions to a bot about
# the talks hardly ever need. Facts keep the article's own capitals ("US" is the country).
_TYPED_US = re.compile(r"(?<!\btell )(?<!\btold )(?<!\bgive )(?<!\bgave )(?<!\bhelp )(?<!\blet )"
                       r"(?<!\bfor )(?<!\bto )(?<!\bwith )(?<!\bof )(?<!\babout )(?<!\bfrom )"
                       r"(?<!\bshow )(?<!\bask )(?<!\bby )\bus\b")
# A designation the analyzer made one word ("f16", "su27", "s400") names a thing, as a
# name does: a question about one the base never mentions is about something else.
_DESIGNATION = re.compile(r"[a-z]{1,4}\d{1,4}")
MAX_TERMS = 32
# Candidates scored per question. Reading and scoring them is most of a question's cost:
# 100 instead of 200 takes the median question on a 100k-fact base from 8.4 to 5.3 ms of
# CPU, and gives the same answers on every question set and on the bench's 100k base.
CANDIDATES = 100
# Above this many terms a question's terms are looked up in a set of each fact's terms, not
# as substrings of them: scoring 100 candidates for a 32-term question took 2.3 ms instead
# of 3.1; the two ways cost the same at 15 to 18 terms, and sets cost more below.
SET_LOOKUP_TERMS = 16
KIND_RERANK = 30
# "What did Rutte say about PURL": Rutte's words rank first only if they cover this share of
# the rest of the question (its weight bar the speaker's). Measured on every set: 0.2 to 0.3
# gained an answer on russian_facts and lost none (English held-out4 read 30, 29 and 30 at
# 0.2, 0.25 and 0.3: noise); 0.4 and more lost one on russian_corpus and on held-out3; any
# share at all (0.01) gained none. The weakest that works.
SAID_TOPIC_SHARE = 0.2
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Query:
    """A question as the retriever sees it: concept terms and their weights."""

    terms: tuple[str, ...]
    weights: dict[str, float]
    strangers: frozenset[str]  # actors and places the base knows nothing about
    months: frozenset[int] = frozenset()  # months the question names: a constraint on the fact
    days: frozenset[tuple[int, int]] = frozenset()  # (month, day) pairs it names, e.g. "feb 26"
    known: frozenset[str] = frozenset()  # the terms some fact of the base holds
    dated: frozenset[str] = frozenset()  # its month and day terms, which a fact's date covers
    # The weightiest term of whoever the question asks the words of ("what did the Kremlin
    # say…" → kremlin): a fact holding none of it is not their words (see `rank`).
    voice: str | None = None
    # Other spellings the base uses for a name of the question, as terms ("sloviansk":
    # slovyansk), and the other senses of a translated word ("export": evacuate): a fact
    # holding one covers the term (see `Retriever._spelt_alike`, `Retriever._senses_alike`).
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    # Worked out once per question, not once per candidate scored.
    @cached_property
    def text(self) -> str:
        return " ".join(self.terms)

    @cached_property
    def spaced(self) -> tuple[tuple[str, str], ...]:
        """Each term, and as it appears inside a fact's space-padded terms: " talk "."""
        return tuple((t, f" {t} ") for t in self.terms)

    @cached_property
    def pairs(self) -> tuple[str, ...]:
        """Its adjacent terms as they would appear inside a fact's terms: " call sign "."""
        return tuple(f" {a} {b} " for a, b in pairwise(self.terms))

    @cached_property
    def total_weight(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def counted(self) -> frozenset[str]:
        """What "how many …" counts: its terms, bar the numbers in it."""
        return frozenset(t for t in self.terms if not t.isdigit())


@dataclass(frozen=True)
class Scored:
    """A candidate fact with how much of the question it covers."""

    fact: Fact
    article: Article
    coverage: float
    covered: frozenset[str]
    score: float
    names_speaker: bool = False  # the question names the person who said the fact


@dataclass(frozen=True)
class SearchResult:
    """Ranked candidates for a question; `best` is None when the retriever abstains."""

    terms: tuple[str, ...]
    weights: dict[str, float]
    ranked: tuple[Scored, ...]
    threshold: float
    # Facts pass, but none gives the kind of answer asked for, or the words of whoever the
    # question asks about.
    unfit: bool = False

    @property
    def best(self) -> Scored | None:
        if self.ranked and not self.unfit and self.ranked[0].coverage >= self.threshold:
            return self.ranked[0]
        return None


class Retriever:
    """Finds the facts that answer a question; see the module docstring."""

    def __init__(self, kb: KnowledgeBase, *, threshold: float | None = None) -> None:
        self.kb = kb
        self.fixed_threshold = threshold
        self._vocab_key: tuple[int, int] | None = None
        self._vocab: dict[str, list[str]] = {}  # known words by their first letter
        self._sounds: SoundKeys | None = None
        self._vocab_counts: dict[str, int] = {}
        self._total_key: tuple[int, int] | None = None
        self._total = 1
        self._df_key: tuple[int, int] | None = None
        self._df: dict[str, int] = {}
        # Speakers, and the places "where …" reads in each fact it ranks, recur across
        # thousands of facts: each name is analysed once.
        self._name_terms = lru_cache(maxsize=4096)(
            lambda name: frozenset(kb.analyzer.terms(name)))
        # How well a fact gives the amount a question counts: read word by word, so worked
        # out once per fact and question, for the ranking and for the decline alike.
        self._amount_fit = lru_cache(maxsize=4096)(
            lambda text, counted: amount_fit(text, counted, kb.analyzer))

    def threshold(self) -> float:
        """The coverage a fact needs to answer, given the size of the base (see above)."""
        if self.fixed_threshold is not None:
            return self.fixed_threshold
        return threshold_for(self._fact_total())

    def data_key(self) -> tuple[int, int]:
        """Changes whenever another connection wrote to the base, or this one to its facts.

        Not on every write of this connection: a bot writes on every question (the update
        it handled, the question log), and the caches above would be rebuilt each time.
        """
        conn = self.kb.db.conn
        return conn.execute("PRAGMA data_version").fetchone()[0], self.kb.fact_writes

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        """Document frequencies of terms, each looked up once until the base changes.

        The index counts a term's facts by reading its whole posting list: a common term
        costs a millisecond on a large base, and every question asks about "talks".
        """
        key = self.data_key()
        if key != self._df_key:
            self._df, self._df_key = {}, key
        missing = [t for t in dict.fromkeys(terms) if t not in self._df]
        if missing:
            self._df.update(self.kb.document_frequencies(missing))
        return {t: self._df[t] for t in terms}

    def warm_up(self) -> None:
        """Load now what the first question would otherwise wait for: the spelling
        vocabulary and its sounds, the fact count and wordfreq's English frequencies."""
        self._sound_keys()
        self._fact_total()
        _rarity("talks")

    def _fact_total(self) -> int:
        """How many facts the base holds, counted again only after a write (a COUNT(*) costs
        more than the rest of a question on a large base)."""
        key = self.data_key()
        if key != self._total_key:
            self._total, self._total_key = self.kb.fact_total(), key
        return self._total

    def _vocabulary(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        """Words the base and the thesaurus know (with their fact counts), rebuilt only when
        the database changed."""
        key = self.data_key()
        if key != self._vocab_key:
            counts = self.kb.known_words()
            for word in self.kb.analyzer.known_words:
                counts.setdefault(word, 1)
            self._vocab = {}
            for word in sorted(w for w in counts if w.isalpha()):
                self._vocab.setdefault(word[0], []).append(word)
            self._vocab_counts = counts
            self._vocab_key = key
            self._sounds = None
        return self._vocab, self._vocab_counts

    def correct(self, tokens: list[Token]) -> list[Token]:
        """Tokens with words unknown to the base replaced by their nearest known spelling."""
        vocab, known = self._vocabulary()
        analyzer = self.kb.analyzer
        out: list[Token] = []
        for i, token in enumerate(tokens):
            unknown = (token.surface not in known and token.surface.isalpha()
                       and len(token.surface) >= 4 and token.surface not in analyzer.stopwords
                       and zipf_frequency(token.surface, "en") < MAX_MISSPELLING_ZIPF)
            if not unknown:
                out.append(token)
                continue
            # Two words run together or split apart ("abu dabi") are tried joined first.
            joined = tokens[i - 1].surface + token.surface if i else None
            for attempt in filter(None, (joined, token.surface)):
                hit = _nearest(attempt, vocab, known)
                if hit is None and attempt is not joined:
                    hit = self._sounds_like(attempt)
                if hit is not None:
                    if attempt is joined and out:
                        out.pop()
                    out.extend(analyzer.tokens(hit))
                    break
            else:
                out.append(token)
        return out

    def _sounds_like(self, word: str) -> str | None:
        """The known word spelt for the sound word spells ("visbaden" → wiesbaden, "vadeful"
        → wadephul), when no known word is a misspelling of it: a name asked in Cyrillic comes
        in its transliteration, and the news spells it the way its own language does."""
        key = sound_key(word)
        keys, uses, spellings = self._sound_keys()
        found = _nearest(key, keys, uses)
        if found is None:
            return None
        counts = self._vocabulary()[1]
        return max(spellings[found], key=lambda w: counts.get(w, 0))

    def _sound_keys(self) -> SoundKeys:
        """The sound keys of the names the base knows (words rare in English: "kallas"
        sounds like "calls" too), by first letter; how often the base uses each; the
        spellings of each. Made again only after a write, as the vocabulary is."""
        vocab, counts = self._vocabulary()
        if self._sounds is None:
            spellings: dict[str, list[str]] = {}
            for words in vocab.values():
                for known_word in words:
                    if zipf_frequency(known_word, "en") < MAX_NAME_ZIPF:
                        spellings.setdefault(sound_key(known_word), []).append(known_word)
            keys: dict[str, list[str]] = {}
            for key in spellings:
                keys.setdefault(key[0], []).append(key)
            uses = {key: sum(counts.get(w, 0) for w in words) for key, words in spellings.items()}
            self._sounds = keys, uses, spellings
        return self._sounds

    def parse(self, question: str, senses: Mapping[str, tuple[str, ...]] | None = None) -> Query:
        """The question's concept terms (spelling corrected) and how much each one weighs.

        senses: words of the question that a reading from Ukrainian or Russian chose among
        several senses, with the others ("export": evacuate); a fact holding one of those
        covers the word."""
        analyzer = self.kb.analyzer
        # "What day did…" asks for a date: "day" is the question's frame, not its topic.
        question = _DATE_FRAME.sub(r"\1", question[:MAX_QUESTION_CHARS], count=1)
        question = without_cue(question)
        question = _TYPED_US.sub("US", question)
        tokens = analyzer.tokens(question)
        typed = set(analyzer.terms_of_tokens(tokens))
        corrected_tokens = self.correct(tokens)
        terms = list(dict.fromkeys(analyzer.terms_of_tokens(corrected_tokens)))[:MAX_TERMS]
        surfaces: dict[str, str] = {}
        for term, typed_words in analyzer.concepts(corrected_tokens):
            surfaces.setdefault(term, typed_words)
        frequencies = self.frequencies(terms)
        weights = self._weights(frequencies, corrected=set(terms) - typed, surfaces=surfaces)
        names = {term for term, typed_words in surfaces.items()
                 if " " not in typed_words and (is_name(typed_words) or _DESIGNATION.fullmatch(term))}
        months = frozenset(_MONTHS[t] for t in terms if t in _MONTHS)
        days = frozenset(_days(terms))
        dated = frozenset(t for t in terms if t in _MONTHS or (
            t.isdigit() and any(str(day) == t for _, day in days)))
        who = asked_voice(question)
        voices = [t for t in analyzer.terms(who) if t in weights] if who else []
        spellings = {term: alike for term, typed_words in surfaces.items()
                     if term in weights and (alike := self._spelt_alike(typed_words, term))}
        for term, alike in self._senses_alike(terms, senses or {}).items():
            spellings[term] = tuple(dict.fromkeys((*spellings.get(term, ()), *alike)))
        return Query(tuple(terms), weights, self._strangers(frequencies, names), months, days,
                     frozenset(t for t, df in frequencies.items() if df), dated,
                     max(voices, key=weights.__getitem__) if voices else None, spellings)

    def _senses_alike(self, terms: list[str], senses: Mapping[str, tuple[str, ...]]
                      ) -> dict[str, tuple[str, ...]]:
        """The terms of the other senses of each term read from a word with several (see
        `parse`); a sense of more than one word is left out: "take out" would match any "take"."""
        analyzer = self.kb.analyzer
        found: dict[str, tuple[str, ...]] = {}
        for word, others in senses.items():
            own = analyzer.terms(word)
            if len(own) != 1 or own[0] not in terms:
                continue
            alike = tuple(dict.fromkeys(t for other in others if " " not in other
                                        and len(ts := analyzer.terms(other)) == 1
                                        and (t := ts[0]) != own[0]))
            if alike:
                found[own[0]] = tuple(dict.fromkeys((*found.get(own[0], ()), *alike)))
        return found

    def _spelt_alike(self, typed: str, term: str) -> tuple[str, ...]:
        """The terms of the other spellings the base has for a name typed one way: its
        known words of the same sound ("kupiansk" and "kupyansk", "huliaipole" and
        "hulyaipole"), as news transliterates one Ukrainian name several ways."""
        if " " in typed or len(typed) < MIN_SPELT_ALIKE or not typed.isalpha() or (
                zipf_frequency(typed, "en") >= MAX_NAME_ZIPF):
            return ()
        words = self._sound_keys()[2].get(sound_key(typed), ())
        analyzer = self.kb.analyzer
        return tuple(dict.fromkeys(t for w in words for t in analyzer.terms(w) if t != term))

    def _strangers(self, frequencies: dict[str, int], names: set[str]) -> frozenset[str]:
        """Actors and places of the question that the base never mentions, nor any related name.

        A question about one ("Britain", "Meloni") is about something else, however common
        the name is in English; the UAE is no stranger to a base that knows Abu Dhabi. A
        name is a thesaurus actor or place, or a word no English dictionary has.
        """
        analyzer = self.kb.analyzer
        unknown = [t for t, df in frequencies.items()
                   if not df and (t in analyzer.entities or t in names)]
        related = {t: sorted(analyzer.related.get(t, ())) for t in unknown}
        known = self.frequencies([r for names in related.values() for r in names])
        return frozenset(t for t in unknown if not any(known[r] for r in related[t]))

    def score(self, query: Query, candidate: Candidate) -> Scored:
        """How much of the question one fact answers (see the module docstring)."""
        fact, article, fact_terms, context_terms = candidate
        analyzer = self.kb.analyzer
        weights = query.weights
        # Terms are looked for as " term " in the space-separated column: a question has a
        # few terms and a fact dozens, so this costs less than splitting the fact into a set;
        # a long question (`SET_LOOKUP_TERMS`) looks its many terms up in sets instead.
        padded = f" {fact_terms} "
        many = len(query.terms) > SET_LOOKUP_TERMS
        words = fact_terms.split() if many else []
        held = set(words)
        if many:
            covered = frozenset(t for t in query.terms if t in held)
        else:
            covered = frozenset(t for t, spaced in query.spaced if spaced in padded)
        if query.spellings:
            covered |= {t for t, alike in query.spellings.items()
                        if t not in covered and any(f" {a} " in padded for a in alike)}
        in_time = not (query.months or query.days) or _fits_time(query, fact, article,
                                                                 fact_terms.split())
        if in_time and (query.months or query.days):
            # "Feb 26" is covered by a fact dated 26 February that never writes it out.
            covered |= query.dated
        partial: list[str] = []
        if len(covered) < len(query.terms) and many:
            before = set(context_terms.split())
            partial = [t for t in query.terms if t not in covered and (
                t in before or not held.isdisjoint(analyzer.related.get(t, ())))]
        elif len(covered) < len(query.terms):
            around = f" {context_terms} "
            partial = [t for t, spaced in query.spaced if t not in covered and (
                spaced in around or any(f" {r} " in padded for r in analyzer.related.get(t, ())))]
        # A question naming the fact's speaker is better covered by it than by a fact that
        # only mentions that person.
        speaker = self._name_terms(fact.speaker) & covered if fact.speaker else frozenset()
        boost = sum(weights[t] * (SPEAKER_FACTOR - 1) for t in speaker)
        coverage = (sum(weights[t] for t in covered) + boost
                    + PARTIAL_CREDIT * sum(weights[t] for t in partial)) / (
                        query.total_weight + boost) * ENTITY_MISS_FACTOR ** len(query.strangers)
        if not in_time:
            coverage *= ENTITY_MISS_FACTOR  # "the March round" is not one in February
        # Among equal coverage prefer the fact with fewer extra words (more on point).
        focus = fuzz.token_sort_ratio(query.text, fact_terms) / 100
        # Words the question puts together ("call signs", "first day", "buffer zone") that
        # the fact also puts together make it more likely about the same thing.
        if many:
            adjacent = {f" {a} {b} " for a, b in pairwise(words)}
            together = sum(1 for pair in query.pairs if pair in adjacent)
        else:
            together = sum(1 for pair in query.pairs if pair in padded)
        rank_score = coverage + 0.05 * focus + ADJACENT_PAIR_BONUS * together
        return Scored(fact, article, coverage, covered, rank_score, bool(speaker))

    def search(self, question: str, *, floor: float | None = None,
               senses: Mapping[str, tuple[str, ...]] | None = None) -> SearchResult:
        """Rank the facts for question (see the module docstring).

        floor: the lowest coverage the caller wants ranked (default: the threshold).
        senses: see `parse`.
        """
        query = self.parse(question, senses)
        threshold = self.threshold()
        if not query.terms:
            return SearchResult((), {}, (), threshold)
        tiers = lookup_tiers(query, threshold if floor is None else min(floor, threshold),
                             self.kb.analyzer.related)
        # The question's term counts are cached here already: the index lookup needs no more.
        found = candidates(self.kb, tiers, CANDIDATES, self.frequencies(list(query.terms)))
        ranked = self.rank(question, query, [self.score(query, c) for c in found], threshold)
        unfit = self.gives_no_amount(question, query, ranked, threshold) or bool(
            ranked and ranked[0].coverage >= threshold and not self.could_be_theirs(query, ranked[0]))
        return SearchResult(query.terms, query.weights, tuple(ranked), threshold, unfit)

    def gives_no_amount(self, question: str, query: Query, ranked: list[Scored],
                        threshold: float) -> bool:
        """Whether the question asks "how many/much" and no fact among the best that pass
        holds any amount. Measured on every question set: this declines near-misses ("how
        much will Japan contribute to Ukraine's reconstruction" against a fact on NATO's
        reconstruction teams) and cost no answer; the same gate for dates and causes did."""
        if question_type(question) != "quantity":
            return False
        passing = [s for s in ranked[:KIND_RERANK] if s.coverage >= threshold]
        if asks_for_money(question):  # "how much does it cost": a distance is no price
            return bool(passing) and not any(gives_money(s.fact.text) for s in passing)
        return bool(passing) and not any(self._amount_fit(s.fact.text, query.counted)
                                         for s in passing)

    def rank(self, question: str, query: Query, scored: list[Scored],
             threshold: float) -> list[Scored]:
        """Best first: among facts that pass, those giving the kind of answer asked for lead."""
        kind = question_type(question)
        quoting = asks_for_words(question)

        def preference(s: Scored) -> tuple[int, float]:
            # "What did Peskov say…" asks for Peskov's own words, not a fact about him.
            said = quoting and (s.names_speaker or self._voiced_by_role(query, s)) and (
                self._on_topic(query, s))
            if kind == "quantity":
                return self._amount_fit(s.fact.text, query.counted) + int(said), s.score
            if kind == "date":
                return date_fit(s.fact, query.counted, self.kb.analyzer) + int(said), s.score
            if kind == "cause":
                return cause_fit(s.fact.text, query.counted, self.kb.analyzer) + int(said), s.score
            if kind == "place":
                return place_fit(s.fact.text, query.counted, self.kb.analyzer,
                                 self._name_terms) + int(said), s.score
            if kind == "duration":
                return int(gives_duration(s.fact, spans(question))) + int(said), s.score
            return int(said), s.score

        by_score = sorted(scored, key=lambda s: s.score, reverse=True)
        passing = [s for s in by_score if s.coverage >= threshold]
        # "What did the Kremlin say about Hungary's veto" is not answered by a fact on the
        # veto that never names the Kremlin: such facts rank after any that could be its words.
        theirs = [self.could_be_theirs(query, s) for s in passing]
        others = [s for s, ok in zip(passing, theirs, strict=True) if not ok]
        passing = [s for s, ok in zip(passing, theirs, strict=True) if ok]
        # The kind of answer reorders the best passing facts only: judging it reads the
        # fact's words, and a base with thousands of facts on a common question passes
        # thousands, of which the first few dozen hold any answer worth giving.
        judged = sorted(passing[:KIND_RERANK], key=preference, reverse=True)
        return (judged + passing[KIND_RERANK:] + others
                + [s for s in by_score if s.coverage < threshold])

    def _on_topic(self, query: Query, scored: Scored) -> bool:
        """Whether a fact covers SAID_TOPIC_SHARE of what the question asks about besides
        whoever said it: "what did Rutte say about the new initiative" is not answered first
        by Rutte's words on Ukraine's losses."""
        speaker = self._name_terms(scored.fact.speaker or "")
        rest = [t for t in query.terms if t != query.voice and t not in speaker]
        total = sum(query.weights[t] for t in rest)
        return total == 0 or sum(query.weights[t] for t in rest if t in scored.covered) >= (
            SAID_TOPIC_SHARE * total)

    @staticmethod
    def _voiced_by_role(query: Query, scored: Scored) -> bool:
        """Whether a fact with a speaker covers whoever the question asks the words of, if
        not by the speaker's name: "what did Poland's foreign minister tell …" of a quote by
        Sikorski, whom his article calls "the Polish minister of foreign affairs" (the role
        is indexed with the speaker's facts). A fact with a speaker that names the one asked
        about in its own words is usually theirs too ("German Foreign Minister Johann
        Wadephul chided Moscow…"): requiring the term to come from the role alone lost
        such an answer on the corpus sets; this gained one and lost none."""
        return scored.fact.speaker is not None and query.voice in scored.covered

    def could_be_theirs(self, query: Query, scored: Scored) -> bool:
        """Whether a fact can give the words of whoever the question asks about: it names
        them (their weightiest term), or they are its speaker. Measured over the corpus sets:
        4 more near-misses declined, no answer lost; requiring every term of "the French
        president" (not only "French") lost an answer given by "Macron said". Another person
        the question names being the speaker is not enough: "what did Xi tell Putin" is not
        answered by Putin's words (one more near-miss declined, no answer lost)."""
        return query.voice is None or query.voice in scored.covered or (
            scored.names_speaker and query.voice in self._name_terms(scored.fact.speaker or ""))

    def _weights(self, frequencies: dict[str, int], *, corrected: set[str],
                 surfaces: dict[str, str]) -> dict[str, float]:
        total = self._fact_total()

        def idf(df: float) -> float:
            return math.log(1 + (total - df + 0.5) / (df + 0.5))

        weights: dict[str, float] = {}
        for term, df in frequencies.items():
            weight = (idf(df) if df else idf(1) * UNKNOWN_TERM_FACTOR) * _rarity(
                surfaces.get(term, term))
            weights[term] = weight * (CORRECTED_TERM_FACTOR if term in corrected else 1.0)
        return weights


# Month names as the analyzer stems them ("january" → januari); "may" and "mar" are
# left out: in a question they are far more often a verb than a month.
_MONTHS = {_STEMMER.stemWord(name): number for name, number in MONTHS.items()
           if name not in ("may", "mar")}


def _months_of(fact: Fact, article: Article, terms: set[str]) -> set[int]:
    """The months a fact is about: its resolved dates and the months it names, else the
    month its article was published."""
    months = {_MONTHS[t] for t in terms if t in _MONTHS}
    for ref in fact.dates:
        ends = [int(iso[5:7]) for iso in ref.iso.split("/") if len(iso) >= 7]
        if len(ends) == 2 and ref.iso[:4] != ref.iso[-10:-6]:
            months.update(range(1, 13))  # a span across a new year: any month
        elif ends:
            months.update(range(min(ends), max(ends) + 1))
    if not months and article.published:
        months.add(int(article.published[5:7]))
    return months


def lookup_tiers(query: Query, floor: float,
                 related: Mapping[str, frozenset[str]]) -> list[list[Clause]]:
    """What to look up in the index, likeliest answers first (see `KnowledgeBase.candidates`).

    1. Facts holding every term of the question that the base knows.
    2. Facts holding its heaviest terms, as many as a fact needs to reach floor coverage.
    3. Facts holding any term a passing fact must hold one of (`essential_terms`).
    4. The same, for facts with that term only in the fact before them or with a related
       name (half credit, and a name like "Peskov" has broad relations: "Kremlin").
    Each tier is read only as far as it must be, so a question of common words ("Ukraine",
    "talks") never makes the index rank a large part of the base. A fact is found by its
    words: a month or day it covers by its date alone only adds to what they cover.
    """
    spellings = query.spellings

    def need(term: str) -> Need:
        return Need(term, spellings=spellings.get(term, ()))

    known = [t for t in query.terms if t in query.known or t in spellings]
    complete: Clause = tuple(need(t) for t in known)
    core: list[Need] = []
    weight = 0.0
    total = sum(query.weights.values())
    for term in sorted(known, key=lambda t: -query.weights[t]):
        if total > 0 and _ceiling(weight, 0.0, total) >= floor:
            break
        core.append(need(term))
        weight += query.weights[term]
    essential = essential_terms(query, floor)
    return [[complete] if complete else [], [tuple(core)] if 0 < len(core) < len(known) else [],
            [(need(t),) for t in essential],
            [(Need(t, True, tuple(sorted(related.get(t, ()))), spellings.get(t, ())),) for t in essential]]


def essential_terms(query: Query, floor: float) -> list[str]:
    """The terms of which a fact must hold one (or a related name) to reach floor coverage.

    A fact holding none of them covers at most the weight of the others (`_ceiling`), and
    the commonest terms are dropped only while that stays below floor: so no fact that could
    pass is missed by the tiers that look these up, unless one matches more than
    `lookup.RANK_CAP` facts and only its newest are read.
    """
    weights = query.weights
    total = sum(weights.values())
    dated = query.dated
    spare = sum(weights[t] for t in dated)
    dropped = set(dated)
    for term in sorted((t for t in query.terms if t not in dated), key=lambda t: weights[t]):
        if _ceiling(spare + weights[term], 0.0, total) >= floor:
            break
        spare += weights[term]
        dropped.add(term)
    return [t for t in query.terms if t not in dropped]


def _ceiling(full: float, half: float, total: float) -> float:
    """The most coverage a fact can reach holding terms of weight full, and half credit for
    terms of weight half, of total (see `score`): as if every term it holds named its speaker."""
    boost = (SPEAKER_FACTOR - 1) * full
    return (full + boost + PARTIAL_CREDIT * half) / (total + boost)


def threshold_for(facts: int) -> float:
    """The default threshold for a base of that many facts (see DEFAULT_THRESHOLD)."""
    decades = max(0.0, math.log10(max(facts, 1) / SMALL_BASE))
    return min(MAX_THRESHOLD, DEFAULT_THRESHOLD + THRESHOLD_PER_DECADE * decades)


def _fits_time(query: Query, fact: Fact, article: Article, fact_terms: list[str]) -> bool:
    """Whether the fact can be about the months or days the question names.

    "The March round" is not answered by a fact about February, however well the rest
    matches; nor "the meeting on Feb 26" by one about Feb 4.
    """
    if query.months and query.months.isdisjoint(_months_of(fact, article, set(fact_terms))):
        return False
    return not query.days or any(_on_day(fact, article, fact_terms, day) for day in query.days)


def _days(terms: list[str]) -> set[tuple[int, int]]:
    """(month, day) for every "feb 26" or "26 february" among the terms."""
    days = set()
    for first, second in pairwise(terms):
        for month, day in ((first, second), (second, first)):
            if month in _MONTHS and day.isdigit() and 1 <= int(day) <= 31:
                days.add((_MONTHS[month], int(day)))
    return days


def _on_day(fact: Fact, article: Article, fact_terms: list[str], day: tuple[int, int]) -> bool:
    """Whether a fact can be about what happened on that day: it names the day, one of its
    dates is within a day of it, or, undated, it was published within three days after."""
    if day in _days(fact_terms):
        return True
    # An undated article's year is the year its fact's own dates name.
    known = article.published or next((ref.iso for ref in fact.dates), "")
    year = int(known[:4]) if known[:4].isdigit() else 0
    try:
        wanted = date(year, *day)
    except ValueError:
        return False
    spans = [ref.iso.split("/") for ref in fact.dates]
    for span in spans:
        try:
            start, end = date.fromisoformat(span[0]), date.fromisoformat(span[-1])
        except ValueError:
            continue
        if start - timedelta(days=1) <= wanted <= end + timedelta(days=1):
            return True
    if spans or not article.published:
        return False
    try:
        published = date.fromisoformat(article.published)
    except ValueError:
        return False
    return wanted <= published <= wanted + timedelta(days=3)


def _nearest(word: str, vocab: dict[str, list[str]], counts: dict[str, int]) -> str | None:
    """The known word most likely meant by a misspelt one, or None.

    Edit distance alone cannot choose between "peskov" and "pesko" for "peskow"; among the
    spellings as close as the closest, the one the base uses most is the likelier intent.
    Typists rarely get the first letter wrong ("umerow", "peskow", "lukoyl"), so only words
    sharing it are candidates: a "spelling" that changes it is another word ("meloni" is not
    "elon").
    """
    # Edits, a swap of two letters counting as one ("ruibo"): one for a short word, two for
    # a long one. A ratio cutoff refused every swap in a five-letter name.
    edits = 1 if len(word) < LONG_WORD else 2
    hits = process.extract(word, vocab.get(word[0], []), scorer=OSA.distance, score_cutoff=edits,
                           limit=10)
    if not hits:
        return None
    best = min(distance for _, distance, _ in hits)
    close = [(counts.get(w, 0), -distance, w) for w, distance, _ in hits if distance == best]
    return max(close)[2]


@lru_cache(maxsize=65_536)  # a question's terms recur, and each look-up stems and reads two tables
def _rarity(word: str) -> float:
    """1.0 for a word rare in general English, down to MIN_COMMON_FACTOR for a common one."""
    # An inflection is rarer than its word ("sides" 4.7, "side" 5.5) but says no more about
    # the topic, so the more common of the typed form and its stem decides.
    zipf = max(zipf_frequency(word, "en"), zipf_frequency(_STEMMER.stemWord(word), "en"))
    share = (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)
    return min(1.0, max(MIN_COMMON_FACTOR, share))
