"""Fact bases of increasing size: one database grown article by article, copied out at each size.

Every base starts as a new negobot database, which loads the bundled seed article first, so
the seed facts (and the seed questions' answers) are inside every base. Synthetic articles
then go in as `negobot ingest` takes a folder (`knowledge.batch.ingest_all`): other
processes (one per core) parse and analyse each article (`parse_article`, with --title,
--outlet, --url and --published) while this one stores the previous ones in order
(`store_article`); the time timed is the building loop's, less the time spent making up the
articles. When a base reaches a size it is copied out (`base-<size>.db`) and growing goes on,
so a run ingests as many facts as its largest base holds, not the sum of all sizes.

A copy is kept with the key it was built under (code, sizes, corpus); with `reuse`, a later
run whose key matches takes it instead of building it again.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from knowledge import KnowledgeBase, open_base
from knowledge.analyzer import default_analyzer
from knowledge.batch import OPTIMIZE_AFTER_FACTS, default_workers
from knowledge.ingest import PageSkipped, ParsedArticle, parse_article, store_article
from knowledge.store import KnowledgeError

from .synthetic import ACTOR, SentenceMixer, SyntheticArticle, synthetic_article

PROGRESS_SECONDS = 15.0
MANY_INPUTS = 1_000  # as many inputs as a folder that `negobot ingest` parses in parallel
WINDOW = 8  # articles parsed ahead of the one being stored


def parse_synthetic(article: SyntheticArticle) -> ParsedArticle | str:
    """What a parsing process makes of one synthetic article: parsed and analysed, or why
    ingestion refuses it ("skipped: …" or "error: …")."""
    try:
        return parse_article(article.text, title=article.title, outlet=article.outlet,
                             url=article.url, published=article.published
                             ).analysed(default_analyzer())
    except PageSkipped as skipped:
        return f"skipped: {skipped}"
    except KnowledgeError as error:
        return f"error: {error}"


@dataclass(frozen=True)
class BuiltBase:
    """A base of at least `size` facts, and what growing it from the previous size took."""

    size: int
    path: str
    facts: int
    articles: int
    db_bytes: int
    step_facts: int  # facts ingestion added on the way from the previous size
    step_merged: int  # sentences found to be another outlet's copy of a stored fact
    step_articles: int
    step_skipped: int  # synthetic articles ingestion refused (with the reason counted below)
    step_seconds: float  # the building loop's time, less making up the articles
    next_article: int  # number of the next synthetic article (to grow it further)
    reused: bool = False

    @property
    def facts_per_second(self) -> float:
        return self.step_facts / self.step_seconds if self.step_seconds else 0.0

    @property
    def articles_per_second(self) -> float:
        return self.step_articles / self.step_seconds if self.step_seconds else 0.0


@dataclass(frozen=True)
class SkippedSize:
    """A size the run did not build, and why."""

    size: int
    reason: str


def file_bytes(path: Path) -> int:
    """A database's size on disk, its write-ahead log included."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


