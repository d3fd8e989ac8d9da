"""/timeline through the fake Bot API: a picture of the negotiations, its sources in the caption."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from knowledge.curate import add_fact, retire_fact
from tests.bot_harness import GROUP_ID, USER_ID, RunningBot, last_reply, replies
from tests.fake_bot_api import CAPTION_MAX_LENGTH, FakeBotAPI, UploadedFile

ROUNDS = [  # published, outlet, text
    ("2026-01-24", "Reuters", "Officials from Russia, Ukraine and the United States began talks in Abu "
                              "Dhabi on Friday."),
    ("2026-01-25", "AP", "The talks in Abu Dhabi ended on Saturday without a breakthrough."),
    ("2026-02-07", "Al Jazeera", "The two sides agreed to each hand over 157 prisoners of war, and the "
                                 "exchange took place on February 5."),
    ("2026-02-18", "BBC", "US-brokered peace talks in Geneva ended early on Wednesday."),
]


def _add_rounds(bot: RunningBot, rounds: list[tuple[str, str, str]]) -> list[int]:
    kb = bot.kb()
    try:
        return [add_fact(kb, text, actor="test", outlet=outlet, published=published,
                         url=f"https://{outlet.lower().replace(' ', '')}.example/{n}").id
                for n, (published, outlet, text) in enumerate(rounds)]
    finally:
        kb.close()


def _photo(fake: FakeBotAPI, n: int) -> bytes:
    uploaded = fake.calls_to("sendPhoto")[n].params["photo"]
    assert isinstance(uploaded, UploadedFile)
    return uploaded.content


def test_timeline_sends_a_picture_whose_caption_names_the_events_and_their_sources(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    # The bundled article dates nothing to a day: "last week", "Sunday" to come.
    fake_api.private_message(USER_ID, "/timeline")
    assert last_reply(fake_api, USER_ID, 1)["text"].startswith("No dated events in the facts yet.")

    ids = _add_rounds(bot, ROUNDS)
    fake_api.private_message(USER_ID, "/timeline")
    sent = last_reply(fake_api, USER_ID, 2)
    assert sent["photo"][0]["width"] == 1280
    caption = sent["caption"]
    assert caption.splitlines() == [
        "Timeline of the negotiations: 3 dated events in the facts",
        "• 23–24 Jan 2026 Abu Dhabi talks — Reuters 24 Jan 2026, AP 25 Jan 2026",
        "• 5 Feb 2026 prisoner exchange 157↔157 — Al Jazeera 7 Feb 2026",
        "• 18 Feb 2026 Geneva talks — BBC 18 Feb 2026",
    ]
    bold = [caption[e["offset"]:e["offset"] + e["length"]] for e in sent["caption_entities"]
            if e["type"] == "bold"]
    assert bold[1:] == ["23–24 Jan 2026 Abu Dhabi talks", "5 Feb 2026 prisoner exchange 157↔157",
                        "18 Feb 2026 Geneva talks"]
    png = _photo(fake_api, 0)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size[0] == 1280
    assert len(replies(fake_api, USER_ID, 2)) == 2  # every source fits: no second message

    # Asked again with nothing changed, the same picture; after a change, a new one.
    fake_api.private_message(USER_ID, "/timeline")
    last_reply(fake_api, USER_ID, 3)
    assert _photo(fake_api, 1) == png
    kb = bot.kb()
    retire_fact(kb, ids[3], actor="test")
    kb.close()
    fake_api.private_message(USER_ID, "/timeline")
    caption = last_reply(fake_api, USER_ID, 4)["caption"]
    assert "Geneva" not in caption and "2 dated events" in caption
    assert _photo(fake_api, 2) != png


def test_a_crowded_timeline_cuts_its_caption_and_sends_every_source_after_it(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    rounds = []
    for n in range(14):  # 14 rounds, each reported by four outlets the day after
        day = date(2025, 9, 1) + timedelta(days=7 * n)
        for outlet in ("Radio Free Europe/Radio Liberty", "Associated Press", "Reuters", "Deutsche Welle"):
            rounds.append(((day + timedelta(days=1)).isoformat(), f"{outlet} {n}",
                           f"Negotiators from both sides held talks in Geneva on {day:%B} {day.day}."))
    _add_rounds(bot, rounds)

    fake_api.group_message(GROUP_ID, USER_ID, "/timeline@negobot_test_bot")
    sent = replies(fake_api, GROUP_ID, 3)  # the picture, then the sources in two messages
    photo, sources = sent[0], sent[1:]
    assert len(sources) == 2 and all(len(m["text"]) <= 4096 for m in sources)
    caption = photo["caption"]
    assert len(caption) <= CAPTION_MAX_LENGTH  # the fake refuses a longer one anyway
    assert caption.startswith("Timeline of the negotiations: the 12 events most articles report, of 14")
    assert "below, with all the sources." in caption.splitlines()[-1]
    assert caption.count("• ") < 12
    # In a group the picture answers the message that asked for it; so do the sources.
    assert all(m["reply_to_message"]["text"] == "/timeline@negobot_test_bot" for m in sent)
    text = "\n".join(m["text"] for m in sources)
    assert text.startswith("Sources of the timeline")
    assert text.count("Geneva talks") == 12 and text.count("• ") == 48
    links = [e for m in sources for e in m["entities"] if e["type"] == "text_link"]
    assert len(links) == 48 and links[0]["url"].startswith("https://")
