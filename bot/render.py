"""Answers, facts and lists as Telegram HTML, built from the structured records.

Every piece of text that comes from an article or a user goes through `markup.Span`, so
it is escaped; every message is cut to Telegram's limit with a pointer to the rest
(`/fact ID`, or the next page). The wording follows `knowledge.answers`, so the terminal
and Telegram say the same things.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from knowledge import Answer, Article, Fact
from knowledge.answers import UNDATED_LABEL, as_of_line, attribution, reported_by, sides_heading, with_dates
from knowledge.curate import Undone
from knowledge.dates import DateMention
from knowledge.ingest import IngestResult
from knowledge.question_log import UnansweredQuestion
from knowledge.reports import BaseStats, SourceSummary
from knowledge.timeline import TimelineEvent
from knowledge.wording import long_date, wording

from .commands import ADMIN_COMMANDS, PUBLIC_COMMANDS, Command
from .markup import MAX_MESSAGE, Span, bold, fit, italic, link, paginate, quote, render, text, units

ITEM_CHARS = 300  # a fact in a list is cut here; /fact shows it whole
QUESTION_ECHO_CHARS = 200
EXAMPLE = "Will Zelensky go to Moscow?"


def short(value: str, limit: int) -> str:
    """value cut to about limit characters at a word boundary, with an ellipsis."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    return value[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def source_label(article: Article, language: str = "en") -> str:
    """Al Jazeera, “Title”, 30 January 2026."""
    parts = [article.outlet]
    if article.title:
        parts.append(f"“{article.title}”")
    parts.append(long_date(article.published, language))
    return ", ".join(parts)


def source_spans(article: Article, language: str = "en") -> list[Span]:
    return [text(wording(language).source), link(source_label(article, language), article.url)]


def _who(fact: Fact, language: str = "en") -> list[Span]:
    who = attribution(fact, language)
    return [text(" — "), italic(who)] if who else []


def _brief(article: Article, language: str = "en") -> list[Span]:
    return [text(" ("), link(f"{article.outlet}, {long_date(article.published, language)}", article.url),
            text(")")]


def fact_item(fact: Fact, article: Article) -> list[Span]:
    """A fact as one bullet of a list: short text, who, source, and how to see it whole."""
    return [text("\n\n• " + short(with_dates(fact), ITEM_CHARS)), *_who(fact), *_brief(article),
            text(f" /fact {fact.id}")]


# -- answers ---------------------------------------------------------------------------------


def answer_message(answer: Answer) -> tuple[str, bool]:
    """An answered question: the best fact, who said it, its source, what the other sides
    said on it, supporting facts, what was said earlier on the same point, and the day of
    the newest source; negobot's own words in the answer's language, the facts as published."""
    language = answer.language
    words = wording(language)
    best, *rest = answer.matches
    spans = [italic(words.as_published), text("\n")] if words.as_published else []
    spans.append(text(with_dates(best.fact)))
    who = attribution(best.fact, language)
    if who:
        spans += [text("\n— "), italic(who)]
    spans += [text("\n"), *source_spans(best.article, language)]
    carried = reported_by(list(answer.carried_by), language)
    if carried:
        spans += [text("\n" + carried)]
    if answer.sides:
        spans += [text("\n\n"), bold(sides_heading(len(answer.sides), answer.lead_side, language))]
        for side, match in answer.sides:
            spans += [text("\n• "), bold(words.side_names[side]), *_who(match.fact, language),
                      text(": " + with_dates(match.fact)), *_brief(match.article, language)]
    if rest:
        spans += [text("\n\n"), bold(words.also)]
        for match in rest:
            spans += [text("\n• " + with_dates(match.fact)), *_who(match.fact, language),
                      *_brief(match.article, language)]
    if answer.earlier:
        spans += [text("\n\n"), bold(words.earlier)]
        for match in answer.earlier:
            spans += [text("\n• "), link(f"{match.article.outlet}, "
                                          f"{long_date(match.article.published, language)}",
                                          match.article.url),
                      text(": " + with_dates(match.fact)), *_who(match.fact, language)]
    tail = [text("\n\n" + words.trimmed.format(id=best.fact.id))]
    # The day of the newest source closes every answer, trimmed or not.
    dated = render([text("\n\n"), italic(as_of_line(answer.as_of, language))])
    body, trimmed = fit(spans, tail, MAX_MESSAGE - units(dated))
    return body + dated, trimmed


