"""Many inputs in one run: files, directories, standard input and URLs, each with its outcome.

An admin points negobot at whatever they have: a folder of crawled pages, a few files, a
URL. Directories are walked recursively in sorted order; only text-like files are read
(.txt .md .html .htm …). Each input is one transaction: a broken file or an unreachable
URL is reported and the run goes on, and nothing of it is stored.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .analyzer import default_analyzer
from .fetch import fetch, is_url
from .ingest import IngestResult, PageSkipped, ParsedArticle, parse_article, store_article
from .store import KnowledgeBase, KnowledgeError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
STDIN = "-"
# Starting a parsing process costs about a second (it imports the library): worth it for a
# folder, not for an article or two.
MIN_INPUTS_FOR_WORKERS = 20
WINDOW_PER_WORKER = 8
# A run adding this many facts merges the index at its end: 0.5 s on a 100k-fact base, and
# smaller additions are kept in shape by FTS5's own merging as they are written.
OPTIMIZE_AFTER_FACTS = 1000


@dataclass(frozen=True)
class Source:
    """One input: a file, standard input or a URL; `refused` says why it will not be read."""

    name: str
    refused: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    name: str
    status: str  # "added", "updated", "unchanged", "skipped" or "error"
    reason: str | None = None
    result: IngestResult | None = None


@dataclass
class Tally:
    """The counts of a run, for its summary line."""

    statuses: Counter[str] = field(default_factory=Counter)
    facts_added: int = 0
    facts_merged: int = 0
    skipped: list[Outcome] = field(default_factory=list)
    errors: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.statuses[outcome.status] += 1
        if outcome.result is not None:
            self.facts_added += outcome.result.facts_added
            self.facts_merged += outcome.result.facts_merged
        if outcome.status == "skipped":
            self.skipped.append(outcome)
        elif outcome.status == "error":
            self.errors.append(outcome)

    @property
    def succeeded(self) -> int:
        return sum(self.statuses[s] for s in ("added", "updated", "unchanged"))


def expand(arguments: Iterable[str]) -> Iterator[Source]:
    """The inputs named by arguments: directories recursively (sorted), files, "-", URLs."""
    for argument in arguments:
        if argument == STDIN or is_url(argument):
            yield Source(argument)
            continue
        path = Path(argument)
        if not path.is_dir():
            yield Source(argument)
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in child.relative_to(path).parts):
                continue  # hidden files and folders (.git, .DS_Store) are not articles
            if child.suffix.lower() in TEXT_SUFFIXES:
                yield Source(str(child))
            else:
                yield Source(str(child), refused=f"not a text file ({child.suffix or 'no extension'})")


def read_source(source: Source, *, allow_private: bool = False) -> tuple[str, str | None]:
    """The text of an input and, for a URL, the address it was served from."""
    if is_url(source.name):
        page = fetch(source.name, allow_private=allow_private)
        return page.text, page.url
    if source.name == STDIN:
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source.name).read_bytes()
        except OSError as error:
            raise KnowledgeError(error.strerror or str(error)) from None
    if b"\x00" in data:
        raise PageSkipped("not a text file (it contains binary data)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), None


@dataclass(frozen=True)
class Options:
    """What the admin said about the inputs; `None` means "what the page says"."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    allow_private: bool = False


def prepare(source: Source, options: Options, *,
            analyse: bool = False) -> ParsedArticle | Outcome:
    """Read and parse one input, storing nothing: the part of ingestion that can run anywhere.

    With analyse, its facts' search columns are computed too (by the default analyzer,
    the one every base uses), so that a parsing process takes that work off the writer.
    """
    if source.refused:
        return Outcome(source.name, "skipped", source.refused)
    try:
        text, served_from = read_source(source, allow_private=options.allow_private)
        parsed = parse_article(text, title=options.title, outlet=options.outlet,
                               url=options.url or served_from, published=options.published)
        return parsed.analysed(default_analyzer()) if analyse else parsed
    except PageSkipped as skipped:
        return Outcome(source.name, "skipped", str(skipped))
    except KnowledgeError as error:
        return Outcome(source.name, "error", str(error))


