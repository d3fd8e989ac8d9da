"""Questions in Ukrainian and Russian: which language, and the English words they mean."""

from __future__ import annotations

import pytest

from knowledge.glossary import (
    Glossary,
    glossary_for,
    glossary_lines,
    parse_glossary,
    variant_words,
    voice_order,
)
from knowledge.language import detect_language, english_question, language_of_hint
from knowledge.question_types import question_type
from knowledge.transliteration import russian_latin, ukrainian_latin


@pytest.mark.parametrize(("question", "language"), [
    ("Will Zelensky go to Moscow?", "en"),
    ("Чи поїде Зеленський до Москви?", "uk"),  # ї, і
    ("Поедет ли Зеленский в Москву?", "ru"),  # no letter of its own: "ли" is Russian only
    ("Где пройдут переговоры?", "ru"),  # ы
    ("Коли переговори?", "uk"),  # no letter of its own: "коли" is Ukrainian only
    ("what did Пєсков say", "uk"),  # one Cyrillic word is enough
    ("deepstate мапа", "uk"),  # no letter of its own: only Ukrainian's word lists have "мапа"
    ("Зеленский Москва", "ru"),  # only Russian's lists have the name spelt so
    ("Zelensky & Putin: 2026?", "en"),
])
def test_the_letters_and_common_words_tell_the_language(question: str, language: str) -> None:
    assert detect_language(question) == language


def test_the_askers_language_decides_only_what_the_text_leaves_open() -> None:
    undecided = "Путин Москва"  # letters and words both languages have
    assert detect_language(undecided, "ru") == "ru"
    assert detect_language(undecided, "ru-RU") == "ru"
    assert detect_language(undecided, "uk") == "uk"
    assert detect_language(undecided, "de") == "ru"  # no useful hint: no і ї є is likelier Russian
    # The text's own evidence wins over the app's language, and English stays English.
    assert detect_language("Чи поїде Зеленський до Москви?", "ru") == "uk"
    assert detect_language("Поедет ли Зеленский в Москву?", "uk") == "ru"
    assert detect_language("Will Zelensky go to Moscow?", "uk") == "en"


@pytest.mark.parametrize(("hint", "language"), [
    ("uk", "uk"), ("UK_ua", "uk"), ("ru-RU", "ru"), ("en", "en"), ("pt-br", "en"), (None, "en"), ("", "en"),
])
def test_language_codes_are_read_by_their_first_part(hint: str | None, language: str) -> None:
    assert language_of_hint(hint) == language


def test_an_english_question_is_not_translated() -> None:
    question = "When is the second round of talks?"
    assert english_question(question, "en") is question


@pytest.mark.parametrize(("language", "question", "english"), [
    ("uk", "Чи поїде Зеленський до Москви?", "go Zelensky to Moscow"),
    ("ru", "Поедет ли Зеленский в Москву?", "go Zelensky in Moscow"),
    # Inflected forms meet the glossary's dictionary forms; question words keep their place.
    ("uk", "Коли відбудеться другий раунд переговорів?", "when take place second round talks"),
    ("ru", "Когда состоится второй раунд переговоров?", "when take place second round talks"),
    ("uk", "Скільки полонених звільнили?", "how many prisoners release"),
    ("ru", "Чего требует Россия от Украины в обмен на гарантии безопасности?",
     "what demand Russia from Ukraine in exchange on security guarantees"),
    # A phrase read whole, not as its modifier alone ("гражданская война" read "civil").
    ("ru", "Гражданская война в Сирии", "civil war in Syria"),
    ("ru", "Мировая война", "world war"),
    ("uk", "Корінні причини війни", "root causes war"),
    ("uk", "Рамкова угода", "framework agreement"),
    # "To what extent", in both languages: not "how far", which asks for a distance.
    ("uk", "Наскільки важливі гарантії?", "how important guarantee"),
    ("ru", "Насколько важны гарантии?", "how important guarantee"),
])
def test_questions_become_the_english_words_retrieval_reads(language: str, question: str,
                                                            english: str) -> None:
    assert english_question(question, language) == english


def test_whose_words_are_asked_for_reads_as_in_english() -> None:
    assert english_question("Що сказав Пєсков Sky News?", "uk") == "what did Peskov say Sky News"
    assert english_question("Что Песков сказал о перемирии?", "ru") == "what did Peskov say about ceasefire"
    assert voice_order(["how", "many", "prisoners", "say"]) == ["how", "many", "prisoners", "say"]


