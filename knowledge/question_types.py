"""What kind of answer a question asks for, read from the words the analyzer drops.

"How long…", "when…", "where…", "why…" and "what did X say…" are made of function words, so
coverage cannot see them; yet a fact with no duration in it is a poor answer to "how long",
however many other words it shares. These checks only reorder facts that already pass the
retriever's threshold: they never make a fact pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet

from .analyzer import Analyzer
from .published import MONTHS
from .records import Fact

_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+|the next|several|a few)"
_UNIT = r"(?:minute|hour|day|night|week|month|year)s?"
_DURATION = re.compile(
    rf"\b(?:for|during|over|within|after|lasted|lasting|took)\s+(?:just\s+|only\s+|about\s+|nearly\s+)?"
    rf"{_COUNT}\s+(?:\w+\s+)?{_UNIT}\b"
    rf"|\b{_COUNT}\s+{_UNIT}\s+(?:later|long)\b"
    r"|\b\d+-(?:minute|hour|day|week|month|year)\b", re.IGNORECASE)
_CAUSE = re.compile(r"\b(?:because|due to|amid|owing to|in response to|as a result|"
                    r"in order to|so that)\b", re.IGNORECASE)
_QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    r"dozen|dozens|half|quarter|third|fifth|percent)\b", re.IGNORECASE)
# Numbers that are dates or names, not amounts: "Feb. 26", "26 February", "2022", "World War Two".
_MONTH_WORD = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NOT_AMOUNTS = re.compile(
    rf"\b{_MONTH_WORD}\s+\d{{1,2}}(?:\s*(?:[-–,]|and|to)\s*\d{{1,2}})*\b"
    rf"|\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH_WORD}(?!\w)"
    r"|\b(?:19|20)\d\d\b|\bworld war (?:one|two|i|ii)\b", re.IGNORECASE)
# Not "which country": it asks for a mediator as often as for a host.
_PLACE_NOUN = (r"(?:cit(?:y|ies)|towns?|villages?|places?|venues?|locations?|hotels?|buildings?"
               r"|regions?|capitals?)")
_OPENINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "for how many days", "on how many day" (a reading of Ukrainian or Russian keeps the
    # noun singular): a length of time.
    (re.compile(r"^(?:(?:for|on|in|within) )?how "
                r"(?:long|many (?:days?|weeks?|months?|years?|hours?|minutes?))\b"), "duration"),
    (re.compile(r"^(?:\w+ )?(?:how (?:many|much|big|large|far|fast|high|wide)|"
                r"(?:what|which) (?:percent|percentage|share|proportion|number|amount|sum))\b"), "quantity"),
    # "By what date", "until when": a deadline is a date too.
    (re.compile(r"^(?:(?:on|by|until|till|to|since|from) )?(?:when|(?:what|which) (?:days?|dates?|time))\b"),
     "date"),
    (re.compile(r"^(?:why|for what (?:reason|purpose)|what (?:reason|caused|prompted))\b"), "cause"),
    (re.compile(rf"^(?:where|from where|(?:in|at|to|from) (?:which|what) {_PLACE_NOUN}"
                rf"|(?:which|what) {_PLACE_NOUN})\b"), "place"),
)
# A question of keywords names what it wants instead of asking ("lukoil assets value").
_QUESTION_WORDS = frozenset("what which who whom whose when where why how is are was were do does did "
                            "can could will would should might may must shall has have had".split())
_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:length|duration)\b"), "duration"),
    (re.compile(r"\b(?:value|worth|cost|amount|size|toll|figure|number)\b"), "quantity"),
    (re.compile(r"\b(?:date|day)\b$"), "date"),
    (re.compile(r"\b(?:venue|location|whereabouts)\b"), "place"),
)
_SPEECH = re.compile(r"\b(?:say|says|said|tell|tells|told|think|thinks|claim|claims|claimed|"
                     r"write|writes|wrote|post|posted|describe|described)\b", re.IGNORECASE)
# A length of time, wherever it stands: what the question itself may already say ("how long
# did the one-week pause hold" does not ask for "one week").
_SPAN = re.compile(rf"\b({_COUNT})[\s-]+(?:\w+\s+)?(minute|hour|day|night|week|month|year)",
                   re.IGNORECASE)
_NUMBER_WORDS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
                 "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twelve": "12"}


def spans(text: str) -> frozenset[tuple[str, str]]:
    """The lengths of time text names, as (count, unit): "a week" and "one-week" are ("1", "week")."""
    return frozenset((_NUMBER_WORDS.get(count.lower(), count.lower()), unit.lower())
                     for count, unit in _SPAN.findall(text))


def gives_duration(fact: Fact, named: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether fact says how long something took or lasted, other than the lengths named."""
    return any(not spans(match.group()) <= named for match in _DURATION.finditer(fact.text))


