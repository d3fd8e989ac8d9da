"""Search results → what negobot says: the best fact with who said it, when, and the source.

The text built here is what a user reads in the terminal and in `--json`; the Telegram
layer renders the same `Answer` as HTML from the same pieces (`attribution`,
`source_line`, `with_dates`), so both fronts say the same thing. A question in Ukrainian or
Russian is read in English words (`language.py`) and answered with the same English facts;
negobot's own words around them are the asker's language's (`wording.py`).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from .duplicates import same_story
from .language import ENGLISH, detect_language, english_question
from .recency import as_of, asks_about_now, newest_first, news_topic
from .records import Answer, Article, DateRef, Fact, Match
from .reports import latest_facts
from .retrieval import Retriever, Scored, SearchResult
from .store import KnowledgeBase
from .wording import decline_text as _decline_in
from .wording import long_date, wording

MAX_SUPPORTING = 2
MAX_EARLIER = 2  # what was said before on the point: the two latest days before the lead
# "What's new on Geneva": the newest of the facts that match among the best this many.
NEWS_SCAN, NEWS_COUNT = 30, 3
# "More like this": a fact's neighbours must share at least this much of its information.
RELATED_FLOOR = 0.2
# A supporting fact must come close to the best one, or bring a part of the question the
# best fact leaves out.
SUPPORT_MARGIN = 0.1
ECHO_SCAN = 20  # copies of the leading fact rank right after it: look no further than this


UNDATED_LABEL = wording(ENGLISH).undated


def with_dates(fact: Fact) -> str:
    """The fact's text with each relative date followed by the day it means."""
    text = fact.text
    cursor = 0
    for ref in fact.dates:
        where = text.find(ref.text, cursor)
        if where < 0 or _says_it_all(ref):
            continue
        end = where + len(ref.text)
        text = f"{text[:end]} [{ref.label}]{text[end:]}"
        cursor = end + len(ref.label) + 3
    return text


def _says_it_all(ref: DateRef) -> bool:
    """Whether the words already give what the label would: "in September 2022" [Sep 2022]."""
    month_or_year = re.fullmatch(r"(?:[A-Z][a-z]{2} )?(\d{4})", ref.label)
    return month_or_year is not None and month_or_year.group(1) in ref.text


def attribution(fact: Fact, language: str = ENGLISH) -> str | None:
    """"Zelenskyy, via RBC-Ukraine", or None when the article itself states the fact."""
    via = wording(language).via
    if fact.speaker and fact.reported_by:
        return f"{fact.speaker}, {via} {fact.reported_by}"
    if fact.speaker:
        return fact.speaker
    if fact.reported_by:
        return f"{via} {fact.reported_by}"
    return None


def source_line(article: Article, language: str = ENGLISH) -> str:
    """Source: Al Jazeera, “Title”, 30 January 2026, https://…"""
    parts = [article.outlet]
    if article.title:
        parts.append(f"“{article.title}”")
    parts.append(long_date(article.published, language))
    if article.url:
        parts.append(article.url)
    return wording(language).source + ", ".join(parts)


def decline_text(kb: KnowledgeBase, language: str = ENGLISH) -> str:
    """The reply to a question the base has no sourced fact for."""
    return _decline_in(kb.count_facts(), kb.count_articles(), language)


class Answerer:
    """Answers questions from a knowledge base."""

    def __init__(self, kb: KnowledgeBase, *, threshold: float | None = None) -> None:
        self.kb = kb
        self.retriever = Retriever(kb, threshold=threshold)
        self._counts: tuple[tuple[int, int], tuple[int, int]] | None = None

    def _decline_text(self, language: str = ENGLISH) -> str:
        # Counted again only when the facts change: two COUNT(*)s on every decline cost
        # 11 ms on a 300k-fact base, more than the search that declined.
        key = self.retriever.data_key()
        if self._counts is None or self._counts[0] != key:
            self._counts = key, (self.kb.count_facts(), self.kb.count_articles())
        return _decline_in(*self._counts[1], language)

    def warm_up(self) -> None:
        """Build the caches a first question would wait for (see `Retriever.warm_up`)."""
        self.retriever.warm_up()
        self._decline_text()

    def answer(self, question: str, language: str | None = None) -> Answer:
        """The best-sourced answer to question, or a helpful decline, in its language.

        language: the asker's own language if known (e.g. Telegram's `language_code`); it
        decides only between Ukrainian and Russian when the question's letters do not (see
        `language.detect_language`). A question about now ("where is the next round") is led
        by the newest of the facts that make the same point, with the older ones after it
        (see `recency`)."""
        lang = detect_language(question, language)
        english = english_question(question, lang)
        topic = news_topic(english)
        if topic is not None:
            return self.news(question, topic, language=lang)
        result = self.retriever.search(english)
        best = result.best
        if best is None:
            confidence = result.ranked[0].coverage if result.ranked else 0.0
            return Answer(question, False, self._decline_text(lang), confidence, language=lang)
        earlier: list[Scored] = []
        if asks_about_now(english):
            best, earlier = newest_first(result.ranked, result.threshold)
        others, echoes = supporting(result, best, shown={s.fact.id for s in earlier})
        matches = tuple(Match(s.fact, s.article, s.coverage) for s in [best, *others])
        before = tuple(Match(s.fact, s.article, s.coverage) for s in earlier[:MAX_EARLIER])
        carried = {a.id: a for a in [*self.kb.fact_sources(best.fact.id), *echoes]}
        carried_by = tuple(carried.values())
        newest = as_of([*(m.article for m in matches + before), *carried_by])
        return Answer(question, True, compose(matches, list(carried_by), before, newest, language=lang),
                      best.coverage, matches, carried_by, before, newest, lang)

    def news(self, question: str, topic: str, *, language: str = ENGLISH) -> Answer:
        """"What's new", "latest on Geneva": the newest facts (on the topic, if one is named
        and any fact covers it), newest first. topic is in English words."""
        if topic:
            result = self.retriever.search(topic)
            passing = [s for s in result.ranked[:NEWS_SCAN] if s.coverage >= result.threshold]
            if not passing:
                confidence = result.ranked[0].coverage if result.ranked else 0.0
                return Answer(question, False, self._decline_text(language), confidence,
                              language=language)
            # The best match of each article, newest article first: one long page's asides
            # ("the brutal reality of the war continued") are not news three times over.
            per_article: dict[int, Scored] = {}
            for scored in passing:
                per_article.setdefault(scored.article.id, scored)
            newest = sorted(per_article.values(), key=lambda s: s.article.published or "",
                            reverse=True)
            matches = tuple(Match(s.fact, s.article, s.coverage) for s in newest[:NEWS_COUNT])
        else:
            matches = tuple(Match(f, a, 1.0)
                            for f, a in latest_facts(self.kb, NEWS_COUNT, per_article=1))
            if not matches:
                return Answer(question, False, self._decline_text(language), 0.0, language=language)
        day = as_of(m.article for m in matches)
        return Answer(question, True, compose(matches, newest=day, language=language), 1.0, matches,
                      as_of=day, language=language)

    def related(self, fact_id: int, *, exclude: tuple[int, ...] = (), limit: int = 3) -> tuple[Match, ...]:
        """Active facts most like one fact ("more like this"), best first, without `exclude`."""
        fact = self.kb.fact(fact_id)
        result = self.retriever.search(" ".join(filter(None, (fact.text, fact.speaker))),
                                       floor=RELATED_FLOOR)
        skip = {fact_id, *exclude}
        found = [s for s in result.ranked if s.fact.id not in skip and s.coverage >= RELATED_FLOOR]
        return tuple(Match(s.fact, s.article, s.coverage) for s in found[:limit])


