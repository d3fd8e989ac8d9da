"""Hostile input, fuzzed: questions, article files and admin arguments never raise, every reply
is a message Telegram accepts, and nothing stored changes unless a command meant it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.handlers.inline import results_for
from bot.markup import MAX_MESSAGE
from bot.render import answer_message, decline_message
from knowledge import Answerer, KnowledgeBase, KnowledgeError, open_base
from knowledge.batch import Source, ingest_source
from knowledge.curate import add_fact, edit_fact, retire_fact
from knowledge.teaching import teach
from tests.bot_harness import GROUP_ID, USER_ID, RunningBot, replies
from tests.fake_bot_api import FakeBotAPI, parse_html

# What breaks query parsers, HTML and terminals, and what real questions hold.
FRAGMENTS = ['"', "'", "*", "NEAR(", ")", "AND", "OR", "NOT", "^", ":", "{terms}", "-", "+", "\\",
             "%", "_", "\x00", "\x1b[31m", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "🇺🇦",
             "🙂", "<b>", "</i>", "&amp;", "&#0;", "<a href='javascript:x'>", "Zelensky", "Moscow",
             "Зеленський", "Москви", "Путин", "переговоры", "abu dabi", "talks", "?", "\n", "\t"]
question = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    st.builds(lambda s, n: s * n, st.sampled_from(["Zelensky ", "NEAR(", "🙂", "а"]),
              st.integers(1, 25_000)))
_SHARED = open_base(":memory:")


def _snapshot(kb: KnowledgeBase) -> tuple[Any, ...]:
    return tuple(kb.db.execute(sql).fetchall() for sql in (
        "SELECT id, text, status, speaker FROM facts ORDER BY id",
        "SELECT count(*) FROM audit", "SELECT count(*) FROM articles", "SELECT count(*) FROM taught"))


def _accepted(html: str) -> None:
    """As Telegram would take it: parseable HTML, non-empty, within 4096 units."""
    text, _ = parse_html(html)
    assert text.strip() and len(text.encode("utf-16-le")) // 2 <= MAX_MESSAGE


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question, st.sampled_from([None, "en", "uk", "ru", "xx"]))
def test_any_question_is_answered_or_declined_in_a_message_telegram_takes(
        text: str, language: str | None) -> None:
    before = _snapshot(_SHARED)
    answer = Answerer(_SHARED).answer(text, language)
    assert answer.answered == bool(answer.matches)
    _accepted(answer_message(answer)[0] if answer.answered else decline_message(answer))
    for result in results_for(answer):
        _accepted(result.input_message_content.message_text)  # type: ignore[union-attr]
    assert _snapshot(_SHARED) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["edit", "teach", "add", "retire"]), st.integers(-3, 40), question)
def test_admin_arguments_change_the_base_only_when_accepted(action: str, fact_id: int, text: str) -> None:
    kb = open_base(":memory:")
    try:
        before = _snapshot(kb)
        try:
            if action == "edit":
                edit_fact(kb, fact_id, text, actor="admin")
            elif action == "teach":
                teach(kb, fact_id, text, actor="admin")
            elif action == "add":
                add_fact(kb, text, actor="admin", outlet="Reuters", published="2026-02-01")
            else:
                retire_fact(kb, fact_id, actor="admin")
        except KnowledgeError as error:
            assert str(error)  # a message fit for the admin
            assert _snapshot(kb) == before
        else:
            assert _snapshot(kb) != before
            assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        kb.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda t: t.encode("utf-16")),
    st.integers(50, 3000).map(lambda n: ("<div>" * n + "Zelensky said the talks would resume."
                                         + "</div>" * n).encode()),
    st.sampled_from([b"", b"\xff\xfe\x00", b"---\ntitle: x\n---\n", b"<html><body></body></html>",
                     "Zelenskyy said the talks in Geneva would resume on Tuesday.\n".encode("cp1251")])))
def test_any_article_file_is_stored_or_refused_with_a_reason(tmp_path_factory: Any, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("page")) / "page.html"
    path.write_bytes(data)
    kb = open_base(":memory:", bundled=False)
    try:
        outcome = ingest_source(kb, Source(str(path)), actor="fuzz")
        if outcome.status in ("error", "skipped"):
            assert outcome.reason and kb.count_articles() == 0 and kb.count_facts() == 0
        else:
            assert outcome.status == "added" and kb.count_facts() > 0
    finally:
        kb.close()


def test_a_burst_of_hostile_messages_is_answered_once_each_in_messages_telegram_takes(
        bot: RunningBot, fake_api: FakeBotAPI) -> None:
    import random

    rng = random.Random(7)
    kb = bot.kb()
    before = _snapshot(kb)
    kb.close()
    texts = [" ".join(rng.choices(FRAGMENTS, k=rng.randint(1, 10))) for _ in range(60)]
    texts += ["x" * 10_000, "Zelensky " * 1000, "/fact <b>", "/ask NEAR(", "/teach 2 hi", "/retire 2"]
    for n, text in enumerate(texts):
        fake_api.private_message(USER_ID + 100 + n, text)
    fake_api.group_message(GROUP_ID, USER_ID, "/ask " + texts[0])
    for n in range(len(texts)):
        assert len(replies(fake_api, USER_ID + 100 + n, 1)) == 1
    kb = bot.kb()
    try:
        assert _snapshot(kb)[0] == before[0] and _snapshot(kb)[3] == before[3]  # facts, teachings
    finally:
        kb.close()
