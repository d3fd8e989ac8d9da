"""Export and import: the whole base as JSON lines, losslessly.

Articles (with their date evidence and doubt), facts, the further outlets that carried
each fact, the audit log and the questions admins taught facts, in that order.

Derived columns (the search terms) are not exported; import computes them again, so an
export stays valid when the analyzer improves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from .store import KnowledgeBase, KnowledgeError

_DERIVED = ("terms", "words", "context")
_TABLES = (("article", "articles"), ("fact", "facts"), ("fact_source", "fact_sources"),
           ("audit", "audit"), ("taught", "taught"))


def export_lines(kb: KnowledgeBase) -> Iterator[str]:
    """Every article, fact and audit row as one JSON object a line, in id order."""
    for kind, table in _TABLES:
        for row in kb.db.query(f"SELECT * FROM {table} ORDER BY rowid"):
            record = {"type": kind, **{k: v for k, v in row.items() if k not in _DERIVED}}
            yield json.dumps(record, ensure_ascii=False, sort_keys=True)


def export_file(kb: KnowledgeBase, path: str | Path) -> int:
    """Write the export to path; returns the number of lines."""
    count = 0
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    with temporary.open("w", encoding="utf-8") as out:
        for line in export_lines(kb):
            out.write(line + "\n")
            count += 1
    temporary.replace(target)  # a crash mid-export never leaves half a file under the name
    return count


def import_file(kb: KnowledgeBase, path: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Load an export into an empty base (or, with replace, instead of what it holds)."""
    records: dict[str, list[dict[str, Any]]] = {kind: [] for kind, _ in _TABLES}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            records[record.pop("type")].append(record)
        except (ValueError, KeyError, AttributeError):
            raise KnowledgeError(f"{path}:{number}: not an export line.") from None
    with kb.transaction():
        if not replace and not kb.is_empty():
            raise KnowledgeError("The database is not empty: import into a new one "
                                 "(--db NEW.db) or pass --replace.")
        for _, table in reversed(_TABLES):
            kb.db.execute(f"DELETE FROM {table}")
        kb.db.table("articles").insert_all(records["article"])
        by_hand = {a["id"] for a in records["article"] if a.get("kind") == "admin"}
        ordered = sorted(records["fact"], key=lambda f: (f["article_id"], f["position"], f["id"]))
        for article_id, group in groupby(ordered, key=lambda f: f["article_id"]):
            article = list(group)
            context = ""
            analyses = kb.analyzer.index_article(
                [(f["text"], f["speaker"], f["reported_by"]) for f in article])
            for fact, analysis in zip(article, analyses, strict=True):
                kb.db.table("facts").insert({**fact, **analysis.columns(), "context": context})
                # Facts added by hand stand alone (see `reindex`).
                context = "" if article_id in by_hand else analysis.following
        kb.recount_terms()
        kb.rebuild_twin_keys()
        kb.db.table("fact_sources").insert_all(records["fact_source"])
        kb.db.table("audit").insert_all(records["audit"])
        kb.db.table("taught").insert_all(records["taught"])
        kb.set_meta("bundled_loaded", "import")
    return {kind: len(rows) for kind, rows in records.items()}
