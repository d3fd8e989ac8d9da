"""The knowledge base: articles, facts, their FTS5 index and the audit log, in SQLite.

Every change runs in one transaction together with its audit row, so a crash leaves either
the whole change or none of it; the FTS index follows the facts through triggers inside the
same transaction. The database runs in WAL mode so the bot can read while an admin writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlite_utils import Database

from .analyzer import Analyzer, Indexed, default_analyzer
from .duplicates import Comparison, probes, twin_key, twin_keys_version
from .records import Article, DateRef, DraftFact, Fact
from .roles import speaker_roles
from .schema import COUNT_FACTS, COUNT_TERMS, migrate

SYSTEM_ACTOR = "system"
TWIN_KEYS_META = "twin_keys"
# Facts sharing a sentence's twin key and length range that are compared with it before
# the full-text probes (see `find_duplicate`); with more, the probes decide alone.
TWIN_CANDIDATES = 50
# A base up to this size is read through a memory map, not read() calls: answering from a
# 100k-fact base (200 MB) took 20 % less CPU (p99 8.2 -> 6.5 ms over the bench questions).
# A bigger base is left unmapped: on a 1M-fact one (2 GB) mapping its first 256 MiB saved
# nothing and added 130 MB to the serving process's resident memory.
MAPPED_BYTES = 256 * 2**20
Candidate = tuple[Fact, Article, str, str]  # a fact, its source, its terms, its context terms



class KnowledgeError(Exception):
    """A request the knowledge base cannot carry out; the message is fit for a user."""


class NotFoundError(KnowledgeError):
    """No fact or article with that id."""


def default_db_path() -> Path:
    """`NEGOBOT_DB`, else negobot.db in the user's data directory."""
    env = os.environ.get("NEGOBOT_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("negobot")) / "negobot.db"


@dataclass(frozen=True)
class ArticleChange:
    """What storing one article did to the base."""

    article: Article
    facts_added: int  # new facts
    facts_merged: int  # already carried by another outlet: recorded as one more source
    facts_kept: int  # unchanged facts of an updated article
    facts_retired: int  # facts the updated article no longer holds


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    """A fingerprint of an article's text, to recognise the same article pasted twice."""
    normalized = " ".join(text.split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


class KnowledgeBase:
    """Facts and the articles they come from; see the module docstring."""

    def __init__(self, db: Database, analyzer: Analyzer | None = None) -> None:
        self.db = db
        self.analyzer = analyzer or default_analyzer()
        self._term_deltas: Counter[tuple[str, str]] | None = None  # see `counting_terms`
        # Goes up with every change this connection makes to facts: what caches of what the
        # facts say (vocabulary, term counts) compare, with SQLite's data_version for the
        # changes of other connections.
        self.fact_writes = 0
        migrate(db)
        self.ensure_twin_keys()

    @classmethod
    def open(cls, path: str | Path | None = None) -> KnowledgeBase:
        """Open (creating if needed) the database at path, or the default one."""
        target = Path(path) if path is not None else default_db_path()
        if str(target) != ":memory:":
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None, check_same_thread=False)
        db = Database(conn)
        if str(target) != ":memory:":
            db.enable_wal()
            # In WAL mode NORMAL still never corrupts the base on a crash; it skips the
            # fsync on every commit, which cost more than storing an article's facts.
            db.execute("PRAGMA synchronous = NORMAL")
            if target.stat().st_size <= MAPPED_BYTES:
                db.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        return cls(db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic change: everything inside commits together or not at all."""
        conn = self.db.conn
        if conn.in_transaction:  # nested: a savepoint inside the caller's transaction
            with self.db.atomic():
                yield
            return
        # IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- reading -------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def article(self, article_id: int) -> Article:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            raise NotFoundError(f"No article #{article_id}.")
        return _article(rows[0])

    def fact(self, fact_id: int) -> Fact:
        rows = list(self.db.query("SELECT * FROM facts WHERE id = ?", [fact_id]))
        if not rows:
            raise NotFoundError(f"No fact #{fact_id}.")
        return _fact(rows[0])

    def facts(self, *, include_retired: bool = True) -> Iterator[Fact]:
        where = "" if include_retired else "WHERE status = 'active'"
        for row in self.db.query(f"SELECT * FROM facts {where} ORDER BY id"):
            yield _fact(row)

    def articles(self) -> Iterator[Article]:
        for row in self.db.query("SELECT * FROM articles ORDER BY id"):
            yield _article(row)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def count_facts(self, status: str = "active") -> int:
        """How many facts have that status. Active ones are all but the few retired: counted
        that way, a large base is not read through at start-up."""
        if status == "active":
            row = self.db.execute("SELECT facts FROM term_stats WHERE col = 'facts' AND term = ''"
                                  ).fetchone()
            return int(row[0]) - self.count_facts("retired")
        row = self.db.execute("SELECT count(*) FROM facts WHERE status = ?", [status]).fetchone()
        return int(row[0])

    def count_fact_sources(self) -> int:
        """How many times a fact was found again in another outlet's article."""
        return int(self.db.execute("SELECT count(*) FROM fact_sources").fetchone()[0])

    def fact_sources(self, fact_id: int) -> list[Article]:
        """Every article that carried the fact: its own first, then the others as they came."""
        fact = self.fact(fact_id)
        rows = self.db.query(
            "SELECT articles.* FROM fact_sources JOIN articles ON articles.id = fact_sources.article_id"
            " WHERE fact_sources.fact_id = ? ORDER BY fact_sources.rowid", [fact_id])
        return [self.article(fact.article_id), *(_article(row) for row in rows)]

    def history(self, fact_id: int) -> list[dict[str, Any]]:
        """The audit rows of one fact, oldest first."""
        return self._audit_rows("WHERE fact_id = ? ORDER BY id", [fact_id])

    def audit_of(self, actor: str) -> list[dict[str, Any]]:
        """One actor's audit rows, newest first."""
        return self._audit_rows("WHERE actor = ? ORDER BY id DESC", [actor])

    def _audit_rows(self, rest: str, params: list[Any]) -> list[dict[str, Any]]:
        return [
            {**row, "before": json.loads(row["before"] or "null"),
             "after": json.loads(row["after"] or "null")}
            for row in self.db.query("SELECT * FROM audit " + rest, params)
        ]

    # -- search support --------------------------------------------------------------------

    def active_candidates(self, fact_ids: list[int]) -> list[Candidate]:
        """The active ones of these facts as candidates for an answer, in the order given."""
        order = {fact_id: n for n, fact_id in enumerate(fact_ids)}
        return sorted(self._candidates(
            # "+status": not by the status index, which nearly every fact shares; by rowid.
            "FROM facts JOIN articles ON articles.id = facts.article_id"
            f" WHERE facts.id IN ({', '.join('?' * len(fact_ids))}) AND +facts.status = 'active'",
            fact_ids), key=lambda c: order[c[0].id])

    def all_candidates(self) -> list[Candidate]:
        """Every active fact as `lookup.candidates` returns them: the brute-force reference."""
        return self._candidates(
            "FROM facts JOIN articles ON articles.id = facts.article_id"
            " WHERE facts.status = 'active' ORDER BY facts.id", [])

    def _candidates(self, rest: str, params: list[Any]) -> list[Candidate]:
        # Plain tuples of the columns scoring needs: a question reads 200 candidates, and
        # dict rows of every column cost more than the index lookup that found them.
        sql = ("SELECT facts.id, facts.article_id, facts.text, facts.speaker, facts.reported_by,"
               " facts.event_date, facts.dates, facts.status, facts.position, facts.terms,"
               " facts.context, articles.title, articles.outlet, articles.url,"
               " articles.published, articles.kind " + rest)
        out = []
        articles: dict[int, Article] = {}
        for (fact_id, article_id, text, speaker, reported_by, event_date, dates, status,
             position, terms, context, *source) in self.db.conn.execute(sql, params):
            article = articles.get(article_id)
            if article is None:
                article = articles[article_id] = Article(article_id, *source)
            fact = Fact(fact_id, article_id, text, speaker, reported_by, event_date,
                        _dates(dates), status, position or 0)
            out.append((fact, article, terms, context))
        return out

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """In how many facts each concept term occurs (0 for unknown terms)."""
        if not terms:
            return {}
        marks = ",".join("?" for _ in terms)
        rows = self.db.execute(
            f"SELECT term, facts FROM term_stats WHERE col = 'terms' AND term IN ({marks})",
            terms,
        ).fetchall()
        found = {term: int(count) for term, count in rows}
        return {t: found.get(t, 0) for t in terms}

    def fact_total(self) -> int:
        """How many facts the base holds, retired ones too (at least 1)."""
        row = self.db.execute("SELECT facts FROM term_stats WHERE col = 'facts' AND term = ''").fetchone()
        return max(int(row[0]), 1)

    def known_words(self) -> dict[str, int]:
        """Surface words of all facts and in how many facts each occurs, for spelling correction."""
        rows = self.db.execute("SELECT term, facts FROM term_stats WHERE col = 'words' AND facts > 0")
        return {r[0]: int(r[1]) for r in rows}

    def count_terms(self, before: dict[str, str] | None, after: dict[str, str] | None) -> None:
        """Keep `term_stats` in step with one fact's search columns changing from before to
        after (None: the fact did not exist, or no longer does)."""
        delta = Counter() if self._term_deltas is None else self._term_deltas
        delta["facts", ""] += (after is not None) - (before is not None)
        for column in ("terms", "words"):
            for sign, columns in ((-1, before), (1, after)):
                if columns:
                    for term in set(columns[column].split()):
                        delta[column, term] += sign
        if self._term_deltas is None:
            self._write_term_counts(delta)

    @contextmanager
    def counting_terms(self) -> Iterator[None]:
        """Write the term counts of the changes made inside once, at the end: an article's
        facts share most of their words, so one write per word instead of one per fact."""
        if self._term_deltas is not None:
            yield
            return
        self._term_deltas = Counter()
        try:
            yield
            self._write_term_counts(self._term_deltas)
        finally:
            self._term_deltas = None

    def _write_term_counts(self, delta: Counter[tuple[str, str]]) -> None:
        self.fact_writes += 1
        self.db.conn.executemany(
            "INSERT INTO term_stats (col, term, facts) VALUES (?, ?, ?) ON CONFLICT (col, term)"
            " DO UPDATE SET facts = facts + excluded.facts",
            [(column, term, n) for (column, term), n in delta.items() if n])

    def ensure_twin_keys(self) -> bool:
        """Compute every fact's twin key afresh if they were computed by other code (or never,
        as in a base made before keys were kept); True if it did. Once per base: 100k facts
        took 4 s, 341k facts 13 s."""
        version = twin_keys_version()
        if self.get_meta(TWIN_KEYS_META) == version:
            return False
        with self.transaction():
            if self.get_meta(TWIN_KEYS_META) == version:  # another process did it meanwhile
                return False
            self.rebuild_twin_keys()
            self.set_meta(TWIN_KEYS_META, version)
        return True

    def rebuild_twin_keys(self) -> None:
        """Recompute `fact_twins` from the facts (inside `transaction`)."""
        self.db.execute("DELETE FROM fact_twins")
        rows = self.db.execute("SELECT id, text FROM facts").fetchall()
        self.db.conn.executemany(
            "INSERT INTO fact_twins (fact_id, twin_key, length) VALUES (?, ?, ?)",
            ((fact_id, twin_key(text), len(text)) for fact_id, text in rows))

    def optimize_index(self) -> None:
        """Merge the full-text index into one segment (FTS5 'optimize'), in one transaction.

        Each write adds a small segment that FTS5 merges only now and then; after many
        writes (a reindex rewrites every fact) a question reads dozens of them. On a
        100k-fact base reindexed in place, the slowest question went from 33 to 19 ms.
        """
        with self.transaction():
            self.db.execute("INSERT INTO facts_fts(facts_fts) VALUES('optimize')")

    def recount_terms(self) -> None:
        """Count `term_stats` afresh from the index (after rewriting many facts at once)."""
        self.fact_writes += 1
        self.db.execute("DELETE FROM term_stats")
        self.db.execute(COUNT_TERMS)
        self.db.execute(COUNT_FACTS)

    # -- writing ---------------------------------------------------------------------------

    def index_columns(self, text: str, speaker: str | None, reporter: str | None,
                      article_id: int | None = None, *, replacing: int | None = None) -> dict[str, str]:
        """The derived search columns of a fact (its speaker and reporter are searchable too,
        the speaker with the roles the rest of its article gives them). replacing: the id of
        the fact whose old text this one replaces, which gives no role any more."""
        role = None
        if speaker and article_id is not None:
            texts = [text, *(f.text for f in self.facts_of_article(article_id) if f.id != replacing)]
            role = speaker_roles(texts, [speaker]).get(speaker)
        return self.analyzer.index(text, speaker, reporter, role).columns()

    def audit(self, actor: str, action: str, *, fact_id: int | None = None,
              article_id: int | None = None, after: Any = None) -> None:
        """Record a change made beside the store's own writers (a taught question)."""
        self._audit(actor, action, fact_id=fact_id, article_id=article_id, after=after)

    def _audit(self, actor: str, action: str, *, fact_id: int | None = None,
               article_id: int | None = None, before: Any = None, after: Any = None) -> None:
        self.db.execute(
            "INSERT INTO audit (at, actor, action, fact_id, article_id, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_now(), actor, action, fact_id, article_id,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False)])

    def find_article(self, *, url: str | None, body_hash: str) -> tuple[Article, str] | None:
        """The stored article with that URL (or, for text without one, the same text) and its hash.

        The same text under another URL is another outlet's re-post: a new article, whose
        facts become extra sources of the facts already stored.
        """
        for column, value in (("url", url),) if url else (("content_hash", body_hash),):
            if value:
                rows = list(self.db.query(
                    f"SELECT * FROM articles WHERE {column} = ? AND kind = 'article'", [value]))
                if rows:
                    return _article(rows[0]), rows[0]["content_hash"]
        return None

    def article_by_url(self, url: str) -> Article | None:
        """The newest stored source with that URL, whether ingested or an admin's."""
        rows = list(self.db.query("SELECT * FROM articles WHERE url = ? ORDER BY id DESC LIMIT 1",
                                  [url]))
        return _article(rows[0]) if rows else None

    def facts_of_article(self, article_id: int) -> list[Fact]:
        rows = self.db.query("SELECT * FROM facts WHERE article_id = ? ORDER BY position, id",
                             [article_id])
        return [_fact(row) for row in rows]

    def insert_article(self, *, title: str | None, outlet: str, url: str | None, published: str,
                       body: str, facts: list[DraftFact], actor: str, kind: str = "article",
                       replace: int | None = None) -> Article:
        """Store an article and its facts as they are (call inside `transaction`).

        With `replace`, that article is rewritten in place and its active facts are retired
        as superseded, so links to the article stay valid and edits stay in the history.
        """
        row = {
            "kind": kind, "title": title, "outlet": outlet, "url": url, "published": published,
            "body": body, "content_hash": content_hash(body) if body else None,
        }
        article_id = self._write_article(row, actor=actor, replace=replace)
        if replace is not None:
            for fact in self.facts_of_article(article_id):
                if fact.status == "active":
                    self.update_fact(fact.id, actor=actor, action="fact.supersede",
                                     status="retired")
        start = len(self.facts_of_article(article_id))
        context = ""
        analyses = self.analyzer.index_article([(f.text, f.speaker, f.reported_by) for f in facts])
        for offset, (draft, analysis) in enumerate(zip(facts, analyses, strict=True)):
            self.insert_fact(article_id, draft, position=start + offset, actor=actor,
                             context=context, columns=analysis.columns())
            context = analysis.following
        return self.article(article_id)

    def save_article(self, *, title: str | None, outlet: str, url: str | None, published: str | None,
                     body: str, facts: list[DraftFact], actor: str, replace: int | None = None,
                     format: str | None = None, date_evidence: str | None = None,
                     date_doubt: str | None = None,
                     indexed: Sequence[Indexed] | None = None) -> ArticleChange:
        """Store an ingested article, merging facts other outlets already carried (in `transaction`).

        A fact that is a near-duplicate of an active fact from another article is not
        stored again: the article becomes one more source of that fact. With `replace`,
        the article is updated in place: facts it still holds are kept (with their other
        sources), facts it no longer holds are retired, or handed to the next outlet that
        carried them, so no other article loses a fact through this one's update.
        `indexed`, one per fact, is their analysis when the caller made it already.
        """
        if indexed is None or len(indexed) != len(facts):
            indexed = self.analyzer.index_article([(f.text, f.speaker, f.reported_by) for f in facts])
        row = {
            "kind": "article", "title": title, "outlet": outlet, "url": url,
            "published": published, "body": body,
            "content_hash": content_hash(body) if body else None, "format": format,
            "date_evidence": date_evidence, "date_doubt": date_doubt,
        }
        article_id = self._write_article(row, actor=actor, replace=replace)
        old: dict[tuple[Any, ...], Fact] = {}
        if replace is not None:
            self._drop_sources_of(article_id, actor=actor)
            old = {_fact_key(f.text, f.speaker, f.reported_by, f.dates): f
                   for f in self.facts_of_article(article_id) if f.status == "active"}
        start = len(self.facts_of_article(article_id))
        added = merged = kept = 0
        context = ""
        for offset, draft in enumerate(facts):
            same = old.pop(_fact_key(draft.text, draft.speaker, draft.reported_by, draft.dates), None)
            if same is not None:
                self.db.table("facts").update(same.id, {"position": start + offset,
                                                        "context": context})
                kept += 1
            elif (twin := self._find_twin(comparison := Comparison(draft.text),
                                          article_id)) is not None:
                self.add_fact_source(twin.id, article_id, actor=actor)
                merged += 1
            else:
                self.insert_fact(article_id, draft, position=start + offset, actor=actor,
                                 context=context, columns=indexed[offset].columns(),
                                 twin=comparison.key)
                added += 1
            context = indexed[offset].following
        for fact in old.values():
            self._release_fact(fact, actor=actor)
        return ArticleChange(self.article(article_id), added, merged, kept, len(old))

    def _write_article(self, row: dict[str, Any], *, actor: str, replace: int | None) -> int:
        if replace is None:
            article_id = self.db.table("articles").insert(
                {**row, "added_by": actor, "added_at": _now()}).last_pk
            assert isinstance(article_id, int)
            self._audit(actor, "article.add", article_id=article_id, after=_meta_of(row))
            return article_id
        before = _meta_of(self.db.table("articles").get(replace))
        self.db.table("articles").update(replace, row)
        self._audit(actor, "article.update", article_id=replace, before=before,
                    after=_meta_of(row))
        return replace

    def find_duplicate(self, text: str, *, exclude_article: int) -> Fact | None:
        """An active fact of another article that says the same as text (see `duplicates.py`).

        Facts sharing its twin key are compared first; when one could be a twin, the
        candidates come from the FTS index: facts holding the text's rarest words.
        """
        return self._find_twin(Comparison(text), exclude_article)

    def _find_twin(self, comparison: Comparison, exclude_article: int) -> Fact | None:
        # Most sentences are new: when no fact with their twin key and a length in range
        # compares as a twin, the probes below could not find one either (a twin shares
        # the key), and they, not this look-up, cost most of storing a fact.
        if not self._twin_possible(comparison, exclude_article):
            return None
        groups = probes(comparison.raw)
        if not groups:
            return None
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for probe in groups:
            query = "words : (" + " AND ".join(self.db.quote_fts(w) for w in probe) + ")"
            # The FTS match as a subquery: joined, SQLite's planner scans every active fact
            # and runs the match row by row, a thousand times slower.
            rows = self.db.execute(
                "SELECT id, text FROM facts WHERE id IN (SELECT rowid FROM facts_fts WHERE"
                " facts_fts MATCH ?) AND status = 'active' AND article_id != ? LIMIT 50",
                [query, exclude_article]).fetchall()
            for fact_id, other in rows:
                if fact_id in seen:
                    continue
                seen.add(fact_id)
                score = comparison.score(other)
                if score is not None and (best is None or score > best[0]):
                    best = (score, fact_id)
        return self.fact(best[1]) if best else None

    def _twin_possible(self, comparison: Comparison, exclude_article: int) -> bool:
        """Whether an active fact of another article could be comparison's twin: False only
        when none can; True also when too many share its key to compare them all here."""
        shortest, longest = comparison.length_bounds()
        rows = self.db.execute(
            "SELECT facts.text FROM fact_twins JOIN facts ON facts.id = fact_twins.fact_id"
            " WHERE fact_twins.twin_key = ? AND fact_twins.length BETWEEN ? AND ?"
            " AND facts.status = 'active' AND facts.article_id != ? LIMIT ?",
            [comparison.key, shortest, longest, exclude_article, TWIN_CANDIDATES + 1]).fetchall()
        if len(rows) > TWIN_CANDIDATES:
            return True
        return any(comparison.score(other) is not None for (other,) in rows)

    def add_fact_source(self, fact_id: int, article_id: int, *, actor: str) -> bool:
        """Record that article also carried the fact; False if it is already a source."""
        fact = self.fact(fact_id)
        if fact.article_id == article_id:
            return False
        inserted = self.db.execute(
            "INSERT OR IGNORE INTO fact_sources (fact_id, article_id, added_at) VALUES (?, ?, ?)",
            [fact_id, article_id, _now()]).rowcount
        if inserted:
            self._audit(actor, "fact.source.add", fact_id=fact_id, article_id=article_id,
                        after={"article_id": article_id})
        return bool(inserted)

    def _drop_sources_of(self, article_id: int, *, actor: str) -> None:
        """Forget which facts this article carried as an extra source (it is being re-read)."""
        rows = list(self.db.query("SELECT fact_id FROM fact_sources WHERE article_id = ?",
                                  [article_id]))
        for row in rows:
            self.db.execute("DELETE FROM fact_sources WHERE fact_id = ? AND article_id = ?",
                            [row["fact_id"], article_id])
            self._audit(actor, "fact.source.remove", fact_id=row["fact_id"],
                        article_id=article_id, before={"article_id": article_id})

    def _release_fact(self, fact: Fact, *, actor: str) -> None:
        """A fact its article no longer holds: handed to its next source, else retired."""
        heir = self.db.execute(
            "SELECT article_id FROM fact_sources WHERE fact_id = ? ORDER BY rowid LIMIT 1",
            [fact.id]).fetchone()
        if heir is None:
            self.update_fact(fact.id, actor=actor, action="fact.supersede", status="retired")
            return
        self.db.execute("DELETE FROM fact_sources WHERE fact_id = ? AND article_id = ?",
                        [fact.id, heir[0]])
        self.update_fact(fact.id, actor=actor, action="fact.source.transfer", article_id=heir[0])

    def insert_fact(self, article_id: int, draft: DraftFact, *, position: int, actor: str,
                    context: str = "", note: dict[str, Any] | None = None,
                    columns: dict[str, str] | None = None, twin: int | None = None) -> Fact:
        """Store one new fact with its audit row (inside `transaction`).

        columns are its search columns, twin its twin key, when the caller has them already.
        """
        now = _now()
        if columns is None:
            columns = self.index_columns(draft.text, draft.speaker, draft.reported_by, article_id)
        row = {
            "article_id": article_id, "position": position, "text": draft.text,
            "speaker": draft.speaker, "reported_by": draft.reported_by,
            "event_date": draft.event_date,
            "dates": json.dumps([d.__dict__ for d in draft.dates], ensure_ascii=False),
            "status": "active", "created_at": now, "updated_at": now, "context": context,
            "terms": columns["terms"], "words": columns["words"],
        }
        # Plain SQL: sqlite-utils' insert inspects the table on every call, which cost more
        # than the insert itself on a bulk ingest.
        fact_id = self.db.execute(
            f"INSERT INTO facts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values())).lastrowid
        assert isinstance(fact_id, int)
        self._write_twin_key(fact_id, draft.text, twin)
        self.count_terms(None, columns)
        fact = Fact(fact_id, article_id, draft.text, draft.speaker, draft.reported_by,
                    draft.event_date, tuple(draft.dates), "active", position)
        self._audit(actor, "fact.add", fact_id=fact_id, article_id=article_id,
                    after={**fact.to_json(), **(note or {})})
        return fact

    def update_fact(self, fact_id: int, *, actor: str, action: str,
                    note: dict[str, Any] | None = None, **changes: Any) -> Fact:
        """Change a fact's fields (text, speaker, status…), re-indexing it (inside `transaction`).

        `note` is added to the audit row's `after` (an undo names the change it reverses).
        """
        before = self.fact(fact_id)
        if "dates" in changes:
            changes["dates"] = json.dumps([d.__dict__ for d in changes["dates"]],
                                          ensure_ascii=False)
        text = changes.get("text", before.text)
        speaker = changes.get("speaker", before.speaker)
        reporter = changes.get("reported_by", before.reported_by)
        old_columns = self.db.execute("SELECT terms, words FROM facts WHERE id = ?",
                                      [fact_id]).fetchone()
        columns = self.index_columns(text, speaker, reporter,
                                     changes.get("article_id", before.article_id), replacing=fact_id)
        changes.update(columns, updated_at=_now())
        self.db.table("facts").update(fact_id, changes)
        if "text" in changes:
            self._write_twin_key(fact_id, text)
        if "text" in changes and self.article(before.article_id).kind != "admin":
            # The next fact of the article reads this one as its context ("the request"):
            # it must hold the new words, as a re-index or an import would give it (facts
            # added by hand stand alone, see `reindex`).
            self.db.execute(
                "UPDATE facts SET context = ? WHERE id = (SELECT id FROM facts WHERE article_id = ?"
                " AND (position > ? OR (position = ? AND id > ?)) ORDER BY position, id LIMIT 1)",
                [self.analyzer.index(text, None, None).following, before.article_id,
                 before.position, before.position, fact_id])
        self.count_terms({"terms": old_columns[0], "words": old_columns[1]}, columns)
        after = self.fact(fact_id)
        self._audit(actor, action, fact_id=fact_id, article_id=before.article_id,
                    before={**before.to_json(), "status": before.status},
                    after={**after.to_json(), "status": after.status, **(note or {})})
        return after

    def _write_twin_key(self, fact_id: int, text: str, key: int | None = None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO fact_twins (fact_id, twin_key, length) VALUES (?, ?, ?)",
            [fact_id, twin_key(text) if key is None else key, len(text)])

    def update_article(self, article_id: int, *, actor: str, action: str,
                       note: dict[str, Any] | None = None, **changes: Any) -> Article:
        """Change an article's row (metadata, content hash) with its audit row (inside `transaction`)."""
        before = _meta_of(self.db.table("articles").get(article_id))
        self.db.table("articles").update(article_id, changes)
        after = _meta_of(self.db.table("articles").get(article_id))
        self._audit(actor, action, article_id=article_id, before=before,
                    after={**after, **(note or {})})
        return self.article(article_id)

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def is_empty(self) -> bool:
        return self.count_articles() == 0


def _meta_of(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("title", "outlet", "url", "published")}


def _article(row: dict[str, Any]) -> Article:
    return Article(row["id"], row["title"], row["outlet"], row["url"], row["published"],
                   row["kind"], row.get("date_evidence"), row.get("date_doubt"))


def _fact_key(text: str, speaker: str | None, reporter: str | None,
              dates: tuple[DateRef, ...]) -> tuple[Any, ...]:
    return (text, speaker, reporter, dates)


def _fact(row: dict[str, Any]) -> Fact:
    return Fact(row["id"], row["article_id"], row["text"], row["speaker"], row["reported_by"],
                row["event_date"], _dates(row["dates"]), row["status"], row["position"] or 0)


def _dates(column: str | None) -> tuple[DateRef, ...]:
    if not column or column == "[]":  # most facts name no date: no JSON to parse
        return ()
    return tuple(DateRef(**d) for d in json.loads(column))
