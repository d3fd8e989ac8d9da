"""`negobot serve`: run the bot by long polling, or behind a webhook with a secret token."""

from __future__ import annotations

import logging
import signal
from datetime import timedelta
from urllib.parse import urlparse

from .app import ALLOWED_UPDATES, BotApplication, build_application
from .settings import Settings

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)


def configure_logging() -> None:
    """Log to stderr; httpx stays quiet, since its request lines carry the bot token."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


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
    """Build the bot for settings and run it until SIGINT or SIGTERM."""
    run(build_application(settings), settings, webhook_url=webhook_url, port=port, listen=listen)
