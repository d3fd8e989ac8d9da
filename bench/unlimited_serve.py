"""`negobot serve` with python-telegram-bot's rate limiter switched off — a diagnostic only.

The bot's `AIORateLimiter` keeps to Telegram's limit of about 30 requests a second for the
whole bot, so no load can be answered faster than that allows, whatever retrieval costs.
Run through this module (`python -m bench.unlimited_serve serve …`), the very same
application is built with the limiter's overall and group rates set to 0 (no limit), which
shows how fast the application itself answers. Nothing else differs.
"""

from __future__ import annotations

import functools

from telegram.ext import AIORateLimiter

import bot.app
from bot.cli import main

if __name__ == "__main__":
    unlimited = functools.partial(AIORateLimiter, overall_max_rate=0, group_max_rate=0)
    setattr(bot.app, "AIORateLimiter", unlimited)  # noqa: B010 (a module attribute, patched on purpose)
    main()