def decline_message(answer: Answer) -> str:
    """A friendly decline that quotes the question and says what the bot covers."""
    spans = [italic(f"“{short(answer.question, QUESTION_ECHO_CHARS)}”"), text("\n" + answer.text),
             text("\n\n" + wording(answer.language).see_also)]
    return fit(spans, [])[0]


# -- facts and lists -------------------------------------------------------------------------


def fact_pages(fact: Fact, article: Article) -> list[str]:
    """One fact in full: its words as a quote, who said it, its dates and source (paged)."""
    spans = [bold(f"Fact #{fact.id}")]
    if fact.status != "active":
        spans.append(text(" (retired: no longer used in answers)"))
    spans += [text("\n"), quote(with_dates(fact)), text("\n")]
    who = attribution(fact)
    if who:
        spans += [text("— "), italic(who), text("\n")]
    if fact.dates:
        spans.append(text("Dates: " + "; ".join(f"{d.text} = {d.label}" for d in fact.dates) + "\n"))
    spans += source_spans(article)
    return paginate(spans)


def latest_message(items: list[tuple[Fact, Article]]) -> str:
    if not items:
        return "The base holds no facts yet."
    spans = [bold("Newest facts")]
    for fact, article in items:
        spans += fact_item(fact, article)
    return fit(spans, [text("\n\n…and more: /fact ID shows any fact.")])[0]


def sources_message(summaries: list[SourceSummary]) -> str:
    if not summaries:
        return "The base holds no articles yet."
    total = len(summaries)
    spans = [bold("Sources"), text(f" ({total} {'article' if total == 1 else 'articles'})")]
    for summary in summaries:
        facts = f"{summary.facts} {'fact' if summary.facts == 1 else 'facts'}"
        spans += [text("\n\n• "), link(source_label(summary.article), summary.article.url),
                  text(f": {facts}")]
    return fit(spans, [text(f"\n\n…{total} sources in all; the newest are listed first.")])[0]


def sources_of_message(items: list[tuple[Fact, Article]]) -> str:
    """Where an answer's facts come from: each source with the words taken from it."""
    spans = [bold("Sources of this answer")]
    by_article: dict[int, list[Fact]] = {}
    articles: dict[int, Article] = {}
    for fact, article in items:
        by_article.setdefault(article.id, []).append(fact)
        articles[article.id] = article
    for article_id, facts in by_article.items():
        spans += [text("\n\n• "), link(source_label(articles[article_id]), articles[article_id].url)]
        for fact in facts:
            spans += [text(f"\n  #{fact.id}: "), italic(f"“{short(fact.text, ITEM_CHARS)}”")]
    return fit(spans, [text("\n\n…/fact ID shows each fact with its source.")])[0]


def related_message(matches: list[tuple[Fact, Article]]) -> str:
    spans = [bold("More like this")]
    for fact, article in matches:
        spans += fact_item(fact, article)
    return fit(spans, [])[0]


# -- the time line ---------------------------------------------------------------------------

MAX_CAPTION = 1024  # Telegram's limit for a photo's caption
NO_TIMELINE = ("No dated events in the facts yet. The timeline shows rounds of talks, prisoner "
               "exchanges, truces and deadlines that facts date to a day, e.g. “Talks were held in "
               "Geneva on 17 February”. /latest shows the newest facts.")


def timeline_caption(events: list[TimelineEvent], found: int) -> tuple[str, bool]:
    """The picture's caption: each event drawn, with the outlets that reported it and when,
    as many as fit in a caption; True when some were left out (`timeline_sources_pages` has
    them all)."""
    shown = len(events)
    head = [bold("Timeline of the negotiations"),
            text(f": the {shown} events most articles report, of {found} dated in the facts"
                 if found > shown else f": {_count(shown, 'dated event')} in the facts")]
    for per_event in (3, 2, 1):
        lines: list[Span] = []
        for event in events:
            lines += _caption_line(event, per_event)
        whole = render(head + lines)
        if units(whole) <= MAX_CAPTION:
            return whole, any(len(e.articles) > per_event for e in events)
    caption = render(head)
    for n, event in enumerate(events):
        line = render(_caption_line(event, 1))
        rest = render(_more_events(shown - n - 1)) if n + 1 < shown else ""
        if units(caption + line + rest) > MAX_CAPTION:
            return caption + render(_more_events(shown - n)), True
        caption += line
    return caption, True


