"""Keep the stored search columns in step with the analyzer that reads questions.

A fact's `terms`, `words` and `context` are computed when it is stored. When a new
release changes the analyzer (thesaurus, stopwords, stemming), old rows would hold terms
that no question can produce any more, so every fact is re-analyzed, once, in one
transaction, the first time a base is opened by the new analyzer.
"""

from __future__ import annotations

from itertools import groupby

from .store import KnowledgeBase

FINGERPRINT_KEY = "analyzer_fingerprint"


def ensure_current_index(kb: KnowledgeBase) -> bool:
    """Re-analyze every fact if the base was indexed by another analyzer; True if it did."""
    fingerprint = kb.analyzer.fingerprint
    if kb.get_meta(FINGERPRINT_KEY) == fingerprint:
        return False
    with kb.transaction():
        reindex(kb)
        kb.set_meta(FINGERPRINT_KEY, fingerprint)
    kb.optimize_index()
    return True


def reindex(kb: KnowledgeBase) -> int:
    """Recompute the search columns of every fact (inside `transaction`); the count."""
    rows = kb.db.execute(
        "SELECT facts.id, article_id, text, speaker, reported_by, articles.kind = 'admin'"
        " FROM facts JOIN articles ON articles.id = facts.article_id"
        " ORDER BY article_id, position, facts.id").fetchall()
    for _, group in groupby(rows, key=lambda row: row[1]):
        article = list(group)
        context = ""
        for row, analysis in zip(article, kb.analyzer.index_article([row[2:5] for row in article]),
                                 strict=True):
            kb.db.execute(
                "UPDATE facts SET terms = :terms, words = :words, context = :context WHERE id = :id",
                {**analysis.columns(), "context": context, "id": row[0]},
            )
            # Facts added by hand stand alone: none is read as the sentence before another.
            context = "" if row[5] else analysis.following
    kb.recount_terms()
    return len(rows)
