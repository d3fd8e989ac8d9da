"""Commands anyone may use, and questions in private chats."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from knowledge import KnowledgeBase, NotFoundError
from knowledge.reports import latest_facts, sources
from knowledge.timeline import TimelineEvent, key_events, timeline

from ..answering import answer_in_chat
from ..menus import publish_admin_menu
from ..render import (
    EXAMPLE,
    NO_TIMELINE,
    fact_pages,
    help_message,
    latest_message,
    sources_message,
    start_message,
    timeline_caption,
    timeline_sources_pages,
)
from ..services import services_of
from ..timeline_picture import MAX_EVENTS, timeline_png

LATEST_COUNT = 5
TIMELINE_KEY = "timeline"  # bot_data: the last picture drawn, kept until the base changes
TIMELINE_LOCK_KEY = "timeline-lock"


def _in_group(update: Update) -> bool:
    return bool(update.effective_chat and update.effective_chat.type != "private")


async def _admin_menu_if_missing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin who had never opened a chat with the bot gets the admin menu now."""
    services = services_of(context)
    user = update.effective_user
    if (user is not None and services.settings.is_admin(user.id)
            and user.id not in services.admin_menus):
        await publish_admin_menu(context.bot, services, user.id)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does and how to ask."""
    if update.message is None:
        return
    await _admin_menu_if_missing(update, context)
    kb = services_of(context).kb
    user = update.effective_user
    await update.message.reply_html(
        start_message(user.first_name if user else None, kb.count_facts(), kb.count_articles()),
        do_quote=_in_group(update))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask and every command (admin commands too, for admins)."""
    if update.message is None:
        return
    await _admin_menu_if_missing(update, context)
    user = update.effective_user
    admin = services_of(context).settings.is_admin(user.id if user else None)
    await update.message.reply_html(help_message(context.bot.username, admin=admin),
                                    do_quote=_in_group(update))


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, in private chats and groups."""
    if update.message is None:
        return
    await answer_in_chat(update.message, context, " ".join(context.args or []),
                         quote=_in_group(update))


async def on_latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/latest: the newest facts."""
    if update.message is None:
        return
    items = latest_facts(services_of(context).kb, LATEST_COUNT)
    await update.message.reply_html(latest_message(items), do_quote=_in_group(update))


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the articles the facts come from."""
    if update.message is None:
        return
    await update.message.reply_html(sources_message(sources(services_of(context).kb)),
                                    do_quote=_in_group(update))


@dataclass(frozen=True)
class DrawnTimeline:
    """The picture of the base as it was at one change (the id of its last audit row)."""

    change: int
    png: bytes | None  # None when no fact dates an event
    events: list[TimelineEvent]  # the events drawn
    found: int  # dated events in the base


async def on_timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timeline: the negotiations as a picture, the sources of its events in the caption."""
    if update.message is None:
        return
    quote = _in_group(update)
    drawn = await _timeline_of_now(context)
    if drawn.png is None:
        await update.message.reply_text(NO_TIMELINE, do_quote=quote)
        return
    caption, cut = timeline_caption(drawn.events, drawn.found)
    await update.message.reply_photo(drawn.png, caption=caption, parse_mode=ParseMode.HTML,
                                     do_quote=quote)
    if cut:
        for page in timeline_sources_pages(drawn.events):
            await update.message.reply_html(page, do_quote=quote)


async def _timeline_of_now(context: ContextTypes.DEFAULT_TYPE) -> DrawnTimeline:
    """The picture of the base as it is: drawn again only when the base has changed, one
    drawing at a time, in a worker thread with its own connection (reading the events of a
    100k-fact base takes 2 s, of a 1M-fact base 20 s: other chats are answered meanwhile)."""
    services = services_of(context)
    lock = context.bot_data.setdefault(TIMELINE_LOCK_KEY, asyncio.Lock())
    async with lock:
        change = _last_change(services.kb)
        drawn = context.bot_data.get(TIMELINE_KEY)
        if isinstance(drawn, DrawnTimeline) and drawn.change == change:
            return drawn
        fresh = await asyncio.to_thread(_draw, services.settings.db_path, change)
        context.bot_data[TIMELINE_KEY] = fresh
        return fresh


def _last_change(kb: KnowledgeBase) -> int:
    return int(kb.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])


def _draw(db_path: Path | None, change: int) -> DrawnTimeline:
    kb = KnowledgeBase.open(db_path)
    try:
        events = timeline(kb)
    finally:
        kb.close()
    if not events:
        return DrawnTimeline(change, None, [], 0)
    shown = key_events(events, MAX_EVENTS)
    return DrawnTimeline(change, timeline_png(shown, found=len(events)), shown, len(events))


async def on_fact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/fact ID: one fact in full, with its quote, dates and link."""
    if update.message is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await update.message.reply_text("Give a fact number, e.g. /fact 3 (numbers are shown "
                                        "in /latest and under answers).", do_quote=_in_group(update))
        return
    await send_fact(update, context, int(args[0].lstrip("#")))


async def send_fact(update: Update, context: ContextTypes.DEFAULT_TYPE, fact_id: int) -> None:
    """Send one fact in full (several messages if it is longer than one) to the update's chat."""
    kb = services_of(context).kb
    message = update.effective_message
    if message is None:
        return
    try:
        fact = kb.fact(fact_id)
    except NotFoundError:
        await message.reply_text(f"There is no fact #{fact_id}. /latest shows the newest ones.",
                                 do_quote=_in_group(update))
        return
    for page in fact_pages(fact, kb.article(fact.article_id)):
        await message.reply_html(page, do_quote=_in_group(update))


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question."""
    if update.message is None or update.message.text is None:
        return
    await answer_in_chat(update.message, context, update.message.text, quote=False)


async def on_private_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice notes… in a private chat: ask for words instead."""
    if update.message is None:
        return
    await update.message.reply_text(f"I can only read questions written in words. Try “{EXAMPLE}”")


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have (private chats only: in groups it may be another bot's)."""
    if update.message is None:
        return
    await update.message.reply_text("I don't know that command. /help lists the ones I have; "
                                    "or just write your question.")
