"""The questions people asked: what was answered, and what the base could not answer.

Fronts that talk to the public (the Telegram bot) log every question here; the declined
ones and those answered close to the bar, grouped when they ask the same thing in other
words and most asked first, tell admins which facts are missing or which questions to
teach (`teaching`). No user ids are stored: only the question, the outcome and the time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from rapidfuzz import fuzz

from .records import Answer
from .store import KnowledgeBase

MAX_LOGGED_CHARS = 1000
# Two wordings whose concept terms overlap this much (rapidfuzz token_set_ratio) ask the
# same thing: "when is the next round" and "when's the next round of talks?".
SAME_QUESTION = 80
# Distinct wordings read to group: the grouping compares each with the groups so far.
MAX_WORDINGS = 500
_END_PUNCTUATION = re.compile(r"[\s?!.,;:…]+$")


@dataclass(frozen=True)
class UnansweredQuestion:
    """A declined question, with how often it (or the same words) was asked."""

    question: str  # the wording asked most often (the latest of equals)
    times: int  # how often it, or a wording like it, was asked
    last_asked: str  # ISO timestamp, UTC
    wordings: int = 1  # how many different wordings were grouped under it
    answered: int = 0  # of the times, how many were answered, close to the bar

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
        "INSERT INTO question_log (asked_at, question, normalized, answered, confidence,"
        " low_confidence) VALUES (?, ?, ?, ?, ?, ?)",
        [datetime.now(UTC).isoformat(timespec="seconds"), question, normalized,
         int(answer.answered), round(answer.confidence, 3), int(answer.low_confidence)])


def unanswered(kb: KnowledgeBase, limit: int = 20) -> list[UnansweredQuestion]:
    """Declined questions, and those answered close to the bar, with wordings that ask the
    same thing grouped (see SAME_QUESTION); most asked first, then most recent."""
    rows = kb.db.execute(
        "SELECT normalized, count(*) AS times, max(asked_at) AS last_asked,"
        " sum(answered) AS answered,"
        " (SELECT q.question FROM question_log q WHERE q.normalized = l.normalized"
        "  ORDER BY q.id DESC LIMIT 1) AS wording"
        " FROM question_log l WHERE answered = 0 OR low_confidence GROUP BY normalized"
        " ORDER BY times DESC, last_asked DESC, normalized LIMIT ?", [MAX_WORDINGS]).fetchall()
    groups: list[tuple[str, list[tuple[str, int, str, int]]]] = []  # key terms, members
    for _, times, last, answered, wording in rows:
        key = " ".join(sorted(set(kb.analyzer.terms(wording)))) or wording.casefold()
        for group_key, members in groups:
            if fuzz.token_set_ratio(key, group_key) >= SAME_QUESTION:
                members.append((wording, int(times), last, int(answered)))
                break
        else:
            groups.append((key, [(wording, int(times), last, int(answered))]))
    found = [UnansweredQuestion(members[0][0], sum(m[1] for m in members), max(m[2] for m in members),
                                len(members), sum(m[3] for m in members))
             for _, members in groups]
    found.sort(key=lambda q: (q.times, q.last_asked), reverse=True)
    return found[:limit]


def question_counts(kb: KnowledgeBase) -> QuestionCounts:
    """Questions asked in all, and declined."""
    asked, declined = kb.db.execute(
        "SELECT count(*), coalesce(sum(answered = 0), 0) FROM question_log").fetchone()
    return QuestionCounts(int(asked), int(declined))
