"""The bot's configuration, read once from the environment into one record.

| variable | meaning |
| --- | --- |
| `TELEGRAM_BOT_TOKEN` | the bot's token from @BotFather (required) |
| `TELEGRAM_API_URL` | Bot API server, default https://api.telegram.org (a self-hosted one works) |
| `NEGOBOT_ADMIN_IDS` | comma-separated Telegram user ids allowed to change the facts |
| `NEGOBOT_DB` | the database file (see `knowledge.store.default_db_path`) |
| `NEGOBOT_WEBHOOK_SECRET` | secret token Telegram sends with webhook calls (default: random) |
| `NEGOBOT_FLOOD_BURST`, `NEGOBOT_FLOOD_PER_MINUTE` | per-user flood limit (default 5 at once, 20 a minute) |
| `NEGOBOT_TELEGRAM_TIMEOUT` | seconds to wait for Telegram's answer to a call (default 5) |
| `NEGOBOT_LOG_LEVEL` | DEBUG, INFO (default) or WARNING; the token is blanked out at every level |
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_API_URL = "https://api.telegram.org"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as a secret_token


class SettingsError(Exception):
    """The environment does not configure a runnable bot; the message says what to fix."""


@dataclass(frozen=True)
class Settings:
    """Everything `negobot serve` needs to know, read from the environment."""

    token: str
    api_url: str = DEFAULT_API_URL
    admin_ids: frozenset[int] = frozenset()
    db_path: Path | None = None
    webhook_secret: str = ""
    flood_burst: int = 5
    flood_per_minute: float = 20.0
    poll_timeout: float = 10.0  # seconds a getUpdates call may wait for news
    reply_timeout: float = 5.0  # seconds to wait for Telegram's answer to any other call
    log_level: str = "INFO"

    @property
    def base_url(self) -> str:
        """Where Bot API methods live: {api}/bot{token}/METHOD."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Where files live: {api}/file/bot{token}/PATH."""
        return f"{self.api_url}/file/bot"

    def is_admin(self, user_id: int | None) -> bool:
        """True only for a user id listed in NEGOBOT_ADMIN_IDS."""
        return user_id is not None and user_id in self.admin_ids


def from_env(env: Mapping[str, str], *, db_path: Path | None = None,
             poll_timeout: float | None = None) -> Settings:
    """Settings from environment variables (see the module docstring); raises SettingsError."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and "
                            "export TELEGRAM_BOT_TOKEN=… before `negobot serve`.")
    api_url = (env.get("TELEGRAM_API_URL") or DEFAULT_API_URL).strip().rstrip("/")
    if not api_url.startswith(("http://", "https://")):
        raise SettingsError(f"TELEGRAM_API_URL must be an http(s) address, not {api_url!r}.")
    secret = env.get("NEGOBOT_WEBHOOK_SECRET", "").strip() or secrets.token_urlsafe(32)
    if not _SECRET.match(secret):
        raise SettingsError("NEGOBOT_WEBHOOK_SECRET may only hold letters, digits, _ and - "
                            "(1 to 256 of them).")
    db = db_path or (Path(env["NEGOBOT_DB"]) if env.get("NEGOBOT_DB") else None)
    return Settings(
        token=token, api_url=api_url, admin_ids=_admin_ids(env.get("NEGOBOT_ADMIN_IDS", "")),
        db_path=db, webhook_secret=secret,
        flood_burst=int(_number(env, "NEGOBOT_FLOOD_BURST", 5)),
        flood_per_minute=_number(env, "NEGOBOT_FLOOD_PER_MINUTE", 20),
        poll_timeout=10.0 if poll_timeout is None else poll_timeout,
        reply_timeout=_number(env, "NEGOBOT_TELEGRAM_TIMEOUT", 5),
        log_level=_log_level(env.get("NEGOBOT_LOG_LEVEL", "")),
    )


def _log_level(value: str) -> str:
    level = value.strip().upper() or "INFO"
    if level not in ("DEBUG", "INFO", "WARNING"):
        raise SettingsError(f"NEGOBOT_LOG_LEVEL must be DEBUG, INFO or WARNING, not {value!r}.")
    return level


def _admin_ids(value: str) -> frozenset[int]:
    ids = set()
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise SettingsError(f"NEGOBOT_ADMIN_IDS holds {part!r}, which is not a Telegram "
                                "user id (a number); separate ids with commas.")
        ids.add(int(part))
    return frozenset(ids)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw!r}.") from None
    if value <= 0:
        raise SettingsError(f"{name} must be above zero.")
    return value
