"""Every sales command and option explains itself in --help."""

from __future__ import annotations

import pytest
import typer.main
from typer import _click as click

from sam_tui.cli.main import app

GROUPS = ["deal", "quota", "objective", "metrics", "forecast", "config"]


@pytest.mark.parametrize("name", GROUPS)
def test_every_command_and_option_has_help(name: str) -> None:
    group = typer.main.get_command(app)
    command = group.get_command(click.Context(group), name)
    assert command is not None and command.help
    commands = [command, *getattr(command, "commands", {}).values()]
    for c in commands:
        assert c.help, c.name
        for param in c.params:
            if param.name != "help":
                assert getattr(param, "help", None), f"{name} {c.name} {param.name}"
