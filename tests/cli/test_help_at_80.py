"""Every `--help` reads well at 80 columns: no line longer, none broken mid-sentence (a hard
newline in a docstring paragraph, PITFALLS.md), and no default an edit does not have."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from samcli import ok
from typer import _click as click

from sam_tui.cli.main import app

WIDTH = 80


def _commands() -> list[tuple[str, ...]]:
    """Every command's path under `sam`, groups included."""
    found: list[tuple[str, ...]] = [()]

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(click.Context(command)):
                sub = command.get_command(click.Context(command), name)
                if sub is not None and not sub.hidden:
                    found.append((*path, name))
                    walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


_WORD = re.compile(r"\S+")


def broken_lines(text: str) -> list[str]:
    """Lines that end although the next line's first word would have fitted on them: a
    wrap no renderer makes, only a hard newline in the source."""
    lines = text.splitlines()
    found = []
    for above, line in zip(lines, lines[1:], strict=False):
        right = line.rfind("│") if line.rstrip().endswith("│") else WIDTH
        body = line[:right].rstrip()
        first = _WORD.search(body, 1 if body.startswith("│") else 0)
        if first is None or not first[0][:1].islower():
            continue
        column = first.start()
        # the same cell: the line above has text starting at this column
        if column >= len(above) or above[column] == " " or above[column - 1] != " ":
            continue
        end = len(above[:right].rstrip())
        if above[:right].rstrip()[-1:] in ".:;!?" or end <= column:
            continue
        if end + 1 + len(first[0]) < right - 2:
            found.append(f"{above.rstrip()}⏎{line.rstrip()}")
    return found


def test_the_detector_sees_a_hard_newline() -> None:
    text = " Forecast: deals expected to\n close in the period, by stage.\n"
    assert broken_lines(text)
    assert not broken_lines(
        " A paragraph that is long enough to wrap where the renderer " + "x" * 17 + "\n wraps it.\n"
    )


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "sam")
def test_every_help_reads_at_80_columns(sam, monkeypatch, path: tuple[str, ...]) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    text = ok(sam(*path, "--help"))
    assert all(len(line) <= WIDTH for line in text.splitlines()), text
    assert broken_lines(text) == [], text


def test_an_edit_shows_no_default_it_does_not_apply(sam, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    text = ok(sam("account", "edit", "--help"))
    assert "default" not in text.lower(), text
