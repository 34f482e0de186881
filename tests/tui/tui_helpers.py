"""Driving the cockpit in tests: screen text, waiting for workers, reading the real database."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import Command, CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from sam_tui.tui.app import SamApp
from sam_tui.tui.widgets.table import SamTable


def screen_text(app: SamApp) -> str:
    """What is on the terminal right now, as plain text (reads a private API: tests only)."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.pause()
        workers = [w for w in pilot.app.workers if not w.is_finished]
        if workers:
            await asyncio.gather(*(w.wait() for w in workers), return_exceptions=True)
        await pilot.pause()


async def wait_for_text(pilot: Pilot[Any], text: str, seconds: float = 5.0) -> bool:
    app = pilot.app
    assert isinstance(app, SamApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if text in screen_text(app):
            return True
        await pilot.pause(0.05)
    return False


async def until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, seconds: float = 10.0
) -> None:
    """Let the app run until ``condition()`` holds (it is polled between frames); fail
    saying ``what`` was awaited if it does not within ``seconds``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def _highlighted_command(app: App[Any]) -> str | None:
    """The title of the palette's highlighted hit (None: no palette, or nothing yet)."""
    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return None
    commands = screen.query_one(CommandList)
    index = commands.highlighted
    if index is None:
        return None
    option = commands.get_option_at_index(index)
    return str(option.hit.text) if isinstance(option, Command) else None


async def run_palette(pilot: Pilot[Any], query: str, title: str) -> None:
    """ctrl+p, type ``query``, and run the command ``title`` once the palette's search
    (a worker) has made it the highlighted hit."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(
        pilot,
        lambda: isinstance(app.screen, CommandPalette)
        and app.screen.query_one(CommandInput).has_focus,
        "the command palette",
    )
    await type_text(pilot, query)
    await until(pilot, lambda: _highlighted_command(app) == title, f"{title!r} highlighted")
    await pilot.press("enter")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


def rows(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def account_id(path: Path, name: str) -> int:
    return int(rows(path, "SELECT id FROM account WHERE name = ?", name)[0][0])


async def fill(pilot: Pilot[Any], field: str, text: str) -> None:
    """Type ``text`` into a form field (as a paste: markup and escapes arrive as they are)."""
    box = pilot.app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = text
    await settle(pilot, rounds=1)


async def select_row(pilot: Pilot[Any], table_id: str, key: str) -> None:
    table = pilot.app.screen.query_one(f"#{table_id}", SamTable)
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await settle(pilot, rounds=1)
