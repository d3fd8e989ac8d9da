"""Secrets blanked out of every log line, whichever library wrote it.

httpx logs each request's address, and the Bot API puts the token in it; exceptions may
quote the address too. Quieting one logger is not enough once an operator turns on DEBUG, so
the handler itself rewrites each record: message, arguments, traceback and stack.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "[token]"


class Redactor(logging.Filter):
    """A handler filter that replaces each secret (and a token's part after ':') with MASK."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        parts = set()
        for secret in secrets:
            if secret:
                parts.add(secret)
                _, _, tail = secret.partition(":")
                if len(tail) >= 8:  # a token's secret half, quoted on its own
                    parts.add(tail)
        # The longest first, so that a whole token is not left half masked.
        self._secrets = sorted(parts, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the message: say both
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True
