"""Backups: the whole base copied with SQLite's online backup, and put back.

A backup is taken while the bot serves: SQLite's backup API reads one consistent snapshot
(the base is in WAL mode, so writers carry on), into a temporary file that is renamed only
once it is complete and checked, so a crash mid-backup never leaves half a file under the
name. A restore checks the file is a sound negobot base before it replaces anything, and
replaces everything in one step.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .reindex import ensure_current_index
from .schema import migrate
from .store import KnowledgeBase, KnowledgeError

# Tables every negobot base has had since its first migration.
REQUIRED_TABLES = frozenset({"_sqlite_migrations", "articles", "facts", "audit"})


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds."""

    path: Path
    articles: int
    facts: int  # active ones
    bytes: int


def backup(kb: KnowledgeBase, target: str | Path) -> BackupInfo:
    """Copy the base to target (replacing any file there) and check the copy."""
    final = Path(target)
    partial = final.with_name(final.name + ".part")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(str(partial))
    try:
        kb.db.conn.backup(copy)  # one step: one consistent snapshot of the source
        # A backup is one self-contained file: no -wal or -shm beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
        info = _check(copy, final)
    finally:
        copy.close()
    partial.replace(final)
    return BackupInfo(final, info.articles, info.facts, final.stat().st_size)


def inspect(path: str | Path) -> BackupInfo:
    """What a backup file holds; KnowledgeError if it is not a sound negobot base."""
    source = Path(path)
    if not source.is_file():
        raise KnowledgeError(f"{source}: no such file.")
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        return _check(conn, source)
    finally:
        conn.close()


def restore(kb: KnowledgeBase, path: str | Path) -> BackupInfo:
    """Replace everything kb holds with the backup at path, in one step."""
    info = inspect(path)
    source = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        source.backup(kb.db.conn)
    finally:
        source.close()
    kb.fact_writes += 1  # every cache of what the facts say is stale
    # A backup from an older release is brought up to this one, as opening it would.
    migrate(kb.db)
    ensure_current_index(kb)
    return info


def _check(conn: sqlite3.Connection, path: Path) -> BackupInfo:
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= REQUIRED_TABLES:
            raise KnowledgeError(f"{path}: not a negobot database.")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise KnowledgeError(f"{path}: the database is damaged.")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        facts = conn.execute("SELECT count(*) FROM facts WHERE status = 'active'").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise KnowledgeError(f"{path}: not a negobot database ({error}).") from None
    size = path.stat().st_size if path.exists() else 0
    return BackupInfo(path, int(articles), int(facts), size)
