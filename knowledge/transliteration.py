"""Cyrillic names in Latin letters, the way English-language news spells them.

A name a question gives in Cyrillic that the glossary does not hold ("Гнатов", "Нарышкин")
is looked for in the base in Latin letters: Ukrainian by the national standard (Cabinet of
Ministers resolution 55 of 2010, the spelling of passports and of most English-language news:
Hnatov, Sybiha, Kupiansk), Russian by Wikipedia's rules (iuliia's WIKIPEDIA schema: Naryshkin,
Medvedev). Retrieval then corrects a near miss against the base's own spellings ("medynskyi"
→ medinsky), as it does for any misspelt name.
"""

from __future__ import annotations

from functools import lru_cache

# Ukrainian national transliteration (2010). Letters with two values take the first at the
# start of a word and the second elsewhere; the soft sign and the apostrophe are not written.
_UK_LETTERS: dict[str, str | tuple[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "'": "", "’": "", "ʼ": "",
    # Russian letters in a Ukrainian text, read as a Ukrainian would.
    "ы": "y", "э": "e", "ё": ("yo", "io"), "ъ": "",
}


def ukrainian_latin(word: str) -> str:
    """A Ukrainian word in Latin letters, lower case: "Гнатов" → "hnatov", "Згурський" →
    "zghurskyi"; characters that are no Cyrillic letters are kept as they are."""
    word = word.lower()
    out: list[str] = []
    start = True
    for i, char in enumerate(word):
        letter = _UK_LETTERS.get(char, char)
        if isinstance(letter, tuple):
            value = letter[0] if start else letter[1]
        elif char == "г" and i and word[i - 1] == "з":
            value = "gh"  # "зг" is written "zgh", so it is not read as "zh"
        else:
            value = letter
        out.append(value)
        start = not char.isalpha() and char not in "'’ʼ"
    return "".join(out)


def russian_latin(word: str) -> str:
    """A Russian word in Latin letters, lower case, by Wikipedia's rules: "Нарышкин" →
    "naryshkin"."""
    spelled: str = _wikipedia().translate(word)
    return spelled.lower()


@lru_cache(maxsize=1)
def _wikipedia():  # type: ignore[no-untyped-def]
    # iuliia reads its schemas on import: only a Russian question pays for it.
    import iuliia

    return iuliia.WIKIPEDIA


def latin(word: str, language: str) -> str:
    """word in Latin letters, by the rules of its language ("uk" or "ru")."""
    return ukrainian_latin(word) if language == "uk" else russian_latin(word)
