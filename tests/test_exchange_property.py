"""Export and import are lossless for any base: random articles, reposts, admin facts, edits,
retirements and taught questions go out and come back the same, and answer the same."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import Answerer, KnowledgeError, open_base
from knowledge.curate import add_fact, edit_fact, retire_fact
from knowledge.exchange import export_file, export_lines, import_file
from knowledge.ingest import ingest_text
from knowledge.teaching import taught_questions, teach

WHO = ["Zelenskyy", "Peskov", "Umerov", "Witkoff", "the Kremlin", "Rubio"]
WHAT = ["the talks would resume", "a prisoner exchange was agreed", "the ceasefire held",
        "security guarantees were discussed", "the delegation arrived", "energy strikes continued"]
WHERE = ["in Geneva", "in Abu Dhabi", "in Miami", "in Kyiv", "in Moscow", "near Zaporizhzhia"]
WHEN = ["on Tuesday", "last week", "on 4 February", "next month", ""]
OUTLETS = [("Reuters", "https://www.reuters.com/world/"), ("AP", "https://apnews.com/article/"),
           ("KFGO", "https://www.kfgo.com/news/")]

sentence = st.builds(
    lambda who, what, where, when, n: f"{who} said {what} {where} {when}".strip() + f", the {n}th time.",
    st.sampled_from(WHO), st.sampled_from(WHAT), st.sampled_from(WHERE), st.sampled_from(WHEN),
    st.integers(1, 40))
# A fact as an admin adds it: its words, who published them, when, and the speaker if given.
added = st.tuples(sentence, st.sampled_from(OUTLETS), st.integers(1, 28),
                  st.sampled_from([None, "Zelenskyy", "Peskov <spokesman> & co"]))
change = st.tuples(st.sampled_from(["edit", "retire", "teach", "add"]), st.integers(1, 30), sentence)


# An article ingested in every base, so articles and their facts round-trip too.
PAGE = ("---\ntitle: Swap <agreed> & more\nsource: https://www.reuters.com/world/swap-2026-02-05/\n"
        "---\nUkraine and Russia agreed to exchange 314 prisoners of war on Thursday.\n\n"
        "U.S. envoy Steve Witkoff said the delegations would meet again in Abu Dhabi within weeks.\n\n"
        "Russia's envoy Kirill Dmitriev said there had been progress on economic ties.\n")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(added, min_size=1, max_size=8), st.lists(change, max_size=6))
def test_any_base_round_trips(facts: list[tuple[str, tuple[str, str], int, str | None]],
                              changes: list[tuple[str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        kb = open_base(":memory:", bundled=False)
        ingest_text(kb, PAGE, actor="ingest")
        for n, (text, (outlet, url), day, speaker) in enumerate(facts):
            add_fact(kb, text, actor="admin", outlet=outlet, url=f"{url}{n}",
                     published=f"2026-02-{day:02d}", speaker=speaker)
        for action, fact_id, text in changes:
            try:
                if action == "edit":
                    edit_fact(kb, fact_id, text, actor="admin")
                elif action == "retire":
                    retire_fact(kb, fact_id, actor="admin")
                elif action == "teach":
                    teach(kb, fact_id, "what did they say " + text.split(" said ")[1], actor="admin")
                else:
                    add_fact(kb, text, actor="admin", outlet="TASS", url="https://tass.com/x",
                             published="2026-02-20")
            except KnowledgeError:
                pass  # no such fact, already retired, taught before: refused, nothing changed
        export_file(kb, tmp / "a.jsonl")
        copy = open_base(":memory:", bundled=False)
        import_file(copy, tmp / "a.jsonl")
        assert list(export_lines(copy)) == (tmp / "a.jsonl").read_text(encoding="utf-8").splitlines()
        assert copy.count_facts() == kb.count_facts()
        assert copy.count_facts("retired") == kb.count_facts("retired")
        assert [(t.fact_id, t.question) for t in taught_questions(copy)] == [
            (t.fact_id, t.question) for t in taught_questions(kb)]
        for question in ("what did Peskov say about the talks", "where was the prisoner exchange",
                         "did the ceasefire hold in Kyiv", *(t for _, _, t in changes[:2])):
            mine, theirs = Answerer(kb).answer(question), Answerer(copy).answer(question)
            assert mine.text == theirs.text
            assert [m.fact.id for m in mine.matches] == [m.fact.id for m in theirs.matches]
        kb.close()
        copy.close()
