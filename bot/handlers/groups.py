"""Groups and channels: answer only when addressed; subscriptions to announcements."""

from __future__ import annotations

import logging

from telegram import Chat, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from ..addressing import command_of, question_for_bot
from ..answering import answer_in_chat
from ..services import services_of

log = logging.getLogger(__name__)

_CHAT_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message: answered if it mentions the bot or replies to it; chatter is left alone."""
    message = update.message
    if message is None:
        return
    question = question_for_bot(message, username=context.bot.username, bot_id=context.bot.id)
    if question is None:
        return
    await answer_in_chat(message, context, question, quote=True)


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A channel post: /ask or a mention is answered by a post replying to it; /subscribe too."""
    post = update.channel_post
    if post is None:
        return
    command = command_of(post, context.bot.username)
    if command is not None and command[0] in ("subscribe", "unsubscribe"):
        # Only the channel's admins can post in it, so a post speaks for the channel.
        await _set_subscription(post, context, subscribe=command[0] == "subscribe",
                                by=f"channel:{post.chat.id}")
        return
    question = question_for_bot(post, username=context.bot.username, bot_id=context.bot.id)
    if question is not None:
        await answer_in_chat(post, context, question, quote=True)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe in a group (by one of its admins) or a private chat."""
    await _subscription_command(update, context, subscribe=True)


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe in a group (by one of its admins) or a private chat."""
    await _subscription_command(update, context, subscribe=False)


async def _subscription_command(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                                subscribe: bool) -> None:
    message = update.message
    if message is None:
        return
    chat = message.chat
    if chat.type != Chat.PRIVATE and not await _is_chat_admin(message, context):
        await message.reply_text("Only this group's admins can change its subscription.",
                                 do_quote=True)
        return
    by = f"user:{message.from_user.id}" if message.from_user else f"chat:{chat.id}"
    await _set_subscription(message, context, subscribe=subscribe, by=by)


async def _is_chat_admin(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender administers this group (asked of Telegram, not remembered)."""
    if message.sender_chat is not None:
        # Only admins may post as the group itself ("anonymous admin").
        return message.sender_chat.id == message.chat.id
    if message.from_user is None:
        return False
    try:
        member = await context.bot.get_chat_member(message.chat.id, message.from_user.id)
    except TelegramError as error:
        log.warning("could not check the admins of chat %s: %s", message.chat.id, error)
        return False
    return member.status in _CHAT_ADMINS


async def _set_subscription(message: Message, context: ContextTypes.DEFAULT_TYPE, *,
                            subscribe: bool, by: str) -> None:
    state = services_of(context).state
    chat = message.chat
    quote = chat.type != Chat.PRIVATE
    if subscribe:
        title = chat.title or chat.full_name
        new = state.subscribe(chat.id, chat.type, title, by)
        text = ("Subscribed: new and corrected facts will be announced here. /unsubscribe stops it."
                if new else "This chat is already subscribed. /unsubscribe stops the announcements.")
    else:
        text = ("Unsubscribed: no more announcements here." if state.unsubscribe(chat.id)
                else "This chat was not subscribed.")
    await message.reply_text(text, do_quote=quote)
