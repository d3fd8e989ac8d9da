"""The fake Bot API answers like Telegram: what it accepts, what it refuses and in which words.

Driven over real HTTP on 127.0.0.1, first with httpx (so each request is exactly what the test
says), then with python-telegram-bot itself (so its encoding, errors and file handling are covered).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_bot_api import (
    EntityParseError,
    FakeBotAPI,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    tiny_png,
    utf16_length,
)

USER = 4242
GROUP = -1001234


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as server:
        yield server


Api = Callable[..., dict[str, Any]]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    """One client for the module: building one costs more than a whole test here."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture
def api(fake: FakeBotAPI, http: httpx.Client) -> Api:
    """Call a Bot API method with a JSON body; returns the decoded answer plus its HTTP status."""

    def call(method: str, **params: Any) -> dict[str, Any]:
        response = http.post(f"{fake.url}/bot{fake.token}/{method}", json=params)
        return {**response.json(), "status": response.status_code}

    return call


@pytest.fixture
def chat(fake: FakeBotAPI) -> int:
    """A private chat the bot may write to: the user has said hello."""
    fake.private_message(USER, "hello")
    return USER


def description(answer: dict[str, Any]) -> str:
    assert answer["ok"] is False, answer
    return str(answer["description"])


# --- plumbing ------------------------------------------------------------------------------------


def test_get_me_describes_the_bot(fake: FakeBotAPI, api: Api) -> None:
    me = api("getMe")["result"]
    assert (me["id"], me["username"], me["is_bot"]) == (1000, "negobot_test_bot", True)


def test_a_wrong_token_is_unauthorized_and_a_malformed_one_not_found(
    fake: FakeBotAPI, http: httpx.Client
) -> None:
    wrong = http.post(f"{fake.url}/bot123456:OTHER/getMe")
    malformed = http.post(f"{fake.url}/botnonsense/getMe")
    assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
    assert (malformed.status_code, malformed.json()["description"]) == (404, "Not Found")
    assert [c.status for c in fake.rejected] == [401, 404]


def test_method_names_are_case_insensitive_and_unknown_ones_not_found(fake: FakeBotAPI, api: Api) -> None:
    assert api("GETME")["ok"] is True
    assert api("getme")["ok"] is True
    unknown = api("sendTelepathy")
    assert (unknown["status"], description(unknown)) == (404, "Not Found")
    assert [c.method for c in fake.calls_to("getMe")] == ["getMe", "getMe"]


def test_form_and_json_bodies_are_read_alike(fake: FakeBotAPI, http: httpx.Client, chat: int) -> None:
    markup = {"inline_keyboard": [[{"text": "More", "callback_data": "more"}]]}
    url = f"{fake.url}/bot{fake.token}/sendMessage"
    form = http.post(url, data={"chat_id": str(chat), "text": "x", "reply_markup": json.dumps(markup)})
    body = http.post(url, json={"chat_id": chat, "text": "x", "reply_markup": markup})
    assert form.json()["result"]["reply_markup"] == body.json()["result"]["reply_markup"] == markup
    assert [c.params["reply_markup"] for c in fake.calls_to("sendMessage")] == [markup, markup]


def test_the_bot_cannot_write_to_a_chat_it_has_never_seen(fake: FakeBotAPI, api: Api) -> None:
    assert description(api("sendMessage", chat_id=777, text="hi")) == "Bad Request: chat not found"
    assert description(api("sendMessage", text="hi")) == "Bad Request: chat_id is empty"
    fake.private_message(777, "/start")
    assert api("sendMessage", chat_id=777, text="hi")["ok"] is True


def test_a_user_who_blocked_the_bot_answers_403_which_is_not_counted_as_a_bot_error(
    fake: FakeBotAPI, api: Api, chat: int
) -> None:
    fake.block_bot(chat)
    answer = api("sendMessage", chat_id=chat, text="hi")
    assert (answer["status"], description(answer)) == (403, "Forbidden: bot was blocked by the user")
    assert fake.rejected == []


# --- HTML ----------------------------------------------------------------------------------------

VALID_HTML = [
    ("<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>", "b s i e u n"),
    ("<s>s</s> <strike>k</strike> <del>d</del> <B>upper</B>", "s k d upper"),
    ('<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler>', "x y"),
    ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
    ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
    ("<code>x &lt; y</code>", "x < y"),
    ('<pre><code class="language-python">print(1)</code></pre>', "print(1)"),
    ("<blockquote>q</blockquote> <blockquote expandable>long</blockquote>", "q long"),
    ("Fish &amp; chips, 1 &lt; 2 &gt; 0, &quot;q&quot; &#39;&#x1F600;", 'Fish & chips, 1 < 2 > 0, "q" \'😀'),
    ("AT&T & co &nbsp;&copy;", "AT&T & co &nbsp;&copy;"),  # a bare & and unknown names stay literal
]


