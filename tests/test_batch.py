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


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found |= {child, *_descendants(child)}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigterm_mid_run_rolls_back_the_article_and_leaves_no_process_behind(
        tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    folder = _folder(tmp_path, MIN_INPUTS_FOR_WORKERS * 3)
    db = tmp_path / "kb.db"
    run = subprocess.Popen([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(folder)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert run.stdout is not None
    first = run.stdout.readline()  # an article is stored: the parsing processes are running
    assert ": added: " in first
    helpers = _descendants(run.pid)
    assert helpers, "the run has parsing processes"
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) == 128 + signal.SIGTERM
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in helpers)
    kb = open_base(db, bundled=False)
    try:
        assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every stored article holds all three of its facts, as its own or as one more
        # source of a fact another carried: none was cut off half-way.
        counts = kb.db.execute(
            "SELECT (SELECT count(*) FROM facts WHERE article_id = a.id)"
            " + (SELECT count(*) FROM fact_sources WHERE article_id = a.id)"
            " FROM articles a WHERE a.url LIKE '%/world/round-%'").fetchall()
        assert counts and {n for (n,) in counts} == {3}
    finally:
        kb.close()


def _segments(kb: KnowledgeBase) -> int:
    return int(kb.db.execute("SELECT count(DISTINCT segid) FROM facts_fts_idx").fetchone()[0])


@pytest.mark.parametrize(("threshold", "merged"), [(5, True), (10_000, False)])
def test_a_run_that_adds_many_facts_leaves_the_index_in_one_piece(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int, merged: bool) -> None:
    # Each article's transaction writes its own index segment; a question reads them all.
    monkeypatch.setattr(batch, "OPTIMIZE_AFTER_FACTS", threshold)
    kb = open_base(tmp_path / "kb.db", bundled=False)
    outcomes = list(ingest_all(kb, list(expand([str(_folder(tmp_path, 6))])), actor="t", workers=0))
    assert sum(o.status == "added" for o in outcomes) == 6
    assert (_segments(kb) == 1) is merged
    assert kb.db.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'geneva'").fetchone()[0]


def test_a_reindex_leaves_the_index_in_one_piece(tmp_path: Path) -> None:
    from knowledge.reindex import FINGERPRINT_KEY, ensure_current_index

    kb = open_base(tmp_path / "kb.db", bundled=False)
    list(ingest_all(kb, list(expand([str(_folder(tmp_path, 6))])), actor="t", workers=0))
    kb.set_meta(FINGERPRINT_KEY, "an older analyzer")
    assert ensure_current_index(kb)
    assert _segments(kb) == 1
