"""What goes wrong in real life: 429s, floods, errors, repeats after a restart, edits, long texts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import TimedOut

from bot import retrying
from bot.retrying import RetryingRateLimiter
from bot.services import SERVICES_KEY, Services
from knowledge import Answer
from tests.bot_harness import (
    ADMIN_ID,
    GROUP_ID,
    USER_ID,
    RunningBot,
    admin_has_chat,
    assert_telegram_accepted_everything,
    free_port,
    last_reply,
    replies,
    settings_for,
)
from tests.fake_bot_api import FakeBotAPI


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB reads retry_after
def test_a_429_is_waited_out_and_the_answer_still_arrives(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.fail_next("sendMessage", status=429, retry_after=1)
    fake_api.private_message(USER_ID, "abu dabi talks")
    assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    statuses = [c.status for c in fake_api.calls_to("sendMessage")]
    assert statuses == [429, 200]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_telegrams_own_failures_are_retried_and_the_answer_arrives_once(
        bot: RunningBot, fake_api: FakeBotAPI, status: int) -> None:
    fake_api.fail_next("sendMessage", status=status, times=2)
    fake_api.private_message(USER_ID, "abu dabi talks")
    assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    assert [c.status for c in fake_api.calls_to("sendMessage")] == [status, status, 200]
    assert len(fake_api.sent_messages(USER_ID)) == 1


def test_a_flooding_user_is_told_to_slow_down_once(fake_api: FakeBotAPI, bot_db: Path) -> None:
    admin_has_chat(fake_api)
    running = RunningBot(fake_api, settings_for(fake_api, bot_db, flood_burst=2,
                                                flood_per_minute=0.01)).start()
    try:
        for _ in range(5):
            fake_api.private_message(USER_ID, "abu dabi talks")
        for _ in range(5):  # group chatter costs nothing and is not answered
            fake_api.group_message(GROUP_ID, USER_ID, "lunch?")
        fake_api.private_message(8, "abu dabi talks")  # another user is not held back
        replies(fake_api, 8, 1)
        sent = replies(fake_api, USER_ID, 3)
        assert [("Abu Dhabi" in m["text"]) for m in sent] == [True, True, False]
        assert sent[2]["text"].startswith("You are asking faster than I can answer.")
        assert fake_api.sent_messages(GROUP_ID) == []
    finally:
        running.stop()
    assert_telegram_accepted_everything(fake_api)


def test_an_error_is_logged_and_apologised_for_without_internals(
        bot: RunningBot, fake_api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    services: Services = bot.app.bot_data[SERVICES_KEY]

    def broken(question: str, language: str | None = None) -> Answer:
        raise RuntimeError("database disk image is malformed at /var/lib/negobot.db")

    monkeypatch.setattr(services.answerer, "answer", broken)
    update = fake_api.private_message(USER_ID, "abu dabi talks")
    apology = last_reply(fake_api, USER_ID, 1)["text"]
    assert apology == "Sorry, something went wrong on my side. Please try again in a moment."
    assert f"error while handling update {update['update_id']}" in caplog.text
    assert "malformed" in caplog.text  # the log has it, the user does not
    monkeypatch.undo()
    fake_api.private_message(USER_ID, "abu dabi talks")
    assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 2)["text"]


def test_edits_are_not_asked_for_and_not_answered(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    original = fake_api.private_message(USER_ID, "abu dabi talks")
    replies(fake_api, USER_ID, 1)
    edited = fake_api.edited_message(original["message"], "Will Zelensky go to Moscow?")
    assert all("edited_message" not in c.params.get("allowed_updates", ["edited_message"])
               for c in fake_api.calls_to("getUpdates"))
    # Even if one is delivered (a webhook set up by hand, say), it changes nothing.
    bot.call(lambda: bot.app.process_update(Update.de_json(edited, bot.app.bot)))
    fake_api.private_message(USER_ID, "bitcoin price")
    sent = replies(fake_api, USER_ID, 2)
    assert len(sent) == 2 and "won't guess" in sent[1]["text"]


def test_a_long_answer_is_trimmed_with_a_button_for_the_whole_fact(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    sentence = "🇺🇦 Umerov said the Geneva round would discuss prisoner exchanges & energy <strikes>. "
    for n in range(3):
        fake_api.private_message(ADMIN_ID, f"/addfact Geneva part {n}: {sentence * 21}| https://tass.com/x{n}")
    replies(fake_api, ADMIN_ID, 3)
    fake_api.private_message(USER_ID, "Geneva round prisoner exchanges energy strikes")
    answer = last_reply(fake_api, USER_ID, 1)
    assert "✂ Trimmed to fit one message: /fact" in answer["text"]
    button = answer["reply_markup"]["inline_keyboard"][1][0]
    assert button["text"].startswith("Full fact #")
    fake_api.callback_query(USER_ID, answer, button["callback_data"])
    whole = last_reply(fake_api, USER_ID, 2)
    assert whole["text"].startswith(button["text"][len("Full "):].replace("fact", "Fact"))
    assert whole["text"].count("<strikes>") == 21


def test_a_chat_that_blocked_the_bot_is_unsubscribed(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "/subscribe")
    fake_api.private_message(8, "/subscribe")
    replies(fake_api, 8, 1)
    fake_api.block_bot(USER_ID)
    fake_api.private_message(ADMIN_ID, "/addfact Umerov said talks would be held in Geneva. | https://tass.com/1")
    last_reply(fake_api, 8, 2)
    fake_api.wait_for_sync(lambda: any(c.status == 403 for c in fake_api.calls_to("sendMessage")))
    kb = bot.kb()
    fake_api.wait_for_sync(lambda: [r[0] for r in kb.db.execute("SELECT chat_id FROM subscriptions")] == [8])
    kb.close()


def _webhook_bot(fake: FakeBotAPI, db: Path) -> RunningBot:
    port = free_port()
    return RunningBot(fake, settings_for(fake, db), webhook_url=f"http://127.0.0.1:{port}/telegram",
                      port=port).start()


def test_webhook_checks_the_secret_and_a_restart_never_answers_an_update_twice(
        fake_api: FakeBotAPI, bot_db: Path) -> None:
    admin_has_chat(fake_api)
    first = _webhook_bot(fake_api, bot_db)
    try:
        assert fake_api.webhook is not None
        assert fake_api.webhook["secret_token"] == "test-secret-token"
        update = fake_api.private_message(USER_ID, "abu dabi talks")
        assert fake_api.deliver_webhook(update, secret_token=None) == 403
        assert fake_api.deliver_webhook(update, secret_token="guess") == 403
        assert fake_api.deliver_webhook(update) == 200
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    finally:
        first.stop()
    second = _webhook_bot(fake_api, bot_db)
    try:
        assert fake_api.deliver_webhook(update) == 200  # Telegram sends it again after the restart
        fake_api.deliver_webhook(fake_api.private_message(USER_ID, "bitcoin price"))
        sent = replies(fake_api, USER_ID, 2)
        assert len(sent) == 2 and "won't guess" in sent[1]["text"]
    finally:
        second.stop()
    assert_telegram_accepted_everything(fake_api)


def test_a_slow_reply_holds_back_its_own_chat_only_and_keeps_its_order(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.delay_next("sendMessage", 2.0)  # the first reply hangs on the network
    fake_api.private_message(USER_ID, "abu dabi talks")
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
    fake_api.private_message(8, "Will Zelensky go to Moscow?")
    # The other user is answered while the first reply is still on its way…
    assert "Moscow" in last_reply(fake_api, 8, 1)["text"]
    assert fake_api.sent_messages(USER_ID) == []
    # …and the first user's answers come in the order of the questions.
    first, second = replies(fake_api, USER_ID, 2)[:2]
    assert "Abu Dhabi" in first["text"] and "Moscow" in second["text"]


def test_a_reply_that_times_out_after_reaching_telegram_is_neither_repeated_nor_apologised_for(
        fake_api: FakeBotAPI, bot_db: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Telegram holds the reply past the bot's patience, then delivers it: the user must
    # see it once, with no apology after it, and the bot must go on answering.
    admin_has_chat(fake_api)
    running = RunningBot(fake_api, settings_for(fake_api, bot_db, reply_timeout=0.5)).start()
    try:
        fake_api.delay_next("sendMessage", 1.5)
        fake_api.private_message(USER_ID, "abu dabi talks")
        fake_api.wait_for_sync(lambda: "did not confirm" in caplog.text)
        fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
        sent = [m["text"] for m in replies(fake_api, USER_ID, 2)]
        # Telegram carried the held reply out last, after the next answer.
        assert "Moscow" in sent[0] and "Abu Dhabi" in sent[1]
    finally:
        running.stop()
    assert len(fake_api.calls_to("sendMessage")) == 2  # the held reply was not sent again
    assert "Sorry" not in caplog.text and len(fake_api.sent_messages(USER_ID)) == 2
    assert_telegram_accepted_everything(fake_api)


def _timing_out_once(cause: Exception) -> tuple[list[int], Any]:
    calls: list[int] = []

    async def callback(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise TimedOut() from cause
        return {"ok": True}
    return calls, callback


@pytest.mark.parametrize(("cause", "endpoint", "tries"), [
    (httpx.ConnectTimeout("connecting"), "sendMessage", 2),   # never reached Telegram
    (httpx.PoolTimeout("no free connection"), "sendMessage", 2),
    (httpx.WriteTimeout("writing"), "sendMessage", 2),
    (httpx.ReadTimeout("waiting for the answer"), "sendMessage", 1),  # may have arrived
    (httpx.ReadTimeout("waiting for the answer"), "editMessageText", 2),  # the same twice is harmless
])
def test_a_timeout_is_retried_only_when_the_call_cannot_have_been_carried_out(
        monkeypatch: pytest.MonkeyPatch, cause: Exception, endpoint: str, tries: int) -> None:
    monkeypatch.setattr(retrying, "BACKOFF_SECONDS", 0.0)
    calls, callback = _timing_out_once(cause)

    async def send() -> Any:
        limiter = RetryingRateLimiter(max_retries=0)
        await limiter.initialize()
        return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": USER_ID}, None)

    if tries == 1:
        with pytest.raises(TimedOut):
            asyncio.run(send())
    else:
        assert asyncio.run(send()) == {"ok": True}
    assert len(calls) == tries
