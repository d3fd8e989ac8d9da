"""An admin's changes to facts: add one by hand, edit its text, retire it, undo the last one.

Each change is one transaction with its audit row (who, when, before, after) and is
searchable, or no longer searchable, from the very next question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .attribution import attribute
from .extract import date_refs
from .ingest import outlet_from_url, parse_published
from .records import DraftFact, Fact
from .store import KnowledgeBase, KnowledgeError
from .teaching import forget

MAX_FACT_CHARS = 2000


def _check_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise KnowledgeError("The fact text is empty.")
    if len(text) > MAX_FACT_CHARS:
        raise KnowledgeError(f"A fact is at most {MAX_FACT_CHARS} characters; "
                             f"this one has {len(text)}.")
    return text


def add_fact(kb: KnowledgeBase, text: str, *, actor: str, outlet: str | None = None,
             published: str | date | None = None, url: str | None = None,
             speaker: str | None = None) -> Fact:
    """Add a fact by hand, sourced to outlet/date/url (an existing article with that URL is reused)."""
    text = _check_text(text)
    outlet = outlet or (outlet_from_url(url) if url else None)
    if not outlet:
        raise KnowledgeError("Every fact needs a source: give the outlet or the article's URL.")
    day = parse_published(published)
    found = attribute(text, None)
    draft = DraftFact(text, speaker or found.speaker, found.reported_by, date_refs(text, day))
    with kb.transaction():
        existing = kb.article_by_url(url) if url else None
        if existing is not None:
            article_id = existing.id
            position = len(kb.facts_of_article(article_id))
        else:
            article = kb.insert_article(title=None, outlet=outlet, url=url,
                                        published=day.isoformat(), body="", facts=[],
                                        actor=actor, kind="admin")
            article_id, position = article.id, 0
        # Marked, so that undo tells it from the facts of an ingestion of the same article.
        return kb.insert_fact(article_id, draft, position=position, actor=actor,
                              note={"by_hand": True})


def edit_fact(kb: KnowledgeBase, fact_id: int, text: str, *, actor: str) -> Fact:
    """Replace a fact's text; its dates are resolved again against its article's date."""
    text = _check_text(text)
    with kb.transaction():
        fact = kb.fact(fact_id)
        if fact.status != "active":
            raise KnowledgeError(f"Fact #{fact_id} is retired; add a new fact instead.")
        dates = date_refs(text, _published(kb, fact.article_id))
        return kb.update_fact(fact_id, actor=actor, action="fact.edit", text=text, dates=dates,
                              event_date=dates[0].iso if dates else None)


def retire_fact(kb: KnowledgeBase, fact_id: int, *, actor: str) -> Fact:
    """Stop answering with a fact; it stays stored, with its history."""
    with kb.transaction():
        fact = kb.fact(fact_id)
        if fact.status == "retired":
            raise KnowledgeError(f"Fact #{fact_id} is already retired.")
        return kb.update_fact(fact_id, actor=actor, action="fact.retire", status="retired")


@dataclass(frozen=True)
class Undone:
    """What an undo reversed: the change's action, and the facts as they are now."""

    action: str  # "fact.add", "fact.edit", "fact.retire" or "ingest"
    facts: tuple[Fact, ...]
    article_id: int | None = None  # the article of an undone ingestion


_INGEST_ACTIONS = {"article.add", "article.update", "fact.add", "fact.supersede"}


def undo_last(kb: KnowledgeBase, *, actor: str) -> Undone:
    """Reverse actor's newest change not yet undone (one transaction, audited as undo.*).

    An added fact is retired, an edit gets its previous text back, a retired fact is
    answered with again, a taught question is forgotten, and an ingestion's facts are
    retired (with the facts it superseded brought back). Each call steps one change further
    back. A fact changed by someone else since is left alone: the undo is refused.
    """
    with kb.transaction():
        rows = kb.audit_of(actor)
        undone = {row["after"]["undoes"] for row in rows
                  if row["action"].startswith("undo.") and row["after"]}
        kinds: dict[int, str] = {}
        for row in rows:
            if row["action"].startswith("undo."):
                continue
            unit = _change_of(kb, rows, row, kinds)
            if unit and unit[0]["id"] not in undone:
                return _reverse(kb, unit, actor=actor)
    raise KnowledgeError("You have no change left to undo.")