def test_a_name_the_glossary_lacks_is_written_in_latin_letters() -> None:
    # "Залуцький" and "Порошенко" are in no glossary: the dictionary form of the surname,
    # in the spelling English news uses.
    assert english_question("Що сказав Залуцький?", "uk") == "what did zalutskyi say"
    assert english_question("Что сказал Порошенко?", "ru") == "what did poroshenko say"


def test_a_word_the_glossary_lacks_is_kept_not_guessed_away() -> None:
    # The axolotl is in no glossary: it stays in the question, so retrieval can see that the
    # question is about something the base does not know.
    english = english_question("Хто переміг на виборах, аксолотль?", "uk")
    assert english.startswith("who ") and "elections" in english and "aksolotl" in english


def test_everyday_words_and_function_words_the_glossary_lacks_are_dropped() -> None:
    glossary = glossary_for("uk")
    assert glossary.translate("Зеленський, мабуть, поїде") == "Zelensky go"  # "мабуть": perhaps


def test_english_words_and_numbers_pass_through() -> None:
    assert english_question("Що Rubio сказав 27 лютого про NATO?", "uk") == (
        "what did Rubio say 27 February about NATO")


def test_the_national_transliteration_of_ukrainian() -> None:
    assert ukrainian_latin("Гнатов") == "hnatov"
    assert ukrainian_latin("Єрмак") == "yermak"
    assert ukrainian_latin("Умєров") == "umierov"
    assert ukrainian_latin("Згурський") == "zghurskyi"
    assert ukrainian_latin("Куп'янськ") == "kupiansk"
    assert ukrainian_latin("Юрій") == "yurii"


def test_russian_names_are_spelt_as_english_news_spells_them() -> None:
    assert russian_latin("Нарышкин") == "naryshkin"
    assert russian_latin("Медведев") == "medvedev"


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_no_glossary_variant_means_two_things(language: str) -> None:
    glossary = glossary_for(language)
    meanings: dict[tuple[str, ...], str] = {}
    for english, variants in parse_glossary(glossary_lines(language)):
        assert english and variants, f"{english}: a line without its English or its variants"
        for variant in variants:
            if variant.endswith("-"):
                continue  # a prefix of compound words, looked up apart from whole words
            words = variant_words(variant)
            # A form marked "=" is read as written, never by its dictionary form.
            key = tuple(words if variant.startswith("=") else map(glossary.dictionary_form, words))
            assert meanings.setdefault(key, english) == english, (
                f"{variant!r} is both {meanings[key]!r} and {english!r}")


def test_a_question_words_case_decides_what_it_asks_for() -> None:
    # "какого числа" asks for a date; "какое число пленных" for a number of prisoners.
    assert english_question("Какого числа пройдут переговоры?", "ru").startswith("what date")
    assert "date" not in english_question("Какое число пленных обменяли?", "ru")
    assert "date" not in english_question("Яке число полонених обміняли?", "uk")


def test_ukrainians_two_spellings_of_a_first_u_or_v_are_one_word() -> None:
    glossary = Glossary("uk", ["killed: вбити", "already: вже"], glossary_for("uk")._morph)
    assert glossary.translate("Скільки убито?") == glossary.translate("Скільки вбито?") == "killed"
    assert glossary.translate("уже") == "already"


def test_a_ukrainian_participle_is_read_by_the_act_it_names() -> None:
    # The dictionary lists "звільнений" as an adjective of its own, not under "звільнити".
    assert english_question("Скільки звільнених полонених?", "uk") == "how many released prisoners"
    assert "vykradenykh" not in english_question("Скільки викрадених дітей повернули?", "uk")


def test_a_compound_word_is_read_by_its_prefix_and_the_rest() -> None:
    assert english_question("Скільки коштувала енергокриза?", "uk").endswith("energy crisis")
    glossary = Glossary("ru", ["air: авиа-", "strike: удар", "Kyiv: Киев"], glossary_for("ru")._morph)
    assert glossary.translate("авиаудар по Киеву") == "air strike Kyiv"
    assert english_question("Що сказав замміністра оборони?", "uk") == "what did deputy minister defense say"
    # A compound is no misspelling of a word two edits away ("медіана", a median).
    assert english_question("дані медіазони", "uk").endswith("media zone")


def test_a_genitive_after_according_to_names_whose_word_it_is() -> None:
    assert english_question("Скільки загиблих за даними генсека НАТО?", "uk").endswith(
        "according to NATO's secretary general")


