"""`negobot serve` with python-telegram-bot's rate limiter switched off — a diagnostic only.

The bot's rate limiter (`bot.retrying.RetryingRateLimiter`, an `AIORateLimiter`) keeps to
Telegram's limit of about 30 requests a second for the whole bot, so no load can be
answered faster than that allows, whatever retrieval costs. Run through this module
(`python -m bench.unlimited_serve serve …`), the very same application is built with the
limiter's overall and group rates set to 0 (no limit), which shows how fast the
application itself answers. Nothing else differs.
"""

from __future__ import annotations

import functools

import bot.app
from bot.cli import main
from bot.retrying import RetryingRateLimiter

if __name__ == "__main__":
    unlimited = functools.partial(RetryingRateLimiter, overall_max_rate=0, group_max_rate=0)
    # A module attribute, patched on purpose: it must be the one build_application uses.
    assert isinstance(getattr(bot.app, "RetryingRateLimiter", None), type), "nothing to patch"
    setattr(bot.app, "RetryingRateLimiter", unlimited)  # noqa: B010
    main()
