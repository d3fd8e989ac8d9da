"""Sentence boundaries and attribution on invented news sentences."""

from __future__ import annotations

import pytest

from knowledge.attribution import attribute
from knowledge.sentences import fact_units, split_sentences


@pytest.mark.parametrize(("paragraph", "count"), [
    ("The U.S. envoy met Ukrainian officials in Geneva. They talked for six hours.", 2),
    ("Talks resumed on Feb. 17 in Geneva. A third round is planned.", 2),
    ("Gen. Valery Gerasimov said the offensive would continue. Kyiv disagreed.", 2),
    ("U.S. Vice President J.D. Vance met the delegation. The meeting was brief.", 2),
    ("The E.U. and the U.K. backed the plan on Monday. Moscow rejected it.", 2),
    ("Mr. Umerov said the talks were useful. Mr. Medinsky agreed.", 2),
])
def test_abbreviations_and_initials_do_not_end_sentences(paragraph: str, count: int) -> None:
    sentences = split_sentences(paragraph)
    assert len(sentences) == count
    assert "".join(sentences).replace(" ", "") == paragraph.replace(" ", "")


def test_a_quote_spanning_sentences_stays_whole() -> None:
    paragraph = ("“We are ready for a ceasefire. But Russia must stop the strikes first,” Umerov "
                 "said. The next round is set for March.")
    assert fact_units(paragraph) == [
        "“We are ready for a ceasefire. But Russia must stop the strikes first,” Umerov said.",
        "The next round is set for March."]


def test_a_trailing_quote_joins_the_sentence_naming_its_speaker() -> None:
    paragraph = "Sybiha wrote on X that the strikes had resumed. “This is not how peace looks.”"
    assert len(fact_units(paragraph)) == 1


@pytest.mark.parametrize(("sentence", "speaker", "reporter"), [
    ("Peskov told Reuters the Kremlin was ready for a third round in Abu Dhabi.", "Peskov", "Reuters"),
    ("According to TASS, the Russian delegation arrived in Geneva on Monday.", None, "TASS"),
    ("According to the Ukrainian air force, Russia launched 120 drones overnight.",
     "the Ukrainian air force", None),
    ("Russia launched 120 drones overnight, according to Ukrainian authorities.",
     "Ukrainian authorities", None),
    ("Zelenskyy said in a video address that the talks would resume next week.",
     "Zelenskyy", "video address"),
    ("Zelenskyy, speaking in his nightly video address, said Ukraine would back any format.",
     "Zelenskyy", "video address"),
    ("Foreign Minister Andrii Sybiha wrote on X that the ceasefire had been broken twice.",
     "Sybiha", "X"),
    ("Governor Oleh Syniehubov said on Telegram that two people were injured in the strike.",
     "Syniehubov", "Telegram"),
    ("Medinsky, a former culture minister who leads the delegation, said the talks were useful.",
     "Medinsky", None),
    ("General Valery Gerasimov, chief of the General Staff of the Armed Forces, has said the "
     "treaty still binds Moscow.", "Gerasimov", None),
    ("Dmitry Medvedev, deputy chairman of the Security Council, said victory would come soon.",
     "Medvedev", None),
    # Long asides: what a person was and is now, where they sat and for how long.
    ("Kyrylo Budanov, formerly the head of Ukrainian military intelligence and now serving as the "
     "head of the presidential office, confirmed in a post to X that 157 prisoners were home.",
     "Budanov", "X"),
    ("Rustem Umerov, who sat with US envoys Steve Witkoff and Jared Kushner in the Hotel des "
     "Bergues for about six hours, said that the talks were substantive.", "Umerov", None),
    # An aside in dashes, an acronym after the name, an adverb before the verb.
    ("Marco Rubio -- who was not at the Geneva meeting -- said only Washington could end the war.",
     "Rubio", None),
    ("The International Atomic Energy Agency (IAEA) said Friday that a local truce took effect.",
     "the International Atomic Energy Agency", None),
    ("Bortnikov publicly confirmed that the discussions with Durov had broken down.", "Bortnikov", None),
    # An institution's name goes on after "of".
    ("The Russian Ministry of Defense (MoD) claimed on February 7 that its forces took a village.",
     "the Russian Ministry of Defense", None),
    ("Russia's Ministry of Foreign Affairs said it was ready to talk.",
     "Russia's Ministry of Foreign Affairs", None),
    ("Ukraine's Ministry of Community and Territorial Development reported on February 2 that a "
     "train was struck.", "Ukraine's Ministry of Community and Territorial Development", None),
    # "Reported that" names a source; a report as a noun, or fighting reported, names nobody.
    ("The Ukrainian General Staff reported that its forces struck two air defense systems.",
     "the Ukrainian General Staff", None),
    ("Recent reports highlight the toll: three people were killed in attacks on Kharkiv.", None, None),
    ("Fighting was reported in eastern and southern regions over the past 24 hours.", None, None),
    ("About 3.7 million people were displaced, according to data from the U.N. refugee agency.",
     "the U.N. refugee agency", None),
    ("Ryabkov answered to the FSB, according to US Ambassador John J. Sullivan, who met him often.",
     "Sullivan", None),
    ("On Feb. 16, the day before the talks, Trump revisited the topic once more.", None, None),
    ("The two delegations met for six hours in a hotel near the lake.", None, None),
    ("Unconfirmed claims: a blogger wrote that troops had entered the village overnight.", None, None),
    ("Russia's Defense Ministry said air defenses downed 40 drones over the Krasnodar region.",
     "Russia's Defense Ministry", None),
    ("A European intelligence official said the briefings had changed little over the months.",
     None, None),
    ("“It was not that simple,” said Haines.", "Haines", None),
    ("Counterattacks may have thrown the offensive off balance, said the ISW.", "the ISW", None),
    ("The Kremlin spokesperson, Dmitry Peskov, said on Wednesday the fighting would go on.",
     "Peskov", None),
    ("Kozak was kept in the dark, said two well-connected Russian sources.", None, None),
    ("Rustem Umerov, head of the delegation, gave a brief statement, describing the talks as "
     "“intensive and substantive.”", "Umerov", None),
    ("Russian forces attacked Kharkiv overnight, killing two people and wounding nine.", None, None),
    ("It was here, Zelenskyy recalled, that he answered an evacuation offer from US leaders.",
     "Zelenskyy", None),
])
def test_speaker_and_reporter(sentence: str, speaker: str | None, reporter: str | None) -> None:
    found = attribute(sentence, None)
    assert (found.speaker, found.reported_by) == (speaker, reporter)


