"""The bot's pieces without a server: HTML and the 4,096 limit, buttons, addressing, flood, settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Chat, Message, MessageEntity, User

from bot.addressing import question_for_bot
from bot.documents import document_text
from bot.flood import FloodLimiter, Verdict
from bot.keyboards import MAX_CALLBACK_BYTES, Callback, answer_keyboard
from bot.markup import MAX_MESSAGE, Span, bold, fit, italic, link, paginate, quote, text, units
from bot.render import answer_message, decline_message, fact_pages
from bot.settings import SettingsError, from_env
from knowledge import Answerer, KnowledgeBase, KnowledgeError
from knowledge.curate import add_fact
from knowledge.ingest import ingest_text, parse_article
from tests.fake_bot_api import parse_html

BOT = "negobot_test_bot"
BOT_ID = 1000


def plain(page: str) -> str:
    """What a reader sees, as Telegram parses it (raises if Telegram would refuse it)."""
    return parse_html(page)[0]


# -- markup ------------------------------------------------------------------------------------

def test_user_and_article_text_is_escaped() -> None:
    html = "".join(s.render() for s in [text("a < b & c > d"), bold("<script>"),
                                        link("x & y", 'https://e.com/?a=1&b="2"')])
    assert html == ('a &lt; b &amp; c &gt; d<b>&lt;script&gt;</b>'
                    '<a href="https://e.com/?a=1&amp;b=&quot;2&quot;">x &amp; y</a>')
    assert plain(html) == 'a < b & c > d<script>x & y'


def test_links_only_for_web_addresses() -> None:
    assert link("label", "javascript:alert(1)").href is None
    assert link("label", None).render() == "label"
    assert link("label", "https://www.reuters.com/x").href == "https://www.reuters.com/x"


_spans = st.lists(st.builds(
    Span,
    st.text(alphabet=st.sampled_from([*"ab <>&\"'\n…", "é", "😀", " "]), min_size=1, max_size=300),
    st.sampled_from(["", "b", "i", "blockquote", "code"])), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(spans=_spans, limit=st.integers(min_value=40, max_value=400))
def test_pages_never_exceed_the_limit_nor_cut_a_tag_or_entity(spans: list[Span], limit: int) -> None:
    pages = paginate(spans, limit)
    for page in pages:
        assert units(page) <= limit
        parse_html(page)  # a tag or &entity; cut in half would raise here
    seen = "".join(plain(p).replace("…", "") for p in pages)
    original = "".join(s.text.replace("…", "") for s in spans)
    assert "".join(seen.split()) == "".join(original.split())  # nothing lost, only spaces at cuts


def test_fit_trims_with_a_pointer_to_the_rest() -> None:
    long = [text("word " * 2000)]
    html, trimmed = fit(long, [text("\n/fact 7 shows it all.")])
    assert trimmed and units(html) <= MAX_MESSAGE and html.endswith("/fact 7 shows it all.")
    assert fit([text("short")], [text("tail")]) == ("short", False)


# -- rendering ---------------------------------------------------------------------------------

def test_answer_has_fact_speaker_and_linked_source(kb: KnowledgeBase) -> None:
    add_fact(kb, "Umerov said the <third> round of talks would be held in Geneva & Istanbul.",
             actor="t", url="https://www.reuters.com/world/geneva-2026-02-14/", published="2026-02-14")
    answer = Answerer(kb).answer("where will the third round of talks be held, Geneva?")
    html, trimmed = answer_message(answer)
    assert not trimmed
    assert "the &lt;third&gt; round" in html and "Geneva &amp; Istanbul" in html
    assert '<a href="https://www.reuters.com/world/geneva-2026-02-14/">Reuters, 14 February 2026</a>' in html
    assert "— <i>Umerov</i>" in html
    plain(html)


def test_a_fact_other_outlets_carried_says_so(kb: KnowledgeBase) -> None:
    story = ("KYIV, Feb 5 (Reuters) - Ukraine and Russia agreed to exchange 314 prisoners of war "
             "after two days of talks in Abu Dhabi, the U.S. envoy said on Thursday.")
    for site in ("reuters.com", "kfgo.com", "kten.com"):
        ingest_text(kb, f"Prisoner swap agreed\n{story}", actor="t",
                    url=f"https://{site}/2026/02/05/swap/")
    answer = Answerer(kb).answer("how many prisoners will ukraine and russia exchange")
    assert [a.outlet for a in answer.carried_by] == ["Reuters", "KFGO", "KTEN"]
    assert "Reported by Reuters and 2 more (KFGO, KTEN)" in plain(answer_message(answer)[0])


def test_an_answer_longer_than_a_message_is_trimmed_and_points_to_the_fact(kb: KnowledgeBase) -> None:
    sentence = "Umerov said the Geneva round would discuss prisoner exchanges and energy strikes. "
    for n in range(3):
        add_fact(kb, f"Geneva talks part {n}: " + sentence * 23, actor="t", outlet="TASS",
                 published="2026-02-14")
    answer = Answerer(kb).answer("Geneva round prisoner exchanges energy strikes")
    assert answer.answered and len(answer.matches) == 3
    html, trimmed = answer_message(answer)
    assert trimmed and units(html) <= MAX_MESSAGE
    assert f"/fact {answer.matches[0].fact.id} shows it in full" in plain(html)
    assert plain(html).endswith("As of 14 February 2026 (the newest source used).")
    keyboard = answer_keyboard(tuple(m.fact.id for m in answer.matches), trimmed=True)
    assert keyboard.inline_keyboard[1][0].callback_data == f"fact:{answer.matches[0].fact.id}"


def test_a_fact_longer_than_a_message_is_sent_in_pages(kb: KnowledgeBase) -> None:
    fact = add_fact(kb, "Peskov said " + "the talks would continue in Abu Dhabi. " * 50, actor="t",
                    outlet="TASS", published="2026-02-14")
    kb.update_fact(fact.id, actor="t", action="test.grow", text=fact.text * 3)
    grown = kb.fact(fact.id)
    pages = fact_pages(grown, kb.article(grown.article_id))
    assert len(pages) == 2 and all(units(p) <= MAX_MESSAGE for p in pages)
    assert pages[0].startswith(f"<b>Fact #{fact.id}</b>") and "<blockquote>" in pages[1]


def test_decline_quotes_the_question_escaped_and_says_what_it_covers(answerer: Answerer) -> None:
    html = decline_message(answerer.answer("<b>Who</b> won the Portuguese election & why?"))
    seen = plain(html)
    assert "“<b>Who</b> won the Portuguese election & why?”" in seen
    assert "won't guess" in seen and "Russia–Ukraine peace talks" in seen and "/latest" in seen


# -- buttons -----------------------------------------------------------------------------------

@given(st.sampled_from(["src", "more", "fact"]),
       st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=30))
def test_callback_data_fits_64_bytes_and_keeps_the_first_ids(kind: str, ids: list[int]) -> None:
    data = Callback(kind, tuple(ids)).encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    decoded = Callback.decode(data)
    assert decoded is not None and decoded.kind == kind and decoded.ids == tuple(ids[:len(decoded.ids)])
    assert decoded.ids[0] == ids[0]


@pytest.mark.parametrize("data", [None, "", "src:", "drop table", "more:1,x", "fact:-1", "x:1"])
def test_callback_data_the_bot_never_made_is_refused(data: str | None) -> None:
    assert Callback.decode(data) is None


# -- addressing --------------------------------------------------------------------------------

def _message(body: str, *, entities: list[tuple[str, int, int]] = (),  # type: ignore[assignment]
             reply_from: int | None = None) -> Message:
    chat = Chat(-100, Chat.SUPERGROUP)
    replied = None
    if reply_from is not None:
        replied = Message(1, datetime.now(UTC), chat, from_user=User(reply_from, "Bot", True), text="x")
    return Message(2, datetime.now(UTC), chat, from_user=User(7, "Ann", False), text=body,
                   entities=[MessageEntity(kind, offset, length) for kind, offset, length in entities],
                   reply_to_message=replied)


@pytest.mark.parametrize(("body", "entities", "reply_from", "expected"), [
    ("/ask Will Zelensky go to Moscow?", [("bot_command", 0, 4)], None, "Will Zelensky go to Moscow?"),
    (f"/ask@{BOT} truce?", [("bot_command", 0, 5 + len(BOT))], None, "truce?"),
    ("/ask@other_bot truce?", [("bot_command", 0, 14)], None, None),
    (f"@{BOT} where are the talks?", [("mention", 0, len(BOT) + 1)], None, "where are the talks?"),
    (f"hey @{BOT.upper()}, truce?", [("mention", 4, len(BOT) + 1)], None, "hey truce?"),
    ("and what about Kyiv?", [], BOT_ID, "and what about Kyiv?"),
    ("and what about Kyiv?", [], 55, None),
    ("lunch at noon? @someone_else", [("mention", 15, 13)], None, None),
    ("/start", [("bot_command", 0, 6)], None, None),
    ("/ask", [("bot_command", 0, 4)], None, ""),
])
def test_group_messages_are_for_the_bot_only_when_addressed(
        body: str, entities: list[tuple[str, int, int]], reply_from: int | None,
        expected: str | None) -> None:
    message = _message(body, entities=entities, reply_from=reply_from)
    assert question_for_bot(message, username=BOT, bot_id=BOT_ID) == expected


# -- flood, settings, documents ----------------------------------------------------------------

def test_flood_limit_warns_once_then_drops_until_refilled() -> None:
    now = [0.0]
    limiter = FloodLimiter(burst=2, per_minute=6, clock=lambda: now[0])  # one token per 10 s
    assert [limiter.check(1) for _ in range(5)] == [
        Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert limiter.check(2) is Verdict.ALLOW  # other users are not affected
    now[0] = 10.0
    assert limiter.check(1) is Verdict.ALLOW
    assert limiter.check(1) is Verdict.WARN  # a new flood is told again


def test_settings_come_from_the_environment() -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        from_env({})
    with pytest.raises(SettingsError, match="not a Telegram user id"):
        from_env({"TELEGRAM_BOT_TOKEN": "1:x", "NEGOBOT_ADMIN_IDS": "42,@ann"})
    with pytest.raises(SettingsError, match="http"):
        from_env({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "ftp://x"})
    settings_ = from_env({"TELEGRAM_BOT_TOKEN": "1:x", "NEGOBOT_ADMIN_IDS": " 42, 7 ,",
                          "TELEGRAM_API_URL": "http://127.0.0.1:81/", "NEGOBOT_DB": "/tmp/x.db"})
    assert settings_.admin_ids == {42, 7} and settings_.is_admin(42) and not settings_.is_admin(None)
    assert settings_.base_url == "http://127.0.0.1:81/bot"
    assert settings_.base_file_url == "http://127.0.0.1:81/file/bot"
    assert settings_.db_path == Path("/tmp/x.db") and len(settings_.webhook_secret) >= 32
    assert from_env({"TELEGRAM_BOT_TOKEN": "1:x"}).api_url == "https://api.telegram.org"


def test_article_files_are_read_as_the_cli_reads_them() -> None:
    page = ("<html><head><title>Site | Talks</title><script>var x = 1;</script></head><body>"
            "<nav>Home World Video</nav><h1>Envoys meet in Geneva</h1><p>Peskov said the talks"
            " were &quot;useful&quot;.</p><p>Russia and Ukraine sent delegations to Geneva for two"
            " days of talks.</p><footer>Cookies</footer></body></html>")
    article = parse_article(document_text("talks.html", page.encode()), outlet="Reuters",
                            published="2026-02-17")
    assert article.title == "Envoys meet in Geneva"
    assert [f.text for f in article.facts] == [
        'Peskov said the talks were "useful".',
        "Russia and Ukraine sent delegations to Geneva for two days of talks."]
    assert document_text("a.md", b"Title\nText.") == "Title\nText."
    with pytest.raises(KnowledgeError, match=r"\.txt, \.md or \.html"):
        document_text("a.pdf", b"%PDF")
    with pytest.raises(KnowledgeError, match="binary"):
        document_text("a.txt", b"\x00\x01")


def test_markup_helpers_render_their_tags() -> None:
    assert italic("a").render() == "<i>a</i>" and quote("q").render() == "<blockquote>q</blockquote>"


def test_the_log_redactor_blanks_secrets_even_from_a_broken_log_call() -> None:
    import logging

    from bot.log_redaction import MASK, Redactor

    redactor = Redactor(["123456:SECRET-TOKEN-PART", "hook-secret"])
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /bot%s/getMe with %s",
                               ("123456:SECRET-TOKEN-PART", "hook-secret"), None)
    assert redactor.filter(record) and record.getMessage() == f"GET /bot{MASK}/getMe with {MASK}"
    broken = logging.LogRecord("x", logging.INFO, __file__, 1, "%d tokens", ("SECRET-TOKEN-PART",), None)
    assert redactor.filter(broken) and "SECRET-TOKEN-PART" not in broken.getMessage()