def _change_of(kb: KnowledgeBase, rows: list[dict[str, Any]], row: dict[str, Any],
               kinds: dict[int, str]) -> list[dict[str, Any]]:
    """The rows of the change that row belongs to, its first row first ([] if none)."""
    article_id = row["article_id"]
    if article_id is not None and article_id not in kinds:
        kinds[article_id] = kb.article(article_id).kind
    by_hand = bool((row["after"] or {}).get("by_hand")) or (
        article_id is not None and kinds[article_id] == "admin")
    if row["action"] in ("fact.edit", "fact.retire", "fact.teach") or (
            row["action"] == "fact.add" and by_hand):
        return [row]
    if row["action"] not in _INGEST_ACTIONS or by_hand:
        return []  # an admin source's own row belongs to its fact.add
    # An ingestion: its article row and the fact rows after it, up to the next ingestion.
    same = sorted((r for r in rows if r["article_id"] == article_id
                   and r["action"] in _INGEST_ACTIONS and not (r["after"] or {}).get("by_hand")),
                  key=lambda r: r["id"])
    heads = [r for r in same if r["action"].startswith("article.") and r["id"] <= row["id"]]
    if not heads:
        return []
    head = heads[-1]
    unit = [head]
    for other in same:
        if other["id"] > head["id"]:
            if other["action"].startswith("article."):
                break
            unit.append(other)
    return unit


def _reverse(kb: KnowledgeBase, unit: list[dict[str, Any]], *, actor: str) -> Undone:
    head = unit[0]
    action = head["action"]
    note = {"undoes": head["id"]}
    if action.startswith("article."):
        return _reverse_ingest(kb, unit, actor=actor, note=note)
    fact = kb.fact(head["fact_id"])
    expected = head["after"] or {}
    if action == "fact.teach":
        taught = int(expected["taught"])
        if not kb.db.execute("SELECT active FROM taught WHERE id = ?", [taught]).fetchone()[0]:
            raise _changed_since(fact.id)
        forget(kb, taught)
        kb.audit(actor, "undo.fact.teach", fact_id=fact.id, article_id=fact.article_id,
                 after={**note, "question": expected.get("question")})
    elif action == "fact.add":
        if fact.status != "active":
            raise _changed_since(fact.id)
        fact = kb.update_fact(fact.id, actor=actor, action="undo.fact.add", note=note,
                              status="retired")
    elif action == "fact.edit":
        if fact.status != "active" or fact.text != expected.get("text"):
            raise _changed_since(fact.id)
        text = head["before"]["text"]
        dates = date_refs(text, _published(kb, fact.article_id))
        fact = kb.update_fact(fact.id, actor=actor, action="undo.fact.edit", note=note, text=text,
                              dates=dates, event_date=dates[0].iso if dates else None)
    else:  # fact.retire
        if fact.status != "retired":
            raise _changed_since(fact.id)
        fact = kb.update_fact(fact.id, actor=actor, action="undo.fact.retire", note=note,
                              status="active")
    return Undone(action, (fact,))


def _reverse_ingest(kb: KnowledgeBase, unit: list[dict[str, Any]], *, actor: str,
                    note: dict[str, Any]) -> Undone:
    head = unit[0]
    article_id = int(head["article_id"])
    changed: list[Fact] = []
    for row in unit[1:]:
        fact = kb.fact(row["fact_id"])
        if row["action"] == "fact.add" and fact.status == "active":
            changed.append(kb.update_fact(fact.id, actor=actor, action="undo.fact.add",
                                          note=note, status="retired"))
        elif row["action"] == "fact.supersede" and fact.status == "retired":
            changed.append(kb.update_fact(fact.id, actor=actor, action="undo.fact.supersede",
                                          note=note, status="active"))
    # Forgetting the text's fingerprint lets the same text be ingested again later.
    meta = head["before"] if head["action"] == "article.update" else {}
    kb.update_article(article_id, actor=actor, action="undo." + head["action"], note=note,
                      content_hash=None, **meta)
    return Undone("ingest", tuple(changed), article_id)


def _changed_since(fact_id: int) -> KnowledgeError:
    return KnowledgeError(f"Fact #{fact_id} has changed since; nothing was undone "
                          "(see its history).")


def _published(kb: KnowledgeBase, article_id: int) -> date | None:
    """The day a fact's dates are resolved against; None for an undated page."""
    published = kb.article(article_id).published
    return date.fromisoformat(published) if published else None
