"""Inline buttons under the bot's messages, and the callback data they carry.

Everything a button needs is in its callback data ("src:6,7", "more:6,7", "fact:6",
"latest", "sources"), never in memory, so buttons keep working after a restart. Telegram
allows 64 bytes of callback data: trailing ids are dropped until it fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from knowledge.wording import wording

MAX_CALLBACK_BYTES = 64
KINDS = ("src", "more", "fact", "latest", "sources")


@dataclass(frozen=True)
class Callback:
    """What a button asks for: a kind, and the fact ids it concerns (most important first)."""

    kind: str
    ids: tuple[int, ...] = ()

    def encode(self) -> str:
        """The callback data: "kind" or "kind:id,id,…", at most 64 bytes."""
        ids = list(self.ids)
        while True:
            data = f"{self.kind}:{','.join(map(str, ids))}" if ids else self.kind
            if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
                return data
            ids.pop()

    @classmethod
    def decode(cls, data: str | None) -> Callback | None:
        """The callback behind data, or None for data this bot never made."""
        if not data:
            return None
        kind, _, rest = data.partition(":")
        if kind not in KINDS:
            return None
        parts = [p for p in rest.split(",") if p] if rest else []
        if not all(p.isdigit() for p in parts) or (kind in ("src", "more", "fact") and not parts):
            return None
        return cls(kind, tuple(int(p) for p in parts))


def _button(label: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback.encode())


def answer_keyboard(fact_ids: tuple[int, ...], *, trimmed: bool, language: str = "en"
                    ) -> InlineKeyboardMarkup:
    """Under an answer: its sources, more facts like it, and (if trimmed) the full fact."""
    words = wording(language)
    row = [_button(words.sources_button, Callback("src", fact_ids)),
           _button(words.more_button, Callback("more", fact_ids))]
    rows = [row]
    if trimmed:
        rows.append([_button(words.full_fact_button.format(id=fact_ids[0]), Callback("fact", fact_ids[:1]))])
    return InlineKeyboardMarkup(rows)


def decline_keyboard(language: str = "en") -> InlineKeyboardMarkup:
    """Under a decline: what the base does hold."""
    words = wording(language)
    return InlineKeyboardMarkup([[_button(words.newest_button, Callback("latest")),
                                  _button(words.sources_button, Callback("sources"))]])


def more_keyboard(shown: tuple[int, ...]) -> InlineKeyboardMarkup:
    """Under "more like this": still more, skipping what was shown."""
    return InlineKeyboardMarkup([[_button("More like this", Callback("more", shown))]])
