"""Admin commands: change the facts from Telegram, for NEGOBOT_ADMIN_IDS only.

Who is an admin is decided by the sender's user id alone: never by a group's own admin
list, a sender_chat (anonymous admins, channels), a display name or a forwarded message.
Every change runs through `knowledge.curate` or `knowledge.ingest` (one transaction with
its audit row, actor `telegram:<user id>`), is live for the next question, and is
announced to subscribed chats.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from telegram import Document, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from knowledge import Fact, KnowledgeError
from knowledge.curate import add_fact, edit_fact, retire_fact, undo_last
from knowledge.ingest import ingest_text
from knowledge.question_log import unanswered
from knowledge.reports import stats
from knowledge.teaching import teach

from ..addressing import command_of
from ..announce import announce
from ..documents import MAX_DOCUMENT_BYTES, document_text
from ..render import (
    article_announcement,
    changed_fact_message,
    history_message,
    ingested_message,
    retired_message,
    stats_message,
    taught_message,
    unanswered_message,
    undone_message,
)
from ..services import services_of

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UNANSWERED_COUNT = 20


def actor_of(update: Update) -> str:
    """How the audit log names the admin: telegram:<user id>."""
    user = update.effective_user
    assert user is not None  # admin_only lets no one else through
    return f"telegram:{user.id}"


def admin_only(handler: Handler) -> Handler:
    """Run handler for bot admins; refuse anyone else politely, changing nothing.

    A KnowledgeError (bad id, empty text, missing source…) is told to the admin as it is.
    """

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        user = message.from_user
        settings = services_of(context).settings
        quote = message.chat.type != "private"
        if message.sender_chat is not None or not settings.is_admin(user.id if user else None):
            await message.reply_text(
                "Sorry, that command is for the bot's admins only. I'm happy to answer your "
                "questions, though: /help shows how.", do_quote=quote)
            return
        try:
            await handler(update, context)
        except KnowledgeError as error:
            await message.reply_text(str(error), do_quote=quote)

    return guarded


def _args(message: Message, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Everything after the command, as typed (newlines kept)."""
    found = command_of(message, context.bot.username)
    return found[1] if found else ""


def _fact_id(value: str, usage: str) -> int:
    value = value.strip().lstrip("#")
    if not value.isdigit():
        raise KnowledgeError(f"Give a fact number: {usage}")
    return int(value)


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and " " not in value


async def _reply(update: Update, body: str) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_html(body, do_quote=message.chat.type != "private")


@admin_only
async def on_addfact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addfact TEXT | SOURCE URL [| OUTLET] [| YYYY-MM-DD]: add a fact with its source."""
    assert update.effective_message is not None
    text, *rest = [p.strip() for p in _args(update.effective_message, context).split("|")]
    url = next((p for p in rest if _is_url(p)), None)
    published = next((p for p in rest if _ISO_DATE.match(p)), None)
    outlet = next((p for p in rest if p and p != url and p != published), None)
    if not text or url is None:
        raise KnowledgeError("Use /addfact TEXT | SOURCE URL, optionally followed by | OUTLET "
                             "and | YYYY-MM-DD (the outlet comes from the URL's site and the "
                             "date is today when not given).")
    fact = add_fact(services_of(context).kb, text, actor=actor_of(update), outlet=outlet, url=url,
                    published=published or date.today())
    await _report_change(update, context, fact, "Added fact", "New fact")


async def _report_change(update: Update, context: ContextTypes.DEFAULT_TYPE, fact: Fact,
                         heading: str, announcement: str) -> None:
    """Show the admin the changed fact, and tell subscribed chats."""
    article = services_of(context).kb.article(fact.article_id)
    await _reply(update, changed_fact_message(heading, fact, article))
    announce(context, changed_fact_message(announcement, fact, article))


@admin_only
async def on_editfact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/editfact ID TEXT: replace a fact's text (its history keeps the old one)."""
    assert update.effective_message is not None
    first, _, text = _args(update.effective_message, context).partition(" ")
    fact_id = _fact_id(first, "/editfact ID NEW TEXT")
    fact = edit_fact(services_of(context).kb, fact_id, text, actor=actor_of(update))
    await _report_change(update, context, fact, "Edited fact", "Corrected fact")


