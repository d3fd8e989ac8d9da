"""The time line of the negotiations, read from the facts: dated events with their sources."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import count

import pytest

from knowledge import KnowledgeBase, open_base
from knowledge.curate import add_fact, retire_fact
from knowledge.ingest import ingest_text
from knowledge.timeline import TimelineEvent, key_events, timeline
from tests.conftest import Run

_URLS = count(1)


def _add(kb: KnowledgeBase, text: str, outlet: str, published: str) -> int:
    """One fact, from its own article of outlet published that day; its id."""
    slug = outlet.lower().replace(" ", "")
    return add_fact(kb, text, actor="test", outlet=outlet, published=published,
                    url=f"https://{slug}.example/news/{next(_URLS)}").id


@pytest.fixture
def base() -> Iterator[KnowledgeBase]:
    kb = open_base(":memory:", bundled=False)
    yield kb
    kb.close()


def _summary(events: list[TimelineEvent]) -> list[tuple[str, str, int]]:
    return [(e.when, e.label, len(e.articles)) for e in events]


def test_rounds_in_two_cities_and_a_prisoner_exchange_are_dated_placed_and_sourced(
        base: KnowledgeBase) -> None:
    first = _add(base, "Officials from Russia, Ukraine and the United States began talks in "
                       "Abu Dhabi on Friday.", "Reuters", "2026-01-24")
    second = _add(base, "The talks in Abu Dhabi ended on Saturday without a breakthrough.",
                  "AP", "2026-01-25")
    swap = _add(base, "The two sides agreed to each hand over 157 prisoners of war, and the "
                      "exchange took place on February 5.", "Al Jazeera", "2026-02-07")
    geneva = _add(base, "US-brokered peace talks in Geneva ended early on Wednesday.", "BBC",
                  "2026-02-18")

    events = timeline(base)

    assert _summary(events) == [("23–24 Jan 2026", "Abu Dhabi talks", 2),
                                ("5 Feb 2026", "prisoner exchange 157↔157", 1),
                                ("18 Feb 2026", "Geneva talks", 1)]
    abu_dhabi, exchange, in_geneva = events
    assert (abu_dhabi.day, abu_dhabi.end_day) == (date(2026, 1, 23), date(2026, 1, 24))
    assert (abu_dhabi.kind, abu_dhabi.venue) == ("talks", "Abu Dhabi")
    assert [fact_id for fact_id, _ in abu_dhabi.sources] == [first, second]
    assert [a.outlet for a in abu_dhabi.articles] == ["Reuters", "AP"]
    assert (exchange.kind, exchange.venue, exchange.sources[0][0]) == ("prisoner exchange", None, swap)
    assert in_geneva.sources[0][0] == geneva and in_geneva.articles[0].published == "2026-02-18"


def test_plans_sayings_vague_spans_and_undated_facts_make_no_event(base: KnowledgeBase) -> None:
    for text in (
        # a day after publication: a plan (this round was in fact held later)
        "A second round of talks is scheduled for Sunday in Abu Dhabi.",
        "The second round of talks in Abu Dhabi opens on February 1.",
        # the day dates the saying, not the talks
        "Kremlin spokesman Dmitry Peskov told reporters on Thursday that the talks in Abu Dhabi "
        "were constructive.",
        # under a wish, a negation or another event
        "Kyiv expected an exchange of prisoners of war on Friday.",
        "Zelenskyy spoke with Trump on Wednesday ahead of the talks in Geneva.",
        "Russia launched a massive strike on Wednesday, a day before the talks in Geneva.",
        "The delegations did not meet in Geneva on Wednesday.",
        # a week is no day; a month neither
        "Talks between the two countries took place in Abu Dhabi last week.",
        "Talks were held in Istanbul in May 2025.",
        # a source's date in a citation
        "Russian media were sceptical about the talks in Abu Dhabi (Izvestiya, January 26).",
        # no date at all; a body's meeting is not talks
        "Talks in Geneva ended early, officials said.",
        "Putin chaired a meeting of the Security Council in Moscow on Wednesday.",
    ):
        _add(base, text, "Reuters", "2026-01-30")
    assert timeline(base) == []


def test_reports_of_one_round_merge_by_related_place_and_day_and_keep_every_source(
        base: KnowledgeBase) -> None:
    _add(base, "Negotiators met in the United Arab Emirates on Friday.", "NPR", "2026-01-23")
    _add(base, "Trilateral talks were held in Abu Dhabi on Friday and Saturday.", "CNN", "2026-01-24")
    _add(base, "On January 23, delegations of the three countries sat face to face to hold "
               "trilateral talks for the first time.", "Kyiv Independent", "2026-02-20")
    # Another city on the same day is another event; the next round is another event too.
    _add(base, "US envoys held talks in Miami on Saturday.", "Axios", "2026-01-24")
    _add(base, "A new round of talks began in Abu Dhabi on Wednesday.", "DW", "2026-02-04")

    events = timeline(base)

    assert _summary(events) == [("23–24 Jan 2026", "Abu Dhabi talks", 3),
                                ("24 Jan 2026", "Miami talks", 1),
                                ("4 Feb 2026", "Abu Dhabi talks", 1)]
    assert {a.outlet for a in events[0].articles} == {"NPR", "CNN", "Kyiv Independent"}


def test_a_list_of_rounds_dates_each_and_places_only_the_one_its_venue_is_next_to(
        base: KnowledgeBase) -> None:
    _add(base, "Russia, Ukraine and the United States have held three rounds of peace talks—on "
               "Jan. 23–24, Feb. 4–5 and Feb. 17–18—with the most recent round taking place in Geneva.",
         "WSJ", "2026-02-28")
    assert _summary(timeline(base)) == [("23–24 Jan 2026", "talks", 1), ("4–5 Feb 2026", "talks", 1),
                                        ("17–18 Feb 2026", "Geneva talks", 1)]


def test_day_after_day_of_talks_in_one_city_is_a_round_a_week_at_most(base: KnowledgeBase) -> None:
    for day in range(2, 12):  # 2 to 11 March: talks in Geneva reported every day
        _add(base, f"Talks were held in Geneva on March {day}.", "Reuters", f"2026-03-{day:02d}")
    assert [e.when for e in timeline(base)] == ["2–8 Mar 2026", "9–11 Mar 2026"]


def test_a_sentence_other_outlets_reposted_counts_every_outlet(base: KnowledgeBase) -> None:
    body = ("Talks end in Abu Dhabi\n\nOfficials from Russia, Ukraine and the United States began "
            "talks in Abu Dhabi on Friday, the first trilateral meeting of the war.\n\nThe delegations "
            "discussed territory and security guarantees for two days, officials said.\n")
    for outlet in ("Reuters", "KFGO", "KTEN"):
        ingest_text(base, body, actor="test", outlet=outlet, published="2026-01-24",
                    url=f"https://{outlet.lower()}.example/talks")
    (event,) = timeline(base)
    assert event.label == "Abu Dhabi talks" and event.when == "23 Jan 2026"
    assert [a.outlet for a in event.articles] == ["Reuters", "KFGO", "KTEN"]
    assert len({fact_id for fact_id, _ in event.sources}) == 1


def test_a_retired_fact_leaves_the_time_line(base: KnowledgeBase) -> None:
    fact_id = _add(base, "Talks were held in Geneva on Tuesday.", "Reuters", "2026-02-18")
    assert [e.label for e in timeline(base)] == ["Geneva talks"]
    retire_fact(base, fact_id, actor="test")
    assert timeline(base) == []


def test_truces_exchanges_and_day_ranges_as_news_writes_them(base: KnowledgeBase) -> None:
    _add(base, "On January 29, Trump said Putin had agreed to halt strikes on energy "
               "infrastructure for a week.", "Reuters", "2026-01-30")
    _add(base, "The IAEA said on Friday that a local truce had taken effect around the "
               "Zaporizhzhia plant.", "AP", "2026-02-27")
    _add(base, "Witkoff said the sides had agreed to an exchange of 314 prisoners, which took "
               "place on Thursday.", "ABC News", "2026-02-05")
    _add(base, "Russia, Ukraine and the United States held talks in Geneva on Feb. 17-18.",
         "WSJ", "2026-02-20")
    assert _summary(timeline(base)) == [("29 Jan 2026", "energy truce", 1),
                                        ("5 Feb 2026", "prisoner exchange of 314", 1),
                                        ("17–18 Feb 2026", "Geneva talks", 1),
                                        ("27 Feb 2026", "truce", 1)]


def test_a_deadline_for_a_deal_is_dated_by_its_day_to_come_and_a_sales_deadline_is_not_one(
        base: KnowledgeBase) -> None:
    _add(base, "The United States gave Russia and Ukraine a deadline of March 1 to reach a deal to "
               "end the war.", "Reuters", "2026-02-07")
    _add(base, "OFAC extended the deadline for closing the deals from February 28 to April 1.",
         "Reuters", "2026-02-07")
    assert _summary(timeline(base)) == [("1 Mar 2026", "deadline", 1)]


def test_key_events_are_those_most_articles_carry_in_order_of_day(base: KnowledgeBase) -> None:
    for outlet in ("Reuters", "AP", "BBC"):
        _add(base, f"Talks were held in Geneva on Tuesday, {outlet} reported.", outlet, "2026-02-18")
    for outlet in ("Reuters", "AP"):
        _add(base, f"Talks were held in Abu Dhabi on Friday, {outlet} reported.", outlet, "2026-01-24")
    _add(base, "Talks were held in Berlin on Monday.", "DW", "2025-12-15")
    _add(base, "Talks were held in Miami on Saturday.", "Axios", "2025-12-20")
    events = timeline(base)
    assert [e.label for e in events] == ["Berlin talks", "Miami talks", "Abu Dhabi talks", "Geneva talks"]
    # On a tie, the newer event stays: the talks of now are what a reader follows.
    assert [e.label for e in key_events(events, 3)] == ["Miami talks", "Abu Dhabi talks", "Geneva talks"]


def test_the_corpus_holds_the_abu_dhabi_and_geneva_rounds_of_2026(corpus_run: Run) -> None:
    kb, _, _ = corpus_run
    rounds = {(e.when, e.label): len(e.articles) for e in timeline(kb) if e.kind == "talks"}
    for held in (("23–24 Jan 2026", "Abu Dhabi talks"), ("4–5 Feb 2026", "Abu Dhabi talks"),
                 ("17–18 Feb 2026", "Geneva talks")):
        assert rounds.get(held, 0) >= 3, (held, rounds)
    exchanges = [e for e in timeline(kb) if e.kind == "prisoner exchange"]
    assert [(e.when, e.label) for e in exchanges] == [("5 Feb 2026", "prisoner exchange 157↔157")]
