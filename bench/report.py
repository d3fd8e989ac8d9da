"""A run's figures → `bench/results.json`, `docs/benchmarks.md` and a latency plot.

The markdown is written whole by every run (do not edit it by hand): first each target of
issue 6 with the measured figure and pass / fail, then the tables the targets come from.
A target whose size was not built says "not measured" and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .methods import BM25, FUZZ, NEGOBOT

JSON = dict[str, Any]
PASS, FAIL, NOT_MEASURED = "pass", "FAIL", "not measured"
METHODS = (NEGOBOT, FUZZ, BM25)
MIB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    """One line of issue 6's "done when", with the figure that decides it."""

    goal: str
    measured: str
    verdict: str


def label(size: int) -> str:
    """1k, 10k, 100k, 1M."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _size(results: JSON, size: int) -> JSON | None:
    for entry in results["sizes"]:
        if entry["size"] == size:
            return dict(entry)
    return None


def _verdict(ok: bool) -> str:
    return PASS if ok else FAIL


def _missing(results: JSON, size: int) -> Target | None:
    """None when size was measured, else the reason it was not."""
    entry = _size(results, size)
    if entry is None:
        return Target("", f"{label(size)} not requested (--sizes)", NOT_MEASURED)
    if entry["status"] != "measured":
        return Target("", f"{label(size)} not built: {entry['reason']}", NOT_MEASURED)
    return None


def _run(entry: JSON, method: str) -> JSON:
    run: JSON = entry["retrieval"][method]
    return run


def targets(results: JSON) -> list[Target]:
    """Each target of issue 6, decided from a run's results."""
    out: list[Target] = []

    def unmeasured(goal: str, size: int) -> bool:
        missing = _missing(results, size)
        if missing is not None:
            out.append(Target(goal, missing.measured, missing.verdict))
        return missing is not None

    goal = "100k facts: retrieval p99 ≤ 10 ms"
    if not unmeasured(goal, 100_000):
        p99 = _run(_size(results, 100_000) or {}, NEGOBOT)["latency"]["p99_ms"]
        out.append(Target(goal, f"{p99:.1f} ms", _verdict(p99 <= 10)))
    goal = "100k facts: ≥ 20× faster than the brute-force rapidfuzz scan"
    if not unmeasured(goal, 100_000):
        ratios = (_size(results, 100_000) or {})["ratios"][FUZZ]
        out.append(Target(goal, f"×{ratios['p50']:.1f} at p50, ×{ratios['p99']:.1f} at p99",
                          _verdict(min(ratios["p50"], ratios["p99"]) >= 20)))
    goal = "100k facts: accuracy on the seed questions ≥ the rapidfuzz scan's"
    if not unmeasured(goal, 100_000):
        entry = _size(results, 100_000) or {}
        ours, theirs = _run(entry, NEGOBOT), _run(entry, FUZZ)
        out.append(Target(goal, f"{ours['right']}/{ours['answerable']} against "
                                f"{theirs['right']}/{theirs['answerable']}",
                          _verdict(ours["right"] >= theirs["right"])))
    goal = "1M facts: retrieval p99 ≤ 50 ms"
    if not unmeasured(goal, 1_000_000):
        p99 = _run(_size(results, 1_000_000) or {}, NEGOBOT)["latency"]["p99_ms"]
        out.append(Target(goal, f"{p99:.1f} ms", _verdict(p99 <= 50)))
    goal = "1M facts: peak memory of the serving process ≤ 300 MB"
    if not unmeasured(goal, 1_000_000):
        peak = (_size(results, 1_000_000) or {})["serving"]["peak_rss_mib"]
        out.append(Target(goal, f"{peak:.0f} MiB", _verdict(peak * MIB <= 300e6)))
    goal = "1M facts: start to first answer ≤ 2 s"
    if not unmeasured(goal, 1_000_000):
        first = (_size(results, 1_000_000) or {})["serving"]["start_to_first_answer_s"]
        out.append(Target(goal, f"{first:.2f} s", _verdict(first <= 2)))
    goal = "Ingestion ≥ 5,000 facts/s"
    built = [e["base"] for e in results["sizes"] if e["status"] == "measured" and not e["base"]["reused"]]
    facts = sum(b["step_facts"] for b in built)
    seconds = sum(b["step_seconds"] for b in built)
    corpus = results["corpus"]
    if seconds:
        rate = facts / seconds
        out.append(Target(goal, f"{rate:,.0f} facts/s building the bases ({facts:,} facts); "
                                f"{corpus['facts_per_second']:,.0f} facts/s on the corpus",
                          _verdict(min(rate, corpus["facts_per_second"]) >= 5000)))
    else:
        out.append(Target(goal, f"{corpus['facts_per_second']:,.0f} facts/s on the corpus "
                                "(bases reused, not built)",
                          _verdict(corpus["facts_per_second"] >= 5000)))
    goal = "The whole shared corpus ingested in ≤ 30 s"
    out.append(Target(goal, f"{corpus['seconds']:.1f} s", _verdict(corpus["seconds"] <= 30)))
    goal = "End to end ≥ 300 answered updates/s, none lost, none answered twice"
    e2e = results.get("end_to_end")
    if not e2e:
        out.append(Target(goal, "no base was built", NOT_MEASURED))
    else:
        run = e2e.get("as_configured")
        if run is None:
            out.append(Target(goal, "no time was left for it", NOT_MEASURED))
        else:
            ok = (run["updates_per_second"] >= 300 and run["completed"] and not run["unanswered"]
                  and not run["twice"])
            out.append(Target(goal, f"{run['updates_per_second']:.1f} updates/s at "
                                    f"{label(e2e['size'])} facts, {_unanswered(run)}, "
                                    f"{run['twice']} answered twice", _verdict(ok)))
    goal = "The benchmark runs in under 10 minutes"
    skipped = [e for e in results["sizes"] if e["status"] != "measured"]
    total = results["total_seconds"]
    note = f", with {', '.join(label(e['size']) for e in skipped)} skipped" if skipped else ""
    out.append(Target(goal, f"{total:.0f} s{note}", _verdict(total < 600 and not skipped)))
    return out


