"""The same story from several outlets: one fact, every outlet recorded as its source."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.answers import Answerer
from knowledge.ingest import ingest_text

WIRE = [
    "Ukraine and Russia agreed to exchange 314 prisoners of war on Thursday, the first swap in five months.",
    "U.S. envoy Steve Witkoff said the delegations would meet again in Abu Dhabi within weeks.",
    "Russia's envoy Kirill Dmitriev said there had been progress on economic ties with Washington.",
]
# The same agency copy as another site runs it: quote marks, a word or two changed.
REPOST = [
    "Ukraine and Russia agreed to exchange 314 prisoners of war on Thursday, the first such swap "
    "in five months.",
    "US envoy Steve Witkoff said the delegations would meet again in Abu Dhabi within weeks.",
    "Kyiv's negotiator Rustem Umerov said Ukraine wanted robust security guarantees from Washington.",
]


def page(url: str, lines: list[str]) -> str:
    return f"---\ntitle: Swap agreed\nsource: {url}\n---\n" + "\n".join(lines) + "\n"


def ingest(kb: KnowledgeBase, url: str, lines: list[str]) -> None:
    ingest_text(kb, page(url, lines), actor="test")


def test_a_reposted_story_adds_sources_not_facts(empty_kb: KnowledgeBase) -> None:
    ingest(empty_kb, "https://www.reuters.com/world/swap-2026-02-05/", WIRE)
    result = ingest_text(empty_kb, page("https://www.kfgo.com/2026/02/05/swap/", REPOST), actor="t")
    assert (result.outcome, result.facts_added, result.facts_merged) == ("added", 1, 2)
    assert empty_kb.count_facts() == 4 and empty_kb.count_fact_sources() == 2
    swap = next(f for f in empty_kb.facts() if "314" in f.text)
    assert [a.outlet for a in empty_kb.fact_sources(swap.id)] == ["Reuters", "KFGO"]


def test_answers_say_who_else_reported_it(empty_kb: KnowledgeBase) -> None:
    ingest(empty_kb, "https://www.reuters.com/world/swap-2026-02-05/", WIRE)
    ingest(empty_kb, "https://www.kfgo.com/2026/02/05/swap/", REPOST)
    ingest(empty_kb, "https://www.kten.com/news/2026/02/05/swap/", REPOST)
    answer = Answerer(empty_kb).answer("how many prisoners were exchanged?")
    assert answer.answered and "314" in answer.text
    assert "Source: Reuters" in answer.text and "Reported by Reuters and 2 more (KFGO, KTEN)" in answer.text


def test_alike_formulas_with_other_places_or_numbers_stay_apart(empty_kb: KnowledgeBase) -> None:
    ingest(empty_kb, "https://example.org/assessment-february-1-2026/", [
        "Russian forces continued offensive operations in the Kupyansk direction on February 1 but "
        "did not advance, Ukraine's military said."])
    ingest(empty_kb, "https://example.org/assessment-february-2-2026/", [
        "Russian forces continued offensive operations in the Pokrovsk direction on February 2 but "
        "did not advance, Ukraine's military said."])
    assert empty_kb.count_facts() == 2 and empty_kb.count_fact_sources() == 0


def test_reingesting_the_same_url_updates_and_keeps_other_sources(empty_kb: KnowledgeBase) -> None:
    wire = "https://www.reuters.com/world/swap-2026-02-05/"
    ingest(empty_kb, wire, WIRE)
    ingest(empty_kb, "https://www.kfgo.com/2026/02/05/swap/", REPOST)
    counts = (empty_kb.count_articles(), empty_kb.count_facts(), empty_kb.count_fact_sources())
    ingest(empty_kb, wire, WIRE)  # the same page again: nothing changes
    assert (empty_kb.count_articles(), empty_kb.count_facts(), empty_kb.count_fact_sources()) == counts
    # Reuters updates its story and drops the swap sentence: KFGO still carried it.
    freed = "Zelenskiy said some of the freed prisoners had been held for nearly four years."
    result = ingest_text(empty_kb, page(wire, [*WIRE[1:], freed]), actor="t")
    assert (result.outcome, result.facts_added) == ("updated", 1)
    swap = next(f for f in empty_kb.facts() if "314" in f.text)
    assert swap.status == "active"
    assert [a.outlet for a in empty_kb.fact_sources(swap.id)] == ["KFGO"]
    assert empty_kb.count_articles() == 2
    assert sorted(f.text[:20] for f in empty_kb.facts(include_retired=False)) == sorted(
        t[:20] for t in [*WIRE, REPOST[2], "Zelenskiy said some of the freed prisoners"])
