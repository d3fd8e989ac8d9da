"""Will the next size fit in the time left? Projections from the sizes measured before it.

Building is projected from the last ingestion rate (`BaseBuilder.projected_seconds`).
Measuring is projected per method from its last pass over the questions, grown with the
facts as it grew between the last two sizes (linearly when only one is known, which is
right for the brute-force scan and pessimistic for the indexed methods), with the extra
passes `retrieval.measure` would add under its time cap; the serving probe from negobot's
median latency, or the rate limiter's pace when that is slower. The end-to-end runs, made
on the largest base afterwards, get a fixed window, which is kept in reserve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .methods import NEGOBOT
from .retrieval import MethodRun

# One Bot API request an answer (the reply) under a limit of 30 a second.
LIMITED_SECONDS_PER_UPDATE = 1 / 30
SERVING_FIXED_SECONDS = 8.0  # starting and stopping the process, the grace period
REPORT_RESERVE = 10.0
MIN_GROWTH, MAX_GROWTH = 0.3, 1.2  # bounds on the exponent of cost against facts


@dataclass(frozen=True)
class _Measured:
    facts: int
    pass_seconds: dict[str, float]


class Planner:
    """Projects the cost of measuring a size; see the module docstring."""

    def __init__(self, *, probe_questions: int, passes: int, time_cap: float,
                 end_to_end_seconds: float, baseline_cap: float = float("inf")) -> None:
        self.probe_questions = probe_questions
        self.passes = passes
        self.time_cap = time_cap
        self.baseline_cap = baseline_cap
        self.end_to_end_seconds = end_to_end_seconds
        self.history: list[_Measured] = []

    def record(self, facts: int, runs: dict[str, MethodRun]) -> None:
        """What measuring a base of that many facts took."""
        self.history.append(_Measured(facts, {name: run.first_pass_seconds for name, run in runs.items()}))

    def _growth(self, method: str) -> float:
        """How a method's cost grows with the facts: cost ∝ facts ** growth."""
        if len(self.history) < 2:
            return 1.0
        before, last = self.history[-2:]
        if last.facts <= before.facts or min(before.pass_seconds[method], last.pass_seconds[method]) <= 0:
            return 1.0
        growth = math.log(last.pass_seconds[method] / before.pass_seconds[method]) / math.log(
            last.facts / before.facts)
        return min(MAX_GROWTH, max(MIN_GROWTH, growth))

    def pass_seconds(self, method: str, size: int) -> float | None:
        """One pass of method over the questions on a base of size facts, projected."""
        if not self.history:
            return None
        last = self.history[-1]
        return float(last.pass_seconds[method] * (size / last.facts) ** self._growth(method))

    def measuring(self, size: int, questions: int) -> float:
        """Seconds measuring a base of size facts would take (0 before any size is measured)."""
        if not self.history:
            return 0.0
        total = 0.0
        for method in self.history[-1].pass_seconds:
            one = self.pass_seconds(method, size) or 0.0
            if method != NEGOBOT:
                one = min(one, self.baseline_cap)  # a sample of the questions (see `sample_every`)
            total += one if one >= self.time_cap else min(self.passes * one, self.time_cap + one)
        per_question = max(LIMITED_SECONDS_PER_UPDATE,
                           2 * (self.pass_seconds(NEGOBOT, size) or 0.0) / questions)
        return total + SERVING_FIXED_SECONDS + self.probe_questions * per_question

    def sample_every(self, method: str, size: int) -> int:
        """1 to time a baseline on every question; k to time it on every k-th, when a whole
        pass would take longer than `baseline_cap` (the brute-force scan reads every fact:
        at 1M facts a pass over the questions takes minutes)."""
        if method == NEGOBOT:
            return 1
        one = self.pass_seconds(method, size)
        if one is None or one <= self.baseline_cap:
            return 1
        return math.ceil(one / self.baseline_cap)

    def reserve(self) -> float:
        """Seconds kept for the end-to-end runs and the report."""
        return self.end_to_end_seconds + REPORT_RESERVE
