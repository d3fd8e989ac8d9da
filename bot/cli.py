"""The `negobot` command: a thin front over the knowledge library.

Options are parsed here, the library does the work, and its `KnowledgeError`s become one
clear line on stderr with exit code 1 (click's own usage errors exit with 2).
"""

from __future__ import annotations

import getpass
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from tqdm import tqdm

from knowledge import Answerer, KnowledgeBase, KnowledgeError, open_base
from knowledge.answers import UNDATED_LABEL, source_line, with_dates
from knowledge.backup import backup, inspect, restore
from knowledge.batch import Options, Outcome, Tally, expand, ingest_all
from knowledge.curate import add_fact, edit_fact, retire_fact
from knowledge.evaluate import evaluate, load_questions
from knowledge.exchange import export_file, import_file
from knowledge.teaching import teach
from knowledge.timeline import key_events, timeline

from .health import MAX_AGE_SECONDS, check
from .serve import configure_logging
from .serve import serve as run_bot
from .settings import SettingsError, from_env
from .timeline_picture import MAX_EVENTS, timeline_png

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="NEGOBOT_DB",
    help="Database file (default: $NEGOBOT_DB, else negobot.db in your data directory).",
)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def friendly_errors(func: F) -> F:
    """Turn library errors into a one-line message instead of a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KnowledgeError as error:
            raise click.ClickException(str(error)) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened(db_path: Path | None, *, bundled: bool = True) -> Iterator[KnowledgeBase]:
    kb = open_base(db_path, bundled=bundled)
    try:
        yield kb
    finally:
        kb.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """negobot: sourced answers about the Russia–Ukraine peace negotiations."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--title", help="Headline (default: what the page says).")
@click.option("--outlet", help="Publisher, e.g. Reuters (default: from the URL).")
@click.option("--url", help="Address of the article (default: what the page says).")
@click.option("--published", help="Publication date, YYYY-MM-DD (default: from the page).")
@click.option("--allow-private", is_flag=True,
              help="Let URLs on this machine or a private network be fetched.")
@db_option
@friendly_errors
def ingest(inputs: tuple[str, ...], title: str | None, outlet: str | None, url: str | None,
           published: str | None, allow_private: bool, db_path: Path | None) -> None:
    """Add articles: files, directories (recursively), - for stdin, or http(s) URLs."""
    sources = list(expand(inputs))
    if len(sources) > 1 and (title or url):
        raise click.UsageError("--title and --url describe one article; give one input with them.")
    tally = Tally()
    started = time.monotonic()
    # SIGTERM as an exception, so the article being stored is rolled back and the parsing
    # processes are stopped, instead of the process vanishing and leaving them behind.
    signal.signal(signal.SIGTERM, _terminated)
    with opened(db_path) as kb:
        options = Options(title, outlet, url, published, allow_private)
        outcomes = ingest_all(kb, sources, actor=_actor(), options=options)
        bar = tqdm(outcomes, total=len(sources), unit="file", file=sys.stderr,
                   disable=not sys.stderr.isatty(), leave=False, dynamic_ncols=True)
        for outcome in bar:
            tally.add(outcome)
            tqdm.write(outcome_line(outcome), file=sys.stdout)
    click.echo(summary_line(tally, time.monotonic() - started))
    for outcome in tally.skipped + tally.errors:
        click.echo(f"  {outcome.status}: {outcome.name}: {outcome.reason}")
    if tally.errors and not tally.succeeded:
        sys.exit(1)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def outcome_line(outcome: Outcome) -> str:
    """One input's result: "FILE: added: #3 “Title” (Reuters, 2026-02-05), 34 facts"."""
    result = outcome.result
    if result is None:
        return f"{outcome.name}: {outcome.status}: {outcome.reason}"
    article = result.article
    line = (f"{outcome.name}: {outcome.status}: #{article.id} “{article.title or '(untitled)'}” "
            f"({article.outlet}, {article.published or UNDATED_LABEL})")
    if outcome.status != "unchanged":
        line += f", {result.facts_added} facts"
        if result.facts_merged:
            line += f" (+{result.facts_merged} already reported by other outlets)"
        line += f", {len(result.dropped)} lines dropped"
    if article.date_doubt:
        line += f"; date doubt: {article.date_doubt}"
    return line


def summary_line(tally: Tally, seconds: float) -> str:
    """The run in one line: articles added, updated, unchanged, skipped, failed; facts; time."""
    counts = tally.statuses
    rate = f", {tally.facts_added / seconds:,.0f} facts/s" if seconds > 0 and tally.facts_added else ""
    return (f"{counts['added']} articles added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped, "
            f"{counts['error']} failed; {tally.facts_added:,} facts added, "
            f"{tally.facts_merged:,} merged into facts other outlets carried; "
            f"{seconds:.1f} s{rate}.")


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON; without QUESTION, read one question a line from stdin.")
@db_option
@friendly_errors
def ask(question: str | None, as_json: bool, db_path: Path | None) -> None:
    """Answer one question from the knowledge base."""
    if question is None and not as_json:
        raise click.UsageError("Give a QUESTION, or --json to read questions from stdin.")
    with opened(db_path) as kb:
        answerer = Answerer(kb)
        questions = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
        for q in questions:
            answer = answerer.answer(q)
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else answer.text)


