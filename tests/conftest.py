"""Shared fixtures: a fresh knowledge base holding the bundled seed article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import Answerer, KnowledgeBase, open_base
from tests.bot_harness import bot, bot_db, fake_api, seeded_template  # noqa: F401 (fixtures)

QUESTIONS = Path(__file__).parent / "questions"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_base(":memory:")
    yield base
    base.close()


@pytest.fixture
def empty_kb() -> Iterator[KnowledgeBase]:
    base = open_base(":memory:", bundled=False)
    yield base
    base.close()


@pytest.fixture
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def fact_containing(kb: KnowledgeBase, phrase: str) -> int:
    """The id of the one fact whose text contains phrase."""
    ids = [f.id for f in kb.facts() if phrase in f.text]
    assert len(ids) == 1, f"{phrase!r} is in {len(ids)} facts"
    return ids[0]
