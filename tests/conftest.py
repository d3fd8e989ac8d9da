"""Shared fixtures: a fresh knowledge base holding the bundled seed article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import Answerer, KnowledgeBase, open_base
from knowledge.batch import Outcome, expand, ingest_source
from tests.bot_harness import bot, bot_db, fake_api, seeded_template  # noqa: F401 (fixtures)

QUESTIONS = Path(__file__).parent / "questions"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
Run = tuple[KnowledgeBase, list[Outcome], tuple[int, int, int]]  # base, outcomes, first counts


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


def base_with(*sentences: str) -> KnowledgeBase:
    """A new in-memory base holding each sentence as an admin's fact (Reuters, 5 Feb 2026)."""
    from knowledge.curate import add_fact

    kb = open_base(":memory:", bundled=False)
    for text in sentences:
        add_fact(kb, text, actor="test", outlet="Reuters", url="https://reuters.com/x",
                 published="2026-02-05")
    return kb


def fact_containing(kb: KnowledgeBase, phrase: str) -> int:
    """The id of the one fact whose text contains phrase."""
    ids = [f.id for f in kb.facts() if phrase in f.text]
    assert len(ids) == 1, f"{phrase!r} is in {len(ids)} facts"
    return ids[0]


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """The corpus ingested twice into a fresh base (once per test run: it takes seconds):
    the base, the first run's outcomes and its counts; the second run must change nothing."""
    if not (CORPUS / "index.csv").exists():
        pytest.skip("../shared/corpus is absent")
    kb = open_base(tmp_path_factory.mktemp("corpus") / "corpus.db", bundled=False)
    sources = list(expand([str(CORPUS / "articles")]))
    first = [ingest_source(kb, source, actor="test") for source in sources]
    counts = (kb.count_articles(), kb.count_facts(), kb.count_fact_sources())
    second = [ingest_source(kb, source, actor="test") for source in sources]
    yield kb, first, counts
    assert [o.status for o in second] == [
        "unchanged" if o.status in ("added", "updated") else o.status for o in first]
    kb.close()
