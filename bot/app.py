"""The Telegram application: every handler wired in one place, services opened and closed.

Handlers run in groups, lowest first. Group -2 records each update id and stops repeats;
group -1 applies the per-user flood limit; group 0 holds the handlers proper, where the
first match wins, so specific handlers come before catch-alls.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from knowledge import Answerer, open_base

from . import guards
from .flood import FloodLimiter
from .handlers import admin, callbacks, groups, inline, public
from .health import beat, heartbeat_path
from .menus import publish_commands
from .ordering import PerChatOrder
from .retrying import RetryingRateLimiter
from .services import Services, install, uninstall
from .settings import Settings
from .state import BotState

log = logging.getLogger(__name__)

# A 429 is waited out and the call tried again this many times before it fails.
RATE_LIMIT_RETRIES = 3
# Only these updates are asked for; edits are not among them (an edited question is not
# answered a second time: the first answer stands).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CHANNEL_POST, Update.INLINE_QUERY, Update.CALLBACK_QUERY]

BotApplication = Application[Any, Any, Any, Any, Any, Any]
HEARTBEAT = "negobot.heartbeat"  # bot_data key of the heartbeat task


def build_application(settings: Settings) -> BotApplication:
    """The bot for these settings, pointed at settings.api_url; nothing runs until started."""
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True),
                           allow_sending_without_reply=True))
        .rate_limiter(RetryingRateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(PerChatOrder())
        .get_updates_read_timeout(settings.poll_timeout + 10)
        .read_timeout(settings.reply_timeout)
        .post_init(_post_init(settings))
        .post_shutdown(_post_shutdown)
        .build()
    )
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """Wire every handler (see the module docstring for the order)."""
    application.add_handler(TypeHandler(Update, guards.skip_seen_updates), group=-2)
    application.add_handler(TypeHandler(Update, guards.limit_floods), group=-1)

    new_messages = filters.UpdateType.MESSAGE  # never edits: an edited question was answered
    private = filters.ChatType.PRIVATE & new_messages
    in_groups = filters.ChatType.GROUPS & new_messages

    # /ingest also arrives as a document's caption: its handler must come before the
    # catch-all for non-text private messages below.
    for name, callback in (("addfact", admin.on_addfact), ("editfact", admin.on_editfact),
                           ("retire", admin.on_retire), ("ingest", admin.on_ingest),
                           ("undo", admin.on_undo), ("history", admin.on_history),
                           ("unanswered", admin.on_unanswered), ("teach", admin.on_teach),
                           ("stats", admin.on_stats)):
        application.add_handler(CommandHandler(name, callback, filters=new_messages))
    application.add_handler(MessageHandler(
        filters.Document.ALL & filters.CaptionRegex(r"^/ingest(@\w+)?(\s|$)") & new_messages,
        admin.on_ingest))

    for name, callback in (("start", public.on_start), ("help", public.on_help),
                           ("ask", public.on_ask), ("latest", public.on_latest),
                           ("sources", public.on_sources), ("fact", public.on_fact),
                           ("timeline", public.on_timeline),
                           ("subscribe", groups.on_subscribe),
                           ("unsubscribe", groups.on_unsubscribe)):
        application.add_handler(CommandHandler(name, callback, filters=new_messages))

    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, groups.on_channel_post))
    # Text that is not a command: a question in private, addressed or chatter in groups.
    application.add_handler(MessageHandler(
        private & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT, public.on_private_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, public.on_unknown_command))
    application.add_handler(MessageHandler(
        private & ~filters.TEXT & ~filters.StatusUpdate.ALL, public.on_private_other))
    application.add_handler(MessageHandler(
        in_groups & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, groups.on_group_text))

    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_handler(CallbackQueryHandler(callbacks.on_callback))
    application.add_error_handler(guards.on_error)


def _post_init(settings: Settings) -> Callable[[BotApplication], Coroutine[Any, Any, None]]:
    async def post_init(application: BotApplication) -> None:
        """Open the knowledge base and the bot's state; publish the command menus."""
        kb = open_base(settings.db_path)
        state = BotState(kb.db)
        state.forget_old_updates()
        services = Services(
            settings=settings, kb=kb, answerer=Answerer(kb), state=state,
            flood=FloodLimiter(burst=settings.flood_burst, per_minute=settings.flood_per_minute))
        services.answerer.warm_up()
        # What start-up loaded (vocabulary, thesaurus, caches) lives as long as the process:
        # frozen, Python's full collections stop walking it, a 30 ms pause in the middle of
        # an answer on a 100k-fact base.
        gc.freeze()
        install(application, services)
        # Alive for Docker's HEALTHCHECK (see `health`); stopped and removed at shutdown.
        application.bot_data[HEARTBEAT] = asyncio.get_running_loop().create_task(
            beat(heartbeat_path(settings.db_path)))
        await publish_commands(application.bot, services)
        log.info("negobot serving @%s: %d facts, %d admins", application.bot.username,
                 kb.count_facts(), len(settings.admin_ids))

    return post_init


async def _post_shutdown(application: BotApplication) -> None:
    """Stop the heartbeat and close the knowledge base."""
    heartbeat = application.bot_data.pop(HEARTBEAT, None)
    if heartbeat is not None:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
    services = uninstall(application)
    if services is not None:
        services.kb.close()
