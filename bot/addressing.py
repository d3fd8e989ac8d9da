"""Is a group or channel message meant for the bot, and what is the question in it?

In groups the bot speaks only when addressed: a command for it (`/ask Q`, `/ask@botname Q`),
a message mentioning `@botname`, or a reply to one of its own messages. Everything else is
other people's conversation, even when privacy mode is off and the bot receives it.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+|$)(.*)", re.DOTALL)


def _text(message: Message) -> str:
    return message.text or message.caption or ""


def command_of(message: Message, username: str) -> tuple[str, str] | None:
    """(name, arguments) when the text or caption starts with a command for this bot, else None.

    `/ask` and `/ask@botname` are for this bot; `/ask@otherbot` is not. Read from the text
    itself, so a caption's command counts even when the client marked no entity for it.
    """
    found = _COMMAND.match(_text(message))
    if found is None:
        return None
    name, target, rest = found.groups()
    if target and target.casefold() != username.casefold():
        return None
    return name.casefold(), rest.strip()


def mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    """True if the message names the bot (@botname, or a mention of its user)."""
    entities = {**message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]),
                **message.parse_caption_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])}
    for entity, value in entities.items():
        if entity.type == MessageEntity.MENTION and value[1:].casefold() == username.casefold():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return False


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def without_mention(value: str, username: str) -> str:
    """The text with @botname taken out: what is left is the question."""
    cleaned = re.sub(rf"@{re.escape(username)}\b[,:]?", " ", value, flags=re.IGNORECASE)
    return " ".join(cleaned.split()).strip(" ,:")


def question_for_bot(message: Message, *, username: str, bot_id: int) -> str | None:
    """The question a group or channel message puts to the bot, or None if not addressed.

    `/ask` with nothing after it gives "" (addressed, but no question yet).
    """
    command = command_of(message, username)
    if command is not None:
        return command[1] if command[0] == "ask" else None
    if mentions_bot(message, username, bot_id):
        return without_mention(_text(message), username)
    if replies_to_bot(message, bot_id):
        return _text(message).strip()
    return None


def is_for_bot(message: Message, *, username: str, bot_id: int) -> bool:
    """Whether the bot should react at all: private chats always, elsewhere only when addressed."""
    if message.chat.type == "private":
        return True
    return (command_of(message, username) is not None or mentions_bot(message, username, bot_id)
            or replies_to_bot(message, bot_id))
