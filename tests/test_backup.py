"""Backups taken while the base is being written, and restores that replace everything or nothing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from knowledge import Answerer, KnowledgeBase, KnowledgeError, open_base
from knowledge.backup import backup, inspect, restore
from knowledge.curate import add_fact, retire_fact


def _consistent(path: Path) -> int:
    """The active facts of the base at path, after checking its index holds every fact."""
    kb = open_base(path, bundled=False)
    try:
        facts = kb.db.execute("SELECT count(*) FROM facts").fetchone()[0]
        indexed = kb.db.execute("SELECT count(*) FROM facts_fts").fetchone()[0]
        assert facts == indexed
        assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return kb.count_facts()
    finally:
        kb.close()


def test_a_backup_taken_while_another_connection_writes_is_whole(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    open_base(live).close()
    stop = threading.Event()
    added: list[int] = []

    def write() -> None:
        writer = open_base(live)
        try:
            while not stop.is_set():
                add_fact(writer, f"Umerov said round {len(added) + 2} of the talks would be held "
                         "in Geneva.", actor="writer", outlet="Reuters", url="https://reuters.com/x",
                         published="2026-02-16")
                added.append(1)
        finally:
            writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    kb = open_base(live)
    try:
        counts = []
        for n in range(5):
            while len(added) < 3 * (n + 1):
                stop.wait(0.01)
            info = backup(kb, tmp_path / f"copy{n}.db")
            counts.append(_consistent(info.path))
            assert info.facts == counts[-1] and not (tmp_path / f"copy{n}.db.part").exists()
    finally:
        stop.set()
        thread.join()
        kb.close()
    assert counts == sorted(counts) and counts[0] >= 12 + 3 and counts[-1] <= 12 + len(added)
    assert not list(tmp_path.glob("copy*.db-wal"))  # each backup is one file


def test_restore_puts_everything_back(kb: KnowledgeBase, tmp_path: Path) -> None:
    backup(kb, tmp_path / "before.db")
    retire_fact(kb, 2, actor="admin")
    add_fact(kb, "Umerov said the Geneva round would start on Tuesday.", actor="admin",
             outlet="Reuters", url="https://reuters.com/x", published="2026-02-16")
    answerer = Answerer(kb)
    assert answerer.answer("Will Zelensky go to Moscow?").matches[0].fact.id != 2
    info = restore(kb, tmp_path / "before.db")
    assert (info.articles, info.facts) == (1, 12) and kb.count_facts() == 12
    assert answerer.answer("Will Zelensky go to Moscow?").matches[0].fact.id == 2
    assert not answerer.answer("when does the geneva round start").answered


def _not_a_negobot_base(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "text":
        path.write_text("facts, facts, facts\n")
    elif kind == "other database":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE facts (id INTEGER)")
        conn.commit()
        conn.close()
    else:  # a backup cut short
        base = open_base(tmp_path / "whole.db")
        backup(base, tmp_path / "whole-copy.db")
        base.close()
        path.write_bytes((tmp_path / "whole-copy.db").read_bytes()[:20_000])
    return path


@pytest.mark.parametrize("kind", ["text", "other database", "truncated"])
def test_a_file_that_is_no_sound_backup_changes_nothing(kb: KnowledgeBase, tmp_path: Path,
                                                        kind: str) -> None:
    path = _not_a_negobot_base(tmp_path, kind)
    with pytest.raises(KnowledgeError, match=r"not a negobot database|damaged"):
        restore(kb, path)
    assert kb.count_facts() == 12 and Answerer(kb).answer("Will Zelensky go to Moscow?").answered


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    db, copy = tmp_path / "negobot.db", tmp_path / "backup.db"

    def run(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == code, result.output
        return result.output

    assert run("backup", str(copy)).startswith(f"Backed up 1 articles and 12 facts to {copy} (")
    run("facts", "retire", "2")
    refused = run("restore", str(copy), code=1)
    assert "holds 11 facts: pass --replace" in refused
    assert "Restored 1 articles and 12 facts" in run("restore", str(copy), "--replace")
    assert inspect(copy).facts == 12 and "[active]" in run("facts", "list").splitlines()[1]
    assert "not a negobot database" in run("restore", str(_not_a_negobot_base(tmp_path, "text")),
                                           "--replace", code=1)
