"""The time line picture: a PNG Telegram accepts, readable, the same for the same events."""

from __future__ import annotations

import io
from datetime import date, timedelta
from itertools import combinations

import pytest
from PIL import Image

from bot.timeline_picture import WIDTH, label_boxes, timeline_png
from knowledge.records import Article
from knowledge.timeline import TimelineEvent

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _event(day: date, label: str, articles: int = 2, *, days: int = 1, kind: str = "talks",
           venue: str | None = None) -> TimelineEvent:
    sources = tuple((100 + n, Article(n, f"Story {n}", f"Outlet {n}", None, day.isoformat()))
                    for n in range(1, articles + 1))
    return TimelineEvent(day, day + timedelta(days=days - 1), kind, venue, label, sources)


ROUNDS = [
    _event(date(2025, 8, 15), "Alaska summit", 2),
    _event(date(2026, 1, 23), "Abu Dhabi talks", 5, days=2),
    _event(date(2026, 1, 29), "energy truce", 2, kind="energy truce"),
    _event(date(2026, 2, 4), "Abu Dhabi talks", 5, days=2),
    _event(date(2026, 2, 5), "prisoner exchange 157↔157", 4, kind="prisoner exchange"),
    _event(date(2026, 2, 17), "Geneva talks", 6, days=2),
    _event(date(2026, 2, 27), "truce", 1, kind="truce"),
]


def test_the_picture_is_a_png_of_sensible_size() -> None:
    png = timeline_png(ROUNDS, found=18)
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.mode == "RGB"
        width, height = image.size
        # Telegram's limits for a photo: sides adding up to at most 10,000, a ratio of at most 20.
        assert width == WIDTH and 300 <= height <= 1200 and width / height < 20
        # Not a blank page: the line, the labels and the markers are drawn in several colours.
        assert len(image.getcolors(maxcolors=1 << 16) or []) > 20
    assert len(png) < 1_000_000


def test_the_same_events_give_the_same_bytes() -> None:
    assert timeline_png(ROUNDS) == timeline_png(list(ROUNDS))
    assert timeline_png(ROUNDS) != timeline_png(ROUNDS[:-1])


def test_labels_never_overlap_even_when_many_long_ones_crowd_the_line() -> None:
    crowded = [_event(date(2026, 1, 1) + timedelta(days=n), f"prisoner exchange {n}00↔{n}00",
                      kind="prisoner exchange") for n in range(1, 13)]
    for events in (crowded, ROUNDS, ROUNDS[:1]):
        boxes = label_boxes(events)
        assert len(boxes) == len(events)
        for (l1, t1, r1, b1), (l2, t2, r2, b2) in combinations(boxes, 2):
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, "two labels overlap"
        with Image.open(io.BytesIO(timeline_png(events))) as image:
            height = image.size[1]
        assert all(left >= 0 and right <= WIDTH and top >= 0 and bottom <= height
                   for left, top, right, bottom in boxes)


def test_names_the_fonts_lack_are_still_drawn_and_no_events_is_refused() -> None:
    png = timeline_png([_event(date(2026, 2, 1), "Женева talks ✓", 1, venue="Женева")])
    assert png.startswith(PNG_SIGNATURE)
    with pytest.raises(ValueError, match="at least one event"):
        timeline_png([])