@pytest.mark.parametrize(("html", "plain"), VALID_HTML)
def test_telegram_html_is_accepted_and_reduced_to_plain_text(
    api: Api, chat: int, html: str, plain: str
) -> None:
    answer = api("sendMessage", chat_id=chat, text=html, parse_mode="HTML")
    assert answer["ok"] is True, answer
    assert answer["result"]["text"] == plain


def test_html_becomes_entities_with_utf16_offsets() -> None:
    text, entities = parse_html(
        '😀 <b>bold</b> <a href="https://example.org">x</a> <pre><code class="language-py">1</code></pre>'
    )
    assert text == "😀 bold x 1"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://example.org"},
        {"type": "pre", "offset": 10, "length": 1, "language": "py"},
    ]


INVALID_HTML = [
    ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("Привет <br>", 'Unsupported start tag "br" at byte offset 13'),  # offsets count UTF-8 bytes
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<a href="https://x.org>x</a>', "Unclosed start tag at byte offset 0"),
    ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
]


@pytest.mark.parametrize(("html", "reason"), INVALID_HTML)
def test_html_telegram_cannot_parse_is_refused_in_its_words(
    fake: FakeBotAPI, api: Api, chat: int, html: str, reason: str
) -> None:
    answer = api("sendMessage", chat_id=chat, text=html, parse_mode="HTML")
    assert answer["status"] == 400
    assert description(answer) == f"Bad Request: can't parse entities: {reason}"
    assert [c.response["description"] for c in fake.rejected] == [answer["description"]]
    assert fake.sent_messages() == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "message text is empty"),
        ("<b></b>", "text must be non-empty"),
        (" \n ", "text must be non-empty"),
    ],
)
def test_empty_text_is_refused(api: Api, chat: int, text: str, reason: str) -> None:
    assert (
        description(api("sendMessage", chat_id=chat, text=text, parse_mode="HTML"))
        == f"Bad Request: {reason}"
    )


def test_an_unknown_parse_mode_is_refused(api: Api, chat: int) -> None:
    answer = api("sendMessage", chat_id=chat, text="x", parse_mode="Textile")
    assert description(answer) == "Bad Request: unsupported parse_mode"


# --- length limits -------------------------------------------------------------------------------

LENGTHS = [
    ("a" * 4096, True),
    ("a" * 4097, False),
    ("я" * 4096, True),  # two UTF-8 bytes each, one unit each
    ("я" * 4097, False),
    ("😀" * 2048, True),  # two UTF-16 units each
    ("😀" * 2048 + "a", False),
    ("<b>" + "a" * 4096 + "</b>", True),  # tags are not text
    ("&amp;" * 4096, True),  # an entity is one character
    ("  \n" + "a" * 4096 + "\n\n ", True),  # surrounding blanks are trimmed first
]


@pytest.mark.parametrize(
    ("text", "fits"), LENGTHS, ids=lambda v: f"{len(v)}" if isinstance(v, str) else str(v)
)
def test_4096_units_after_parsing_fit_and_one_more_does_not(
    api: Api, chat: int, text: str, fits: bool
) -> None:
    answer = api("sendMessage", chat_id=chat, text=text, parse_mode="HTML")
    if fits:
        assert answer["ok"] is True, answer.get("description")
    else:
        assert description(answer) == "Bad Request: message is too long"


def test_counting_code_points_lets_an_emoji_count_once(http: httpx.Client) -> None:
    with FakeBotAPI(length_unit="codepoint") as fake:
        fake.private_message(USER, "hi")
        url = f"{fake.url}/bot{fake.token}/sendMessage"
        fits = http.post(url, json={"chat_id": USER, "text": "😀" * 4096})
        too_long = http.post(url, json={"chat_id": USER, "text": "😀" * 4097})
    assert fits.json()["ok"] is True
    assert too_long.json()["description"] == "Bad Request: message is too long"


