"""The store: migrations, WAL, audit log, FTS kept in step, atomic changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Answerer, KnowledgeBase, KnowledgeError, NotFoundError, open_base
from knowledge.bundled import seed_text
from knowledge.curate import add_fact, edit_fact, retire_fact
from knowledge.ingest import ingest_text
from tests.conftest import Run, fact_containing


def test_file_database_uses_wal_and_reopens_without_reseeding(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "negobot.db"
    kb = open_base(path)
    assert kb.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    retire_fact(kb, 1, actor="admin")
    kb.close()
    again = open_base(path)  # migrations are idempotent, the seed is not loaded twice
    assert again.count_facts() == 11 and sum(1 for _ in again.articles()) == 1
    again.close()


def test_every_change_is_audited_with_before_and_after(kb: KnowledgeBase) -> None:
    fact = add_fact(kb, "Peskov said a third round would be held in Geneva.", actor="admin:42",
                    outlet="TASS", published="2026-02-12", url="https://tass.com/x")
    edit_fact(kb, fact.id, "Peskov said a third round would be held in Geneva next week.",
              actor="admin:42")
    retire_fact(kb, fact.id, actor="admin:7")
    history = kb.history(fact.id)
    assert [h["action"] for h in history] == ["fact.add", "fact.edit", "fact.retire"]
    assert [h["actor"] for h in history] == ["admin:42", "admin:42", "admin:7"]
    assert history[1]["before"]["text"].endswith("Geneva.")
    assert history[1]["after"]["text"].endswith("next week.")
    assert history[2]["after"]["status"] == "retired"


def test_index_follows_edits_and_retirements(kb: KnowledgeBase) -> None:
    answerer = Answerer(kb)
    fact_id = fact_containing(kb, "peacekeepers")
    assert answerer.answer("peacekeepers after the war").matches[0].fact.id == fact_id
    edit_fact(kb, fact_id, "Several sticking points remain, including the fate of the "
              "Zaporizhzhia nuclear plant.", actor="admin")
    assert not answerer.answer("peacekeepers after the war").answered
    assert answerer.answer("zaporizhzhia nuclear plant").matches[0].fact.id == fact_id
    retire_fact(kb, fact_id, actor="admin")
    assert not answerer.answer("zaporizhzhia nuclear plant").answered


def test_admin_fact_is_sourced_and_answered(kb: KnowledgeBase) -> None:
    add_fact(kb, "Umerov said the next round of talks would take place in Geneva.",
             actor="admin", url="https://www.reuters.com/world/x-2026-02-14/",
             published="2026-02-14")
    answer = Answerer(kb).answer("where will the next round be held, geneva?")
    assert answer.answered and "Geneva" in answer.matches[0].fact.text
    assert answer.sources[0].outlet == "Reuters" and answer.sources[0].kind == "admin"
    assert "Source: Reuters, 14 February 2026, https://www.reuters.com/" in answer.text


@pytest.mark.parametrize("call", [
    lambda kb: edit_fact(kb, 999, "text", actor="a"),
    lambda kb: retire_fact(kb, 999, actor="a"),
    lambda kb: kb.fact(999),
])
def test_unknown_ids_are_not_found(kb: KnowledgeBase, call: object) -> None:
    with pytest.raises(NotFoundError):
        call(kb)  # type: ignore[operator]


def test_bad_admin_input_changes_nothing(kb: KnowledgeBase) -> None:
    before = list(kb.facts())
    for bad in (lambda: add_fact(kb, "   ", actor="a", outlet="X", published="2026-01-01"),
                lambda: add_fact(kb, "Text.", actor="a", published="2026-01-01"),
                lambda: add_fact(kb, "x" * 5000, actor="a", outlet="X", published="2026-01-01"),
                lambda: edit_fact(kb, 1, "", actor="a")):
        with pytest.raises(KnowledgeError):
            bad()
    retire_fact(kb, 2, actor="a")
    with pytest.raises(KnowledgeError, match="already retired"):
        retire_fact(kb, 2, actor="a")
    assert [f.text for f in kb.facts()] == [f.text for f in before]


def test_failure_mid_ingest_leaves_nothing_behind(empty_kb: KnowledgeBase,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = KnowledgeBase.insert_fact
    calls = 0

    def failing(self: KnowledgeBase, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError("disk full")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(KnowledgeBase, "insert_fact", failing)
    with pytest.raises(OSError):
        ingest_text(empty_kb, seed_text(), actor="t", outlet="Al Jazeera", published="2026-01-30")
    db = empty_kb.db
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "facts", "facts_fts", "audit")]
    assert counts == [0, 0, 0, 0]


def test_nested_transaction_rolls_back_with_its_parent(kb: KnowledgeBase) -> None:
    before = kb.count_facts()
    with pytest.raises(RuntimeError), kb.transaction():
        retire_fact(kb, 1, actor="a")  # opens its own transaction inside ours
        raise RuntimeError("later step failed")
    assert kb.count_facts() == before and kb.fact(1).status == "active"


def _stats(kb: KnowledgeBase) -> dict[tuple[str, str], int]:
    return {(c, t): n for c, t, n in kb.db.execute(
        "SELECT col, term, facts FROM term_stats WHERE facts > 0").fetchall()}


def _counted_by_index(kb: KnowledgeBase) -> dict[tuple[str, str], int]:
    """The counts the store keeps, counted afresh: each term's facts, and the facts."""
    # The store's own fact counts must agree with a plain count too.
    for status in ("active", "retired"):
        assert kb.count_facts(status) == kb.db.execute(
            "SELECT count(*) FROM facts WHERE status = ?", [status]).fetchone()[0]
    return {(c, t): n for c, t, n in kb.db.execute(
        "SELECT col, term, doc FROM facts_fts_vocab WHERE col IN ('terms', 'words')"
        " UNION ALL SELECT 'facts', '', count(*) FROM facts").fetchall()}


def test_term_counts_stay_those_of_the_index_through_every_kind_of_change(tmp_path: Path) -> None:
    from knowledge.curate import add_fact, edit_fact, retire_fact, undo_last
    from knowledge.exchange import export_file, import_file
    from knowledge.ingest import ingest_text
    from knowledge.reindex import reindex

    kb = open_base(tmp_path / "kb.db")
    assert _stats(kb) == _counted_by_index(kb) != {}
    added = add_fact(kb, "Witkoff said the Geneva round would resume on Monday.", actor="a",
                     outlet="Reuters", url="https://www.reuters.com/x", published="2026-02-10")
    edit_fact(kb, added.id, "Witkoff said the Geneva round would resume in Istanbul.", actor="a")
    retire_fact(kb, fact_containing(kb, "very nice"), actor="a")
    ingest_text(kb, "Kushner met Dmitriev in Miami on Saturday, officials said.\n\n"
                "Dmitriev called the meeting productive and said talks would continue.",
                actor="a", outlet="Reuters", url="https://www.reuters.com/y", published="2026-02-12")
    undo_last(kb, actor="a")
    assert _stats(kb) == _counted_by_index(kb)
    with kb.transaction():
        reindex(kb)
    assert _stats(kb) == _counted_by_index(kb)
    export_file(kb, tmp_path / "export.jsonl")
    copy = open_base(tmp_path / "copy.db", bundled=False)
    import_file(copy, tmp_path / "export.jsonl")
    assert _stats(copy) == _counted_by_index(copy) == _stats(kb)


def test_term_counts_match_the_index_on_the_whole_corpus(corpus_run: Run) -> None:
    kb = corpus_run[0]
    assert _stats(kb) == _counted_by_index(kb)
