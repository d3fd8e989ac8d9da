"""Disagreement: on a point Kyiv, Moscow and Washington see differently, an answer shows each
side's word with its source instead of picking one."""

from __future__ import annotations

import pytest

from knowledge import Answerer, KnowledgeBase
from knowledge.curate import add_fact
from knowledge.sides import side_of

# Written for these tests, after the sides' known positions in February 2026.
POSITIONS = [
    ("Zelenskyy said Ukraine would never withdraw its troops from the Donbas.",
     "Reuters", "https://www.reuters.com/world/donbas-kyiv/", "2026-02-10"),
    ("Peskov said Ukraine must withdraw its troops from the Donbas for any settlement.",
     "TASS", "https://tass.com/politics/donbas", "2026-02-11"),
    ("Witkoff said a withdrawal of Ukraine's troops from the Donbas into a free economic zone "
     "was discussed.",
     "AP", "https://apnews.com/article/donbas-zone", "2026-02-12"),
    ("Fighting in the Donbas continued overnight, the regional governor said.",
     "Kyiv Independent", "https://kyivindependent.com/donbas-fighting/", "2026-02-13"),
]


@pytest.fixture
def positions(empty_kb: KnowledgeBase) -> KnowledgeBase:
    for text, outlet, url, published in POSITIONS:
        add_fact(empty_kb, text, actor="test", outlet=outlet, url=url, published=published)
    return empty_kb


def test_a_disputed_point_shows_each_side_with_its_source(positions: KnowledgeBase) -> None:
    answer = Answerer(positions).answer("will ukraine withdraw its troops from the donbas?")
    assert answer.answered
    lead = answer.matches[0].fact
    assert lead.speaker in {"Zelenskyy", "Peskov", "Witkoff"}
    assert answer.lead_side == side_of(lead, positions.analyzer)
    assert {side for side, _ in answer.sides} == {"Kyiv", "Moscow", "Washington"} - {answer.lead_side}
    assert "\n\nThe other sides:\n• " in answer.text
    for side, match in answer.sides:
        assert f"• {side} — {match.fact.speaker}: {match.fact.text} ({match.article.outlet}, " in answer.text
    # Each fact shows once: a side's word is not repeated under "Also".
    assert all(answer.text.count(text) == 1 for text, *_ in POSITIONS[:3])
    assert answer.as_of == "2026-02-12"


def test_no_sides_for_a_point_only_one_side_spoke_on(positions: KnowledgeBase) -> None:
    answer = Answerer(positions).answer("was there fighting in the donbas overnight?")
    assert answer.answered and answer.sides == () and "side" not in answer.text


def test_a_question_for_one_sides_words_gets_their_words_alone(positions: KnowledgeBase) -> None:
    answer = Answerer(positions).answer("what did Peskov say about the Donbas?")
    assert answer.matches[0].fact.speaker == "Peskov" and answer.sides == ()


@pytest.mark.parametrize(("speaker", "side"), [
    ("Zelenskyy", "Kyiv"), ("the Ukrainian General Staff", "Kyiv"), ("the Kremlin", "Moscow"),
    ("Medinsky", "Moscow"), ("Rubio", "Washington"), ("the United States", "Washington"),
    ("Macron", None), ("Russia and Ukraine", None), (None, None)])
def test_whose_side_a_speaker_speaks_for(empty_kb: KnowledgeBase, speaker: str | None,
                                          side: str | None) -> None:
    fact = add_fact(empty_kb, "The talks will resume next week.", actor="t", outlet="AP",
                    url="https://apnews.com/x", published="2026-02-01", speaker=speaker)
    assert side_of(fact, empty_kb.analyzer) == side