def test_captions_stop_at_1024(fake: FakeBotAPI, http: httpx.Client, chat: int) -> None:
    url, photo = f"{fake.url}/bot{fake.token}/sendPhoto", {"photo": ("p.png", tiny_png(), "image/png")}
    fits = http.post(url, data={"chat_id": str(chat), "caption": "c" * 1024}, files=photo)
    too_long = http.post(url, data={"chat_id": str(chat), "caption": "c" * 1025}, files=photo)
    assert fits.json()["result"]["caption"] == "c" * 1024
    assert too_long.json()["description"] == "Bad Request: message caption is too long"


def _jpeg(width: int, height: int) -> bytes:
    """A JPEG's opening up to its frame header: all a reader needs for its size."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big") + b"\x03" + bytes(9)
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


@pytest.mark.parametrize(
    ("content", "refusal", "kept"),
    [
        (tiny_png(1280, 548), None, (1280, 548)),
        (tiny_png(2560, 200), None, (1280, 100)),  # kept at 1280 on the longer side
        (_jpeg(640, 480), None, (640, 480)),
        (b"GIF89a\x10\x00\x08\x00" + bytes(20), None, (16, 8)),
        (tiny_png(2000, 100), None, (1280, 64)),  # a ratio of 20 is allowed
        (tiny_png(2001, 100), "PHOTO_INVALID_DIMENSIONS", None),
        (_jpeg(9000, 1001), "PHOTO_INVALID_DIMENSIONS", None),  # sides add up to 10,001
        (b"\xff\xd8jpeg", "IMAGE_PROCESS_FAILED", None),  # no frame header
        (b"%PDF-1.7 not a picture", "IMAGE_PROCESS_FAILED", None),
        (tiny_png(20, 20) + bytes(10 * 1024 * 1024), "PHOTO_SAVE_FILE_INVALID", None),
    ],
    ids=["png", "wide-png", "jpeg", "gif", "ratio-20", "ratio-over-20", "sides-over-10000",
         "broken-jpeg", "pdf", "over-10MB"],
)
def test_an_uploaded_photo_must_be_a_picture_telegram_accepts(
    fake: FakeBotAPI, http: httpx.Client, chat: int, content: bytes, refusal: str | None,
    kept: tuple[int, int] | None,
) -> None:
    answer = http.post(f"{fake.url}/bot{fake.token}/sendPhoto", data={"chat_id": str(chat)},
                       files={"photo": ("p", content, "application/octet-stream")}).json()
    if refusal is not None:
        assert description(answer) == f"Bad Request: {refusal}"
        return
    (size,) = answer["result"]["photo"]
    assert (size["width"], size["height"]) == kept and size["file_size"] == len(content)


# --- keyboards, replies, edits -------------------------------------------------------------------


def keyboard(**button: Any) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Go", **button}]]}


@pytest.mark.parametrize(
    ("button", "reason"),
    [
        ({"callback_data": "é" * 32}, None),  # 64 bytes
        ({"callback_data": "é" * 32 + "x"}, "BUTTON_DATA_INVALID"),  # 65 bytes
        (
            {"callback_data": ""},
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        ({}, "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
        ({"url": "https://example.org/a?b=c"}, None),
        ({"url": "tg://resolve?domain=negobot_test_bot"}, None),
        ({"url": "javascript:alert(1)"}, "BUTTON_URL_INVALID"),
        ({"callback_data": "x", "text": ""}, "BUTTON_TEXT_INVALID"),
    ],
)
def test_inline_buttons_are_checked_like_telegram(
    api: Api, chat: int, button: dict[str, Any], reason: str | None
) -> None:
    answer = api("sendMessage", chat_id=chat, text="pick", reply_markup=keyboard(**button))
    if reason is None:
        assert answer["result"]["reply_markup"] == keyboard(**button)
    else:
        assert description(answer) == f"Bad Request: {reason}"


def test_replying_needs_the_message_to_exist_unless_told_otherwise(
    fake: FakeBotAPI, api: Api, chat: int
) -> None:
    question = fake.private_message(chat, "what happened?")["message"]
    missing = api("sendMessage", chat_id=chat, text="a", reply_to_message_id=999)
    assert description(missing) == "Bad Request: message to be replied not found"
    lenient = api(
        "sendMessage",
        chat_id=chat,
        text="a",
        reply_parameters={"message_id": 999, "allow_sending_without_reply": True},
    )
    assert "reply_to_message" not in lenient["result"]
    reply = api(
        "sendMessage", chat_id=chat, text="a", reply_parameters={"message_id": question["message_id"]}
    )
    assert reply["result"]["reply_to_message"]["text"] == "what happened?"


def test_an_edit_that_changes_nothing_is_refused(fake: FakeBotAPI, api: Api, chat: int) -> None:
    sent = api(
        "sendMessage",
        chat_id=chat,
        text="<b>v1</b>",
        parse_mode="HTML",
        reply_markup=keyboard(callback_data="x"),
    )
    target = {"chat_id": chat, "message_id": sent["result"]["message_id"]}
    same = api(
        "editMessageText",
        **target,
        text="<b>v1</b>",
        parse_mode="HTML",
        reply_markup=keyboard(callback_data="x"),
    )
    assert description(same).startswith("Bad Request: message is not modified: specified new message content")
    assert api("editMessageText", **target, text="v2")["ok"] is True
    assert fake.sent_messages(chat)[0]["text"] == "v2"
    assert (
        "reply_markup" not in fake.sent_messages(chat)[0]
    )  # editing text without a markup drops the keyboard
    assert api("editMessageReplyMarkup", **target, reply_markup=keyboard(callback_data="y"))["ok"] is True
    again = api("editMessageReplyMarkup", **target, reply_markup=keyboard(callback_data="y"))
    assert description(again).startswith("Bad Request: message is not modified")


def test_only_existing_messages_of_the_bot_can_be_edited(fake: FakeBotAPI, api: Api, chat: int) -> None:
    theirs = fake.private_message(chat, "mine")["message"]["message_id"]
    assert description(api("editMessageText", chat_id=chat, message_id=999, text="x")) == (
        "Bad Request: message to edit not found"
    )
    assert description(api("editMessageText", chat_id=chat, message_id=theirs, text="x")) == (
        "Bad Request: message can't be edited"
    )


def test_deleted_messages_leave_the_chat(fake: FakeBotAPI, api: Api, chat: int) -> None:
    sent = api("sendMessage", chat_id=chat, text="thinking…")["result"]
    assert api("deleteMessage", chat_id=chat, message_id=sent["message_id"])["ok"] is True
    assert fake.sent_messages(chat) == []
    assert [m["text"] for m in fake.sent_messages(chat, include_deleted=True)] == ["thinking…"]
    again = api("deleteMessage", chat_id=chat, message_id=sent["message_id"])
    assert description(again) == "Bad Request: message to delete not found"


def test_chat_actions_must_be_real_actions(api: Api, chat: int) -> None:
    assert api("sendChatAction", chat_id=chat, action="typing")["ok"] is True
    assert description(api("sendChatAction", chat_id=chat, action="pondering")) == (
        "Bad Request: wrong parameter action in request"
    )


# --- inline mode and callbacks -------------------------------------------------------------------


def article(n: int, text: str = "answer", **extra: Any) -> dict[str, Any]:
    return {
        "type": "article",
        "id": str(n),
        "title": f"Result {n}",
        "input_message_content": {"message_text": text, **extra},
    }


def test_fifty_inline_results_are_allowed_and_fifty_one_are_not(fake: FakeBotAPI, api: Api) -> None:
    first, second = (
        fake.inline_query(USER, "talks")["inline_query"],
        fake.inline_query(USER, "talks")["inline_query"],
    )
    assert (
        api("answerInlineQuery", inline_query_id=first["id"], results=[article(n) for n in range(50)])["ok"]
        is True
    )
    too_many = api("answerInlineQuery", inline_query_id=second["id"], results=[article(n) for n in range(51)])
    assert description(too_many) == "Bad Request: too many inline query results specified"


@pytest.mark.parametrize(
    ("results", "reason"),
    [
        ([article(1), article(1)], "RESULT_ID_DUPLICATE"),
        ([{**article(1), "id": "i" * 64}], None),
        ([{**article(1), "id": "i" * 65}], "RESULT_ID_INVALID"),
        (
            [article(1, "<p>x</p>", parse_mode="HTML")],
            "can't parse inline query result: Can't parse entities: "
            'Unsupported start tag "p" at byte offset 0',
        ),
        ([article(1, "")], "can't parse inline query result: Input message content is not specified"),
        ([article(1, "a" * 4097)], "MESSAGE_TOO_LONG"),
        ([{**article(1), "reply_markup": keyboard(callback_data="d" * 65)}], "BUTTON_DATA_INVALID"),
    ],
)
def test_inline_results_are_checked_one_by_one(
    fake: FakeBotAPI, api: Api, results: list[dict[str, Any]], reason: str | None
) -> None:
    query = fake.inline_query(USER, "q")["inline_query"]
    answer = api("answerInlineQuery", inline_query_id=query["id"], results=results)
    assert answer["ok"] if reason is None else description(answer) == f"Bad Request: {reason}"


def test_a_query_is_answered_once(fake: FakeBotAPI, api: Api, chat: int) -> None:
    sent = api("sendMessage", chat_id=chat, text="pick", reply_markup=keyboard(callback_data="x"))["result"]
    query = fake.callback_query(chat, sent, "x")["callback_query"]
    too_long = api("answerCallbackQuery", callback_query_id=query["id"], text="t" * 201)
    assert description(too_long) == "Bad Request: MESSAGE_TOO_LONG"
    assert api("answerCallbackQuery", callback_query_id=query["id"], text="t" * 200)["ok"] is True
    twice = api("answerCallbackQuery", callback_query_id=query["id"])
    assert (
        description(twice)
        == "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


# --- getUpdates ----------------------------------------------------------------------------------


def test_an_offset_confirms_every_earlier_update(fake: FakeBotAPI, api: Api) -> None:
    ids = [fake.private_message(USER, f"m{n}")["update_id"] for n in range(3)]
    assert [u["update_id"] for u in api("getUpdates")["result"]] == ids
    assert [u["update_id"] for u in api("getUpdates", limit=1)["result"]] == ids[:1]
    assert [u["update_id"] for u in api("getUpdates", offset=ids[1])["result"]] == ids[1:]
    assert [u["update_id"] for u in api("getUpdates", offset=-1)["result"]] == ids[2:]
    assert api("getUpdates", offset=ids[2] + 1)["result"] == []
    assert fake.pending_updates == []


def test_a_long_poll_returns_as_soon_as_an_update_arrives(fake: FakeBotAPI) -> None:
    answers: list[dict[str, Any]] = []

    def poll() -> None:
        with httpx.Client(
            timeout=5
        ) as client:  # far below the poll's 30 s: only a wake-up can answer in time
            answers.append(client.post(f"{fake.url}/bot{fake.token}/getUpdates", json={"timeout": 30}).json())

    poller = threading.Thread(target=poll)
    poller.start()
    fake.wait_for_sync(lambda: fake.waiting_polls == 1)
    update = fake.private_message(USER, "wake up")
    poller.join(timeout=10)
    assert answers and answers[0]["result"] == [update]


def test_a_second_poller_ends_the_first_with_a_conflict(fake: FakeBotAPI, api: Api) -> None:
    answers: list[dict[str, Any]] = []
    first = threading.Thread(
        target=lambda: answers.append(
            httpx.post(f"{fake.url}/bot{fake.token}/getUpdates", json={"timeout": 5}).json()
        )
    )
    first.start()
    fake.wait_for_sync(lambda: fake.waiting_polls == 1)
    assert api("getUpdates")["ok"] is True
    first.join(timeout=10)
    assert answers[0]["error_code"] == 409
    assert answers[0]["description"].startswith("Conflict: terminated by other getUpdates request")


def test_allowed_updates_filter_what_polling_returns(fake: FakeBotAPI, api: Api) -> None:
    fake.private_message(USER, "hi")
    query = fake.inline_query(USER, "q")
    assert api("getUpdates", allowed_updates=["inline_query"])["result"] == [query]


def test_polling_is_refused_while_a_webhook_is_set(api: Api) -> None:
    assert api("setWebhook", url="http://127.0.0.1:9/hook")["ok"] is True
    answer = api("getUpdates")
    assert (answer["status"], description(answer)) == (
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )


def test_media_must_be_sent_or_known(api: Api, chat: int) -> None:
    assert description(api("sendPhoto", chat_id=chat)) == "Bad Request: there is no photo in the request"
    assert description(api("sendDocument", chat_id=chat, document="made-up-id")) == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )


def test_webhook_settings_are_checked_and_reported(fake: FakeBotAPI, api: Api) -> None:
    bad = api("setWebhook", url="https://127.0.0.1/hook", secret_token="no spaces")
    assert description(bad) == "Bad Request: secret token contains unallowed characters"
    fake.private_message(USER, "queued")
    assert api("setWebhook", url="https://127.0.0.1/hook", secret_token="ok_1")["ok"] is True
    info = api("getWebhookInfo")["result"]
    assert (info["url"], info["pending_update_count"]) == ("https://127.0.0.1/hook", 1)
    assert api("deleteWebhook", drop_pending_updates=True)["ok"] is True
    assert api("getWebhookInfo")["result"]["url"] == ""
    assert fake.pending_updates == []


def test_the_bot_deletes_others_messages_in_groups_only_as_an_admin(fake: FakeBotAPI, api: Api) -> None:
    said = fake.group_message(GROUP, USER, "spam")["message"]["message_id"]
    assert (
        description(api("deleteMessage", chat_id=GROUP, message_id=said))
        == "Bad Request: message can't be deleted"
    )
    fake.set_chat_admins(GROUP, [fake.bot_user["id"]])
    assert api("deleteMessage", chat_id=GROUP, message_id=said)["ok"] is True


# --- faults ---------------------------------------------------------------------------------------


def test_injected_faults_answer_like_telegram_and_are_not_counted_as_bot_errors(
    fake: FakeBotAPI, api: Api, http: httpx.Client, chat: int
) -> None:
    fake.fail_next("sendMessage", retry_after=7, times=2)
    fake.fail_next("getMe", status=502)
    first, second, third = (api("sendMessage", chat_id=chat, text="x") for _ in range(3))
    assert first["status"] == second["status"] == 429
    assert first["parameters"] == {"retry_after": 7}
    assert first["description"] == "Too Many Requests: retry after 7"
    assert third["ok"] is True
    gateway = http.post(f"{fake.url}/bot{fake.token}/getMe")
    assert gateway.status_code == 502 and not gateway.text.startswith("{")
    assert fake.rejected == []
    assert [c.injected for c in fake.calls_to("sendMessage")] == [True, True, False]


def test_wait_for_names_the_last_calls_when_it_gives_up(fake: FakeBotAPI, api: Api) -> None:
    api("sendMessage", chat_id=1, text="lost")
    with pytest.raises(TimeoutError, match=r"sendMessage -> 400 text='lost' \(Bad Request: chat not found\)"):
        fake.wait_for_sync(lambda: False, timeout=0.05)


# --- MarkdownV2 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Talks end.", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("1-0", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("*bold", "Can't find end of Bold entity at byte offset 0"),
        ("[link](https://x.org", "Can't find end of a URL at byte offset 7"),
        ("Talks end\\.", None),
        ("*bold* _it_ __u__ ~s~ ||sp|| [l](https://x.org) `c`", None),
    ],
)
def test_markdown_v2_needs_reserved_characters_escaped(
    api: Api, chat: int, text: str, reason: str | None
) -> None:
    answer = api("sendMessage", chat_id=chat, text=text, parse_mode="MarkdownV2")
    if reason is None:
        assert answer["ok"] is True, answer
    else:
        assert description(answer) == f"Bad Request: can't parse entities: {reason}"


def test_markdown_v2_entities() -> None:
    assert parse_markdown_v2("*b* \\* ```py\nx```") == (
        "b * x",
        [
            {"type": "bold", "offset": 0, "length": 1},
            {"type": "pre", "offset": 4, "language": "py", "length": 1},
        ],
    )


MARKUP_PIECES = [
    *"<>/&;#x0ab =\"' \n\r\t_*[]()~`|!.\\-+{}ё😀",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "&amp;",
    "&#128512;",
    "&#xD83D;",
    "```",
    "||",
    "__",
    '<a href="',
    '<code class="language-py">',
    "</code>",
    "<pre>",
    "</pre>",
    "<blockquote expandable>",
    "</blockquote>",
    "\n>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=16).map("".join))
def test_parsers_either_refuse_in_words_or_return_entities_inside_the_text(text: str) -> None:
    for parse in (parse_html, parse_markdown_v2, parse_markdown):
        try:
            plain, entities = parse(text)
        except EntityParseError as error:
            assert str(error)
            continue
        for entity in entities:
            assert entity["length"] > 0
            assert 0 <= entity["offset"] <= entity["offset"] + entity["length"] <= utf16_length(plain)


# --- commands and members ----------------------------------------------------------------------------


def test_command_lists_are_kept_per_scope(fake: FakeBotAPI, api: Api) -> None:
    commands = [{"command": "ask", "description": "Ask about the talks"}]
    admins = {"type": "all_chat_administrators"}
    assert api("setMyCommands", commands=commands)["ok"] is True
    assert api(
        "setMyCommands", commands=[*commands, {"command": "reload", "description": "Reload"}], scope=admins
    )["ok"]
    assert api("getMyCommands")["result"] == commands
    assert [c["command"] for c in fake.commands(admins)] == ["ask", "reload"]
    bad = api("setMyCommands", commands=[{"command": "Ask", "description": "x"}])
    assert description(bad) == "Bad Request: BOT_COMMAND_INVALID"
    assert api("deleteMyCommands", scope=admins)["ok"] is True
    assert fake.commands(admins) == []


def test_group_members_and_administrators(fake: FakeBotAPI, api: Api) -> None:
    fake.set_chat_admins(GROUP, [11, 12], owner=10)
    fake.group_message(GROUP, 13, "hello all")
    statuses = {
        u: api("getChatMember", chat_id=GROUP, user_id=u)["result"]["status"] for u in (10, 11, 13, 14)
    }
    assert statuses == {10: "creator", 11: "administrator", 13: "member", 14: "left"}
    admins = api("getChatAdministrators", chat_id=GROUP)["result"]
    assert [a["user"]["id"] for a in admins] == [10, 11, 12]
    fake.private_message(USER, "hi")
    assert description(api("getChatAdministrators", chat_id=USER)) == (
        "Bad Request: there are no administrators in the private chat"
    )


# --- python-telegram-bot against the fake -----------------------------------------------------------


def ptb_bot(fake: FakeBotAPI) -> Bot:
    return Bot(fake.token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot")


def ptb_app(fake: FakeBotAPI) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(f"{fake.url}/bot")
        .base_file_url(f"{fake.url}/file/bot")
        .build()
    )


def test_ptb_sends_html_and_gets_bad_request_for_html_telegram_refuses(fake: FakeBotAPI, chat: int) -> None:
    async def scenario() -> None:
        async with ptb_bot(fake) as bot:
            sent = await bot.send_message(chat, "<b>Peace talks</b> &amp; more", parse_mode="HTML")
            assert sent.text_html == "<b>Peace talks</b> &amp; more"
            with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br" at byte offset 4'):
                await bot.send_message(chat, "line<br>line", parse_mode="HTML")

    asyncio.run(scenario())
    assert [c.method for c in fake.rejected] == ["sendMessage"]


# PTB itself warns when it builds RetryAfter from a 429.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_ptb_sees_flood_control_as_retry_after(fake: FakeBotAPI, chat: int) -> None:
    fake.fail_next("sendMessage", retry_after=3)

    async def scenario() -> None:
        async with ptb_bot(fake) as bot:
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(chat, "x")
            assert "3" in str(caught.value)
            assert (await bot.send_message(chat, "x")).text == "x"

    asyncio.run(scenario())


def test_ptb_times_out_on_a_delay_yet_telegram_still_sends(fake: FakeBotAPI, chat: int) -> None:
    fake.delay_next("sendMessage", 0.5)

    async def scenario() -> None:
        async with ptb_bot(fake) as bot:
            with pytest.raises(TimedOut):
                await bot.send_message(chat, "slow", read_timeout=0.1)
            await fake.wait_for(lambda: len(fake.sent_messages(chat)) == 1)

    asyncio.run(scenario())


def test_ptb_file_upload_and_download_round_trip(fake: FakeBotAPI, chat: int) -> None:
    upload = "Facts\nСтамбул, 2022\n".encode()
    incoming = fake.document_message(chat, chat, "articles.txt", b"user file", caption="please index")

    async def scenario() -> None:
        async with ptb_bot(fake) as bot:
            sent = await bot.send_document(
                chat, document=upload, filename="facts.txt", caption="<i>here</i>", parse_mode="HTML"
            )
            assert sent.document is not None and sent.document.file_name == "facts.txt"
            assert sent.caption == "here"
            downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
            assert bytes(downloaded) == upload
            theirs = incoming["message"]["document"]["file_id"]
            assert bytes(await (await bot.get_file(theirs)).download_as_bytearray()) == b"user file"
            with pytest.raises(BadRequest, match="Invalid file_id"):
                await bot.get_file("no-such-file")

    asyncio.run(scenario())


def test_ptb_encodes_commands_inline_answers_and_chat_queries_the_fake_accepts(fake: FakeBotAPI) -> None:
    fake.set_chat_admins(GROUP, [11], owner=10)
    fake.group_message(GROUP, USER, "hello")
    query = fake.inline_query(USER, "istanbul")["inline_query"]

    async def scenario() -> None:
        async with ptb_bot(fake) as bot:
            ask = BotCommand("ask", "Ask about the talks")
            assert await bot.set_my_commands([ask])
            assert await bot.set_my_commands(
                [ask, BotCommand("reload", "Reload")], scope=BotCommandScopeAllChatAdministrators()
            )
            assert [c.command for c in await bot.get_my_commands()] == ["ask"]
            assert (await bot.get_chat(GROUP)).title == f"Supergroup {GROUP}"
            assert (await bot.get_chat_member(GROUP, USER)).status == "member"
            assert [m.user.id for m in await bot.get_chat_administrators(GROUP)] == [10, 11]
            assert await bot.send_chat_action(GROUP, "typing")
            article = InlineQueryResultArticle(
                "1", "Istanbul", InputTextMessageContent("<b>Istanbul</b>", parse_mode="HTML")
            )
            assert await bot.answer_inline_query(query["id"], [article], cache_time=0)

    asyncio.run(scenario())
    assert fake.rejected == []
    assert [c["command"] for c in fake.commands({"type": "all_chat_administrators"})] == ["ask", "reload"]


def test_ptb_reads_every_update_the_fake_builds(fake: FakeBotAPI) -> None:
    bot = ptb_bot(fake)
    first = fake.private_message(USER, "/start now", first_name="Olena")
    sent = fake.add_update(
        {"message": {**first["message"], "message_id": 50, "from": bot_user(fake), "text": "hi"}}
    )
    updates = [
        first,
        fake.group_message(GROUP, USER, "@negobot_test_bot who?", reply_to=sent["message"]),
        fake.channel_post(-100999, "news"),
        fake.edited_message(first["message"], "/start later"),
        fake.sticker_message(USER, USER),
        fake.photo_message(GROUP, USER, caption="map"),
        fake.document_message(USER, USER, "a.txt", b"x"),
        fake.inline_query(USER, "istanbul"),
        fake.callback_query(USER, sent["message"], "more"),
    ]
    parsed = [Update.de_json(u, bot) for u in updates]
    assert parsed[0].effective_message is not None and parsed[0].effective_message.text == "/start now"
    assert parsed[0].effective_message.entities[0].type == "bot_command"
    assert (
        parsed[1].effective_message is not None and parsed[1].effective_message.reply_to_message is not None
    )
    assert parsed[2].channel_post is not None and parsed[2].channel_post.sender_chat is not None
    assert parsed[3].edited_message is not None and parsed[3].edited_message.edit_date is not None
    assert parsed[4].effective_message is not None and parsed[4].effective_message.sticker is not None
    assert parsed[5].effective_message is not None and parsed[5].effective_message.photo
    assert parsed[6].effective_message is not None and parsed[6].effective_message.document is not None
    assert parsed[7].inline_query is not None and parsed[7].inline_query.query == "istanbul"
    assert parsed[8].callback_query is not None and parsed[8].callback_query.data == "more"
    assert len({u.update_id for u in parsed}) == len(parsed)


def bot_user(fake: FakeBotAPI) -> dict[str, Any]:
    return dict(fake.bot_user)


async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with an inline keyboard, as a real handler would."""
    assert update.effective_message is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Sources", callback_data="sources:1")]])
    await update.effective_message.reply_html("<b>Hello</b>, ask me about the talks.", reply_markup=markup)