def supporting(result: SearchResult, best: Scored, *, shown: AbstractSet[int] = frozenset()
               ) -> tuple[list[Scored], list[Article]]:
    """Further facts worth showing (close to the best one, or covering what it misses), and
    the articles of other outlets' copies of the best fact, which are shown as its sources.

    shown: ids of facts the answer shows elsewhere (what was said earlier on the point)."""
    out: list[Scored] = []
    echoes: list[Article] = []
    seen_terms = set(best.covered)
    for position, other in enumerate(result.ranked, start=0):
        if other is best or other.fact.id in shown:
            continue
        if len(out) == MAX_SUPPORTING or other.coverage < result.threshold:
            break
        if position <= ECHO_SCAN and same_story(other.fact.text, best.fact.text):
            echoes.append(other.article)
            continue
        if any(same_story(other.fact.text, shown.fact.text) for shown in out):
            continue  # another outlet's copy of a fact already shown says nothing new
        adds = bool(other.covered - seen_terms)
        if adds or other.coverage >= best.coverage - SUPPORT_MARGIN:
            out.append(other)
            seen_terms |= other.covered
    return out, echoes


def compose(matches: tuple[Match, ...], sources: list[Article] | None = None,
            earlier: tuple[Match, ...] = (), newest: str | None = None, *,
            language: str = ENGLISH) -> str:
    """The plain-text answer: best fact, its attribution and source, then supporting facts,
    what was said earlier on the same point, and the day of the newest source.

    sources are every article that carried the best fact (its own first); when other
    outlets carried it too, a line says so. In another language than English, a first line
    says that the facts are quoted in English, as published.
    """
    words = wording(language)
    best, *rest = matches
    lines = [words.as_published] if words.as_published else []
    lines.append(with_dates(best.fact))
    who = attribution(best.fact, language)
    if who:
        lines.append(f"— {who}")
    lines.append(source_line(best.article, language))
    carried = reported_by(sources or [], language)
    if carried:
        lines.append(carried)
    if rest:
        lines.append("")
        lines.append(words.also)
        for match in rest:
            who = attribution(match.fact, language)
            suffix = f" — {who}" if who else ""
            lines.append(f"• {with_dates(match.fact)}{suffix} ({source_brief(match.article, language)})")
    if earlier:
        lines.append("")
        lines.append(words.earlier)
        for match in earlier:
            who = attribution(match.fact, language)
            suffix = f" — {who}" if who else ""
            lines.append(f"• {source_brief(match.article, language)}: {with_dates(match.fact)}{suffix}")
    lines.append("")
    lines.append(as_of_line(newest, language))
    return "\n".join(lines)


def as_of_line(newest: str | None, language: str = ENGLISH) -> str:
    """"As of 27 February 2026 (the newest source used)", so an old answer reads as old."""
    words = wording(language)
    if newest is None:
        return words.as_of_unknown
    return words.as_of.format(day=long_date(newest, language))


def reported_by(sources: list[Article], language: str = ENGLISH) -> str | None:
    """"Reported by Reuters and 2 more (KFGO, KTEN)", or None for a fact only one outlet carried."""
    outlets = list(dict.fromkeys(a.outlet for a in sources))
    if len(sources) < 2:
        return None
    line = wording(language).reported_by.format(first=outlets[0], more=len(sources) - 1)
    named = outlets[1:4]
    if named:
        line += f" ({', '.join(named)}{', …' if len(outlets) > 4 else ''})"
    return line


def source_brief(article: Article, language: str = ENGLISH) -> str:
    """Al Jazeera, 30 January 2026."""
    return f"{article.outlet}, {long_date(article.published, language)}"
