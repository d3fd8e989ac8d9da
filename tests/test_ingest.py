"""Pasted article → facts: furniture dropped, quotes whole, speakers, reporters and dates."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from knowledge import Answerer, KnowledgeBase, KnowledgeError
from knowledge.bundled import seed_text
from knowledge.ingest import ingest_text, outlet_from_url, parse_article
from tests.conftest import fact_containing

# Lines of page furniture seen in pasted articles; grow this list whenever one slips through.
FURNITURE = [
    r"list \d+ of \d+", r"end of list", r"^advertisement$", r"related news", r"portugal",
    r"israeli captive", r"50,000", r"finger on the trigger", r"key events, day",
    r"sign up", r"newsletter", r"cookie", r"subscribe",
]


def test_no_stored_fact_is_page_furniture(kb: KnowledgeBase) -> None:
    texts = [f.text for f in kb.facts()]
    assert len(texts) == 12
    for text in texts:
        for pattern in FURNITURE:
            assert not re.search(pattern, text, re.IGNORECASE), (pattern, text)


def test_headline_becomes_title_not_fact(kb: KnowledgeBase) -> None:
    article = next(kb.articles())
    assert article.title == "Ukrainian President Zelenskyy invites Putin to Kyiv for talks"
    assert (article.outlet, article.published) == ("Al Jazeera", "2026-01-30")
    assert all(f.text != article.title for f in kb.facts())


def test_quote_spanning_sentences_is_one_fact(kb: KnowledgeBase) -> None:
    fact = kb.fact(fact_containing(kb, "impossible"))
    assert fact.text.endswith("if he dares, of course.”")
    assert (fact.speaker, fact.reported_by) == ("Zelenskyy", "RBC-Ukraine")


def test_trailing_quote_joins_its_attribution(kb: KnowledgeBase) -> None:
    fact = kb.fact(fact_containing(kb, "De-escalation steps"))
    assert fact.text.startswith("Zelenskyy wrote on X")
    assert (fact.speaker, fact.reported_by) == ("Zelenskyy", "X")


@pytest.mark.parametrize(("phrase", "speaker", "reporter"), [
    ("He told reporters on Friday", "Zelenskyy", None),
    ("The Kremlin on Thursday said", "the Kremlin", None),
    ("Reuters news agency reports", "Zelenskyy", "Reuters"),
    ("telling Sky News", "Peskov", "Sky News"),
    ("Donald Trump announced", "Trump", None),
    ("several sticking points remain", None, None),
])
def test_speaker_and_reporter(kb: KnowledgeBase, phrase: str, speaker: str | None,
                              reporter: str | None) -> None:
    fact = kb.fact(fact_containing(kb, phrase))
    assert (fact.speaker, fact.reported_by) == (speaker, reporter)


@pytest.mark.parametrize(("phrase", "expression", "iso"), [
    ("The Kremlin on Thursday said", "on Thursday", "2026-01-29"),
    ("He told reporters on Friday", "on Friday", "2026-01-30"),
    ("scheduled for Sunday", "Sunday", "2026-02-01"),
    ("took place in Abu Dhabi last week", "last week", "2026-01-19/2026-01-25"),
])
def test_relative_dates_resolved_against_publication(kb: KnowledgeBase, phrase: str,
                                                     expression: str, iso: str) -> None:
    fact = kb.fact(fact_containing(kb, phrase))
    assert {d.text: d.iso for d in fact.dates}[expression] == iso


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("   \n\n  ", "empty"),
    ("Headline\nAdvertisement\n- list 1 of 3 Something\nRelated News\nA headline", "furniture"),
    ("binary\x00data", "binary"),
])
def test_broken_articles_are_refused_and_store_nothing(empty_kb: KnowledgeBase, text: str,
                                                       message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        ingest_text(empty_kb, text, actor="t", outlet="Reuters", published="2026-02-01")
    assert empty_kb.is_empty() and empty_kb.count_facts() == 0


def test_missing_metadata_is_a_clear_error() -> None:
    with pytest.raises(KnowledgeError, match="outlet"):
        parse_article(seed_text(), published="2026-01-30")
    with pytest.raises(KnowledgeError, match="date"):
        parse_article(seed_text(), outlet="Al Jazeera")
    with pytest.raises(KnowledgeError, match="Not a date"):
        parse_article(seed_text(), outlet="Al Jazeera", published="30/01/2026")


UNDATED_PAGE = """---
title: "Envoys meet again in Geneva"
source: https://example.org/story/894746
date: unknown
---

