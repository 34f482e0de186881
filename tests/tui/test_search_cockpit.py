"""Search in the cockpit: the palette entry, search as you type, `/` in the account view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import rows, run_palette, screen_text, settle, type_text, wait_for_text

from sam_tui.domain.enums import Channel
from sam_tui.services import accounts, complaints, contacts, interactions
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.screens.account import AccountScreen
from sam_tui.tui.screens.search import DEBOUNCE, SearchScreen


async def searched(pilot: Pilot[Any]) -> None:
    """Past the typing pause, and the search worker done."""
    await pilot.pause(DEBOUNCE + 0.1)
    await settle(pilot)


async def open_search(pilot: Pilot[Any], typed: str, *, wait: bool = True) -> None:
    """Open the search box (as the palette entry does) and type into it."""
    await settle(pilot)
    pilot.app.action_search()  # type: ignore[attr-defined]
    await settle(pilot)
    await type_text(pilot, typed)
    if wait:
        await searched(pilot)


@pytest.fixture
def small_db(db_path: Path) -> Path:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Société Générale"))
    accounts.add(conn, accounts.AccountInput(name="Müller GmbH"))
    accounts.add(conn, accounts.AccountInput(name="[bold]Evil[/] Corp"))
    contacts.add(conn, "müller", contacts.ContactInput(name="Seán O'Brien", role="CFO"))
    interactions.log(
        conn, account_ref="société", summary="Pilot agreed with the trésorier", channel=Channel.CALL
    )
    interactions.log(conn, account_ref="[bold]evil", summary="pilot [/] x \x1b[2J [red]gone")
    complaint = complaints.open_complaint(conn, account_ref="müller", title="Pilot invoices wrong")
    complaints.add_update(conn, complaint.id, "Reissued by finance")
    conn.close()
    return db_path


async def test_the_palette_opens_search_and_results_come_as_you_type(small_db: Path) -> None:
    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_palette(pilot, "search", "Search…")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "pil")
        await searched(pilot)
        text = screen_text(app)
        assert "3 matches" in text
        assert "Société Générale" in text and "Müller GmbH" in text
        # stored markup and escapes are shown as typed, never interpreted
        assert "[bold]Evil[/] Corp" in text
        assert "pilot [/] x ^[[2J [red]gone" in text
        assert "\x1b" not in text
        await type_text(pilot, "ot tresorier")
        await searched(pilot)
        text = screen_text(app)
        assert "1 match" in text and "Pilot agreed with the trésorier" in text
        assert "Müller" not in text


async def test_enter_opens_the_hit_in_its_account_view(small_db: Path) -> None:
    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "o'brien")
        assert "Müller GmbH · Seán O'Brien (CFO)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert (
            screen.account_id
            == rows(small_db, "SELECT id FROM account WHERE name = 'Müller GmbH'")[0][0]
        )
        assert screen.query_one("#account-tabs").active == "tab-contacts"  # type: ignore[attr-defined]
        assert screen.selection().contact_id == 1


async def test_enter_right_after_typing_opens_the_best_hit(small_db: Path) -> None:
    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "reissued", wait=False)
        await pilot.press("enter")  # before the typing pause is over
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        # a complaint update opens its complaint
        assert screen.query_one("#account-tabs").active == "tab-complaints"  # type: ignore[attr-defined]
        assert screen.selection().complaint_id == 1


async def test_letters_without_a_decomposition_are_found_as_typed(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Øresund Energi"))
    interactions.log(conn, account_ref="oresund", summary="Met Søren about the ﬁnal pricing")
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "oresund")
        text = screen_text(app)
        assert "1 match" in text and "Øresund Energi" in text
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "soren final")
        await searched(pilot)
        text = screen_text(app)
        assert "1 match" in text and "Met Søren about the ﬁnal prici…" in text


async def test_bad_input_is_explained_in_place(small_db: Path) -> None:
    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "-- &&")
        assert "has no letters or digits to search for" in screen_text(app)
        assert not list(app._notifications)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "zebra")
        await searched(pilot)
        assert "No matches" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert app.is_running


async def test_slash_in_the_account_view_searches_that_account_only(small_db: Path) -> None:
    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(2)
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "Search in Müller GmbH" in screen_text(app)
        await type_text(pilot, "pilot")
        await searched(pilot)
        text = screen_text(app)
        assert "1 match" in text and "Pilot invoices wrong" in text
        assert "Société" not in text
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen) and screen.account_id == 2
        assert len([s for s in app.screen_stack if isinstance(s, AccountScreen)]) == 1
        assert screen.query_one("#account-tabs").active == "tab-complaints"  # type: ignore[attr-defined]


async def test_slash_still_filters_the_list_screens(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert app.screen.query("#filter")


async def test_a_result_for_an_older_query_is_dropped(small_db: Path) -> None:
    from sam_tui.services import search

    app = SamApp(small_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "o'brien")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        conn = db.connect(small_db)
        stale = search.search(conn, "pilot")
        conn.close()
        screen._found(screen._generation - 1, stale)
        await settle(pilot)
        assert "Seán O'Brien" in screen_text(app) and "Société" not in screen_text(app)


async def test_results_follow_another_process_writing(small_db: Path) -> None:
    app = SamApp(small_db, watch=True)
    app.WATCH_INTERVAL = 0.2
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(pilot, "pilot")
        await pilot.press("down")
        await settle(pilot)
        assert "3 matches" in screen_text(app)
        conn = db.connect(small_db)
        interactions.log(conn, account_ref="müller", summary="Pilot extended to Vienna")
        conn.close()
        assert await wait_for_text(pilot, "4 matches", seconds=5)
        assert "Pilot extended to Vienna" in screen_text(app)


def test_search_snapshot(snap_compare: Any, demo_db: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_search(pilot, "delivery")
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=run_before)
