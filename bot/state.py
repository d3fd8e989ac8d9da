"""What the bot itself must remember across restarts, in the knowledge base's SQLite file.

Two tables, with their own migration set so `knowledge/` stays free of Telegram:
`processed_updates` (update ids already handled: Telegram sends an update again when the
last `getUpdates` before a shutdown failed, and a restart must not answer twice) and
`subscriptions` (chats that receive announcements of new facts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("negobot-bot")
# Telegram keeps an unconfirmed update for 24 hours; a week of ids is plenty.
KEEP_UPDATES = timedelta(days=7)


@migrations()
def m001_bot_state(db: Database) -> None:
    db.table("processed_updates").create({"update_id": int, "at": str}, pk="update_id",
                                         not_null={"at"})
    db.table("processed_updates").create_index(["at"])
    db.table("subscriptions").create(
        {"chat_id": int, "chat_type": str, "title": str, "subscribed_by": str, "at": str},
        pk="chat_id", not_null={"chat_type", "at"},
    )


@dataclass(frozen=True)
class Subscription:
    """A chat that receives announcements of new and changed facts."""

    chat_id: int
    chat_type: str
    title: str | None


def _now() -> datetime:
    return datetime.now(UTC)


class BotState:
    """Processed update ids and subscriptions, on the knowledge base's connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrations.apply(db)

    def first_time(self, update_id: int) -> bool:
        """Record update_id; False if it was recorded before (the update was handled)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, at) VALUES (?, ?)",
            [update_id, _now().isoformat(timespec="seconds")])
        return cursor.rowcount == 1

    def forget_old_updates(self) -> int:
        """Drop update ids older than KEEP_UPDATES; returns how many."""
        cutoff = (_now() - KEEP_UPDATES).isoformat(timespec="seconds")
        return self.db.execute("DELETE FROM processed_updates WHERE at < ?", [cutoff]).rowcount

    def subscribe(self, chat_id: int, chat_type: str, title: str | None, by: str) -> bool:
        """Subscribe a chat; False if it already was."""
        if self.is_subscribed(chat_id):
            return False
        self.db.table("subscriptions").insert({
            "chat_id": chat_id, "chat_type": chat_type, "title": title, "subscribed_by": by,
            "at": _now().isoformat(timespec="seconds")})
        return True

    def unsubscribe(self, chat_id: int) -> bool:
        """Stop announcements to a chat; False if it was not subscribed."""
        return self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", [chat_id]).rowcount == 1

    def is_subscribed(self, chat_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM subscriptions WHERE chat_id = ?", [chat_id]).fetchone()
        return row is not None

    def subscriptions(self) -> list[Subscription]:
        """Subscribed chats, oldest subscription first."""
        rows = self.db.execute(
            "SELECT chat_id, chat_type, title FROM subscriptions ORDER BY at, chat_id").fetchall()
        return [Subscription(int(chat_id), chat_type, title) for chat_id, chat_type, title in rows]