def test_a_misspelling_is_not_read_as_a_word_shorter_than_a_correction_needs() -> None:
    assert "cancer" not in english_question("Сколько ракте запустила Россия?", "ru")


def test_a_word_the_glossary_lacks_is_read_as_its_kin_of_the_same_root() -> None:
    assert "prime minister" in english_question("Що сказала прем'єрка?", "uk")
    glossary = Glossary("ru", ["frustration: недовольство", "withdrawal: вывод"], glossary_for("ru")._morph)
    assert glossary.translate("недоволен") == "frustration"
    # Only a long shared root counts: "вывезти" shares "выв" with "вывод", nothing more.
    assert glossary.translate("вывезти") == "vyvezti"


def test_superlatives_relative_adjectives_and_ordinals_are_read_by_what_they_are_made_of() -> None:
    assert english_question("Який рік був найкривавішим?", "uk").endswith("bloody")
    assert english_question("Які нафтові санкції?", "uk").endswith("oil sanctions")
    assert english_question("Ракетный удар по Киеву", "ru").startswith("missile strike")
    assert english_question("Коли ЄС ухвалить 20-й пакет?", "uk") == "when EU adopt 20 package"
    # A compound's rest is read as written, not as a misspelling of another word.
    assert "heat" not in english_question("Що сказав генсека?", "uk")


def test_a_misspelt_word_is_read_as_the_glossary_word_nearest_to_it() -> None:
    # Within one edit (two in a long word), keeping the first letter, as retrieval corrects
    # misspelt English against the base.
    assert english_question("Чи поїде Зеленскій до Маскви?", "uk") == "go Zelensky to Moscow"
    assert english_question("Когда закончится перемирее?", "ru") == "when end ceasefire"


def test_a_misspelt_inflected_word_is_read_by_the_dictionary_form_it_misspells() -> None:
    # The glossary lists "ракета" and "російський"; the typo is one edit from the forms
    # "ракет" and "російським", two or more from the glossary's own words.
    assert english_question("Сколько ракте запустила Россия?", "ru").startswith("how many missile")
    assert english_question("новобранцям російськмм", "uk") == "recruit Russian"
    glossary = Glossary("uk", ["Grossi: Гроссі", "money: гроші"], glossary_for("uk")._morph)
    # The dictionary knows "гроші" (money), one edit away too; the glossary's name is
    # looked for first.
    assert glossary.translate("що сказав гросі") == "Grossi"


def test_a_misspelling_is_read_as_the_likeliest_slip() -> None:
    # A letter typed once for two: "весеннее" (spring), not "веселее" (merrier), one edit too.
    assert english_question("весенее наступление", "ru") == "spring offensive"
    # A word of the glossary one edit away is no better than the dictionary's: "повинна"
    # (must), not "провина" (blame).
    assert "must" in english_question("україна повина бити", "uk").split()
    assert english_question("воздушнные силы", "ru") == "air force"


def test_a_word_the_glossary_has_only_inside_a_phrase_is_read_alone_but_joins_no_other_phrase() -> None:
    # "железный" is in "железная дорога" (railway) only; alone it reads as "железо".
    assert english_question("железные гарантии безопасности", "ru") == "iron security guarantees"
    # "часовим" reads alone as "час" (time), but "під часовим яром" is not "під час" (during).
    assert "Chasiv Yar" in english_question("що під часовим яром", "uk")


def test_abbreviations_of_figures_and_terms_are_read_in_full() -> None:
    assert english_question("кредит в 90 млрд евро", "ru") == "loan in 90 billion euros"
    assert english_question("вимога ПДЧ", "uk").endswith("Membership Action Plan")


def test_a_word_too_long_to_be_a_misspelling_is_not_corrected() -> None:
    # Its one-edit neighbours alone would fill gigabytes: a fuzzed question once did.
    garbage = "щ" + "ж" * 5000
    assert english_question(f"що таке {garbage}?", "uk") == "what " + ukrainian_latin(garbage)


def test_a_plural_and_a_question_word_are_read_in_their_own_sense() -> None:
    # "людей" is "люди" (people), not "людина" (a human); "яку" is "яка" (which), not a yak.
    assert english_question("скільки людей", "uk") == "how many people"
    assert english_question("яку частину", "uk") == "which part"


