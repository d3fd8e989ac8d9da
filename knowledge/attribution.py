"""Who said a fact, and who reported it.

News sentences name the speaker with a speech verb ("Zelenskyy said", "The Kremlin on
Thursday said", "with spokesperson Dmitry Peskov telling Sky News") and the reporter with a
handful of formulas ("news agency RBC-Ukraine reports", "told Reuters", "according to
TASS", "wrote on X"). "He"/"She" point back to the last person named, which the caller
carries from sentence to sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OUTLETS = (
    "Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|TASS|Interfax|RIA Novosti"
    "|RIA|Ukrinform|RBC-Ukraine|RBC|Ukrainska Pravda|Kyiv Independent|Kyiv Post|Suspilne"
    "|BBC|CNN|CBS|NBC|ABC|Fox News|Sky News|Al Jazeera|Axios|Politico|Financial Times|FT"
    "|The Guardian|Guardian|New York Times|The New York Times|Washington Post"
    "|The Washington Post|Wall Street Journal|The Wall Street Journal|WSJ|The Economist"
    "|Der Spiegel|Le Monde|Bild|NPR|Euronews|Deutsche Welle|DW|Kommersant|Izvestia|Meduza"
    "|Novaya Gazeta|RT|Channel One|Rossiya 1"
)
_PLATFORMS = "X|Twitter|Telegram|Facebook|Truth Social|Instagram|YouTube|TikTok|Threads"
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’-]*"
_SPEECH_VERBS = (
    r"said|says|told|tells|telling|added|adds|noted|notes|wrote|writes|announced|announces"
    r"|confirmed|confirms|warned|warns|stated|states|claimed|claims|insisted|insists"
    r"|stressed|stresses|argued|argues|posted|tweeted|declared|explained|suggested|replied"
    r"|responded|urged|vowed|pledged|denied|denies|acknowledged|admitted|accused"
    r"|described|describes|remarked|reiterated|emphasized|emphasised|expressed|signaled|signalled"
    r"|recalled|recalls"
    # Only "reported that": "fighting reported in the east" and "recent reports" name nobody.
    r"|reported(?=\s+(?:on\s+\w+(?:\s+\d+)?,?\s+)?that\b)"
)
_ROLES = (r"chief|head|leader|spokesman|spokeswoman|spokesperson|minister|director|commander"
          r"|secretary|president|envoy|adviser|advisor|aide|deputy|member|governor|mayor"
          r"|ambassador|negotiator|chairman|chairwoman|founder|co-founder|ceo|editor|author"
          r"|professor|analyst|researcher|senior|former|top|chair")
_SPEAKER = re.compile(
    rf"(?P<name>\b(?:[Tt]he\s+)?{_NAME}|\b(?:[Hh]e|[Ss]he|[Tt]hey)\b)"
    # An aside between name and verb: "Zelenskyy, speaking in his nightly video address,
    # said", "Ryabkov, a career diplomat who also oversees arms control, said".
    # So is a role: "Valery Gerasimov, chief of the General Staff of the Armed Forces, said".
    rf"(?:,\s+(?:speaking|writing|addressing|asked|talking|a|an|the|who|formerly|now|currently"
    rf"|{_ROLES})\b[^,]{{1,120}},)?"
    # An acronym after the name: "The International Atomic Energy Agency (IAEA) said".
    r"(?:\s+\([A-Z][\w.-]{1,9}\))?"
    # An aside in dashes: "Marco Rubio -- who was not at the Geneva meeting -- said".
    r"(?:\s+(?:--|[–—])\s[^–—]{1,120}?\s(?:--|[–—]))?"
    rf"(?:\s+(?:on|last|this)\s+\w+day|\s+(?:also|later|earlier|again|then|previously|\w+ly))?"
    # "The Kremlin spokesperson, Dmitry Peskov, said": the name in commas, then the verb.
    rf",?\s+(?:has\s+|had\s+|have\s+)?(?:{_SPEECH_VERBS})\b"
)
# A participle that reports speech, for the person the sentence opens with.
_SPEAKING = re.compile(
    r",\s+(?:saying|describing|calling|adding|telling|noting|stressing|warning|insisting)\b")
# The verb first, as news closes a quote: "…,” said Haines." / "…, said the ISW."
_SPEAKER_AFTER = re.compile(
    r"[,”\"’]\s+(?:said|says|added|wrote|noted|asked|told reporters)\s+"
    r"(?P<name>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?=\s*[,.;]|\s*$)"
)
_REPORTER_PATTERNS = [
    re.compile(rf"\bnews agency\s+(?P<o>{_NAME})\s+(?:reports|reported|said)"),
    re.compile(rf"\b(?P<o>{_OUTLETS})(?:\s+news agency)?\s+(?:reports|reported|said|says)\b"),
    re.compile(rf"\b(?:told|telling|tells|told the|in an interview with)\s+(?P<o>{_OUTLETS})\b"),
    re.compile(rf"\b(?i:according to)\s+(?P<o>{_OUTLETS}|{_NAME}(?= news agency))\b"),
    re.compile(rf"\b(?:wrote|writes|said|posted|posting|writing|says)\s+on\s+(?P<o>{_PLATFORMS})\b"),
    re.compile(rf"\bin a (?:post|statement|video) (?:on|to)\s+(?P<o>{_PLATFORMS})\b"),
    # A statement's channel when no outlet carried it: "said in a video address".
    re.compile(r"\b(?:in|during|at) (?:a|an|his|her|their) (?:\w+ ){0,2}(?P<o>video address|video message"
               r"|televised address|address to the nation|press conference|news conference)\b"),
]
# "According to the Ukrainian air force, …": the source of the claim, when no one speaks.
_ACCORDING_TO = re.compile(r"\b(?i:according to)\s+(?:(?:estimates?|data|figures|research|analysis)"
                           r"\s+(?:from|by|of)\s+)?"  # "estimates from the Council on …": the Council
                           r"(?P<name>(?:the\s+)?(?:[A-Z][\w'’-]*(?:\.[A-Z])*\.?\s+)*"
                           r"(?:[a-z][\w'’-]*\s+){0,3}?[\w'’-]+?)(?=[,;]|\.(?:\s|$)|\s+(?:on|in|said)\b)")
_TITLES = frozenset(
    """us u.s. president prime minister foreign defence defense secretary spokesperson
    spokesman spokeswoman envoy special chancellor chief aide adviser advisor kremlin
    ukraine's ukrainian russian russia's american minister's general senator mr mrs ms dr
    however meanwhile but and then""".split()
)
_QUOTE = re.compile(r"[“\"]")
_INSTITUTIONS = frozenset(
    """ministry staff forces force office council commission command service army agency
    department government administration military police parliament committee navy guard
    court bank fund union group authorities officials studies institute center centre corps
    regiment battalion brigade division university journal""".split())
_NOT_NAMES = frozenset(
    """it its in a an he she i we you they after one these those this that at two three four five
    even others other as unconfirmed some many most both all each while when if but and or so then
    there here what which who asked speaking later earlier meanwhile still also u u.s us
    over by under with without from for into during since before among between despite through
    about against across preparations much whatever part not above his her their confirmed i'm
    monday tuesday wednesday thursday friday saturday sunday of course i'd i'll i've war
    jan feb mar apr jun jul aug sep sept oct nov dec given although though because however
    following amid unless until once whether perhaps instead yet""".split())
_NATIONALITIES = frozenset(
    "russian ukrainian european american western us u.s. british french german chinese".split())
_PLACES = frozenset(
    """russia ukraine kyiv kiev moscow washington beijing london paris berlin brussels europe
    china america belarus minsk nato eu un iaea""".split())


@dataclass(frozen=True)
class Attribution:
    """The speaker and reporter of one fact (either may be unknown)."""

    speaker: str | None
    reported_by: str | None
    speaker_is_person: bool = False


def canonical_speaker(name: str) -> tuple[str, bool]:
    """('Zelenskyy', True) for "Ukraine's President Volodymyr Zelenskyy"; ('the Kremlin', False).

    ('', False) when the words name nobody: a capitalised sentence opener ("It said",
    "Unconfirmed claims") or a lone adjective ("Russian said").
    """
    words = name.replace("’", "'").split()
    if words[0].lower() == "the":
        return ("the " + " ".join(words[1:]), False) if len(words) > 1 else ("", False)
    last = words[-1].removesuffix("'s").lower()
    if (last in _NOT_NAMES or last in _NATIONALITIES or len(last) < 2
            or (len(words) == 1 and last.endswith(("ing", "ly")))):
        return "", False
    if last in _INSTITUTIONS:  # "Ukraine's General Staff", "Russia's Defense Ministry"
        return (" ".join(words), False) if len(words) > 1 else ("", False)
    lowered = [w.lower() for w in words]
    if ("of" in lowered or "for" in lowered) and not _INSTITUTIONS.isdisjoint(lowered):
        return " ".join(words), False  # "Russia's Ministry of Foreign Affairs"
    kept = [w for w in words if w.lower() not in _TITLES]
    if not kept:
        return " ".join(words), False
    last = kept[-1].removesuffix("'s")
    if last.lower() in _PLACES:
        return last, False  # "Moscow said": the government, not a person
    return last, True


def find_reporter(sentence: str) -> str | None:
    """The outlet or platform the sentence credits, if any."""
    for pattern in _REPORTER_PATTERNS:
        match = pattern.search(sentence)
        if match:
            return match.group("o").strip()
    return None


def attribute(sentence: str, last_person: str | None) -> Attribution:
    """Speaker and reporter of sentence; pronouns resolve to last_person."""
    reporter = find_reporter(sentence)
    candidates: list[tuple[str, bool, int]] = []
    for match in _SPEAKER.finditer(sentence):
        raw = match.group("name").strip()
        if raw.lower() in {"he", "she", "they"}:
            # "he" points back to a person this sentence already named ("Dmitriev also
            # criticized what he said…"), else to the last one named before it.
            named = [c for c in candidates if c[1]]
            resolved = named[0][0] if named else (_opening_person(sentence[:match.start()])
                                                  or last_person)
            if resolved:
                candidates.append((resolved, True, match.end()))
            continue
        if reporter and reporter in raw:
            continue
        # "The Russian Ministry of Defense (MoD) claimed": the name began before "of".
        body = _BODY_OF.search(sentence[:match.start("name")])
        if body:
            raw = body.group(0) + raw
        name, is_person = canonical_speaker(raw)
        if name:
            candidates.append((name, is_person, match.end()))
    if not candidates:
        after = _SPEAKER_AFTER.search(sentence)
        if after:
            name, is_person = canonical_speaker(after.group("name").rstrip("."))
            if name:
                return Attribution(name, reporter, is_person)
        # "Umerov … delivered a brief statement, describing the talks as “intensive”."
        opener = _opening_person(sentence) if _SPEAKING.search(sentence) else None
        if opener:
            return Attribution(opener, reporter, True)
        subject = _quoted_subject(sentence)
        if subject:
            return Attribution(subject, reporter, True)
        source = _ACCORDING_TO.search(sentence)
        if source and not reporter:
            raw = source.group("name")
            if any(word[0].islower() for word in raw.split()[1:] if word.lower() != "the"):
                return Attribution(raw, None, False)  # "Ukrainian authorities": not a person
            name, is_person = canonical_speaker(raw)
            return Attribution(name or None, None, is_person)
        return Attribution(None, reporter)
    # The speaker whose words are quoted is the one a reader wants named: the last one
    # introduced before the first quote mark ("The Kremlin confirmed…, with Peskov telling
    # Sky News … “of course”" is Peskov's quote).
    first_quote = _QUOTE.search(sentence)
    before_quote = [c for c in candidates if first_quote and c[2] <= first_quote.start()]
    name, is_person, _ = before_quote[-1] if before_quote else candidates[0]
    return Attribution(name, reporter, is_person)


# The head of an institution's name that goes on after "of": "The Russian Ministry of",
# "the Institute for the Study of".
_BODY_OF = re.compile(r"(?:[Tt]he\s+)?(?:[A-Z][\w'’-]*\s+){0,3}(?:Ministry|Department|Institute|Council"
                      r"|Office|Committee|Commission|Bank|Academy|Court|Service|Agency|Union)"
                      r"(?:\s+(?:of|for|and)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*)*"
                      r"\s+(?:of|for|and)\s+(?:the\s+)?$")


# Capitalised words, with room for a role in lower case before the name: "Ukrainian
# President Volodymyr Zelenskyy", "Kremlin spokesman Dmitry Peskov", "US special envoy Steve Witkoff".
_OPENING_NAME = re.compile(rf"(?:[A-Z][\w'’.-]*\s+){{0,5}}(?:(?:{_ROLES}|special|foreign|defence|defense"
                           rf"|prime|peace|press)\s+){{0,3}}(?:[A-Z][\w'’.-]*\s+){{0,3}}"
                           rf"[A-Z][\w'’-]*")


def _opening_person(text: str) -> str | None:
    """The person a sentence opens with ("Ukrainian President Volodymyr Zelenskyy also…")."""
    match = _OPENING_NAME.match(text)
    if not match:
        return None
    name, is_person = canonical_speaker(match.group(0))
    return name if is_person else None


def _quoted_subject(sentence: str) -> str | None:
    """The person opening a sentence that quotes them without a speech verb."""
    if not _QUOTE.search(sentence):
        return None
    match = re.match(r"(?:[A-Z][\w'’]*\s+){0,4}[A-Z][\w'’-]*(?=\s+(?:has|had|have|is|was)?\s*[a-z])",
                     sentence)
    if not match:
        return None
    name, is_person = canonical_speaker(match.group(0))
    return name if is_person else None
