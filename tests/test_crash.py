"""A kill -9 in the middle of a write leaves the base consistent: a real `negobot ingest`, and
a process making admin edits, are killed at random points; every time, each article is
wholly in or wholly out, the index and the counts are in step with the facts, and running
the job again ends where an uninterrupted run ends."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge import open_base
from knowledge.reindex import reindex

NEGOBOT = [sys.executable, "-m", "bot"]
TOPICS = ["Geneva", "Abu Dhabi", "Miami", "Istanbul", "Riyadh", "Muscat", "Kyiv", "Moscow"]
PEOPLE = ["Umerov", "Peskov", "Witkoff", "Sybiha", "Lavrov", "Rubio", "Medinsky", "Kushner"]


def _articles(folder: Path, count: int) -> None:
    """count distinct articles of 8 paragraphs each (made up for this test)."""
    folder.mkdir()
    for n in range(count):
        paragraphs = [
            f"{PEOPLE[(n + k) % 8]} said round {n * 10 + k} of the talks on prisoner exchange number "
            f"{n * 100 + k} would be held in {TOPICS[(n + k) % 8]} with {k + 2} delegations present."
            for k in range(8)]
        (folder / f"article{n:03d}.md").write_text(
            f"---\ntitle: Talks update {n}\nsource: https://www.reuters.com/world/talks-{n}-2026-02-"
            f"{1 + n % 28:02d}/\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _check_consistent(db: Path) -> tuple[int, int]:
    """Articles and facts of the base at db, after checking it is consistent."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "facts" not in tables:  # killed while the schema was being made: nothing stored yet
            return 0, 0
        facts = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM facts_fts").fetchone()[0] == facts
        counted = conn.execute("SELECT facts FROM term_stats WHERE col = 'facts'").fetchone()
        assert counted is None or counted[0] == facts
        # Wholly in or wholly out: an ingested article has all 8 of its facts.
        per_article = conn.execute(
            "SELECT articles.id, count(facts.id) FROM articles LEFT JOIN facts"
            " ON facts.article_id = articles.id WHERE articles.kind != 'seed'"
            " GROUP BY articles.id").fetchall()
        assert all(n in (8, 12) for _, n in per_article), per_article  # 12: the bundled seed
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        audited = conn.execute("SELECT count(*) FROM audit WHERE action = 'fact.add'").fetchone()[0]
        assert audited == facts
        return int(articles), int(facts)
    finally:
        conn.close()


def _kill_after(command: list[str], seconds: float, *, once_it_writes: bool = False) -> int:
    """Run command, kill -9 it and its children after seconds (counted from its first line of
    output if once_it_writes); its exit code, or -9."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE if once_it_writes else subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    if once_it_writes:
        assert process.stdout is not None
        process.stdout.readline()
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int], float]:
    """The articles, the counts of an uninterrupted run and how long it took."""
    folder = tmp_path_factory.mktemp("crash") / "articles"
    _articles(folder, 40)
    whole = folder.parent / "whole.db"
    started = time.monotonic()
    subprocess.run([*NEGOBOT, "ingest", str(folder), "--db", str(whole)], check=True,
                   capture_output=True)
    return folder, _check_consistent(whole), time.monotonic() - started


@pytest.mark.parametrize("seed", range(6))
def test_a_killed_ingest_leaves_the_base_consistent(articles: tuple[Path, tuple[int, int], float],
                                                   tmp_path: Path, seed: int) -> None:
    folder, whole, seconds = articles
    db = tmp_path / "negobot.db"
    delay = random.Random(seed).uniform(0.3, seconds)
    killed = _kill_after([*NEGOBOT, "ingest", str(folder), "--db", str(db)], delay)
    if db.exists():
        _check_consistent(db)
    subprocess.run([*NEGOBOT, "ingest", str(folder), "--db", str(db)], check=True, capture_output=True)
    assert _check_consistent(db) == whole, f"killed after {delay:.2f} s (exit {killed})"


EDITS = """
import sys
from knowledge import open_base
from knowledge.curate import edit_fact
kb = open_base(sys.argv[1])
n = 0
while True:
    n += 1
    edit_fact(kb, 1 + n % 12, f"Umerov said edit number {n} of the talks was agreed in Geneva.",
              actor="admin")
    print(n, flush=True)
"""


@pytest.mark.parametrize("seed", range(3))
def test_a_killed_admin_edit_leaves_text_index_and_history_in_step(tmp_path: Path, seed: int) -> None:
    db = tmp_path / "negobot.db"
    open_base(db).close()
    _kill_after([sys.executable, "-c", EDITS, str(db)], random.Random(seed).uniform(0.05, 1.0),
                once_it_writes=True)
    kb = open_base(db)
    try:
        assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        edits = kb.db.execute("SELECT count(*) FROM audit WHERE action = 'fact.edit'").fetchone()[0]
        assert edits > 0
        for fact in kb.facts():
            history = kb.history(fact.id)
            assert history[-1]["after"]["text"] == fact.text  # every stored text is audited
        stored = kb.db.execute("SELECT id, terms, words, context FROM facts ORDER BY id").fetchall()
        with kb.transaction():
            reindex(kb)
        assert stored == kb.db.execute("SELECT id, terms, words, context FROM facts ORDER BY id").fetchall()
    finally:
        kb.close()
