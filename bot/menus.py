"""Telegram's command menus: the public commands for everyone, admin ones in admins' chats only."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from .commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from .services import Services

log = logging.getLogger(__name__)


async def publish_commands(bot: Bot, services: Services) -> None:
    """Everyone sees the public commands; each admin's own chat also shows the admin ones."""
    await bot.set_my_commands([c.menu_entry() for c in PUBLIC_COMMANDS],
                              scope=BotCommandScopeDefault())
    for admin_id in sorted(services.settings.admin_ids):
        await publish_admin_menu(bot, services, admin_id)


async def publish_admin_menu(bot: Bot, services: Services, admin_id: int) -> None:
    """Show the admin commands in one admin's chat; retried at their /start or /help if it fails."""
    menu = [c.menu_entry() for c in PUBLIC_COMMANDS + ADMIN_COMMANDS]
    try:
        await bot.set_my_commands(menu, scope=BotCommandScopeChat(admin_id))
    except TelegramError as error:  # an admin who has not opened a chat with the bot yet
        log.warning("no admin menu for %s yet: %s", admin_id, error)
        return
    services.admin_menus.add(admin_id)
