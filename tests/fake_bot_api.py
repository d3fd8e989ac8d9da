"""A fake Telegram Bot API server on 127.0.0.1, strict where Telegram is strict.

Tests point python-telegram-bot at it
(``ApplicationBuilder().token(T).base_url(f"{fake.url}/bot").base_file_url(f"{fake.url}/file/bot")``),
feed updates, and read back every call the bot made. The server refuses what Telegram refuses,
with Telegram's own descriptions, so a run that ends with ``fake.rejected == []`` shows the bot
only sent messages Telegram would accept.

Public API (all methods are thread-safe; the server runs in a background thread)::

    FakeBotAPI(*, token="123456:TEST-TOKEN", bot_id=1000, bot_username="negobot_test_bot",
               length_unit="utf16")            # "codepoint": see "Limits" below
    .url                                        # "http://127.0.0.1:<port>"
    .start() / .stop() / with FakeBotAPI() as fake: ...
    .bot_user                                   # the User dict getMe returns

    # feeding updates: each returns the update dict (a copy) with a fresh update_id
    .add_update(update)                         # raw; chats, users and messages in it become known
    .private_message(user_id, text, *, first_name="Ann", language_code="en",
                     reply_to_message_id=None)
    .group_message(chat_id, user_id, text, *, chat_type="supergroup", reply_to=None)
    .channel_post(chat_id, text)
    .edited_message(original, text)             # original = a Message dict fed earlier
    .sticker_message(chat_id, user_id)
    .photo_message(chat_id, user_id, *, caption=None, content=b"...")
    .document_message(chat_id, user_id, file_name, content, *, caption=None, mime_type="text/plain")
    .inline_query(user_id, query)
    .callback_query(user_id, message, data)     # message = a Message dict the bot sent
    .set_chat_admins(chat_id, user_ids, *, owner=None)
    .register_chat(chat)                        # a Chat dict the bot may write to unprompted
    .block_bot(user_id)                         # sends to that user answer 403 from then on

    # inspection
    .calls -> list[Call]                        # Call(method, params, status, response, injected)
    .calls_to(method) -> list[Call]             # method names are case-insensitive
    .rejected -> list[Call]                     # every non-2xx answer, except injected faults
    .sent_messages(chat_id=None, *, include_deleted=False) -> list[dict]   # edits applied
    .message(chat_id, message_id) -> dict | None
    .pending_updates -> list[dict]              # not yet confirmed by a getUpdates offset
    .waiting_polls -> int                       # getUpdates calls blocked in a long poll now
    .webhook -> dict | None                     # {"url", "secret_token", "allowed_updates", ...}
    .commands(scope=None, language_code="") -> list[dict]
    await .wait_for(predicate, timeout=10.0)    # asyncio.sleep polling; TimeoutError lists calls
    .wait_for_sync(predicate, timeout=10.0)

    # fault injection (recorded in calls with injected=True, never in rejected)
    .fail_next(method, *, status=429, retry_after=1, times=1, description=None)
    .delay_next(method, seconds)                # the call is still carried out afterwards

    # webhook mode
    .deliver_webhook(update, *, secret_token=<registered>) -> int      # blocking; HTTP status
    await .deliver_webhook_async(update, *, secret_token=...) -> int   # from the bot's own loop

    # the parsers, usable without a server (raise EntityParseError with Telegram's message)
    parse_html(text), parse_markdown_v2(text), parse_markdown(text) -> (plain_text, entities)

    # pictures: the size in a PNG/JPEG/GIF/WebP header, and a valid PNG to upload
    image_size(content) -> (width, height) | None
    tiny_png(width=1, height=1) -> bytes

Methods served: getMe, logOut, close, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
sendMessage, sendPhoto, sendDocument, editMessageText, editMessageReplyMarkup, deleteMessage,
sendChatAction, answerCallbackQuery, answerInlineQuery, setMyCommands, getMyCommands,
deleteMyCommands, setMyDescription, getMyDescription, setMyShortDescription,
getMyShortDescription, getFile, getChat, getChatMember, getChatAdministrators; files are
downloaded from ``/file/bot<TOKEN>/<file_path>``. Any other method answers 404 "Not Found".

Where the behaviour comes from: the HTML, MarkdownV2 and Markdown parsers follow tdlib's
``td/telegram/MessageEntity.cpp`` (``parse_html``, ``parse_markdown_v2``, ``parse_markdown``,
``fix_formatted_text``), which the Bot API server runs; descriptions, the ``Bad Request:``
prefix and its lower-casing rule follow ``telegram-bot-api/Client.cpp``
(``fail_query_with_error``, ``get_inline_keyboard_button``, ``get_inline_query_results``).
Server-side (MTProto) errors are given as the Bot API passes them on, e.g.
``Bad Request: BUTTON_DATA_INVALID``.

Limits: a message may hold 4096 units after entity parsing and trimming, a caption 1024, a
callback answer 200. An uploaded photo must be a picture Telegram can read (PNG, JPEG, GIF or
WebP here: else "IMAGE_PROCESS_FAILED"), at most 10 MB ("PHOTO_SAVE_FILE_INVALID", as users
report it), with width and height adding up to at most 10,000 and a ratio of at most 20
("PHOTO_INVALID_DIMENSIONS"); the PhotoSize returned has its real size, scaled to 1280 pixels
on the longer side (Telegram keeps several sizes; the fake reports the largest). With
``length_unit="utf16"`` (the default) a unit of text is a UTF-16 code unit, so an emoji counts
twice; ``"codepoint"`` counts each character once. Reports disagree on which one Telegram uses;
UTF-16 is the stricter, so a bot that passes here passes there.

Known simplifications: no flood control unless injected; group privacy mode is not modelled (feed
only messages the bot would receive); webhooks may be plain ``http://`` on any port (Telegram
demands HTTPS on 443/80/88/8443); URL, mention and hashtag entities are not detected in sent text.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import itertools
import json
import re
import select
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

JSON = dict[str, Any]

MESSAGE_MAX_LENGTH = 4096
CAPTION_MAX_LENGTH = 1024
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDES = 10_000  # width + height
PHOTO_MAX_RATIO = 20
PHOTO_MAX_SIDE_KEPT = 1280  # the largest size Telegram keeps of a photo
CALLBACK_ANSWER_MAX_LENGTH = 200
CALLBACK_DATA_MAX_BYTES = 64
INLINE_RESULTS_MAX = 50
INLINE_RESULT_ID_MAX_BYTES = 64

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_TOKEN_FORMAT = re.compile(r"\d+:[\w-]+")
_TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP picture, read from its header; None for
    anything else (Telegram answers an upload it cannot read with IMAGE_PROCESS_FAILED)."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
    elif content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
    elif content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    elif content[:4] == b"RIFF" and content[8:12] == b"WEBP" and len(content) >= 30:
        chunk = content[12:16]
        if chunk == b"VP8 ":
            width, height = (v & 0x3FFF for v in struct.unpack("<HH", content[26:30]))
        elif chunk == b"VP8L":
            bits = int.from_bytes(content[21:25], "little")
            width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        elif chunk == b"VP8X":
            width = int.from_bytes(content[24:27], "little") + 1
            height = int.from_bytes(content[27:30], "little") + 1
        else:
            return None
    else:
        return None
    return (width, height) if width and height else None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's frame header (SOFn), walking its segments from the start."""
    i = 2
    while i + 4 <= len(content):
        if content[i] != 0xFF:
            return None
        marker = content[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length follows
            i += 2
            continue
        if marker == 0xD9:  # end of image before any frame
            return None
        (length,) = struct.unpack(">H", content[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and i + 9 <= len(content):
            height, width = struct.unpack(">HH", content[i + 5 : i + 9])
            return (width, height) if width and height else None
        i += 2 + length
    return None


def tiny_png(width: int = 1, height: int = 1) -> bytes:
    """A valid white PNG of that size (for tests that upload photos)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


class EntityParseError(ValueError):
    """Telegram's entity parser refused the text; the message is Telegram's own wording."""


class _Refusal(Exception):
    """An answer other than ok, raised inside a method handler."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> _Refusal:
    return _Refusal(400, f"Bad Request: {description}")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Call:
    """One request the server answered."""

    method: str
    params: JSON
    status: int
    response: JSON
    injected: bool = False


# --- text: entity parsers ported from tdlib ---------------------------------------------------

_SPACE = frozenset(b" \t\r\n\v\f\x00")
_DIGIT = frozenset(b"0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_ALPHA = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _ALPHA | _DIGIT
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_NAMED_ENTITIES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SIMPLE_HTML_ENTITIES = {
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}


def _at(data: bytes | bytearray, k: int) -> int:
    """The byte at k, or 0 past the end: tdlib reads a NUL-terminated C string."""
    return data[k] if k < len(data) else 0


def _utf16_units(lead_byte: int) -> int:
    """UTF-16 units added by a UTF-8 byte: 0 for continuation bytes, 2 for 4-byte sequences."""
    if lead_byte & 0xC0 == 0x80:
        return 0
    return 2 if lead_byte >= 0xF0 else 1


def utf16_length(text: str) -> int:
    """Length of text in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def checked_link(url: str) -> str | None:
    """The URL Telegram would keep for a link or URL button, or None if it is not a valid link."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    # "host:8080/path" has no scheme; "javascript:x" and "mailto:x" do, and are not allowed
    scheme_match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d+(?:[/?#]|$))", url)
    if scheme_match is None:
        url = "http://" + url
    scheme = scheme_match.group(1).lower() if scheme_match else "http"
    if scheme not in ("http", "https", "tg", "ton", "tonsite"):
        return None
    if scheme in ("http", "https"):
        try:
            split = urlsplit(url)
            host, _ = split.hostname, split.port  # an invalid port raises ValueError
        except ValueError:
            return None
        if not host or not url.lower().startswith(f"{scheme}://"):
            return None
    elif len(url) <= len(scheme) + 1:
        return None
    return url


def _link_entity(offset: int, length: int, url: str) -> JSON | None:
    mention = re.fullmatch(r"tg://user\?id=(\d+)", url, re.IGNORECASE)
    if mention:
        user = {"id": int(mention.group(1)), "is_bot": False, "first_name": f"User {mention.group(1)}"}
        return {"type": "text_mention", "offset": offset, "length": length, "user": user}
    checked = checked_link(url)
    if checked is None:
        return None  # tdlib silently drops a link it cannot use
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """(code point, position after it) for the character reference at pos, or (0, pos)."""
    end = pos + 1
    code = 0
    if _at(data, pos + 1) == ord("#"):
        end += 1
        if _at(data, pos + 2) == ord("x"):
            end += 1
            while _at(data, end) in _HEX:
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while _at(data, end) in _DIGIT:
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _at(data, end) in _ALPHA:
            end += 1
        code = _NAMED_ENTITIES.get(bytes(data[pos + 1 : end]), 0)
        if code == 0:
            return 0, pos  # an unknown name like &nbsp; stays literal text
    if _at(data, end) == ord(";"):
        end += 1
    return code, end


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    out_pos: int


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into (plain text, entities) exactly as tdlib does, or raise EntityParseError."""
    data = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    entities: list[JSON] = []
    stack: list[_OpenTag] = []
    utf16 = 0
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("&"):
            code, after = _decode_html_entity(data, i)
            if code:
                utf16 += 2 if code > 0xFFFF else 1
                out += chr(code).encode("utf-8", "surrogatepass")
                i = after
                continue
        if c != ord("<"):
            utf16 += _utf16_units(c)
            out.append(c)
            i += 1
            continue
        begin = i
        i += 1
        if _at(data, i) != ord("/"):
            while _at(data, i) not in _SPACE and _at(data, i) != ord(">"):
                i += 1
            if _at(data, i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = bytes(data[begin + 1 : i]).lower().decode("utf-8", "replace")
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while _at(data, i) != ord(">"):
                while _at(data, i) != 0 and _at(data, i) in _SPACE:
                    i += 1
                if _at(data, i) == ord(">"):
                    break
                name_begin = i
                while _at(data, i) not in _SPACE and _at(data, i) not in b"=>/\"'":
                    i += 1
                attribute = bytes(data[name_begin:i])
                if not attribute:
                    raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
                while _at(data, i) != 0 and _at(data, i) in _SPACE:
                    i += 1
                if _at(data, i) != ord("="):
                    if _at(data, i) == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attribute == b"expandable":
                        argument = "1"
                    continue
                i += 1
                while _at(data, i) != 0 and _at(data, i) in _SPACE:
                    i += 1
                if _at(data, i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                value = bytearray()
                if _at(data, i) not in b"\"'":
                    token_begin = i
                    while _at(data, i) in _ALNUM or _at(data, i) in b".-":
                        i += 1
                    value += bytes(data[token_begin:i]).lower()
                    if _at(data, i) not in _SPACE and _at(data, i) != ord(">"):
                        raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
                else:
                    quote = data[i]
                    i += 1
                    while _at(data, i) != quote and _at(data, i) != 0:
                        if data[i] == ord("&"):
                            code, after = _decode_html_entity(data, i)
                            if code:
                                value += chr(code).encode("utf-8", "surrogatepass")
                                i = after
                                continue
                        value.append(data[i])
                        i += 1
                    if _at(data, i) == quote:
                        i += 1
                if _at(data, i) == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                decoded = value.decode("utf-8", "replace")
                if tag == "a" and attribute == b"href":
                    argument = decoded
                elif tag == "code" and attribute == b"class" and decoded.startswith("language-"):
                    argument = decoded[len("language-") :]
                elif tag == "span" and attribute == b"class" and decoded.startswith("tg-"):
                    argument = decoded[len("tg-") :]
                elif tag == "tg-emoji" and attribute == b"emoji-id":
                    argument = decoded
                elif tag == "blockquote" and attribute == b"expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append(_OpenTag(tag, argument, utf16, len(out)))
        else:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
            while _at(data, i) not in _SPACE and _at(data, i) != ord(">"):
                i += 1
            end_tag = bytes(data[begin + 2 : i]).lower().decode("utf-8", "replace")
            while _at(data, i) != 0 and _at(data, i) in _SPACE:
                i += 1
            if _at(data, i) != ord(">"):
                raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
            top = stack[-1]
            if end_tag and end_tag != top.name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {begin}, "
                    f'expected "</{top.name}>", found "</{end_tag}>"'
                )
            if utf16 > top.utf16_offset:
                _close_html_entity(top, utf16 - top.utf16_offset, entities, bytes(out[top.out_pos :]))
            stack.pop()
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    try:
        plain = out.decode("utf-8")
    except UnicodeDecodeError:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        ) from None
    for entity in entities:
        entity.pop("_language", None)
    return plain, sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _close_html_entity(top: _OpenTag, length: int, entities: list[JSON], inner: bytes) -> None:
    offset = top.utf16_offset
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if top.name in _SIMPLE_HTML_ENTITIES:
        entities.append({"type": _SIMPLE_HTML_ENTITIES[top.name], "offset": offset, "length": length})
    elif top.name == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": top.argument}
        )
    elif top.name == "a":
        link = _link_entity(offset, length, top.argument or inner.decode("utf-8", "replace"))
        if link is not None:
            entities.append(link)
    elif top.name == "pre":
        if same_span and last is not None and last["type"] == "code" and last.get("_language"):
            last.update(type="pre", language=last.pop("_language"))
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif top.name == "code":
        if same_span and last is not None and last["type"] == "pre" and top.argument:
            last["language"] = top.argument
        else:
            entities.append({"type": "code", "offset": offset, "length": length, "_language": top.argument})
    else:  # blockquote
        kind = "expandable_blockquote" if top.argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


@dataclass
class _OpenMark:
    kind: str
    argument: str
    utf16_offset: int
    byte_offset: int
    out_pos: int


def _reserved(char: int) -> EntityParseError:
    return EntityParseError(
        f"Character '{chr(char)}' is reserved and must be escaped with the preceding '\\'"
    )


def _unclosed(mark: _OpenMark) -> EntityParseError:
    return EntityParseError(
        f"Can't find end of {_MDV2_NAMES[mark.kind]} entity at byte offset {mark.byte_offset}"
    )


def _skip_pre_header(data: bytes, i: int) -> tuple[int, str]:
    """After an opening ```: (position of the code's first byte, language or "")."""
    language = ""
    end = i
    while _at(data, end) not in _SPACE and _at(data, end) != ord("`"):
        end += 1
    if i != end and end < len(data) and data[end] != ord("`"):
        language = data[i:end].decode("utf-8", "replace")
        i = end
    if _at(data, i) in b"\r\n" and _at(data, i) != 0:
        pair = _at(data, i + 1) in b"\r\n" and _at(data, i + 1) not in (0, data[i])
        i += 2 if pair else 1
    return i, language


def _read_url(data: bytes, i: int) -> tuple[str, int]:
    """The backslash-unescaped URL starting at i and the position of its closing ')' (or the end)."""
    url = bytearray()
    while i < len(data) and data[i] != ord(")"):
        if data[i] == ord("\\") and 0 < _at(data, i + 1) <= 126:
            url.append(data[i + 1])
            i += 2
            continue
        url.append(data[i])
        i += 1
    return url.decode("utf-8", "replace"), i


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Parse MarkdownV2 into (plain text, entities) as tdlib does, or raise EntityParseError."""
    data = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    entities: list[JSON] = []
    stack: list[_OpenMark] = []
    utf16 = 0
    have_blockquote = False
    can_start_blockquote = True
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("\\") and 0 < _at(data, i + 1) <= 126:
            i += 1
            utf16 += 1
            out.append(data[i])
            if data[i] != ord("\r"):
                can_start_blockquote = data[i] == ord("\n")
            i += 1
            continue
        in_code = bool(stack) and stack[-1].kind in ("code", "pre", "pre_code")
        reserved = b"`" if in_code else b"_*[]()~`>#+-=|{}.!\n"
        if c not in reserved:
            units = _utf16_units(c)
            if units:
                utf16 += units
                if c != ord("\r"):
                    can_start_blockquote = False
            out.append(c)
            i += 1
            continue
        if not _ends_mark(stack, data, i, have_blockquote):
            kind, argument, begin = "", "", i
            if c == ord("_"):
                kind = "underline" if _at(data, i + 1) == ord("_") else "italic"
                i += 1 if kind == "underline" else 0
            elif c == ord("*"):
                kind = "bold"
            elif c == ord("~"):
                kind = "strikethrough"
            elif c == ord("|"):
                if _at(data, i + 1) != ord("|"):
                    raise _reserved(c)
                i += 1
                kind = "spoiler"
            elif c == ord("["):
                kind = "text_link"
            elif c == ord("`"):
                if _at(data, i + 1) == ord("`") and _at(data, i + 2) == ord("`"):
                    i, argument = _skip_pre_header(data, i + 3)
                    kind = "pre_code" if argument else "pre"
                    i -= 1
                else:
                    kind = "code"
            elif c == ord("!"):
                if _at(data, i + 1) != ord("["):
                    raise _reserved(c)
                i += 1
                kind = "custom_emoji"
            elif c == ord("\n"):
                utf16 += 1
                out.append(c)
                can_start_blockquote = True
            elif c == ord(">"):
                if not can_start_blockquote:
                    raise _reserved(c)
                if not have_blockquote:
                    kind, have_blockquote = "blockquote", True
            else:
                raise _reserved(c)
            if kind:
                stack.append(_OpenMark(kind, argument, utf16, begin, len(out)))
            i += 1
            continue
        top = stack[-1]
        kind = top.kind
        if c == ord("\n") and kind != "blockquote":
            cr_before = bool(out) and out[-1] == ord("\r")
            if kind != "spoiler" or not (
                top.byte_offset == i - 2 or (top.byte_offset == i - 3 and cr_before)
            ):
                raise _unclosed(top)
            stack.pop()
            top = stack[-1]
            if top.kind != "blockquote":
                raise _unclosed(top)
            kind = "expandable_blockquote"
        skip = utf16 == top.utf16_offset
        entity: JSON | None = {"type": kind, "offset": top.utf16_offset}
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
            entity = {"type": "pre", "offset": top.utf16_offset}
            if top.argument:
                entity["language"] = top.argument
        elif kind == "text_link":
            if _at(data, i + 1) != ord("("):
                url = out[top.out_pos :].decode("utf-8", "replace")
            else:
                start = i + 2
                url, i = _read_url(data, start)
                if _at(data, i) != ord(")"):
                    raise EntityParseError(f"Can't find end of a URL at byte offset {start}")
            entity = _link_entity(top.utf16_offset, 0, url)
        elif kind == "custom_emoji":
            if _at(data, i + 1) != ord("("):
                raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
            start = i + 2
            url, i = _read_url(data, start)
            if _at(data, i) != ord(")"):
                raise EntityParseError(f"Can't find end of a custom emoji URL at byte offset {start}")
            emoji = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
            if emoji is None:
                raise EntityParseError("Custom emoji URL must have an emoji identifier")
            entity = {"type": "custom_emoji", "offset": top.utf16_offset, "custom_emoji_id": emoji.group(1)}
        elif kind in ("blockquote", "expandable_blockquote"):
            have_blockquote = False
            out.append(data[i])
            can_start_blockquote = True
            utf16 += 1
            skip = False
        if not skip and entity is not None:
            entity["length"] = utf16 - top.utf16_offset
            entities.append(entity)
        stack.pop()
        i += 1
    if have_blockquote:
        kind = "blockquote"
        if stack[-1].kind == "spoiler" and stack[-1].byte_offset == len(data) - 2:
            stack.pop()
            kind = "expandable_blockquote"
        if stack[-1].kind == "blockquote":
            top = stack.pop()
            if utf16 != top.utf16_offset:
                entities.append(
                    {"type": kind, "offset": top.utf16_offset, "length": utf16 - top.utf16_offset}
                )
    if stack:
        raise _unclosed(stack[-1])
    return out.decode("utf-8", "replace"), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _ends_mark(stack: list[_OpenMark], data: bytes, i: int, have_blockquote: bool) -> bool:
    if not stack:
        return False
    c = data[i]
    if have_blockquote and c == ord("\n") and (i + 1 == len(data) or data[i + 1] != ord(">")):
        return True
    kind = stack[-1].kind
    closers = {
        "bold": c == ord("*"),
        "italic": c == ord("_") and _at(data, i + 1) != ord("_"),
        "code": c == ord("`"),
        "pre": c == ord("`") and _at(data, i + 1) == ord("`") and _at(data, i + 2) == ord("`"),
        "text_link": c == ord("]"),
        "underline": c == ord("_") and _at(data, i + 1) == ord("_"),
        "strikethrough": c == ord("~"),
        "spoiler": c == ord("|") and _at(data, i + 1) == ord("|"),
        "custom_emoji": c == ord("]"),
        "blockquote": False,
    }
    closers["pre_code"] = closers["pre"]
    return closers[kind]


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Parse legacy Markdown into (plain text, entities) as tdlib does, or raise EntityParseError."""
    data = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    entities: list[JSON] = []
    utf16 = 0
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("\\") and _at(data, i + 1) in b"_*`[" and _at(data, i + 1) != 0:
            out.append(data[i + 1])
            utf16 += 1
            i += 2
            continue
        if c not in b"_*`[":
            utf16 += _utf16_units(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        i += 1
        is_pre = False
        language = ""
        if c == ord("`") and _at(data, i) == ord("`") and _at(data, i + 1) == ord("`"):
            is_pre = True
            i, language = _skip_pre_header(data, i + 2)
        offset = utf16
        while i < len(data) and (
            data[i] != end_char
            or (is_pre and not (_at(data, i + 1) == ord("`") and _at(data, i + 2) == ord("`")))
        ):
            utf16 += _utf16_units(data[i])
            out.append(data[i])
            i += 1
        if i == len(data):
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        if offset != utf16:
            length = utf16 - offset
            entity: JSON | None
            if c == ord("["):
                if _at(data, i + 1) != ord("("):
                    url = data[begin + 1 : i].decode("utf-8", "replace")
                else:
                    start = i + 2
                    i = data.find(b")", start)
                    i = len(data) if i < 0 else i
                    url = data[start:i].decode("utf-8", "replace")
                entity = _link_entity(offset, length, url)
            elif c == ord("`"):
                entity = {"type": "pre" if is_pre else "code", "offset": offset, "length": length}
                if language:
                    entity["language"] = language
            else:
                entity = {"type": "italic" if c == ord("_") else "bold", "offset": offset, "length": length}
            if entity is not None:
                entities.append(entity)
        i += 3 if is_pre else 1
    return out.decode("utf-8", "replace"), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


# --- text: what Telegram keeps after parsing ---------------------------------------------------

_PARSERS: dict[str, Callable[[str], tuple[str, list[JSON]]]] = {
    "html": parse_html,
    "markdownv2": parse_markdown_v2,
    "markdown": parse_markdown,
}
_DROPPED = frozenset({0x0D, 0x030A, 0x0333, 0x033F, *range(0x2028, 0x202F)})


@dataclass(frozen=True)
class FormattedText:
    """Text and entities as Telegram stores them: parsed, cleaned and trimmed."""

    text: str
    entities: list[JSON]


def _clean_and_trim(text: str, entities: list[JSON]) -> FormattedText:
    """tdlib's fix_formatted_text: control characters become spaces, '\\r' and bidi marks go,
    then spaces and newlines are trimmed from both ends; entity offsets follow."""
    kept: list[str] = []
    new_offset = [0] * (utf16_length(text) + 1)  # old UTF-16 offset -> new one
    old = new = 0
    for ch in text:
        units = 2 if ord(ch) > 0xFFFF else 1
        if ord(ch) in _DROPPED:
            for k in range(units):
                new_offset[old + k] = new
        else:
            for k in range(units):
                new_offset[old + k] = new + k
            kept.append(" " if ord(ch) < 32 and ch != "\n" else ch)
            new += units
        old += units
    new_offset[old] = new
    moved = []
    for entity in entities:
        start = new_offset[min(entity["offset"], old)]
        end = new_offset[min(entity["offset"] + entity["length"], old)]
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    cleaned = "".join(kept).rstrip(" \n")
    limit = utf16_length(cleaned)
    clipped = [{**e, "length": min(e["length"], limit - e["offset"])} for e in moved if e["offset"] < limit]
    first_entity = min((e["offset"] for e in clipped), default=len(cleaned))
    lead = 0
    while lead < min(first_entity, len(cleaned)) and cleaned[lead] in " \n":
        lead += 1
    return FormattedText(cleaned[lead:], [{**e, "offset": e["offset"] - lead} for e in clipped])


def _count(text: str, unit: str) -> int:
    return utf16_length(text) if unit == "utf16" else len(text)


# --- requests ------------------------------------------------------------------------------------


def _to_bool(value: Any) -> bool:
    """Telegram's reading of a boolean parameter: true, yes and 1 in any case."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "1")


class _Params:
    """The parameters of one request, read the way the Bot API reads them."""

    def __init__(self, values: JSON, client_gone: Callable[[], bool]) -> None:
        self.values = values
        self.client_gone = client_gone

    def has(self, name: str) -> bool:
        return name in self.values and self.values[name] is not None

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict | list):
            return json.dumps(value)
        if isinstance(value, UploadedFile):
            return ""
        return str(value)

    def boolean(self, name: str) -> bool:
        return self.has(name) and _to_bool(self.values[name])

    def integer(self, name: str, default: int = 0) -> int:
        raw = self.text(name).strip()
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError:
            return default

    def json(self, name: str, what: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {what} JSON object") from None

    def file(self, name: str) -> UploadedFile | str | None:
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.values.get(value[len("attach://") :])
        if isinstance(value, UploadedFile) or (isinstance(value, str) and value):
            return value
        return None


_JSON_PARAMS = {
    "reply_markup",
    "reply_parameters",
    "results",
    "commands",
    "scope",
    "allowed_updates",
    "entities",
    "caption_entities",
    "link_preview_options",
    "button",
}


def _parse_body(content_type: str, body: bytes) -> JSON:
    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        try:
            value = json.loads(body)
        except ValueError:
            raise _bad("can't parse JSON object") from None
        if not isinstance(value, dict):
            raise _bad("can't parse JSON object")
        return value
    if kind == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        values: JSON = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                values[name] = UploadedFile(filename, part.get_content_type(), content)
            else:
                values[name] = content.decode("utf-8", "replace")
        return values
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _checked_photo(content: bytes) -> tuple[int, int]:
    """An uploaded photo's size, or Telegram's refusal: at most 10 MB, a picture it can read,
    width and height adding up to at most 10,000 and neither over 20 times the other."""
    if len(content) > PHOTO_MAX_BYTES:
        raise _bad("PHOTO_SAVE_FILE_INVALID")
    size = image_size(content)
    if size is None:
        raise _bad("IMAGE_PROCESS_FAILED")
    width, height = size
    if width + height > PHOTO_MAX_SIDES or max(width, height) > PHOTO_MAX_RATIO * min(width, height):
        raise _bad("PHOTO_INVALID_DIMENSIONS")
    return size


def _kept_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size Telegram keeps of a photo: its own, or scaled to 1280 on the longer side."""
    width, height = size
    scale = min(1.0, PHOTO_MAX_SIDE_KEPT / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _recordable(values: JSON) -> JSON:
    """Parameters as a test wants to read them: JSON-valued ones decoded, scalars as received."""
    record = dict(values)
    for name in _JSON_PARAMS & record.keys():
        if isinstance(record[name], str):
            with contextlib.suppress(ValueError):
                record[name] = json.loads(record[name])
    return record


# --- the fake ------------------------------------------------------------------------------------


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


@dataclass
class _Fault:
    status: int
    retry_after: int
    description: str | None
    times: int


@dataclass
class _State:
    """Everything the fake remembers; guarded by FakeBotAPI._lock."""

    chats: dict[int, JSON] = field(default_factory=dict)
    users: dict[int, JSON] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)
    admins: dict[int, list[int]] = field(default_factory=dict)
    owners: dict[int, int] = field(default_factory=dict)
    messages: dict[tuple[int, int], JSON] = field(default_factory=dict)
    bot_messages: list[tuple[int, int]] = field(default_factory=list)
    deleted: set[tuple[int, int]] = field(default_factory=set)
    next_message_id: dict[int, int] = field(default_factory=dict)
    updates: list[JSON] = field(default_factory=list)
    allowed_updates: frozenset[str] | None = None
    poll_generation: int = 0
    waiting_polls: int = 0
    webhook: JSON | None = None
    files: dict[str, _StoredFile] = field(default_factory=dict)
    open_callback_queries: set[str] = field(default_factory=set)
    open_inline_queries: set[str] = field(default_factory=set)
    commands: dict[tuple[str, str], list[JSON]] = field(default_factory=dict)
    descriptions: dict[tuple[str, str], str] = field(default_factory=dict)
    blocked_by: set[int] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, list[_Fault]] = field(default_factory=dict)
    delays: dict[str, list[float]] = field(default_factory=dict)


_MISSING: Any = object()


class FakeBotAPI:
    """A Bot API server on 127.0.0.1 for one bot; see the module docstring for the whole API."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",
        bot_id: int = 1000,
        bot_username: str = "negobot_test_bot",
        length_unit: Literal["utf16", "codepoint"] = "utf16",
    ) -> None:
        self.token = token
        self.length_unit = length_unit
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Negobot Test",
            "username": bot_username,
        }
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._state = _State()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(100_000)
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.url = ""
        self._methods: dict[str, Callable[[_Params], Any]] = {
            name[len("_m_") :].replace("_", "").lower(): getattr(self, name)
            for name in dir(self)
            if name.startswith("_m_")
        }
        self._canonical = {
            key: _canonical_name(name[len("_m_") :])
            for name in dir(self)
            if name.startswith("_m_")
            for key in [name[len("_m_") :].replace("_", "").lower()]
        }

    # --- lifecycle ---

    def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and serve in a background thread."""
        if self._server is not None:
            return
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.api = self  # type: ignore[attr-defined]
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.005}, name="fake-bot-api", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving: long polls and delays end at once, open connections are closed."""
        if self._server is None:
            return
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- inspection ---

    @property
    def calls(self) -> list[Call]:
        """Every request answered so far, oldest first."""
        with self._lock:
            return list(self._state.calls)

    def calls_to(self, method: str) -> list[Call]:
        """The calls to one method (case-insensitive)."""
        wanted = method.lower()
        return [c for c in self.calls if c.method.lower() == wanted]

    @property
    def rejected(self) -> list[Call]:
        """Every non-2xx answer the server gave, except the faults a test injected."""
        return [c for c in self.calls if c.status >= 300 and not c.injected]

    def sent_messages(self, chat_id: int | None = None, *, include_deleted: bool = False) -> list[JSON]:
        """Messages the bot created, in sending order, as they are now (edits applied)."""
        with self._lock:
            return [
                copy.deepcopy(self._state.messages[key])
                for key in self._state.bot_messages
                if (chat_id is None or key[0] == chat_id)
                and (include_deleted or key not in self._state.deleted)
            ]

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """The message as it is now (None if never seen); deleted messages are still returned."""
        with self._lock:
            found = self._state.messages.get((chat_id, message_id))
            return copy.deepcopy(found) if found is not None else None

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._state.updates)

    @property
    def waiting_polls(self) -> int:
        """How many getUpdates calls are blocked in a long poll right now."""
        with self._lock:
            return self._state.waiting_polls

    @property
    def webhook(self) -> JSON | None:
        """The webhook set by setWebhook, or None."""
        with self._lock:
            return copy.deepcopy(self._state.webhook)

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command list set for a scope (default scope if None) and language."""
        with self._lock:
            return copy.deepcopy(self._state.commands.get((_scope_key(scope), language_code), []))

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until predicate() is true, polling with asyncio.sleep; TimeoutError names the last calls."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(self._timeout_message(predicate, timeout))
            await asyncio.sleep(0.01)

    def wait_for_sync(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """wait_for for code that has no event loop (e.g. a bot running in a subprocess)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(self._timeout_message(predicate, timeout))
            time.sleep(0.01)

    def _timeout_message(self, predicate: Callable[[], bool], timeout: float) -> str:
        name = getattr(predicate, "__qualname__", repr(predicate))
        recent = self.calls[-10:]
        lines = [f"  {c.method} -> {c.status} {_summary(c)}" for c in recent] or ["  (no calls)"]
        return f"{name} still false after {timeout} s; last calls to the fake Bot API:\n" + "\n".join(lines)

    # --- fault injection ---

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of method with an error (429, 500, 502, 409, 400, 403...)."""
        with self._lock:
            self._state.faults.setdefault(method.lower(), []).append(
                _Fault(status, retry_after, description, times)
            )

    def delay_next(self, method: str, seconds: float) -> None:
        """Hold the next call of method for `seconds` before carrying it out (to provoke client timeouts)."""
        with self._lock:
            self._state.delays.setdefault(method.lower(), []).append(seconds)

    def block_bot(self, user_id: int) -> None:
        """From now on, sending to this user's private chat answers 403 'bot was blocked by the user'."""
        with self._lock:
            self._state.blocked_by.add(user_id)

    # --- feeding updates ---

    def add_update(self, update: JSON) -> JSON:
        """Queue a raw update; the chats, users and messages in it become known. Returns it, numbered."""
        update = copy.deepcopy(update)
        with self._changed:
            update["update_id"] = next(self._update_ids)
            self._learn(update)
            self._state.updates.append(update)
            self._changed.notify_all()
            return copy.deepcopy(update)

    def private_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Ann",
        language_code: str = "en",
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A user writes to the bot in their private chat."""
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        message = self._new_message(chat, user, text=text)
        if reply_to_message_id is not None:
            replied = self.message(user_id, reply_to_message_id)
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {user_id} to reply to")
            replied.pop("reply_to_message", None)
            message["reply_to_message"] = replied
        return self.add_update({"message": message})

    def group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "supergroup",
        reply_to: JSON | None = None,
    ) -> JSON:
        """A user writes in a group; reply_to is a Message dict (e.g. one the bot sent)."""
        chat = self._group_chat(chat_id, chat_type)
        message = self._new_message(chat, self._user(user_id), text=text)
        if reply_to is not None:
            replied = copy.deepcopy(reply_to)
            replied.pop("reply_to_message", None)
            message["reply_to_message"] = replied
        return self.add_update({"message": message})

    def channel_post(self, chat_id: int, text: str) -> JSON:
        """A post in a channel: sender_chat is the channel, there is no from."""
        chat = self._group_chat(chat_id, "channel")
        message = self._new_message(chat, None, text=text)
        message["sender_chat"] = copy.deepcopy(chat)
        return self.add_update({"channel_post": message})

    def edited_message(self, original: JSON, text: str) -> JSON:
        """The author edits a message fed earlier to the new text."""
        edited = copy.deepcopy(original)
        edited["text"] = text
        edited["entities"] = _user_entities(text, self.bot_user["username"])
        if not edited["entities"]:
            del edited["entities"]
        edited["edit_date"] = int(time.time())
        key = "edited_channel_post" if edited["chat"]["type"] == "channel" else "edited_message"
        return self.add_update({key: edited})

    def sticker_message(self, chat_id: int, user_id: int) -> JSON:
        """A user sends a sticker."""
        stored = self._store_file(_TINY_JPEG, "stickers", "webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": len(stored.content),
        }
        message = self._new_message(self._chat_for(chat_id, user_id), self._user(user_id), sticker=sticker)
        return self.add_update({"message": message})

    def photo_message(
        self, chat_id: int, user_id: int, *, caption: str | None = None, content: bytes = _TINY_JPEG
    ) -> JSON:
        """A user sends a photo (registered for getFile and download)."""
        message = self._new_message(
            self._chat_for(chat_id, user_id), self._user(user_id), photo=self._photo_sizes(content)
        )
        if caption is not None:
            message["caption"] = caption
        return self.add_update({"message": message})

    def document_message(
        self,
        chat_id: int,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        mime_type: str = "text/plain",
    ) -> JSON:
        """A user sends a file (registered for getFile and download)."""
        stored = self._store_file(
            content, "documents", file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        message = self._new_message(self._chat_for(chat_id, user_id), self._user(user_id), document=document)
        if caption is not None:
            message["caption"] = caption
        return self.add_update({"message": message})

    def inline_query(self, user_id: int, query: str) -> JSON:
        """A user types '@bot query' in some chat."""
        query_id = str(next(self._ids) * 7919)
        with self._lock:
            self._state.open_inline_queries.add(query_id)
        inline = {
            "id": query_id,
            "from": self._user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        return self.add_update({"inline_query": inline})

    def callback_query(self, user_id: int, message: JSON, data: str) -> JSON:
        """A user presses an inline button with callback data on a message."""
        current = self.message(message["chat"]["id"], message["message_id"]) or copy.deepcopy(message)
        query_id = str(next(self._ids) * 104729)
        with self._lock:
            self._state.open_callback_queries.add(query_id)
        callback = {
            "id": query_id,
            "from": self._user(user_id),
            "message": current,
            "chat_instance": str(abs(message["chat"]["id"]) * 31),
            "data": data,
        }
        return self.add_update({"callback_query": callback})

    def set_chat_admins(self, chat_id: int, user_ids: list[int], *, owner: int | None = None) -> None:
        """Make a group known with these administrators (and optionally an owner)."""
        with self._lock:
            if chat_id not in self._state.chats:
                self._group_chat(chat_id, "supergroup")
            self._state.admins[chat_id] = list(user_ids)
            if owner is not None:
                self._state.owners[chat_id] = owner
            self._state.members.setdefault(chat_id, set()).update(user_ids)

    def register_chat(self, chat: JSON) -> None:
        """Make a chat known (a Chat dict with at least id and type), so the bot may write to it."""
        with self._lock:
            self._state.chats[chat["id"]] = copy.deepcopy(chat)

    # --- webhook delivery ---

    def deliver_webhook(self, update: JSON, *, secret_token: str | None = _MISSING) -> int:
        """POST an update to the registered webhook like Telegram does; returns the HTTP status.

        Blocks: from inside the event loop that runs the bot, use deliver_webhook_async.
        The update leaves the pending queue. Only loopback webhooks are contacted.
        """
        with self._lock:
            hook = copy.deepcopy(self._state.webhook)
            if hook is None:
                raise RuntimeError("no webhook is set; the bot has not called setWebhook")
            update = copy.deepcopy(update)
            if "update_id" not in update:
                update["update_id"] = next(self._update_ids)
                self._learn(update)
            self._state.updates = [u for u in self._state.updates if u["update_id"] != update["update_id"]]
        host = urlsplit(hook["url"]).hostname or ""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise RuntimeError(f"refusing to deliver to non-loopback webhook {hook['url']}")
        headers = {"Content-Type": "application/json"}
        secret = hook.get("secret_token") if secret_token is _MISSING else secret_token
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(hook["url"], data=json.dumps(update).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    async def deliver_webhook_async(self, update: JSON, *, secret_token: str | None = _MISSING) -> int:
        """deliver_webhook in a worker thread, so the bot's event loop can answer it."""
        return await asyncio.to_thread(self.deliver_webhook, update, secret_token=secret_token)

    # --- bookkeeping (callers hold self._lock or are in a method handler) ---

    def _user(self, user_id: int) -> JSON:
        with self._lock:
            if user_id == self.bot_user["id"]:
                return dict(self.bot_user)
            known = self._state.users.get(user_id)
            return dict(known) if known else {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}

    def _group_chat(self, chat_id: int, chat_type: str) -> JSON:
        with self._lock:
            chat = self._state.chats.get(chat_id)
            if chat is None:
                chat = {"id": chat_id, "type": chat_type, "title": f"{chat_type.title()} {chat_id}"}
                self._state.chats[chat_id] = chat
            return copy.deepcopy(chat)

    def _chat_for(self, chat_id: int, user_id: int) -> JSON:
        if chat_id == user_id:
            user = self._user(user_id)
            return {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        return self._group_chat(chat_id, "supergroup")

    def _new_message(self, chat: JSON, sender: JSON | None, **content: Any) -> JSON:
        with self._lock:
            message_id = self._state.next_message_id.get(chat["id"], 1)
            self._state.next_message_id[chat["id"]] = message_id + 1
        message: JSON = {"message_id": message_id, "date": int(time.time()), "chat": copy.deepcopy(chat)}
        if sender is not None:
            message["from"] = sender
        message.update(content)
        if isinstance(content.get("text"), str):
            entities = _user_entities(content["text"], self.bot_user["username"])
            if entities:
                message["entities"] = entities
        return message

    def _learn(self, update: JSON) -> None:
        """Remember the chats, users and messages an update shows."""
        for key, value in update.items():
            if not isinstance(value, dict):
                continue
            if key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                self._learn_message(value)
            elif key == "callback_query" and isinstance(value.get("message"), dict):
                self._learn_message(value["message"])
            if isinstance(value.get("from"), dict) and not value["from"].get("is_bot"):
                self._state.users[value["from"]["id"]] = copy.deepcopy(value["from"])
            if isinstance(value.get("chat"), dict):
                self._state.chats.setdefault(value["chat"]["id"], copy.deepcopy(value["chat"]))

    def _learn_message(self, message: JSON) -> None:
        chat_id = message["chat"]["id"]
        self._state.chats.setdefault(chat_id, copy.deepcopy(message["chat"]))
        sender = message.get("from")
        if isinstance(sender, dict):
            self._state.members.setdefault(chat_id, set()).add(sender["id"])
            if not sender.get("is_bot"):
                self._state.users[sender["id"]] = copy.deepcopy(sender)
        key = (chat_id, message["message_id"])
        if sender is None or sender.get("id") != self.bot_user["id"] or key not in self._state.messages:
            self._state.messages[key] = copy.deepcopy(message)
        nxt = self._state.next_message_id.get(chat_id, 1)
        self._state.next_message_id[chat_id] = max(nxt, message["message_id"] + 1)

    def _store_file(self, content: bytes, folder: str, extension: str) -> _StoredFile:
        n = next(self._ids)
        suffix = f".{extension}" if extension else ""
        stored = _StoredFile(f"BQACAgIAAxk{n:09d}", f"AgAD{n:06d}", f"{folder}/file_{n}{suffix}", content)
        with self._lock:
            self._state.files[stored.file_id] = stored
        return stored

    def _photo_sizes(self, content: bytes) -> list[JSON]:
        stored = self._store_file(content, "photos", "jpg")
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 320,
                "height": 240,
                "file_size": len(content),
            }
        ]

    def _take(self, method: str) -> tuple[_Fault | None, float]:
        with self._lock:
            delays = self._state.delays.get(method)
            delay = delays.pop(0) if delays else 0.0
            faults = self._state.faults.get(method)
            fault = None
            if faults:
                fault = faults[0]
                fault.times -= 1
                if fault.times <= 0:
                    faults.pop(0)
            return fault, delay

    # --- shared checks for the method handlers ---

    def _chat(self, p: _Params, *, sending: bool = False) -> JSON:
        raw = p.text("chat_id").strip()
        if not raw:
            raise _bad("chat_id is empty")
        with self._lock:
            chat: JSON | None
            if raw.startswith("@"):
                wanted = raw[1:].lower()
                chat = next(
                    (c for c in self._state.chats.values() if str(c.get("username", "")).lower() == wanted),
                    None,
                )
            else:
                try:
                    chat = self._state.chats.get(int(raw))
                except ValueError:
                    chat = None
            if chat is None:
                raise _bad("chat not found")
            if sending and chat["type"] == "private" and chat["id"] in self._state.blocked_by:
                raise _Refusal(403, "Forbidden: bot was blocked by the user")
            return copy.deepcopy(chat)

    def _format(self, raw: str, parse_mode: str, entities: Any, *, caption: bool) -> FormattedText | None:
        """Text as Telegram keeps it, or a refusal in sendMessage's words; None for an empty caption."""
        if not raw:
            if caption:
                return None
            raise _bad("message text is empty")
        mode = parse_mode.strip().lower()
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise _bad("strings must be encoded in UTF-8") from None
        if mode in ("", "none"):
            plain, found = raw, _given_entities(entities)
        elif mode in _PARSERS:
            try:
                plain, found = _PARSERS[mode](raw)
            except EntityParseError as error:
                raise _bad(f"can't parse entities: {error}") from None
        else:
            raise _bad("unsupported parse_mode")
        formatted = _clean_and_trim(plain, found)
        if not formatted.text:
            if caption:
                return None
            raise _bad("text must be non-empty")
        limit = CAPTION_MAX_LENGTH if caption else MESSAGE_MAX_LENGTH
        if _count(formatted.text, self.length_unit) > limit:
            raise _bad("message caption is too long" if caption else "message is too long")
        return formatted

    def _text_of(self, p: _Params) -> FormattedText:
        formatted = self._format(
            p.text("text"), p.text("parse_mode"), p.json("entities", "entities"), caption=False
        )
        assert formatted is not None
        return formatted

    def _caption_of(self, p: _Params) -> FormattedText | None:
        return self._format(
            p.text("caption"),
            p.text("parse_mode"),
            p.json("caption_entities", "caption entities"),
            caption=True,
        )

    def _markup(self, p: _Params) -> JSON | None:
        if not p.has("reply_markup"):
            return None
        value = p.json("reply_markup", "reply keyboard markup")
        return None if value is None else _check_markup(value)

    def _reply_to(self, p: _Params, chat: JSON) -> JSON | None:
        chat_id, allow = chat["id"], p.boolean("allow_sending_without_reply")
        if p.has("reply_parameters"):
            params = p.json("reply_parameters", "reply parameters")
            if params is None or params == {}:
                return None
            if not isinstance(params, dict):
                raise _bad("object expected as reply parameters")
            if "message_id" not in params:
                raise _bad("can't parse reply parameters: Can't find field \"message_id\"")
            message_id = int(params["message_id"])
            allow = _to_bool(params.get("allow_sending_without_reply", False))
            if params.get("chat_id") not in (None, ""):
                chat_id = self._chat(_Params({"chat_id": params["chat_id"]}, p.client_gone))["id"]
        else:
            message_id = p.integer("reply_to_message_id")
        if message_id <= 0:
            return None
        with self._lock:
            key = (chat_id, message_id)
            found = self._state.messages.get(key)
            if found is None or key in self._state.deleted:
                if allow:
                    return None
                raise _bad("message to be replied not found")
            replied = copy.deepcopy(found)
        replied.pop("reply_to_message", None)
        return replied

    def _bot_message(self, chat: JSON, reply_to: JSON | None, markup: JSON | None, **content: Any) -> JSON:
        """Create and remember a message the bot sent."""
        with self._lock:
            message_id = self._state.next_message_id.get(chat["id"], 1)
            self._state.next_message_id[chat["id"]] = message_id + 1
            message: JSON = {"message_id": message_id}
            if chat["type"] == "channel":
                message["sender_chat"] = copy.deepcopy(chat)
            else:
                message["from"] = dict(self.bot_user)
            message.update(date=int(time.time()), chat=copy.deepcopy(chat))
            if reply_to is not None:
                message["reply_to_message"] = reply_to
            message.update({k: v for k, v in content.items() if v not in (None, [])})
            keyboard = _inline_keyboard(markup)
            if keyboard is not None:
                message["reply_markup"] = keyboard
            key = (chat["id"], message_id)
            self._state.messages[key] = message
            self._state.bot_messages.append(key)
            return copy.deepcopy(message)

    def _editable(self, p: _Params) -> JSON:
        """The stored message an edit applies to (edits change it in place, under the lock)."""
        chat = self._chat(p)
        message_id = p.integer("message_id")
        if message_id <= 0:
            raise _bad("message identifier is not specified")
        key = (chat["id"], message_id)
        with self._lock:
            found = self._state.messages.get(key)
            if found is None or key in self._state.deleted:
                raise _bad("message to edit not found")
            if found.get("from", {}).get("id") != self.bot_user["id"] and "sender_chat" not in found:
                raise _bad("message can't be edited")
            return found

    def _member(self, chat: JSON, user_id: int) -> JSON:
        user = self._user(user_id)
        with self._lock:
            if chat["type"] == "private":
                if user_id not in (chat["id"], self.bot_user["id"]):
                    raise _bad("user not found")
                return {"status": "member", "user": user}
            if self._state.owners.get(chat["id"]) == user_id:
                return {"status": "creator", "user": user, "is_anonymous": False}
            if user_id in self._state.admins.get(chat["id"], []):
                return {"status": "administrator", "user": user, **_ADMIN_RIGHTS}
            present = user_id in self._state.members.get(chat["id"], set()) or user_id == self.bot_user["id"]
            return {"status": "member" if present else "left", "user": user}

    def _allowed(self, update: JSON) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        allowed = self._state.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES if allowed is None else kind in allowed

    # --- the Bot API methods: _m_<snake_case name>(params) -> result, or raise _Refusal ---

    def _m_get_me(self, p: _Params) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_log_out(self, p: _Params) -> bool:
        return True

    def _m_close(self, p: _Params) -> bool:
        return True

    def _m_get_updates(self, p: _Params) -> list[JSON]:
        with self._changed:
            state = self._state
            if state.webhook is not None:
                raise _Refusal(409, WEBHOOK_CONFLICT)
            state.poll_generation += 1
            generation = state.poll_generation
            self._changed.notify_all()
            if p.has("offset"):
                offset = p.integer("offset")
                if offset < 0:
                    state.updates = state.updates[offset:]
                else:
                    state.updates = [u for u in state.updates if u["update_id"] >= offset]
            if p.has("allowed_updates"):
                allowed = p.json("allowed_updates", "allowed updates")
                state.allowed_updates = frozenset(allowed) if isinstance(allowed, list) and allowed else None
            limit = p.integer("limit", 100)
            limit = limit if 1 <= limit <= 100 else 100
            deadline = time.monotonic() + max(0, p.integer("timeout"))
            state.waiting_polls += 1
            try:
                while True:
                    if generation != state.poll_generation:
                        self._await_hang_up(p)
                        raise _Refusal(409, GET_UPDATES_CONFLICT)
                    state.updates = [u for u in state.updates if self._allowed(u)]
                    remaining = deadline - time.monotonic()
                    if state.updates or remaining <= 0 or self._stopping.is_set():
                        return copy.deepcopy(state.updates[:limit])
                    self._changed.wait(min(remaining, 0.05))
                    if p.client_gone():
                        raise _ClientGone
            finally:
                state.waiting_polls -= 1

    def _await_hang_up(self, p: _Params) -> None:
        """A newer getUpdates arrived: if this client is leaving (a cancelled poll), let it go quietly."""
        for _ in range(5):
            if p.client_gone():
                raise _ClientGone
            self._changed.wait(0.05)

    def _m_set_webhook(self, p: _Params) -> bool:
        url = p.text("url").strip()
        with self._changed:
            if p.boolean("drop_pending_updates"):
                self._state.updates.clear()
            if not url:
                self._state.webhook = None
                return True
            split = urlsplit(url)
            if split.scheme not in ("http", "https") or not split.hostname:
                raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
            secret = p.text("secret_token")
            if len(secret) > 256:
                raise _bad("secret token is too long")
            if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
                raise _bad("secret token contains unallowed characters")
            allowed = p.json("allowed_updates", "allowed updates")
            self._state.webhook = {
                "url": url,
                "secret_token": secret or None,
                "max_connections": p.integer("max_connections", 40),
                "allowed_updates": allowed if isinstance(allowed, list) else None,
            }
            self._changed.notify_all()
            return True

    def _m_delete_webhook(self, p: _Params) -> bool:
        with self._lock:
            if p.boolean("drop_pending_updates"):
                self._state.updates.clear()
            self._state.webhook = None
            return True

    def _m_get_webhook_info(self, p: _Params) -> JSON:
        with self._lock:
            hook = self._state.webhook
            info: JSON = {
                "url": hook["url"] if hook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._state.updates),
            }
            if hook:
                info.update(ip_address="127.0.0.1", max_connections=hook["max_connections"])
                if hook["allowed_updates"]:
                    info["allowed_updates"] = hook["allowed_updates"]
            return info

    def _m_send_message(self, p: _Params) -> JSON:
        _require_chat_id(p)
        text = self._text_of(p)
        markup = self._markup(p)
        chat = self._chat(p, sending=True)
        reply_to = self._reply_to(p, chat)
        return self._bot_message(chat, reply_to, markup, text=text.text, entities=text.entities)

    def _m_send_photo(self, p: _Params) -> JSON:
        return self._send_file(p, "photo")

    def _m_send_document(self, p: _Params) -> JSON:
        return self._send_file(p, "document")

    def _send_file(self, p: _Params, kind: Literal["photo", "document"]) -> JSON:
        _require_chat_id(p)
        caption = self._caption_of(p)
        markup = self._markup(p)
        chat = self._chat(p, sending=True)
        given = p.file(kind)
        if given is None:
            raise _bad(f"there is no {kind} in the request")
        name, mime = f"file.{'jpg' if kind == 'photo' else 'bin'}", "application/octet-stream"
        size: tuple[int, int] | None = None
        if isinstance(given, UploadedFile):
            if not given.content:
                raise _bad("file must be non-empty")
            if kind == "photo":
                size = _checked_photo(given.content)
            name, mime = given.filename or name, given.content_type or mime
            stored = self._store_file(
                given.content, f"{kind}s", name.rsplit(".", 1)[-1] if "." in name else ""
            )
        else:
            with self._lock:
                known = self._state.files.get(given)
            if known is not None:
                stored = known
            elif checked_link(given) and given.startswith(("http://", "https://")):
                stored = self._store_file(b"", f"{kind}s", "")
            else:
                raise _bad("wrong file identifier/HTTP URL specified")
        reply_to = self._reply_to(p, chat)
        media: Any
        if kind == "photo":
            width, height = _kept_size(size or (320, 240))
            media = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": width,
                    "height": height,
                    "file_size": len(stored.content),
                }
            ]
        else:
            media = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": name,
                "mime_type": mime,
                "file_size": len(stored.content),
            }
        return self._bot_message(
            chat,
            reply_to,
            markup,
            **{kind: media},
            caption=caption.text if caption else None,
            caption_entities=caption.entities if caption else None,
        )

    def _m_edit_message_text(self, p: _Params) -> JSON | bool:
        text = self._text_of(p)
        markup = self._markup(p)
        if p.has("inline_message_id"):
            return True
        found = self._editable(p)
        keyboard = _inline_keyboard(markup)
        with self._lock:
            if "text" not in found:
                raise _bad("there is no text in the message to edit")
            same = (found["text"], found.get("entities", []), found.get("reply_markup")) == (
                text.text,
                text.entities,
                keyboard,
            )
            if same:
                raise _bad(NOT_MODIFIED)
            found["text"] = text.text
            _set_or_drop(found, "entities", text.entities or None)
            _set_or_drop(found, "reply_markup", keyboard)
            found["edit_date"] = int(time.time())
            return copy.deepcopy(found)

    def _m_edit_message_reply_markup(self, p: _Params) -> JSON | bool:
        markup = self._markup(p)
        if p.has("inline_message_id"):
            return True
        found = self._editable(p)
        keyboard = _inline_keyboard(markup)
        with self._lock:
            if found.get("reply_markup") == keyboard:
                raise _bad(NOT_MODIFIED)
            _set_or_drop(found, "reply_markup", keyboard)
            found["edit_date"] = int(time.time())
            return copy.deepcopy(found)

    def _m_delete_message(self, p: _Params) -> bool:
        chat = self._chat(p)
        key = (chat["id"], p.integer("message_id"))
        with self._lock:
            found = self._state.messages.get(key)
            if found is None or key in self._state.deleted:
                raise _bad("message to delete not found")
            own = found.get("from", {}).get("id") == self.bot_user["id"]
            is_admin = self.bot_user["id"] in self._state.admins.get(chat["id"], [])
            if not (own or chat["type"] == "private" or is_admin):
                raise _bad("message can't be deleted")
            self._state.deleted.add(key)
            return True

    def _m_send_chat_action(self, p: _Params) -> bool:
        self._chat(p, sending=True)
        if p.text("action").strip().lower() not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _m_answer_callback_query(self, p: _Params) -> bool:
        query_id = p.text("callback_query_id")
        with self._lock:
            if query_id not in self._state.open_callback_queries:
                raise _bad(QUERY_TOO_OLD)
            if _count(p.text("text"), self.length_unit) > CALLBACK_ANSWER_MAX_LENGTH:
                raise _bad("MESSAGE_TOO_LONG")
            self._state.open_callback_queries.discard(query_id)
            return True

    def _m_answer_inline_query(self, p: _Params) -> bool:
        query_id = p.text("inline_query_id")
        results = p.json("results", "inline query results")
        if results is None:
            results = []
        if not isinstance(results, list):
            raise _bad("expected an Array of inline query results")
        if len(results) > INLINE_RESULTS_MAX:
            raise _bad("too many inline query results specified")
        ids = [self._check_inline_result(result) for result in results]
        with self._lock:
            if query_id not in self._state.open_inline_queries:
                raise _bad(QUERY_TOO_OLD)
            for result_id in ids:
                if not result_id:
                    raise _bad("RESULT_ID_EMPTY")
                if len(result_id.encode("utf-8")) > INLINE_RESULT_ID_MAX_BYTES:
                    raise _bad("RESULT_ID_INVALID")
            if len(set(ids)) != len(ids):
                raise _bad("RESULT_ID_DUPLICATE")
            self._state.open_inline_queries.discard(query_id)
            return True

    def _check_inline_result(self, result: Any) -> str:
        """Validate one InlineQueryResult the way the Bot API parses it; returns its id."""
        prefix = "can't parse inline query result: "
        if not isinstance(result, dict):
            raise _bad(prefix + "Inline query result must be an object")
        for name in ("type", "id"):
            if not isinstance(result.get(name), str | int) or isinstance(result.get(name), bool):
                raise _bad(prefix + f'Can\'t find field "{name}"')
        kind = str(result["type"]).lower()
        content = result.get("input_message_content")
        text = content.get("message_text") if isinstance(content, dict) else None
        if kind == "article" and not text:
            raise _bad(prefix + "Input message content is not specified")
        if kind == "article" and not isinstance(result.get("title"), str):
            raise _bad(prefix + 'Can\'t find field "title"')
        try:
            if isinstance(content, dict) and text:
                self._format(
                    str(text), str(content.get("parse_mode") or ""), content.get("entities"), caption=False
                )
            if result.get("caption"):
                self._format(
                    str(result["caption"]),
                    str(result.get("parse_mode") or ""),
                    result.get("caption_entities"),
                    caption=True,
                )
            if result.get("reply_markup") is not None:
                _check_markup(result["reply_markup"])
        except _Refusal as refusal:
            detail = refusal.description.removeprefix("Bad Request: ")
            if detail in ("message is too long", "message caption is too long"):
                raise _bad("MESSAGE_TOO_LONG") from None
            if detail.isupper() or detail == "text must be non-empty":
                raise
            raise _bad(prefix + detail[:1].upper() + detail[1:]) from None
        return str(result["id"])

    def _m_set_my_commands(self, p: _Params) -> bool:
        commands = p.json("commands", "commands")
        if commands is None:
            commands = []
        if not isinstance(commands, list):
            raise _bad("expected an Array of BotCommand")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand: expected an Object")
            for name in ("command", "description"):
                if not isinstance(command.get(name), str):
                    raise _bad(f"can't parse BotCommand: Can't find field \"{name}\"")
        scope = self._scope(p)
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"].removeprefix("/")):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        clean = [
            {"command": c["command"].removeprefix("/"), "description": c["description"]} for c in commands
        ]
        with self._lock:
            self._state.commands[(scope, p.text("language_code"))] = clean
        return True

    def _m_get_my_commands(self, p: _Params) -> list[JSON]:
        scope = self._scope(p)
        with self._lock:
            return copy.deepcopy(self._state.commands.get((scope, p.text("language_code")), []))

    def _m_delete_my_commands(self, p: _Params) -> bool:
        scope = self._scope(p)
        with self._lock:
            self._state.commands.pop((scope, p.text("language_code")), None)
        return True

    def _scope(self, p: _Params) -> str:
        scope = p.json("scope", "BotCommandScope")
        if scope is None:
            return _scope_key(None)
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise _bad("can't parse BotCommandScope: Unsupported type specified")
        if scope["type"] in ("chat", "chat_administrators", "chat_member"):
            self._chat(_Params({"chat_id": scope.get("chat_id")}, p.client_gone))
        return _scope_key(scope)

    def _m_set_my_description(self, p: _Params) -> bool:
        return self._set_description(p, "description", 512)

    def _m_set_my_short_description(self, p: _Params) -> bool:
        return self._set_description(p, "short_description", 120)

    def _set_description(self, p: _Params, name: str, limit: int) -> bool:
        text = p.text(name)
        if len(text) > limit:
            raise _bad(f"{name.replace('_', ' ')} is too long")
        with self._lock:
            self._state.descriptions[(name, p.text("language_code"))] = text
        return True

    def _m_get_my_description(self, p: _Params) -> JSON:
        with self._lock:
            return {"description": self._state.descriptions.get(("description", p.text("language_code")), "")}

    def _m_get_my_short_description(self, p: _Params) -> JSON:
        with self._lock:
            key = ("short_description", p.text("language_code"))
            return {"short_description": self._state.descriptions.get(key, "")}

    def _m_get_file(self, p: _Params) -> JSON:
        with self._lock:
            found = self._state.files.get(p.text("file_id"))
        if found is None:
            raise _bad("invalid file_id")
        return {
            "file_id": found.file_id,
            "file_unique_id": found.file_unique_id,
            "file_size": len(found.content),
            "file_path": found.file_path,
        }

    def _m_get_chat(self, p: _Params) -> JSON:
        chat = self._chat(p)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def _m_get_chat_member(self, p: _Params) -> JSON:
        chat = self._chat(p)
        user_id = p.integer("user_id")
        if user_id <= 0:
            raise _bad("invalid user_id specified")
        return self._member(chat, user_id)

    def _m_get_chat_administrators(self, p: _Params) -> list[JSON]:
        chat = self._chat(p)
        if chat["type"] == "private":
            raise _bad("there are no administrators in the private chat")
        with self._lock:
            owner = self._state.owners.get(chat["id"])
            ids = ([owner] if owner is not None else []) + self._state.admins.get(chat["id"], [])
        return [self._member(chat, user_id) for user_id in dict.fromkeys(ids)]

    # --- HTTP ---

    def _handle(
        self, path: str, content_type: str, body: bytes, client_gone: Callable[[], bool]
    ) -> tuple[int, bytes]:
        """Answer one request: (status, body)."""
        split = urlsplit(path)
        path = unquote(split.path)
        if path.startswith("/file/bot"):
            return self._download(path[len("/file/bot") :])
        match = re.fullmatch(r"/bot([^/]*)/([^/]*)", path)
        method = match.group(2) if match else path
        try:
            values = dict(parse_qsl(split.query, keep_blank_values=True))
            values.update(_parse_body(content_type, body))
        except _Refusal as refusal:
            return self._answer(method, {}, refusal)
        if match is None or not _TOKEN_FORMAT.fullmatch(match.group(1)):
            return self._answer(method, values, _Refusal(404, "Not Found"))
        if match.group(1) != self.token:
            return self._answer(method, values, _Refusal(401, "Unauthorized"))
        handler = self._methods.get(method.lower())
        if handler is None:
            return self._answer(method, values, _Refusal(404, "Not Found"))
        method = self._canonical[method.lower()]
        fault, delay = self._take(method.lower())
        if delay:
            self._stopping.wait(delay)
        if fault is not None:
            return self._answer(method, values, _injected(fault), injected=True)
        try:
            result = handler(_Params(values, client_gone))
        except _Refusal as refusal:
            return self._answer(method, values, refusal, injected=refusal.status == 403)
        except _ClientGone:
            return 499, b""
        return self._answer(method, values, result)

    def _answer(
        self, method: str, values: JSON, outcome: Any, *, injected: bool = False
    ) -> tuple[int, bytes]:
        if isinstance(outcome, _Refusal):
            status = outcome.status
            response: JSON = {"ok": False, "error_code": status, "description": outcome.description}
            if outcome.parameters:
                response["parameters"] = outcome.parameters
        else:
            status, response = 200, {"ok": True, "result": outcome}
        with self._lock:
            self._state.calls.append(
                Call(method, _recordable(values), status, copy.deepcopy(response), injected)
            )
        if status == 502:
            return status, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        return status, json.dumps(response, ensure_ascii=False).encode("utf-8")

    def _download(self, rest: str) -> tuple[int, bytes]:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return 401, json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
        with self._lock:
            found = next((f for f in self._state.files.values() if f.file_path == file_path), None)
        if found is None:
            return 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()
        return 200, found.content