_QUANTITY_WINDOW = 4


def amount_fit(text: str, terms: AbstractSet[str], analyzer: Analyzer) -> int:
    """How well text answers "how many/much …": 2 for a figure next to something the
    question names ("the bodies of 1,000 soldiers" for "how many bodies"), 1 for a figure
    elsewhere or a vague amount next to it ("hundreds of prisoners"), 0 for neither ("the
    two sides", "Feb. 26")."""
    text = _NOT_AMOUNTS.sub(" ", text)
    if not _QUANTITY.search(text):
        return 0  # most facts hold no amount: not worth analysing word by word
    words = analyzer.words(text)
    best = 0
    for i, word in enumerate(words):
        figure = word.isdigit()
        if not figure and not _QUANTITY.fullmatch(word):
            continue
        near = _names_any(words[max(0, i - _QUANTITY_WINDOW):i + _QUANTITY_WINDOW + 1], terms, analyzer)
        best = max(best, int(figure) + int(near))
    return best


def _names_any(words: list[str], terms: AbstractSet[str], analyzer: Analyzer) -> bool:
    """Whether words (not yet stemmed) hold any of terms."""
    return not terms.isdisjoint(analyzer.terms_of_tokens(analyzer.tokens_of(words)))


_DATE_WINDOW = 6
# Words a few chunks of text hold at least, in the worst case that counts: a "when" question
# judges its 30 best facts, and reading the whole of a long fact's text to keep 6 words
# of it was half the cost of answering it.
_CHUNKS = 2 * _DATE_WINDOW


def _last_words(text: str, analyzer: Analyzer) -> list[str]:
    """The last _DATE_WINDOW words of text, reading only its last chunks when they hold
    enough (words never span whitespace)."""
    chunks = text.rsplit(None, _CHUNKS)
    words = analyzer.words(" ".join(chunks[1:]) if len(chunks) > _CHUNKS else text)
    if len(words) < _DATE_WINDOW and len(chunks) > _CHUNKS:
        words = analyzer.words(text)
    return words[-_DATE_WINDOW:]


def _first_words(text: str, analyzer: Analyzer) -> list[str]:
    """The first _DATE_WINDOW words of text (see `_last_words`)."""
    chunks = text.split(None, _CHUNKS)
    words = analyzer.words(" ".join(chunks[:-1]) if len(chunks) > _CHUNKS else text)
    if len(words) < _DATE_WINDOW and len(chunks) > _CHUNKS:
        words = analyzer.words(text)
    return words[:_DATE_WINDOW]


def date_fit(fact: Fact, terms: AbstractSet[str], analyzer: Analyzer) -> int:
    """How well fact answers "when …": 3 for a day next to something the question names
    ("talks in Geneva on 17-18 February" for "when were the Geneva talks"), 2 for a longer
    span there ("plans to deploy it to Belarus in 2025"), 1 for a date elsewhere in it
    ("… likely in Abu Dhabi next month"), 0 for none."""
    best = 1 if fact.dates else 0
    for ref in fact.dates:
        start = fact.text.find(ref.text)
        if start < 0:
            continue
        before = _last_words(fact.text[:start], analyzer)
        after = _first_words(fact.text[start + len(ref.text):], analyzer)
        if _names_any(before + after, terms, analyzer):
            best = max(best, 2 if "/" in ref.iso else 3)
    return best


