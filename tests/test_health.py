"""`negobot health` (Docker's HEALTHCHECK), the bot's heartbeat, and the image's safety settings."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from bot.health import heartbeat_path
from knowledge import open_base
from tests.bot_harness import RunningBot

ROOT = Path(__file__).resolve().parents[1]


def _health(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["health", "--db", str(db), *args])
    return result.exit_code, result.output.strip()


def test_health_checks_the_database_and_a_serving_bots_heartbeat(tmp_path: Path) -> None:
    db = tmp_path / "negobot.db"
    assert _health(db) == (1, f"no database at {db}")
    open_base(db).close()
    assert _health(db) == (0, "ok: 12 facts; no bot serving")
    beat = heartbeat_path(db)
    beat.write_text("now\n")
    code, said = _health(db)
    assert code == 0 and said.startswith("ok: 12 facts; the bot was alive")
    stale = time.time() - 300
    os.utime(beat, (stale, stale))
    code, said = _health(db)
    assert code == 1 and said.startswith("the bot's last sign of life was 30")
    assert _health(db, "--max-age", "600")[0] == 0


def test_health_fails_on_a_damaged_database(tmp_path: Path) -> None:
    db = tmp_path / "negobot.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    code, said = _health(db)
    assert code == 1 and "cannot be read" in said


def test_a_serving_bot_beats_and_stops_beating_when_stopped(bot: RunningBot) -> None:
    beat = heartbeat_path(bot.settings.db_path)
    deadline = time.monotonic() + 10
    while not beat.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert beat.exists() and _health(bot.settings.db_path)[0] == 0  # type: ignore[arg-type]
    bot.stop()
    assert not beat.exists()


def test_the_image_runs_as_a_user_with_a_healthcheck_and_its_data_on_a_volume() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert "USER negobot" in lines and 'VOLUME ["/data"]' in lines
    assert any(line.startswith("HEALTHCHECK") and 'CMD ["negobot", "health"]' in line for line in lines)
    assert "NEGOBOT_DB=/data/negobot.db" in (ROOT / "Dockerfile").read_text()
    assert lines.index("USER negobot") > max(i for i, line in enumerate(lines) if line.startswith("RUN"))
