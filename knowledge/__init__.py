"""negobot's knowledge library: articles → facts → index → answers. No Telegram in here."""

from __future__ import annotations

from pathlib import Path

from .answers import Answerer
from .bundled import ensure_bundled
from .records import Answer, Article, Fact
from .reindex import ensure_current_index
from .store import KnowledgeBase, KnowledgeError, NotFoundError

__all__ = [
    "Answer", "Answerer", "Article", "Fact", "KnowledgeBase", "KnowledgeError",
    "NotFoundError", "open_base",
]


def open_base(path: str | Path | None = None, *, bundled: bool = True) -> KnowledgeBase:
    """Open the knowledge base; a brand-new one gets the bundled seed article."""
    kb = KnowledgeBase.open(path)
    ensure_current_index(kb)
    if bundled:
        ensure_bundled(kb)
    return kb