def test_he_is_the_last_person_named() -> None:
    assert attribute("He said the meeting would take place in Istanbul.", "Umerov").speaker == "Umerov"
    assert attribute("Of course, he said, victory meant peace.", "Umerov").speaker == "Umerov"


def test_institutions_and_places_are_not_the_he_of_the_next_sentence() -> None:
    first = attribute("Moscow said the talks would resume in Geneva next week.", "Umerov")
    assert (first.speaker, first.speaker_is_person) == ("Moscow", False)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Dmitriev also criticized what he said were warmongers trying to hinder the process.", "Dmitriev"),
    ("Foreign Minister Sergei Lavrov described the meeting as useful, though he noted that gaps remain.",
     "Lavrov"),
    # A role in lower case between the capitalised words and the name.
    ("Kremlin spokesman Dmitry Peskov disputed the figures: “They cannot be trusted,” he stated.",
     "Peskov"),
    ("US special envoy Steve Witkoff arrived late, and he said the talks had gone well.", "Witkoff"),
])
def test_he_is_first_the_person_the_sentence_opens_with(sentence: str, expected: str) -> None:
    assert attribute(sentence, "Umerov").speaker == expected


def test_a_quotation_standing_alone_goes_on_with_the_person_just_quoted() -> None:
    from knowledge.ingest import parse_article

    text = ("Zelensky interview\n\n"
            "Putin, Zelensky told me, has already started a world war.\n\n"
            '"I believe that stopping him today is a victory for the whole world."\n\n'
            "“Russia can go on for years,” she predicted, citing the budget.\n\n"
            "Given everything he had said, I asked about the front.\n")
    parsed = parse_article(text, outlet="BBC", url="https://www.bbc.com/news/x", published="2026-02-20")
    speakers = {f.text[:12]: f.speaker for f in parsed.facts}
    assert speakers['"I believe t'] == "Zelensky"
    assert speakers["“Russia can "] != "Zelensky"  # she predicted: someone else's words
    assert speakers["Given everyt"] != "Given"  # an opening word, not a name
