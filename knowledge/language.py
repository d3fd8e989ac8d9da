"""Which language a question is in, and the English words it means.

negobot's facts are English; people also ask in Ukrainian and Russian. A question is read
in its language (`detect_language`), turned into English words (`english_question`, through
the glossaries of `glossary.py`), answered from the English facts like any question, and the
answer says its own words in the asker's language (`wording.py`).

An English question costs one `str.isascii` call here: nothing else is loaded or looked up.
"""

from __future__ import annotations

import re

ENGLISH, UKRAINIAN, RUSSIAN = "en", "uk", "ru"
LANGUAGES = (ENGLISH, UKRAINIAN, RUSSIAN)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")
# Letters only one of the two alphabets has.
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_RUSSIAN_LETTERS = frozenset("ыэёъ")
# Common words written only in one of them, for a question with none of those letters
# ("Коли переговори?", "Где переговоры?").
_UKRAINIAN_WORDS = frozenset("""коли де хто що чи як або від його її яка яке які який якого
    чому скільки куди звідки навіщо буде будуть було був була вже ще також тому але
    переговори сказав заявив""".split())
# Spellings only one of them has: Ukrainian's apostrophe ("перемир'я", where Russian writes
# "ъ" or nothing), its soft sign in "-ськ-" ("зеленського" for "зеленского") and doubled
# consonants before "я" ("питання", "життя"); Russian's "-ие"/"-ия" ("перемирие").
_UKRAINIAN_SPELLINGS = re.compile(r"[а-щьюяґєії]['’ʼ][а-щьюяґєії]|[сцз]ьк|нн[яю]\b|тт[яю]\b|ьо")
# A word one language writes at least once in a million words and the other less often is
# the first's: wordfreq's small lists hold exactly the words of Zipf 3 and more.
OWN_ZIPF = 3.0
_RUSSIAN_SPELLINGS = re.compile(r"и[еяю]\b")
_RUSSIAN_WORDS = frozenset("""когда где кто что ли как или от его ее её какая какое какие какой
    какого почему сколько куда откуда зачем будет будут было был была уже еще ещё также
    поэтому но переговоры сказал заявил""".split())


def detect_language(text: str, hint: str | None = None) -> str:
    """"uk", "ru" or "en" for a question.

    Text with no Cyrillic letter is English. Cyrillic is Ukrainian or Russian by the letters
    only one alphabet has (і ї є ґ; ы э ё ъ), then by common words and spellings only one
    language writes ("коли", "когда"; "перемир'я", "перемирие"), then by words only one
    language's word lists have ("мапа", "ракеты"); when none tells, by hint,
    the asker's own language as their app reports it (Telegram's `language_code`: "uk",
    "ru-RU"…; any other hint is ignored), and last Russian: a text without any of і ї є (7 %
    of Ukrainian letters) is likelier Russian than a text without any of ы э ё ъ (2 % of
    Russian letters) is Ukrainian. The hint never
    overrides the text: a Russian speaker who writes in Ukrainian is answered in Ukrainian,
    and in English if they ask in English.
    """
    if text.isascii() or not _CYRILLIC.search(text):
        return ENGLISH
    lowered = text.lower()
    ukrainian = sum(char in _UKRAINIAN_LETTERS for char in lowered)
    russian = sum(char in _RUSSIAN_LETTERS for char in lowered)
    if ukrainian == russian:
        words = _WORD.findall(lowered)
        ukrainian = (sum(word in _UKRAINIAN_WORDS for word in words)
                     + len(_UKRAINIAN_SPELLINGS.findall(lowered)))
        russian = sum(word in _RUSSIAN_WORDS for word in words) + len(_RUSSIAN_SPELLINGS.findall(lowered))
    if ukrainian == russian:
        ukrainian, russian = _own_words(_WORD.findall(lowered))
    if ukrainian != russian:
        return UKRAINIAN if ukrainian > russian else RUSSIAN
    preferred = language_of_hint(hint)
    return preferred if preferred != ENGLISH else RUSSIAN


def _own_words(words: list[str]) -> tuple[int, int]:
    """How many of the words only Ukrainian uses, and only Russian, by how often each
    language writes them (wordfreq): "мапа", "борщу" are Ukrainian's; "ракеты" Russian's."""
    from wordfreq import zipf_frequency  # read only for a text its letters and words left open

    counts = [0, 0]
    for word in words:
        uk, ru = (zipf_frequency(word, language, wordlist="small") for language in (UKRAINIAN, RUSSIAN))
        if min(uk, ru) < OWN_ZIPF <= max(uk, ru):
            counts[uk < ru] += 1
    return counts[0], counts[1]


def language_of_hint(hint: str | None) -> str:
    """"uk" or "ru" for a language tag naming one ("uk", "ru-RU", "UK_ua"), else "en"."""
    code = (hint or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in (UKRAINIAN, RUSSIAN) else ENGLISH


def english_question(text: str, language: str) -> str:
    """The question in the English words retrieval understands (itself if English)."""
    if language == ENGLISH:
        return text
    from .glossary import glossary_for  # loaded by the first Ukrainian or Russian question only

    return glossary_for(language).translate(text)


def sense_alternatives(text: str, language: str) -> dict[str, tuple[str, ...]]:
    """The English words of the question's reading that stand for a word with other senses,
    with those senses (none for English; see `glossary.Glossary.alternatives`)."""
    if language == ENGLISH:
        return {}
    from .glossary import glossary_for

    return glossary_for(language).alternatives(text)
