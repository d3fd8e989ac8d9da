"""Load: a burst of 1,000 questions from 200 people and a flood from one of them in a group —
every question answered exactly once, and the flood limiter stops only the abusive user."""

from __future__ import annotations

from pathlib import Path

from tests.bot_harness import (
    GROUP_ID,
    RunningBot,
    admin_has_chat,
    assert_telegram_accepted_everything,
    replies,
    settings_for,
)
from tests.fake_bot_api import FakeBotAPI

USERS, EACH = 200, 5
QUESTIONS = ["abu dabi talks", "Will Zelensky go to Moscow?", "energy truce",
             "what did peskow tell sky news", "who won the portuguese election"]
ABUSER = 999


def test_a_thousand_questions_from_200_people_and_a_flood_in_a_group(
        fake_api: FakeBotAPI, bot_db: Path) -> None:
    admin_has_chat(fake_api)
    running = RunningBot(fake_api, settings_for(fake_api, bot_db, flood_burst=EACH,
                                                flood_per_minute=1)).start()
    try:
        for round_ in range(EACH):
            for user in range(USERS):
                fake_api.private_message(1000 + user, QUESTIONS[(user + round_) % len(QUESTIONS)])
            for _ in range(10):  # one abusive member floods the group meanwhile
                fake_api.group_message(GROUP_ID, ABUSER, "/ask abu dabi talks")
        # Telegram lets a bot send about 30 messages a second (the bot's rate limiter keeps to
        # it), so the whole burst takes about 35 s.
        fake_api.wait_for_sync(lambda: len(fake_api.sent_messages()) >= USERS * EACH + EACH + 1,
                               timeout=180)
        for user in range(USERS):
            sent = replies(fake_api, 1000 + user, EACH)
            assert len(sent) == EACH  # each question answered once, none twice
            assert not any(m["text"].startswith("You are asking faster") for m in sent)
        flood = replies(fake_api, GROUP_ID, EACH + 1)
        # The abuser gets a burst's worth of answers and one "slow down", then nothing.
        assert len(flood) == EACH + 1
        assert flood[EACH]["text"].startswith("You are asking faster than I can answer.")
    finally:
        running.stop()
    assert len(fake_api.sent_messages()) == USERS * EACH + EACH + 1  # nothing else, nothing twice
    assert_telegram_accepted_everything(fake_api)
