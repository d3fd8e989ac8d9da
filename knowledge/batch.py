"""Many inputs in one run: files, directories, standard input and URLs, each with its outcome.

An admin points negobot at whatever they have: a folder of crawled pages, a few files, a
URL. Directories are walked recursively in sorted order; only text-like files are read
(.txt .md .html .htm …). Each input is one transaction: a broken file or an unreachable
URL is reported and the run goes on, and nothing of it is stored.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .fetch import fetch, is_url
from .ingest import IngestResult, PageSkipped, ingest_text
from .store import KnowledgeBase, KnowledgeError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
STDIN = "-"


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


def ingest_source(kb: KnowledgeBase, source: Source, *, actor: str, title: str | None = None,
                  outlet: str | None = None, url: str | None = None,
                  published: str | None = None, allow_private: bool = False) -> Outcome:
    """Read and ingest one input; its failure is an outcome, never an exception."""
    if source.refused:
        return Outcome(source.name, "skipped", source.refused)
    try:
        text, served_from = read_source(source, allow_private=allow_private)
        result = ingest_text(kb, text, actor=actor, title=title, outlet=outlet,
                             url=url or served_from, published=published)
    except PageSkipped as skipped:
        return Outcome(source.name, "skipped", str(skipped))
    except KnowledgeError as error:
        return Outcome(source.name, "error", str(error))
    return Outcome(source.name, result.outcome, result=result)
