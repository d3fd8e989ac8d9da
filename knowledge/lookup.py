"""The index look-up behind an answer: which facts a question's tiers of terms bring up.

`retrieval.lookup_tiers` says what to look for, likeliest answers first; this module asks
the FTS5 index for it, reading each tier only as far as it must, and hands the facts found
to scoring as candidates. It only reads a base: building one never depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .store import Candidate, KnowledgeBase

# Ids read beyond what is wanted, in case some of the facts found were retired.
_RETIRED_SLACK = 50
# Facts matching one tier that are ranked (`_ranked`); beyond, the newest are read. 1,000 gave
# the same answers as 2,000 on every question set; 500 and 700 lost one.
RANK_CAP = 1000
_BM25 = "bm25(facts_fts, 1.0, 0.0, 0.3)"
# Facts holding a tier's terms, in all, beyond which bm25 costs more than it is worth (see
# `_ranked`): 3–5 ms on a 100k-fact base, 50 ms and more on a 1M-fact one.
BM25_POSTINGS = 100_000


@dataclass(frozen=True)
class Need:
    """A term a candidate fact must hold: as one of its own terms, or, when partial, also
    in the fact before it or as a related name (see `Retriever.score`)."""

    term: str
    partial: bool = False
    related: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()  # its other spellings or senses, each as good as the term


Clause = tuple[Need, ...]


def candidates(kb: KnowledgeBase, tiers: Sequence[Sequence[Clause]], limit: int,
               counts: Mapping[str, int] | None = None) -> list[Candidate]:
    """Active facts that match a clause of a tier, the first tier's first.

    A fact matches a clause when it satisfies every `Need` of it. Within a tier the
    best bm25 come first (see `_ranked`), or, when more than RANK_CAP facts match, the most
    recently added: ranking tens of thousands of facts that all say "Ukraine" and "talks"
    would cost more than the rest of the answer. Each candidate comes with its own terms
    and its context terms (those of the fact before it). counts, the facts each exact term
    is in when the caller knows them already, spare looking them up (see `_counted`).
    """
    ranked: list[int] = []
    for tier in tiers:
        if len(ranked) >= limit:
            break
        if tier:
            wanted = limit - len(ranked) + _RETIRED_SLACK
            seen = set(ranked)
            plain = len(tier) == 1 and not any(n.partial or n.spellings for n in tier[0])
            ranked.extend(i for i in _ranked(kb, _expression(kb, tier), wanted,
                                             *_counted(kb, tier, counts), plain=plain)
                          if i not in seen)
    found: list[Candidate] = []
    # Retired facts are few: read the first `limit` ids, and more only if some were retired.
    while ranked and len(found) < limit:
        batch, ranked = ranked[:limit - len(found)], ranked[limit - len(found):]
        found.extend(kb.active_candidates(batch))
    return found


def _expression(kb: KnowledgeBase, clauses: Sequence[Clause]) -> str:
    quote = kb.db.quote_fts

    def need(n: Need) -> str:
        spelt = [f"terms : {quote(s)}" for s in n.spellings]
        if not n.partial and not spelt:
            return f"terms : {quote(n.term)}"
        # Partial credit comes from the fact before it, or from a related name.
        alternatives = [f"{{terms context}} : {quote(n.term)}" if n.partial else f"terms : {quote(n.term)}",
                        *spelt, *(f"terms : {quote(r)}" for r in n.related)]
        return "(" + " OR ".join(alternatives) + ")"

    return " OR ".join("(" + " AND ".join(need(n) for n in clause) + ")" for clause in clauses)


def _counted(kb: KnowledgeBase, clauses: Sequence[Clause],
             counts: Mapping[str, int] | None = None) -> tuple[int, int]:
    """How many facts the clauses match at least (a clause of one exact term matches exactly
    its count), and how many facts hold any of their terms: what ranking by bm25 reads."""
    terms = sorted({t for c in clauses for n in c for t in (n.term, *n.spellings)})
    if counts is None or not all(term in counts for term in terms):
        counts = kb.document_frequencies(terms)
    exact = {n.term for c in clauses if len(c) == 1 for n in c if not n.partial and not n.spellings}
    return max((counts[t] for t in exact), default=0), sum(counts[t] for t in terms)


def _ranked(kb: KnowledgeBase, expression: str, limit: int, least: int = 0,
            postings: int = 0, plain: bool = False) -> list[int]:
    """Ids of the facts matching expression: best bm25 first, or the newest if more than
    RANK_CAP match (least, from `_counted`, can tell without counting them).

    Every fact matching a plain expression (one clause of exact terms: `plain`) holds the
    same terms, so bm25 could only order them by length and by a term said twice; the
    shortest come first instead, for a third of bm25's cost on the 100k bench base (1.3
    against 3.6 ms for 790 matches). No answer changed on the question sets; on the 100k
    bench base 5 of 144 did, with the same seed questions right.
    To weigh each term bm25 also counts every fact holding it, however few facts match: on
    a 1M-fact base a question with "Russia" and "Ukraine" in it spent 50–70 ms on that
    alone. So when the terms are in more than BM25_POSTINGS facts (postings), the shortest
    come first too: they say least else, which is what bm25's length norm favours.
    """
    if least > RANK_CAP:
        return _newest(kb, expression, limit)
    sample = [row[0] for row in kb.db.execute(
        "SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? LIMIT ?", [expression, RANK_CAP + 1])]
    if len(sample) <= limit:
        return sample  # all of them are wanted: no order to find
    if len(sample) > RANK_CAP:
        return _newest(kb, expression, limit)
    if postings <= BM25_POSTINGS and not plain:
        return [row[0] for row in kb.db.execute(
            f"SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? ORDER BY {_BM25} LIMIT ?",
            [expression, limit])]
    return [row[0] for row in kb.db.execute(
        f"SELECT id FROM facts WHERE id IN ({', '.join('?' * len(sample))})"
        " ORDER BY length(terms), id LIMIT ?", [*sample, limit])]


def _newest(kb: KnowledgeBase, expression: str, limit: int) -> list[int]:
    return [row[0] for row in kb.db.execute(
        "SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        [expression, limit])]
