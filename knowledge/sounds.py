"""A name's sound, for matching the ways one name is spelt in Latin letters.

A name asked in Cyrillic reaches retrieval in its transliteration ("Висбаден" → "visbaden"),
which spells sounds where English news keeps the source language's letters ("Wiesbaden",
"Guterres"). Two spellings of one name have the same key or keys an edit or two apart.
"""

from __future__ import annotations

import re

# Letters and pairs English spellings use for one sound, each read as one letter; "ch",
# "sh" and "zh" are marked first so their "h" and "c" are not read again.
_DIGRAPHS = (("shch", "ŝ"), ("sch", "š"), ("ch", "č"), ("sh", "š"), ("zh", "ž"), ("dzh", "j"),
             ("dj", "j"), ("ph", "f"), ("kh", "h"), ("ck", "k"), ("ts", "z"), ("tz", "z"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_LETTERS = str.maketrans({"w": "v", "x": "k", "q": "k", "y": "i", "c": "k"})
_DOUBLE = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """word's key: "wiesbaden" → "vesbaden", "guterres" → "guteres", "zelenskyy" → "zelenski"."""
    key = word.lower()
    for pair, letter in _DIGRAPHS:
        key = key.replace(pair, letter)
    # Ukrainian "є" after a consonant is written "ie" (Алєксєєв: Alieksieiev), Russian "е"
    # often "ye" (Alekseyev): both are one "e".
    key = _SOFT_C.sub("s", key).translate(_LETTERS).replace("ie", "e")
    return _DOUBLE.sub(r"\1", key)
