"""The questions every method is asked: a fixed mix (bench/questions.jsonl) and the seed set.

The mix is for speed: short, long, misspelled, very common words ("Ukraine Russia talks"),
out of scope, and FTS syntax. The seed set (tests/questions/seed.jsonl, written blind) is
for accuracy too: its answerable questions have expected phrases, judged as `negobot eval`
judges them (`judge`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from knowledge.analyzer import fold
from knowledge.evaluate import Question, load_questions

ROOT = Path(__file__).resolve().parents[1]
MIX = Path(__file__).with_name("questions.jsonl")
SEED = ROOT / "tests" / "questions" / "seed.jsonl"
SEED_ANSWERABLE, SEED_OUT_OF_SCOPE = "seed", "seed out of scope"


@dataclass(frozen=True)
class Asked:
    """A question to time, with its kind; `expected` is set for seed questions with an answer."""

    question: str
    kind: str
    expected: tuple[str, ...] = ()


def load_mix(path: Path = MIX) -> list[Asked]:
    """The committed mix of questions, in file order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Asked(row["question"], row["kind"]) for row in rows]


def seed_questions(path: Path = SEED) -> list[Asked]:
    """The seed question set: answerable questions with their expected phrases, then the rest."""
    questions: list[Question] = load_questions(path)
    return [Asked(q.question, SEED_OUT_OF_SCOPE if q.out_of_scope else SEED_ANSWERABLE, q.expected)
            for q in questions]


def judge(expected: tuple[str, ...], best_fact: str | None) -> bool:
    """Right when the leading fact holds an expected phrase: `knowledge.evaluate`'s rule."""
    return best_fact is not None and any(fold(p) in fold(best_fact) for p in expected)
