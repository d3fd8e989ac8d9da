"""What an article calls the people it quotes: "Defence Secretary John Healey", "Dmitry
Medvedev, deputy chairman of the Security Council", "the Polish minister of foreign
affairs, Radoslaw Sikorski".

A quote is often attributed by surname alone ("Mr Healey said", "he said"), the role given
once, sentences earlier; and people ask by role ("what did the UK defence secretary say").
The roles an article gives a person are indexed with every fact it attributes to them, so
such a question finds the quote. Roles are read again from the article's own facts
whenever they are indexed, so a stored base needs nothing more than its fact texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A phrase is a role only if it holds one of these: "Prior to the talks" is not one.
_ROLE_WORDS = frozenset(
    """minister secretary president chairman chairwoman chair chief head leader spokesman
    spokeswoman spokesperson envoy adviser advisor aide negotiator commander ambassador governor
    mayor general director premier chancellor senator lawmaker representative deputy
    commissioner mediator""".split())
# Lower-case words a role may hold between its capitalised ones.
_ROLE_GLUE = _ROLE_WORDS | frozenset(
    """of the for foreign defence defense prime state special national security former top
    chief senior deputy military intelligence presidential interior finance economy energy
    trade affairs home justice health powerful then now""".split())
# Capitalised words that open a sentence or clause, not a role.
_OPENERS = frozenset(
    """on in at but and meanwhile however prior after before later earlier also when while as
    then mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday""".split())
_TOKEN = re.compile(r"[\w'’.-]+|[^\w\s]")
_MAX_ROLE_WORDS = 12
_MAX_ASIDE_CHARS = 120


def speaker_roles(texts: Iterable[str], speakers: Iterable[str | None]) -> dict[str, str]:
    """For each speaker named by surname, the roles the article's texts give them."""
    names = {s for s in speakers if s and " " not in s and s[:1].isupper()}
    found: dict[str, list[str]] = {name: [] for name in names}
    for text in texts:
        for name in names:
            if name in text:
                for role in _roles_in(text, name):
                    if role.lower() not in (r.lower() for r in found[name]):
                        found[name].append(role)
    return {name: " ".join(roles) for name, roles in found.items() if roles}


def _roles_in(text: str, name: str) -> Iterable[str]:
    # Not "the head of Zelenskyy's office": that is someone else's role.
    for match in re.finditer(rf"\b{re.escape(name)}\b(?![’']s\b)", text):
        before = _TOKEN.findall(text[:match.start()])
        phrase = _role_before(before)
        if phrase is None:
            # The role in apposition before the name: "the Polish minister of foreign affairs,
            # Radoslaw Sikorski" (a first name may stand between comma and surname). It ends
            # in a word, not a name: "Polish Prime Minister Donald Tusk, Volodymyr Zelenskiy"
            # is a list of people.
            first_name = before[-2:-1] == [","] and before[-1][:1].isupper()
            cut = 1 if before[-1:] == [","] else 2 if first_name else 0
            apposition = _role_before(before[:-cut]) if cut and len(before) > cut else None
            if apposition is not None and apposition.split()[-1].islower():
                phrase = apposition
        if phrase is not None:
            yield phrase
        aside = re.match(rf",\s+([^,]{{3,{_MAX_ASIDE_CHARS}}}),", text[match.end():])
        if aside and _is_aside_role(aside.group(1).split()):
            yield aside.group(1)  # "Medvedev, deputy chairman of the Security Council, said"


def _role_before(tokens: list[str]) -> str | None:
    """The role words just before a name: capitalised words and role vocabulary, back to the
    first word that is neither ("… by the Polish minister of foreign affairs")."""
    words: list[str] = []
    for token in reversed(tokens):
        if len(words) >= _MAX_ROLE_WORDS or not (token[:1].isupper() or token.lower() in _ROLE_GLUE):
            break
        words.append(token)
    words.reverse()
    while words and (words[0].lower() in _OPENERS or words[0].lower() in ("of", "for")):
        words.pop(0)
    return " ".join(words) if _is_role(words) else None


def _is_aside_role(words: list[str]) -> bool:
    """A role in commas after the name opens like one: "deputy chairman of …", "Poland's
    foreign minister", "a former culture minister" (not ", said a commander,")."""
    first = words[0]
    return _is_role(words) and (first[:1].isupper() or first.lower() in _ROLE_GLUE
                                or first.lower() in ("a", "an", "who", "formerly", "currently"))


def _is_role(words: list[str]) -> bool:
    return any(w.lower().strip(",.") in _ROLE_WORDS for w in words)
