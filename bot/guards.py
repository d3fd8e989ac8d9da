"""What runs before and after every handler: drop repeats, hold back floods, apologise for errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict, NetworkError, TelegramError, TimedOut
from telegram.ext import ApplicationHandlerStop, ContextTypes

from .addressing import is_for_bot
from .flood import Verdict
from .retrying import not_sent
from .services import services_of

log = logging.getLogger(__name__)

SLOW_DOWN = "You are asking faster than I can answer. Please wait a few seconds, then ask again."
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
CONFLICT = ("Another process is polling Telegram for this bot (409 Conflict): only one may, so "
            "stop the other negobot using this token, or serve behind a webhook.")


async def skip_seen_updates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record the update id before anything is done; an update seen before stops here."""
    if not services_of(context).state.first_time(update.update_id):
        log.info("update %s was handled before; skipped", update.update_id)
        raise ApplicationHandlerStop


async def limit_floods(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Per-user flood limit on what the bot would answer; a flood hears "slow down" once."""
    services = services_of(context)
    user = update.effective_user
    if user is not None and services.settings.is_admin(user.id):
        return
    message = update.message or update.channel_post
    if message is not None and not is_for_bot(message, username=context.bot.username,
                                             bot_id=context.bot.id):
        return  # other people's conversation costs nothing
    if message is None and update.callback_query is None and update.inline_query is None:
        return
    key = user.id if user is not None else (update.effective_chat.id if update.effective_chat else 0)
    verdict = services.flood.check(key)
    if verdict is Verdict.ALLOW:
        return
    if update.inline_query is not None:
        await update.inline_query.answer([], cache_time=0)
    elif update.callback_query is not None:
        await update.callback_query.answer(SLOW_DOWN if verdict is Verdict.WARN else None)
    elif verdict is Verdict.WARN and message is not None:
        await message.reply_text(SLOW_DOWN, do_quote=message.chat.type != "private")
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with its update id; tell the user sorry, and nothing about the cause.

    Errors of polling itself (no update) are said in a line: a 409 means another process
    polls with this token; a network error is retried by polling on its own. A reply that
    timed out after reaching Telegram gets a warning and no apology (see `retrying`)."""
    update_id = update.update_id if isinstance(update, Update) else None
    if update is None and isinstance(context.error, Conflict):
        log.error(CONFLICT)
        return
    if update is None and isinstance(context.error, NetworkError):
        log.warning("polling Telegram failed (%s); trying again", context.error)
        return
    if isinstance(context.error, TimedOut) and not not_sent(context.error):
        # Telegram got the call and did not confirm in time: the answer has most likely
        # arrived, and an apology after it would cast doubt on it.
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        log.warning("update %s: Telegram did not confirm the reply to chat %s in time; it may "
                    "have arrived, so it is not sent again", update_id, chat)
        return
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(APOLOGY)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(APOLOGY)
    except TelegramError:
        log.warning("could not apologise for update %s", update_id, exc_info=True)
