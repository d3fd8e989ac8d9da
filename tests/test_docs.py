"""The README documents every command the CLI has, and shows the two newcomer commands first."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli import cli

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
