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
from dataclasses import replace

from .duplicates import same_story
from .language import ENGLISH, detect_language, english_question, sense_alternatives
from .question_types import asks_for_words, question_type
from .recency import as_of, asks_about_now, newest_first, news_topic
from .records import Answer, Article, DateRef, Fact, Match
from .reports import latest_facts
from .retrieval import Retriever, Scored, SearchResult
from .sides import other_sides, side_of
from .store import KnowledgeBase
from .teaching import taught_questions
from .wording import decline_text as _decline_in
from .wording import long_date, wording

MAX_SUPPORTING = 2
MAX_EARLIER = 2  # what was said before on the point: the two latest days before the lead
# A question "like" a taught one: the taught question's terms carry this share of its
# weight, and it holds this share of the taught question's terms (a paraphrase may drop or
# change a word or two; "what did Zelensky say about X" is not "what did Zelensky say").
TAUGHT_SHARE, TAUGHT_BACK = 0.6, 0.6
MEASURED = frozenset({"quantity", "date", "duration"})  # kinds of question with one answer
# An answer this close to the bar is logged as low-confidence for admins to look at.
LOW_CONFIDENCE_MARGIN = 0.1
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
        self._taught: tuple[tuple[int, int], list[tuple[int, frozenset[str]]]] | None = None

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
        `language.detect_language`). A question like one an admin taught a fact is answered
        with that fact (`teaching`); a question about now ("where is the next round") is led
        by the newest of the facts that make the same point, with the older ones after it
        (`recency`); what the other sides said on the point follows one side's word
        (`sides`); a question for the news ("what's new on Geneva") gets the newest facts
        (`news`)."""
        lang = detect_language(question, language)
        english = english_question(question, lang)
        topic = news_topic(english)
        if topic is not None:
            return self.news(question, topic, language=lang)
        result = self.retriever.search(english)
        if result.best is None or result.best.coverage < result.threshold + LOW_CONFIDENCE_MARGIN:
            # A word of a Ukrainian or Russian question read in one of its senses may stand for
            # another in the facts ("вивезти": export, evacuate): a fact holding any covers it.
            # Only when the first reading finds no confident answer: tried on every question,
            # the uk/ru dev sets gained 7 answers and lost 5, translations of English questions
            # whose first reading was right; so, 3 gained and none lost. It replaces reading the
            # question again once per other sense of a word, which now gained 2 more answers
            # and lost 2 declines.
            alternatives = sense_alternatives(question, lang)
            if alternatives:
                result = self.retriever.search(english, senses=alternatives)
        best = self._taught_fact(english) or result.best
        if best is None:
            confidence = result.ranked[0].coverage if result.ranked else 0.0
            return Answer(question, False, self._decline_text(lang), confidence, language=lang)
        earlier: list[Scored] = []
        if best is result.best and asks_about_now(english):
            best, earlier = newest_first(result.ranked, result.threshold)
        shown = {s.fact.id for s in earlier}
        # Sides differ on positions; a count or a date has one answer, and a question for
        # someone's words wants theirs.
        sides = [] if asks_for_words(english) or question_type(english) in MEASURED else other_sides(
            best, result.ranked, result.threshold, self.kb.analyzer, shown)
        lead_side = side_of(best.fact, self.kb.analyzer) if sides else None
        others, echoes = supporting(result, best, shown=shown | {s.fact.id for _, s in sides})
        matches = tuple(Match(s.fact, s.article, s.coverage) for s in [best, *others])
        before = tuple(Match(s.fact, s.article, s.coverage) for s in earlier[:MAX_EARLIER])
        said = tuple((side, Match(s.fact, s.article, s.coverage)) for side, s in sides)
        carried = {a.id: a for a in [*self.kb.fact_sources(best.fact.id), *echoes]}
        carried_by = tuple(carried.values())
        newest = as_of([*(m.article for m in matches + before), *(m.article for _, m in said),
                        *carried_by])
        return Answer(question, True,
                      compose(matches, list(carried_by), before, newest, said, lead_side,
                              language=lang),
                      best.coverage, matches, carried_by, before, newest, language=lang,
                      low_confidence=best.coverage < result.threshold + LOW_CONFIDENCE_MARGIN,
                      sides=said, lead_side=lead_side)

    def _taught_fact(self, question: str) -> Scored | None:
        """The fact an admin taught a question like this one to (see `teaching`), if any:
        the taught question's terms must make up TAUGHT_SHARE of this question's weight,
        this question must hold TAUGHT_BACK of the taught one's terms, and every actor or
        place it names must be in the taught question or the fact ("will homes in London
        stay warm" is not "will homes stay warm", taught to a fact on Ukraine)."""
        taught = self._taught_terms()
        if not taught:
            return None
        query = self.retriever.parse(question)
        if not query.terms or query.strangers:
            return None
        names = {t for t in query.terms if t in self.kb.analyzer.entities}
        like: list[tuple[float, int, frozenset[str]]] = []
        for fact_id, terms in taught:
            shared = terms.intersection(query.terms)
            share = sum(query.weights[t] for t in shared) / query.total_weight
            if share >= TAUGHT_SHARE and len(shared) >= TAUGHT_BACK * len(terms):
                like.append((share, fact_id, terms))
        for share, fact_id, terms in sorted(like, reverse=True):
            found = self.kb.active_candidates([fact_id])
            if found and names <= terms | set(found[0][2].split()):
                scored = self.retriever.score(query, found[0])
                return replace(scored, coverage=max(scored.coverage, share))
        return None

    def _taught_terms(self) -> list[tuple[int, frozenset[str]]]:
        """Each taught question's fact and terms, parsed again only after a write."""
        key = self.retriever.data_key()
        if self._taught is None or self._taught[0] != key:
            rows = taught_questions(self.kb)
            self._taught = key, [(t.fact_id, frozenset(self.retriever.parse(t.question).terms))
                                 for t in rows]
        return self._taught[1]

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

    shown: ids of facts the answer shows elsewhere (what was said earlier on the point, or
    by another side)."""
    out: list[Scored] = []
    echoes: list[Article] = []
    seen_terms = set(best.covered)
    for position, other in enumerate(result.ranked, start=0):
        if other.fact.id == best.fact.id or other.fact.id in shown:
            continue
        if len(out) == MAX_SUPPORTING or other.coverage < result.threshold:
            break
        if position <= ECHO_SCAN and same_story(other.fact.text, best.fact.text):
            echoes.append(other.article)
            continue
        if any(same_story(other.fact.text, listed.fact.text) for listed in out):
            continue  # another outlet's copy of a fact already shown says nothing new
        adds = bool(other.covered - seen_terms)
        if adds or other.coverage >= best.coverage - SUPPORT_MARGIN:
            out.append(other)
            seen_terms |= other.covered
    return out, echoes


def compose(matches: tuple[Match, ...], sources: list[Article] | None = None,
            earlier: tuple[Match, ...] = (), newest: str | None = None,
            sides: tuple[tuple[str, Match], ...] = (), lead_side: str | None = None, *,
            language: str = ENGLISH) -> str:
    """The plain-text answer: best fact, its attribution and source, what the other sides
    said on it, supporting facts, what was said earlier on the same point, and the day of
    the newest source.

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
    if sides:
        lines.append("")
        lines.append(sides_heading(len(sides), lead_side, language))
        for side, match in sides:
            who = attribution(match.fact, language)
            lines.append(f"• {words.side_names[side]} — {who}: {with_dates(match.fact)} "
                         f"({source_brief(match.article, language)})")
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


def sides_heading(count: int, lead_side: str | None, language: str = ENGLISH) -> str:
    """"The other side:" above what the other capitals said on the point of an answer led
    by one side's word; "What each side says:" when the lead is no side's."""
    words = wording(language)
    if lead_side is None:
        return words.each_side
    return words.other_side if count == 1 else words.other_sides


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
