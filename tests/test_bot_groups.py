"""Groups and channels: the bot speaks only when addressed, replying to the asker."""

from __future__ import annotations

from tests.bot_harness import CHANNEL_ID, GROUP_ID, USER_ID, RunningBot, last_reply, replies
from tests.fake_bot_api import FakeBotAPI

BOT = "negobot_test_bot"


def test_group_chatter_is_ignored_and_every_way_of_asking_is_answered(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.group_message(GROUP_ID, USER_ID, "Did anyone watch the match last night?")
    # On the topic, but not addressed to the bot:
    fake_api.group_message(GROUP_ID, 8, "Zelensky will not go to Moscow, I read")
    fake_api.group_message(GROUP_ID, 8, "/ask@other_bot Will Zelensky go to Moscow?")
    fake_api.sticker_message(GROUP_ID, 8)
    asked = [
        fake_api.group_message(GROUP_ID, USER_ID, "/ask Will Zelensky go to Moscow?"),
        fake_api.group_message(GROUP_ID, USER_ID, f"/ask@{BOT} when is the second round of talks"),
        fake_api.group_message(GROUP_ID, 8, f"@{BOT} what did peskov tell sky news"),
    ]
    sent = replies(fake_api, GROUP_ID, 3)
    assert "would not go to Moscow" in sent[0]["text"]
    assert "second round of the US-mediated negotiations" in sent[1]["text"]
    assert "Peskov telling Sky News" in sent[2]["text"]
    for answer, question in zip(sent, asked, strict=True):
        assert answer["reply_to_message"]["message_id"] == question["message"]["message_id"]

    follow_up = fake_api.group_message(GROUP_ID, 9, "and what about Kyiv?", reply_to=sent[0])
    reply = last_reply(fake_api, GROUP_ID, 4)
    assert reply["reply_to_message"]["message_id"] == follow_up["message"]["message_id"]
    assert "Kyiv" in reply["text"]
    fake_api.group_message(GROUP_ID, USER_ID, "thanks, bot")  # chatter again: nothing
    fake_api.group_message(GROUP_ID, USER_ID, "/ask bitcoin price")  # a barrier: handled in order
    decline = last_reply(fake_api, GROUP_ID, 5)
    assert "won't guess" in decline["text"]
    assert len(fake_api.sent_messages(GROUP_ID)) == 5


def test_basic_groups_work_too(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.group_message(-300, USER_ID, "/ask abu dabi talks", chat_type="group")
    answer = last_reply(fake_api, -300, 1)
    assert "Abu Dhabi" in answer["text"]
    assert int(answer["chat"]["id"]) == -300


def test_channel_posts_with_ask_or_a_mention_are_answered_by_a_reply_post(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.channel_post(CHANNEL_ID, "Today's round-up: talks go on.")
    post = fake_api.channel_post(CHANNEL_ID, "/ask when is the second round of talks")
    mention = fake_api.channel_post(CHANNEL_ID, f"@{BOT} did Putin accept the invitation?")
    sent = replies(fake_api, CHANNEL_ID, 2)
    assert "scheduled for Sunday [1 Feb 2026]" in sent[0]["text"]
    assert sent[0]["reply_to_message"]["message_id"] == post["channel_post"]["message_id"]
    assert sent[1]["reply_to_message"]["message_id"] == mention["channel_post"]["message_id"]
    assert "sender_chat" in sent[0]  # posted as the channel
    assert len(fake_api.sent_messages(CHANNEL_ID)) == 2


def test_subscriptions_need_a_chat_admin_in_groups_and_anyone_in_channels(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.set_chat_admins(GROUP_ID, [77])
    fake_api.group_message(GROUP_ID, USER_ID, "/subscribe")
    assert last_reply(fake_api, GROUP_ID, 1)["text"] == \
        "Only this group's admins can change its subscription."
    fake_api.group_message(GROUP_ID, 77, f"/subscribe@{BOT}")
    assert last_reply(fake_api, GROUP_ID, 2)["text"].startswith("Subscribed: new and corrected facts")
    fake_api.group_message(GROUP_ID, 77, "/subscribe")
    assert last_reply(fake_api, GROUP_ID, 3)["text"].startswith("This chat is already subscribed")
    fake_api.channel_post(CHANNEL_ID, "/subscribe")
    assert last_reply(fake_api, CHANNEL_ID, 1)["text"].startswith("Subscribed")
    fake_api.private_message(USER_ID, "/subscribe")
    assert last_reply(fake_api, USER_ID, 1)["text"].startswith("Subscribed")
    kb = bot.kb()
    chats = {row[0] for row in kb.db.execute("SELECT chat_id FROM subscriptions")}
    assert chats == {GROUP_ID, CHANNEL_ID, USER_ID}
    fake_api.group_message(GROUP_ID, USER_ID, "/unsubscribe")  # not an admin: refused
    fake_api.channel_post(CHANNEL_ID, "/unsubscribe")
    assert last_reply(fake_api, CHANNEL_ID, 2)["text"] == "Unsubscribed: no more announcements here."
    assert last_reply(fake_api, GROUP_ID, 4)["text"].startswith("Only this group's admins")
    chats = {row[0] for row in kb.db.execute("SELECT chat_id FROM subscriptions")}
    assert chats == {GROUP_ID, USER_ID}
    kb.close()
