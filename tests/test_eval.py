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
                 "corpus_heldout2.jsonl": (0.59, 0.93), "corpus_heldout3.jsonl": (0.63, 0.70),
                 "corpus_heldout4.jsonl": (0.48, 0.60), "corpus_heldout5.jsonl": (0.61, 0.80)}
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


# Questions in Ukrainian and Russian, translated from English ones negobot answers right, each
# asked on the base its original is answered from (the bundled seed article or the corpus).
# The first two sets were read to tune the glossaries; the held-out ones (written after, by
# another helper) were not, and are where negobot stands: around the 75 % on the first
# and third pairs, far from it on the second. The third was translated from the blind English
# sets by a helper, so neither is read. The *_facts sets were written by a helper from 160 stored
# facts, not from English questions, in the words of people who never saw the fact: harder,
# as the English held-out sets are (read, to find what the glossaries misread). A word read
# that was not can cost a decline: "жители" read, one near-miss asking "by what date" is
# answered by a fact on the matter that gives none (a gate on dates costs more answers).
# Matching a word's other senses cost the blind third pair two declines. The *_declines sets
# translate the English development sets' questions to decline (none to answer).
LANGUAGE_FLOORS = {"ukrainian.jsonl": (0.90, 0.80), "russian.jsonl": (0.90, 0.80),
                   "ukrainian_heldout.jsonl": (0.83, 0.80), "russian_heldout.jsonl": (0.83, 0.80),
                   "ukrainian_corpus.jsonl": (0.71, 0.85), "russian_corpus.jsonl": (0.75, 0.85),
                   "ukrainian_heldout2.jsonl": (0.71, 1.0), "russian_heldout2.jsonl": (0.65, 0.85),
                   "ukrainian_heldout3.jsonl": (0.78, 0.85), "russian_heldout3.jsonl": (0.75, 0.62),
                   "ukrainian_facts.jsonl": (0.50, 0.70), "russian_facts.jsonl": (0.50, 0.70),
                   "ukrainian_declines.jsonl": (0.0, 0.90), "russian_declines.jsonl": (0.0, 0.93)}
BLIND |= {"ukrainian_heldout.jsonl", "russian_heldout.jsonl", "ukrainian_heldout2.jsonl",
          "russian_heldout2.jsonl", "ukrainian_heldout3.jsonl", "russian_heldout3.jsonl"}


@pytest.mark.parametrize("name", sorted(LANGUAGE_FLOORS))
def test_ukrainian_and_russian_question_sets(answerer: Answerer, corpus_run: Run, name: str) -> None:
    import json

    corpus = Answerer(corpus_run[0])
    rows = [json.loads(line) for line in (QUESTIONS / name).read_text(encoding="utf-8").splitlines()]
    questions = load_questions(QUESTIONS / name)
    assert len(questions) >= 30
    on_seed = [q for q, row in zip(questions, rows, strict=True)
               if row.get("base", row.get("source", "").split(".")[0]) in ("seed", "seed_heldout")]
    on_corpus = [q for q in questions if q not in on_seed]
    outcomes = evaluate(answerer, on_seed).outcomes + evaluate(corpus, on_corpus).outcomes
    answerable, declined = LANGUAGE_FLOORS[name]
    right = [o.correct for o in outcomes if not o.question.out_of_scope]
    refused = [o.correct for o in outcomes if o.question.out_of_scope]
    misses = (f"{sum(not c for c in right + refused)} missed (blind set)" if name in BLIND else
              "\n".join(o.question.question for o in outcomes if not o.correct))
    assert not right or sum(right) / len(right) >= answerable, misses
    assert sum(refused) / len(refused) >= declined, misses
