"""The log form as a hurried user meets it: keys typed in a burst land where they would
land typed slowly, and the With field says which contact a first name means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import screen_text, settle, wait_for_text

from sam_tui.tui.app import SamApp


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Every key queued at once, with no pause for the app to catch up (a fast typist,
    or a paste into the terminal), then the app left to process them."""
    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else {"tab": "\t", "space": " "}.get(key)
        app.post_message(events.Key(key, char))
    await settle(pilot)


async def test_a_burst_after_tab_lands_in_the_next_field(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # home starts on Vandelay Aerospace's complaint: the form opens on that account
        await pilot.press("l")
        assert await wait_for_text(pilot, "Log a client touch")
        await burst(pilot, *"Called", "tab", "tab", *"fel", "tab", *"today 8:15")
        form = app.screen
        assert form.query_one("#note", Input).value == "Called"
        assert form.query_one("#with", Input).value == "fel"
        assert form.query_one("#when", Input).value.endswith("today 8:15")
        assert "→ Felix Patel" in screen_text(app)


async def test_the_with_field_suggests_the_nearest_contact(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        assert await wait_for_text(pilot, "Log a client touch")
        box = app.screen.query_one("#with", Input)
        box.focus()
        box.value = "fatma"
        await settle(pilot)
        assert "did you mean Fatima Moreau" in screen_text(app)
