"""Three ways to find the fact that answers a question, on the same base.

- `Negobot`: `knowledge.Answerer.answer`, everything a user waits for (spelling correction,
  FTS5 candidates, coverage ranking, supporting facts, sources); its leading fact.
- `FuzzScan`: brute force, the question against every fact's text with rapidfuzz. The texts
  are loaded and preprocessed once, untimed; each question then scans them all
  (`process.extractOne`, one core). They are shuffled once, so that ties do not favour the
  seed article's facts, which happen to be stored first.
- `Bm25`: bare SQLite FTS5, the question's words (folded as the index folds them, each
  quoted) OR-ed against the index's `words` column, best bm25 first: no analyzer, no
  synonyms, no spelling correction, no threshold.

Baselines never decline; `Negobot` may, and a declined answerable question is a miss.
"""

from __future__ import annotations

import gc
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, process, utils

from knowledge import Answerer, KnowledgeBase, open_base
from knowledge.analyzer import default_analyzer

NEGOBOT, FUZZ, BM25 = "negobot", "rapidfuzz scan", "FTS5 bm25"
Scorer = Callable[..., float]


class Method(Protocol):
    """Something that names the fact best answering a question (its text), or None."""

    name: str

    def top(self, question: str) -> str | None: ...

    def close(self) -> None: ...


class Negobot:
    """negobot's own answer (see the module docstring)."""

    name = NEGOBOT

    def __init__(self, db_path: Path) -> None:
        self.kb: KnowledgeBase = open_base(db_path)
        self.answerer = Answerer(self.kb)
        # As `negobot serve` starts (bot/app.py): caches built, start-up objects frozen.
        self.answerer.warm_up()
        gc.freeze()

    def top(self, question: str) -> str | None:
        answer = self.answerer.answer(question)
        return answer.matches[0].fact.text if answer.answered and answer.matches else None

    def close(self) -> None:
        self.kb.close()


def fact_texts(db_path: Path) -> list[str]:
    """The text of every active fact of a base."""
    conn = sqlite3.connect(str(db_path))
    try:
        rows = conn.execute("SELECT text FROM facts WHERE status = 'active' ORDER BY id").fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]


class FuzzScan:
    """A rapidfuzz scan of every fact (see the module docstring)."""

    name = FUZZ

    def __init__(self, texts: list[str], *, scorer: Scorer = fuzz.token_set_ratio,
                 seed: int = 6) -> None:
        self.texts = list(texts)
        random.Random(seed).shuffle(self.texts)
        self.choices = [utils.default_process(t) for t in self.texts]
        self.scorer = scorer

    def top(self, question: str) -> str | None:
        hit = process.extractOne(utils.default_process(question), self.choices,
                                 scorer=self.scorer, processor=None)
        return self.texts[hit[2]] if hit is not None else None

    def close(self) -> None:
        self.choices = []


class Bm25:
    """Bare FTS5 bm25 over the facts' index (see the module docstring)."""

    name = BM25

    def __init__(self, db_path: Path) -> None:
        self.conn = sqlite3.connect(str(db_path))
        self.analyzer = default_analyzer()

    def query(self, question: str) -> str | None:
        """The MATCH expression for a question, or None when it has no word."""
        words = dict.fromkeys(t.surface for t in self.analyzer.tokens(question))
        if not words:
            return None
        quoted = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        return "{words} : (" + quoted + ")"

    def top(self, question: str) -> str | None:
        query = self.query(question)
        if query is None:
            return None
        row = self.conn.execute(
            "SELECT text FROM facts WHERE id = (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?"
            " ORDER BY bm25(facts_fts) LIMIT 1)", [query]).fetchone()
        return str(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()
