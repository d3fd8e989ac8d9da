"""Updates of different chats are handled at once; those of one chat, in the order they came.

Answering takes milliseconds; sending the reply is a round trip to Telegram. Handled one
at a time, a bot waits on the network for most of its life, so a busy group makes every
other chat wait. Handled all at once, two quick questions in one chat could be answered
in the wrong order. So updates run concurrently, but each chat (or, for inline queries and
button presses, each user) takes its turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in progress at once: enough to keep the network busy (16 round trips of 50 ms
# are 320 a second, ten times what Telegram takes from a bot), few enough that a flood
# cannot hold thousands of replies in memory.
MAX_CONCURRENT_UPDATES = 16


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, in order within one (see the module docstring)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, tuple[asyncio.Lock, int]] = {}  # lock, updates holding or awaiting it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = conversation_of(update)
        lock, waiting = self._turns.get(key, (asyncio.Lock(), 0))
        self._turns[key] = (lock, waiting + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, waiting = self._turns[key]
            if waiting == 1:
                del self._turns[key]  # no memory kept for chats that went quiet
            else:
                self._turns[key] = (lock, waiting - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def conversation_of(update: object) -> int:
    """The chat an update belongs to, or its user's id when it has no chat (inline queries)."""
    if not isinstance(update, Update):
        return 0
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0
