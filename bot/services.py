"""The long-lived things handlers share, opened in `post_init` and kept in `bot_data`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from telegram.ext import Application, ContextTypes

from knowledge import Answerer, KnowledgeBase

from .flood import FloodLimiter
from .settings import Settings
from .state import BotState

SERVICES_KEY = "services"  # where the running application keeps its Services in bot_data


@dataclass
class Services:
    """The knowledge base and its answerer, the bot's own state, the settings and flood limit."""

    settings: Settings
    kb: KnowledgeBase
    answerer: Answerer
    state: BotState
    flood: FloodLimiter
    admin_menus: set[int] = field(default_factory=set)  # admins whose chat shows the admin menu


def install(application: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    application.bot_data[SERVICES_KEY] = services


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The services of the running application."""
    return cast(Services, context.bot_data[SERVICES_KEY])


def uninstall(application: Application[Any, Any, Any, Any, Any, Any]) -> Services | None:
    return cast("Services | None", application.bot_data.pop(SERVICES_KEY, None))
