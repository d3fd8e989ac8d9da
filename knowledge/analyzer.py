"""One analyzer for facts and questions: text → concept terms.

Retrieval only works if a fact and a question about it reduce to the same terms, so the
indexer and the question parser share this module: accents folded, words stemmed
(Snowball), multi-word names and synonyms (data/thesaurus.txt) collapsed to one concept,
function words (data/stopwords.txt) dropped. Terms are plain ASCII-ish words, which makes
them safe to quote into an FTS5 query and cheap to compare.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import snowballstemmer
from breame.spelling import get_american_spelling
from lemminflect import getAllLemmas

from .roles import speaker_roles

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)")
# "US"/"U.S." in capitals is the country; lower-case "us" is the pronoun.
_US = re.compile(r"\bU\.?S\.?(?=[\s,;:)\-]|$)(?!\.?A\b)|\bUSA\b")
# A weapon's or a plane's designation is one word: "F-16" is not "Su-27", and the "16" of an
# "F-16" says nothing alone ("f" is no word at all).
_MODEL = re.compile(r"\b([A-Za-z]{1,4})-(\d{1,4})\b")
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec".split())
# Other dotted initialisms are one word: "U.N." is the UN, "U.K." the UK, "J.D." Vance's.
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}")
_MAX_PHRASE = 6
_PARTICLES = frozenset({"back", "over", "out", "off", "down", "away"})
_MAX_SPLIT = 3  # words an object may put between a phrasal verb and its particle
# An office named after "former" is someone who held it, not its holder ("the former
# Russian president" is Medvedev): the words of the office then count one by one.
_FORMER = frozenset({"former", "ex", "previous", "then"})
_OFFICES = frozenset("""president leader minister chief head secretary spokesman spokeswoman
    spokesperson envoy negotiator chancellor premier""".split())
# Stems of verbs that, before "to", only frame the verb that follows ("manage to agree").
_CATENATIVES = frozenset({"manag", "tri", "attempt", "seem", "tend", "happen"})
# Bump when the analyzer's code changes what terms it produces: stored facts are then
# re-analyzed on the next open (see reindex.py), as they are when the data files change.
ANALYZER_VERSION = 10
# A possessive "'s" is dropped so "the Kremlin's spokesman" matches "Kremlin spokesman".
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")


@dataclass(frozen=True)
class Token:
    """A word of the text: its folded surface form and its stem."""

    surface: str
    stem: str


@dataclass(frozen=True)
class Indexed:
    """The search columns of a fact, and the context column of the fact after it."""

    terms: str
    words: str
    following: str

    def columns(self) -> dict[str, str]:
        return {"terms": self.terms, "words": self.words}


def fold(text: str) -> str:
    """Lower-case, strip accents and unify typographic quotes, keeping Cyrillic letters."""
    if text.isascii():  # most text: nothing to normalize, and no accent to strip
        return text.replace("`", "'").lower()
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    if text.isascii():  # curly quotes were all there was
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    if max(decomposed) <= "\uffff":  # a table lookup per character, not a call
        stripped = decomposed.translate(_combining_marks())
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """The combining marks of the Basic Multilingual Plane, for str.translate to delete."""
    return {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}


class Analyzer:
    """Turns text into concept terms; see the module docstring."""

    def __init__(self, thesaurus: Iterable[str], stopwords: Iterable[str]) -> None:
        self._stemmer = snowballstemmer.stemmer("english")
        words = list(stopwords)
        # A stopword drops its inflections too ("happened", "says"), unless marked "=" as one
        # whose stem a content word shares ("won": win, "mine": mines).
        self._stop_stems = frozenset(self._stem(w) for w in words if not w.startswith("="))
        self._stop_words = frozenset(w.removeprefix("=") for w in words)
        self.stopwords = self._stop_stems | self._stop_words
        # A thesaurus variant with such a stem ("severe", "accord") still matches only as
        # typed: "several" is not extreme, nor "according" an agreement.
        shared = frozenset(self._stem(w.removeprefix("=")) for w in words if w.startswith("="))
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        # Phrasal verbs whose object may come between verb and particle: "pull (the
        # troops) back", "hand (them) over". verb stem → particle stem → head.
        self._split_verbs: dict[str, dict[str, tuple[str, ...]]] = {}
        # Variants whose stem is a function word ("willing" → "will") match as typed only.
        self._exact_words: dict[str, tuple[str, ...]] = {}
        self.known_words: set[str] = set()
        self.related: dict[str, frozenset[str]] = {}
        raw_lines = list(thesaurus)
        digest = hashlib.sha256(f"{ANALYZER_VERSION}\n".encode())
        for line in [*raw_lines, "\0", *words]:
            digest.update(line.encode() + b"\n")
        self.fingerprint = digest.hexdigest()[:16]
        lines = [line.removeprefix("@") for line in raw_lines]
        self.entities = frozenset(
            token.stem for line in raw_lines if line.startswith("@")
            for token in self.tokens(line[1:].partition(":")[0]))
        # A word heading its own group keeps that meaning even when another group's variant
        # stems to it: "attacker" (aggressor) must not turn every "attack" into an aggressor.
        groups = list(_parse_thesaurus(lines))
        head_keys = {tuple(t.stem for t in self.tokens(head)) for head, _ in groups}
        for head, variants in groups:
            head_stems = tuple(t.stem for t in self.tokens(head))
            for variant in [head, *variants]:
                tokens = self.tokens(variant)
                key = tuple(t.stem for t in tokens)
                if len(key) == 1 and (key[0] in self.stopwords or key[0] in shared):
                    self._exact_words[tokens[0].surface] = head_stems
                elif key and (variant == head or key not in head_keys):
                    self._phrases[key] = head_stems
                    if len(key) == 2 and key[1] in _PARTICLES:
                        self._split_verbs.setdefault(key[0], {})[key[1]] = head_stems
                self.known_words.update(t.surface for t in tokens)
        # The longest phrase each stem starts: most words start none, and are then looked
        # up once instead of once for every phrase length.
        self._phrase_lengths: dict[str, int] = {}
        for key in self._phrases:
            self._phrase_lengths[key[0]] = max(self._phrase_lengths.get(key[0], 0), len(key))
        for group in _parse_related(lines):
            heads = {stem for name in group for stem in self.terms(name)}
            for term in heads:
                self.related[term] = frozenset(heads - {term})

    def _stem(self, word: str) -> str:
        return _stem_cached(self._stemmer, word)

    def tokens(self, text: str) -> list[Token]:
        """Words of text, folded and stemmed, in order; nothing dropped."""
        return self.tokens_of(self.words(text))

    def words(self, text: str) -> list[str]:
        """Words of text, folded, in order, not yet stemmed (stemming a new word costs more
        than the rest: a caller that needs a few of them stems those with `tokens_of`)."""
        text = _US.sub(" usa ", text)
        text = _MODEL.sub(lambda m: m.group(0) if m.group(1).lower() in _MONTH_ABBREVIATIONS
                          else m.group(1) + m.group(2), text)
        text = _INITIALISM.sub(lambda m: m.group(0).replace(".", "") + " ", text)
        text = _THOUSANDS.sub("", text).replace("%", " percent ")
        folded = _POSSESSIVE.sub("", fold(text))
        return _WORD.findall(folded)

    def tokens_of(self, words: list[str]) -> list[Token]:
        return [Token(w, self._stem(w)) for w in words]

    def concepts(self, tokens: list[Token]) -> list[tuple[str, str]]:
        """(concept term, the words typed for it) for already-tokenized text, in order."""
        stems = [t.stem for t in tokens]
        out: list[tuple[str, str]] = []
        taken: set[int] = set()  # particles already read as part of a split phrasal verb
        i = 0
        while i < len(stems):
            exact = self._exact_words.get(tokens[i].surface)
            if exact is not None:
                out.extend((term, tokens[i].surface) for term in exact)
                i += 1
                continue
            longest = min(_MAX_PHRASE, len(stems) - i, self._phrase_lengths.get(stems[i], 0))
            for length in range(longest, 0, -1):
                head = self._phrases.get(tuple(stems[i : i + length]))
                if head is not None and length > 1 and i and tokens[i - 1].surface in _FORMER and any(
                        t.surface in _OFFICES for t in tokens[i : i + length]):
                    continue  # "former Russian president" is not Putin
                if head is not None:
                    typed = " ".join(t.surface for t in tokens[i : i + length])
                    out.extend((term, typed) for term in head)
                    i += length
                    break
            else:
                particle = self._particle_after(stems, i, taken)
                if particle is not None:
                    head = self._split_verbs[stems[i]][stems[particle]]
                    typed = f"{tokens[i].surface} {tokens[particle].surface}"
                    out.extend((term, typed) for term in head)
                    taken.add(particle)
                elif (self._is_content(tokens[i].surface, stems[i]) and i not in taken
                      and not _catenative(tokens, i)):
                    out.append((stems[i], tokens[i].surface))
                i += 1
        return out

    def _particle_after(self, stems: list[str], i: int, taken: set[int]) -> int | None:
        """Where the particle of a split phrasal verb at i is ("pull … back"), if any."""
        particles = self._split_verbs.get(stems[i])
        if not particles:
            return None
        for j in range(i + 2, min(i + 2 + _MAX_SPLIT, len(stems))):
            if stems[j] in particles and j not in taken:
                return j
        return None

    def terms_of_tokens(self, tokens: list[Token]) -> list[str]:
        """Concept terms for already-tokenized text (see `terms`)."""
        return [term for term, _ in self.concepts(tokens)]

    def terms(self, text: str) -> list[str]:
        """Concept terms of text, in order, duplicates kept."""
        return self.terms_of_tokens(self.tokens(text))

    def index_article(self, facts: Sequence[tuple[str, str | None, str | None]]) -> list[Indexed]:
        """`index` for each (text, speaker, reporter) of one article, in order, each speaker
        with the roles the article gives them (see `roles.speaker_roles`)."""
        roles = speaker_roles([text for text, _, _ in facts], [speaker for _, speaker, _ in facts])
        return [self.index(text, speaker, reporter, roles.get(speaker or ""))
                for text, speaker, reporter in facts]

    def index(self, text: str, speaker: str | None, reporter: str | None,
              role: str | None = None) -> Indexed:
        """A fact's search columns, and the context it gives the next fact, in one analysis.

        Its speaker (with their role, if known) and reporter are searchable too; the context
        holds only the words of the sentence: "the request" refers to what was said, and the
        next speaker is someone else.
        """
        own = self.tokens(text)
        extra = " ".join(x for x in (role, speaker, reporter) if x)
        added = self.tokens(extra) if extra else []
        own_terms = self.terms_of_tokens(own)
        terms = own_terms + self.terms_of_tokens(added) if added else own_terms
        return Indexed(" ".join(terms), " ".join(dict.fromkeys(t.surface for t in [*own, *added])),
                       " ".join(dict.fromkeys(own_terms)))

    def _is_content(self, surface: str, stem: str) -> bool:
        if surface in self._stop_words or stem in self._stop_stems:
            return False
        # Single letters are initials or debris of contractions ("don't" → "t").
        return len(surface) > 1 or surface.isdigit()


@lru_cache(maxsize=200_000)
def _stem_cached(stemmer: snowballstemmer.stemmer, word: str) -> str:
    # Snowball leaves irregular verbs alone ("wrote", "met", "told"), so a question in the
    # present tense would miss a fact in the past. A form that can only be a verb with one
    # lemma is replaced by it, and so is a participle that is otherwise only itself as an
    # adjective or noun ("has given", "frozen", "broken"); "left" (also a direction) or
    # "found" (two lemmas) are not.
    # Outlets spell British or American: "defence minister" is the "Defense Minister".
    if word.isalpha():
        word = get_american_spelling(word)
    lemmas = getAllLemmas(word) if word.isalpha() else {}
    verbs = lemmas.get("VERB", ())
    participle = all(pos in ("ADJ", "NOUN") and forms == (word,)
                     for pos, forms in lemmas.items() if pos != "VERB")
    if len(verbs) == 1 and verbs[0] != word and participle:
        word = verbs[0]
    stem: str = stemmer.stemWord(word)
    return stem


def _catenative(tokens: list[Token], i: int) -> bool:
    """A verb that only frames the next one: "manage to agree", "tried to restore"."""
    return tokens[i].stem in _CATENATIVES and i + 1 < len(tokens) and tokens[i + 1].surface == "to"


@lru_cache(maxsize=65_536)  # lemminflect copies its tables on every look-up
def is_name(word: str) -> bool:
    """Whether a folded word looks like a proper name: letters that no English dictionary has.

    "meloni" or "kellogg" are names; "bellicose" or "pocket" are words, however rare.
    """
    return word.isalpha() and len(word) >= 4 and not getAllLemmas(word)


def _parse_related(lines: Iterable[str]) -> Iterable[list[str]]:
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("~"):
            yield [name.strip() for name in line[1:].split(",") if name.strip()]


def _parse_thesaurus(lines: Iterable[str]) -> Iterable[tuple[str, list[str]]]:
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line or line.startswith("~"):
            continue
        head, _, rest = line.partition(":")
        yield head.strip(), [v.strip() for v in rest.split(",") if v.strip()]


def _data_lines(name: str) -> list[str]:
    text = resources.files("knowledge").joinpath("data", name).read_text(encoding="utf-8")
    return text.splitlines()


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The analyzer built from the bundled thesaurus and stopword list."""
    stopwords = [
        w for line in _data_lines("stopwords.txt") if not line.startswith("#") for w in line.split()
    ]
    return Analyzer(_data_lines("thesaurus.txt"), stopwords)
