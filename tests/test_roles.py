"""The roles an article gives the people it quotes, and questions that ask by role."""

from __future__ import annotations

import pytest

from knowledge import open_base
from knowledge.answers import Answerer
from knowledge.ingest import ingest_text
from knowledge.reindex import reindex
from knowledge.roles import speaker_roles


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ("Defence Secretary John Healey visited Kyiv on Monday.", "Healey", "Defence Secretary John"),
    ("Dmitry Medvedev, deputy chairman of the Security Council, said victory was near.",
     "Medvedev", "deputy chairman of the Security Council"),
    ("The point was made by the Polish minister of foreign affairs, Radoslaw Sikorski.",
     "Sikorski", "the Polish minister of foreign affairs"),
    ("Prior to the talks, US Secretary of State Marco Rubio said Washington would lead.",
     "Rubio", "US Secretary of State Marco"),
    # Not roles: a list of people, someone else's office, a clause, a bare courtesy title.
    ("Polish Prime Minister Donald Tusk, Volodymyr Zelenskiy and others met in Paris.",
     "Zelenskiy", None),
    ("Budanov now heads Zelenskyy's presidential office.", "Zelenskyy", None),
    ("Unmanned systems are vital, Fedorov, said a Ukrainian commander, in January.", "Fedorov", None),
    ("Asked about the war, Mr Healey said it would end.", "Healey", None),
])
def test_roles_an_article_gives(text: str, speaker: str, role: str | None) -> None:
    assert speaker_roles([text], [speaker]).get(speaker) == role


ARTICLE = """UK marks the anniversary

Defence Secretary John Healey visited troops in Estonia on Tuesday to mark the anniversary.

The visit was his third to the region this year.

Asked about the fourth anniversary, Mr Healey said: "Putin thought he would win in a week."
"""


def test_a_question_by_role_finds_the_quote_attributed_by_surname() -> None:
    kb = open_base(":memory:", bundled=False)
    ingest_text(kb, ARTICLE, actor="test", outlet="BBC", url="https://www.bbc.com/news/uk-1",
                published="2026-02-24")
    answer = Answerer(kb, threshold=0.5).answer(
        "what did the uk defence secretary say on the fourth anniversary")
    assert answer.answered and "win in a week" in answer.matches[0].fact.text
    assert answer.matches[0].fact.speaker == "Healey"  # the role is searched, not shown
    # Reindexing a stored base reads the roles again from the article's facts.
    before = kb.db.execute("SELECT id, terms, context FROM facts ORDER BY id").fetchall()
    with kb.transaction():
        reindex(kb)
    assert kb.db.execute("SELECT id, terms, context FROM facts ORDER BY id").fetchall() == before
