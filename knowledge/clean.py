"""Page text → headline and prose paragraphs, with page furniture removed.

Admins paste whole pages, and crawlers keep whole pages: menus one word a line, headline
lists, "Sign up here", cookie notices, captions, and the teasers of other stories. None of
that may ever become a fact, so cleaning works in two steps:

1. Each line is normalised (bullets, Markdown emphasis and links, invisible characters
   removed) and judged: it is *prose* only if it reads as a sentence of several words
   ending in sentence punctuation and matches no furniture pattern (`furniture.py`).
2. The article is the page's densest run of prose: every prose line scores its length,
   every other line a fixed penalty, and the best-scoring run of lines (a maximum
   subarray) wins. A few captions or subheadings inside an article cost less than its
   paragraphs bring; a hundred-line menu or a headline list cuts the page in two. Lines
   that end an article ("Related News", "Reporting by …") are walls the run never crosses.

Some crawlers break a paragraph wherever it had a link: the line stops mid-sentence, the
link's words stand alone on the next line ("told", "13,000 soldiers"), and the rest of the
sentence follows, or is lost. Such a line keeps its complete sentences and loses only the
broken one at its end (or start); pieces are never glued together, since what stood in
the link cannot be known. The debris of those holes costs a run less than furniture does,
so the paragraphs around it still read as one article.

Everything removed is reported with its reason, so an admin can see what was dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .furniture import LOST_LINK_WORDS, TAIL_MARKER, furniture_pattern
from .sentences import split_sentences

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_BULLET = re.compile(r"^(?:[*+•·▪►-]|\d{1,2}[.)](?=\s+[A-Z]))\s+")
# Footnote markers: "[[xlviii]](https://…)", "[12]", "[iv]".
_FOOTNOTE = re.compile(r"\[\[[^\]]{1,12}\]\]\((?:<[^>]*>|[^)\s]*)\)|\[(?:\d{1,3}|[ivxlcdm]{1,8})\](?!\()")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_BLOCKQUOTE = re.compile(r"^(?:>\s*)+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])"
                          r"|(?<![\w_])_(?!\s)([^_]+?)_(?![\w_])")
_STRAY_STARS = re.compile(r"\*{2,}")
_ANGLE_URL = re.compile(r"<https?://[^>\s]*>")
# "KYIV, Feb 5 (Reuters) - ", "GENEVA (AP) — ": where and who, not what happened.
DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z.'’ -]{1,30}|[A-Z][a-z]+)(?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)?,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\s*)?\((?:Reuters|AP|AFP|Bloomberg"
    r"|Anadolu|dpa|UPI|TASS|Ukrinform|RFE/RL|CNN|AA)\)\s*[-–—]+\s*"
    # without an agency: "LONDON -- ", "KYIV, Ukraine — ", "Kyiv: "
    r"|^[A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)?\s+(?:--|[–—])\s+"
    r"|^(?:Kyiv|Kiev|Moscow|Washington|London|Geneva|Brussels|Paris|Berlin|Abu Dhabi):\s+(?=[A-Z])")
# A note number glued to the end of a sentence: "…percentage points.29 The rise…", "…on
# January 27, 2026.15".
_GLUED_NOTE = re.compile(r"(?:(?<=[a-z][.,”\"’])|(?<=\b(?:19|20)\d\d[.,]))\d{1,3}(?=\s+[A-Z“\"]|$)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) (?=[,;:](?:\s|$))")  # "Russia , Ukraine" after bold
_FRAGMENT = re.compile(r"^(?:\d{1,2}\.\s+)?[\"“‘']?(?:[a-z]|[,;:)\]])")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$|[\"”’]$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.|\.\s\.\s\.)[\"”’')\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_MID_SENTENCE = "starts mid-sentence (a fragment)"
_NO_ENDING = "no sentence ending (headline, menu or caption)"
_TOO_SHORT = "too short to be a sentence"
MIN_PROSE_WORDS = 6
_LINE_PENALTY = 50  # what a non-prose line costs the run it sits in, in characters
_HOLE_PENALTY = 5  # …and what a piece of a sentence broken at a link costs it
_MIN_HEADLINE_WORDS = 5
_SITE_SUFFIX = re.compile(r"(?:\s*[:|]|\s+[–—-])\s+[^:|–—-]{1,40}$")
# Lines a site drops into the middle of its stories (a donation appeal, a newsletter box, a
# picture's caption) are not where an article ends: they cost a run as little as a hole.
_INSERTS = frozenset({"donation appeal", "promotion", "newsletter, subscription or account line",
                      "picture credit or caption", "picture caption or note"})
# Words no sentence ends on: a line that stops on one (or on a comma) stopped at a link.
_CUT_AT_LINK = frozenset(
    """a an the of to in on at by for from with about as and or but that than is was were are has
    have had be into toward towards between including who which its their according told via
    per""".split())
# The line after a link hole goes on with the sentence: lower case, a number or punctuation.
_CONTINUES = re.compile(r"^[\"”’']?(?:[a-z0-9]|[.,;:)\]])")
# A quote that ends on a comma goes on with who said it: "…,” said (a link).
_UNFINISHED_QUOTE = re.compile(r"[,;:][\"”’]$")
_MIN_ARTICLE_CHARS = 200  # prose under a page's own headline that makes it the article…
_MIN_SHARE_OF_BEST = 0.2  # …if it is not dwarfed by a run elsewhere on the page


@dataclass
class CleanText:
    """The article as prose: its headline, its paragraphs and what was dropped, and why."""

    headline: str | None
    paragraphs: list[str]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the page's normalised lines
    body: tuple[int, int] = (0, 0)  # lines[start:end] is where the article was found
    sections: list[int] = field(default_factory=list)  # each paragraph's section (0, 1, …)


# A numbered item whose first words were a link the crawler lost: "2. killed or injured, …".
_LOST_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]\s+)+[a-z,;.]")


def normalize_line(line: str) -> str:
    """One page line as plain text: no bullets, Markdown markup or invisible characters."""
    text = unicodedata.normalize("NFC", line.translate(_INVISIBLE)).replace("\u00a0", " ")
    text = _ANGLE_URL.sub("", text)
    text = _FOOTNOTE.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_HEADING.sub("", _MD_BLOCKQUOTE.sub("", text.strip()))
    for _ in range(2):
        text = _BULLET.sub("", text.strip())
    text = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)
    text = _BULLET.sub("", text.strip())  # "_* A bullet in italics_"
    text = _STRAY_STARS.sub("", _GLUED_NOTE.sub("", text))
    return _SPACE_BEFORE_PUNCT.sub("", " ".join(text.split()))


def furniture_reason(line: str) -> str | None:
    """Why line is page furniture rather than article prose, or None if it is prose."""
    stripped = line.strip()
    reason = furniture_pattern(stripped)
    if reason is not None:
        return reason
    if _FRAGMENT.match(stripped) or _LOST_LIST_ITEM.match(stripped):
        return _MID_SENTENCE
    words = _WORD.findall(stripped)
    if len(words) < MIN_PROSE_WORDS:
        return _TOO_SHORT
    if _TRUNCATED.search(stripped):
        return "cut off (a teaser)"
    if not _SENTENCE_END.search(stripped) or _UNFINISHED_QUOTE.search(stripped):
        return _NO_ENDING
    if stripped.rstrip("\"”’')]").endswith("?") and not re.match(r"^[\"“‘']", stripped):
        return "a question (a heading or teaser)"
    if sum(1 for w in words if w[0].isupper()) > 0.75 * len(words):
        return "title case (a headline)"
    if sum(1 for w in words if w.isupper() and len(w) > 1) > 0.5 * len(words):
        return "capitals (a section heading)"
    return None


def clean_text(text: str, *, has_headline: bool = True, title: str | None = None) -> CleanText:
    """Split page text into headline and prose paragraphs (see the module docstring).

    title, the page's headline as its metadata gives it, helps find the article on a page
    that shows other stories too.
    """
    raw = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    pairs = [(normalize_line(line), bool(_MD_HEADING.match(line.strip()))) for line in raw]
    pairs = _unglue_headline([(line, heading) for line, heading in pairs if line], title)
    headline: str | None = None
    if has_headline and pairs and furniture_reason(pairs[0][0]) is not None:
        headline = pairs.pop(0)[0]
    lines = [line for line, _ in pairs]
    reasons = ["a heading" if heading else furniture_reason(line) for line, heading in pairs]
    # An article never repeats a paragraph; pop-ups and appeals do, again and again. A page
    # rendered twice shows its lines twice: the first copy of those still counts.
    copies = Counter(line.casefold() for line in lines)
    seen: set[str] = set()
    for index, line in enumerate(lines):
        key = line.casefold()
        if reasons[index] is None and (key in seen or copies[key] > 2):
            reasons[index] = "repeated on the page"
        seen.add(key)
    texts, cut_off = _mend_link_holes(lines, reasons)
    walls = [bool(TAIL_MARKER.match(line)) for line in lines]
    start, end = _article_span(lines, _gains(texts, reasons), walls, title)
    result = CleanText(headline=headline, paragraphs=[], lines=lines, body=(start, end))
    result.dropped.extend((line, "outside the article (menus, teasers, other stories)")
                          for line in lines[:start])
    section = 0
    for index in range(start, end):
        line, reason = texts[index], reasons[index]
        if reason is None:
            result.dropped.extend((piece, "a sentence broken where a link was")
                                  for piece in cut_off.get(index, []))
            result.paragraphs.append(DATELINE.sub("", line))
            result.sections.append(section)
        else:
            result.dropped.append((line, reason))
            if result.paragraphs and result.sections[-1] == section:
                section += 1  # a heading, caption or link between paragraphs
    result.dropped.extend((line, "outside the article (after its end, or another story)")
                          for line in lines[end:])
    return result


def _headline_forms(title: str | None) -> list[str]:
    """The page's headline as it may print it: whole, and without a site name after it
    ("… Zelenskyy says : NPR"). Headlines of fewer than _MIN_HEADLINE_WORDS words are left
    out: a sentence could start with them."""
    if not title:
        return []
    whole = " ".join(normalize_line(title).split())
    forms = [whole, _SITE_SUFFIX.sub("", whole)]
    return [f for f in dict.fromkeys(forms) if len(_WORD.findall(f)) >= _MIN_HEADLINE_WORDS]


def _unglue_headline(pairs: list[tuple[str, bool]], title: str | None) -> list[tuple[str, bool]]:
    """Lines with the page's own headline glued in front of the first paragraph (a crawler
    joined "**headline** **first sentence**") split into the headline, as a heading, and the
    paragraph: the headline is never part of a fact."""
    forms = _headline_forms(title)
    out: list[tuple[str, bool]] = []
    for line, heading in pairs:
        # The paragraph must start afresh after it (a capital or a quote), or the headline's
        # words merely open the first sentence ("Russia and Ukraine swap 314 prisoners of war…").
        glued = next((m for f in forms
                      if (m := re.match(f"(?i:{re.escape(f)})" + r"\s+(?=[\"“‘'(]?[A-Z])", line))), None)
        rest = line[glued.end():] if glued else ""
        if glued and len(_WORD.findall(rest)) >= MIN_PROSE_WORDS:
            out += [(line[:glued.end()].strip(), True), (rest, heading)]
        else:
            out.append((line, heading))
    return out


def _mend_link_holes(lines: list[str], reasons: list[str | None]
                     ) -> tuple[list[str], dict[int, list[str]]]:
    """Each line as the article may use it, and the broken sentences cut off it.

    A line rejected only for starting or ending mid-sentence keeps its complete sentences
    when the break shows it was a link: an unfinished end is cut when the line stops on a
    comma or a word no sentence ends on, or the next line goes on in lower case; an
    unfinished start is cut when the line before stopped short.
    The pieces left are debris: reasons[i] becomes None for a mended line, and a piece of
    a sentence costs a run only _HOLE_PENALTY (see _gains).
    """
    texts = list(lines)
    cut_off: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        if reasons[index] not in (_NO_ENDING, _MID_SENTENCE) or _TRUNCATED.search(line):
            continue
        broken_end = not _ends_sentence(line) and (_cut_at_link(line) or (
            index + 1 < len(lines) and bool(_CONTINUES.match(lines[index + 1]))))
        # The link's own words stand alone just before: a line that only continues a long
        # one may have lost words inside it too, and is left alone.
        # Or a paragraph opened with a link whose words the page lost: the line before
        # ends its own paragraph, and this one starts in lower case.
        broken_start = reasons[index] == _MID_SENTENCE and index > 0 and (
            (_ends_sentence(lines[index - 1]) and reasons[index - 1] is None)
            or (not _ends_sentence(lines[index - 1])
            and len(_WORD.findall(lines[index - 1])) < MIN_PROSE_WORDS))
        if not broken_start and (not broken_end or reasons[index] == _MID_SENTENCE):
            continue
        sentences = split_sentences(line)
        keep = sentences[1 if broken_start else 0:len(sentences) - 1 if broken_end else None]
        # A page that drops a link's words inside a line ("turned to ) convicted inmates")
        # may have dropped them from its other sentences too: those are not trusted.
        if not keep or any(LOST_LINK_WORDS.search(sentence) for sentence in sentences):
            continue
        # A sentence broken at its start, read with the lines before the hole ("Click"
        # "here" "to see our map. The map is updated daily."), may be a call to action:
        # then the whole paragraph is a note about the page, not news.
        if broken_start and furniture_pattern(
                " ".join([*lines[max(0, index - 2):index], sentences[0]])) is not None:
            continue
        mended = " ".join(keep)
        if furniture_reason(mended) is None:
            texts[index], reasons[index] = mended, None
            cut_off[index] = [s for s in sentences if s not in keep]
    return texts, cut_off


def _cut_at_link(line: str) -> bool:
    """The line stops on a comma or on a word no sentence ends on: a link was next."""
    words = line.rsplit(None, 1)
    return line.endswith(",") or (bool(words) and words[-1].lower() in _CUT_AT_LINK)


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and not _UNFINISHED_QUOTE.search(line)


def _gains(texts: list[str], reasons: list[str | None]) -> list[int]:
    """What each line adds to a run of article: its length if prose, else a penalty.

    A piece of a sentence broken at a link (it starts mid-sentence, stops on a comma or a
    word no sentence ends on, or is the link's own words after such a stop) costs little:
    it is a hole in the article, not furniture around it.
    """
    gains = []
    for index, (text, reason) in enumerate(zip(texts, reasons, strict=True)):
        if reason is None:
            gains.append(len(text))
        elif reason == _MID_SENTENCE or reason in _INSERTS or (reason in (_NO_ENDING, _TOO_SHORT) and (
                _cut_at_link(text) or (index > 0 and reasons[index - 1] is not None
                                       and _cut_at_link(texts[index - 1])))):
            gains.append(-_HOLE_PENALTY)
        else:
            gains.append(-_LINE_PENALTY)
    return gains


def _densest(gains: list[int], walls: list[bool], lo: int, hi: int) -> tuple[tuple[int, int], int]:
    """The [start, end) run of lines[lo:hi] with the most prose, never crossing a wall."""
    best, best_span = 0, (lo, lo)
    score, start = 0, lo
    for index in range(lo, hi):
        if walls[index]:
            score, start = 0, index + 1
            continue
        score += gains[index]
        if score <= 0:
            score, start = 0, index + 1
        elif score > best:
            best, best_span = score, (start, index + 1)
    return best_span, best


def _article_span(lines: list[str], gains: list[int], walls: list[bool],
                  title: str | None) -> tuple[int, int]:
    """Where the article is: after its own headline if the page shows it, else the densest run.

    A page lists other stories' teasers, sometimes in full sentences; the one under the
    headline, up to the first line that ends an article, is this page's story.
    """
    overall, best = _densest(gains, walls, 0, len(lines))
    key = (title or "").casefold().strip()
    heading = next((i for i, line in enumerate(lines) if key and line.casefold() == key), None)
    if heading is None:
        return overall
    # The first stretch of prose under the headline that looks like an article, even when
    # a "Recommended stories" box interrupts it first.
    start = heading + 1
    while start < len(lines):
        end = next((i for i in range(start, len(lines)) if walls[i]), len(lines))
        span, score = _densest(gains, walls, start, end)
        if score >= max(_MIN_ARTICLE_CHARS, best * _MIN_SHARE_OF_BEST):
            return span
        start = end + 1
    return overall
