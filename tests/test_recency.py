"""Answers that know time: the newest word on a point leads, what came before follows with its
date, and every answer says as of which day it speaks."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answers import Answerer
from knowledge.curate import add_fact
from knowledge.recency import asks_about_now, news_topic

# Where the next round would be, as three outlets put it on three days (written for this
# test, after the way the venue moved in February 2026).
VENUES = [
    ("2026-02-05", "Reuters", "https://www.reuters.com/world/next-round-2026-02-05/",
     "Zelenskiy said the next round of talks would be held soon, likely in the United States."),
    ("2026-02-12", "AP", "https://apnews.com/article/next-round-geneva",
     "Ukraine's negotiator said the next round of talks would be held in Geneva."),
    ("2026-02-20", "Al Jazeera", "https://www.aljazeera.com/news/2026/2/20/next-round",
     "The Kremlin said the next round of talks would be held in Abu Dhabi."),
]


@pytest.fixture
def venues(empty_kb: KnowledgeBase) -> KnowledgeBase:
    # Added oldest last, so that the order they were stored in cannot pass for their dates.
    for published, outlet, url, text in reversed(VENUES):
        add_fact(empty_kb, text, actor="test", outlet=outlet, url=url, published=published)
    add_fact(empty_kb, "Russia and Ukraine swapped 157 prisoners of war each on 5 February.",
             actor="test", outlet="Reuters", url="https://www.reuters.com/world/swap/",
             published="2026-02-06")
    return empty_kb


def test_the_newest_venue_leads_and_the_earlier_ones_follow_with_their_dates(
        venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("where will the next round of talks be held?")
    assert answer.answered
    assert "Abu Dhabi" in answer.matches[0].fact.text
    assert [m.article.published for m in answer.earlier] == ["2026-02-12", "2026-02-05"]
    assert answer.as_of == "2026-02-20"
    text = answer.text
    assert text.index("Abu Dhabi") < text.index("Earlier:")
    assert "• AP, 12 February 2026: Ukraine's negotiator said the next round of talks would " \
           "be held in Geneva." in text
    assert text.index("Geneva") < text.index("United States")
    assert text.endswith("As of 20 February 2026 (the newest source used).")
    # Each fact is shown once: an earlier word on the point is not "Also" as well.
    assert text.count("United States") == 1


def test_a_question_about_the_past_keeps_the_best_match_first(venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("where did they say the round of talks would be held?")
    assert answer.answered and answer.earlier == ()
    # Without "next", "now" or the like the three are equally good; none is called earlier.
    assert "Earlier:" not in answer.text


def test_every_answer_says_as_of_the_newest_source_it_uses(venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("how many prisoners were swapped?")
    assert answer.answered and answer.as_of == "2026-02-06"
    assert answer.text.endswith("As of 6 February 2026 (the newest source used).")
    assert answer.to_json()["as_of"] == "2026-02-06"


def test_the_seed_answers_say_as_of_too(answerer: Answerer) -> None:
    answer = answerer.answer("Will Zelensky go to Moscow?")
    assert answer.answered and answer.text.endswith("As of 30 January 2026 (the newest source used).")


@pytest.mark.parametrize("question", [
    "where is the next round?", "is Russia still demanding Donbas", "what is the current deadline",
    "latest on the talks", "what's new", "any news about Geneva?", "Has a date been set yet?"])
def test_questions_about_now(question: str) -> None:
    assert asks_about_now(question)


@pytest.mark.parametrize("question", [
    "when was the Alaska summit", "how much territory has Ukraine won back recently",
    "who is the new negotiator's deputy"])
def test_questions_about_an_event(question: str) -> None:
    assert not asks_about_now(question)


@pytest.mark.parametrize(("question", "topic"), [
    ("what's new", ""), ("What is the latest on the Geneva talks?", "the Geneva talks"),
    ("latest news", ""), ("any news about Abu Dhabi?", "Abu Dhabi"), ("updates on prisoners", "prisoners"),
    ("where is the next round", None), ("news of the swap", "the swap")])
def test_news_questions_and_their_topic(question: str, topic: str | None) -> None:
    assert news_topic(question) == topic


def test_whats_new_gives_the_newest_facts_newest_first(venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("what's new?")
    assert answer.answered
    assert [m.article.published for m in answer.matches] == ["2026-02-20", "2026-02-12", "2026-02-06"]
    assert answer.text.endswith("As of 20 February 2026 (the newest source used).")


def test_latest_on_a_topic_gives_its_newest_facts(venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("latest on the round of talks")
    assert answer.answered
    assert [m.article.outlet for m in answer.matches] == ["Al Jazeera", "AP", "Reuters"]
    assert "swapped" not in answer.text


def test_news_on_a_topic_the_base_lacks_is_declined(venues: KnowledgeBase) -> None:
    answer = Answerer(venues).answer("any news about the Arctic Council?")
    assert not answer.answered and "won't guess" in answer.text


def test_latest_lists_the_most_recently_published_first(venues: KnowledgeBase) -> None:
    from knowledge.reports import latest_facts

    # Stored in another order (see the fixture): publication decides, not storage.
    days = [article.published for _, article in latest_facts(venues, 4)]
    assert days == ["2026-02-20", "2026-02-12", "2026-02-06", "2026-02-05"]
