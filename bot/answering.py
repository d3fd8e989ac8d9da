"""Answer one question in a chat: check it, answer, log it, reply with buttons."""

from __future__ import annotations

import html

from telegram import Message
from telegram.ext import ContextTypes

from knowledge.question_log import record_question
from knowledge.retrieval import MAX_QUESTION_CHARS

from .keyboards import answer_keyboard, decline_keyboard
from .render import EXAMPLE, answer_message, decline_message
from .services import services_of


def question_problem(question: str) -> str | None:
    """Why a question cannot be answered as sent (empty, too long), or None if it can."""
    if not question.strip():
        return f"Ask me a question in words, e.g. “{EXAMPLE}”"
    if len(question) > MAX_QUESTION_CHARS:
        return (f"That is {len(question):,} characters; I answer questions of up to "
                f"{MAX_QUESTION_CHARS:,}. Please ask one question in a sentence or two.")
    return None


async def answer_in_chat(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str,
                         *, quote: bool) -> None:
    """Reply to message with the sourced answer to question (or a decline, or what is wrong)."""
    problem = question_problem(question)
    if problem:
        await message.reply_html(html.escape(problem, quote=False), do_quote=quote)
        return
    # No "typing…" first: an answer takes milliseconds, and the action would be a second
    # call to Telegram for every question, against the bot's 30 calls a second.
    services = services_of(context)
    # The asker's app language only tells Ukrainian from Russian where the question's
    # letters do not; the question's own language decides the answer's.
    hint = message.from_user.language_code if message.from_user else None
    answer = services.answerer.answer(question, hint)
    record_question(services.kb, answer)
    if answer.answered:
        body, trimmed = answer_message(answer)
        ids = tuple(m.fact.id for m in answer.matches)
        await message.reply_html(body, do_quote=quote, reply_markup=answer_keyboard(
            ids, trimmed=trimmed, language=answer.language))
    else:
        await message.reply_html(decline_message(answer), do_quote=quote,
                                 reply_markup=decline_keyboard(answer.language))