def test_a_polling_application_runs_and_shuts_down_without_a_refused_call(fake: FakeBotAPI) -> None:
    async def scenario() -> None:
        app = ptb_app(fake)
        app.add_handler(CommandHandler("start", greet))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=10)
            fake.private_message(USER, "/start")
            await fake.wait_for(lambda: len(fake.sent_messages(USER)) == 1)
            await app.updater.stop()
            await app.stop()

    asyncio.run(scenario())
    reply = fake.sent_messages(USER)[0]
    assert reply["text"] == "Hello, ask me about the talks."
    assert reply["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "sources:1"
    assert fake.rejected == []
    assert fake.pending_updates == []  # the final getUpdates confirmed /start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_webhook_delivery_carries_the_secret_token(fake: FakeBotAPI) -> None:
    port = free_port()

    async def scenario() -> None:
        app = ptb_app(fake)
        app.add_handler(MessageHandler(filters.TEXT, greet))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_webhook(
                listen="127.0.0.1",
                port=port,
                url_path="hook",
                webhook_url=f"http://127.0.0.1:{port}/hook",
                secret_token="s3cret-Token_1",
            )
            hook = fake.webhook
            assert hook is not None and hook["secret_token"] == "s3cret-Token_1"
            update = fake.private_message(USER, "hello")
            assert await fake.deliver_webhook_async(update, secret_token="wrong") == 403
            assert await fake.deliver_webhook_async(update) == 200
            await fake.wait_for(lambda: len(fake.sent_messages(USER)) == 1)
            await app.updater.stop()
            await app.stop()

    asyncio.run(scenario())
    assert len(fake.sent_messages(USER)) == 1  # the update with the wrong secret was not handled
    assert fake.rejected == []
