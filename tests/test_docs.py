"""The README documents every command the CLI and the bot have, and shows the newcomer commands first."""

from __future__ import annotations

import re
from pathlib import Path

import click

import bot.settings
from bot.cli import cli
from bot.commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.render import help_message

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "negobot") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix} {name}"))
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    commands = _commands(cli)
    assert len(commands) >= 10
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing, f"README lacks {missing}"


def test_readme_starts_with_make_run_and_make_test() -> None:
    head = "\n".join(README.splitlines()[:12])
    assert "make run" in head and "make test" in head


def _readme_bot_commands() -> list[str]:
    """The commands in the README's Telegram tables, in order."""
    return re.findall(r"^\| `/([a-z]+)", README, flags=re.MULTILINE)


def test_help_menus_and_readme_list_the_same_bot_commands() -> None:
    public = [c.name for c in PUBLIC_COMMANDS]
    admin = [c.name for c in ADMIN_COMMANDS]
    assert _readme_bot_commands() == public + admin
    assert [c.menu_entry().command for c in PUBLIC_COMMANDS + ADMIN_COMMANDS] == public + admin
    for_admins = help_message("negobot_bot", admin=True)
    for_users = help_message("negobot_bot", admin=False)
    assert all(f"\n/{name}" in for_admins for name in public + admin)
    assert all(f"\n/{name}" in for_users for name in public)
    assert not any(f"/{name}" in for_users for name in admin)


def test_readme_names_every_setting_the_bot_reads() -> None:
    variables = set(re.findall(r"`((?:TELEGRAM|NEGOBOT)_[A-Z_]+)`", bot.settings.__doc__ or ""))
    assert len(variables) >= 7
    missing = [v for v in variables if f"`{v}`" not in README]
    assert not missing, f"README lacks {missing}"
