"""Whole web pages in, article prose out: menus, lists, notices and other stories left behind."""

from __future__ import annotations

import pytest

from knowledge.clean import DATELINE, clean_text, furniture_reason, normalize_line
from knowledge.ingest import PageSkipped, parse_article

ARTICLE = [
    "KYIV, Feb 5 (Reuters) - Ukraine and Russia ended a second round of talks in Abu Dhabi on "
    "Thursday with an agreement to swap 314 prisoners of war.",
    "The Reuters Inside Track newsletter is your essential guide to the week. Sign up here.",
    "Ukrainian President Volodymyr Zelenskiy said the next round would be held soon, likely in "
    "the United States.",
    "Soldiers wait at the border near Sumy, Ukraine, February 5, 2026. REUTERS/Jane Doe/File Photo "
    "Purchase Licensing Rights, opens new tab",
    "Russia's envoy Kirill Dmitriev said there was progress and positive movement on the economy.",
]
MENU = ["Home", "World", "Business", "Markets", "Sustainability", "Legal", "Breakingviews",
        "Technology", "Investigations", "Sports", "Science", "Lifestyle"]
HEADLINES = ["EU lawmakers approve fast-track deportations of rejected asylum seekers",
             "Macron warns of renewed friction with US over trade",
             "Dutch arrest 15 suspected of spreading propaganda on TikTok"]


def page(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block)


def test_the_article_is_found_between_menus_and_headline_lists() -> None:
    text = page(MENU, ["Skip to main content", "Sign in", "Subscribe"], MENU, ARTICLE,
                ["Reporting by Jane Doe; Editing by John Roe",
                 "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
                 "Venezuelan opposition politician Juan Pablo Guanipa is under house arrest in the "
                 "city of Maracaibo, his son Ramon Guanipa said on Tuesday."],
                HEADLINES, MENU)
    cleaned = clean_text(text, has_headline=False)
    assert cleaned.paragraphs == [
        "Ukraine and Russia ended a second round of talks in Abu Dhabi on Thursday with an "
        "agreement to swap 314 prisoners of war.", ARTICLE[2], ARTICLE[4]]
    reasons = dict(cleaned.dropped)
    assert reasons[ARTICLE[1]] == "newsletter, subscription or account line"
    assert reasons[ARTICLE[3]].startswith(("picture credit", "share"))
    assert "Venezuelan" not in " ".join(cleaned.paragraphs)  # a teaser after the article's end


def test_a_donation_box_inside_the_story_does_not_cut_off_its_lead() -> None:
    # As UNITED24 Media prints it: the lead, the appeal, then the rest of the story, longer
    # than the lead. The appeal is a break in the article, not its edge.
    lead = ("To mark the fourth anniversary of the full-scale invasion, the Vatican has issued a "
            "new commemorative postage stamp dedicated to Ukrainian Catholics.")
    appeal = ["We bring you stories from the ground.", "Your support keeps our team in the field.",
              "DONATE NOW"]
    title = "Vatican issues stamp marking anniversary of war in Ukraine"
    cleaned = clean_text(page(MENU, [title, "Feb 27, 2026 10:13", lead], appeal, ARTICLE[2:3],
                              ARTICLE[4:5], ["Read more"], HEADLINES, MENU), title=title)
    assert cleaned.paragraphs == [lead, ARTICLE[2], ARTICLE[4]]
    assert all(reason != "outside the article (menus, teasers, other stories)"
               for line, reason in cleaned.dropped if line in appeal)


def test_the_pages_own_headline_glued_to_its_first_paragraph_is_not_part_of_it() -> None:
    title = "U.S. gave Ukraine and Russia June deadline to reach peace agreement, Zelenskyy says : NPR"
    first = ('"The Americans are proposing the parties end the war by the beginning of this '
             'summer," Zelenskyy said, speaking to reporters on Friday.')
    glued = "U.S. gave Ukraine and Russia June deadline to reach peace agreement, Zelenskyy says " + first
    assert clean_text(page(MENU, [glued], ARTICLE[2:3], HEADLINES), title=title).paragraphs == [
        first, ARTICLE[2]]
    # A first sentence that merely opens with the headline's words keeps them.
    lead = "Russia and Ukraine swap 314 prisoners of war on Thursday in their first exchange in months."
    assert clean_text(page([lead], ARTICLE[2:3]), title="Russia and Ukraine swap 314 prisoners"
                      ).paragraphs == [lead, ARTICLE[2]]