@admin_only
async def on_teach(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/teach ID QUESTION: attach a question, in someone's own words, to the fact answering it."""
    assert update.effective_message is not None
    first, _, question = _args(update.effective_message, context).partition(" ")
    fact_id = _fact_id(first, "/teach FACT_ID QUESTION")
    kb = services_of(context).kb
    taught = teach(kb, fact_id, question, actor=actor_of(update))
    await _reply(update, taught_message(taught.question, kb.fact(fact_id)))


@admin_only
async def on_retire(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/retire ID: stop answering with a fact."""
    assert update.effective_message is not None
    fact_id = _fact_id(_args(update.effective_message, context), "/retire ID")
    fact = retire_fact(services_of(context).kb, fact_id, actor=actor_of(update))
    await _reply(update, retired_message("Retired:", fact))
    announce(context, retired_message("Withdrawn:", fact))


@admin_only
async def on_undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/undo: reverse this admin's last change (each /undo goes one change further back)."""
    kb = services_of(context).kb
    undone = undo_last(kb, actor=actor_of(update))
    await _reply(update, undone_message(undone))
    if undone.action == "ingest":
        announce(context, undone_message(undone))
        return
    fact = undone.facts[0]
    if fact.status == "active":
        heading = "Restored fact" if undone.action == "fact.retire" else "Corrected fact"
        announce(context, changed_fact_message(heading, fact, kb.article(fact.article_id)))
    else:
        announce(context, retired_message("Withdrawn:", fact))


@admin_only
async def on_history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/history ID: every change to a fact, who made it and when."""
    assert update.effective_message is not None
    fact_id = _fact_id(_args(update.effective_message, context), "/history ID")
    kb = services_of(context).kb
    await _reply(update, history_message(kb.fact(fact_id), kb.history(fact_id)))


@admin_only
async def on_unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered: declined and barely answered questions, alike ones grouped, most asked first."""
    await _reply(update, unanswered_message(unanswered(services_of(context).kb, UNANSWERED_COUNT)))


@admin_only
async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: what the base holds and how it is asked."""
    services = services_of(context)
    await _reply(update, stats_message(stats(services.kb), len(services.state.subscriptions())))


INGEST_USAGE = ("Reply /ingest TITLE | OUTLET | YYYY-MM-DD | URL to a message holding the "
                "article's text, or send the article as a .txt, .md or .html file with that as "
                "its caption. The date is needed; title, outlet and URL are optional (the "
                "title is then the first line, the outlet comes from the URL).")


def ingest_options(args: str) -> dict[str, str | None]:
    """Title, outlet, date and URL from "TITLE | OUTLET | YYYY-MM-DD | URL".

    The URL and the date are recognised wherever they stand; the other parts are the title
    and then the outlet, an empty part leaving its place blank.
    """
    parts = [p.strip() for p in args.split("|")] if args.strip() else []
    url = next((p for p in parts if _is_url(p)), None)
    published = next((p for p in parts if _ISO_DATE.match(p)), None)
    named = [p for p in parts if p not in (url, published)]
    return {"title": (named[0] or None) if named else None,
            "outlet": (named[1] or None) if len(named) > 1 else None,
            "published": published, "url": url}


async def _article_text(message: Message, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The article an /ingest command points at: its document, or the text it replies to."""
    source = message if message.document else message.reply_to_message
    if source is None:
        raise KnowledgeError(INGEST_USAGE)
    if source.document:
        return await _download(source.document, context)
    if source.text:
        return source.text
    raise KnowledgeError(INGEST_USAGE)


async def _download(document: Document, context: ContextTypes.DEFAULT_TYPE) -> str:
    if document.file_size and document.file_size > MAX_DOCUMENT_BYTES:
        raise KnowledgeError(f"That file is {document.file_size:,} bytes; I take articles of up "
                             f"to {MAX_DOCUMENT_BYTES:,} bytes.")
    telegram_file = await context.bot.get_file(document.file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    return document_text(document.file_name, data)


@admin_only
async def on_ingest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ingest: add an article (a replied-to message's text, or a .txt/.md/.html file)."""
    message = update.effective_message
    assert message is not None
    options = ingest_options(_args(message, context))
    if options["published"] is None:
        raise KnowledgeError(INGEST_USAGE)
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    text = await _article_text(message, context)
    result = ingest_text(services_of(context).kb, text, actor=actor_of(update), **options)
    await _reply(update, ingested_message(result))
    if result.outcome != "unchanged":
        announce(context, article_announcement(result))
