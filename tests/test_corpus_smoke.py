"""Every real scraped page goes through ingestion without an unhandled error.

The corpus is read from ../shared/corpus at run time (never copied here); the test is
skipped where it is absent. Making these pages into good facts is the corpus issue's job;
this only proves that messy input gets a result or a clear refusal, never a traceback.
"""

from __future__ import annotations

import csv

import pytest

from knowledge import KnowledgeError
from knowledge.ingest import parse_article
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not (CORPUS / "index.csv").exists(), reason="../shared/corpus is absent")
def test_every_corpus_page_parses_or_is_refused_clearly() -> None:
    rows = list(csv.DictReader((CORPUS / "index.csv").open(encoding="utf-8")))
    assert len(rows) >= 100
    parsed = refused = 0
    for row in rows:
        text = (CORPUS / row["file"]).read_text(encoding="utf-8", errors="replace")
        try:
            article = parse_article(text, url=row["url"], published="2026-02-28")
        except KnowledgeError as error:
            refused += 1
            assert str(error)
            continue
        parsed += 1
        assert article.outlet and all(f.text.strip() for f in article.facts)
    assert parsed > refused