def test_one_word_a_line_menus_never_join_the_article() -> None:
    words = "Ukraine Russia talks Geneva peace Kremlin Zelensky Putin Witkoff Umerov".split()
    cleaned = clean_text(page(words, ARTICLE[2:3], words), has_headline=False)
    assert cleaned.paragraphs == ARTICLE[2:3]


def test_repeated_pop_ups_are_not_the_article() -> None:
    appeal = ["At Example News we believe in the power of independent reporting for everyone.",
              "But good journalism costs money, and we rely on the kindness of our many readers."]
    text = page(ARTICLE[2:3], MENU, appeal, appeal, appeal, appeal)
    assert clean_text(text, has_headline=False).paragraphs == ARTICLE[2:3]


@pytest.mark.parametrize(("line", "reason"), [
    ("We use cookies to personalise content and ads and to analyse our traffic.", "cookie"),
    ("Sign up for our daily briefing and get the news in your inbox every morning.", "newsletter"),
    ("Share this article on Facebook, X and WhatsApp with your friends today.", "share"),
    ("A cemetery outside Moscow on the eve of the anniversary. (Photo by Jane Doe/Getty Images)",
     "picture"),
    ("Members of the delegations attend the talks. Photograph: UAE ministry/Reuters.", "picture"),
    ("Ukrainian soldiers at a position near Pokrovsk, Ukraine. (AP Photo/Jane Doe)", "picture"),
    ("Who can challenge the Republicans for the White House this year?", "question"),
    ("Trump Likely To Walk Away From Ukraine Peace By Summer After Wrong Strategy.", "title case"),
    ("The views expressed in this column are solely those of the authors and not ours.", "disclaimer"),
    ("Jane Doe is a senior fellow at the Example Institute and writes on Russia.", None),
    ("Updated Wed, February 18, 2026 at 12:28 PM UTC", "timestamp"),
    ("Anniversary of the full-scale invasion marked across Europe with vigils and…", "cut off"),
    ("and the talks will resume in Geneva next week, officials said.", "fragment"),
    ("2. killed or injured, according to a June 2025 estimate, including 250,000 killed.", "fragment"),
    ("1. Russia attacked Kyiv overnight with 40 drones and six missiles, officials said.", None),
])
def test_furniture_lines(line: str, reason: str | None) -> None:
    found = furniture_reason(line)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_markdown_and_invisible_characters_are_removed() -> None:
    line = "  * **Zelensky** said [the talks](https://x.org/a) were \u200buseful.[[iv]](https://x.org/n)"
    assert normalize_line(line) == "Zelensky said the talks were useful."
    assert normalize_line("The rise came after mobilisation.29 The ongoing rise") == \
        "The rise came after mobilisation. The ongoing rise"


def test_an_author_biography_ends_the_article() -> None:
    text = page(ARTICLE[2:3], ["Jane Doe is an adjunct professor at Example University in Washington.",
                               "An award-winning baseball historian, she has written many books."])
    assert clean_text(text, has_headline=False).paragraphs == ARTICLE[2:3]


BRIEF = [
    "Officials from Russia, Ukraine and the United States began talks in Abu Dhabi on Friday.",
    "Russia is demanding that Ukraine relinquish the portion of Donetsk that Kyiv still controls.",
    "Further reading on the talks",
    "Japan's prime minister dissolved the lower house of parliament on Friday for a snap vote.",
    "The gamble is meant to clear a path for her agenda and strengthen her standing abroad.",
    "Critics warn the move will delay approval of the fiscal budget at a moment of strain.",
]


def test_other_stories_of_a_briefing_are_dropped() -> None:
    text = ("---\ntitle: World Brief\nsource: https://example.org/2026/01/23/world-brief/\n---\n"
            + page(BRIEF))
    article = parse_article(text)
    assert [f.text for f in article.facts] == BRIEF[:2]
    assert ("Japan's prime minister dissolved the lower house of parliament on Friday for a snap vote.",
            "another story (never mentions the war)") in article.dropped


