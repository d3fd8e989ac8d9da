"""Inline mode: `@botname question` in any chat offers sourced answers to send there.

Inline queries arrive while the user types, so they are not written to the question log
(it would fill with half-typed words); the answer sent is the same as in a chat.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from knowledge import Answer
from knowledge.records import Match
from knowledge.reports import latest_facts
from knowledge.retrieval import MAX_QUESTION_CHARS
from knowledge.wording import long_date, wording

from ..render import answer_message, decline_message, short
from ..services import services_of

MAX_RESULTS = 10  # Telegram allows 50; a handful of sourced answers is what a user picks from
TITLE_CHARS = 90
CACHE_SECONDS = 60


def _article(result_id: str, title: str, description: str, body: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id, title=short(title, TITLE_CHARS), description=short(description, TITLE_CHARS),
        input_message_content=InputTextMessageContent(
            body, parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True)),
    )


def _from_match(question: str, match: Match, result_id: str, language: str = "en"
                ) -> InlineQueryResultArticle:
    body, _ = answer_message(Answer(question, True, "", match.score, (match,),
                                    as_of=match.article.published, language=language))
    source = f"{match.article.outlet}, {long_date(match.article.published, language)}"
    return _article(result_id, match.fact.text, source, body)


def results_for(answer: Answer) -> list[InlineQueryResultArticle]:
    """The whole answer first, then each of its facts on its own."""
    if not answer.answered:
        words = wording(answer.language)
        return [_article("decline", words.inline_decline_title, words.inline_decline_hint,
                         decline_message(answer))]
    whole, _ = answer_message(answer)
    best = answer.matches[0]
    ids = ",".join(str(m.fact.id) for m in answer.matches)
    language = answer.language
    results = [_article(f"a:{ids}"[:64], best.fact.text,
                        f"{best.article.outlet}, {long_date(best.article.published, language)}", whole)]
    if len(answer.matches) > 1:
        results += [_from_match(answer.question, m, f"f:{m.fact.id}", language) for m in answer.matches]
    return results[:MAX_RESULTS]


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer sourced answers to the typed question (the newest facts while nothing is typed)."""
    query = update.inline_query
    if query is None:
        return
    services = services_of(context)
    question = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    if question:
        results = results_for(services.answerer.answer(question, query.from_user.language_code))
    else:
        results = [_from_match(f.text, Match(f, a, 1.0), f"l:{f.id}")
                   for f, a in latest_facts(services.kb, MAX_RESULTS)]
    await query.answer(results, cache_time=CACHE_SECONDS)