def store(kb: KnowledgeBase, source: Source, prepared: ParsedArticle | Outcome, *,
          actor: str) -> Outcome:
    """Store what `prepare` made of one input (one transaction); its outcome."""
    if isinstance(prepared, Outcome):
        return prepared
    try:
        result = store_article(kb, prepared, actor=actor)
    except KnowledgeError as error:
        return Outcome(source.name, "error", str(error))
    return Outcome(source.name, result.outcome, result=result)


def ingest_source(kb: KnowledgeBase, source: Source, *, actor: str, title: str | None = None,
                  outlet: str | None = None, url: str | None = None,
                  published: str | None = None, allow_private: bool = False) -> Outcome:
    """Read and ingest one input; its failure is an outcome, never an exception."""
    options = Options(title, outlet, url, published, allow_private)
    return store(kb, source, prepare(source, options), actor=actor)


def ingest_all(kb: KnowledgeBase, sources: list[Source], *, actor: str,
               options: Options = Options(), workers: int | None = None) -> Iterator[Outcome]:
    """Ingest inputs in order, yielding each outcome as it is stored.

    Reading, cleaning and parsing take half the time of an ingest and need no database,
    so other processes do them while this one stores; the database still sees one writer
    and the inputs in their order, so a run gives the same base whatever the workers.
    A run that added many facts ends by merging the index (see `optimize_index`).
    """
    added = 0
    for outcome in _ingest_each(kb, sources, actor=actor, options=options, workers=workers):
        added += outcome.result.facts_added if outcome.result else 0
        yield outcome
    if added >= OPTIMIZE_AFTER_FACTS:
        kb.optimize_index()


def _ingest_each(kb: KnowledgeBase, sources: list[Source], *, actor: str,
                 options: Options, workers: int | None) -> Iterator[Outcome]:
    workers = default_workers(len(sources)) if workers is None else workers
    if workers < 1 or any(source.name == STDIN for source in sources):
        for source in sources:
            yield store(kb, source, prepare(source, options), actor=actor)
        return
    # forkserver: the parent may run threads (a progress bar's), which fork would copy
    # half-way through whatever they were doing.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["knowledge.batch"])
    pending: deque[tuple[Source, Future[ParsedArticle | Outcome]]] = deque()
    queue = iter(sources)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for source in queue:
                pending.append((source, pool.submit(prepare, source, options, analyse=True)))
                # A bounded window: parsed articles wait in memory only a few at a time.
                if len(pending) >= WINDOW_PER_WORKER * workers:
                    yield _store_next(kb, pending, actor)
            while pending:
                yield _store_next(kb, pending, actor)
    except BrokenProcessPool:
        # A parsing process died (killed, or unable to start, as under a `__main__` it
        # cannot re-import): what it had not done is done here.
        for source, _ in pending:
            yield store(kb, source, prepare(source, options), actor=actor)
        for source in queue:
            yield store(kb, source, prepare(source, options), actor=actor)


def _store_next(kb: KnowledgeBase, pending: deque[tuple[Source, Future[ParsedArticle | Outcome]]],
                actor: str) -> Outcome:
    """Store the oldest parsed input; it leaves the queue only once its parse arrived."""
    source, future = pending[0]
    prepared = future.result()
    pending.popleft()
    return store(kb, source, prepared, actor=actor)


def default_workers(inputs: int) -> int:
    """Parsing processes for a run of that many inputs: none for a few, else one per core.

    One per core, not per spare core: storing takes less time than parsing (the corpus: 2 s
    of 8), so a writer with a core of its own would wait most of the run. On 2 cores the
    corpus took 4.8 s with two parsing processes and 6.4 s with one (median of five).
    """
    if inputs < MIN_INPUTS_FOR_WORKERS:
        return 0
    # The cores this process may use, not the machine's: a container often gets two of 64.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cores or 1)
