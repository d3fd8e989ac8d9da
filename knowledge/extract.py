"""Cleaned article text → draft facts with speaker, reporter and resolved dates."""

from __future__ import annotations

from datetime import date

from .attribution import attribute
from .clean import CleanText
from .dates import resolve_dates
from .records import DateRef, DraftFact
from .sentences import fact_units


def extract_facts(text: CleanText, published: date) -> list[DraftFact]:
    """Every fact of the article, in reading order."""
    facts: list[DraftFact] = []
    last_person: str | None = None
    for paragraph in text.paragraphs:
        for unit in fact_units(paragraph):
            attribution = attribute(unit, last_person)
            if attribution.speaker_is_person:
                last_person = attribution.speaker
            facts.append(DraftFact(unit, attribution.speaker, attribution.reported_by,
                                   date_refs(unit, published)))
    return facts


def date_refs(text: str, published: date) -> tuple[DateRef, ...]:
    """The date expressions of a fact, resolved against its article's publication date."""
    return tuple(DateRef(m.text, m.iso(), m.label()) for m in resolve_dates(text, published))