@cli.command()
@db_option
@friendly_errors
def chat(db_path: Path | None) -> None:
    """Talk to negobot in the terminal: the answers the Telegram bot gives."""
    interactive = sys.stdin.isatty()
    with opened(db_path) as kb:
        answerer = Answerer(kb)
        articles = kb.count_articles()
        click.echo(f"negobot: ask about the Russia–Ukraine peace talks "
                   f"({kb.count_facts()} facts from {articles} "
                   f"{'article' if articles == 1 else 'articles'}). "
                   "Ctrl-D or an empty line quits.\n")
        try:
            while True:
                if interactive:
                    click.echo("you> ", nl=False)
                line = sys.stdin.readline()
                if not line or not line.strip():
                    break
                if not interactive:
                    click.echo(f"you> {line.strip()}")
                click.echo(answerer.answer(line.strip()).text + "\n")
        except KeyboardInterrupt:
            click.echo()  # Ctrl-C ends the conversation like Ctrl-D, without a traceback


@cli.group()
def facts() -> None:
    """List, show, add, edit, retire and teach facts."""


@facts.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--all", "include_retired", is_flag=True, help="Include retired facts.")
@db_option
@friendly_errors
def facts_list(as_json: bool, include_retired: bool, db_path: Path | None) -> None:
    """Facts in the base, oldest first (active ones unless --all)."""
    with opened(db_path) as kb:
        articles = {a.id: a for a in kb.articles()}
        for fact in kb.facts(include_retired=include_retired or as_json):
            if as_json:
                record = {**fact.to_json(), "status": fact.status,
                          "article": articles[fact.article_id].to_json()}
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                who = f" — {fact.speaker}" if fact.speaker else ""
                click.echo(f"#{fact.id} [{fact.status}] {fact.text[:100]}{who}")


@facts.command("show")
@click.argument("fact_id", type=int)
@db_option
@friendly_errors
def facts_show(fact_id: int, db_path: Path | None) -> None:
    """One fact in full: text, speaker, reporter, dates, source and history."""
    with opened(db_path) as kb:
        fact = kb.fact(fact_id)
        click.echo(f"Fact #{fact.id} ({fact.status})\n{with_dates(fact)}")
        click.echo(f"Speaker: {fact.speaker or '—'}\nReported by: {fact.reported_by or '—'}")
        click.echo(f"Date: {fact.event_date or '—'}")
        article = kb.article(fact.article_id)
        click.echo(source_line(article))
        if article.date_doubt:
            click.echo(f"Date doubt: {article.date_doubt}")
        for other in kb.fact_sources(fact.id)[1:]:
            click.echo(f"Also reported by: {other.outlet}, {other.published or UNDATED_LABEL}"
                       + (f", {other.url}" if other.url else ""))
        for row in kb.history(fact.id):
            click.echo(f"  {row['at']} {row['actor']} {row['action']}")


@facts.command("add")
@click.argument("text")
@click.option("--outlet", help="Who published it (default: from --url).")
@click.option("--published", required=True, help="Publication date, YYYY-MM-DD.")
@click.option("--url", help="Link to the source.")
@click.option("--speaker", help="Who said it (default: read from the text).")
@db_option
@friendly_errors
def facts_add(text: str, outlet: str | None, published: str, url: str | None,
              speaker: str | None, db_path: Path | None) -> None:
    """Add a fact by hand, with its source."""
    with opened(db_path) as kb:
        fact = add_fact(kb, text, actor=_actor(), outlet=outlet, published=published, url=url,
                        speaker=speaker)
        click.echo(f"Added fact #{fact.id}.")


@facts.command("edit")
@click.argument("fact_id", type=int)
@click.argument("text")
@db_option
@friendly_errors
def facts_edit(fact_id: int, text: str, db_path: Path | None) -> None:
    """Replace a fact's text (the old text stays in its history)."""
    with opened(db_path) as kb:
        edit_fact(kb, fact_id, text, actor=_actor())
        click.echo(f"Edited fact #{fact_id}.")


@facts.command("retire")
@click.argument("fact_id", type=int)
@db_option
@friendly_errors
def facts_retire(fact_id: int, db_path: Path | None) -> None:
    """Stop answering with a fact (it is kept, with its history)."""
    with opened(db_path) as kb:
        retire_fact(kb, fact_id, actor=_actor())
        click.echo(f"Retired fact #{fact_id}.")


@facts.command("teach")
@click.argument("fact_id", type=int)
@click.argument("question")
@db_option
@friendly_errors
def facts_teach(fact_id: int, question: str, db_path: Path | None) -> None:
    """Make QUESTION, and questions worded like it, answered with a fact."""
    with opened(db_path) as kb:
        teach(kb, fact_id, question, actor=_actor())
        click.echo(f"Taught fact #{fact_id}: “{' '.join(question.split())}”.")


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@friendly_errors
def export_command(file: Path, db_path: Path | None) -> None:
    """Write articles, facts and history to FILE.jsonl."""
    with opened(db_path) as kb:
        click.echo(f"Exported {export_file(kb, file)} records to {file}.")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace everything the database holds.")