def _unanswered(run: JSON) -> str:
    if run["completed"]:
        return f"{run['unanswered']} lost"
    return (f"stopped after {run['seconds']:.0f} s (time budget) with {run['unanswered']} of "
            f"{run['updates']} still unanswered")


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def markdown(results: JSON, plot: str | None) -> str:
    """docs/benchmarks.md for a run."""
    machine = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{results['command']}` on {results['date']} "
        f"(commit {results['code']['commit'][:10]}{' + local changes' if results['code']['dirty'] else ''}): "
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']:.0f} GiB, "
        f"Python {machine['python']}, SQLite {machine['sqlite']}. "
        f"The run took {results['total_seconds']:.0f} s within a budget of "
        f"{results['budget_seconds']:.0f} s. Do not edit this file by hand: `make bench` rewrites it, "
        "and `bench/results.json` holds every figure.",
        "",
        "## Targets (issue 6)",
        "",
        "| target | measured | verdict |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {t.goal} | {t.measured} | {t.verdict} |" for t in targets(results)]
    lines += ["", "## Retrieval", "",
              "Latency of one question in ms over the whole question list (the committed mix and the "
              "seed set); accuracy is the seed set's answerable questions whose leading fact holds an "
              "expected phrase, as `negobot eval` judges. Ratios are the baseline's latency over negobot's "
              "(above 1: negobot is faster).", ""]
    if plot:
        lines += [f"![latency against the number of facts]({plot})", ""]
    lines += ["| facts | method | p50 ms | p99 ms | max ms | samples | accuracy | declined out of scope | "
              "× p50 | × p99 |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for entry in results["sizes"]:
        if entry["status"] != "measured":
            lines.append(f"| {label(entry['size'])} | — | {entry['reason']} | | | | | | | |")
            continue
        for method in METHODS:
            run = _run(entry, method)
            lat = run["latency"]
            ratio = entry["ratios"].get(method)
            ratios = f"{ratio['p50']:.1f} | {ratio['p99']:.1f}" if ratio else "— | —"
            lines.append(
                f"| {entry['base']['facts']:,} | {method} | {_ms(lat['p50_ms'])} | {_ms(lat['p99_ms'])} "
                f"| {_ms(lat['max_ms'])} | {lat['n']} | {run['right']}/{run['answerable']} "
                f"| {run['declined']}/{run['out_of_scope']} | {ratios} |")
    largest = [e for e in results["sizes"] if e["status"] == "measured"]
    if largest:
        entry = largest[-1]
        kinds = list(_run(entry, NEGOBOT)["by_kind"])
        lines += ["", f"By kind of question, at {entry['base']['facts']:,} facts (p50 / p99 ms):", "",
                  "| kind | " + " | ".join(METHODS) + " |", "| --- |" + " --- |" * len(METHODS)]
        for kind in kinds:
            cells = []
            for method in METHODS:
                lat = _run(entry, method)["by_kind"].get(kind)
                cells.append(f"{_ms(lat['p50_ms'])} / {_ms(lat['p99_ms'])}" if lat else "—")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
        warm = ", ".join(f"{label(e['size'])}: {_run(e, NEGOBOT)['warmup_seconds'] * 1000:,.0f} ms"
                         for e in largest)
        lines += ["", f"negobot's first question on a base (spelling vocabulary built then, untimed above): "
                      f"{warm}."]
    lines += _ingestion(results)
    lines += _serving(results)
    lines += _method_notes(results)
    return "\n".join(lines) + "\n"


def _ingestion(results: JSON) -> list[str]:
    corpus = results["corpus"]
    lines = ["", "## Ingestion", "",
             f"The whole shared corpus (`negobot ingest ../shared/corpus/articles` on a new base): "
             f"{corpus['inputs']} inputs in {corpus['seconds']:.1f} s "
             f"({corpus['inputs_per_second']:.1f} inputs/s), {corpus['added']} articles added, "
             f"{corpus['skipped']} skipped, {corpus['errors']} failed; {corpus['facts']:,} facts "
             f"({corpus['facts_per_second']:,.0f} facts/s), {corpus['merged']} merged into other "
             "outlets' copies.", "",
             "Synthetic bases, grown one from the other (each row: what growing from the previous "
             "size took, parsing in other processes as `negobot ingest` does on a folder; timed "
             "on the building loop, less making up the articles):", "",
             "| size | facts | articles | facts added | merged | articles/s | facts/s | seconds | "
             "database | bench process's peak RSS so far |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for entry in results["sizes"]:
        if entry["status"] != "measured":
            lines.append(f"| {label(entry['size'])} | {entry['reason']} | | | | | | | | |")
            continue
        b = entry["base"]
        reused = " (reused)" if b["reused"] else ""
        lines.append(
            f"| {label(entry['size'])}{reused} | {b['facts']:,} | {b['articles']:,} | {b['step_facts']:,} "
            f"| {b['step_merged']:,} | {b['articles_per_second']:.1f} | {b['facts_per_second']:,.0f} "
            f"| {b['step_seconds']:.1f} | {b['db_bytes'] / MIB:,.1f} MiB "
            f"| {entry['builder_peak_rss_mib']:.0f} MiB |")
    return lines


def _serving(results: JSON) -> list[str]:
    lines = ["", "## Serving", "",
             "`negobot serve` as its own process against the fake Bot API (`tests/fake_bot_api.py`), "
             "on a copy of each base: the time from starting the process to the fake receiving the "
             "answer to a question queued before it started, and the process's peak RSS (`VmHWM`) "
             "after it answered every question of the list once, each from its own user.", "",
             "| facts | start to first answer | peak RSS | questions answered | unanswered | twice |",
             "| --- | --- | --- | --- | --- | --- |"]
    for entry in results["sizes"]:
        if entry["status"] != "measured":
            continue
        s = entry["serving"]
        lines.append(f"| {entry['base']['facts']:,} | {s['start_to_first_answer_s']:.2f} s "
                     f"| {s['peak_rss_mib']:.0f} MiB | {s['answered']}/{s['updates']} | {s['unanswered']} "
                     f"| {s['twice']} |")
    e2e = results.get("end_to_end")
    if e2e:
        lines += ["", f"End to end at {label(e2e['size'])} facts ({e2e['facts']:,}): {e2e['users']} users "
                      f"each send {e2e['per_user']} questions at once. *Without the rate limiter* is a "
                      "diagnostic: the same application with the limits of python-telegram-bot's "
                      "`AIORateLimiter` (Telegram's 30 requests/s for the whole bot; negobot makes "
                      "one a question, the reply) switched off (`bench/unlimited_serve.py`).", "",
                  "| run | updates | answered | updates/s | unanswered | twice | refused "
                  "| calls refused by the fake | seconds | peak RSS |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, key in (("as configured", "as_configured"), ("without the rate limiter", "unlimited")):
            run = e2e.get(key)
            if not run:
                continue
            done = "" if run["completed"] else " (stopped: time budget)"
            lines.append(f"| {name} | {run['updates']} | {run['answered']} "
                         f"| {run['updates_per_second']:.1f} | {run['unanswered']} | {run['twice']} "
                         f"| {run['refused']} | {run['rejected_calls']} | {run['seconds']:.1f}{done} "
                         f"| {run['peak_rss_mib']:.0f} MiB |")
    return lines


def _method_notes(results: JSON) -> list[str]:
    cache = results["cache"]
    reused = cache["reused"]
    built = f"reused {', '.join(label(s) for s in reused)}" if reused else "built every base"
    return [
        "", "## How it is measured", "",
        "- **Bases**: a new negobot database (the bundled seed article goes in first), then synthetic "
        "articles through `knowledge.ingest.ingest_text` — what `negobot ingest --title --outlet --url "
        "--published` calls. Their sentences are the facts negobot took from the shared corpus, each "
        "cut at a common word and joined to another's end, so the wording is that of the news but the "
        "sentence is new (whole sentences would be merged as other outlets' copies). 30 sentences an "
        "article, 3 a paragraph. The corpus is read at run time; none of it is in the repository.",
        "- **Questions**: `bench/questions.jsonl` (short, long, misspelled, very common words, out of "
        "scope, FTS syntax) and `tests/questions/seed.jsonl`; each method answers one question untimed "
        "first, then the list up to three times (fewer on a slow method, at least once); the first "
        "pass is judged.",
        "- **negobot**: `Answerer.answer`, all a user waits for. **rapidfuzz scan**: "
        "`process.extractOne` with `fuzz.token_set_ratio` over every fact's text, loaded and "
        "preprocessed once, untimed. **FTS5 bm25**: the question's words quoted and OR-ed against "
        "the index's `words` column, `ORDER BY bm25 LIMIT 1`. Baselines never decline.",
        "- **Accuracy at size**: the synthetic sentences are about the same people, places and talks as "
        "the seed article, so they compete with its facts far harder than unrelated news would: the "
        "figures compare methods and sizes, they do not forecast accuracy on a real base of that size.",
        "- **Early exit**: `extractOne` stops at the first perfect score, so a one-word question that "
        "some fact holds ends the scan early (the rapidfuzz scan's short and common rows).",
        "- **End to end**: both runs share a window (`--e2e-seconds`, two thirds to the run as "
        "configured); a run that has not answered every update by the end of its window reports the "
        "rate over what it answered, and its unanswered updates are still queued, not lost. Answers "
        "sent after the window (the bot answers what it has fetched before it stops) count for "
        "*twice*, never for the rate.",
        f"- **Cache**: bases are rebuilt unless `--reuse` is given and the cache key (code, sizes, "
        f"corpus) matches; this run {built} (key {cache['key'][:12]}).",
    ]