@pytest.mark.parametrize(("body", "reason"), [
    (page(["Age Verification", "Please confirm you are over 18 to continue to this site."]),
     "age-verification"),
    (page(["Donate now", "Your gift helps refugees from Ukraine survive the winter in Poland and "
           "Moldova, and Russia's strikes make it harder.", "$20", "$30", "Give now", "Donate",
           "As a monthly donor, you stand with families who fled Ukraine.", "Donate"]), "donation"),
    (page(MENU, HEADLINES, MENU), "furniture"),
    (page(["Japan's prime minister dissolved the lower house of parliament on Friday for a snap vote.",
           "The gamble is meant to clear a path for her agenda and strengthen her standing abroad.",
           "Critics warn the move will delay approval of the fiscal budget at a moment of strain.",
           "Her party hopes to win back the majority it lost in the last general election."]),
     "not about the war"),
])
def test_pages_that_are_not_news_about_the_war_are_skipped(body: str, reason: str) -> None:
    text = "---\ntitle: Page\nsource: https://example.org/2026/02/05/page/\n---\n" + body
    with pytest.raises(PageSkipped, match=reason):
        parse_article(text)


def test_a_page_with_no_date_is_dated_by_the_latest_day_it_reports_on() -> None:
    text = ("---\ntitle: Talks end\nsource: https://example.org/world/talks-end\ndate: unknown\n---\n"
            + page(["Pictured in Munich on Jan. 22, 2026.",
                    "The second day of talks between Ukraine and Russia in Geneva ended early on Feb. 18.",
                    "On Feb. 16, Trump told reporters that Ukraine must move fast on a deal with Russia.",
                    "Negotiators from Ukraine and Russia will meet again on March 5 in Abu Dhabi."]))
    article = parse_article(text)
    assert article.published.isoformat() == "2026-02-18"  # not the planned March 5
    assert article.date_doubt and "latest day its text reports on" in article.date_doubt


def test_a_wall_title_over_a_long_report_keeps_the_report() -> None:
    sentences = [f"Russian forces attacked Ukrainian positions near Pokrovsk for the {n}th day, "
                 f"Ukraine's General Staff said in its report on the war." for n in range(4, 20)]
    text = ("---\ntitle: Age Verification - Some Blog\n"
            "source: https://blog.example.org/sitrep-russia-ukraine-week-ending-february-21-2026\n"
            "date: 2026-02-21\n---\n" + page(sentences))
    article = parse_article(text)
    assert article.facts and article.title == "Sitrep russia ukraine week ending february 21 2026"


@pytest.mark.parametrize(("line", "fact"), [
    ("KYIV, Feb 5 (Reuters) - Ukraine and Russia ended a round of talks.",
     "Ukraine and Russia ended a round of talks."),
    ("LONDON -- Trilateral talks between the negotiators concluded on Thursday.",
     "Trilateral talks between the negotiators concluded on Thursday."),
    ("KYIV, Ukraine — The U.S. has given Ukraine and Russia a June deadline.",
     "The U.S. has given Ukraine and Russia a June deadline."),
    ("Kyiv: Ukrainian President Volodymyr Zelenskyy said the next round is likely in Abu Dhabi.",
     "Ukrainian President Volodymyr Zelenskyy said the next round is likely in Abu Dhabi."),
    ("NATO - the alliance said it would keep supplying Ukraine with air defence.",
     "NATO - the alliance said it would keep supplying Ukraine with air defence."),
])
def test_datelines_are_not_part_of_the_fact(line: str, fact: str) -> None:
    assert DATELINE.sub("", line) == fact


# A crawler's dump of a page whose paragraphs had links: each paragraph breaks where a link
# was, the link's words stand alone on the next line, and the rest of the sentence follows
# or is lost.
LINKED = [
    "Delegations from Ukraine and Russia met in Geneva on Thursday for a third round of talks.",
    "The Ukrainian delegation was led by defence official Rustem Umerov, who",
    "told",
    "the talks were useful for both sides",
    "Negotiators discussed a ceasefire around the nuclear plant in Zaporizhzhia. Umerov said "
    "the meeting had been",
    "constructive",
    '"We are ready to keep talking about an energy truce in Geneva," the Kremlin spokesman',
    "said",
    "Officials in Kyiv expect a prisoner exchange between Ukraine and Russia next week. A fourth "
    "round could follow in",
    "Abu Dhabi",
    "Ukraine and Russia have not yet set a date for the next meeting of their delegations.",
]
LINKED_SENTENCES = [
    LINKED[0],
    "Negotiators discussed a ceasefire around the nuclear plant in Zaporizhzhia.",
    "Officials in Kyiv expect a prisoner exchange between Ukraine and Russia next week.",
    LINKED[10],
]


