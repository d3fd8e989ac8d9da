"""The bot's commands, listed once: the command menus, /help and the README all come from here."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand


@dataclass(frozen=True)
class Command:
    """One slash command: its name, what it takes, and what it does."""

    name: str
    args: str
    description: str  # shown in Telegram's command menu (at most 256 characters)

    @property
    def usage(self) -> str:
        return f"/{self.name} {self.args}".rstrip()

    def menu_entry(self) -> BotCommand:
        return BotCommand(self.name, self.description)


PUBLIC_COMMANDS: tuple[Command, ...] = (
    Command("start", "", "What this bot does"),
    Command("help", "", "How to ask, and every command"),
    Command("ask", "QUESTION", "Ask about the peace talks (in groups too)"),
    Command("latest", "", "The newest facts"),
    Command("sources", "", "The articles the facts come from"),
    Command("fact", "ID", "One fact in full, with its quote and link"),
    Command("timeline", "", "A picture of the talks: rounds, venues, agreements, with sources"),
    Command("subscribe", "", "Announce new facts in this chat (chat admins)"),
    Command("unsubscribe", "", "Stop announcing new facts here"),
)

ADMIN_COMMANDS: tuple[Command, ...] = (
    Command("addfact", "TEXT | SOURCE URL [| OUTLET] [| YYYY-MM-DD]",
            "Add a fact with its source"),
    Command("editfact", "ID TEXT", "Replace a fact's text"),
    Command("retire", "ID", "Stop answering with a fact"),
    Command("ingest", "[TITLE] [| OUTLET] | YYYY-MM-DD [| URL]",
            "Add an article: reply to its pasted text or send it as a .txt/.md/.html file"),
    Command("undo", "", "Undo your last change"),
    Command("history", "ID", "Every change to a fact"),
    Command("unanswered", "", "Questions I declined or barely answered, alike ones grouped"),
    Command("teach", "FACT_ID QUESTION", "Make a question, and others like it, find a fact"),
    Command("stats", "", "What the base holds and how it is asked"),
)

ADMIN_NAMES = frozenset(c.name for c in ADMIN_COMMANDS)
