"""Calls to Telegram that fail on Telegram's side are tried again, with backoff.

A 429 is waited out by python-telegram-bot's AIORateLimiter. On top of it, a 5xx answer or a
connection that could not be made is retried (Telegram did not carry the call out), and so is
a timeout before the request was sent (connecting, writing, waiting for a free connection).
A timeout while waiting for Telegram's answer is ambiguous: the call arrived and may have
been carried out. It is retried only for calls that are safe to repeat; a message is not sent
again, because a question answered twice is worse than one whose answer may have been lost
(the error handler logs it; see `guards.on_error`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

NETWORK_RETRIES = 3
BACKOFF_SECONDS = 0.5  # then 1, 2 s
# Calls that change nothing when carried out twice (a timed-out one is tried again).
REPEATABLE = frozenset({"getme", "getchat", "getchatmember", "getchatadministrators",
                        "setmycommands", "deletemycommands", "getmycommands", "setwebhook",
                        "deletewebhook", "getwebhookinfo", "getfile", "answercallbackquery",
                        "answerinlinequery", "editmessagetext", "editmessagereplymarkup"})


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter, with Telegram's own failures retried (see the module docstring)."""

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                      rate_limit_args)
            except BadRequest:
                raise  # the call itself is wrong: the same again fails the same way
            except NetworkError as error:
                if attempt == NETWORK_RETRIES or not _retryable(endpoint, error):
                    raise
                delay = BACKOFF_SECONDS * 2 ** attempt
                log.warning("Telegram %s failed (%s); trying again in %.1f s", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the last attempt returns or raises


def _retryable(endpoint: str, error: NetworkError) -> bool:
    if endpoint.lower() == "getupdates":
        return False  # polling retries on its own, with its own backoff
    if not isinstance(error, TimedOut):
        return True
    return endpoint.lower() in REPEATABLE or not_sent(error)


def not_sent(error: TimedOut) -> bool:
    """True when the timed-out request never reached Telegram (python-telegram-bot keeps
    httpx's error as the cause): it cannot have been carried out."""
    return isinstance(error.__cause__, (httpx.ConnectTimeout, httpx.WriteTimeout, httpx.PoolTimeout))
