"""The time line as a picture: the PNG `/timeline` sends and `negobot timeline` writes.

Drawn with Pillow, in fonts shipped beside this module (DejaVu Sans, cut down to Latin
letters, punctuation and arrows; see fonts/LICENSE), so the same events give the same bytes
on any machine with the same Pillow. Events stand at even steps along one line, in order of
day (a long pause between two is marked on the line, with its length), so that a week of
rounds stays readable next to a summit months before; each label is placed on the nearest
row above or below the line where it overlaps no other label and no other label's stem.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

from knowledge.dates import DateMention
from knowledge.timeline import TimelineEvent

WIDTH = 1280  # Telegram shows a photo at most 1280 pixels wide
MAX_EVENTS = 12  # the events most articles report; more would crowd the line
MARGIN = 48
LABEL_WIDTH = 230  # a label wider than this wraps
ROWS_PER_SIDE = 4
GAP_DAYS = 31  # a longer pause between two events is marked on the line
INK, GREY, LINE, PAPER = "#1d2433", "#5f6b7a", "#9aa5b1", "#ffffff"
COLOURS = {"talks": "#1f5fa8", "prisoner exchange": "#2e8b57", "energy truce": "#d9822b",
           "truce": "#b8860b", "deadline": "#b03a2e"}
# The characters the shipped fonts hold (see fonts/LICENSE); others are drawn as their
# unaccented letter, or "?".
_FONT_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x2010, 0x203A), (0x2190, 0x2199),
                (0x20AC, 0x20AC), (0x2116, 0x2116), (0x2212, 0x2212), (0x25CF, 0x25CF))


@dataclass
class _Block:
    """One event's label: its lines, and where it is drawn."""

    event: TimelineEvent
    x: int  # the event's marker on the line
    lines: list[tuple[str, ImageFont.FreeTypeFont, str]]  # text, font, colour
    width: int
    height: int
    side: int = -1  # -1 above the line, 1 below
    row: int = 0  # 0 nearest the line
    top: int = 0

    @property
    def left(self) -> int:
        return max(MARGIN, min(self.x - self.width // 2, WIDTH - MARGIN - self.width))

    @property
    def right(self) -> int:
        return self.left + self.width


def timeline_png(events: Sequence[TimelineEvent], *, found: int | None = None) -> bytes:
    """The events (in order of day) drawn as a PNG; found is how many the base holds in
    all, when only the ones most articles carry are drawn."""
    blocks, axis, height = _layout(events)
    image = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)
    _header(draw, events, found)
    _line(draw, blocks, axis)
    for block in blocks:
        _draw_block(draw, block, axis)
    _footer(draw, events, height)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def label_boxes(events: Sequence[TimelineEvent]) -> list[tuple[int, int, int, int]]:
    """Where each event's label is drawn: (left, top, right, bottom) in pixels."""
    return [(b.left, b.top, b.right, b.top + b.height) for b in _layout(events)[0]]


def _layout(events: Sequence[TimelineEvent]) -> tuple[list[_Block], int, int]:
    """Each event's label, placed; the line's height in the picture; the picture's height."""
    if not events:
        raise ValueError("a time line needs at least one event")
    label_font, when_font, small_font = _font(True, 19), _font(False, 16), _font(False, 14)
    step = (WIDTH - 2 * (MARGIN + LABEL_WIDTH // 2)) / max(1, len(events) - 1)
    blocks = []
    for n, event in enumerate(events):
        x = WIDTH // 2 if len(events) == 1 else round(MARGIN + LABEL_WIDTH // 2 + n * step)
        articles = len(event.articles)
        lines = [(line, label_font, INK) for line in _wrap(_printable(event.label), label_font)]
        lines += [(event.when, when_font, INK),
                  (f"{articles} article{'s' * (articles != 1)}", small_font, GREY)]
        width = max(int(font.getlength(text)) for text, font, _ in lines)
        blocks.append(_Block(event, x, lines, width, sum(_line_height(f) for _, f, _ in lines)))
    _place(blocks)
    row_height = max(b.height for b in blocks) + 16
    above = 1 + max((b.row for b in blocks if b.side < 0), default=-1)
    below = 1 + max((b.row for b in blocks if b.side > 0), default=-1)
    axis = 112 + above * row_height + 34
    for block in blocks:
        if block.side < 0:
            block.top = axis - 26 - block.row * row_height - block.height
        else:
            block.top = axis + 26 + block.row * row_height
    return blocks, axis, axis + 34 + below * row_height + 70


def _place(blocks: list[_Block]) -> None:
    """Each label on the first row, nearest the line, where it overlaps no label placed
    before and its stem crosses none; else on the row where it overlaps least."""
    rows = [(side, row) for row in range(ROWS_PER_SIDE) for side in (-1, 1)]
    placed: list[_Block] = []
    for block in blocks:
        def clashes(slot: tuple[int, int], block: _Block = block) -> int:
            side, row = slot
            block.side, block.row = slot
            count = 0
            for other in placed:
                if other.side != side:
                    continue
                apart = block.right + 14 <= other.left or other.right + 14 <= block.left
                if other.row == row and not apart:
                    count += 1
                # A stem runs from the line to its label across the rows nearer the line.
                if other.row < row and other.left - 6 <= block.x <= other.right + 6:
                    count += 1
                if other.row > row and block.left - 6 <= other.x <= block.right + 6:
                    count += 1
            return count

        block.side, block.row = min(rows, key=lambda slot: (clashes(slot) > 0, clashes(slot),
                                                             rows.index(slot)))
        placed.append(block)


def _header(draw: ImageDraw.ImageDraw, events: Sequence[TimelineEvent], found: int | None) -> None:
    span = DateMention("", events[0].day, max(e.end_day for e in events)).label()
    draw.text((MARGIN, 28), f"Russia–Ukraine peace negotiations: {span}", font=_font(True, 30), fill=INK)
    shown = len(events)
    if found is not None and found > shown:
        note = f"The {shown} events most articles report, of {found} dated events in the facts"
    else:
        note = f"{'The' if shown == 1 else 'All'} {shown} dated event{'s' * (shown != 1)} in the facts"
    draw.text((MARGIN, 72), note, font=_font(False, 17), fill=GREY)


def _line(draw: ImageDraw.ImageDraw, blocks: list[_Block], axis: int) -> None:
    """The line, with each long pause between two events broken and its length written."""
    draw.line([(MARGIN, axis), (WIDTH - MARGIN, axis)], fill=LINE, width=3)
    font = _font(False, 13)
    for before, after in pairwise(blocks):
        days = (after.event.day - before.event.end_day).days
        if days <= GAP_DAYS:
            continue
        middle = (before.x + after.x) // 2
        draw.rectangle([middle - 6, axis - 4, middle + 6, axis + 4], fill=PAPER)
        for dx in (-6, 2):
            draw.line([(middle + dx, axis + 8), (middle + dx + 4, axis - 8)], fill=LINE, width=2)
        pause = f"{round(days / 30.4)} months" if days >= 61 else f"{days} days"
        width = font.getlength(pause)
        draw.text((middle - width / 2, axis + 10), pause, font=font, fill=GREY)


def _draw_block(draw: ImageDraw.ImageDraw, block: _Block, axis: int) -> None:
    colour = COLOURS.get(block.event.kind, GREY)
    stem = (block.x, block.top + block.height + 2) if block.side < 0 else (block.x, block.top - 2)
    draw.line([(block.x, axis), stem], fill=colour, width=2)
    articles = len(block.event.articles)
    radius = 7 + min(articles, 8)
    box = [block.x - radius, axis - radius, block.x + radius, axis + radius]
    if articles > 1:
        draw.ellipse(box, fill=colour, outline=PAPER, width=2)
    else:  # one article only: it may have misread a date
        draw.ellipse(box, fill=PAPER, outline=colour, width=3)
    y = block.top
    for text, font, ink in block.lines:
        width = font.getlength(text)
        x = min(max(block.x - width / 2, block.left), block.right - width)
        draw.text((x, y), text, font=font, fill=ink)
        y += _line_height(font)


def _footer(draw: ImageDraw.ImageDraw, events: Sequence[TimelineEvent], height: int) -> None:
    font = _font(False, 15)
    x, y = MARGIN, height - 42
    for kind in dict.fromkeys(e.kind for e in events):
        draw.ellipse([x, y + 3, x + 12, y + 15], fill=COLOURS.get(kind, GREY))
        draw.text((x + 18, y), kind, font=font, fill=GREY)
        x += 18 + int(font.getlength(kind)) + 24
    if any(len(e.articles) == 1 for e in events):
        draw.ellipse([x, y + 3, x + 12, y + 15], fill=PAPER, outline=GREY, width=2)
        draw.text((x + 18, y), "one article only", font=font, fill=GREY)
    articles = {a.id for e in events for a in e.articles}
    sources = f"Sources: {len(articles)} article{'s' * (len(articles) != 1)}"
    draw.text((WIDTH - MARGIN - _font(True, 16).getlength(sources), y - 1), sources,
              font=_font(True, 16), fill=INK)


def _wrap(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """text in lines of at most LABEL_WIDTH pixels (a longer word is a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= LABEL_WIDTH:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _printable(text: str) -> str:
    """text with each character the fonts lack drawn as its unaccented letter, or "?"."""
    def fits(ch: str) -> bool:
        return any(lo <= ord(ch) <= hi for lo, hi in _FONT_RANGES)

    out = []
    for ch in text:
        if not fits(ch):
            base = unicodedata.normalize("NFKD", ch)[:1]
            ch = base if base and fits(base) else "?"
        out.append(ch)
    return "".join(out)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return int(font.size * 1.3)


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    data = resources.files("bot").joinpath("fonts", name).read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size)
