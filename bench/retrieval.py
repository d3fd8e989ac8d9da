"""Latency and accuracy of one method on one base: every question timed, answers judged.

Each method first answers one question untimed (`warmup_seconds`: negobot builds its
spelling vocabulary then, the cold start a serving process pays once), then takes the whole
list of questions in passes: the first pass is judged, and further passes (up to `passes`,
while the method has used less than `time_cap` seconds) only add timings, so a slow method
on a large base is timed on fewer samples rather than blowing the time budget.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .methods import Method
from .questions import SEED_ANSWERABLE, SEED_OUT_OF_SCOPE, Asked, judge


@dataclass(frozen=True)
class Latency:
    """Percentiles of a list of timings, in milliseconds."""

    n: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ms = sorted(s * 1000 for s in seconds)
        if not ms:
            return cls(0, 0.0, 0.0, 0.0)
        return cls(len(ms), statistics.median(ms), percentile(ms, 99), ms[-1])


def percentile(ordered: list[float], pct: float) -> float:
    """The pct-th percentile of sorted values, linearly interpolated (numpy's default)."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class MethodRun:
    """One method on one base."""

    method: str
    latency: Latency
    by_kind: dict[str, Latency]
    right: int  # seed answerable questions whose leading fact holds an expected phrase
    answerable: int
    declined: int  # seed out-of-scope questions declined
    out_of_scope: int
    warmup_seconds: float
    passes: int
    first_pass_seconds: float  # one pass over every question: what measuring costs at least
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0


def measure(method: Method, questions: list[Asked], *, passes: int = 3,
            time_cap: float = 30.0) -> MethodRun:
    """Time method on every question (see the module docstring) and judge the first pass."""
    started = time.perf_counter()
    method.top("warm up: when is the next round of talks")
    warmup = time.perf_counter() - started
    timings: dict[str, list[float]] = defaultdict(list)
    right = declined = 0
    misses: list[str] = []

    def timed(asked: Asked) -> str | None:
        began = time.perf_counter()
        best = method.top(asked.question)
        timings[asked.kind].append(time.perf_counter() - began)
        return best

    for asked in questions:
        best = timed(asked)
        if asked.kind == SEED_ANSWERABLE:
            if judge(asked.expected, best):
                right += 1
            else:
                misses.append(asked.question)
        elif asked.kind == SEED_OUT_OF_SCOPE and best is None:
            declined += 1
    first_pass = spent = sum(t for kind in timings.values() for t in kind)
    done = 1
    while done < passes and spent < time_cap:
        for asked in questions:
            timed(asked)
        spent = sum(t for kind in timings.values() for t in kind)
        done += 1
    every = [t for kind in timings.values() for t in kind]
    return MethodRun(
        method.name, Latency.of(every), {k: Latency.of(v) for k, v in sorted(timings.items())},
        right, sum(q.kind == SEED_ANSWERABLE for q in questions), declined,
        sum(q.kind == SEED_OUT_OF_SCOPE for q in questions), warmup, done, first_pass, misses)