def _more_events(count: int) -> list[Span]:
    return [text(f"\n…and {_count(count, 'more event')} below, with all the sources.")]


def _caption_line(event: TimelineEvent, sources: int) -> list[Span]:
    articles = event.articles
    said = ", ".join(f"{a.outlet} {_day(a.published)}" for a in articles[:sources])
    more = f" +{len(articles) - sources} more" if len(articles) > sources else ""
    return [text("\n• "), bold(f"{event.when} {event.label}"), text(f" — {said}{more}")]


def _day(iso: str | None) -> str:
    if iso is None:
        return UNDATED_LABEL
    day = datetime.fromisoformat(iso).date()
    return DateMention("", day, day).label()


def timeline_sources_pages(events: list[TimelineEvent]) -> list[str]:
    """Every source of each event drawn, linked, in as many messages as it takes (a
    message ends between two sources, never inside one's link)."""
    lines = [[bold("Sources of the timeline")]]
    for event in events:
        lines.append([text("\n\n"), bold(f"{event.when} {event.label}")])
        lines += [[text("\n• "), link(source_label(article), article.url)] for article in event.articles]
    pages = [""]
    for line in lines:
        rendered = render(line)
        if units(pages[-1] + rendered) > MAX_MESSAGE:
            pages.append("")
            rendered = render([replace(line[0], text=line[0].text.lstrip("\n")), *line[1:]])
        pages[-1] += rendered if units(rendered) <= MAX_MESSAGE else paginate(line)[0]
    return pages


# -- help ------------------------------------------------------------------------------------


def _command_lines(commands: tuple[Command, ...]) -> list[Span]:
    spans: list[Span] = []
    for command in commands:
        spans += [text(f"\n{command.usage} — {command.description}")]
    return spans


def help_message(bot_username: str, *, admin: bool) -> str:
    """/help: how to ask, where, and every command (admin commands for admins only)."""
    spans = [
        bold("How to ask"),
        text("\nIn a private chat, just write your question, e.g. “" + EXAMPLE + "”. "
             f"In a group: /ask QUESTION, mention @{bot_username}, or reply to one of my "
             f"messages. In a channel where I am an admin: post /ask QUESTION. Anywhere: type "
             f"@{bot_username} and a question to share a sourced answer.\n"
             "Every answer says who said it, who reported it, when, and links the article, and "
             "ends with the day of its newest source; a question about now (“where is the next "
             "round?”) leads with the newest word on it and shows what was said before. Ask "
             "“what's new?” or “latest on Geneva” for the newest facts. When no sourced fact "
             "answers, I say so rather than guess.\n"
             "Ask in English, Ukrainian or Russian: I answer in the language you ask in, and quote "
             "the sources in English, as they were published.\n\n"),
        bold("Commands"), *_command_lines(PUBLIC_COMMANDS),
    ]
    if admin:
        spans += [text("\n\n"), bold("Admin commands"), *_command_lines(ADMIN_COMMANDS)]
    return fit(spans, [])[0]


def start_message(first_name: str | None, facts: int, articles: int) -> str:
    hello = f"Hello, {first_name}!" if first_name else "Hello!"
    return fit([
        text(hello + " I answer questions about the Russia–Ukraine peace negotiations from "
             f"{facts} facts taken from {articles} news "
             f"{'article' if articles == 1 else 'articles'}, each with its source.\n\n"
             f"Ask in plain words, e.g. “{EXAMPLE}”. /help lists everything I can do."),
    ], [])[0]


# -- admin -----------------------------------------------------------------------------------


def changed_fact_message(heading: str, fact: Fact, article: Article) -> str:
    """An admin's change, or its announcement: what the fact says now and where from."""
    spans = [bold(heading), text(f" #{fact.id}\n" + with_dates(fact))]
    who = attribution(fact)
    if who:
        spans += [text("\n— "), italic(who)]
    spans += [text("\n"), *source_spans(article)]
    return fit(spans, [text(f"\n\n✂ /fact {fact.id} shows it in full.")])[0]


