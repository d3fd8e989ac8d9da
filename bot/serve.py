"""`negobot serve`: run the bot by long polling, or behind a webhook with a secret token."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from datetime import timedelta
from urllib.parse import urlparse

from telegram.error import NetworkError

from .app import ALLOWED_UPDATES, BotApplication, build_application
from .log_redaction import Redactor
from .settings import Settings

log = logging.getLogger(__name__)
# Telegram unreachable at start-up: tried again after 1, 2, 4… seconds, at most this apart.
MAX_START_DELAY = 60.0

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)


def configure_logging(settings: Settings) -> None:
    """Log to stderr at settings.log_level, with the token and webhook secret blanked out of
    every line (`log_redaction`); httpx's request lines only at DEBUG. Telegram out of reach
    is one line each time, not python-telegram-bot's tracebacks: the retries say what failed
    (`retrying`, `serve`)."""
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redactor = Redactor([settings.token, settings.webhook_secret])
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    if settings.log_level != "DEBUG":
        logging.getLogger("httpx").setLevel(logging.WARNING)
    for name in ("telegram.request.BaseRequest", "telegram.ext"):
        logging.getLogger(name).addFilter(_network_failure_in_a_line)


def _network_failure_in_a_line(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, (NetworkError, ValueError)) or "Invalid server response" in str(error):
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


def run(application: BotApplication, settings: Settings, *, webhook_url: str | None = None,
        port: int = 8443, listen: str = "0.0.0.0", handle_signals: bool = True) -> None:
    """Run application until stopped: polling, or a webhook server on listen:port.

    With handle_signals (the default) SIGINT and SIGTERM stop it cleanly; without, only
    `application.stop_running()` does (for running it in a thread).
    """
    signals = STOP_SIGNALS if handle_signals else None
    if webhook_url:
        # Telegram posts to webhook_url; a proxy in front may forward it to this port and path.
        application.run_webhook(
            listen=listen, port=port, url_path=urlparse(webhook_url).path.lstrip("/"),
            webhook_url=webhook_url, secret_token=settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, stop_signals=signals)
    else:
        application.run_polling(
            poll_interval=0, timeout=timedelta(seconds=settings.poll_timeout),
            allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, stop_signals=signals)



def serve(settings: Settings, *, webhook_url: str | None = None, port: int = 8443,
          listen: str = "0.0.0.0") -> None:
    """Build the bot for settings and run it until SIGINT or SIGTERM. Telegram unreachable
    at start-up is not fatal: the bot is built and started again, after a growing pause."""
    delay = 1.0
    while True:
        try:
            run(build_application(settings), settings, webhook_url=webhook_url, port=port,
                listen=listen)
            return
        except NetworkError as error:
            log.warning("Telegram is unreachable (%s); trying again in %.0f s", error, delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_START_DELAY)
            # The failed run closed its event loop; the next one needs its own.
            asyncio.set_event_loop(asyncio.new_event_loop())
