"""A person in a private chat with the bot: questions, commands, buttons and odd input."""

from __future__ import annotations

from bot.commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from tests.bot_harness import ADMIN_ID, USER_ID, RunningBot, last_reply, replies
from tests.fake_bot_api import FakeBotAPI


def _add_facts(bot: RunningBot, facts: list[tuple[str, str, str, str]]) -> None:
    """Add (text, outlet, url, published) facts to the running bot's base, as an admin would."""
    from knowledge.curate import add_fact

    kb = bot.kb()
    for text, outlet, url, published in facts:
        add_fact(kb, text, actor="test", outlet=outlet, url=url, published=published)
    kb.close()


def _buttons(message: dict) -> dict[str, str]:  # type: ignore[type-arg]
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def test_a_private_question_gets_a_sourced_answer_with_buttons(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
    answer = last_reply(fake_api, USER_ID, 1)
    assert answer["text"].startswith("He told reporters on Friday [30 Jan 2026]")
    assert "would not go to Moscow" in answer["text"]
    assert "\n— Zelenskyy\nSource: Al Jazeera, “Ukrainian President Zelenskyy invites Putin" in answer["text"]
    assert "30 January 2026" in answer["text"]
    speaker_at = answer["text"].index("Zelenskyy\nSource")
    assert {"type": "italic", "offset": speaker_at, "length": 9} in answer["entities"]
    buttons = _buttons(answer)
    assert set(buttons) == {"Sources", "More like this"} and buttons["Sources"].startswith("src:")
    # One call to Telegram per question: the answer is quicker than a "typing…" would be.
    assert fake_api.calls_to("sendChatAction") == []


def test_a_ukrainian_question_is_answered_in_ukrainian_with_the_fact_as_published(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "Чи поїде Зеленський до Москви?", language_code="uk")
    answer = last_reply(fake_api, USER_ID, 1)
    text = answer["text"]
    assert text.startswith("Текст джерела англійською, як його опубліковано:\nHe told reporters on Friday "
                           "[30 Jan 2026] that he was ready for any format for the meeting, but would not "
                           "go to Moscow or Belarus, following an invitation from the Kremlin.\n— Zelenskyy\n"
                           "Джерело: Al Jazeera, “Ukrainian President Zelenskyy invites Putin to Kyiv for "
                           "talks”, 30 січня 2026")
    assert "\n\nТакож:\n" in text
    assert text.endswith("Станом на 30 січня 2026 (найновіше з використаних джерел).")
    assert {"type": "bold", "offset": text.index("Також:"), "length": 6} in answer["entities"]
    assert set(_buttons(answer)) == {"Джерела", "Ще схожі"}
    # Telegram's app language settles a question whose letters both languages have; the
    # fake refuses what Telegram refuses (checked for every call when the bot stops).
    fake_api.private_message(USER_ID, "Зеленский Москва", language_code="ru")
    assert last_reply(fake_api, USER_ID, 2)["text"].startswith("Текст источника на английском")
    fake_api.private_message(USER_ID, "Кто победил на выборах в Португалии?", language_code="ru")
    decline = last_reply(fake_api, USER_ID, 3)
    assert decline["text"].startswith("“Кто победил на выборах в Португалии?”\nУ меня нет факта с источником")
    assert decline["text"].endswith("Самые свежие факты — /latest, статьи — /sources.")
    assert set(_buttons(decline)) == {"Свежие факты", "Источники"}
    # An English question from a Ukrainian-speaking user is answered in English.
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?", language_code="uk")
    assert last_reply(fake_api, USER_ID, 4)["text"].startswith("He told reporters on Friday")


def test_public_commands_in_private(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "/start", first_name="Ann <script>")
    start = last_reply(fake_api, USER_ID, 1)["text"]
    assert start.startswith("Hello, Ann <script>! I answer questions about the Russia–Ukraine")
    assert "12 facts taken from 1 news article" in start

    fake_api.private_message(USER_ID, "/help")
    help_text = last_reply(fake_api, USER_ID, 2)["text"]
    assert all(f"/{c.name}" in help_text for c in PUBLIC_COMMANDS)
    assert not any(f"/{c.name}" in help_text for c in ADMIN_COMMANDS)
    assert "@negobot_test_bot" in help_text

    fake_api.private_message(USER_ID, "/latest")
    latest = last_reply(fake_api, USER_ID, 3)["text"]
    # The newest article's facts in its own order: the story's lead first.
    assert latest.startswith("Newest facts\n\n• Ukraine’s President Volodymyr Zelenskyy has invited")
    assert latest.count("• ") == 5 and latest.endswith("/fact 5")

    fake_api.private_message(USER_ID, "/sources")
    sources = last_reply(fake_api, USER_ID, 4)["text"]
    assert "Al Jazeera, “Ukrainian President Zelenskyy invites Putin to Kyiv for talks”, " \
           "30 January 2026: 12 facts" in sources

    fake_api.private_message(USER_ID, "/fact 6")
    fact = last_reply(fake_api, USER_ID, 5)
    assert fact["text"].startswith("Fact #6\nTalks between the two countries took place in Abu Dhabi")
    assert any(e["type"] == "blockquote" for e in fact["entities"])
    assert "last week = 19–25 Jan 2026" in fact["text"]

    fake_api.private_message(USER_ID, "/fact 999")
    fake_api.private_message(USER_ID, "/fact six")
    fake_api.private_message(USER_ID, "/frobnicate")
    sent = replies(fake_api, USER_ID, 8)
    assert sent[5]["text"] == "There is no fact #999. /latest shows the newest ones."
    assert sent[6]["text"].startswith("Give a fact number, e.g. /fact 3")
    assert sent[7]["text"].startswith("I don't know that command. /help")


def test_admins_see_admin_commands_in_help_and_only_their_menu_has_them(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    public = [c["command"] for c in fake_api.commands()]
    assert public == [c.name for c in PUBLIC_COMMANDS]
    mine = [c["command"] for c in fake_api.commands({"type": "chat", "chat_id": ADMIN_ID})]
    assert mine == [c.name for c in PUBLIC_COMMANDS + ADMIN_COMMANDS]
    assert fake_api.commands({"type": "chat", "chat_id": USER_ID}) == []
    fake_api.private_message(ADMIN_ID, "/help")
    help_text = last_reply(fake_api, ADMIN_ID, 1)["text"]
    assert all(f"/{c.name}" in help_text for c in PUBLIC_COMMANDS + ADMIN_COMMANDS)


def test_a_decline_is_friendly_and_echoes_the_question_escaped(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "<b>Who</b> won the Portuguese election & why?")
    decline = last_reply(fake_api, USER_ID, 1)
    assert decline["text"].startswith("“<b>Who</b> won the Portuguese election & why?”\n"
                                      "I have no sourced fact that answers that, so I won't guess.")
    assert "Russia–Ukraine peace talks" in decline["text"]
    assert set(_buttons(decline)) == {"Newest facts", "Sources"}
    fake_api.private_message(USER_ID, 'NEAR( " * AND')  # FTS syntax is just words
    assert "won't guess" in last_reply(fake_api, USER_ID, 2)["text"]


def test_buttons_show_sources_and_more_like_this(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
    answer = last_reply(fake_api, USER_ID, 1)
    buttons = _buttons(answer)

    fake_api.callback_query(USER_ID, answer, buttons["Sources"])
    sources = last_reply(fake_api, USER_ID, 2)
    assert sources["text"].startswith("Sources of this answer\n\n• Al Jazeera, “Ukrainian President")
    assert sources["reply_to_message"]["message_id"] == answer["message_id"]

    fake_api.callback_query(USER_ID, answer, buttons["More like this"])
    more = last_reply(fake_api, USER_ID, 3)
    assert more["text"].startswith("More like this\n\n• ") and "/fact " in more["text"]
    shown = [int(part.split()[0]) for part in more["text"].split("/fact ")[1:]]
    assert not set(shown) & {int(i) for i in buttons["More like this"][5:].split(",")}
    again = _buttons(more)["More like this"]
    assert again.startswith(buttons["More like this"]) and len(again.encode()) <= 64

    fake_api.callback_query(USER_ID, answer, "latest")
    assert last_reply(fake_api, USER_ID, 4)["text"].startswith("Newest facts")
    fake_api.callback_query(USER_ID, answer, "this is not ours")
    fake_api.wait_for_sync(lambda: len(fake_api.calls_to("answerCallbackQuery")) == 4)
    assert fake_api.calls_to("answerCallbackQuery")[-1].params["text"].startswith("This button no longer")


def test_stickers_photos_empty_and_huge_messages_get_clear_words(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.sticker_message(USER_ID, USER_ID)
    fake_api.photo_message(USER_ID, USER_ID, caption="what is this?")
    fake_api.private_message(USER_ID, "/ask")
    fake_api.private_message(USER_ID, "Zelensky " * 200)
    sent = replies(fake_api, USER_ID, 4)
    assert sent[0]["text"].startswith("I can only read questions written in words")
    assert sent[1]["text"] == sent[0]["text"]
    assert sent[2]["text"].startswith("Ask me a question in words, e.g. “Will Zelensky go to Moscow?”")
    assert sent[3]["text"].startswith("That is 1,800 characters; I answer questions of up to 1,000.")


UNDATED_PAGE = """---
title: "Envoys meet again in Geneva"
source: https://example.org/story/894746
date: unknown
---

Ukrainian and Russian negotiators met on Tuesday in Geneva to resume the Zhytomyr peace talks, officials said.
"""


def test_an_answer_from_an_undated_page_says_undated_wherever_its_source_shows(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    from knowledge.ingest import ingest_text

    kb = bot.kb()
    ingest_text(kb, UNDATED_PAGE, actor="test")
    kb.close()
    fake_api.private_message(USER_ID, "where did the negotiators meet for the Zhytomyr talks")
    answer = last_reply(fake_api, USER_ID, 1)
    assert "Source: Example, “Envoys meet again in Geneva”, undated" in answer["text"]
    fake_api.callback_query(USER_ID, answer, _buttons(answer)["Sources"])
    assert "Example, “Envoys meet again in Geneva”, undated" in last_reply(fake_api, USER_ID, 2)["text"]
    fake_api.private_message(USER_ID, "/sources")
    assert "“Envoys meet again in Geneva”, undated: 1 fact" in last_reply(fake_api, USER_ID, 3)["text"]


def test_an_answer_about_the_next_round_leads_with_the_newest_word_and_dates_the_earlier(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    from tests.test_recency import VENUES

    _add_facts(bot, [(text, outlet, url, published) for published, outlet, url, text in VENUES])
    fake_api.private_message(USER_ID, "Where will the next round of talks be held?")
    answer = last_reply(fake_api, USER_ID, 1)
    text = answer["text"]
    assert text.startswith("The Kremlin said the next round of talks would be held in Abu Dhabi.")
    earlier = text.index("Earlier:")
    assert {"type": "bold", "offset": earlier, "length": 8} in answer["entities"]
    assert "\n• AP, 12 February 2026: Ukraine's negotiator said the next round" in text
    ap_at = text.index("AP, 12 February 2026")
    assert {"type": "text_link", "offset": ap_at, "length": 20,
            "url": "https://apnews.com/article/next-round-geneva"} in answer["entities"]
    assert text.endswith("As of 20 February 2026 (the newest source used).")

    fake_api.private_message(USER_ID, "what's new?")
    news = last_reply(fake_api, USER_ID, 2)["text"]
    assert news.startswith("The Kremlin said the next round") and "As of 20 February 2026" in news


def test_a_disputed_point_shows_each_side_in_telegram(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    from tests.test_sides import POSITIONS

    _add_facts(bot, POSITIONS)
    fake_api.private_message(USER_ID, "Will Ukraine withdraw its troops from the Donbas?")
    answer = last_reply(fake_api, USER_ID, 1)
    text = answer["text"]
    heading = text.index("The other sides:")
    assert {"type": "bold", "offset": heading, "length": 16} in answer["entities"]
    sides = [line.split(" — ")[0] for line in text[heading:].split("\n• ")[1:3]]
    assert len(sides) == 2 and set(sides) < {"Kyiv", "Moscow", "Washington"}
    for side in sides:
        at = text.index(f"\n• {side} — ") + 3
        assert {"type": "bold", "offset": at, "length": len(side)} in answer["entities"]
    # Every side's word carries its source: Moscow's (TASS) whether it leads or not.
    assert "TASS, 11 February 2026" in text and "Reuters, 10 February 2026" in text