def test_a_region_or_an_adjective_named_after_a_place_or_person_is_read_as_that_name() -> None:
    assert english_question("Що відбувається на Вінниччині?", "uk").endswith("Vinnytsia region")
    assert english_question("обстрелы на Донетчине", "ru") == "shelling on Donetsk region"
    assert english_question("трамповская администрация", "ru") == "Trump administration"
    assert english_question("путінський режим", "uk") == "Putin regime"
    # Words that only end like a region stay themselves.
    assert english_question("причина", "ru") == "reason"


def test_a_hyphenated_word_the_glossary_lacks_is_read_part_by_part() -> None:
    assert english_question("російсько-українська війна", "uk") == "Russian Ukrainian war"
    assert english_question("американо-российские переговоры", "ru") == "American Russian talks"
    assert english_question("генерал-лейтенант", "uk") == "general lieutenant"
    # A hyphenated word the glossary holds whole stays whole.
    assert english_question("Абу-Дабі", "uk") == "Abu Dhabi"


def test_a_name_in_the_genitive_reads_as_an_english_possessive() -> None:
    assert english_question("Що заявив речник Кремля про обмін?", "uk") == (
        "what did Kremlin's spokesperson say about exchange")
    assert english_question("Что ответил главный дипломат Украины?", "ru") == (
        "what did Ukraine's main diplomat respond")
    assert english_question("Что ответил главный переговорщик Украины?", "ru") == (
        "what did Ukraine's chief negotiator respond")
    # Not a common noun: "раунд переговорів" keeps the order of "round of talks".
    assert english_question("другий раунд переговорів", "uk") == "second round talks"


def test_russian_pronouns_tagged_as_adjectives_are_dropped() -> None:
    assert english_question("Что об этом сказал Песков?", "ru") == "what did Peskov say"


@pytest.mark.parametrize(("question", "language"), [
    ("енергетичне перемир'я", "uk"), ("зеленського запросили до москви?", "uk"), ("питання обміну", "uk"),
    ("энергетическое перемирие", "ru"), ("зеленского пригласили", "ru"),
])
def test_spellings_only_one_language_has_tell_them_apart_without_their_letters(question: str,
                                                                                 language: str) -> None:
    assert detect_language(question) == language


def test_asking_whether_one_should_is_no_question_of_cost_or_guards() -> None:
    # "стоит" alone is what something costs; "стоит ли" asks whether one should.
    assert english_question("стоит ли Украине уступать", "ru") == "Ukraine concede"
    assert english_question("сколько стоит ракета", "ru") == "how much cost missile"
    assert english_question("во сколько обойдется восстановление", "ru") == "how much cost reconstruction"
    assert english_question("скільки коштуватиме відбудова", "uk") == "how much cost reconstruction"
    assert english_question("чи варто Україні поступатися", "uk") == "Ukraine concede"


def test_in_the_world_is_the_world_and_peace_is_also_read_as_the_world() -> None:
    assert english_question("крупнейший в мире", "ru").endswith("world")
    assert "world" in glossary_for("ru").alternatives("мир в Украине")["peace"]


def test_words_once_held_only_inside_phrases_are_read_alone() -> None:
    # "міністерство" was only in "міністерство закордонних справ", "житель" only in
    # "мирный житель"; "вистачити" was in no line.
    assert english_question("міністерство юстиції", "uk") == "ministry justice"
    assert english_question("жители Донецка", "ru") == "Donetsk's resident"
    assert english_question("чи вистачить грошей", "uk") == "enough money"


def test_a_name_that_is_a_form_of_an_everyday_word_is_read_as_the_name() -> None:
    # "кличко" is also a form of "кличка" (a nickname) to the dictionary.
    assert english_question("по словам кличко", "ru") == "according to Klitschko"


def test_an_adjective_of_a_place_the_war_news_names_is_read_as_the_place() -> None:
    assert english_question("лисичанський напрямок", "uk") == "Lysychansk direction"
    assert english_question("удар по саратовскому НПЗ", "ru") == "strike on Saratov refinery"


def test_at_all_is_no_topic_in_either_language() -> None:
    # "Взагалі" read "generally" matched the General Staff.
    assert english_question("коли взагалі почалася війна", "uk") == "when begin war"
    assert english_question("когда вообще началась война", "ru") == "when start war"


def test_a_name_after_a_question_phrase_is_not_its_owner() -> None:
    # "какого числа НАТО запустило…" asks for a date; "NATO's what date" asked for nothing.
    reading = english_question("какого числа НАТО запустило инициативу?", "ru")
    assert reading.startswith("what date NATO") and question_type(reading) == "date"
    # Nor is an adjective in the genitive a name's possessive: the German embassy's workers.
    assert english_question("скількох працівників німецького посольства евакуювали", "uk") == (
        "how many worker German embassy evacuate")


