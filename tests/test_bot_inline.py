"""Inline mode: `@botname question` offers sourced answers anyone can send."""

from __future__ import annotations

from typing import Any

from tests.bot_harness import USER_ID, RunningBot
from tests.fake_bot_api import FakeBotAPI, parse_html


def _results(fake: FakeBotAPI, count: int) -> list[dict[str, Any]]:
    fake.wait_for_sync(lambda: len(fake.calls_to("answerInlineQuery")) >= count)
    call = fake.calls_to("answerInlineQuery")[count - 1]
    assert call.status == 200
    results: list[dict[str, Any]] = call.params["results"]
    return results


def test_inline_queries_offer_sourced_answers(bot: RunningBot, fake_api: FakeBotAPI) -> None:
    fake_api.inline_query(USER_ID, "Will Zelensky go to Moscow?")
    results = _results(fake_api, 1)
    assert 1 <= len(results) <= 50
    first = results[0]
    assert first["type"] == "article" and first["title"].startswith("He told reporters on Friday")
    assert first["description"] == "Al Jazeera, 30 January 2026"
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["link_preview_options"] == {"is_disabled": True}
    seen = parse_html(content["message_text"])[0]
    assert "would not go to Moscow" in seen and "Source: Al Jazeera" in seen and "— Zelenskyy" in seen
    assert len({r["id"] for r in results}) == len(results)

    fake_api.inline_query(USER_ID, "Who won the Portuguese <election>?")
    declined = _results(fake_api, 2)
    assert [r["title"] for r in declined] == ["No sourced answer to that"]
    assert "won't guess" in parse_html(declined[0]["input_message_content"]["message_text"])[0]

    fake_api.inline_query(USER_ID, "")
    latest = _results(fake_api, 3)
    assert len(latest) == 10 and latest[0]["id"] == "l:1"
