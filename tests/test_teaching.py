"""Learning from traffic: questions admins teach facts, and what the question log shows them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from knowledge import Answerer, KnowledgeBase, KnowledgeError, open_base
from knowledge.curate import retire_fact, undo_last
from knowledge.exchange import export_file, import_file
from knowledge.question_log import record_question, unanswered
from knowledge.teaching import taught_questions, teach

# Fact 9 of the seed article: Putin agreed not to strike Ukraine's energy for a week in the
# cold. Nobody asking about warm homes uses any of its words.
ENERGY_PAUSE = 9
TAUGHT = "will homes stay warm this week"
PARAPHRASE = "are homes going to stay warm over the week?"


def test_a_declined_question_is_answered_with_the_fact_it_was_taught(
        kb: KnowledgeBase, answerer: Answerer) -> None:
    assert not answerer.answer(TAUGHT).answered
    assert not answerer.answer(PARAPHRASE).answered
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    for question in (TAUGHT, "Will homes stay warm this week?", PARAPHRASE):
        answer = answerer.answer(question)
        assert answer.answered and answer.matches[0].fact.id == ENERGY_PAUSE, question
        assert "not to attack Ukraine’s energy infrastructure for a week" in answer.text


def test_a_taught_question_does_not_answer_questions_about_other_places_or_things(
        kb: KnowledgeBase, answerer: Answerer) -> None:
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    for other in ("will homes in london stay warm this week", "will homes in narnia stay warm",
                  "will the war end this week"):
        answer = answerer.answer(other)
        assert not answer.answered or answer.matches[0].fact.id != ENERGY_PAUSE, other
    # Questions it was not taught keep their answers.
    assert answerer.answer("Will Zelensky go to Moscow?").matches[0].fact.id == 2


def test_undo_and_retiring_the_fact_end_the_teaching(kb: KnowledgeBase, answerer: Answerer) -> None:
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    assert undo_last(kb, actor="admin").action == "fact.teach"
    assert not answerer.answer(TAUGHT).answered
    assert [row["action"] for row in kb.history(ENERGY_PAUSE)][-2:] == ["fact.teach", "undo.fact.teach"]
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    retire_fact(kb, ENERGY_PAUSE, actor="admin")
    assert taught_questions(kb) == [] and not answerer.answer(TAUGHT).answered


@pytest.mark.parametrize(("fact_id", "question", "message"), [
    (999, TAUGHT, "No fact #999"), (ENERGY_PAUSE, "   ", "Give the question"),
    (ENERGY_PAUSE, "?? the of", "no words to match"), (ENERGY_PAUSE, "x" * 301, "at most 300")])
def test_bad_teaching_is_refused_and_changes_nothing(kb: KnowledgeBase, fact_id: int, question: str,
                                                     message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        teach(kb, fact_id, question, actor="admin")
    assert taught_questions(kb) == [] and kb.history(ENERGY_PAUSE)[-1]["action"] == "fact.add"


def test_teaching_the_same_question_twice_is_refused(kb: KnowledgeBase) -> None:
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    with pytest.raises(KnowledgeError, match="already taught"):
        teach(kb, ENERGY_PAUSE, TAUGHT.upper() + "?", actor="admin")
    retire_fact(kb, 2, actor="admin")
    with pytest.raises(KnowledgeError, match="retired"):
        teach(kb, 2, "is he going to moscow", actor="admin")


def test_taught_questions_survive_export_and_import(kb: KnowledgeBase, tmp_path: Path) -> None:
    teach(kb, ENERGY_PAUSE, TAUGHT, actor="admin")
    export_file(kb, tmp_path / "base.jsonl")
    copy = open_base(tmp_path / "copy.db", bundled=False)
    try:
        import_file(copy, tmp_path / "base.jsonl")
        assert [(t.fact_id, t.question) for t in taught_questions(copy)] == [(ENERGY_PAUSE, TAUGHT)]
        assert Answerer(copy).answer(PARAPHRASE).matches[0].fact.id == ENERGY_PAUSE
    finally:
        copy.close()


def test_low_confidence_answers_are_listed_with_the_declined_and_alike_wordings_grouped(
        kb: KnowledgeBase, answerer: Answerer) -> None:
    asked = ["Who won the Portuguese election?", "who won the election in portugal",
             "Will Zelensky go to Moscow?", "Talks in Abu Dhabi", "bitcoin price",
             "who won the portuguese election"]
    answers = [answerer.answer(q) for q in asked]
    assert [a.answered for a in answers] == [False, False, True, True, False, False]
    assert not answers[2].low_confidence
    answers[3] = replace(answers[3], low_confidence=True)  # as if it had only just passed
    for answer in answers:
        record_question(kb, answer)
    listed = [(q.question, q.times, q.wordings, q.answered) for q in unanswered(kb)]
    assert listed == [("who won the portuguese election", 3, 2, 0), ("bitcoin price", 1, 1, 0),
                      ("Talks in Abu Dhabi", 1, 1, 1)]

