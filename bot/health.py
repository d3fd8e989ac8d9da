"""Is negobot well? For Docker's HEALTHCHECK: the database is sound, and a serving bot is alive.

A serving bot touches a heartbeat file beside its database every HEARTBEAT_SECONDS from its
event loop, so a bot whose loop is stuck (or whose process died without cleaning up) goes
stale; it removes the file when it stops cleanly. Without the file (`negobot chat`, or a bot
not started yet) only the database is checked.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from contextlib import suppress
from pathlib import Path

from knowledge.store import default_db_path

HEARTBEAT_SECONDS = 30.0
# Stale after this long without a beat: a few beats missed, not one slow one.
MAX_AGE_SECONDS = 120.0


def heartbeat_path(db_path: Path | None) -> Path:
    """Where a bot serving the database at db_path shows it is alive."""
    db = db_path or default_db_path()
    return db.with_name(db.name + ".alive")


async def beat(path: Path, every: float = HEARTBEAT_SECONDS) -> None:
    """Touch path every `every` seconds until cancelled; then remove it."""
    try:
        while True:
            path.write_text(f"{time.time():.0f}\n", encoding="utf-8")
            await asyncio.sleep(every)
    finally:
        with suppress(OSError):
            path.unlink()


def check(db_path: Path | None, *, max_age: float = MAX_AGE_SECONDS, now: float | None = None
          ) -> tuple[bool, str]:
    """(healthy, what was found) for the database at db_path and its bot's heartbeat."""
    db = db_path or default_db_path()
    if not db.is_file():
        return False, f"no database at {db}"
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return False, f"the database at {db} is damaged"
            facts = conn.execute("SELECT count(*) FROM facts WHERE status = 'active'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return False, f"the database at {db} cannot be read: {error}"
    heartbeat = heartbeat_path(db)
    if not heartbeat.exists():
        return True, f"ok: {facts} facts; no bot serving"
    age = (time.time() if now is None else now) - heartbeat.stat().st_mtime
    if age > max_age:
        return False, f"the bot's last sign of life was {age:.0f} s ago (more than {max_age:.0f} s)"
    return True, f"ok: {facts} facts; the bot was alive {age:.0f} s ago"
