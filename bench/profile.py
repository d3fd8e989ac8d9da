"""Where the time goes: cProfile of ingestion and of questions on a base `make bench` built.

    python -m bench.profile --db ~/.cache/negobot/bench/base-100000.db

On a copy of the base (the base itself is left alone) it ingests `--articles` synthetic
articles that are not in it yet, then asks every question of the list (the committed mix
and the seed set) through `Answerer.answer`, twice: once as the benchmark's negobot method
does (nothing else writes to the base), once with a write to the base between questions,
as `negobot serve` does (it records each update id and logs each question). Each profile
is printed as its top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
from pathlib import Path

from knowledge import Answerer, open_base
from knowledge.ingest import ingest_text
from knowledge.question_log import record_question

from .questions import ROOT, load_mix, seed_questions
from .synthetic import ACTOR, SentenceMixer, ingest_corpus, outlets_of, sentence_pool, synthetic_article

FIRST_NEW_ARTICLE = 1_000_000  # far beyond what any base holds, so these articles are new


def top(profile: cProfile.Profile, lines: int) -> str:
    """The profile's top functions by cumulative time."""
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a base built by `make bench`")
    parser.add_argument("--articles", type=int, default=100, help="synthetic articles to ingest")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--lines", type=int, default=30, help="functions shown per profile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        _, corpus = ingest_corpus(args.corpus / "articles", work / "corpus.db")
        mixer, outlets = SentenceMixer(sentence_pool(corpus)), outlets_of(corpus)
        corpus.close()
        shutil.copyfile(args.db, work / "base.db")
        kb = open_base(work / "base.db")
        facts = kb.count_facts()
        articles = [synthetic_article(mixer, outlets, FIRST_NEW_ARTICLE + n) for n in range(args.articles)]
        profile = cProfile.Profile()
        added = 0
        profile.enable()
        for article in articles:
            added += ingest_text(kb, article.text, actor=ACTOR, title=article.title, outlet=article.outlet,
                                 url=article.url, published=article.published).facts_added
        profile.disable()
        print(f"# ingestion: {args.articles} articles, {added} facts into a base of {facts:,} facts\n")
        print(top(profile, args.lines))

        questions = [q.question for q in load_mix() + seed_questions()]
        answerer = Answerer(kb)
        answerer.answer(questions[0])  # the spelling vocabulary, built once
        for writes, title in ((False, "as the benchmark asks them"),
                              (True, "with a write between questions, as `negobot serve` makes")):
            profile = cProfile.Profile()
            profile.enable()
            for question in questions:
                answer = answerer.answer(question)
                if writes:
                    record_question(kb, answer)
            profile.disable()
            print(f"# {len(questions)} questions at {kb.count_facts():,} facts, {title}\n")
            print(top(profile, args.lines))
        kb.close()


if __name__ == "__main__":
    main()
