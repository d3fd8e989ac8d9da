"""Questions admins attach to facts (`/teach FACT_ID question`, `negobot facts teach`).

People ask in words no article uses ("who pays to fix the grid"). When an admin attaches
such a question to the fact that answers it, the answerer matches later questions against
it, so that wording and its paraphrases find the fact (see `answers.Answerer`). A taught
question is an audited change like an edit, and `/undo` takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .store import KnowledgeBase, KnowledgeError

MAX_TAUGHT_CHARS = 300


@dataclass(frozen=True)
class TaughtQuestion:
    """A question an admin attached to a fact."""

    id: int
    fact_id: int
    question: str
    actor: str
    taught_at: str  # ISO timestamp, UTC


def normalize(question: str) -> str:
    return " ".join(question.split()).casefold().rstrip(" ?!.")


def teach(kb: KnowledgeBase, fact_id: int, question: str, *, actor: str) -> TaughtQuestion:
    """Attach question to an active fact (one audited transaction)."""
    question = " ".join(question.split())
    if not question:
        raise KnowledgeError("Give the question to teach after the fact's id.")
    if len(question) > MAX_TAUGHT_CHARS:
        raise KnowledgeError(f"A taught question must be at most {MAX_TAUGHT_CHARS} characters "
                             f"(this one has {len(question)}).")
    if not kb.analyzer.terms(question):
        raise KnowledgeError("That question has no words to match: say what it is about.")
    with kb.transaction():
        fact = kb.fact(fact_id)  # raises KnowledgeError for an unknown id
        if fact.status != "active":
            raise KnowledgeError(f"Fact #{fact_id} is retired: it is not used in answers.")
        normalized = normalize(question)
        seen = kb.db.execute("SELECT 1 FROM taught WHERE fact_id = ? AND normalized = ? AND active",
                             [fact_id, normalized]).fetchone()
        if seen:
            raise KnowledgeError(f"Fact #{fact_id} was already taught that question.")
        at = datetime.now(UTC).isoformat(timespec="seconds")
        taught_id = int(kb.db.execute(
            "INSERT INTO taught (fact_id, question, normalized, actor, taught_at, active)"
            " VALUES (?, ?, ?, ?, ?, 1)", [fact_id, question, normalized, actor, at]).lastrowid or 0)
        kb.audit(actor, "fact.teach", fact_id=fact_id, article_id=fact.article_id,
                 after={"question": question, "taught": taught_id})
        kb.fact_writes += 1  # what answers match against changed (see Retriever.data_key)
    return TaughtQuestion(taught_id, fact_id, question, actor, at)


def forget(kb: KnowledgeBase, taught_id: int) -> None:
    """Stop matching a taught question (inside the caller's transaction; for undo)."""
    kb.db.execute("UPDATE taught SET active = 0 WHERE id = ?", [taught_id])
    kb.fact_writes += 1


def taught_questions(kb: KnowledgeBase) -> list[TaughtQuestion]:
    """Every question taught to a fact still answered with, oldest first."""
    rows = kb.db.execute(
        "SELECT taught.id, fact_id, question, actor, taught_at FROM taught"
        " JOIN facts ON facts.id = taught.fact_id"
        " WHERE taught.active AND facts.status = 'active' ORDER BY taught.id").fetchall()
    return [TaughtQuestion(int(i), int(f), q, a, t) for i, f, q, a, t in rows]
