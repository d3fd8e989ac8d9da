"""The shared corpus, ingested for real, and new articles written from its sentences.

The corpus is read at run time and nothing of it is stored in the repository. Its pages go
through `negobot ingest`'s own path (`knowledge.batch`), which is timed: that is the "whole
shared corpus" figure. The facts that come out, cleaned sentences of real news, are the
material of the synthetic articles: each new sentence is the start of one corpus sentence
joined to the end of another at a word both have ("Zelenskiy said the | talks would resume
…"). Whole sentences would not do: negobot stores a sentence another outlet already carried
only once, so recombined whole sentences would hardly grow a base; spliced ones are new
facts in the wording of the news.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from knowledge import KnowledgeBase, open_base
from knowledge.batch import Tally, expand, ingest_source

ACTOR = "bench"
# Words a sentence can be cut and joined at: their neighbours on either side fit most
# sentences that have them.
PIVOTS = frozenset(
    "the of to in and that on for with said by as at from would will has have had was were is "
    "are could after before over about its their his her".split())
MIN_WORDS, MAX_WORDS = 8, 60
SENTENCES_PER_ARTICLE = 30
SENTENCES_PER_PARAGRAPH = 3
FIRST_DAY = date(2025, 12, 1)
DAYS = 90  # publication dates spread over December 2025 to February 2026


@dataclass(frozen=True)
class CorpusRun:
    """The whole corpus ingested into a new base, as `negobot ingest DIR` does it."""

    seconds: float
    inputs: int
    added: int
    skipped: int
    errors: int
    facts: int
    merged: int

    @property
    def facts_per_second(self) -> float:
        return self.facts / self.seconds if self.seconds else 0.0

    @property
    def inputs_per_second(self) -> float:
        return self.inputs / self.seconds if self.seconds else 0.0


def ingest_corpus(articles: Path, db_path: Path) -> tuple[CorpusRun, KnowledgeBase]:
    """Ingest every input under articles into a new base at db_path; the run and the base.

    Only the ingestion loop is timed (opening the database and listing the files are not),
    as in the summary line `negobot ingest` prints.
    """
    kb = open_base(db_path, bundled=False)
    sources = list(expand([str(articles)]))
    tally = Tally()
    started = time.perf_counter()
    for source in sources:
        tally.add(ingest_source(kb, source, actor=ACTOR))
    seconds = time.perf_counter() - started
    run = CorpusRun(seconds, len(sources), tally.statuses["added"], tally.statuses["skipped"],
                    tally.statuses["error"], tally.facts_added, tally.facts_merged)
    return run, kb


def sentence_pool(kb: KnowledgeBase) -> list[str]:
    """The text of every active fact: cleaned sentences of real news."""
    return [fact.text for fact in kb.facts(include_retired=False)]


def outlets_of(kb: KnowledgeBase) -> list[str]:
    """The outlets of the base's articles, most frequent first, each once."""
    counts: dict[str, int] = {}
    for article in kb.articles():
        counts[article.outlet] = counts.get(article.outlet, 0) + 1
    return sorted(counts, key=lambda outlet: (-counts[outlet], outlet))


class SentenceMixer:
    """New sentences made of two corpus sentences joined at a shared word (see module docstring).

    Deterministic: article n is the same on every run for the same corpus and seed, so a
    base can be grown from a smaller one and still equal a base built in one go.
    """

    def __init__(self, sentences: list[str], *, seed: int = 6) -> None:
        self.seed = seed
        self.words = [s.split() for s in sentences]
        self.cuts: list[tuple[int, int]] = []  # (sentence, word position) of every pivot
        self.joins: dict[str, list[tuple[int, int]]] = {}
        for si, words in enumerate(self.words):
            for wi in range(2, len(words) - 2):
                if words[wi] in PIVOTS:
                    self.cuts.append((si, wi))
                    self.joins.setdefault(words[wi], []).append((si, wi))
        # Only a word at least two sentences have can join one to another.
        shared = {w for w, at in self.joins.items() if len({si for si, _ in at}) > 1}
        self.cuts = [(si, wi) for si, wi in self.cuts if self.words[si][wi] in shared]
        if not self.cuts:
            raise ValueError("no two sentences of the corpus share a word to be joined at")

    def sentence(self, rng: random.Random) -> str:
        """One new sentence: a corpus sentence's start, another's end."""
        while True:
            first, cut = self.cuts[rng.randrange(len(self.cuts))]
            second, join = rng.choice(self.joins[self.words[first][cut]])
            if second == first:
                continue
            words = self.words[first][:cut] + self.words[second][join:]
            if MIN_WORDS <= len(words) <= MAX_WORDS:
                return " ".join(words)


@dataclass(frozen=True)
class SyntheticArticle:
    """One article as an admin would ingest it with --title, --outlet, --url and --published."""

    number: int
    title: str
    outlet: str
    url: str
    published: str
    text: str


def synthetic_article(mixer: SentenceMixer, outlets: list[str], number: int) -> SyntheticArticle:
    """Article number n: paragraphs of recombined sentences under a headline of the same kind."""
    rng = random.Random(f"{mixer.seed}:{number}")
    sentences = [mixer.sentence(rng) for _ in range(SENTENCES_PER_ARTICLE)]
    paragraphs = [" ".join(sentences[i:i + SENTENCES_PER_PARAGRAPH])
                  for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)]
    headline = " ".join(mixer.sentence(rng).rstrip(".").split()[:10])
    outlet = outlets[number % len(outlets)]
    slug = "".join(c if c.isalnum() else "-" for c in outlet.lower()).strip("-") or "outlet"
    published = FIRST_DAY + timedelta(days=number % DAYS)
    return SyntheticArticle(number, headline, outlet, f"https://bench.invalid/{slug}/{number}",
                            published.isoformat(), "\n\n".join(paragraphs))
