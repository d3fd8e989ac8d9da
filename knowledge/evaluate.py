"""Score a question set against a knowledge base: accuracy by kind.

A question set is JSON lines: {"question", "kind", "expected": [phrases]} for answerable
questions (right when the best fact contains one of the phrases) and
{"question", "kind", "out_of_scope": true} for questions that must be declined.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analyzer import fold
from .answers import Answerer
from .store import KnowledgeError


@dataclass(frozen=True)
class Question:
    """One line of a question set."""

    question: str
    kind: str
    expected: tuple[str, ...] = ()
    out_of_scope: bool = False


@dataclass
class Outcome:
    """How negobot did on one question."""

    question: Question
    correct: bool
    answered: bool
    best_fact: str | None


@dataclass
class Report:
    """Outcomes of a whole set, with accuracy by kind."""

    outcomes: list[Outcome] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        table: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            right, total = table.get(o.question.kind, (0, 0))
            table[o.question.kind] = (right + o.correct, total + 1)
        return dict(sorted(table.items()))

    def accuracy(self, *, out_of_scope: bool) -> float:
        chosen = [o for o in self.outcomes if o.question.out_of_scope == out_of_scope]
        return sum(o.correct for o in chosen) / len(chosen) if chosen else 1.0

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def format(self) -> str:
        lines = [f"{'kind':<14} {'right':>5} {'total':>5} {'accuracy':>9}"]
        for kind, (right, total) in self.by_kind().items():
            lines.append(f"{kind:<14} {right:>5} {total:>5} {right / total:>9.1%}")
        # A set with no question of a side (all to decline, say) has no accuracy on it.
        for label, side in (("answerable", False), ("declined", True)):
            if any(o.question.out_of_scope == side for o in self.outcomes):
                lines.append(f"{label:<14} {'':>5} {'':>5} {self.accuracy(out_of_scope=side):>9.1%}")
        return "\n".join(lines)


def load_questions(path: str | Path) -> list[Question]:
    """Read a question set; a malformed line is an error naming the line."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            questions.append(Question(
                raw["question"], raw.get("kind", "unspecified"),
                tuple(raw.get("expected", ())), bool(raw.get("out_of_scope", False))))
        except (ValueError, KeyError, TypeError) as error:
            raise KnowledgeError(f"{path}:{number}: not a question line ({error}).") from None
    return questions


def evaluate(answerer: Answerer, questions: Iterable[Question]) -> Report:
    """Ask every question and judge the answers."""
    report = Report()
    for q in questions:
        answer = answerer.answer(q.question)
        best = answer.matches[0].fact.text if answer.matches else None
        if q.out_of_scope:
            correct = not answer.answered
        else:
            correct = best is not None and any(fold(p) in fold(best) for p in q.expected)
        report.outcomes.append(Outcome(q, correct, answer.answered, best))
    return report