# A place is a capitalised name after a word that locates: "released into Belarus", "hosted
# at the Al Shati Palace". A bare capital is as often a person, an outlet or a nationality;
# so is one after "according to", and one after "from" is mostly where people come from
# ("officials from Russia … began talks in Abu Dhabi").
_LOCATED = re.compile(
    r"\b(?i:in|at|(?<!according )to|into|near|inside|outside|towards?|via|across)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|des|al|el)\s+)?[A-Z][\w'’.-]*)*)")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def located_places(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each place text locates something at ("talks in Abu Dhabi",
    "hosted at the Al Shati Palace"), in order; "in February" or "on Friday" is no place."""
    for match in _LOCATED.finditer(text):
        name = match.group("name")
        first = name.split(None, 1)[0].lower().rstrip(".")
        if first not in MONTHS and first not in _WEEKDAYS:
            yield match.start(), match.end(), name


def place_fit(text: str, terms: AbstractSet[str], analyzer: Analyzer,
              name_terms: Callable[[str], AbstractSet[str]] | None = None) -> int:
    """How well text answers "where …": 2 for a place the question does not name next to
    something it does ("hosted at the Al Shati Palace in Abu Dhabi" for "where in Abu Dhabi
    did the talks start"), 1 for such a place elsewhere, 0 for none ("talks in Abu Dhabi"
    names only the place asked about; "in February" is no place).

    name_terms: the analyzer's terms of a name, if the caller caches them (the same few
    places recur in most facts)."""
    best = 0
    for start, end, name in located_places(text):
        named = name_terms(name) if name_terms else analyzer.terms(name)
        if all(term in terms for term in named):  # none, or only what the question names
            continue
        near = _names_any(_last_words(text[:start], analyzer)
                          + _first_words(text[end:], analyzer), terms, analyzer)
        best = max(best, 1 + int(near))
        if best == 2:
            break
    return best


_MONEY_ASKED = re.compile(r"\b(?:cost|costs|costing|price|prices|priced|worth|spend|spent|paid|pay|budget)\b",
                         re.IGNORECASE)
_CURRENCY = r"(?:dollars?|euros?|pounds?|hryvnias?|hryvnia|roubles?|rubles?|yuan|usd|eur|gbp|uah|rub)"
_MONEY = re.compile(rf"[$€£₴₽]\s?\d"
                    rf"|\d(?:[\d.,]*\d)?\s*(?:(?:trillion|billion|million|bn|mln|m|k)\s*)?{_CURRENCY}\b"
                    rf"|\b(?:usd|eur|gbp|uah|rub)\s?\d", re.IGNORECASE)


def asks_for_money(question: str) -> bool:
    """Whether a "how much" question asks what something costs ("how much does a Flamingo
    cost", "how much is the deal worth"): then only a sum of money answers it."""
    return question_type(question) == "quantity" and bool(_MONEY_ASKED.search(question))


def gives_money(text: str) -> bool:
    """Whether text names a sum of money ("$1.5 billion", "€90bn", "40 billion euros")."""
    return bool(_MONEY.search(text))


def question_type(question: str) -> str | None:
    """"duration", "date", "cause", "quantity" or "place" when the question's opening asks
    for one, or, in a question of keywords ("geneva talks first day length"), a word naming it."""
    words = re.findall(r"[a-z]+", question.lower())
    opening = " ".join(words[:4])
    found = next((kind for pattern, kind in _OPENINGS if pattern.match(opening)), None)
    if found is None:
        cue = _cue(question)
        found = cue[0] if cue else None
    return found


def _cue(question: str) -> tuple[str, re.Match[str]] | None:
    """In a question of keywords (one that neither opens with a question word nor asks
    like one), the kind of answer a word of it names, and where that word is."""
    text = question.lower()
    words = re.findall(r"[a-z]+", text)
    if not words or words[0] in _QUESTION_WORDS or any(
            pattern.match(" ".join(words[:4])) for pattern, _ in _OPENINGS):
        return None
    text = text.rstrip(" ?!.")
    return next(((kind, match) for pattern, kind in _CUES if (match := pattern.search(text))), None)


def cause_fit(text: str, terms: AbstractSet[str], analyzer: Analyzer) -> int:
    """How well text answers "why …": 2 for a reason next to something the question names
    ("was postponed because of rising tensions" for "why was the round pushed back"), 1 for
    a reason elsewhere ("speaking on condition of anonymity because they were not
    authorized"), 0 for none."""
    best = 0
    for match in _CAUSE.finditer(text):
        before = _last_words(text[:match.start()], analyzer)
        best = max(best, 2 if _names_any(before, terms, analyzer) else 1)
        if best == 2:
            break
    return best


def without_cue(question: str) -> str:
    """A question of keywords without the word that names the kind of answer it wants
    ("geneva talks first day length" → "geneva talks first day"): like "how long" in a
    sentence, that word frames the answer and is not what a fact about it says ("lasted
    six hours"), so it must not count as a term the fact lacks."""
    cue = _cue(question)
    return question[:cue[1].start()] + question[cue[1].end():] if cue else question


# "what did the Kremlin say…", "how did Merz respond…": whose words the question asks for.
_VOICE = re.compile(r"\b(?:what|how)\s+(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+"
                    r"(?:say|says|said|tell|told|think|respond|react|reply|write|wrote|claim|announce"
                    r"|warn|post)\b", re.IGNORECASE)


def asked_voice(question: str) -> str | None:
    """The person or body whose words the question asks for, as typed ("the kremlin")."""
    match = _VOICE.search(question)
    return match.group("who") if match else None


def asks_for_words(question: str) -> bool:
    """Whether the question asks what someone said, wrote or thought."""
    return bool(_SPEECH.search(question))
