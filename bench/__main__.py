"""`python -m bench`: build the bases, measure everything, write results.json and the markdown.

    python -m bench                      # 1k, 10k, 100k, 1M within a 570-second budget
    python -m bench --quick              # 1k only
    python -m bench --sizes 1k,10k --reuse --budget 300

Sizes are built in increasing order. Before each one the run projects how long building
and measuring it would take, from the rates measured on the sizes before it, and skips it
(recorded as "skipped: projected N s") when that would overrun the budget; the end-to-end
run and the report are reserved for. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import platform
import resource
import shlex
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
import rapidfuzz

from .bases import BaseBuilder, BuiltBase, SkippedSize, log_to_stderr
from .budget import REPORT_RESERVE, SERVING_FIXED_SECONDS, Planner
from .methods import BM25, FUZZ, NEGOBOT, Bm25, FuzzScan, Method, Negobot, fact_texts
from .questions import ROOT, Asked, load_mix, seed_questions
from .report import label, write
from .retrieval import MethodRun, measure
from .serving import ServingRun, run_serving
from .synthetic import SentenceMixer, ingest_corpus, outlets_of, sentence_pool

JSON = dict[str, Any]
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
DEFAULT_BUDGET = 570.0
SUFFIXES = {"k": 1_000, "m": 1_000_000}


def parse_sizes(text: str) -> list[int]:
    """"1k,10k,1M" → [1000, 10000, 1000000], sorted, each once."""
    sizes = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        factor = SUFFIXES.get(part[-1].lower(), 1)
        number = part[:-1] if part[-1].lower() in SUFFIXES else part
        try:
            value = int(float(number) * factor)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a size: {part!r} (use e.g. 1k, 10k, 1M)") from None
        if value < 100:
            raise argparse.ArgumentTypeError(f"{part!r}: a base holds at least the seed; use 100 or more")
        sizes.add(value)
    if not sizes:
        raise argparse.ArgumentTypeError("no size given")
    return sorted(sizes)


def default_workdir() -> Path:
    """The user cache's bench folder for this checkout: two checkouts never share (or delete)
    each other's bases."""
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    return Path(platformdirs.user_cache_dir("negobot")) / f"bench-{checkout}"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="fact counts to build, e.g. 1k,10k,100k,1M (the default)")
    parser.add_argument("--quick", action="store_true", help="1k only")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help="seconds the whole run may take; sizes that would overrun it are skipped")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse bases an earlier run built, when the cache key matches")
    parser.add_argument("--workdir", type=Path, default=default_workdir(),
                        help="where the bases are built (default: one per checkout in the user cache)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the shared corpus (default: ../shared/corpus)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--users", type=int, default=200, help="users asking at once, end to end")
    parser.add_argument("--per-user", type=int, default=5, help="questions each user sends at once")
    parser.add_argument("--passes", type=int, default=3, help="passes over the questions per method")
    parser.add_argument("--baseline-cap", type=float, default=60.0,
                        help="seconds a baseline's first pass may take before it is timed on a sample")
    parser.add_argument("--time-cap", type=float, default=30.0,
                        help="seconds after which a method gets no further pass")
    parser.add_argument("--e2e-seconds", type=float, default=150.0,
                        help="window for both end-to-end runs together (kept in reserve)")
    parser.add_argument("--e2e-size", type=parse_sizes, default=None,
                        help="the base the end-to-end runs use (default: the largest measured)")
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    if args.quick:
        args.sizes = [1_000]
    return args


def _digest(paths: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path.name).encode() + b"\0" + _meaning(path) + b"\0")
    return digest.hexdigest()


def _meaning(path: Path) -> bytes:
    """A file's bytes, or for Python its syntax tree without docstrings: a reworded comment or
    docstring builds the same bases, and rebuilding the 1M base takes half an hour."""
    if path.suffix != ".py":
        return path.read_bytes()
    tree = ast.parse(path.read_bytes())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            body[0] = ast.Pass()
    return ast.dump(tree).encode()


# Modules that only read a base to answer from it: changing them leaves every base as it
# was built, so they are not part of its cache key (tests/test_bench.py checks that no other
# module of knowledge/ imports them), and a change to answering keeps a 1M base an hour old.
ANSWERING_MODULES = frozenset({"answers.py", "retrieval.py", "question_types.py", "evaluate.py",
                               "question_log.py", "reports.py", "lookup.py", "recency.py",
                               "sides.py", "language.py", "glossary.py", "transliteration.py",
                               "wording.py", "timeline.py", "event_mentions.py"})
# Data that only questions read: the glossaries turning Ukrainian and Russian into English.
ANSWERING_DATA = frozenset({"glossary_uk.txt", "glossary_ru.txt"})


