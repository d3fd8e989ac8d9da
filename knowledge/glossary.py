"""A Ukrainian or Russian question → the English words negobot's analyzer understands.

`data/glossary_uk.txt` and `data/glossary_ru.txt` hold the words of the talks and the war,
the people and places in them, and the words questions are made of, each line
`english: variant, variant`. Variants are written as a dictionary writes them (a noun in the
nominative, a verb in the infinitive), several words in their natural form ("гарантії
безпеки"); pymorphy3 brings the question's words and the variants to their dictionary forms,
so "гарантій безпеки", "Зеленського" and "поїде" find "гарантії безпеки", "Зеленський" and
"поїхати". The longest variant starting at a word wins.

Before a word counts as lacking, it is also looked up as
- its Ukrainian euphonic twin ("убито" is "вбито", "уже" is "вже");
- the act a Ukrainian participle names (its dictionary lists "звільнений" apart from
  "звільнити"): the glossary's verb, or that verb's noun, its stem begins;
- a compound of a glossary prefix and a glossary word ("енергокриза": energy crisis);
- what a superlative or a relative adjective is made of ("найкривавіший" → "кривавий",
  "нафтовий" → "нафта");
- the glossary word of the same root, when they share most of both ("недовольный" →
  "недовольство", "прем'єрка" → "прем'єр").

A word the glossary lacks is
- a function word (a preposition, conjunction, particle or pronoun): dropped, as the English
  analyzer drops "of" or "whether";
- a name (tagged as a name, surname or place, unknown to the dictionary, or capitalised
  inside the question): written in Latin letters (`transliteration.py`), and retrieval finds
  or corrects it against the base's own spellings;
- a word of everyday speech (Zipf frequency of 5 or more in its language, as common as
  "мабуть" or "справді"): dropped, for it says no more than "perhaps" or "really" does in an
  English question (a word that common weighs half or less of a rare one there);
- any other word: written in Latin letters too. No fact holds it, so the question is answered
  only if the rest of it is enough, and declined otherwise: a word negobot cannot read is not
  guessed away.

English words in the question (names, "NATO") pass through as typed, numbers too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from .transliteration import latin

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ`-][^\W\d_]+)*|\d+(?:[.,]\d+)*%?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е"})
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_NOMINAL_POS = frozenset({"NOUN", "ADJF"})
# A word the dictionary does not know may be misspelt ("енергетчну", "маскву"): its forms
# are also read as the glossary's words within one edit (two from this many letters on),
# keeping the first letter, as retrieval corrects English words against the base.
LONG_WORD = 7
_UK_VOWELS = frozenset("аеєиіїоуюя")
_ALPHABETS = {"uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'", "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя"}
_SUPERLATIVE = ("най", "наи")
# "нафтовий" → "нафт" + "а", "ракетный" → "ракет" + "а", "газовий" → "газ".
_RELATIVE_ADJECTIVE = re.compile(r"^(.+?)(?:ов|ев|єв|н|ичн|ічн)(?:ий|ый|ой|ій)$")
_NOUN_ENDINGS = ("", "а", "я", "о", "е", "ь", "ія", "ия")
_NAME_ADJECTIVE = re.compile(r"^(.{3,}?)(ов|ев|єв|ів|ин|ін|)(?:ськ|ск)(?:ий|ій|ый|ой)$")
_DOUBLED = re.compile(r"(.)\1+")
_REGION = re.compile(r"(?:щина|ччина|чина)$")
_JOINING = ("о", "е")  # "російсько-український", "греко-католический": a compound's first part
_ADJECTIVE_ENDINGS = ("ий", "ій", "ый", "ой", "ський", "ский")
# "20-й пакет", "20-го февраля": the ending of an ordinal written in figures.
_ORDINAL = re.compile(r"(\d)-(?:[а-яёіїєґ]{1,3})\b", re.IGNORECASE)
_PARTICIPLE = frozenset({"pssv", "actv"})
_PARTICIPLE_SUFFIX = re.compile(r"(?:ований|ьований|йований|ений|аний|яний|ний|тий|чий|ий)$")
_ACT_ENDINGS = ("ти", "тися", "ння", "ття")  # an infinitive; a verb's noun
MIN_STEM = 4
KIN_STEM = 6  # letters a word and its kin share at least…
KIN_ENDING = 4  # …leaving at most this many of the word's own
MIN_CORRECTED = 4
# Longer than any word ("людиноненависницький" has 20 letters): no misspelling, and its
# one-edit neighbours would be thousands of strings as long.
MAX_CORRECTED = 30
COMMON_ZIPF = 5.0
# "Що сказав Пєсков про X" reads "what say Peskov about X"; retrieval knows whose words a
# question asks for from "what did Peskov say about X" (see `question_types.asked_voice`).
_SPEECH_VERBS = frozenset("say tell think respond react reply write claim announce warn post".split())
_NOT_SUBJECTS = frozenset("did many much long often far soon".split())
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from"})
_PREPOSITIONS = frozenset("about in on to with from for at after before".split())
_QUESTION_WORDS = frozenset("what which when where who whom whose why how".split())
_GOVERNING_PHRASES = _PREPOSITIONS | {"according to", "against", "without", "during", "between"}


@dataclass(frozen=True)
class Word:
    """What morphology says about one word of a question (lower case, apostrophes unified)."""

    forms: tuple[str, ...]  # the word itself, then its dictionary forms, likeliest first
    lemmas: tuple[str, ...]  # its dictionary forms, likeliest first
    function: bool  # a preposition, conjunction, particle or pronoun
    name: str | None  # the dictionary form of a name, or the word, if it may be a name
    known: bool  # the dictionary holds it
    genitive: bool  # a noun or adjective that may be in the genitive ("речник Кремля")
    adjective: bool  # it may be an adjective ("головний переговорник")
    noun: bool  # it may be a noun
    verbs: tuple[str, ...] = ()  # a participle's stem, which the verbs it comes from begin


class Glossary:
    """Translates questions in one language into English words; see the module docstring."""

    def __init__(self, language: str, lines: Iterable[str], morph: Any,
                 senses: Iterable[str] = ()) -> None:
        self.language = language
        self._morph = morph
        self._word = lru_cache(maxsize=8192)(self._analyse)
        # A word's dictionary form → (each word's form, English) of the variants it starts,
        # longest first. A variant is found by its words as written and by their dictionary
        # forms: "досі" (still) is written so, though the dictionary also reads it as Doha.
        self._entries: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.variants: dict[tuple[str, ...], str] = {}
        self._prefixes: dict[str, str] = {}  # "енерго" → energy (a variant written "енерго-")
        for english, variants in parse_glossary(lines):
            for variant in variants:
                if variant.endswith("-"):
                    self._prefixes["".join(variant_words(variant))] = english
                    continue
                written = tuple(variant_words(variant))
                keys = [written]
                # A phrase led by a question word means what its case says: "какого числа"
                # asks for a date, "какое число погибших" for a number. It is matched as written,
                # and so is a form marked "=", one two dictionary words share ("=техніки" is
                # the equipment's, not the technicians').
                if not (len(written) > 1 and self._pronoun(written[0])) and not variant.startswith("="):
                    keys.append(tuple(self.dictionary_form(w) for w in written))
                for key in dict.fromkeys(keys):
                    if key and key not in self.variants:
                        self.variants[key] = english
                        self._entries.setdefault(key[0], []).append((key, english))
        for entries in self._entries.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self._prefixes = dict(sorted(self._prefixes.items(), key=lambda item: -len(item[0])))
        # In the glossary's order: its sections run from the talks' own words to everyday
        # ones, and a misspelling as near to both ("маскви": Москва, маска) is the former.
        self._vocabulary: dict[str, list[str]] = {}
        # A word shorter than MIN_CORRECTED is no one's correction: "ракте" is not "рак".
        for word in dict.fromkeys(w for key in self.variants for w in key if len(w) >= MIN_CORRECTED):
            self._vocabulary.setdefault(word[0], []).append(word)
        self._words = frozenset(w for key in self.variants for w in key)
        # A variant's other senses, by its key as written and by its dictionary forms.
        self._senses: dict[tuple[str, ...], tuple[str, ...]] = {}
        for variant, others in parse_glossary(senses):
            written = tuple(variant_words(variant))
            for key in (written, tuple(self.dictionary_form(w) for w in written)):
                if key in self.variants:  # a word listed twice has the senses of both lines
                    self._senses[key] = tuple(dict.fromkeys(
                        o for o in (*self._senses.get(key, ()), *others) if o != self.variants[key]))
        self._forms = lru_cache(maxsize=8192)(self._forms_of)
        self._phrase_forms = lru_cache(maxsize=8192)(lambda word: self._forms_of(word, derived=False))
        self._spelt = lru_cache(maxsize=8192)(self._spelling)

    def dictionary_form(self, word: str) -> str:
        """A variant's word as the dictionary lists it: itself when it is a dictionary form
        ("переговори", "Умеров"), else the likeliest one ("безпеки" → "безпека")."""
        lemmas = self._word(word).lemmas
        return word if word in lemmas or not lemmas else lemmas[0]

    def _pronoun(self, word: str) -> bool:
        return any(p.tag.POS == "NPRO" or "Apro" in p.tag.grammemes for p in self._morph.parse(word))

    def _analyse(self, word: str) -> Word:
        # A question word's pronoun reading first: "яку" is "який" (which), not the
        # accusative of "як" (a yak) that the dictionary lists before it.
        parses = sorted(self._morph.parse(word),
                        key=lambda p: not (p.tag.POS == "NPRO" or "Apro" in p.tag.grammemes))
        lemmas = tuple(dict.fromkeys(p.normal_form.translate(_APOSTROPHES) for p in parses))
        # A plural noun is looked up as the plural too, before its singular: "людей" is
        # "люди" (people) before "людина" (a human), "сил" is "сили" (forces).
        plurals = [inflected.word for p in parses[:2] if p.tag.POS == "NOUN" and "plur" in p.tag
                   and (inflected := p.inflect({"plur", "nomn"})) is not None]
        # Russian's dictionary tags "тот", "свой" as adjectives that are pronouns (Apro).
        function = any(p.tag.POS in _FUNCTION_POS or "Apro" in p.tag.grammemes for p in parses)
        named = next((p for p in parses if _NAME_TAGS & p.tag.grammemes), None)
        known = any(p.is_known for p in parses)
        name = named.normal_form if named is not None else (None if known else word)
        nominal = [p for p in parses if p.tag.POS in _NOMINAL_POS]
        # Ukrainian's dictionary lists a participle as an adjective of its own ("викрадений"),
        # not under its verb as Russian's does.
        stems = tuple(dict.fromkeys(
            stem for p in parses if _PARTICIPLE & p.tag.grammemes
            for stem in [_PARTICIPLE_SUFFIX.sub("", p.normal_form)] if len(stem) >= MIN_STEM))
        return Word(tuple(dict.fromkeys([word, *plurals, *lemmas])), lemmas, function, name, known,
                    any("gent" in p.tag for p in nominal), any(p.tag.POS == "ADJF" for p in parses),
                    any(p.tag.POS == "NOUN" for p in parses), stems)

    def _forms_of(self, word: str, derived: bool = True) -> tuple[str, ...]:
        """The forms a question's word is looked up by: itself and its dictionary forms; for
        a Ukrainian word the glossary lacks, those of its euphonic twin ("убито" / "вбито");
        for a word the dictionary does not know, the glossary's words nearest to those.
        derived: also the words it is made from or of the same root as (see the module
        docstring), which read a word alone but never continue a phrase ("під часовим
        яром" is no "під час")."""
        info = self._word(word)
        # A word the glossary holds only inside a phrase ("железный" in "железная дорога")
        # lacks a reading of its own.
        if not any((f,) in self.variants for f in info.forms):
            twin = _euphonic_twin(word) if self.language == "uk" else None
            other = self._word(twin).forms if twin is not None else ()
            if any(f in self._words for f in other):
                return tuple(dict.fromkeys([*info.forms, *other]))
            # A region is read as its city and "region" (`_region`), not as the city's kin.
            made_of = self._made_of(info) if derived and not self._region(word) else []
            if made_of:
                return tuple(dict.fromkeys([*info.forms, *made_of]))
        # A compound of a prefix and a word ("медіазона") is no misspelling of another word.
        if info.known or len(word) < MIN_CORRECTED or self._compound(word):
            return info.forms
        near = self._spelt(word)
        if near != word:
            return tuple(dict.fromkeys([*info.forms, *self._word(near).forms]))
        # Not one edit from a word: perhaps an adjective of a name the dictionary lacks
        # ("трамповская" is Trump's, not two edits from "тамбовская").
        named = self._named_after(info.lemmas[0]) if info.lemmas and derived else []
        near_forms = named or [hit for form in info.forms[:3] if (hit := self._nearest(form)) is not None]
        return tuple(dict.fromkeys([*info.forms, *near_forms]))

    def _made_of(self, info: Word) -> list[str]:
        """The glossary's words a word it lacks is read by: the act a participle names, what
        a superlative or relative adjective is made of, its kin of the same root, the name an
        adjective is made of."""
        if info.verbs and (verbs := self._verbs_of(info.verbs)):
            return verbs
        related = [n for lemma in info.lemmas[:2] for n in self._related(lemma)]
        if not related and info.known and not info.function:
            related = [k for lemma in info.lemmas[:2] if (k := self._kin(lemma)) is not None]
        if not related and info.known:
            related = self._named_after(info.lemmas[0])
        return related

    def _spelling(self, word: str) -> str:
        """The word a misspelt one is, within one edit: a glossary word, else a form of the
        dictionary's the glossary reads; the word itself when it is known or none is near."""
        info = self._word(word)
        if (info.known or not MIN_CORRECTED <= len(word) <= MAX_CORRECTED
                or any(f in self._words for f in info.forms)):
            return word
        # A name of the glossary's comes first: it holds the names a dictionary lacks
        # ("гросі" is Гроссі, not гроші, money). Other words are ranked by how likely the
        # slip is ("повина" is "повинна", must, not "провина", blame).
        near = self._nearest(word, edits=1)
        if near is not None and self._word(near).name is not None:
            return near
        return self._respelled(word) or near or word

    def _respelled(self, word: str) -> str | None:
        """The commonest word of the dictionary one edit from a misspelt one, if the glossary
        reads it ("ракте" → "ракет", "російськмм" → "російським"). The glossary lists a word
        once, as the dictionary writes it; the dictionary knows all its forms, and a misspelling
        is one of those far more often than the dictionary form itself."""
        best, best_rank = None, (False, -1.0)
        for candidate in _one_edit(word, _ALPHABETS[self.language]):
            if not self._morph.word_is_known(candidate):
                continue
            if not any(f in self._words for f in self._forms(candidate)):
                continue
            # A letter typed once for two, or twice for one, is the likeliest slip
            # ("весенее" is "весеннее" before "веселее").
            rank = (_DOUBLED.sub(r"\1", candidate) == _DOUBLED.sub(r"\1", word),
                    zipf_frequency(candidate, self.language, wordlist="small"))
            if rank > best_rank:
                best, best_rank = candidate, rank
        return best

    def _verbs_of(self, stems: tuple[str, ...]) -> list[str]:
        """The glossary's words for the act a participle names: its verb, or else the verb's
        noun, the one its stem begins ("звільн-ений" → "звільнити", "викрад-ений" →
        "викрадення"), the verb and the shorter first."""
        found = [w for stem in stems for w in self._words
                 if w.startswith(stem) and w.endswith(_ACT_ENDINGS)]
        return sorted(dict.fromkeys(found), key=lambda w: (not w.endswith(_ACT_ENDINGS[:2]), len(w)))[:2]

    def _related(self, lemma: str) -> list[str]:
        """The glossary's words a form it lacks is made from: a superlative's plain adjective
        ("найкривавіший" → "кривавий"), a relative adjective's noun ("нафтовий" → "нафта")."""
        found: list[str] = []
        for prefix in _SUPERLATIVE:
            if lemma.startswith(prefix) and len(lemma) - len(prefix) > MIN_STEM:
                plain = self._word(lemma[len(prefix):]).lemmas
                found += [w for w in plain if w in self._words]
                found += [k for w in plain[:1] if (k := self._kin(w)) is not None]
        match = _RELATIVE_ADJECTIVE.match(lemma)
        if match and len(match.group(1)) >= 3:
            found += [match.group(1) + end for end in _NOUN_ENDINGS if match.group(1) + end in self._words]
        return found

    def _named_after(self, lemma: str) -> list[str]:
        """The glossary's name an adjective is made of: "путинский" → "путин", "трамповский"
        → "трамп", "кремлевский" → "кремль". Only a name: many surnames are such adjectives
        ("Медінський" is no honey, "мед"; "Зеленський" no village, "Зелене")."""
        match = _NAME_ADJECTIVE.match(lemma)
        if not match:
            return []
        return [stem + end for stem in (match.group(1) + match.group(2), match.group(1))
                for end in ("", "ь") if self.variants.get((stem + end,), "")[:1].isupper()][:1]

    def _kin(self, lemma: str) -> str | None:
        """The glossary word of the same root as a word it lacks: the one sharing the longest
        beginning with it, if that is most of both ("недовольный" → "недовольство")."""
        best, best_length = None, 0
        for candidate in self._vocabulary.get(lemma[0], ()):
            if (candidate,) not in self.variants:  # itself, or a word only inside a phrase
                continue
            shared = _shared_start(lemma, candidate)
            if (shared > best_length and shared >= KIN_STEM and shared >= len(lemma) - KIN_ENDING
                    and shared >= len(candidate) - KIN_ENDING - 2):
                best, best_length = candidate, shared
        return best

    def _nearest(self, form: str, edits: int | None = None) -> str | None:
        if edits is None:
            edits = 1 if len(form) < LONG_WORD else 2
        hits = process.extract(form, self._vocabulary.get(form[0], []), scorer=OSA.distance,
                               score_cutoff=edits, limit=1)
        return hits[0][0] if hits else None

    def _common(self, word: Word) -> bool:
        """Whether a word is one of everyday speech (its language's word lists, read only
        when a question holds a word the glossary lacks)."""
        # The small word lists (words from Zipf 3 up) say as much about everyday words as the
        # large ones, for a tenth of the memory (9 MB, not 74) and of the time to load.
        return word.known and max(zipf_frequency(f, self.language, wordlist="small")
                                  for f in word.forms[:2]) >= COMMON_ZIPF

    def translate(self, text: str) -> str:
        """The English words of a question, in its order (see the module docstring)."""
        return self._translate(text)[0]

    def alternatives(self, text: str) -> dict[str, tuple[str, ...]]:
        """The English words of translate's reading that stand for a word with other senses,
        with those senses ("export": evacuate, for "вивезти")."""
        found: dict[str, tuple[str, ...]] = {}
        for english, others in self._translate(text)[1]:
            found[english] = tuple(dict.fromkeys((*found.get(english, ()), *others)))
        return found

    def _translate(self, text: str) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
        """translate's English; and the English of its words with other senses, with those."""
        senses: list[tuple[str, tuple[str, ...]]] = []
        typed = [m.group() for m in _TOKEN.finditer(_ORDINAL.sub(r"\1", text))]
        words = [w.lower().translate(_APOSTROPHES) for w in typed]
        out: list[str] = []
        # Whether each item continues the noun phrase before it: a genitive ("речник
        # Кремля"), or a noun after its adjective ("головний переговорник").
        attached: list[bool] = []
        nouns: list[bool] = []
        i = 0
        while i < len(words):
            if words[i].isascii():  # an English word, a name in Latin letters, a number
                out.append(typed[i])
                attached.append(False)
                nouns.append(False)
                i += 1
                continue
            # A misspelt word's grammar is that of the word it misspells.
            info = self._word(self._spelt(words[i]))
            after_adjective = bool(i and not words[i - 1].isascii()
                                   and self._word(self._spelt(words[i - 1])).adjective)
            # A capitalised word inside the question is a name first: "під Слов'янськом"
            # is Sloviansk before the adjective "слов'янський" (Slavic) it also reads as.
            named = info.name if typed[i][:1].isupper() and i else None
            length, english, key = self._longest(words, i, named)
            if english is not None:
                if key in self._senses:
                    senses.append((english, self._senses[key]))
                found = [] if english == "-" else [english]
            else:
                found = (self._compound(words[i]) or self._hyphenated(typed[i], words[i])
                         or self._region(words[i]) or self._unknown(typed[i], words[i], first=i == 0))
                length = 1
            last = self._word(self._spelt(words[i + length - 1]))  # a phrase's head: "головний переговорник"
            i += length
            # A genitive after "according to" ("за даними генсека") names whose word it is;
            # it belongs to no noun before it.
            governed = bool(out) and out[-1].lower() in _GOVERNING_PHRASES
            out.extend(found)
            joins = not info.function and not governed and (
                info.genitive or (after_adjective and not info.adjective))
            attached.extend([joins] * len(found))
            nouns.extend([last.noun and not last.function] * len(found))
        out, attached = possessives(out, attached, nouns)
        return " ".join(voice_order(out, attached)), senses

    def _longest(self, words: list[str], i: int, first: str | None = None
                 ) -> tuple[int, str | None, tuple[str, ...]]:
        """The longest variant starting at words[i]: its length in words, its English, its key.
        first: the form to try before the others (of those as long, the first tried wins)."""
        best: tuple[int, str | None, tuple[str, ...]] = (0, None, ())
        forms = self._forms(words[i])
        for form in dict.fromkeys([first, *forms] if first in forms else forms):
            for key, english in self._entries.get(form, ()):
                if len(key) <= best[0] or i + len(key) > len(words):
                    continue
                if len(key) > 1 and form not in self._phrase_forms(words[i]):
                    continue
                if all(key[j] in self._phrase_forms(words[i + j]) for j in range(1, len(key))):
                    best = (len(key), english, key)
        return best

    def _compound(self, word: str) -> list[str]:
        """A word made of a glossary prefix and a glossary word ("енергокриза": energy crisis,
        "замначальника": deputy chief), in English; [] when it is not one."""
        for prefix in self._prefixes:  # the longest first
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= MIN_STEM:
                # The rest as the dictionary reads it, never as a misspelling of something.
                english = next((e for e in self._alone(rest) if e != "-"), None)
                if english is not None:
                    return [self._prefixes[prefix], english]
        return []

    def _alone(self, word: str) -> Iterator[str]:
        """The English of the one-word variants the word's dictionary forms are, in order."""
        return (e for form in self._word(word).forms if (e := self.variants.get((form,))) is not None)

    def _hyphenated(self, typed: str, word: str) -> list[str]:
        """A hyphenated word the glossary lacks, read part by part ("російсько-українська":
        Russian Ukrainian, "генерал-лейтенант": general lieutenant); [] when it is none, or
        when no part is a glossary word. A first part in its joining form ("російсько",
        "американо") is read as the glossary word of its root."""
        if "-" not in word:
            return []
        found: list[str] = []
        read = False
        for typed_part, part in zip(typed.split("-"), word.split("-"), strict=True):
            # As the dictionary reads the part, never as a misspelling: a joining form
            # ("греко") is no typo of some other word.
            english = next(self._alone(part), None)
            if english is None and part.endswith(_JOINING):
                english = self._joined(part[:-1])
            if english is not None:
                read = True
                found += [] if english == "-" else [english]
            else:
                found += self._unknown(typed_part, part, first=False)
        return found if read else []

    def _region(self, word: str) -> list[str]:
        """A region named after its city ("Сумщина", "Донетчина", "Харківщина"): the city's
        English and "region"; [] when the word is none, or names no city of the glossary."""
        for lemma in dict.fromkeys([*self._word(word).lemmas, word]):
            stem = _REGION.sub("", lemma)
            if stem == lemma or len(stem) < 3:
                continue
            # The city's name, its last letter before the suffix sometimes changed
            # ("Донец-ьк" → "Донеч-чина", "Одес-а" → "Оде-щина").
            cities = [(english, _shared_start(stem, city)) for city in self._vocabulary.get(stem[0], ())
                      if city.startswith(stem[:-1])
                      and (english := self.variants.get((city,), ""))[:1].isupper() and " " not in english]
            best = max(cities, key=lambda city: city[1], default=None)
            if best is not None and best[1] >= len(stem) - 1:
                return [best[0], "region"]
        return []

    def _joined(self, stem: str) -> str | None:
        """The English of an adjective a compound's first part is the joining form of:
        "військов-о" → "військовий", "американ-о" → "американський" (its kin)."""
        for ending in _ADJECTIVE_ENDINGS:
            if (english := self.variants.get((stem + ending,))) is not None:
                return english
        kin = self._kin(stem)
        return self.variants.get((kin,)) if kin is not None else None

    def _unknown(self, typed: str, word: str, *, first: bool) -> list[str]:
        """What a word the glossary lacks becomes: nothing, or itself in Latin letters."""
        if not _is_cyrillic_word(word):
            return [typed]
        info = self._word(word)
        capitalised = typed[:1].isupper() and not first
        if info.function and not capitalised:
            return []
        if info.name is not None:
            return [latin(info.name, self.language)]
        if capitalised:  # a name the dictionary does not call one
            return [latin(info.lemmas[0] if info.lemmas else word, self.language)]
        if self._common(info):
            return []
        return [latin(word, self.language)]


def voice_order(items: list[str], attached: list[bool] | None = None) -> list[str]:
    """["what", "say", "Peskov", "Sky News"] → ["what", "did", "Peskov", "say", "Sky News"]:
    the order in which retrieval reads whose words a question asks for. Who it is is the
    item after the verb with the items attached to it (`attached`: "spokesperson" "Kremlin"
    for "речник Кремля"), or the items between the question word and the verb."""
    if len(items) < 3 or items[0].lower() not in ("what", "how"):
        return items
    attached = attached or [False] * len(items)
    if items[1].lower() in _PREPOSITIONS and items[2].lower() in _SPEECH_VERBS:
        # "Что об этом сказал Песков": the pronoun the preposition governed is gone.
        items, attached = [items[0], *items[2:]], [attached[0], *attached[2:]]
        if len(items) < 3:
            return items
    if items[1].lower() in _SPEECH_VERBS:
        start = 3 if items[2].lower() in _PLACE_PREPOSITIONS and len(items) > 3 else 2  # "сказали в МАГАТЕ"
        end = start + 1
        while end < len(items) and attached[end]:
            end += 1
        return [items[0], "did", *items[start:end], items[1], *items[end:]]
    for k in range(2, min(len(items), 5)):
        if items[k].lower() in _SPEECH_VERBS and items[1].lower() not in _NOT_SUBJECTS:
            return [items[0], "did", *items[1:]]
    return items


def possessives(items: list[str], attached: list[bool], nouns: list[bool]
                ) -> tuple[list[str], list[bool]]:
    """A name in the genitive after a noun reads as English writes it, before: "речник
    Кремля" → "Kremlin's spokesperson", "президент України" → "Ukraine's president", as the
    thesaurus names people by their office. Only names (capitalised English): "раунд
    переговорів" stays "round talks", in the order of "round of talks"."""
    out: list[str] = []
    joined: list[bool] = []
    for k, item in enumerate(items):
        if (k and attached[k] and item[:1].isupper() and " " not in item and nouns[k - 1] and nouns[k]
                and out and out[-1][:1].islower() and "'" not in out[-1]
                and out[-1].split()[0] not in _QUESTION_WORDS):  # "какого числа НАТО": no NATO's date
            if (len(out) > 1 and joined[-1] and out[-2][:1].islower()  # "головний переговорник"
                    and out[-2].split()[0] not in _QUESTION_WORDS):
                out[-2:] = [f"{item}'s {out[-2]} {out[-1]}"]
                joined.pop()
            else:
                out[-1] = f"{item}'s {out[-1]}"
            continue
        out.append(item)
        joined.append(attached[k])
    return out, joined


def _shared_start(a: str, b: str) -> int:
    """How many letters two words begin with alike."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _euphonic_twin(word: str) -> str | None:
    """Ukrainian writes a word's first у or в, і or й, by the sound before it: "убити" and
    "вбити", "уже" and "вже", "іти" and "йти" are one word. Its other spelling, if it has one."""
    if len(word) < 3 or word[1] in _UK_VOWELS:
        return None
    twins = {"у": "в", "в": "у", "і": "й", "й": "і"}
    return twins[word[0]] + word[1:] if word[0] in twins else None


def _one_edit(word: str, alphabet: str) -> Iterable[str]:
    """Each word one deletion, transposition, substitution or insertion from word, its first
    letter kept, as the glossary's other corrections keep it."""
    seen = {word}
    for i in range(1, len(word) + 1):
        head, tail = word[:i], word[i:]
        found = [head + letter + tail for letter in alphabet]
        if tail:
            found += [head + tail[1:]] + [head + letter + tail[1:] for letter in alphabet]
        if len(tail) > 1:
            found.append(head + tail[1] + tail[0] + tail[2:])
        for candidate in found:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def _is_cyrillic_word(word: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in word)


def variant_words(text: str) -> list[str]:
    """The words of a glossary variant, lower case, apostrophes unified."""
    return [m.group().lower().translate(_APOSTROPHES) for m in _TOKEN.finditer(text)]


def parse_glossary(lines: Iterable[str]) -> Iterable[tuple[str, list[str]]]:
    """(English, variants) for each `english: variant, variant` line; "#" starts a comment."""
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        english, _, rest = line.partition(":")
        yield english.strip(), [v.strip() for v in rest.split(",") if v.strip()]


def glossary_lines(language: str, kind: str = "glossary") -> list[str]:
    """The bundled glossary of a language ("uk" or "ru"), or its other senses ("senses")."""
    path = resources.files("knowledge").joinpath("data", f"{kind}_{language}.txt")
    return path.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=2)
def glossary_for(language: str) -> Glossary:
    """The glossary of "uk" or "ru", with its dictionary (loaded on first use: 0.4 s)."""
    import pymorphy3  # its dictionaries load only for a question in their language

    return Glossary(language, glossary_lines(language), pymorphy3.MorphAnalyzer(lang=language),
                    glossary_lines(language, "senses"))
