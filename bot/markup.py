"""Telegram HTML built from spans of raw text, so nothing unescaped and no cut tag ever goes out.

A message is a list of `Span`s: raw text with at most one tag (or a link). Text is
escaped only when a span is rendered, so trimming a message to Telegram's 4,096
characters cuts raw text, never a tag or an entity (`&amp;`) in half. Lengths are counted
in UTF-16 code units, as Telegram counts them, over the whole HTML: a message that fits
by this measure fits whatever Telegram does with the tags.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

MAX_MESSAGE = 4096
ELLIPSIS = "…"
# A cut looks for a space this far back, so a trimmed text ends on a whole word.
WORD_SEARCH = 40


@dataclass(frozen=True)
class Span:
    """Raw text rendered with one optional tag ("b", "i", "code", "blockquote") or as a link."""

    text: str
    tag: str = ""
    href: str | None = None

    def render(self) -> str:
        body = html.escape(self.text, quote=False)
        if self.href:
            return f'<a href="{html.escape(self.href, quote=True)}">{body}</a>'
        return f"<{self.tag}>{body}</{self.tag}>" if self.tag else body


def text(value: str) -> Span:
    return Span(value)


def bold(value: str) -> Span:
    return Span(value, "b")


def italic(value: str) -> Span:
    return Span(value, "i")


def quote(value: str) -> Span:
    return Span(value, "blockquote")


def link(label: str, url: str | None) -> Span:
    """A link when url is a web address; otherwise the label alone (Telegram refuses odd schemes)."""
    if url and url.startswith(("http://", "https://")) and " " not in url:
        return Span(label, href=url)
    return Span(label)


def units(value: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(value.encode("utf-16-le")) // 2


def render(spans: list[Span]) -> str:
    return "".join(span.render() for span in spans)


def paginate(spans: list[Span], limit: int = MAX_MESSAGE) -> list[str]:
    """The spans as consecutive messages of at most limit units, split between whole words."""
    pages: list[str] = []
    current = ""
    queue = list(spans)
    while queue:
        span = queue.pop(0)
        piece = span.render()
        if units(current) + units(piece) <= limit:
            current += piece
            continue
        head, rest = _split(span, limit - units(current))
        if head is None and not current:  # a span that can never fit (a huge link): drop its link
            head, rest = _split(replace(span, href=None), limit)
            if head is None:
                raise ValueError(f"a message limit of {limit} leaves no room for text")
        if head is not None:
            current += head.render()
        pages.append(current)
        current = ""
        if rest is not None:
            queue.insert(0, rest)
    if current or not pages:
        pages.append(current)
    return pages


def fit(spans: list[Span], tail: list[Span], limit: int = MAX_MESSAGE) -> tuple[str, bool]:
    """One message: all spans, or as many as fit followed by tail; True if it was trimmed."""
    whole = render(spans)
    if units(whole) <= limit:
        return whole, False
    ending = render(tail)
    return paginate(spans, limit - units(ending))[0] + ending, True


def _split(span: Span, room: int) -> tuple[Span | None, Span | None]:
    """The longest word-aligned head of span that renders within room units, and the rest."""
    empty = units(replace(span, text=ELLIPSIS).render())
    if room < empty:
        return None, span
    low, high = 0, len(span.text)
    while low < high:  # the longest raw prefix whose rendering (escapes and all) fits
        middle = (low + high + 1) // 2
        candidate = replace(span, text=span.text[:middle] + ELLIPSIS)
        if units(candidate.render()) <= room:
            low = middle
        else:
            high = middle - 1
    cut = low
    space = span.text.rfind(" ", max(0, cut - WORD_SEARCH), cut)
    if space > 0 and cut < len(span.text):
        cut = space
    if cut == 0:
        return None, span
    head = replace(span, text=span.text[:cut].rstrip() + ELLIPSIS)
    rest_text = span.text[cut:].lstrip()
    return head, (replace(span, text=rest_text) if rest_text else None)