def test_a_word_in_a_phrase_of_the_glossary_is_still_read_by_its_kin() -> None:
    # "экстренный" is in "в экстренном порядке" only; alone it is read as "экстренно".
    assert english_question("сколько экстренной помощи", "ru") == "how many urgently aid"


@pytest.mark.parametrize(("question", "language", "english"), [
    ("крилата ракета", "uk", "cruise missile"),  # not "cruise": the phrase keeps its noun
    ("Россия тянет время", "ru", "Russia stall"),  # not "pull time"
    ("с точки зрения экономики", "ru", "economy"),  # no "view"
    ("в составе делегации", "ru", "delegation"),
    ("серед загиблих", "uk", "among dead"),  # "серед" is no Wednesday ("середа")
    ("захід більше не бере", "uk", "west more not take"),  # more, not bigger
    ("чи має Україна право", "uk", "have Ukraine right"),  # "право" was dropped unread
])
def test_fixed_expressions_and_common_words_read_as_meant(question: str, language: str,
                                                          english: str) -> None:
    assert english_question(question, language) == english


@pytest.mark.parametrize(("question", "language", "english"), [
    ("колонами техніки", "uk", "column equipment"),  # "техніки": техніка, not технік
    ("транзит газу", "uk", "gas transit"),  # "газу": газ, not Газа
    ("что сказал Дмитрий Песков", "ru", "what did Peskov say"),  # no Dmitriev in it
    ("примет ли Россия план", "ru", "accept Russia plan"),
])
def test_a_form_two_words_share_is_read_as_the_news_means_it(question: str, language: str,
                                                              english: str) -> None:
    assert english_question(question, language) == english


def test_a_form_marked_as_written_is_not_read_by_its_dictionary_form() -> None:
    morph = glossary_for("uk")._morph
    glossary = Glossary("uk", ["equipment: техніка, =техніки", "technician: технік"], morph)
    assert glossary.translate("техніки") == "equipment"
    assert glossary.translate("технікові") == "technician"  # the marked form only


def test_hosting_is_the_other_sense_of_accepting() -> None:
    assert english_question("какая страна примет переговоры", "ru") == "which country accept talks"
    assert glossary_for("ru").alternatives("какая страна примет переговоры")["accept"][0] == "host"


def test_the_words_read_in_one_of_several_senses_carry_the_others() -> None:
    glossary = Glossary("ru", ["export: вывезти", "Zelensky: Зеленский", "emergency: экстренный"],
                        glossary_for("ru")._morph, ["вывезти: evacuate, take out", "вывезти: remove, export"])
    assert glossary.translate("Предлагали вывезти Зеленского?") == "predlagali export Zelensky"
    # Both lines of the word, bar the sense it is read in.
    assert glossary.alternatives("Предлагали вывезти Зеленского?") == {
        "export": ("evacuate", "take out", "remove")}
    assert glossary.alternatives("экстренная помощь Зеленскому") == {}


@pytest.mark.parametrize(("language", "question", "kind"), [
    ("uk", "Відколи діє перемир'я?", "date"), ("uk", "З якого часу діє перемир'я?", "date"),
    ("ru", "С каких пор действует перемирие?", "date"),
    ("ru", "С какого времени действует перемирие?", "date"),
    ("uk", "Який відсоток області контролює Україна?", "quantity"),
    ("ru", "Какой процент области контролирует Украина?", "quantity"),
    ("en", "What percent of the region does Ukraine control?", "quantity"),
    ("uk", "Що стало причиною зриву переговорів?", "cause"),
    ("ru", "Что привело к срыву переговоров?", "cause"),
    ("uk", "Скільки тривала зустріч?", "duration"),  # not "how many long"
    ("ru", "В течение какого времени действует перемирие?", "duration"),
    ("ru", "Во сколько раз выросли цены?", "quantity"),  # not "во сколько", what time
    ("ru", "Для чего нужны гарантии?", "cause"), ("uk", "Для чого потрібні гарантії?", "cause"),
    ("en", "For what purpose were the troops sent?", "cause"),
    ("en", "In which cities were the strikes?", "place"),
    ("uk", "Якої дати обмін?", "date"),  # not "which give"
])
def test_a_question_word_asks_for_the_same_kind_of_answer_in_every_language(
        language: str, question: str, kind: str) -> None:
    assert question_type(english_question(question, language)) == kind