def linked_page(*blocks: list[str]) -> str:
    return ("# news.example.org\n\n## Metadata\n\n"
            "- **URL**: https://news.example.org/2026/02/19/geneva-talks/\n"
            "- **Scraped at**: 2026-02-20T08:00:00+00:00\n\n## Page Structure\n\n"
            "- # Negotiators meet again in Geneva\n\n## Content\n\n"
            + page(*blocks) + "\n\n## Links\n\n- [told](https://example.org/a)\n")


def test_sentences_broken_at_links_keep_their_whole_sentences_and_lose_the_pieces() -> None:
    article = parse_article(linked_page(
        MENU, ["Negotiators meet again in Geneva"], LINKED,
        ["Read also", "Russia and Ukraine swap prisoners ahead of the talks in Geneva"], MENU))
    assert [f.text for f in article.facts] == LINKED_SENTENCES
    body = " ".join(f.text for f in article.facts)
    # nothing glued across a link: neither the line before it nor the words after it
    for piece in ("who told", "had been constructive", "had been", "told the talks", "follow in",
                  "Abu Dhabi", "spokesman said", "ready to keep talking"):
        assert piece not in body
    reasons = dict(article.dropped)
    assert reasons["Umerov said the meeting had been"] == "a sentence broken where a link was"
    assert reasons["A fourth round could follow in"] == "a sentence broken where a link was"


def test_a_call_to_action_broken_at_its_link_stays_out() -> None:
    notes = ["Click", "here", "to see our interactive map of the front line in Ukraine. The map is "
             "updated daily alongside the static maps in this report.", "Click", "here",
             "to read our full coverage of the war in Ukraine. Use a computer rather than a "
             "phone to explore the data."]
    article = parse_article(linked_page(["Negotiators meet again in Geneva"], notes, LINKED))
    assert [f.text for f in article.facts] == LINKED_SENTENCES


@pytest.mark.parametrize("after", [
    "Abu Dhabi",  # the link's words start a new line in capitals: maybe a headline, not a hole
    "",  # nothing follows
])
def test_an_unfinished_line_is_mended_only_where_a_link_broke_it(after: str) -> None:
    line = "Officials expect a prisoner exchange between the two sides next week. A fourth round could"
    cleaned = clean_text(page(ARTICLE[2:3], [line], [after] if after else []), has_headline=False)
    assert cleaned.paragraphs == ARTICLE[2:3]
    cleaned = clean_text(page(ARTICLE[2:3], [line, "follow"]), has_headline=False)
    assert cleaned.paragraphs == [ARTICLE[2],
                                  "Officials expect a prisoner exchange between the two sides next week."]


def test_a_teaser_cut_off_is_not_mended() -> None:
    teaser = "Officials expect a prisoner exchange between the two sides next week. A fourth round…"
    cleaned = clean_text(page(ARTICLE[2:3], [teaser, "more"]), has_headline=False)
    assert cleaned.paragraphs == ARTICLE[2:3]


def test_a_quote_that_ends_on_a_comma_waits_for_its_speaker() -> None:
    assert furniture_reason('"We will not give up any of our land to the invaders in the east,"') \
        is not None


def test_a_paragraph_that_opened_with_a_lost_link_keeps_its_whole_sentences() -> None:
    # The page lost the link that opened the paragraph ("[Russia has expanded its role]"):
    # the piece left is dropped, the sentences after it are the article's.
    opened = ("in sub-Saharan Africa in recent years. An end to the war could prompt Moscow to send "
              "more soldiers to that region, where 20,000 Russian mercenaries are active.")
    cleaned = clean_text(page(ARTICLE[2:3], [opened], ARTICLE[4:5]), has_headline=False)
    assert cleaned.paragraphs == [ARTICLE[2], opened.split(". ", 1)[1], ARTICLE[4]]


def test_a_note_number_glued_after_a_year_is_not_part_of_the_sentence() -> None:
    assert normalize_line("The strike damaged the pipeline on January 27, 2026.15 Repairs are slow.") == (
        "The strike damaged the pipeline on January 27, 2026. Repairs are slow.")
    assert normalize_line("Growth slowed to 2.15 percent.") == "Growth slowed to 2.15 percent."