@db_option
@friendly_errors
def import_command(file: Path, replace: bool, db_path: Path | None) -> None:
    """Load an export into an empty database."""
    with opened(db_path, bundled=False) as kb:
        counts = import_file(kb, file, replace=replace)
        click.echo(f"Imported {counts['article']} articles, {counts['fact']} facts, "
                   f"{counts['audit']} history records.")


@cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@friendly_errors
def backup_command(file: Path, db_path: Path | None) -> None:
    """Copy the whole base to FILE (safe while the bot serves)."""
    with opened(db_path) as kb:
        info = backup(kb, file)
    click.echo(f"Backed up {info.articles} articles and {info.facts} facts to {file} "
               f"({info.bytes:,} bytes).")


@cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace what the database holds.")
@db_option
@friendly_errors
def restore_command(file: Path, replace: bool, db_path: Path | None) -> None:
    """Put a backup made by `negobot backup` in place of the database."""
    info = inspect(file)  # a file that is no sound backup changes nothing, even with --replace
    with opened(db_path, bundled=False) as kb:
        if not kb.is_empty() and not replace:
            raise KnowledgeError(f"The database holds {kb.count_facts()} facts: pass --replace "
                                 "to put the backup in their place.")
        restore(kb, file)
    click.echo(f"Restored {info.articles} articles and {info.facts} facts from {file}.")


@cli.command("health")
@click.option("--max-age", type=float, default=MAX_AGE_SECONDS, show_default=True,
              help="Seconds without a sign of life after which a serving bot is unwell.")
@db_option
def health_command(max_age: float, db_path: Path | None) -> None:
    """Exit 0 if the database is sound and a serving bot alive (Docker's HEALTHCHECK)."""
    healthy, found = check(db_path, max_age=max_age)
    click.echo(found)
    if not healthy:
        raise SystemExit(1)
@cli.command("timeline")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the picture (PNG) of the events most articles report to this file.")
@db_option
@friendly_errors
def timeline_command(out: Path | None, db_path: Path | None) -> None:
    """Dated events of the negotiations (rounds, venues, agreements), each with its sources."""
    with opened(db_path) as kb:
        events = timeline(kb)
    if not events:
        raise click.ClickException("No dated events in the facts yet: the timeline shows talks, "
                                   "prisoner exchanges, truces and deadlines that facts date to a day.")
    drawn = key_events(events, MAX_EVENTS)
    if out is not None:
        try:
            out.write_bytes(timeline_png(drawn, found=len(events)))
        except OSError as error:
            raise click.ClickException(f"Cannot write {out}: {error.strerror or error}") from None
        click.echo(f"Wrote {out}: the {len(drawn)} events most articles report, of {len(events)}.")
    for event in events:
        mark = "*" if out is not None and event in drawn else " "
        count = len(event.articles)
        click.echo(f"{mark} {event.when}  {event.label}  ({count} article{'s' * (count != 1)})")
        for fact_id, article in event.sources:
            click.echo(f"      #{fact_id} {article.outlet}, {article.published or UNDATED_LABEL}"
                       + (f", {article.url}" if article.url else ""))
    if out is not None:
        click.echo("(* drawn)")


@cli.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list the questions it got wrong.")
@db_option
@friendly_errors
def eval_command(questions: Path, misses: bool, db_path: Path | None) -> None:
    """Score a question set (JSON lines) and print accuracy by kind."""
    with opened(db_path) as kb:
        report = evaluate(Answerer(kb), load_questions(questions))
        click.echo(report.format())
        if misses:
            for outcome in report.misses():
                got = outcome.best_fact[:80] if outcome.best_fact else "(declined)"
                click.echo(f"miss [{outcome.question.kind}] {outcome.question.question}\n"
                           f"     got: {got}")


@cli.command()
@click.option("--webhook-url", help="Receive updates at this public HTTPS address instead of polling.")
@click.option("--port", type=click.IntRange(1, 65535), default=8443, show_default=True,
              help="Port the webhook server listens on.")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Address the webhook server binds.")
@click.option("--poll-timeout", type=click.FloatRange(0, 60), default=10, show_default=True,
              help="Seconds each long poll waits for news.")
@db_option
def serve(webhook_url: str | None, port: int, listen: str, poll_timeout: float,
          db_path: Path | None) -> None:
    """Run the Telegram bot (token and admins from the environment; see the README)."""
    try:
        settings = from_env(os.environ, db_path=db_path, poll_timeout=poll_timeout)
    except SettingsError as error:
        click.echo(f"negobot serve: {error}", err=True)
        sys.exit(2)
    configure_logging(settings)
    run_bot(settings, webhook_url=webhook_url, port=port, listen=listen)


def main() -> None:
    """Entry point of the `negobot` console script."""
    cli()
