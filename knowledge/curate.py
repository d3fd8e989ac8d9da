"""An admin's changes to facts: add one by hand, edit its text, retire it.

Each change is one transaction with its audit row (who, when, before, after) and is
searchable, or no longer searchable, from the very next question.
"""

from __future__ import annotations

from datetime import date

from .attribution import attribute
from .extract import date_refs
from .ingest import outlet_from_url, parse_published
from .records import DraftFact, Fact
from .store import KnowledgeBase, KnowledgeError

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
        return kb.insert_fact(article_id, draft, position=position, actor=actor)


def edit_fact(kb: KnowledgeBase, fact_id: int, text: str, *, actor: str) -> Fact:
    """Replace a fact's text; its dates are resolved again against its article's date."""
    text = _check_text(text)
    with kb.transaction():
        fact = kb.fact(fact_id)
        if fact.status != "active":
            raise KnowledgeError(f"Fact #{fact_id} is retired; add a new fact instead.")
        published = date.fromisoformat(kb.article(fact.article_id).published)
        dates = date_refs(text, published)
        return kb.update_fact(fact_id, actor=actor, action="fact.edit", text=text, dates=dates,
                              event_date=dates[0].iso if dates else None)


def retire_fact(kb: KnowledgeBase, fact_id: int, *, actor: str) -> Fact:
    """Stop answering with a fact; it stays stored, with its history."""
    with kb.transaction():
        fact = kb.fact(fact_id)
        if fact.status == "retired":
            raise KnowledgeError(f"Fact #{fact_id} is already retired.")
        return kb.update_fact(fact_id, actor=actor, action="fact.retire", status="retired")