Ukrainian and Russian negotiators met on Tuesday in Geneva to resume the peace talks, officials said.
The delegations last met in Abu Dhabi on 4 February 2026, when they agreed to swap prisoners.
"""


def test_a_page_that_states_no_date_is_stored_undated_and_answers_say_so(
        empty_kb: KnowledgeBase) -> None:
    result = ingest_text(empty_kb, UNDATED_PAGE, actor="t")
    article = result.article
    assert (article.published, article.date_evidence) == (None, "none")
    assert "states no publication date" in (article.date_doubt or "")
    tuesday = empty_kb.fact(fact_containing(empty_kb, "on Tuesday"))
    assert tuesday.dates == ()  # no day to count back from: left as written
    abu_dhabi = empty_kb.fact(fact_containing(empty_kb, "4 February 2026"))
    assert [d.iso for d in abu_dhabi.dates] == ["2026-02-04"]
    answer = Answerer(empty_kb, threshold=0.5).answer("where did the negotiators meet on tuesday")
    assert answer.answered and "Example, “Envoys meet again in Geneva”, undated" in answer.text
    # Pasted text has no page to state a date: whoever pastes it is asked for one.
    with pytest.raises(KnowledgeError, match="publication date is missing"):
        ingest_text(empty_kb, "Talks\nThe envoys met in Geneva on Tuesday, officials said.\n",
                    actor="t", outlet="Reuters")


def test_same_article_twice_changes_nothing(kb: KnowledgeBase) -> None:
    result = ingest_text(kb, seed_text(), actor="t", outlet="Al Jazeera", published="2026-01-30")
    assert result.outcome == "unchanged"
    assert kb.count_facts() == 12 and sum(1 for _ in kb.articles()) == 1


def test_same_url_with_new_text_updates_in_place(empty_kb: KnowledgeBase) -> None:
    url = "https://example.org/2026/02/talks"
    first = "Talks\nPeskov said the talks in Geneva would resume on Monday next week.\n"
    second = "Talks\nPeskov said the talks in Geneva were postponed by a week after a row.\n"
    ingest_text(empty_kb, first, actor="t", url=url, published="2026-02-10")
    result = ingest_text(empty_kb, second, actor="t", url=url, published="2026-02-11")
    assert result.outcome == "updated"
    assert [a.id for a in empty_kb.articles()] == [result.article.id]
    active = list(empty_kb.facts(include_retired=False))
    assert [f.text for f in active] == [second.splitlines()[1]]
    assert empty_kb.count_facts("retired") == 1


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.reuters.com/world/europe/x-2026-02-05/") == "Reuters"
    assert outlet_from_url("https://apnews.com/article/x") == "AP"
    assert outlet_from_url("https://news.sky.com/story/x") == "Sky News"
    assert outlet_from_url("https://www.aljazeera.com/news/2026/1/30/x") == "Al Jazeera"
    assert outlet_from_url("https://www.rbc.ua/rus/news/x") == "RBC-Ukraine"
    assert outlet_from_url("https://www.rbc.ru/politics/x") == "RBC"


def test_a_failure_while_storing_leaves_nothing_and_the_next_input_stores(
        empty_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.batch import Source, ingest_source

    good = tmp_path / "good.txt"
    good.write_text("Talks end\nUkraine and Russia ended two days of talks in Geneva on Wednesday.\n"
                    "Umerov said the delegations would meet again in March in Abu Dhabi.\n",
                    encoding="utf-8")
    calls = {"n": 0}
    original = KnowledgeBase.insert_fact

    def failing(self: KnowledgeBase, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the second fact of the article: the first is already written
            raise sqlite3.OperationalError("disk I/O error")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(KnowledgeBase, "insert_fact", failing)
    with pytest.raises(sqlite3.OperationalError):
        ingest_source(empty_kb, Source(str(good)), actor="t", outlet="Reuters",
                      published="2026-02-18")
    assert (empty_kb.count_articles(), empty_kb.count_facts()) == (0, 0)
    monkeypatch.setattr(KnowledgeBase, "insert_fact", original)
    outcome = ingest_source(empty_kb, Source(str(good)), actor="t", outlet="Reuters",
                            published="2026-02-18")
    assert outcome.status == "added" and empty_kb.count_facts() == 2
