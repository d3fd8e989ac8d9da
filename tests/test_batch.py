"""A folder ingested by parsing processes gives the base a sequential run gives."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from knowledge import KnowledgeBase, batch, open_base
from knowledge.batch import MIN_INPUTS_FOR_WORKERS, expand, ingest_all

_PLACES = ["Geneva", "Abu Dhabi", "Istanbul", "Riyadh", "Miami", "Berlin", "Ankara", "Doha"]


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(count):
        place = _PLACES[n % len(_PLACES)]
        day = 1 + n % 27
        (folder / f"{n:03}.md").write_text(
            f"---\ntitle: Round {n} of the talks\nsource: https://www.reuters.com/world/round-{n}/\n"
            f"date: 2026-02-{day:02}\n---\n\n"
            f"Negotiators from Ukraine and Russia met in {place} on Tuesday for round {n} of the "
            f"talks, officials said.\n\nUkrainian negotiator Rustem Umerov said {n + 3} prisoners "
            f"would be exchanged after the meeting in {place}.\n\n"
            "The Kremlin said the talks were constructive but that no date was set for the next round.\n"
            "\nThis line has no ending and is a menu\n",
            encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    return folder


def _contents(kb: KnowledgeBase) -> list[tuple[Any, ...]]:
    facts = kb.db.execute("SELECT article_id, position, text, speaker, terms, words, context, "
                          "status FROM facts ORDER BY id").fetchall()
    sources = kb.db.execute("SELECT fact_id, article_id FROM fact_sources ORDER BY rowid").fetchall()
    articles = kb.db.execute("SELECT id, title, url, published FROM articles ORDER BY id").fetchall()
    return [*facts, *sources, *articles]


def _run(path: Path, folder: Path, workers: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    kb = open_base(path)
    try:
        outcomes = list(ingest_all(kb, list(expand([str(folder)])), actor="t", workers=workers))
        return [f"{o.name}: {o.status}" for o in outcomes], _contents(kb)
    finally:
        kb.close()


def test_parsing_processes_store_what_a_sequential_run_stores(tmp_path: Path) -> None:
    folder = _folder(tmp_path, MIN_INPUTS_FOR_WORKERS + 5)
    alone = _run(tmp_path / "alone.db", folder, workers=0)
    helped = _run(tmp_path / "helped.db", folder, workers=2)
    assert helped == alone
    statuses = [line.rsplit(": ", 1)[1] for line in alone[0]]
    assert statuses.count("added") == MIN_INPUTS_FOR_WORKERS + 5
    assert statuses.count("skipped") == 1  # the binary file, reported in its place
    # The re-posted sentence of the Kremlin became sources of one fact, not copies.
    kremlin = [row for row in alone[1] if len(row) == 8 and "Kremlin said the talks" in row[2]]
    assert len(kremlin) == 1


class _DeadPool:
    """A pool whose processes die at once, as when they are killed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _DeadPool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future


def test_a_dead_parsing_process_loses_no_input(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, MIN_INPUTS_FOR_WORKERS)
    alone = _run(tmp_path / "alone.db", folder, workers=0)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _DeadPool)
    rescued = _run(tmp_path / "rescued.db", folder, workers=1)
    assert rescued == alone