def write_plot(results: JSON, path: Path) -> bool:
    """Latency against facts, per method, log scales; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    measured = [e for e in results["sizes"] if e["status"] == "measured"]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    colours = {NEGOBOT: "tab:blue", FUZZ: "tab:orange", BM25: "tab:green"}
    for method in METHODS:
        facts = [e["base"]["facts"] for e in measured]
        p50 = [_run(e, method)["latency"]["p50_ms"] for e in measured]
        p99 = [_run(e, method)["latency"]["p99_ms"] for e in measured]
        ax.plot(facts, p50, "o-", color=colours[method], label=f"{method} p50")
        ax.plot(facts, p99, "s--", color=colours[method], label=f"{method} p99")
    ax.plot([100_000, 1_000_000], [10, 50], "k*", markersize=12, label="targets (p99)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("facts in the base")
    ax.set_ylabel("ms per question")
    ax.set_title("Retrieval latency against base size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


def write(results: JSON, results_path: Path, markdown_path: Path) -> None:
    """results.json, the plot beside the markdown, and the markdown."""
    results_path.parent.mkdir(parents=True, exist_ok=True)
    plot_path = markdown_path.with_name(markdown_path.stem + "-latency.png")
    drawn = write_plot(results, plot_path)
    results["plot"] = plot_path.name if drawn else None
    results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(results, plot_path.name if drawn else None)
    if not drawn:
        text = text.replace("## Retrieval\n", "## Retrieval\n\n(No plot: matplotlib is not installed; "
                                              "`make bench` installs it.)\n", 1)
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.write_text(text, encoding="utf-8")
