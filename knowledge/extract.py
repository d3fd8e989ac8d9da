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
            dates = tuple(
                DateRef(text=m.text, iso=m.iso(), label=m.label())
                for m in resolve_dates(unit, published)
            )
            facts.append(DraftFact(unit, attribution.speaker, attribution.reported_by, dates))
    return facts
