"""Admins keep the facts current from Telegram; nobody else changes anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bot_harness import (
    ADMIN_ID,
    CHANNEL_ID,
    GROUP_ID,
    USER_ID,
    RunningBot,
    last_reply,
    replies,
)
from tests.fake_bot_api import FakeBotAPI

GENEVA = "Umerov said the third round of talks would be held in Geneva."
REUTERS = "https://www.reuters.com/world/europe/geneva-talks-2026-02-14/"
ARTICLE = """Envoys agree on prisoner exchange in Istanbul
Ukrainian and Russian envoys agreed on Sunday to exchange 300 prisoners of war, mediators in Istanbul said.
Rustem Umerov said the exchange would take place within two weeks.
Advertisement
Related News
Who won the Portuguese election?
"""


def snapshot(bot: RunningBot) -> dict[str, Any]:
    """Everything an admin command could change."""
    kb = bot.kb()
    try:
        return {table: [tuple(r) for r in kb.db.execute(f"SELECT * FROM {table} ORDER BY 1")]
                for table in ("articles", "facts", "audit", "subscriptions")}
    finally:
        kb.close()


def subscribe_group_and_channel(fake: FakeBotAPI) -> None:
    fake.set_chat_admins(GROUP_ID, [77])
    fake.group_message(GROUP_ID, 77, "/subscribe")
    fake.channel_post(CHANNEL_ID, "/subscribe")
    replies(fake, GROUP_ID, 1)
    replies(fake, CHANNEL_ID, 1)


def test_addfact_is_answered_at_the_next_question_and_announced(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    subscribe_group_and_channel(fake_api)
    fake_api.private_message(USER_ID, "Will talks be held in Geneva?")
    assert "won't guess" in last_reply(fake_api, USER_ID, 1)["text"]

    fake_api.private_message(ADMIN_ID, f"/addfact {GENEVA} | {REUTERS}")
    added = last_reply(fake_api, ADMIN_ID, 1)["text"]
    assert added.startswith("Added fact #13\n" + GENEVA)
    assert "Source: Reuters, " in added  # outlet from the URL's site, date today

    fake_api.private_message(USER_ID, "Will talks be held in Geneva?")
    answer = last_reply(fake_api, USER_ID, 2)
    assert answer["text"].startswith(GENEVA) and "— Umerov" in answer["text"]
    links = [e for e in answer["entities"] if e["type"] == "text_link"]
    assert links and links[0]["url"] == REUTERS

    for chat in (GROUP_ID, CHANNEL_ID):
        announcement = last_reply(fake_api, chat, 2)
        assert announcement["text"].startswith("New fact #13\n" + GENEVA)
    kb = bot.kb()
    assert kb.history(13)[0]["actor"] == f"telegram:{ADMIN_ID}"
    kb.close()


def test_addfact_takes_outlet_and_date_and_refuses_bad_input(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(ADMIN_ID, f"/addfact {GENEVA} | {REUTERS} | 2026-02-14 | Reuters <Europe>")
    assert "Source: Reuters &lt;Europe&gt;" not in last_reply(fake_api, ADMIN_ID, 1)["text"]
    assert "Source: Reuters <Europe>, 14 February 2026" in last_reply(fake_api, ADMIN_ID, 1)["text"]
    before = snapshot(bot)
    fake_api.private_message(ADMIN_ID, f"/addfact {GENEVA}")
    fake_api.private_message(ADMIN_ID, f"/addfact | {REUTERS}")
    fake_api.private_message(ADMIN_ID, "/editfact 999 New text.")
    fake_api.private_message(ADMIN_ID, "/retire twelve")
    sent = replies(fake_api, ADMIN_ID, 5)
    assert sent[1]["text"].startswith("Use /addfact TEXT | SOURCE URL")
    assert sent[2]["text"].startswith("Use /addfact TEXT | SOURCE URL")
    assert sent[3]["text"] == "No fact #999."
    assert sent[4]["text"] == "Give a fact number: /retire ID"
    assert snapshot(bot) == before


def _send(fake: FakeBotAPI, where: str, command: str) -> None:
    """command as each way in a non-admin might try: their own chat, a group they administer,
    a channel, a display name that claims to be the admin, a message forwarded from the
    admin, and a group's anonymous admin (sender_chat)."""
    if where == "private":
        fake.private_message(USER_ID, command)
    elif where == "admin's name":
        fake.private_message(USER_ID, command, first_name=f"negobot admin {ADMIN_ID}")
    elif where == "forwarded from the admin":
        message = fake._new_message({"id": USER_ID, "type": "private", "first_name": "Ann"},
                                    fake._user(USER_ID), text=command)
        admin = fake._user(ADMIN_ID)
        message["forward_origin"] = {"type": "user", "sender_user": admin, "date": message["date"]}
        message["forward_from"] = admin
        message["forward_date"] = message["date"]
        fake.add_update({"message": message})
    elif where == "group admin":
        fake.group_message(GROUP_ID, USER_ID, command)
    elif where == "anonymous group admin":
        chat = fake._group_chat(GROUP_ID, "supergroup")
        anonymous = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                     "username": "GroupAnonymousBot"}
        message = fake._new_message(chat, anonymous, text=command)
        message["sender_chat"] = dict(chat)
        fake.add_update({"message": message})
    else:
        fake.channel_post(CHANNEL_ID, command)