class _ClientGone(Exception):
    """The client closed the connection while its long poll waited."""


_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}
_CHAT_ACTIONS = frozenset(
    {
        "cancel",
        "typing",
        "record_video",
        "upload_video",
        "record_audio",
        "record_voice",
        "upload_audio",
        "upload_voice",
        "upload_photo",
        "upload_document",
        "choose_sticker",
        "pick_up_location",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_OTHER_BUTTON_KINDS = (
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)


def _require_chat_id(p: _Params) -> None:
    """The Bot API checks chat_id is there before it looks at the text; the chat itself is looked up last."""
    if not p.text("chat_id").strip():
        raise _bad("chat_id is empty")


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


def _inline_keyboard(markup: JSON | None) -> JSON | None:
    """The part of a reply markup a Message carries: only an inline keyboard."""
    if markup is None or not markup.get("inline_keyboard"):
        return None
    return {"inline_keyboard": copy.deepcopy(markup["inline_keyboard"])}


def _given_entities(entities: Any) -> list[JSON]:
    if entities is None:
        return []
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise _bad("can't parse entities JSON object")
    return [
        dict(e) for e in entities if isinstance(e.get("offset"), int) and isinstance(e.get("length"), int)
    ]


def _as_string(value: Any) -> str | None:
    """tdlib reads a JSON string field from a string or a number."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _check_markup(markup: Any) -> JSON:
    """Validate a reply markup as the Bot API and Telegram do; returns it unchanged."""
    if not isinstance(markup, dict):
        raise _bad("object expected as reply markup")
    for name in ("inline_keyboard", "keyboard"):
        rows = markup.get(name)
        if rows is None:
            continue
        if not isinstance(rows, list):
            raise _bad(f'field "{name}" must be of type Array')
        if not all(isinstance(row, list) for row in rows):
            owner = " of the InlineKeyboardMarkup" if name == "inline_keyboard" else ""
            raise _bad(f'field "{name}"{owner} must be an Array of Arrays')
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            _check_inline_button(button)
    return markup


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise _bad(prefix + "InlineKeyboardButton must be an Object")
    for name in ("text", "url", "callback_data"):
        if name in button and _as_string(button[name]) is None:
            raise _bad(prefix + f'Field "{name}" must be of type String')
    if "text" not in button:
        raise _bad(prefix + 'Can\'t find field "text"')
    url = _as_string(button.get("url")) or ""
    data = _as_string(button.get("callback_data")) or ""
    if not url and not data and not any(kind in button for kind in _OTHER_BUTTON_KINDS):
        raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")
    if not _as_string(button["text"]):
        raise _bad("BUTTON_TEXT_INVALID")
    if url and checked_link(url) is None:
        raise _bad("BUTTON_URL_INVALID")
    if not url and data and len(data.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
        raise _bad("BUTTON_DATA_INVALID")


def _canonical_name(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _injected(fault: _Fault) -> _Refusal:
    defaults = {
        400: "Bad Request: injected fault",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        409: GET_UPDATES_CONFLICT,
        429: f"Too Many Requests: retry after {fault.retry_after}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    description = fault.description or defaults.get(fault.status, f"Error {fault.status}")
    parameters = {"retry_after": fault.retry_after} if fault.status == 429 else None
    return _Refusal(fault.status, description, parameters)


def _summary(call: Call) -> str:
    text = call.params.get("text") or call.params.get("caption") or ""
    shown = f" text={str(text)[:60]!r}" if text else ""
    if call.status >= 300:
        shown += f" ({call.response.get('description')})"
    return shown.strip()


def _scope_key(scope: Any) -> str:
    if not isinstance(scope, dict) or not scope:
        return '{"type": "default"}'
    normal = {k: str(v) if k in ("chat_id", "user_id") else v for k, v in scope.items()}
    return json.dumps(normal, sort_keys=True)


_COMMAND_PATTERN = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION_PATTERN = re.compile(r"(?<!\w)@[A-Za-z0-9_]{5,32}(?!\w)")


def _user_entities(text: str, bot_username: str) -> list[JSON]:
    """The bot_command and mention entities a Telegram client attaches to what a user types."""
    del bot_username  # every /command and @mention is marked, whoever it names
    found = [("bot_command", m) for m in _COMMAND_PATTERN.finditer(text)]
    found += [("mention", m) for m in _MENTION_PATTERN.finditer(text)]
    entities = [
        {"type": kind, "offset": utf16_length(text[: m.start()]), "length": utf16_length(m.group())}
        for kind, m in found
    ]
    return sorted(entities, key=lambda e: e["offset"])


class _Server(ThreadingHTTPServer):
    # Telegram takes as many connections as a bot opens; the standard library's backlog of 5
    # reset some of a bot's 16 concurrent requests (httpx.ReadError, then an apology).
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1 front: reads the body, lets FakeBotAPI answer."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle would add 40 ms to each

    @property
    def api(self) -> FakeBotAPI:
        api: FakeBotAPI = self.server.api  # type: ignore[attr-defined]
        return api

    def setup(self) -> None:
        super().setup()
        with self.api._lock:
            self.api._connections.add(self.connection)

    def finish(self) -> None:
        with self.api._lock:
            self.api._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test output is not the place for an access log."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _client_gone(self) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _serve(self) -> None:
        body = self._read_body()
        status, payload = self.api._handle(
            self.path, self.headers.get("Content-Type", ""), body, self._client_gone
        )
        if status == 499:
            self.close_connection = True
            return
        is_json = payload.startswith(b"{")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if is_json else "application/octet-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True
