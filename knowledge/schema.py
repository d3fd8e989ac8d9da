"""The database schema, as migrations applied in order, each in its own transaction.

Facts carry two derived columns, `terms` (concept terms from the analyzer) and `words`
(folded surface words), which an FTS5 table indexes through triggers, so the index can
never drift from the facts inside one transaction. `words` is what spelling correction
compares a misspelt question word against.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("negobot")


@migrations()
def m001_core(db: Database) -> None:
    db.table("articles").create(
        {
            "id": int,
            "kind": str,
            "title": str,
            "outlet": str,
            "url": str,
            "published": str,
            "body": str,
            "content_hash": str,
            "added_by": str,
            "added_at": str,
        },
        pk="id",
        not_null={"kind", "outlet", "published", "added_at"},
    )
    db.table("articles").create_index(["url"])
    db.table("articles").create_index(["content_hash"])
    db.table("facts").create(
        {
            "id": int,
            "article_id": int,
            "position": int,
            "text": str,
            "speaker": str,
            "reported_by": str,
            "event_date": str,
            "dates": str,  # JSON list of {text, iso, label}
            "status": str,
            "terms": str,
            "context": str,  # terms of the fact before it: what "the request" or "he" refer to
            "words": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "text", "status", "terms", "context", "words"},
    )
    db.table("facts").create_index(["article_id", "position"])
    db.table("facts").create_index(["status"])
    db.table("facts").enable_fts(
        ["terms", "words", "context"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    db.table("audit").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "fact_id": int,
            "article_id": int,
            "before": str,  # JSON of the fact (or article) before the change, null when created
            "after": str,  # JSON after the change
        },
        pk="id",
        not_null={"at", "actor", "action"},
    )
    db.table("audit").create_index(["fact_id"])
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.execute(
        "CREATE VIRTUAL TABLE facts_fts_vocab USING fts5vocab(facts_fts, 'col')"
    )


@migrations()
def m002_fact_sources(db: Database) -> None:
    """Further outlets that carried a fact: the same story re-posted adds a source, not a fact.

    A fact's own article (facts.article_id) is its first source and has no row here.
    """
    db.table("fact_sources").create(
        {"fact_id": int, "article_id": int, "added_at": str},
        pk=("fact_id", "article_id"),
        foreign_keys=[("fact_id", "facts", "id"), ("article_id", "articles", "id")],
        not_null={"added_at"},
    )
    db.table("fact_sources").create_index(["article_id"])


@migrations()
def m003_question_log(db: Database) -> None:
    # Every question asked through a front that logs (the bot), so admins see what people
    # want and the base lacks. No user ids: the question, whether it was answered, when.
    db.table("question_log").create(
        {
            "id": int,
            "asked_at": str,
            "question": str,
            "normalized": str,  # casefolded, spaces collapsed, end punctuation dropped
            "answered": int,
            "confidence": float,
        },
        pk="id",
        not_null={"asked_at", "question", "normalized", "answered"},
    )
    db.table("question_log").create_index(["answered", "normalized"])


@migrations()
def m004_article_metadata(db: Database) -> None:
    """How an article's date was established, any doubt about it, and the input's format."""
    articles = db.table("articles")
    articles.add_column("format", str)
    articles.add_column("date_evidence", str)  # "URL", "dateline", "byline", "header", "crawl"…
    articles.add_column("date_doubt", str)  # e.g. "URL says 2025-02-10; header says 2019-06-28"


@migrations()
def m005_term_stats(db: Database) -> None:
    """In how many facts each term and each word occurs, kept by the store as it writes.

    FTS5 can count a term's facts only by reading its whole posting list: on a large base
    that costs milliseconds a term, and seconds for the whole vocabulary that spelling
    correction needs. Counted here from the index once, then kept in step.
    """
    db.execute("CREATE TABLE term_stats (col TEXT NOT NULL, term TEXT NOT NULL, "
               "facts INTEGER NOT NULL, PRIMARY KEY (col, term)) WITHOUT ROWID")
    db.execute(COUNT_TERMS)


@migrations()
def m006_undated_articles(db: Database) -> None:
    """An article may have no publication date: some pages state none, and guessing one
    would put a wrong date beside every answer drawn from them."""
    db.table("articles").transform(not_null={"published": False})


@migrations()
def m007_fact_twins(db: Database) -> None:
    """Each fact's twin key (see `duplicates.twin_key`) and length, to look up the facts a
    new sentence could be a copy of without a full-text probe. A table of its own: an
    update of the facts table rewrites the fact's full-text entry (the triggers), which
    filling the keys in for a large base would do a million times. The store fills it in
    (`KnowledgeBase.ensure_twin_keys`)."""
    db.execute("CREATE TABLE fact_twins (fact_id INTEGER PRIMARY KEY, "
               "twin_key INTEGER NOT NULL, length INTEGER NOT NULL)")
    db.execute("CREATE INDEX fact_twins_key ON fact_twins (twin_key, length)")


@migrations()
def m008_fact_count(db: Database) -> None:
    """How many facts the base holds, kept beside the term counts (see `COUNT_FACTS`)."""
    db.execute(COUNT_FACTS)


@migrations()
def m009_taught_questions(db: Database) -> None:
    """Questions an admin attached to a fact (`/teach`), and which answered questions were
    near the bar: both tell admins, and the answerer, what people ask in their own words."""
    db.table("taught").create(
        {
            "id": int,
            "fact_id": int,
            "question": str,
            "normalized": str,
            "actor": str,
            "taught_at": str,
            "active": int,  # 0 once undone
        },
        pk="id",
        not_null={"fact_id", "question", "normalized", "actor", "taught_at", "active"},
        defaults={"active": 1},
    )
    db.table("taught").create_index(["fact_id"])
    db.table("question_log").add_column("low_confidence", int, not_null_default=0)


COUNT_TERMS = ("INSERT INTO term_stats (col, term, facts) SELECT col, term, doc "
               "FROM facts_fts_vocab WHERE col IN ('terms', 'words')")
# The number of facts, as a term_stats row the store keeps in step with every fact it adds:
# a COUNT(*) of a 1M-fact base read 0.1–0.4 s, at start-up and again after every write.
COUNT_FACTS = "INSERT INTO term_stats (col, term, facts) SELECT 'facts', '', count(*) FROM facts"


def migrate(db: Database) -> None:
    """Bring the database to the newest schema."""
    migrations.apply(db)
