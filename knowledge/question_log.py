"""The questions people asked: what was answered, and what the base could not answer.

Fronts that talk to the public (the Telegram bot) log every question here; the declined
ones, grouped by their normalized wording and most asked first, tell admins which facts
are missing. No user ids are stored: only the question, the outcome and the time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from .records import Answer
from .store import KnowledgeBase

MAX_LOGGED_CHARS = 1000
_END_PUNCTUATION = re.compile(r"[\s?!.,;:…]+$")


@dataclass(frozen=True)
class UnansweredQuestion:
    """A declined question, with how often it (or the same words) was asked."""

    question: str  # the wording most recently asked
    times: int
    last_asked: str  # ISO timestamp, UTC


@dataclass(frozen=True)
class QuestionCounts:
    """How many questions were asked, and how many of them were declined."""

    asked: int
    declined: int


def normalize(question: str) -> str:
    """The form under which the same question asked twice counts once: casefolded, tidied."""
    text = " ".join(question.split()).casefold()
    return _END_PUNCTUATION.sub("", text)


def record_question(kb: KnowledgeBase, answer: Answer) -> None:
    """Log one question and whether it was answered (one transaction)."""
    question = answer.question.strip()[:MAX_LOGGED_CHARS]
    normalized = normalize(question)
    if not normalized:
        return
    # One INSERT is one transaction on its own (or a part of the caller's): committed at
    # once, so a crash loses no logged question. Plain SQL, not sqlite-utils' insert and
    # an explicit BEGIN/COMMIT: the bot logs every question it answers, and those cost
    # 0.15 ms a question against 0.03 ms for this.
    kb.db.conn.execute(
        "INSERT INTO question_log (asked_at, question, normalized, answered, confidence)"
        " VALUES (?, ?, ?, ?, ?)",
        [datetime.now(UTC).isoformat(timespec="seconds"), question, normalized,
         int(answer.answered), round(answer.confidence, 3)])


def unanswered(kb: KnowledgeBase, limit: int = 20) -> list[UnansweredQuestion]:
    """Declined questions grouped by normalized wording, most asked first, then most recent."""
    rows = kb.db.execute(
        "SELECT normalized, count(*) AS times, max(asked_at) AS last_asked,"
        " (SELECT q.question FROM question_log q WHERE q.answered = 0"
        "  AND q.normalized = l.normalized ORDER BY q.id DESC LIMIT 1) AS wording"
        " FROM question_log l WHERE answered = 0 GROUP BY normalized"
        " ORDER BY times DESC, last_asked DESC, normalized LIMIT ?", [limit]).fetchall()
    return [UnansweredQuestion(wording, int(times), last) for _, times, last, wording in rows]


def question_counts(kb: KnowledgeBase) -> QuestionCounts:
    """Questions asked in all, and declined."""
    asked, declined = kb.db.execute(
        "SELECT count(*), coalesce(sum(answered = 0), 0) FROM question_log").fetchone()
    return QuestionCounts(int(asked), int(declined))
