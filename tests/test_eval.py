"""The question sets: how often negobot answers right and declines what it cannot source."""

from __future__ import annotations

import re

import pytest

from knowledge import Answerer
from knowledge.evaluate import evaluate, load_questions
from tests.conftest import QUESTIONS, Run
from tests.test_ingest import FURNITURE

# The bar set by the knowledge-core issue; a change that drops below it is a regression.
ANSWERABLE_FLOOR = 0.90
DECLINED_FLOOR = 0.90


@pytest.mark.parametrize("name", ["seed.jsonl", "seed_heldout.jsonl"])
def test_question_set_accuracy(answerer: Answerer, name: str) -> None:
    questions = load_questions(QUESTIONS / name)
    assert len(questions) >= 40
    report = evaluate(answerer, questions)
    misses = (f"{len(report.misses())} missed (blind set: questions not shown)" if name in BLIND
              else "\n".join(f"{o.question.kind}: {o.question.question}" for o in report.misses()))
    assert report.accuracy(out_of_scope=False) >= ANSWERABLE_FLOOR, misses
    assert report.accuracy(out_of_scope=True) >= DECLINED_FLOOR, misses


def test_no_answer_quotes_furniture(answerer: Answerer) -> None:
    for name in ("seed.jsonl", "seed_heldout.jsonl"):
        for q in load_questions(QUESTIONS / name):
            for match in answerer.answer(q.question).matches:
                assert not any(re.search(p, match.fact.text, re.I) for p in FURNITURE), q


# The corpus sets (questions written blind from ../shared/corpus) on the whole corpus. These
# floors are where negobot stands, a ratchet against regressions; the corpus issue asks for
# 80 % answerable and 90 % declined on the development set, corpus.jsonl.
CORPUS_FLOORS = {"corpus.jsonl": (0.80, 0.90), "corpus_heldout.jsonl": (0.66, 0.78),
                 "corpus_heldout2.jsonl": (0.59, 0.93), "corpus_heldout3.jsonl": (0.60, 0.70),
                 "corpus_heldout4.jsonl": (0.48, 0.60), "corpus_heldout5.jsonl": (0.60, 0.80)}
# Sets kept blind: nobody tunes on them, so a failure names how many missed, not which.
BLIND = {"corpus_heldout4.jsonl", "corpus_heldout5.jsonl"}


@pytest.mark.parametrize("name", sorted(CORPUS_FLOORS))
def test_corpus_question_sets(corpus_run: Run, name: str) -> None:
    kb, _, _ = corpus_run
    questions = load_questions(QUESTIONS / name)
    assert len(questions) >= 50
    report = evaluate(Answerer(kb), questions)
    answerable, declined = CORPUS_FLOORS[name]
    misses = (f"{len(report.misses())} missed (blind set: questions not shown)" if name in BLIND
              else "\n".join(f"{o.question.kind}: {o.question.question}" for o in report.misses()))
    assert report.accuracy(out_of_scope=False) >= answerable, misses
    assert report.accuracy(out_of_scope=True) >= declined, misses