def retired_message(heading: str, fact: Fact) -> str:
    return fit([bold(heading), text(f" fact #{fact.id} is no longer used in answers: "),
                italic(f"“{short(fact.text, ITEM_CHARS)}”")], [])[0]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def ingested_message(result: IngestResult) -> str:
    article = result.article
    if result.outcome == "unchanged":
        return fit([text("Already in the base, unchanged: "), link(source_label(article), article.url),
                    text(f" (article #{article.id}).")], [])[0]
    verb = "Added" if result.outcome == "added" else "Updated"
    return fit([bold(f"{verb} article #{article.id}"), text(": "),
                link(source_label(article), article.url),
                text(f"\n{_count(result.facts_added, 'fact')}; "
                     f"{_count(len(result.dropped), 'line')} of page furniture dropped. "
                     "/undo takes it back.")], [])[0]


def article_announcement(result: IngestResult) -> str:
    article = result.article
    verb = "New article" if result.outcome == "added" else "Updated article"
    return fit([bold(verb), text(": "), link(source_label(article), article.url),
                text(f"\n{_count(result.facts_added, 'fact')} taken from it. "
                     "Ask me about it, or see /latest.")],
               [])[0]


def taught_message(question: str, fact: Fact) -> str:
    """The reply to /teach: what was taught, to which fact."""
    return fit([bold("Taught"), text(": "), italic(f"“{short(question, QUESTION_ECHO_CHARS)}”"),
                text(f" → fact #{fact.id} "), italic(f"“{short(fact.text, ITEM_CHARS)}”"),
                text("\nThat question, and others worded like it, are now answered with this fact. "
                     "/undo takes it back.")], [])[0]


def undone_message(undone: Undone) -> str:
    if undone.action == "ingest":
        return (f"Undone: the ingestion of article #{undone.article_id}; "
                f"{_count(len(undone.facts), 'fact')} changed back.")
    fact = undone.facts[0]
    what = {"fact.add": "your new fact is retired", "fact.edit": "its earlier text is back",
            "fact.retire": "it is answered with again",
            "fact.teach": "the question taught to it is forgotten"}[undone.action]
    return fit([bold("Undone"), text(f": fact #{fact.id}, {what}. "),
                italic(f"“{short(fact.text, ITEM_CHARS)}”")], [])[0]


def history_message(fact: Fact, rows: list[dict[str, object]]) -> str:
    spans = [bold(f"History of fact #{fact.id}"), text(f" ({fact.status})")]
    for row in rows:
        after = row.get("after")
        said = after.get("text") if isinstance(after, dict) else None
        spans += [text(f"\n\n{_when(str(row['at']))} · {row['actor']} · {row['action']}")]
        if said:
            spans += [text("\n"), italic(f"“{short(str(said), ITEM_CHARS)}”")]
    return fit(spans, [text("\n\n…older changes do not fit here; `negobot facts show` lists all.")])[0]


def unanswered_message(questions: list[UnansweredQuestion]) -> str:
    if not questions:
        return "No declined or barely answered questions so far."
    spans = [bold("Declined or barely answered questions, most asked first")]
    for item in questions:
        notes = [f"last {_when(item.last_asked)}"]
        if item.wordings > 1:
            notes.append(f"{item.wordings} wordings")
        if item.answered:
            notes.append(f"{item.answered} answered close to the bar")
        spans += [text(f"\n\n{item.times}× "), italic(f"“{short(item.question, QUESTION_ECHO_CHARS)}”"),
                  text(f" ({'; '.join(notes)})")]
    spans.append(text("\n\nWhen a fact answers one, /teach FACT_ID QUESTION makes that wording, "
                      "and others like it, find the fact."))
    return fit(spans, [])[0]


def stats_message(figures: BaseStats, subscribers: int) -> str:
    last = _when(figures.last_change) if figures.last_change else "never"
    return fit([
        bold("negobot"),
        text(f"\nArticles: {figures.articles}\nFacts: {figures.facts} answered with, "
             f"{figures.retired} retired\nQuestions: {figures.questions} asked, "
             f"{figures.declined} declined\nChanges: {figures.changes} (last {last})\n"
             f"Subscribed chats: {subscribers}"),
    ], [])[0]


def _when(iso: str) -> str:
    """2026-02-14 10:22 UTC."""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso
