"""The `negobot` command, run in-process (and `make run`'s command as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "negobot.db"

    def invoke(*args: str, input: str | None = None, code: int = 0) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", str(db)] if args[0] != "--help" else
                                    list(args), input=input)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_ask_json_has_the_documented_shape(run) -> None:  # type: ignore[no-untyped-def]
    answer = json.loads(run("ask", "Will Zelensky go to Moscow?", "--json"))
    assert set(answer) == {"answered", "text", "confidence", "facts", "sources", "carried_by", "earlier",
                           "sides", "as_of", "language"}
    assert answer["language"] == "en"
    assert answer["carried_by"] == [answer["sources"][0]]  # one outlet ran it
    assert answer["answered"] and 0 < answer["confidence"] <= 1
    assert set(answer["facts"][0]) == {"id", "text", "speaker", "reported_by", "event_date"}
    assert answer["sources"][0] == {"outlet": "Al Jazeera", "published": "2026-01-30", "url": None,
                                    "title": "Ukrainian President Zelenskyy invites Putin to Kyiv for talks"}
    assert "Source: Al Jazeera" in answer["text"]


def test_ask_json_reads_questions_from_stdin(run) -> None:  # type: ignore[no-untyped-def]
    lines = run("ask", "--json", input='abu dabi talks\nNEAR( " *\nbitcoin price\n').splitlines()
    answers = [json.loads(line) for line in lines]
    assert [a["answered"] for a in answers] == [True, False, False]
    assert answers[1]["sources"] == [] and "won't guess" in answers[1]["text"]


def test_ask_without_question_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    assert "Give a QUESTION" in run("ask", code=2)


def test_facts_lifecycle(run) -> None:  # type: ignore[no-untyped-def]
    listed = [json.loads(line) for line in run("facts", "list", "--json").splitlines()]
    assert len(listed) == 12 and listed[0]["article"]["outlet"] == "Al Jazeera"
    assert {"id", "text", "speaker", "reported_by", "event_date", "status", "article"} <= set(listed[0])
    out = run("facts", "add", "Rustem Umerov said the Geneva round would start on Tuesday.",
              "--outlet", "Reuters", "--published", "2026-02-16", "--url", "https://reuters.com/x")
    fact_id = out.split("#")[1].rstrip(".\n")
    assert "Geneva" in json.loads(run("ask", "when does the geneva round start", "--json"))["text"]
    run("facts", "edit", fact_id, "Rustem Umerov said the Geneva round would start on Wednesday.")
    shown = run("facts", "show", fact_id)
    assert "on Wednesday [18 Feb 2026]" in shown and "fact.edit" in shown
    run("facts", "retire", fact_id)
    assert not json.loads(run("ask", "when does the geneva round start", "--json"))["answered"]
    assert "already retired" in run("facts", "retire", fact_id, code=1)
    assert "No fact #999" in run("facts", "show", "999", code=1)


def test_facts_teach(run) -> None:  # type: ignore[no-untyped-def]
    question = "will homes stay warm this week"
    assert not json.loads(run("ask", question, "--json"))["answered"]
    assert "Taught fact #9: “will homes stay warm this week”." in run("facts", "teach", "9", question)
    answer = json.loads(run("ask", "are homes going to stay warm over the week", "--json"))
    assert answer["answered"] and answer["facts"][0]["id"] == 9
    assert "already taught" in run("facts", "teach", "9", question, code=1)
    assert "No fact #999" in run("facts", "teach", "999", question, code=1)


def test_export_import_round_trip_is_lossless(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("facts", "retire", "3")
    story = ("Ukraine and Russia agreed to exchange 314 prisoners of war, the first such swap in "
             "five months, the envoy said.\n")
    for name, url in (("wire.md", "https://www.reuters.com/world/swap-2026-02-05/"),
                      ("repost.md", "https://www.kfgo.com/2026/02/05/swap/")):
        (tmp_path / name).write_text(f"---\ntitle: Swap\nsource: {url}\ndate: 2019-06-28\n---\n"
                                     + story, encoding="utf-8")
        run("ingest", str(tmp_path / name))
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run("export", str(first))
    other = tmp_path / "other.db"
    CliRunner().invoke(cli, ["import", str(first), "--db", str(other)], catch_exceptions=False)
    CliRunner().invoke(cli, ["export", str(second), "--db", str(other)], catch_exceptions=False)
    assert first.read_text() == second.read_text()
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert [r["type"] for r in records].count("fact_source") == 1
    assert {r.get("date_doubt") for r in records if r["type"] == "article"} >= {
        "URL says 2026-02-05; header says 2019-06-28"}
    result = CliRunner().invoke(cli, ["import", str(first), "--db", str(other)])
    assert result.exit_code == 1 and "not empty" in result.output


def test_ingest_reports_each_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text("Geneva talks end\nUkraine and Russia ended two days of talks in Geneva "
                    "on Wednesday, Umerov said.\nAdvertisement\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    out = run("ingest", str(good), str(binary), str(tmp_path / "missing.txt"),
              "--outlet", "Reuters", "--published", "2026-02-18")
    assert "good.txt: added: #2 “Geneva talks end” (Reuters, 2026-02-18), 1 facts" in out
    assert "photo.txt: skipped: not a text file" in out
    assert "missing.txt: error: No such file" in out
    assert "1 articles added, 0 updated, 0 unchanged, 1 skipped, 1 failed; 1 facts added" in out
    assert "good.txt: unchanged" in run("ingest", str(good), "--outlet", "Reuters",
                                        "--published", "2026-02-18")


def test_ingest_fails_only_when_every_input_failed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = run("ingest", str(tmp_path / "missing.txt"), "--outlet", "Reuters",
              "--published", "2026-02-18", code=1)
    assert "0 articles added" in out and "error: " in out


def test_ingest_walks_directories_in_order(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pages"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "second.md").write_text(
        "Talks resume\nUmerov said the Ukrainian delegation would fly to Geneva on Monday.\n",
        encoding="utf-8")
    (folder / "a.txt").write_text(
        "Prisoners freed\nRussia and Ukraine exchanged 157 prisoners each on Thursday, "
        "officials said.\n", encoding="utf-8")
    (folder / "chart.png").write_bytes(b"\x89PNG")
    out = run("ingest", str(folder), "--outlet", "Reuters", "--published", "2026-02-05")
    lines = [line for line in out.splitlines() if ": " in line and not line.startswith(" ")]
    assert [line.split(": ")[0].rsplit("/", 1)[-1] for line in lines[:3]] == [
        "a.txt", "second.md", "chart.png"]
    assert "chart.png: skipped: not a text file (.png)" in out
    assert "2 articles added" in out and "1 skipped" in out


def test_chat_reads_questions_until_end_of_input(run) -> None:  # type: ignore[no-untyped-def]
    out = run("chat", input="Will Zelensky go to Moscow?\nwho won the world cup?\n")
    assert "you> Will Zelensky go to Moscow?" in out
    assert "Source: Al Jazeera" in out and "30 January 2026" in out
    assert "won't guess" in out


def test_eval_prints_accuracy_by_kind(run) -> None:  # type: ignore[no-untyped-def]
    out = run("eval", str(Path(__file__).parent / "questions" / "seed.jsonl"))
    assert "paraphrase" in out and "declined" in out


def test_make_run_command_answers_on_a_fresh_database(tmp_path: Path) -> None:
    """What `printf 'Will Zelensky go to Moscow?\\n' | make run` runs, as a real process."""
    env = {**os.environ, "NEGOBOT_DB": str(tmp_path / "fresh" / "negobot.db")}
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input="Will Zelensky go to Moscow?\n",
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    assert "Moscow" in done.stdout and "Al Jazeera" in done.stdout
    assert "30 January 2026" in done.stdout


def test_timeline_writes_the_picture_and_lists_every_event_with_its_sources(
        run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.png"
    assert "No dated events in the facts yet" in run("timeline", "--out", str(out), code=1)
    assert not out.exists()
    for outlet, published, text in (
            ("Reuters", "2026-01-24", "Officials began talks in Abu Dhabi on Friday."),
            ("AP", "2026-01-25", "The talks in Abu Dhabi ended on Saturday."),
            ("BBC", "2026-02-18", "Peace talks in Geneva ended early on Wednesday.")):
        run("facts", "add", text, "--outlet", outlet, "--published", published,
            "--url", f"https://{outlet.lower()}.example/{published}")
    listed = run("timeline", "--out", str(out)).splitlines()
    assert listed[0] == f"Wrote {out}: the 2 events most articles report, of 2."
    assert listed[1:] == [
        "* 23–24 Jan 2026  Abu Dhabi talks  (2 articles)",
        "      #13 Reuters, 2026-01-24, https://reuters.example/2026-01-24",
        "      #14 AP, 2026-01-25, https://ap.example/2026-01-25",
        "* 18 Feb 2026  Geneva talks  (1 article)",
        "      #15 BBC, 2026-02-18, https://bbc.example/2026-02-18",
        "(* drawn)",
    ]
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # Without --out it only lists; a file it cannot write is one clear line.
    assert run("timeline").splitlines()[0] == "  23–24 Jan 2026  Abu Dhabi talks  (2 articles)"
    assert "Cannot write" in run("timeline", "--out", str(tmp_path / "no" / "x.png"), code=1)


def test_eval_of_a_set_with_only_questions_to_decline_claims_no_answerable_accuracy(run) -> None:  # type: ignore[no-untyped-def]
    out = run("eval", str(Path(__file__).parent / "questions" / "ukrainian_declines.jsonl"))
    assert "declined" in out and "answerable" not in out
