"""Buttons under the bot's messages: an answer's sources, more like it, a fact in full, lists."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from knowledge import Article, Fact, NotFoundError
from knowledge.reports import latest_facts, sources

from ..keyboards import Callback, more_keyboard
from ..render import fact_pages, latest_message, related_message, sources_message, sources_of_message
from ..services import Services, services_of
from .public import LATEST_COUNT


def _facts(services: Services, ids: tuple[int, ...]) -> list[tuple[Fact, Article]]:
    found = []
    for fact_id in ids:
        try:
            fact = services.kb.fact(fact_id)
        except NotFoundError:
            continue
        found.append((fact, services.kb.article(fact.article_id)))
    return found


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press with a new message replying to the one the button is under."""
    query = update.callback_query
    if query is None:
        return
    callback = Callback.decode(query.data)
    if callback is None:
        await query.answer("This button no longer works; ask me again.")
        return
    message = query.message
    if not isinstance(message, Message):  # sent through inline mode, or too old to reach
        await query.answer("Open a chat with me to see this: send me the question there.",
                           show_alert=True)
        return
    services = services_of(context)
    pages: list[str]
    markup: InlineKeyboardMarkup | None = None
    if callback.kind == "src":
        pages = [sources_of_message(_facts(services, callback.ids))]
    elif callback.kind == "more":
        related = services.answerer.related(callback.ids[0], exclude=callback.ids[1:])
        if not related:
            await query.answer("Nothing more like this in the base.")
            return
        shown = callback.ids + tuple(m.fact.id for m in related)
        pages = [related_message([(m.fact, m.article) for m in related])]
        markup = more_keyboard(shown)
    elif callback.kind == "fact":
        found = _facts(services, callback.ids[:1])
        if not found:
            await query.answer("That fact is no longer in the base.")
            return
        pages = fact_pages(*found[0])
    elif callback.kind == "latest":
        pages = [latest_message(latest_facts(services.kb, LATEST_COUNT))]
    else:
        pages = [sources_message(sources(services.kb))]
    await query.answer()
    for number, page in enumerate(pages, 1):
        await message.reply_html(page, do_quote=True,
                                 reply_markup=markup if number == len(pages) else None)
