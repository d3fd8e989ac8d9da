"""Tests for knowledge.dates: resolving a sentence's date expressions against publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.dates import DateMention, resolve_dates

FRIDAY = date(2026, 1, 30)  # the seed article's publication day
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def resolved(sentence: str, published: date = FRIDAY) -> list[tuple[str, str]]:
    return [(m.text, m.iso()) for m in resolve_dates(sentence, published)]


# --- seed examples -------------------------------------------------------------------------


def test_seed_thursday_is_the_day_before() -> None:
    sentence = "The Kremlin on Thursday said it was ready to continue the talks."
    assert resolved(sentence) == [("on Thursday", "2026-01-29")]


def test_seed_friday_is_the_publication_day() -> None:
    sentence = "He told reporters on Friday that no date had been agreed."
    assert resolved(sentence) == [("on Friday", "2026-01-30")]


def test_seed_scheduled_sunday_is_ahead() -> None:
    sentence = "A second round of the US-mediated negotiations is scheduled for Sunday."
    assert resolved(sentence) == [("Sunday", "2026-02-01")]


# --- weekdays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia launched drones on Saturday.", "2026-01-24"),
        ("Zelensky spoke by phone with Trump on Wednesday.", "2026-01-28"),
        ("The envoy arrived in Moscow this Sunday.", "2026-01-25"),
        ("Sunday's strike killed three people.", "2026-01-25"),
    ],
)
def test_weekday_defaults_to_past(sentence: str, expected: str) -> None:
    assert [iso for _, iso in resolved(sentence)] == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Talks will resume on Monday.", "2026-02-02"),
        ("The delegations will be held up in Abu Dhabi on Wednesday.", "2026-02-04"),
        ("Witkoff is due in Moscow on Tuesday.", "2026-02-03"),
        ("A vote is planned for Thursday.", "2026-02-05"),
        ("A ceasefire is expected to begin on Saturday.", "2026-01-31"),
        ("The upcoming meeting on Wednesday will be in Geneva.", "2026-02-04"),
        ("The summit is set for Sunday.", "2026-02-01"),
        ("Kyiv is going to send a delegation on Monday.", "2026-02-02"),
        ("The talks are to resume on Tuesday.", "2026-02-03"),
        ("The next round of talks on Thursday will focus on territory.", "2026-02-05"),
        ("They'll meet again on Saturday.", "2026-01-31"),
    ],
)
def test_weekday_future_context(sentence: str, expected: str) -> None:
    assert [iso for _, iso in resolved(sentence)] == [expected]


def test_future_weekday_named_on_publication_day_is_that_day() -> None:
    # News style: "talks resume Friday" in a Friday paper means today.
    assert resolved("Talks will resume on Friday.") == [("on Friday", "2026-01-30")]


def test_next_and_last_are_strict() -> None:
    assert resolved("They meet next Friday.") == [("next Friday", "2026-02-06")]
    assert resolved("They met last Friday.") == [("last Friday", "2026-01-23")]
    assert resolved("They meet next Monday.") == [("next Monday", "2026-02-02")]
    assert resolved("Last Tuesday, the talks stalled.") == [("Last Tuesday", "2026-01-27")]
    assert resolved("They met this past Sunday.") == [("this past Sunday", "2026-01-25")]


def test_nearest_tense_decides_each_weekday() -> None:
    sentence = "The Kremlin on Thursday said talks will resume on Sunday."
    assert resolved(sentence) == [("on Thursday", "2026-01-29"), ("on Sunday", "2026-02-01")]
    sentence = "On Friday, he said the talks will resume Sunday."
    assert resolved(sentence) == [("On Friday", "2026-01-30"), ("Sunday", "2026-02-01")]


def test_reported_future_with_would() -> None:
    sentence = "Trump said Friday he would meet Putin on Monday."
    assert resolved(sentence) == [("Friday", "2026-01-30"), ("on Monday", "2026-02-02")]


def test_marker_across_a_comma_counts_only_when_none_is_closer() -> None:
    assert resolved("On Sunday, the delegations will meet again.") == [("On Sunday", "2026-02-01")]
    sentence = "The talks, held in Abu Dhabi on Wednesday and Thursday, will continue."
    assert [iso for _, iso in resolved(sentence)] == ["2026-01-28", "2026-01-29"]
    sentence = "Drones struck Kharkiv on Thursday, and officials expect talks on Sunday."
    assert resolved(sentence) == [("on Thursday", "2026-01-29"), ("on Sunday", "2026-02-01")]


def test_due_to_is_a_cause_not_a_future() -> None:
    sentence = "Talks were postponed due to attacks on Thursday."
    assert resolved(sentence) == [("on Thursday", "2026-01-29")]


def test_future_marker_in_a_quotation_after_a_colon_does_not_leak() -> None:
    sentence = "Peskov said on Wednesday: the sides will keep talking."
    assert resolved(sentence) == [("on Wednesday", "2026-01-28")]


def test_weekday_range_from_to() -> None:
    sentence = "The delegations will meet from Sunday to Tuesday."
    mentions = resolve_dates(sentence, FRIDAY)
    assert [(m.text, m.iso()) for m in mentions] == [
        ("from Sunday to Tuesday", "2026-02-01/2026-02-03")
    ]
    ongoing = resolve_dates("Strikes continued from Thursday to Sunday.", FRIDAY)
    assert [m.iso() for m in ongoing] == ["2026-01-29/2026-02-01"]


# --- relative words and periods ------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today", "2026-01-30"),
        ("Today", "2026-01-30"),
        ("tonight", "2026-01-30"),
        ("yesterday", "2026-01-29"),
        ("tomorrow", "2026-01-31"),
        ("last week", "2026-01-19/2026-01-25"),
        ("this week", "2026-01-26/2026-02-01"),
        ("next week", "2026-02-02/2026-02-08"),
        ("last month", "2025-12-01/2025-12-31"),
        ("this month", "2026-01-01/2026-01-31"),
        ("next month", "2026-02-01/2026-02-28"),
        ("earlier this month", "2026-01-01/2026-01-30"),
        ("later this month", "2026-01-30/2026-01-31"),
        ("earlier this week", "2026-01-26/2026-01-30"),
        ("last year", "2025-01-01/2025-12-31"),
        ("this year", "2026-01-01/2026-12-31"),
        ("next year", "2027-01-01/2027-12-31"),
    ],
)
def test_relative_expressions(expression: str, expected: str) -> None:
    assert resolved(f"It happened {expression}, officials said.") == [(expression, expected)]


def test_periods_cross_year_boundaries() -> None:
    new_year = date(2026, 1, 2)  # a Friday
    assert resolved("Talks stalled last week.", new_year) == [
        ("last week", "2025-12-22/2025-12-28")
    ]
    assert resolved("Talks stalled last month.", new_year) == [
        ("last month", "2025-12-01/2025-12-31")
    ]
    assert resolved("Talks resume next month.", date(2025, 12, 15)) == [
        ("next month", "2026-01-01/2026-01-31")
    ]


# --- absolute dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("January 29", "2026-01-29"),
        ("Jan. 29", "2026-01-29"),
        ("Jan 29th", "2026-01-29"),
        ("29 January", "2026-01-29"),
        ("29th of January", "2026-01-29"),
        ("Feb 5", "2026-02-05"),
        ("Feb. 5", "2026-02-05"),
        ("Sept. 5", "2025-09-05"),
        ("5 Feb 2026", "2026-02-05"),
        ("February 5, 2026", "2026-02-05"),
        ("February 5, 2025", "2025-02-05"),
        ("2026-02-05", "2026-02-05"),
        ("on 1 February", "2026-02-01"),
        ("on March 3", "2026-03-03"),
        ("May 9", "2026-05-09"),
    ],
)
def test_absolute_dates(expression: str, expected: str) -> None:
    assert resolved(f"The memorandum is dated {expression} in the draft.") == [
        (expression, expected)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In September 2022, the EU opened a hub in Rzeszow.",
         [("In September 2022", "2022-09-01/2022-09-30", "Sep 2022")]),
        ("Moscow ordered Kupiansk taken by February 2026.",
         [("by February 2026", "2026-02-01/2026-02-28", "Feb 2026")]),
        ("The two leaders last faced each other in 2019.",
         [("in 2019", "2019-01-01/2019-12-31", "2019")]),
        # A day of the month is the more precise reading; a range of years or a number is none.
        ("The talks on 18 February 2026 ended early.",
         [("on 18 February 2026", "2026-02-18", "18 Feb 2026")]),
        ("The war of 2014-2022 and its 2,019 dead.", []),
    ],
)
def test_months_and_years_of_a_sentence_are_spans(sentence: str,
                                                  expected: list[tuple[str, str, str]]) -> None:
    # They name their year, so an undated article has them too.
    for published in (FRIDAY, None):
        assert [(m.text, m.iso(), m.label()) for m in resolve_dates(sentence, published)] == expected


def test_missing_year_picks_the_nearest_year() -> None:
    assert resolved("Talks began Dec 30.", date(2026, 1, 2)) == [("Dec 30", "2025-12-30")]
    assert resolved("Talks resume Jan 3.", date(2025, 12, 28)) == [("Jan 3", "2026-01-03")]


def test_impossible_dates_are_skipped() -> None:
    assert resolved("A deal by February 30 is unlikely.") == []
    assert resolved("A deal by Feb 29 is unlikely.") == []  # no leap year within a year


def test_leap_day_found_in_a_leap_year() -> None:
    assert resolved("Talks on Feb 29 ended.", date(2024, 3, 1)) == [("on Feb 29", "2024-02-29")]


def test_weekday_before_date_is_one_mention() -> None:
    sentence = "The Kremlin said on Thursday, January 29, that the talks would continue."
    assert resolved(sentence) == [("on Thursday, January 29", "2026-01-29")]


def test_mentions_in_order_of_appearance() -> None:
    sentence = "After talks on Jan. 23 and last week, the next round is scheduled for Sunday."
    assert resolved(sentence) == [
        ("on Jan. 23", "2026-01-23"),
        ("last week", "2026-01-19/2026-01-25"),
        ("Sunday", "2026-02-01"),
    ]


# --- things that are not dates -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The schedule may change, officials said.",
        "May the talks succeed.",
        "Thousands joined a march in Kyiv.",
        "Protesters will march to the embassy.",
        "About 50,000 troops are deployed.",
        "Russia has lost 1,436 tanks.",
        "It is day 1,436 of the war.",
        "The delegation stayed for a week.",
        "A week of talks ended without a deal.",
        "A second round of talks was held.",
        "Since the 2022 invasion, no deal has been reached.",
        "Nothing changes right now.",
        "March 1,436 is not a date.",
        "Mondays are quiet in the Kremlin.",
        "USA Today ran the interview.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert resolved(sentence) == []


# --- DateMention formats -------------------------------------------------------------------


def test_iso_and_label_for_a_day() -> None:
    day = DateMention("on Thursday", date(2026, 1, 29), date(2026, 1, 29))
    assert day.iso() == "2026-01-29"
    assert day.label() == "29 Jan 2026"


def test_iso_and_label_for_spans() -> None:
    week = DateMention("last week", date(2026, 1, 19), date(2026, 1, 25))
    assert week.iso() == "2026-01-19/2026-01-25"
    assert week.label() == "19–25 Jan 2026"
    across_months = DateMention("x", date(2026, 1, 30), date(2026, 2, 2))
    assert across_months.label() == "30 Jan – 2 Feb 2026"
    across_years = DateMention("x", date(2025, 12, 29), date(2026, 1, 2))
    assert across_years.label() == "29 Dec 2025 – 2 Jan 2026"
    assert across_years.iso() == "2025-12-29/2026-01-02"


def test_span_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        DateMention("x", date(2026, 1, 2), date(2026, 1, 1))


# --- properties ----------------------------------------------------------------------------

publication_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(published=publication_days, name=st.sampled_from(WEEKDAYS))
def test_weekday_readings_stay_within_a_week(published: date, name: str) -> None:
    [past] = resolve_dates(f"The minister spoke on {name}.", published)
    [future] = resolve_dates(f"The minister will speak on {name}.", published)
    [following] = resolve_dates(f"The minister speaks next {name}.", published)
    for mention in (past, future, following):
        assert mention.start == mention.end
        assert mention.start.strftime("%A") == name
    assert published - timedelta(6) <= past.start <= published
    assert published <= future.start <= published + timedelta(6)
    assert published + timedelta(1) <= following.start <= published + timedelta(7)


@given(sentence=st.text(max_size=200), published=publication_days)
def test_any_text_yields_ordered_disjoint_mentions(sentence: str, published: date) -> None:
    position = 0
    for mention in resolve_dates(sentence, published):
        found = sentence.find(mention.text, position)
        assert found >= position
        position = found + len(mention.text)
