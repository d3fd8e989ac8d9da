"""The benchmark harness (`make bench`) at its smallest size, so it cannot rot; nothing is timed."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench.__main__ import main, parse_sizes
from bench.methods import BM25, FUZZ, NEGOBOT, Negobot
from bench.questions import SEED, SEED_ANSWERABLE, load_mix, seed_questions
from bench.report import targets
from bench.retrieval import measure
from bench.synthetic import SentenceMixer
from knowledge import Answerer, KnowledgeBase, open_base
from knowledge.evaluate import evaluate, load_questions
from tests.conftest import CORPUS

METHODS = (NEGOBOT, FUZZ, BM25)


def test_the_bases_cache_key_leaves_out_only_modules_that_building_never_imports() -> None:
    import ast

    from bench.__main__ import ANSWERING_MODULES, ROOT

    answering = {name.removesuffix(".py") for name in ANSWERING_MODULES}
    for path in (ROOT / "knowledge").glob("*.py"):
        if path.name in ANSWERING_MODULES or path.name == "__init__.py":  # the package's façade
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported = {node.module} if node.module else {a.name for a in node.names}
                assert not imported & answering, f"{path.name} imports {imported & answering}"


def test_sizes_are_read_with_suffixes_and_sorted() -> None:
    assert parse_sizes("1M, 1k,10k,1k") == [1_000, 10_000, 1_000_000]
    with pytest.raises(Exception, match="not a size"):
        parse_sizes("lots")


def test_a_baseline_too_slow_for_a_whole_pass_is_timed_on_a_sample() -> None:
    from bench.budget import Planner
    from bench.retrieval import Latency, MethodRun

    def run(name: str, seconds: float) -> MethodRun:
        return MethodRun(name, Latency.of([seconds / 100] * 100), {}, 0, 0, 0, 0, 0.0, 1, seconds, [])

    planner = Planner(probe_questions=50, passes=3, time_cap=30, end_to_end_seconds=60, baseline_cap=60)
    for facts, scan in ((10_000, 4.0), (100_000, 40.0)):
        planner.record(facts, {NEGOBOT: run(NEGOBOT, 0.8), FUZZ: run(FUZZ, scan), BM25: run(BM25, scan / 6)})
    assert planner.sample_every(FUZZ, 100_000) == 1  # the 100k comparison sees every question
    assert planner.sample_every(FUZZ, 1_000_000) == 7  # 400 s a pass: every 7th question
    assert planner.sample_every(NEGOBOT, 1_000_000) == 1
    # The projection counts the sample, not the whole pass.
    assert planner.measuring(1_000_000, 100) < 200


def test_a_recombined_sentence_is_the_start_of_one_and_the_end_of_another() -> None:
    pool = ["Zelensky said on Friday that the talks in Abu Dhabi were constructive and useful.",
            "The Kremlin spokesman told reporters that the meeting in Moscow would take place soon."]
    mixer = SentenceMixer(pool)
    rng = random.Random(1)
    made = {mixer.sentence(rng) for _ in range(50)}
    assert not made & set(pool)
    for sentence in made:
        words = sentence.split()
        first, second = (pool if sentence.startswith("Zelensky") else pool[::-1])
        assert any(words[:i] == first.split()[:i] and words[i:] == second.split()[-(len(words) - i):]
                   for i in range(1, len(words)))


def test_the_bench_judges_accuracy_as_negobot_eval_does(tmp_path: Path) -> None:
    path = tmp_path / "seed.db"
    open_base(path).close()
    method = Negobot(path)
    try:
        run = measure(method, seed_questions(), passes=1)
    finally:
        method.close()
    kb = KnowledgeBase.open(path)
    try:
        report = evaluate(Answerer(kb), load_questions(SEED))
    finally:
        kb.close()
    answerable = [o for o in report.outcomes if not o.question.out_of_scope]
    declined = [o for o in report.outcomes if o.question.out_of_scope and o.correct]
    assert run.answerable == len(answerable) == sum(q.kind == SEED_ANSWERABLE for q in seed_questions())
    assert run.right == sum(o.correct for o in answerable)
    assert run.declined == len(declined)


def test_the_bench_at_1k_writes_every_figure_and_the_table(tmp_path: Path) -> None:
    if not (CORPUS / "articles").is_dir():
        pytest.skip("../shared/corpus is absent")
    results_path, markdown_path = tmp_path / "results.json", tmp_path / "docs" / "benchmarks.md"
    workdir = tmp_path / "work"
    code = main(["--sizes", "1k,1M", "--budget", "300", "--users", "10", "--per-user", "2",
                 "--passes", "1", "--workdir", str(workdir), "--corpus", str(CORPUS),
                 "--results", str(results_path), "--markdown", str(markdown_path)])
    assert code == 0
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert {"date", "machine", "code", "total_seconds", "cache"} <= set(results)

    corpus = results["corpus"]
    assert corpus["facts"] > 1000 and corpus["added"] > 50 and corpus["seconds"] > 0
    assert corpus["facts_per_second"] > 0 and corpus["inputs_per_second"] > 0

    small, large = results["sizes"]
    assert small["status"] == "measured" and small["base"]["facts"] >= 1000
    assert small["base"]["step_seconds"] > 0 and small["base"]["db_bytes"] > 0
    assert small["base"]["facts_per_second"] > 0 and small["base"]["articles_per_second"] > 0
    assert small["builder_peak_rss_mib"] > 0
    # A million facts cannot be ingested in 300 s today: the budget skips it, saying why.
    assert large["status"] == "skipped" and large["reason"].startswith("skipped: projected")

    questions = len(load_mix()) + len(seed_questions())
    for method in METHODS:
        run = small["retrieval"][method]
        assert run["latency"]["n"] == questions == run["passes"] * questions
        assert 0 < run["latency"]["p50_ms"] <= run["latency"]["p99_ms"] <= run["latency"]["max_ms"]
        assert set(run["by_kind"]) == {"short", "long", "misspelled", "common", "out_of_scope", "syntax",
                                       "seed", "seed out of scope"}
        assert run["answerable"] == 41 and 0 <= run["right"] <= 41
    assert set(small["ratios"]) == {FUZZ, BM25}
    # The seed article is inside the base: negobot answers at least some seed questions.
    assert small["retrieval"][NEGOBOT]["right"] > 0

    serving = small["serving"]
    assert serving["start_to_first_answer_s"] > 0 and serving["peak_rss_mib"] > 50
    assert serving["updates"] == len(load_mix()) == serving["answered"]
    assert serving["unanswered"] == serving["twice"] == serving["rejected_calls"] == 0

    e2e = results["end_to_end"]
    for run in (e2e["as_configured"], e2e["unlimited"]):
        assert run["updates"] == 20 == run["answered"] and run["completed"]
        assert run["unanswered"] == run["twice"] == run["refused"] == 0 and run["updates_per_second"] > 0

    text = markdown_path.read_text(encoding="utf-8")
    assert "| target | measured | verdict |" in text
    for target in targets(results):
        assert f"| {target.goal} | {target.measured} | {target.verdict} |" in text
    assert "| 1M facts: retrieval p99 ≤ 50 ms | 1M not built: skipped: projected" in text
    assert f"| {small['base']['facts']:,} | negobot |" in text


def test_the_cache_key_ignores_comments_and_docstrings_but_not_code(tmp_path: Path) -> None:
    from bench.__main__ import _digest

    module = tmp_path / "m.py"

    def key(source: str) -> str:
        module.write_text(source)
        return _digest([module])

    plain = key('"""Doc."""\ndef f() -> int:\n    """Say."""\n    return 1\n')
    assert key('"""Other doc."""\ndef f() -> int:  # why\n    """Reworded."""\n    return 1\n') == plain
    assert key('"""Doc."""\ndef f() -> int:\n    """Say."""\n    return 2\n') != plain
