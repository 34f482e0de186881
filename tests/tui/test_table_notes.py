"""A table with no row on screen says why on its first line: still reading (a large book
takes a moment), nothing kept by the filter, or nothing there yet and how to add some."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from tui_helpers import screen_text, settle, type_text

from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.widgets.table import Column, SamTable, row


class Bare(App[None]):
    def __init__(self, empty: str | None) -> None:
        super().__init__()
        self.empty = empty

    def compose(self) -> ComposeResult:
        yield SamTable([Column("name", "Name", 20)], id="t", empty=self.empty)


def lines(app: App[None]) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


async def test_until_its_rows_come_the_table_says_it_is_reading() -> None:
    app = Bare("No accounts yet")
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert lines(app)[1].strip() == "Reading…"
        table = app.query_one(SamTable)
        table.set_rows([row("1", "Acme")])
        await pilot.pause()
        assert lines(app)[1].strip() == "Acme"
        table.set_rows([])
        await pilot.pause()
        assert lines(app)[1].strip() == "No accounts yet"


async def test_a_filter_that_keeps_nothing_says_so_and_how_to_clear_it() -> None:
    app = Bare("")
    async with app.run_test(size=(60, 5)) as pilot:
        table = app.query_one(SamTable)
        table.set_rows([row("1", "Acme"), row("2", "Globex")])
        table.set_filter("zq")
        await pilot.pause()
        assert lines(app)[1].strip() == "Nothing matches “zq” · esc clears the filter"
        table.set_filter("glo")
        await pilot.pause()
        assert lines(app)[1].strip() == "Globex"
        # no rows at all, and "" for empty: the screen says it, the line stays blank
        table.set_rows([])
        await pilot.pause()
        assert lines(app)[1].strip() == ""


async def test_a_table_whose_screen_speaks_says_nothing_even_while_reading() -> None:
    app = Bare(None)
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert "Reading" not in "\n".join(lines(app))


async def test_a_new_books_accounts_and_follow_ups_say_how_to_add_one(db_path: Path) -> None:
    db.connect(db_path).close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "No accounts yet: a adds one (or `sam account add NAME`)" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert "No open follow-ups: f adds one" in screen_text(app)
        # no toast besides: the line stays where the rows would be
        assert not app._notifications


async def test_filtering_the_demo_accounts_to_nothing_says_so(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzqx")
        await pilot.pause()
        assert "Nothing matches “zzqx” · esc clears the filter" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing matches" not in text
        assert app.screen.query_one("#account-table", SamTable).row_count > 5


async def test_a_read_that_failed_says_so_instead_of_reading_forever() -> None:
    app = Bare("No accounts yet")
    async with app.run_test(size=(50, 5)) as pilot:
        table = app.query_one(SamTable)
        table.unread()
        await pilot.pause()
        assert lines(app)[1].strip() == "Could not be read · ctrl+r tries again"
        table.set_rows([row("1", "Acme")])
        await pilot.pause()
        assert lines(app)[1].strip() == "Acme"
