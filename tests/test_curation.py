"""What admins rely on besides editing: undo, the question log, newest facts, sources, figures."""

from __future__ import annotations

import pytest

from knowledge import Answerer, KnowledgeBase, KnowledgeError
from knowledge.bundled import seed_text
from knowledge.curate import add_fact, edit_fact, retire_fact, undo_last
from knowledge.ingest import ingest_text
from knowledge.question_log import normalize, question_counts, record_question, unanswered
from knowledge.reports import latest_facts, sources, stats
from tests.conftest import fact_containing

GENEVA = "Umerov said the next round of talks would take place in Geneva."


def test_undo_steps_back_through_one_admins_changes(kb: KnowledgeBase) -> None:
    answerer = Answerer(kb)
    fact = add_fact(kb, GENEVA, actor="telegram:1", url="https://www.reuters.com/x", published="2026-02-14")
    edit_fact(kb, fact.id, GENEVA.replace("Geneva", "Istanbul"), actor="telegram:1")
    peace = fact_containing(kb, "peacekeepers")
    retire_fact(kb, peace, actor="telegram:1")
    retire_fact(kb, 1, actor="telegram:2")  # another admin's change is not mine to undo

    undone = undo_last(kb, actor="telegram:1")
    assert undone.action == "fact.retire" and kb.fact(peace).status == "active"
    assert answerer.answer("peacekeepers after the war").matches[0].fact.id == peace

    assert undo_last(kb, actor="telegram:1").action == "fact.edit"
    assert kb.fact(fact.id).text == GENEVA
    assert undo_last(kb, actor="telegram:1").action == "fact.add"
    assert kb.fact(fact.id).status == "retired" and not answerer.answer("talks in Geneva?").answered
    with pytest.raises(KnowledgeError, match="no change left"):
        undo_last(kb, actor="telegram:1")
    assert kb.fact(1).status == "retired"
    actions = [row["action"] for row in kb.history(fact.id)]
    assert actions == ["fact.add", "fact.edit", "undo.fact.edit", "undo.fact.add"]
    assert kb.history(fact.id)[-1]["actor"] == "telegram:1"


def test_undo_refuses_when_someone_changed_the_fact_since(kb: KnowledgeBase) -> None:
    fact = add_fact(kb, GENEVA, actor="telegram:1", outlet="TASS", published="2026-02-14")
    edit_fact(kb, fact.id, GENEVA.replace("Geneva", "Riyadh"), actor="telegram:1")
    edit_fact(kb, fact.id, GENEVA.replace("Geneva", "Doha"), actor="telegram:2")
    audit_before = kb.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(KnowledgeError, match="changed since"):
        undo_last(kb, actor="telegram:1")
    assert "Doha" in kb.fact(fact.id).text
    assert kb.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before


def test_undo_of_an_ingestion_retires_its_facts_and_allows_it_again(empty_kb: KnowledgeBase) -> None:
    kb = empty_kb
    result = ingest_text(kb, seed_text(), actor="telegram:5", outlet="Al Jazeera", published="2026-01-30")
    assert result.outcome == "added" and kb.count_facts() == 12
    undone = undo_last(kb, actor="telegram:5")
    assert undone.action == "ingest" and len(undone.facts) == 12 and kb.count_facts() == 0
    again = ingest_text(kb, seed_text(), actor="telegram:5", outlet="Al Jazeera", published="2026-01-30")
    assert again.outcome == "added" and kb.count_facts() == 12


def test_undo_of_an_update_brings_back_the_superseded_facts(empty_kb: KnowledgeBase) -> None:
    kb = empty_kb
    url = "https://www.aljazeera.com/news/2026/1/30/x"
    ingest_text(kb, seed_text(), actor="cli", url=url, published="2026-01-30")
    old = {f.id for f in kb.facts(include_retired=False)}
    changed = seed_text().replace("Abu Dhabi", "Jeddah")
    assert ingest_text(kb, changed, actor="telegram:5", url=url, published="2026-01-30").outcome == "updated"
    undo_last(kb, actor="telegram:5")
    assert {f.id for f in kb.facts(include_retired=False)} == old
    assert Answerer(kb).answer("abu dhabi talks").answered


