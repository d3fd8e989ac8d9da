"""negobot's own words in answers, in each language it answers in: one table, one place.

The facts stay as published (in English); what negobot says around them ("Source:", "Also:",
"As of 27 February 2026", the decline) is said in the asker's language, from `WORDING`.
`knowledge.answers` builds the plain text from it and `bot.render` the Telegram HTML, so
both fronts say the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .language import ENGLISH, RUSSIAN, UKRAINIAN


@dataclass(frozen=True)
class Plural:
    """A noun's forms after a number: English needs two, Ukrainian and Russian three."""

    one: str  # 1, 21, 31… (English: 1 only)
    few: str  # 2–4, 22–24… (English: the plural)
    many: str  # 0, 5–20, 25–30…

    def of(self, n: int, language: str) -> str:
        if language == ENGLISH:
            return self.one if n == 1 else self.many
        if n % 10 == 1 and n % 100 != 11:
            return self.one
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return self.few
        return self.many


@dataclass(frozen=True)
class Wording:
    """What negobot says around the facts, in one language."""

    months: tuple[str, ...]  # as a date writes them: "27 February 2026", "27 лютого 2026"
    undated: str
    source: str  # before the source of the leading fact
    also: str  # heading of the supporting facts
    earlier: str  # heading of what was said before on the same point
    other_side: str  # heading of what the other side said on the point of one side's word
    other_sides: str
    each_side: str  # heading when the leading fact is no side's word
    side_names: dict[str, str]  # Kyiv, Moscow, Washington as the language names them
    via: str  # "Zelenskyy, via RBC-Ukraine"
    reported_by: str  # {first}: the first outlet, {more}: how many more
    as_of: str  # {day}
    as_of_unknown: str
    # Said before the facts when they are in another language than the answer's.
    as_published: str | None
    no_fact: str
    covers: str  # {facts} {facts_noun} {articles} {articles_noun}
    facts_noun: Plural
    articles_noun: Plural
    how_to_ask: str  # {example}
    example: str  # a question the bundled seed article answers
    see_also: str  # the bot's pointer to /latest and /sources under a decline
    trimmed: str  # {id}: the leading fact, shown in full by /fact
    sources_button: str
    more_button: str
    full_fact_button: str  # {id}
    newest_button: str
    inline_decline_title: str  # inline mode: the result offered instead of an answer
    inline_decline_hint: str


