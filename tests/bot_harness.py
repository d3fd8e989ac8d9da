"""Run the real bot against the fake Bot API: the Application in its own thread and event loop.

`bot` (a fixture, registered in conftest.py) starts the application exactly as
`negobot serve` does (`bot.serve.run`, long polling with a one-second poll), on a fresh
copy of the bundled base, and at teardown stops it and checks that Telegram would have
accepted every call: no 4xx/5xx from the fake, every message in HTML with link previews off.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication, build_application
from bot.serve import run
from bot.settings import Settings
from knowledge import KnowledgeBase, open_base
from tests.fake_bot_api import FakeBotAPI

ADMIN_ID = 42
USER_ID = 7
GROUP_ID = -100200
CHANNEL_ID = -100300
JSON = dict[str, Any]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class RunningBot:
    """The application built by `build_application`, run by `bot.serve.run` in a thread."""

    def __init__(
        self, fake: FakeBotAPI, settings: Settings, *, webhook_url: str | None = None, port: int = 0
    ) -> None:
        self.fake = fake
        self.settings = settings
        self.webhook_url = webhook_url
        self.port = port
        self.app: BotApplication = build_application(settings)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="negobot-under-test", daemon=True)

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            run(
                self.app,
                self.settings,
                webhook_url=self.webhook_url,
                port=self.port,
                listen="127.0.0.1",
                handle_signals=False,
            )
        except BaseException as error:  # reported by stop()
            self.error = error

    def start(self) -> RunningBot:
        self._thread.start()
        if self.webhook_url:
            # PTB sets the webhook first, then starts listening.
            self.fake.wait_for_sync(lambda: listening(self.port) or self.error is not None)
        else:
            self.fake.wait_for_sync(lambda: self.fake.waiting_polls > 0 or self.error is not None)
        if self.error is not None:
            raise self.error
        return self

    def stop(self) -> None:
        # stop_running() only stops an application that has finished starting.
        self.fake.wait_for_sync(lambda: self.app.running or not self._thread.is_alive())
        if self.loop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.app.stop_running)
        self._thread.join(timeout=15)
        assert not self._thread.is_alive(), "the application did not stop"
        if self.error is not None:
            raise self.error

    def call(self, make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        """Run a coroutine on the bot's own event loop and return its result."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(make(), self.loop).result(timeout=15)

    def kb(self) -> KnowledgeBase:
        """A second connection to the bot's database (close it when done)."""
        return KnowledgeBase.open(self.settings.db_path)


def base_copy(tmp_path: Path, template: Path) -> Path:
    target = tmp_path / "negobot.db"
    shutil.copyfile(template, target)
    return target


def settings_for(fake: FakeBotAPI, db_path: Path, **changes: Any) -> Settings:
    base = Settings(
        token=fake.token,
        api_url=fake.url,
        admin_ids=frozenset({ADMIN_ID}),
        db_path=db_path,
        webhook_secret="test-secret-token",
        flood_burst=100,
        flood_per_minute=6000,
        poll_timeout=1,
    )
    return replace(base, **changes)


def assert_telegram_accepted_everything(fake: FakeBotAPI) -> None:
    """Zero refusals; link previews off; HTML never sent as plain text."""
    assert fake.rejected == [], [(c.method, c.response) for c in fake.rejected]
    for call in fake.calls_to("sendMessage"):
        assert call.params.get("parse_mode") in ("HTML", None), call.params
        assert call.params.get("link_preview_options") == {"is_disabled": True}, call.params
        if call.params.get("parse_mode") is None:
            assert "</" not in call.params["text"], call.params


def replies(fake: FakeBotAPI, chat_id: int, count: int) -> list[JSON]:
    """Wait until the bot has sent at least count messages to chat_id; all of them."""
    fake.wait_for_sync(lambda: len(fake.sent_messages(chat_id)) >= count)
    return fake.sent_messages(chat_id)


def last_reply(fake: FakeBotAPI, chat_id: int, count: int) -> JSON:
    """The count-th message the bot sent to chat_id, once it is there."""
    return replies(fake, chat_id, count)[count - 1]


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "negobot.db"
    open_base(path).close()
    return path


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
def bot_db(tmp_path: Path, seeded_template: Path) -> Path:
    return base_copy(tmp_path, seeded_template)


def admin_has_chat(fake: FakeBotAPI) -> None:
    """The admin has opened a private chat with the bot, so it may write to them."""
    fake.register_chat({"id": ADMIN_ID, "type": "private", "first_name": "Ada"})


@pytest.fixture
def bot(fake_api: FakeBotAPI, bot_db: Path) -> Iterator[RunningBot]:
    admin_has_chat(fake_api)
    running = RunningBot(fake_api, settings_for(fake_api, bot_db)).start()
    yield running
    running.stop()
    assert_telegram_accepted_everything(fake_api)
