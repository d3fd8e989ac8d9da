"""The bundled knowledge base: the seed article, loaded once into a new, empty database.

It ships inside the package so that `negobot chat` answers on a fresh machine with nothing
else installed. It is loaded only the first time: an admin who later retires its facts
does not see them come back.
"""

from __future__ import annotations

from importlib import resources

from .ingest import ingest_text
from .store import SYSTEM_ACTOR, KnowledgeBase

SEED_FILE = "seed_article.txt"
SEED_OUTLET = "Al Jazeera"
SEED_PUBLISHED = "2026-01-30"
_LOADED_KEY = "bundled_loaded"


def seed_text() -> str:
    """The seed article as pasted: headline first, page furniture included."""
    return resources.files("knowledge").joinpath("data", SEED_FILE).read_text(encoding="utf-8")


def ensure_bundled(kb: KnowledgeBase) -> bool:
    """Load the seed article into a database that has never held anything; True if loaded."""
    if kb.get_meta(_LOADED_KEY) is not None or not kb.is_empty():
        return False
    ingest_text(kb, seed_text(), actor=SYSTEM_ACTOR, outlet=SEED_OUTLET, published=SEED_PUBLISHED)
    with kb.transaction():
        kb.set_meta(_LOADED_KEY, SEED_FILE)
    return True