def test_question_log_groups_declined_questions_most_asked_first(kb: KnowledgeBase) -> None:
    answerer = Answerer(kb)
    for question in [
        "Who won the Portuguese election?",
        "who won the portuguese  election",
        "Bitcoin price?",
        "Will Zelensky go to Moscow?",
    ]:
        record_question(kb, answerer.answer(question))
    top = unanswered(kb)
    assert [(q.question, q.times) for q in top] == [
        ("who won the portuguese  election", 2),
        ("Bitcoin price?", 1),
    ]
    assert question_counts(kb).asked == 4 and question_counts(kb).declined == 3
    assert normalize("  Bitcoin   PRICE?! ") == "bitcoin price"


def test_latest_sources_and_stats_follow_changes(kb: KnowledgeBase) -> None:
    fact = add_fact(kb, GENEVA, actor="telegram:1", url="https://www.reuters.com/x", published="2026-02-14")
    newest, article = latest_facts(kb, 3)[0]
    assert newest.id == fact.id and article.outlet == "Reuters"
    listed = sources(kb)
    assert [(s.article.outlet, s.facts) for s in listed] == [("Reuters", 1), ("Al Jazeera", 12)]
    retire_fact(kb, fact.id, actor="telegram:1")
    record_question(kb, Answerer(kb).answer("bitcoin price"))
    figures = stats(kb)
    assert (figures.articles, figures.facts, figures.retired) == (2, 12, 1)
    assert (figures.questions, figures.declined) == (1, 1) and figures.last_change


def test_related_facts_exclude_what_was_shown(kb: KnowledgeBase) -> None:
    answerer = Answerer(kb)
    moscow = fact_containing(kb, "would not go to Moscow")
    related = answerer.related(moscow, limit=2)
    assert related and moscow not in [m.fact.id for m in related]
    shown = related[0].fact.id
    assert shown not in [m.fact.id for m in answerer.related(moscow, exclude=(shown,))]


def test_undo_tells_a_fact_added_by_hand_from_the_article_it_joins(empty_kb: KnowledgeBase) -> None:
    kb = empty_kb
    url = "https://www.aljazeera.com/news/2026/1/30/x"
    ingest_text(kb, seed_text(), actor="telegram:5", url=url, published="2026-01-30")
    extra = add_fact(kb, GENEVA, actor="telegram:5", url=url, published="2026-01-30")
    assert extra.article_id == 1  # the ingested article, found by its URL
    assert undo_last(kb, actor="telegram:5").action == "fact.add"
    assert kb.fact(extra.id).status == "retired" and kb.count_facts() == 12
    undone = undo_last(kb, actor="telegram:5")
    assert undone.action == "ingest" and kb.count_facts() == 0


def test_edits_and_added_facts_leave_the_index_as_a_reindex_would(kb: KnowledgeBase) -> None:
    from knowledge.reindex import reindex

    edit_fact(kb, 9, "Trump said Putin had agreed to stop strikes on Kyiv's power grid for a week.",
              actor="admin")
    for text in ("Umerov said the Geneva round would start on Tuesday.",
                 "The request was accepted by both delegations."):  # reads the one before
        add_fact(kb, text, actor="admin", outlet="Reuters", url="https://reuters.com/geneva",
                 published="2026-02-16")

    def columns() -> list[tuple[object, ...]]:
        return kb.db.execute("SELECT id, terms, words, context FROM facts ORDER BY id").fetchall()

    edited = columns()
    with kb.transaction():
        reindex(kb)
    assert edited == columns()
    assert "stop" in edited[9][3].split()  # fact 10 refers back to fact 9's new words
