"""`negobot serve` as a real process: configuration errors, polling, webhook, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from tests.bot_harness import (
    ADMIN_ID,
    USER_ID,
    admin_has_chat,
    assert_telegram_accepted_everything,
    free_port,
    last_reply,
    listening,
)
from tests.fake_bot_api import FakeBotAPI

# The bound: SIGTERM to exit.
STOP_SECONDS = 5


def _env(fake: FakeBotAPI, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEGOBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, NEGOBOT_DB=str(db),
               NEGOBOT_ADMIN_IDS=str(ADMIN_ID))
    return env


@contextmanager
def serving(fake: FakeBotAPI, db: Path, *args: str, log: list[str] | None = None,
            env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[str]]:
    """`negobot serve ARGS` running; on leaving, SIGTERM must stop it cleanly in time (its
    stderr then goes to log, if given)."""
    admin_has_chat(fake)
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", *args],
                               env=_env(fake, db) | (env or {}),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=STOP_SECONDS)
        if log is not None:
            log.append(stderr)
        assert process.returncode == 0, stderr
        assert fake.token not in stderr and "Traceback" not in stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_without_a_token_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db")],
                                env={"TELEGRAM_BOT_TOKEN": ""})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    bad = CliRunner().invoke(cli, ["serve"], env={"TELEGRAM_BOT_TOKEN": "1:x", "NEGOBOT_ADMIN_IDS": "ann"})
    assert bad.exit_code == 2 and "NEGOBOT_ADMIN_IDS" in bad.stderr


def test_serve_polls_answers_a_private_question_and_stops_on_sigterm(
        fake_api: FakeBotAPI, bot_db: Path) -> None:
    with serving(fake_api, bot_db):  # the default 10-second long poll
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=30)
        fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
        answer = last_reply(fake_api, USER_ID, 1)
        assert "would not go to Moscow" in answer["text"] and "Source: Al Jazeera" in answer["text"]
    assert_telegram_accepted_everything(fake_api)


def test_serve_with_a_webhook_checks_its_secret(fake_api: FakeBotAPI, bot_db: Path) -> None:
    port = free_port()
    with serving(fake_api, bot_db, "--webhook-url", f"http://127.0.0.1:{port}/hook", "--port", str(port),
                 "--listen", "127.0.0.1"):
        fake_api.wait_for_sync(lambda: fake_api.webhook is not None and listening(port), timeout=30)
        assert fake_api.webhook is not None and len(fake_api.webhook["secret_token"]) >= 32
        update = fake_api.private_message(USER_ID, "abu dabi talks")
        assert fake_api.deliver_webhook(update, secret_token=None) == 403
        assert fake_api.deliver_webhook(update) == 200
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    assert_telegram_accepted_everything(fake_api)


def test_serve_waits_for_telegram_unreachable_at_start_up(fake_api: FakeBotAPI, bot_db: Path) -> None:
    fake_api.fail_next("getMe", status=502, times=5)  # more than one start's retries
    log: list[str] = []
    with serving(fake_api, bot_db, log=log):
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=60)
        fake_api.private_message(USER_ID, "abu dabi talks")
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    assert [c.status for c in fake_api.calls_to("getMe")][:6] == [502] * 5 + [200]
    assert "Telegram is unreachable" in log[0] and "trying again in 1 s" in log[0]


def test_a_second_poller_is_reported_plainly_and_polling_goes_on(fake_api: FakeBotAPI, bot_db: Path) -> None:
    import httpx

    log: list[str] = []
    with serving(fake_api, bot_db, log=log):
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=30)
        other = httpx.post(f"{fake_api.url}/bot{fake_api.token}/getUpdates", json={"timeout": 0})
        assert other.json()["ok"] is True  # the other poller wins, the bot's poll gets a 409
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=30)
        fake_api.private_message(USER_ID, "abu dabi talks")
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    assert "Another process is polling Telegram for this bot (409 Conflict)" in log[0]


def test_the_token_is_blanked_out_of_every_log_line_even_at_debug(fake_api: FakeBotAPI, bot_db: Path) -> None:
    # At DEBUG httpx logs every request's address, and the Bot API puts the token in it;
    # a failing call and a retry put it in warnings and error messages too.
    secret_half = fake_api.token.partition(":")[2]
    fake_api.fail_next("sendMessage", status=502)
    log: list[str] = []
    with serving(fake_api, bot_db, log=log, env={"NEGOBOT_LOG_LEVEL": "DEBUG"}):
        fake_api.wait_for_sync(lambda: fake_api.waiting_polls > 0, timeout=30)
        fake_api.private_message(USER_ID, "abu dabi talks")
        assert "Abu Dhabi" in last_reply(fake_api, USER_ID, 1)["text"]
    assert "HTTP Request: POST" in log[0] and "/bot[token]/sendMessage" in log[0]
    assert "trying again" in log[0]
    assert fake_api.token not in log[0] and secret_half not in log[0]


def test_a_wrong_log_level_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db")],
                                env={"TELEGRAM_BOT_TOKEN": "1:x", "NEGOBOT_LOG_LEVEL": "loud"})
    assert result.exit_code == 2 and "NEGOBOT_LOG_LEVEL must be DEBUG, INFO or WARNING" in result.stderr