class BaseBuilder:
    """Grows one database to each size in turn; see the module docstring."""

    def __init__(self, workdir: Path, mixer: SentenceMixer, outlets: list[str], *, key: str,
                 reuse: bool, log: Callable[[str], None]) -> None:
        self.workdir = workdir
        self.mixer = mixer
        self.outlets = outlets
        self.key = key
        self.reuse = reuse
        self.log = log
        self.build_path = workdir / "build.db"
        self.kb: KnowledgeBase | None = None
        self.next_article = 0
        self.rate: float | None = None  # facts a second, from the last size built
        self.facts = 0
        self._resume: BuiltBase | None = None  # a reused copy to grow from
        self._executor: Executor | None = None
        if not reuse:
            self.forget()

    def forget(self) -> None:
        """Delete the bases of earlier runs (default: every run builds its own)."""
        for path in self.workdir.glob("base-*"):
            path.unlink()
        for path in self.workdir.glob("build.db*"):
            path.unlink()

    def cached(self, size: int) -> BuiltBase | None:
        """The copy of that size an earlier run built under the same key, if reuse is on."""
        if not self.reuse:
            return None
        sidecar = self.workdir / f"base-{size}.json"
        if not sidecar.exists():
            return None
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        if record.get("key") != self.key or not Path(record["base"]["path"]).exists():
            return None
        return BuiltBase(**{**record["base"], "reused": True})

    def projected_seconds(self, size: int) -> float | None:
        """How long growing to size would take at the last measured rate (None: unknown)."""
        if self.cached(size) is not None:
            return 0.0
        if self.rate is None or self.rate <= 0:
            return None
        return max(0, size - self.facts) / self.rate

    def grow_to(self, size: int, *, deadline: float) -> BuiltBase | SkippedSize:
        """Grow the base to at least size facts and copy it out; give up at deadline."""
        cached = self.cached(size)
        if cached is not None:
            self.log(f"{size:,} facts: reusing {cached.path} (cache key matches)")
            self._close()
            self._resume, self.facts, self.next_article = cached, cached.facts, cached.next_article
            if cached.step_seconds:
                self.rate = cached.facts_per_second
            return cached
        kb = self._open()
        added = merged = articles = skipped = 0
        making = 0.0  # making up articles: not ingestion
        began = last_report = time.monotonic()
        pending: deque[tuple[int, Future[ParsedArticle | str]]] = deque()
        pool = self._pool()
        try:
            while self.facts < size:
                if time.monotonic() > deadline:
                    seconds = time.monotonic() - began - making
                    return SkippedSize(size, f"skipped: build stopped at {self.facts:,} facts "
                                             f"after {seconds:.0f} s of ingestion (time budget)")
                while len(pending) < WINDOW:
                    started = time.monotonic()
                    article = synthetic_article(self.mixer, self.outlets, self.next_article)
                    making += time.monotonic() - started
                    self.next_article += 1
                    pending.append((article.number, pool.submit(parse_synthetic, article)))
                number, future = pending.popleft()
                parsed = future.result()
                if isinstance(parsed, str):
                    if not parsed.startswith("skipped"):
                        raise RuntimeError(f"synthetic article {number}: {parsed}")
                    skipped += 1
                    continue
                result = store_article(kb, parsed, actor=ACTOR)
                added += result.facts_added
                merged += result.facts_merged
                articles += 1
                self.facts += result.facts_added
                if time.monotonic() - last_report > PROGRESS_SECONDS:
                    last_report = time.monotonic()
                    rate = added / max(time.monotonic() - began - making, 1e-9)
                    self.log(f"  building {size:,}: {self.facts:,} facts, {rate:,.0f} facts/s")
        finally:
            # Articles parsed ahead and not stored are made again when the base grows on.
            if pending:
                self.next_article = pending[0][0]
            for _, future in pending:
                future.cancel()
        # As `negobot ingest` ends a run that added many facts (`knowledge.batch.ingest_all`);
        # part of the ingestion time.
        if added >= OPTIMIZE_AFTER_FACTS:
            kb.optimize_index()
        seconds = time.monotonic() - began - making
        self.rate = added / seconds if seconds else None
        path = self.workdir / f"base-{size}.db"
        self._copy(kb, path)
        built = BuiltBase(size, str(path), kb.count_facts(), kb.count_articles(), file_bytes(path),
                          added, merged, articles, skipped, seconds, self.next_article)
        (self.workdir / f"base-{size}.json").write_text(
            json.dumps({"key": self.key, "base": asdict(built)}, indent=1), encoding="utf-8")
        return built

    def _pool(self) -> Executor:
        """The parsing processes (one per core, as `negobot ingest` uses on a folder)."""
        if self._executor is None:
            workers = default_workers(MANY_INPUTS)
            if workers < 1:
                self._executor = _InProcess()
            else:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["bench.bases"])
                self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        return self._executor

    def close(self) -> None:
        """Close the growing database and delete it (the copies stay)."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None
        self._close()
        for path in self.workdir.glob("build.db*"):
            path.unlink()

    def _open(self) -> KnowledgeBase:
        if self.kb is not None:
            return self.kb
        for path in self.workdir.glob("build.db*"):
            path.unlink()
        if self._resume is not None:
            shutil.copyfile(self._resume.path, self.build_path)
            self.kb = open_base(self.build_path)
        else:
            self.kb = open_base(self.build_path)  # a new base: the seed article goes in first
            self.next_article = 0
        self.facts = self.kb.count_facts()
        return self.kb

    def _close(self) -> None:
        if self.kb is not None:
            self.kb.close()
            self.kb = None

    @staticmethod
    def _copy(kb: KnowledgeBase, path: Path) -> None:
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
        target = sqlite3.connect(str(path))
        try:
            kb.db.conn.backup(target)
        finally:
            target.close()


def log_to_stderr(line: str) -> None:
    """A progress line on stderr."""
    print(line, file=sys.stderr, flush=True)


class _InProcess(Executor):
    """Parsing in this process, for a machine with no spare core."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future