@pytest.mark.parametrize("where", ["private", "admin's name", "forwarded from the admin", "group admin",
                                   "anonymous group admin", "channel"])
def test_admin_commands_are_refused_to_everyone_else_and_change_nothing(
        bot: RunningBot, fake_api: FakeBotAPI, where: str) -> None:
    fake_api.set_chat_admins(GROUP_ID, [USER_ID])  # a group's own admin is no bot admin
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
    replies(fake_api, USER_ID, 1)
    before = snapshot(bot)
    commands = [f"/addfact {GENEVA} | {REUTERS}", "/editfact 2 Zelenskyy will go to Moscow.",
                "/retire 2", "/undo", "/history 2", "/unanswered", "/stats",
                "/teach 2 will the president travel to the russian capital",
                "/ingest | Reuters | 2026-02-01"]
    for command in commands:
        _send(fake_api, where, command)
    private = where in ("private", "admin's name", "forwarded from the admin")
    if where == "channel":  # a channel post is not a person: nothing at all happens
        fake_api.channel_post(CHANNEL_ID, "/ask abu dabi talks")
        sent = replies(fake_api, CHANNEL_ID, 1)
        assert "Abu Dhabi" in sent[0]["text"] and len(sent) == 1
    else:
        chat = USER_ID if private else GROUP_ID
        offset = 1 if private else 0
        sent = replies(fake_api, chat, offset + len(commands))[offset:]
        assert all(m["text"].startswith("Sorry, that command is for the bot's admins only.")
                   for m in sent)
    assert snapshot(bot) == before
    fake_api.private_message(USER_ID, "Will Zelensky go to Moscow?")
    answers_before = 1 + (len(commands) if private else 0)
    assert "would not go to Moscow" in last_reply(fake_api, USER_ID, answers_before + 1)["text"]