def cache_key(corpus: Path, sizes: list[int]) -> str:
    """What a base depends on: negobot's knowledge code and data, the generator, sizes, corpus."""
    code = [p for p in (ROOT / "knowledge").rglob("*") if p.is_file() and p.suffix in (".py", ".txt")
            and not (p.parent.name == "knowledge" and p.name in ANSWERING_MODULES)
            and not (p.parent.name == "data" and p.name in ANSWERING_DATA)]
    code += [ROOT / "bench" / "synthetic.py", ROOT / "bench" / "bases.py"]
    articles = [p for p in (corpus / "articles").rglob("*") if p.is_file()]
    return _digest(code + articles, ",".join(map(str, sizes)))


def machine() -> JSON:
    """The machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    memory = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory, "system": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "rapidfuzz": rapidfuzz.__version__}


def code_version() -> JSON:
    """The git commit the run measured, and whether the worktree had local changes."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    return {"commit": git("rev-parse", "HEAD") or "unknown",
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", "knowledge", "bot",
                              "bench/*.py"))}


def peak_rss_mib() -> float:
    """This process's peak RSS so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_page_cache(path: Path) -> None:
    """Read the base once, so every method is timed on a base in memory, as a serving
    process's is after its first minutes. A base built in another run, or pushed out of
    the page cache by a larger one since, otherwise adds disk reads to the first pass:
    the same code on the same 100k base measured p99 12 ms freshly built and 27-30 ms
    reused after the 1M base had been read. (Start-up from cold is timed apart, by
    `serving`.)"""
    with path.open("rb") as base:
        while base.read(1 << 23):
            pass


def measure_retrieval(base: BuiltBase, questions: list[Asked],
                      args: argparse.Namespace, planner: Planner) -> dict[str, MethodRun]:
    """negobot and both baselines on one base, one after the other; a baseline whose pass
    would overrun `--baseline-cap` is timed on an even sample of the questions."""
    path = Path(base.path)
    warm_page_cache(path)
    runs: dict[str, MethodRun] = {}
    makers: dict[str, Callable[[], Method]] = {
        NEGOBOT: lambda: Negobot(path), FUZZ: lambda: FuzzScan(fact_texts(path)), BM25: lambda: Bm25(path)}
    for name in (NEGOBOT, FUZZ, BM25):
        every = planner.sample_every(name, base.facts)
        asked = questions[::every]
        if every > 1:
            log_to_stderr(f"  {name}: timed on every {every}th question ({len(asked)} of {len(questions)}): "
                          f"a whole pass would take over {args.baseline_cap:.0f} s")
        method: Method = makers[name]()
        try:
            runs[name] = measure(method, asked, passes=args.passes, time_cap=args.time_cap)
        finally:
            method.close()
        lat = runs[name].latency
        log_to_stderr(f"  {name}: p50 {lat.p50_ms:.1f} ms, p99 {lat.p99_ms:.1f} ms ({lat.n} samples), "
                      f"{runs[name].right}/{runs[name].answerable} right")
    return runs


def ratios(runs: dict[str, MethodRun]) -> JSON:
    """Each baseline's latency over negobot's, at p50 and p99."""
    ours = runs[NEGOBOT].latency
    return {name: {"p50": run.latency.p50_ms / ours.p50_ms if ours.p50_ms else 0.0,
                   "p99": run.latency.p99_ms / ours.p99_ms if ours.p99_ms else 0.0}
            for name, run in runs.items() if name != NEGOBOT}


def _run_json(run: MethodRun) -> JSON:
    return {**asdict(run), "accuracy": run.accuracy}


def _serving_json(run: ServingRun) -> JSON:
    return {**asdict(run), "updates_per_second": run.updates_per_second}


def _base_json(base: BuiltBase) -> JSON:
    return {**asdict(base), "facts_per_second": base.facts_per_second,
            "articles_per_second": base.articles_per_second}


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    deadline = started + args.budget

    def log(line: str) -> None:
        log_to_stderr(f"[{time.monotonic() - started:6.1f} s] {line}")

    articles = args.corpus / "articles"
    if not articles.is_dir():
        log(f"the shared corpus is absent ({articles}): nothing to measure, nothing written")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    key = cache_key(args.corpus, args.sizes)
    results: JSON = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench", shlex.join(args.argv)]).strip(),
        "machine": machine(), "code": code_version(), "budget_seconds": args.budget,
        "requested_sizes": args.sizes, "cache": {"key": key, "reused": []}, "sizes": [],
    }
    mix = load_mix()
    questions = mix + seed_questions()

    log(f"ingesting the whole corpus ({articles})")
    for old in args.workdir.glob("corpus.db*"):
        old.unlink()
    corpus_run, corpus_kb = ingest_corpus(articles, args.workdir / "corpus.db")
    results["corpus"] = {**asdict(corpus_run), "facts_per_second": corpus_run.facts_per_second,
                         "inputs_per_second": corpus_run.inputs_per_second}
    log(f"corpus: {corpus_run.facts:,} facts from {corpus_run.added} articles in {corpus_run.seconds:.1f} s")
    mixer = SentenceMixer(sentence_pool(corpus_kb))
    outlets = outlets_of(corpus_kb)
    corpus_kb.close()

    builder = BaseBuilder(args.workdir, mixer, outlets, key=key, reuse=args.reuse, log=log)
    planner = Planner(probe_questions=len(mix), passes=args.passes, time_cap=args.time_cap,
                      end_to_end_seconds=args.e2e_seconds, baseline_cap=args.baseline_cap)
    measured: list[BuiltBase] = []
    stopped: str | None = None  # why growing stopped short of a size: larger ones are not tried
    try:
        for size in args.sizes:
            if stopped is not None:
                results["sizes"].append({"size": size, "status": "skipped", "reason": stopped})
                continue
            projected_measure = planner.measuring(size, len(questions))
            reserve = planner.reserve()
            projected_build = builder.projected_seconds(size)
            remaining = deadline - time.monotonic()
            if projected_build is not None and projected_build + projected_measure + reserve > remaining:
                reason = (f"skipped: projected {projected_build + projected_measure:,.0f} s "
                          f"({projected_build:,.0f} s building at {builder.rate or 0:,.0f} facts/s, "
                          f"{projected_measure:,.0f} s measuring) with {max(0, remaining - reserve):,.0f} s "
                          "left")
                log(f"{label(size)}: {reason}")
                results["sizes"].append({"size": size, "status": "skipped", "reason": reason})
                continue
            log(f"{label(size)}: building")
            built = builder.grow_to(size, deadline=deadline - projected_measure - reserve)
            if isinstance(built, SkippedSize):
                log(f"{label(size)}: {built.reason}")
                results["sizes"].append({"size": size, "status": "skipped", "reason": built.reason})
                stopped = f"skipped: growing stopped at {label(size)} (time budget)"
                continue
            if built.reused:
                results["cache"]["reused"].append(size)
            log(f"{label(size)}: {built.facts:,} facts, {built.articles:,} articles; this step "
                f"{built.step_facts:,} facts in {built.step_seconds:.1f} s "
                f"({built.facts_per_second:,.0f} facts/s)")
            builder_peak = peak_rss_mib()
            runs = measure_retrieval(built, questions, args, planner)
            planner.record(built.facts, runs)
            log(f"{label(size)}: serving")
            serving = run_serving(Path(built.path), args.workdir, size, mix, users=len(mix), per_user=1,
                                  load_seconds=max(60.0, deadline - time.monotonic()))
            log(f"  start to first answer {serving.start_to_first_answer_s:.2f} s, "
                f"peak RSS {serving.peak_rss_mib:.0f} MiB")
            measured.append(built)
            results["sizes"].append({
                "size": size, "status": "measured", "base": _base_json(built),
                "builder_peak_rss_mib": builder_peak,
                "retrieval": {name: _run_json(r) for name, r in runs.items()}, "ratios": ratios(runs),
                "serving": _serving_json(serving)})
    finally:
        builder.close()

    if measured:
        chosen = [b for b in measured if args.e2e_size and b.size == args.e2e_size[0]]
        base = chosen[0] if chosen else measured[-1]
        e2e: JSON = {"size": base.size, "facts": base.facts, "users": args.users, "per_user": args.per_user}
        window = min(args.e2e_seconds, deadline - time.monotonic() - REPORT_RESERVE)
        ends = time.monotonic() + window
        for key_name, limited in (("as_configured", True), ("unlimited", False)):
            # The run as configured gets two thirds of the window (and what it leaves unused
            # goes to the diagnostic); each needs a few seconds to start and stop.
            remaining = ends - time.monotonic()
            load_seconds = (remaining * 2 / 3 if limited else remaining) - SERVING_FIXED_SECONDS
            if load_seconds < 10:
                log(f"end to end ({key_name}): skipped, {remaining:.0f} s left in the window")
                continue
            log(f"end to end at {label(base.size)}: {args.users} users x {args.per_user} questions"
                + ("" if limited else ", rate limiter off (diagnostic)"))
            e2e_run = run_serving(
                Path(base.path), args.workdir, base.size, questions, users=args.users,
                per_user=args.per_user, load_seconds=load_seconds, rate_limited=limited)
            log(f"  {e2e_run.answered}/{e2e_run.updates} answered in {e2e_run.seconds:.1f} s, "
                f"{e2e_run.updates_per_second:.1f} updates/s, {e2e_run.unanswered} unanswered, "
                f"{e2e_run.twice} twice")
            e2e[key_name] = _serving_json(e2e_run)
        results["end_to_end"] = e2e
    results["total_seconds"] = time.monotonic() - started
    write(results, args.results, args.markdown)
    log(f"wrote {args.results} and {args.markdown} in {results['total_seconds']:.0f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse the arguments and run."""
    return run(arguments(argv))


if __name__ == "__main__":
    sys.exit(main())
