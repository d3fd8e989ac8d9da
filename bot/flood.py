"""A per-user flood limit: a token bucket each, and a "slow down" said once per flood.

Telegram's own limits protect Telegram; this one keeps a single user (or a script) from
having the bot answer question after question for them alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

# Buckets of users quiet for this long are dropped, so memory stays bounded.
IDLE_SECONDS = 3600.0
MAX_BUCKETS = 10_000


class Verdict(Enum):
    """What to do with one request."""

    ALLOW = "allow"
    WARN = "warn"  # refuse, and say "slow down" (the first refusal of a flood)
    DROP = "drop"  # refuse silently (already told)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodLimiter:
    """At most `burst` requests at once per key, refilled at `per_minute` a minute."""

    def __init__(self, *, burst: int, per_minute: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def check(self, key: int) -> Verdict:
        """Take one token for key: ALLOW, or WARN once and then DROP while it floods."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < MAX_BUCKETS:
            return
        for key in [k for k, b in self._buckets.items() if now - b.updated > IDLE_SECONDS]:
            del self._buckets[key]