def test_edit_retire_undo_and_history(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    subscribe_group_and_channel(fake_api)
    question = "when is the second round of talks"
    fake_api.private_message(ADMIN_ID, "/editfact 6 Talks took place in Abu Dhabi last week, and a "
                                       "second round is scheduled for Sunday in Riyadh.")
    assert last_reply(fake_api, ADMIN_ID, 1)["text"].startswith("Edited fact #6\nTalks took place")
    fake_api.private_message(USER_ID, question)
    assert "scheduled for Sunday [1 Feb 2026] in Riyadh" in last_reply(fake_api, USER_ID, 1)["text"]
    assert last_reply(fake_api, GROUP_ID, 2)["text"].startswith("Corrected fact #6")

    fake_api.private_message(ADMIN_ID, "/retire 6")
    assert last_reply(fake_api, ADMIN_ID, 2)["text"].startswith("Retired: fact #6 is no longer used")
    assert last_reply(fake_api, CHANNEL_ID, 3)["text"].startswith("Withdrawn: fact #6")
    fake_api.private_message(ADMIN_ID, "/undo")
    assert last_reply(fake_api, ADMIN_ID, 3)["text"].startswith("Undone: fact #6, it is answered with again")
    fake_api.private_message(ADMIN_ID, "/undo")
    assert last_reply(fake_api, ADMIN_ID, 4)["text"].startswith("Undone: fact #6, its earlier text is back")
    fake_api.private_message(USER_ID, question)
    assert "US-mediated negotiations" in last_reply(fake_api, USER_ID, 2)["text"]
    fake_api.private_message(ADMIN_ID, "/undo")
    assert last_reply(fake_api, ADMIN_ID, 5)["text"] == "You have no change left to undo."

    fake_api.private_message(ADMIN_ID, "/history 6")
    history = last_reply(fake_api, ADMIN_ID, 6)["text"]
    assert history.startswith("History of fact #6 (active)")
    for action in ("fact.add", "fact.edit", "fact.retire", "undo.fact.retire", "undo.fact.edit"):
        assert action in history
    assert f"telegram:{ADMIN_ID}" in history and "system" in history


def test_ingest_a_pasted_article_and_a_document(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    subscribe_group_and_channel(fake_api)
    pasted = fake_api.private_message(ADMIN_ID, ARTICLE)
    replies(fake_api, ADMIN_ID, 1)  # the bot took the paste for a question first
    fake_api.private_message(ADMIN_ID, "/ingest | Reuters | 2026-02-01",
                             reply_to_message_id=pasted["message"]["message_id"])
    added = last_reply(fake_api, ADMIN_ID, 2)["text"]
    assert added.startswith("Added article #2: Reuters, “Envoys agree on prisoner exchange in Istanbul”, "
                            "1 February 2026\n2 facts;")
    assert last_reply(fake_api, GROUP_ID, 2)["text"].startswith("New article: Reuters, “Envoys agree")
    fake_api.private_message(USER_ID, "how many prisoners will be exchanged?")
    answer = last_reply(fake_api, USER_ID, 1)["text"]
    assert "exchange 300 prisoners of war" in answer and "Sunday [1 Feb 2026]" in answer
    fake_api.private_message(USER_ID, "Who won the Portuguese election?")
    assert "won't guess" in last_reply(fake_api, USER_ID, 2)["text"]  # furniture is no fact

    page = (b"<html><head><title>x</title></head><body><nav>Menu</nav><h1>Kremlin names new envoy</h1>"
            b"<p>The Kremlin said on Monday that Kirill Dmitriev would lead the delegation in Geneva.</p>"
            b"<p>Ukraine has not yet named its own delegation for the talks with Russia in Geneva.</p>"
            b"<p>Sign up for our newsletter to get the news every morning.</p></body></html>")
    fake_api.document_message(ADMIN_ID, ADMIN_ID, "envoy.html", page, mime_type="text/html",
                              caption="/ingest | | 2026-02-02 | https://tass.com/politics/1")
    assert last_reply(fake_api, ADMIN_ID, 3)["text"].startswith(
        "Added article #3: TASS, “Kremlin names new envoy”, 2 February 2026\n2 facts;")
    fake_api.private_message(USER_ID, "who leads the russian delegation in geneva?")
    assert "Dmitriev" in last_reply(fake_api, USER_ID, 3)["text"]

    fake_api.document_message(ADMIN_ID, ADMIN_ID, "scan.pdf", b"%PDF-1.4", mime_type="application/pdf",
                              caption="/ingest | Reuters | 2026-02-02")
    fake_api.private_message(ADMIN_ID, "/ingest | Reuters")
    fake_api.document_message(USER_ID, USER_ID, "envoy.html", page, caption="/ingest | | 2026-02-02")
    sent = replies(fake_api, ADMIN_ID, 5)
    assert sent[3]["text"] == "I can add articles from .txt, .md or .html files only."
    assert sent[4]["text"].startswith("Reply /ingest TITLE | OUTLET | YYYY-MM-DD | URL to a message")
    assert last_reply(fake_api, USER_ID, 4)["text"].startswith("Sorry, that command is for the bot's admins")

    fake_api.private_message(ADMIN_ID, "/undo")
    assert last_reply(fake_api, ADMIN_ID, 6)["text"] == \
        "Undone: the ingestion of article #3; 2 facts changed back."
    fake_api.private_message(USER_ID, "who leads the russian delegation in geneva?")
    assert "won't guess" in last_reply(fake_api, USER_ID, 5)["text"]


def test_a_documents_name_cannot_reach_any_folder(bot: RunningBot, fake_api: FakeBotAPI,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    page = (b"Envoys meet in Geneva\n\nUmerov said the delegations would meet in Geneva on Tuesday.\n\n"
            b"Peskov said Russia's delegation would be led by Medinsky in Geneva.\n\n"
            b"Witkoff said the United States would send Kushner to the Geneva talks.\n")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for count, name in enumerate(("../../escaped.md", "/tmp/negobot-escaped.md",
                                  "sub/../../escaped.md", "..\\..\\escaped.md"), start=1):
        fake_api.document_message(ADMIN_ID, ADMIN_ID, name, page,
                                  caption="/ingest | Reuters | 2026-02-16 | https://reuters.com/g")
        said = last_reply(fake_api, ADMIN_ID, count)["text"]
        assert said.startswith(("Added article #2", "Already in the base, unchanged")), said
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written under a name
    assert not Path("/tmp/negobot-escaped.md").exists()
    assert not (tmp_path.parent / "escaped.md").exists()


def test_an_admin_teaches_a_declined_question_and_undoes_it(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.private_message(USER_ID, "will homes stay warm this week?")
    assert "won't guess" in last_reply(fake_api, USER_ID, 1)["text"]
    fake_api.private_message(ADMIN_ID, "/teach 9 will homes stay <warm> this week?")
    taught = last_reply(fake_api, ADMIN_ID, 1)["text"]
    assert taught.startswith("Taught: “will homes stay <warm> this week?” → fact #9 “US President")
    fake_api.private_message(USER_ID, "are homes going to stay warm over the week")
    answer = last_reply(fake_api, USER_ID, 2)["text"]
    assert answer.startswith("US President Donald Trump announced on Thursday [29 Jan 2026] that Putin")
    for count, (command, reply) in enumerate((
            ("/teach nine homes", "Give a fact number: /teach FACT_ID QUESTION"),
            ("/teach 999 will homes stay warm", "No fact #999."),
            ("/teach 9", "Give the question to teach after the fact's id.")), start=2):
        fake_api.private_message(ADMIN_ID, command)
        assert reply in last_reply(fake_api, ADMIN_ID, count)["text"]
    fake_api.private_message(ADMIN_ID, "/undo")
    assert last_reply(fake_api, ADMIN_ID, 5)["text"].startswith(
        "Undone: fact #9, the question taught to it is forgotten.")
    fake_api.private_message(USER_ID, "are homes going to stay warm over the week")
    assert "won't guess" in last_reply(fake_api, USER_ID, 3)["text"]


def test_unanswered_and_stats(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    for question in ("Who won the Portuguese election?", "who won the portuguese election",
                     "bitcoin price", "Will Zelensky go to Moscow?", "who won the election in portugal"):
        fake_api.private_message(USER_ID, question)
    replies(fake_api, USER_ID, 5)
    fake_api.private_message(ADMIN_ID, "/unanswered")
    unanswered = last_reply(fake_api, ADMIN_ID, 1)["text"]
    # Other words for the same question count with it; the answered one is not listed.
    assert unanswered.startswith("Declined or barely answered questions, most asked first\n\n"
                                 "3× “who won the portuguese election” (last ")
    assert "UTC; 2 wordings)\n\n1× “bitcoin price”" in unanswered
    assert "Moscow" not in unanswered and "/teach FACT_ID QUESTION" in unanswered
    fake_api.private_message(ADMIN_ID, "/stats")
    figures = last_reply(fake_api, ADMIN_ID, 2)["text"]
    assert "Articles: 1\nFacts: 12 answered with, 0 retired\nQuestions: 5 asked, 4 declined" in figures
    assert "Subscribed chats: 0" in figures
