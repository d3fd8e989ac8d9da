"""The same story from several outlets: one fact, every outlet recorded as its source."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from knowledge import KnowledgeBase, open_base
from knowledge.answers import Answerer
from knowledge.curate import edit_fact
from knowledge.exchange import export_file, import_file
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


def test_a_fact_edited_into_the_wire_copy_is_found_as_its_twin(empty_kb: KnowledgeBase) -> None:
    ingest(empty_kb, "https://www.reuters.com/world/swap-2026-02-05/", [
        "Ukraine and Russia agreed to hold further talks on prisoner exchanges next month.", *WIRE[1:]])
    draft = next(f for f in empty_kb.facts() if "further talks" in f.text)
    edit_fact(empty_kb, draft.id, WIRE[0], actor="admin")
    result = ingest_text(empty_kb, page("https://www.kfgo.com/2026/02/05/swap/", REPOST), actor="t")
    assert (result.facts_added, result.facts_merged) == (1, 2)
    assert [a.outlet for a in empty_kb.fact_sources(draft.id)] == ["Reuters", "KFGO"]


def test_a_base_stored_without_twin_keys_still_merges_reposts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    kb = open_base(path, bundled=False)
    ingest(kb, "https://www.reuters.com/world/swap-2026-02-05/", WIRE)
    kb.close()
    # As a base made before the keys were kept, or by a version that computed them otherwise.
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM fact_twins")
        conn.execute("DELETE FROM meta WHERE key = 'twin_keys'")
    kb = open_base(path, bundled=False)
    try:
        result = ingest_text(kb, page("https://www.kfgo.com/2026/02/05/swap/", REPOST), actor="t")
        assert (result.facts_added, result.facts_merged) == (1, 2)
    finally:
        kb.close()


def test_an_imported_base_merges_reposts_of_its_facts(empty_kb: KnowledgeBase,
                                                      tmp_path: Path) -> None:
    ingest(empty_kb, "https://www.reuters.com/world/swap-2026-02-05/", WIRE)
    export_file(empty_kb, tmp_path / "base.jsonl")
    copy = KnowledgeBase.open(tmp_path / "copy.db")
    try:
        import_file(copy, tmp_path / "base.jsonl")
        result = ingest_text(copy, page("https://www.kfgo.com/2026/02/05/swap/", REPOST), actor="t")
        assert (result.facts_added, result.facts_merged) == (1, 2)
    finally:
        copy.close()
