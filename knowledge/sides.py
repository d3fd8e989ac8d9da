"""Whose side a statement comes from: Kyiv, Moscow or Washington.

On the points the talks turn on (territory, guarantees, a ceasefire) the three capitals say
different things, and a bot that returns the single best-matching sentence picks a side
without saying so. A fact's side is read from its speaker: a capital, its country, its
leader or one of its officials as the articles name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .analyzer import Analyzer
from .records import Fact
from .retrieval import Scored

# Who speaks for each side in the news of the talks (the speakers of the corpus, by name).
SIDE_NAMES: dict[str, tuple[str, ...]] = {
    "Kyiv": ("Kyiv", "Ukraine", "Ukrainian", "Zelenskyy", "Umerov", "Sybiha", "Yermak", "Budanov",
             "Hnatov", "Syrskyi", "Svyrydenko", "Shmyhal", "Fedorov", "Trehubov", "Kuleba",
             "Podolyak", "Kyslytsya", "Zaluzhnyi", "Klitschko"),
    "Moscow": ("Moscow", "Russia", "Russian", "Kremlin", "Putin", "Peskov", "Lavrov", "Medinsky",
               "Dmitriev", "Ushakov", "Zakharova", "Belousov", "Gerasimov", "Medvedev", "Ryabkov",
               "Galuzin", "Kostyukov", "Naryshkin", "Nebenzia", "Shoigu"),
    "Washington": ("Washington", "United States", "US", "Trump", "Witkoff", "Kushner", "Rubio",
                   "Vance", "Leavitt", "Hegseth", "Driscoll", "Waltz", "Whitaker", "Bessent"),
}
# Another side's fact must cover the question nearly as well as the leading one.
SIDE_MARGIN = 0.15
SIDE_SCAN = 10  # facts on the same point rank near the top


@lru_cache(maxsize=4)
def _side_terms(analyzer: Analyzer) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((side, frozenset(t for name in names for t in analyzer.terms(name)))
                 for side, names in SIDE_NAMES.items())


def side_of(fact: Fact, analyzer: Analyzer) -> str | None:
    """The side whose speaker said fact, or None (no speaker, or someone else's)."""
    if not fact.speaker:
        return None
    terms = set(analyzer.terms(fact.speaker))
    found = [side for side, members in _side_terms(analyzer) if not members.isdisjoint(terms)]
    return found[0] if len(found) == 1 else None  # "Russia and Ukraine" speak for no one side


def other_sides(best: Scored, ranked: Sequence[Scored], threshold: float, analyzer: Analyzer,
                shown: set[int]) -> list[tuple[str, Scored]]:
    """What the sides said on the point of best: the best-ranked fact of each side other than
    best's own among those nearly as good and not shown already. When best is no side's
    word, only two sides or more are worth setting side by side."""
    own = side_of(best.fact, analyzer)
    found: dict[str, Scored] = {}
    for scored in ranked[:SIDE_SCAN]:
        if (scored is best or scored.fact.id in shown or scored.coverage < threshold
                or scored.coverage < best.coverage - SIDE_MARGIN):
            continue
        side = side_of(scored.fact, analyzer)
        if side is not None and side != own and side not in found:
            found[side] = scored
    return list(found.items()) if own is not None or len(found) > 1 else []
