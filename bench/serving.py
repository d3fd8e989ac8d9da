"""`negobot serve` as a real process against the fake Bot API: start-up, load, memory.

The fake server (tests/fake_bot_api.py, strict where Telegram is strict) runs in this
process; the bot runs in its own, as in production (`python -m bot serve`, long polling, the
settings' defaults, flood limit included), so the two share the two cores as they would.

1. One question is queued before the bot starts; the time from starting the process to
   the fake receiving its answer is *start to first answer* (interpreter, imports, opening
   the base, the cold spelling vocabulary, Bot API handshake, the answer itself).
2. `users` users then each send `per_user` questions at once (the questions in turn):
   *answered updates a second* is how many were answered over the time from queuing them
   to the last answer, or to the end of the window the run was given (`load_seconds`;
   then `completed` is False). Each private chat must receive exactly one reply a
   question: fewer is *unanswered* (lost, when the run completed), more is *answered
   twice*; "slow down" and apologies are *refused*.
3. Its peak memory (`VmHWM` in /proc/PID/status, the high-water mark of the program's
   own resident memory) is read before it is stopped with SIGTERM. Not `wait4`'s
   `ru_maxrss`: that also counts the parent's memory the child shared between fork and
   exec, which here is this whole benchmark's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.guards import APOLOGY, SLOW_DOWN
from tests.fake_bot_api import FakeBotAPI

from .questions import ROOT, Asked

FIRST_USER = 1
FIRST_LOAD_USER = 1001
POLL_SECONDS = 0.02
GRACE_SECONDS = 1.0  # after the last answer, for late duplicates to show
STOP_SECONDS = 5.0  # SIGTERM to exit, as tests/test_bot_serve.py requires; then SIGKILL
FIRST_ANSWER_TIMEOUT = 120.0


@dataclass(frozen=True)
class ServingRun:
    """`negobot serve` on one base (see the module docstring)."""

    size: int
    rate_limited: bool  # False: the diagnostic run without python-telegram-bot's rate limiter
    start_to_first_answer_s: float
    peak_rss_mib: float  # 0.0 where /proc is not available
    users: int
    updates: int
    answered: int
    unanswered: int  # no reply when the run ended: lost if it completed, else still queued
    twice: int
    refused: int
    rejected_calls: int  # Bot API calls the fake refused, as Telegram would
    seconds: float  # from queuing the load to its last answer (or the end of the window)
    completed: bool
    exit_code: int  # -9: killed, still answering fetched updates STOP_SECONDS after SIGTERM

    @property
    def updates_per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


def _environment(fake: FakeBotAPI, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEGOBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, NEGOBOT_DB=str(db))
    return env


def _answers_to(fake: FakeBotAPI, chats: set[int]) -> int:
    """How many messages the bot has sent to these chats (cheap: no deep copies)."""
    return sum(1 for call in fake.calls if call.method.lower() == "sendmessage" and call.status == 200
               and call.response.get("result", {}).get("chat", {}).get("id") in chats)


def peak_rss_mib(pid: int) -> float:
    """A running process's peak resident memory in MiB (VmHWM), or 0.0 without /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return 0.0


def _stop(process: subprocess.Popen[bytes], timeout: float) -> int:
    """SIGTERM, then SIGKILL when the process has not ended within timeout; its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def run_serving(db: Path, workdir: Path, size: int, questions: list[Asked], *, users: int,
                per_user: int, load_seconds: float, rate_limited: bool = True) -> ServingRun:
    """Measure `negobot serve` on a copy of db (see the module docstring).

    Without rate_limited, the bot runs with python-telegram-bot's rate limiter off
    (`bench.unlimited_serve`), to show what the application alone can do.
    """
    name = f"serve-{size}" + ("" if rate_limited else "-unlimited")
    served = workdir / f"{name}.db"
    for old in workdir.glob(f"{name}.db*"):
        old.unlink()
    shutil.copyfile(db, served)  # the bot writes its question log and update ids: not into db
    log_path = workdir / f"{name}.log"
    module = "bot" if rate_limited else "bench.unlimited_serve"
    with FakeBotAPI() as fake, log_path.open("wb") as log:
        fake.private_message(FIRST_USER, questions[0].question)
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", module, "serve", "--poll-timeout", "1"],
            env=_environment(fake, served), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            deadline = time.monotonic() + FIRST_ANSWER_TIMEOUT
            while not _answers_to(fake, {FIRST_USER}):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"negobot serve gave no first answer; see {log_path}")
                time.sleep(POLL_SECONDS)
            first_answer = time.perf_counter() - started

            chats = set(range(FIRST_LOAD_USER, FIRST_LOAD_USER + users))
            load = [(user, questions[(i * per_user + k) % len(questions)].question)
                    for i, user in enumerate(sorted(chats)) for k in range(per_user)]
            queued = time.perf_counter()
            for user, question in load:
                fake.private_message(user, question, first_name=f"User{user}")
            deadline = time.monotonic() + load_seconds
            done = _answers_to(fake, chats)
            while done < len(load) and time.monotonic() < deadline and process.poll() is None:
                time.sleep(POLL_SECONDS)
                done = _answers_to(fake, chats)
            seconds = time.perf_counter() - queued
            time.sleep(GRACE_SECONDS)
            peak = peak_rss_mib(process.pid)
        finally:
            # python-telegram-bot answers the updates it has fetched before it stops: a run
            # stopped early may overrun STOP_SECONDS draining them, and is then killed.
            exit_code = _stop(process, STOP_SECONDS)
        replies = Counter(m["chat"]["id"] for m in fake.sent_messages() if m["chat"]["id"] in chats)
        refused = sum(1 for m in fake.sent_messages() if m["chat"]["id"] in chats
                      and str(m.get("text", "")).startswith((SLOW_DOWN, APOLOGY)))
        for copy in workdir.glob(f"{name}.db*"):
            copy.unlink()
        asked = Counter(user for user, _ in load)
        unanswered = sum(max(0, asked[c] - replies[c]) for c in chats)
        twice = sum(max(0, replies[c] - asked[c]) for c in chats)
        answered = min(done, len(load)) - refused  # within the window: what the rate counts
        return ServingRun(size, rate_limited, first_answer, peak, users, len(load), answered, unanswered,
                          twice, refused, len(fake.rejected), seconds, done >= len(load), exit_code)
