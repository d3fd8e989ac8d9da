"""Inputs recognised and taken apart; publication dates weighed; outlets named."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.formats import FRONTMATTER, HTML, PAGE_DUMP, PLAIN, SOURCE_HEADER, parse_document, tidy_title
from knowledge.ingest import parse_article
from knowledge.outlets import outlet_from_url
from knowledge.published import (
    CRAWL,
    HEADER,
    URL,
    DateEvidence,
    byline_date,
    dateline_date,
    url_date,
    weigh,
)

BODY = ("Ukraine and Russia agreed on Thursday to swap 157 prisoners each, officials in Kyiv said.\n"
        "The Kremlin said Moscow wanted a third round of talks in Abu Dhabi soon.\n")


def test_front_matter_fields_never_become_text() -> None:
    text = ('---\ntitle: "Swap agreed | Reuters"\nsource: https://www.reuters.com/world/x-2026-02-05/\n'
            'date: 2026-02-05\ndescription: "A swap of prisoners, the first in months."\n---\n' + BODY)
    document = parse_document(text)
    assert (document.format, document.title, document.url, document.header_date) == (
        FRONTMATTER, "Swap agreed | Reuters", "https://www.reuters.com/world/x-2026-02-05/", "2026-02-05")
    assert "description" not in document.text and document.text.startswith("Ukraine and Russia")
    article = parse_article(text)
    assert article.title == "Swap agreed" and article.outlet == "Reuters"
    assert all("first in months" not in f.text for f in article.facts)


def test_broken_front_matter_falls_back_to_plain_fields() -> None:
    text = '---\ntitle: "Unclosed quote\nsource: https://apnews.com/article/x\ndate: 2026-02-05\n---\n' + BODY
    document = parse_document(text)
    assert document.format == FRONTMATTER
    assert document.url == "https://apnews.com/article/x" and document.header_date == "2026-02-05"


def test_source_header_date_is_a_crawl_date() -> None:
    text = "# Source: https://www.aljazeera.com/news/2025/12/21/x\n# Date: 2025-12-23T15:04:00.3\n\n" + BODY
    document = parse_document(text)
    assert (document.format, document.header_date_is_crawl) == (SOURCE_HEADER, True)
    article = parse_article(text)
    assert (article.published, article.date_evidence, article.date_doubt) == (date(2025, 12, 21), URL, None)


def test_page_dump_reads_the_content_not_the_outline_or_links() -> None:
    menu = "\n".join(["Home", "News", "World", "Sport", "Sign in", "Subscribe"] * 6)
    text = ("# www.example-news.com\n\n## Metadata\n\n- **URL**: https://www.example-news.com/world/swap\n"
            "- **Scraped at**: 2026-02-28T02:33:38+00:00\n\n## Page Structure\n\n"
            "- # Prisoners swapped after Abu Dhabi talks\n  - ## Related\n\n## Content\n\n"
            f"Prisoners swapped after Abu Dhabi talks - Example News\n{menu}\n"
            "Prisoners swapped after Abu Dhabi talks\nFebruary 5, 2026 at 10:02 a.m. EST\n"
            f"{BODY}Related\nThe outline heading must never be a fact, officials in Kyiv said.\n"
            "\n## Links\n\n- [Home](https://www.example-news.com/)\n")
    document = parse_document(text)
    assert document.format == PAGE_DUMP and document.headings[0] == "Prisoners swapped after Abu Dhabi talks"
    article = parse_article(text)
    assert article.title == "Prisoners swapped after Abu Dhabi talks"
    assert (article.published, article.date_evidence) == (date(2026, 2, 5), "byline")
    assert [f.text for f in article.facts] == BODY.splitlines()


def test_html_main_text_is_extracted() -> None:
    html = ("<html><head><title>Swap agreed - Example</title>"
            '<meta property="article:published_time" content="2026-02-05T10:00:00Z"></head><body>'
            "<nav><a href='/'>Home</a><a href='/world'>World</a></nav><article><h1>Swap agreed</h1>"
            + "".join(f"<p>{line}</p>" for line in BODY.splitlines())
            + "</article><footer>Sign up for our newsletter. © 2026 Example</footer></body></html>")
    assert parse_document(html).format == HTML
    article = parse_article(html, url="https://example.org/world/swap")
    assert [f.text for f in article.facts] == BODY.splitlines()
    assert article.published == date(2026, 2, 5) and article.outlet == "Example"


def test_plain_text_keeps_its_headline() -> None:
    assert parse_document("Headline\n" + BODY).format == PLAIN


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.theguardian.com/world/2026/feb/20/a-war-foretold", date(2026, 2, 20)),
    ("https://www.aljazeera.com/news/2026/2/7/us-has-given", date(2026, 2, 7)),
    ("https://npr.org/2026/02/08/nx-s1/u-s-gave", date(2026, 2, 8)),
    ("https://www.reuters.com/world/ukraine-russia-start-second-day-2026-02-05/", date(2026, 2, 5)),
    ("https://www.france24.com/en/europe/20260204-live-ukraine-russia", date(2026, 2, 4)),
    ("https://understandingwar.org/research/assessment-december-17-2025/", date(2025, 12, 17)),
    ("https://apnews.com/article/russia-ukraine-a3f9444e6672", None),
    ("https://www.icij.org/news/2026/02/hong-kong-firms/", None),
])
def test_url_dates(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_dateline_takes_its_year_from_the_reference() -> None:
    found = dateline_date(["KYIV, Feb 5 (Reuters) - Ukraine and Russia ended talks."], date(2026, 2, 28))
    assert found is not None and found.day == date(2026, 2, 5)
    assert dateline_date(["GENEVA (AP) — The talks ended."], date(2026, 2, 28)) is None


def test_byline_date_lines() -> None:
    assert byline_date(["Updated", "Wed, February 18, 2026 at 12:28 PM UTC"]) == DateEvidence(
        "byline", date(2026, 2, 18), "Wed, February 18, 2026 at 12:28 PM UTC")
    found = byline_date(["Talks on February 18, 2026 ended without a deal, he said."])
    assert found is None  # a sentence mentioning a date is not a byline


def test_strongest_evidence_wins_and_the_doubt_is_kept() -> None:
    published = weigh([DateEvidence(HEADER, date(2019, 6, 28), "2019-06-28"),
                       DateEvidence(URL, date(2025, 2, 10), "https://…-2025-02-10")])
    assert published is not None and published.day == date(2025, 2, 10)
    assert published.doubt == "URL says 2025-02-10; header says 2019-06-28"
    crawl_only = weigh([DateEvidence(CRAWL, date(2026, 2, 28), "2026-02-28T02:33")])
    assert crawl_only is not None and not crawl_only.exact and "crawled" in (crawl_only.doubt or "")


def test_relative_dates_follow_the_corrected_date_not_a_wrong_header() -> None:
    text = ("---\ntitle: Talks\nsource: https://www.reuters.com/world/talks-2026-02-05/\n"
            "date: 2019-06-28\n---\nUmerov said on Thursday that Ukraine and Russia had agreed "
            "to meet again in Abu Dhabi.\n")
    article = parse_article(text)
    assert article.published == date(2026, 2, 5)
    assert article.facts[0].dates[0].iso == "2026-02-05"  # Thursday 5 Feb 2026, not 2019


def test_only_a_crawl_date_leaves_weekdays_unresolved() -> None:
    text = ("# Source: https://example.org/news/talks\n# Date: 2026-02-28T10:00:00\n\n"
            "Umerov said on Thursday that Ukraine and Russia would meet on Feb. 5 in Abu Dhabi.\n")
    article = parse_article(text)
    assert article.date_evidence == CRAWL
    assert [d.text for d in article.facts[0].dates] == ["on Feb. 5"]


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.reuters.com/world/x", "Reuters"), ("https://apnews.com/article/x", "AP"),
    ("https://www.theguardian.com/world/x", "The Guardian"), ("https://www.bbc.co.uk/news/x", "BBC"),
    ("https://www.bbc.com/news/x", "BBC"), ("https://kyivindependent.com/x", "The Kyiv Independent"),
    ("https://abcnews.go.com/International/x", "ABC News"), ("https://news.sky.com/story/x", "Sky News"),
    ("https://understandingwar.org/research/x", "ISW"), ("https://en.zona.media/article/x", "Mediazona"),
    ("https://english.nv.ua/amp/x", "NV"), ("https://www.aa.com.tr/en/x", "Anadolu Agency"),
    ("https://timesofindia.indiatimes.com/world/x", "The Times of India"),
    ("https://www.some-new-paper.co.uk/x", "Some New Paper"), ("https://mezha.net/eng/x", "Mezha"),
])
def test_outlets_from_domains(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(("title", "outlet", "tidy"), [
    ("Russia plays hardball on Ukraine peace | Reuters", "Reuters", "Russia plays hardball on Ukraine peace"),
    ("A war foretold: how the CIA got hold of the plans | Ukraine | The Guardian", "The Guardian",
     "A war foretold: how the CIA got hold of the plans"),
    ("Resilient Zelensky tells BBC Putin must be stopped - BBC News", "BBC",
     "Resilient Zelensky tells BBC Putin must be stopped"),
    ("Opinion | What Trump doesn’t understand about Putin - The Washington Post",
     "The Washington Post", "What Trump doesn’t understand about Putin"),
    ("Putin 'clearly considering unpopular measure' - as Russia faces 'critical' issue", "AOL",
     "Putin 'clearly considering unpopular measure' - as Russia faces 'critical' issue"),
])
def test_titles_lose_site_names(title: str, outlet: str, tidy: str) -> None:
    assert tidy_title(title, outlet) == tidy
