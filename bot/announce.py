"""Tell subscribed chats about changes to the facts, without holding up the admin's reply."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from .services import services_of
from .state import BotState

log = logging.getLogger(__name__)


async def send_to_subscribers(bot: Bot, state: BotState, body: str) -> int:
    """Send body (HTML) to every subscribed chat; chats the bot has left are unsubscribed."""
    sent = 0
    for subscription in state.subscriptions():
        try:
            await bot.send_message(subscription.chat_id, body, parse_mode=ParseMode.HTML)
            sent += 1
        except Forbidden:  # removed from the chat, or blocked by the user
            state.unsubscribe(subscription.chat_id)
            log.info("chat %s unsubscribed: the bot cannot post there", subscription.chat_id)
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                state.unsubscribe(subscription.chat_id)
            log.warning("announcement to %s failed: %s", subscription.chat_id, error.message)
        except TelegramError as error:
            log.warning("announcement to %s failed: %s", subscription.chat_id, error)
    return sent


def announce(context: ContextTypes.DEFAULT_TYPE, body: str) -> None:
    """Announce body to subscribers in the background (the admin is answered first)."""
    state = services_of(context).state
    context.application.create_task(send_to_subscribers(context.bot, state, body),
                                    name="negobot:announce")