WORDING: dict[str, Wording] = {
    ENGLISH: Wording(
        months=("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"),
        undated="undated",
        source="Source: ",
        also="Also:",
        earlier="Earlier:",
        other_side="The other side:",
        other_sides="The other sides:",
        each_side="What each side says:",
        side_names={"Kyiv": "Kyiv", "Moscow": "Moscow", "Washington": "Washington"},
        via="via",
        reported_by="Reported by {first} and {more} more",
        as_of="As of {day} (the newest source used).",
        as_of_unknown="As of: no source of this answer states its date.",
        as_published=None,
        no_fact="I have no sourced fact that answers that, so I won't guess.",
        covers=("I answer from {facts} {facts_noun} taken from {articles} news {articles_noun} on "
                "the Russia–Ukraine peace talks: who said what, meetings and venues, ceasefires, "
                "demands and sticking points."),
        facts_noun=Plural("fact", "facts", "facts"),
        articles_noun=Plural("article", "articles", "articles"),
        how_to_ask="Ask in plain words and name the people or places, e.g. “{example}”",
        example="Will Zelensky go to Moscow?",
        see_also="See /latest for the newest facts and /sources for the articles.",
        trimmed="✂ Trimmed to fit one message: /fact {id} shows it in full.",
        sources_button="Sources",
        more_button="More like this",
        full_fact_button="Full fact #{id}",
        newest_button="Newest facts",
        inline_decline_title="No sourced answer to that",
        inline_decline_hint="Tap to send what I cover instead",
    ),
    UKRAINIAN: Wording(
        months=("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
                "вересня", "жовтня", "листопада", "грудня"),
        undated="без дати",
        source="Джерело: ",
        also="Також:",
        earlier="Раніше:",
        other_side="Інша сторона:",
        other_sides="Інші сторони:",
        each_side="Що каже кожна сторона:",
        side_names={"Kyiv": "Київ", "Moscow": "Москва", "Washington": "Вашингтон"},
        via="за даними",
        reported_by="Повідомили {first} і ще {more}",
        as_of="Станом на {day} (найновіше з використаних джерел).",
        as_of_unknown="Станом на: жодне з джерел цієї відповіді не вказує дати.",
        as_published="Текст джерела англійською, як його опубліковано:",
        no_fact="Я не маю факту з джерелом, який відповідає на це, тож не вгадуватиму.",
        covers=("Я відповідаю на основі {facts} {facts_noun} з {articles} {articles_noun} про мирні "
                "переговори Росії та України: хто що сказав, зустрічі й місця їх проведення, "
                "перемир'я, вимоги та суперечливі питання."),
        facts_noun=Plural("факту", "фактів", "фактів"),
        articles_noun=Plural("новинної статті", "новинних статей", "новинних статей"),
        how_to_ask="Питайте простими словами й називайте людей чи місця, наприклад: «{example}»",
        example="Чи поїде Зеленський до Москви?",
        see_also="Найновіші факти — /latest, статті — /sources.",
        trimmed="✂ Скорочено, щоб вміститися в одне повідомлення: /fact {id} покаже факт повністю.",
        sources_button="Джерела",
        more_button="Ще схожі",
        full_fact_button="Факт #{id} повністю",
        newest_button="Найновіші факти",
        inline_decline_title="Немає відповіді з джерелом",
        inline_decline_hint="Натисніть, щоб надіслати, про що я знаю",
    ),
    RUSSIAN: Wording(
        months=("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"),
        undated="без даты",
        source="Источник: ",
        also="Также:",
        earlier="Ранее:",
        other_side="Другая сторона:",
        other_sides="Другие стороны:",
        each_side="Что говорит каждая сторона:",
        side_names={"Kyiv": "Киев", "Moscow": "Москва", "Washington": "Вашингтон"},
        via="по данным",
        reported_by="Сообщили {first} и ещё {more}",
        as_of="По состоянию на {day} (самый свежий из использованных источников).",
        as_of_unknown="По состоянию на: ни один из источников этого ответа не указывает дату.",
        as_published="Текст источника на английском, как он опубликован:",
        no_fact="У меня нет факта с источником, который отвечает на это, поэтому гадать не буду.",
        covers=("Я отвечаю на основе {facts} {facts_noun} из {articles} {articles_noun} о мирных "
                "переговорах России и Украины: кто что сказал, встречи и места их проведения, "
                "перемирия, требования и спорные вопросы."),
        facts_noun=Plural("факта", "фактов", "фактов"),
        articles_noun=Plural("новостной статьи", "новостных статей", "новостных статей"),
        how_to_ask="Спрашивайте простыми словами и называйте людей или места, например: «{example}»",
        example="Поедет ли Зеленский в Москву?",
        see_also="Самые свежие факты — /latest, статьи — /sources.",
        trimmed="✂ Сокращено, чтобы уместиться в одно сообщение: /fact {id} покажет факт полностью.",
        sources_button="Источники",
        more_button="Ещё похожие",
        full_fact_button="Факт #{id} полностью",
        newest_button="Свежие факты",
        inline_decline_title="Нет ответа с источником",
        inline_decline_hint="Нажмите, чтобы отправить, о чём я знаю",
    ),
}


def wording(language: str) -> Wording:
    """The words of a language ("en", "uk", "ru"); English for any other."""
    return WORDING.get(language, WORDING[ENGLISH])


def long_date(iso: str | None, language: str = ENGLISH) -> str:
    """30 January 2026 (30 січня 2026, 30 января 2026); "undated" for a page that states no date."""
    words = wording(language)
    if iso is None:
        return words.undated
    day = date.fromisoformat(iso)
    return f"{day.day} {words.months[day.month - 1]} {day.year}"


def decline_text(facts: int, articles: int, language: str = ENGLISH) -> str:
    """The reply to a question the base has no sourced fact for, and what it does cover."""
    words = wording(language)
    covers = words.covers.format(facts=facts, facts_noun=words.facts_noun.of(facts, language),
                                 articles=articles,
                                 articles_noun=words.articles_noun.of(articles, language))
    return "\n".join([words.no_fact, covers, words.how_to_ask.format(example=words.example)])
