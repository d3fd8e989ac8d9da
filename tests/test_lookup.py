"""The index look-up behind an answer: tiers read in order, ranked within, retired facts skipped."""

from __future__ import annotations

import pytest

from knowledge import lookup
from knowledge.lookup import Need, candidates
from tests.conftest import base_with

LONG = ("Delegations from Kyiv and Moscow met in Geneva on Tuesday for talks that officials on both "
        "sides described as difficult, lengthy and in the end without any agreement on territory.")
SHORT = "Kyiv and Moscow held talks in Geneva."


PLAIN = [(Need("geneva"), Need("talk"))]  # one clause of exact terms: ranked by length
EITHER = [(Need("geneva"), Need("talk")), (Need("kyiv"), Need("moscow"))]  # by bm25 if cheap


@pytest.mark.parametrize("budget", [0, 10**9])
@pytest.mark.parametrize("tier", [PLAIN, EITHER])
def test_a_tier_with_more_matches_than_wanted_gives_the_most_focused_first(
        monkeypatch: pytest.MonkeyPatch, budget: int, tier: list[lookup.Clause]) -> None:
    # By bm25 when counting the terms' facts is cheap, else by length: the short fact either way.
    monkeypatch.setattr(lookup, "BM25_POSTINGS", budget)
    # More matches than a tier reads without ranking (the wanted ones and some to spare).
    longer = [LONG.replace("Tuesday", f"Tuesday, their round number {n},") for n in range(60)]
    kb = base_with(*longer[:30], SHORT, *longer[30:])
    found = candidates(kb, [tier], 2)
    assert found[0][0].text == SHORT


def test_retired_facts_are_skipped_and_the_next_ones_read() -> None:
    kb = base_with(SHORT, LONG)
    short_id = next(c[0].id for c in candidates(kb, [[(Need("geneva"),)]], 5) if c[0].text == SHORT)
    kb.db.execute("UPDATE facts SET status = 'retired' WHERE id = ?", [short_id])
    assert [c[0].text for c in candidates(kb, [[(Need("geneva"),)]], 1)] == [LONG]
