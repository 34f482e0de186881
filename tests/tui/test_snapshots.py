"""Every cockpit screen at 80x24 and 120x40, on the demo portfolio at the pinned clock.

Update the baselines after an intended change with `pytest tests/tui --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import rows, settle, wait_for_text

from sam_tui.tui.app import SamApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def keys(*pressed: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        # a tab's underline slides when the tab changes: a screenshot mid-slide differs
        pilot.app.animation_level = "none"
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        # no blinking cursor in a screenshot
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_accounts(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("2"))


@pytest.mark.parametrize("size", SIZES)
def test_account_view(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_account_timeline(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("enter", "right")
    )


@pytest.mark.parametrize("size", SIZES)
def test_follow_ups(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("3"))


@pytest.mark.parametrize("size", SIZES)
def test_complaints(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("4"))


@pytest.mark.parametrize("size", SIZES)
def test_log_form(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("l"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("question_mark")
    )


@pytest.mark.parametrize("size", SIZES)
def test_first_run(snap_compare: Any, db_path: Path, size: tuple[int, int]) -> None:
    from sam_tui.store import db

    db.connect(db_path).close()
    assert snap_compare(SamApp(db_path, watch=False), terminal_size=size, run_before=keys())


def account_tab(path: Path, name: str, tab: str) -> Any:
    """Open the account view of ``name`` on ``tab``, as enter on a triage item does."""
    ident = rows(path, "SELECT id FROM account WHERE name = ?", name)[0][0]

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.animation_level = "none"  # see keys()
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, SamApp)
        app.open_account(ident, tab=tab)
        await settle(pilot)
        # under load the account's data can land after the workers settle: wait for it
        assert await wait_for_text(pilot, name)
        await settle(pilot)
        await underline_in_place(pilot)

    return run_before


async def underline_in_place(pilot: Pilot[Any]) -> None:
    """Wait (up to 2 s) for the tab underline to sit under the active tab: the counts
    relabel the tabs, and the underline follows on a later frame."""
    tabs = pilot.app.screen.query_one("Tabs")
    underline = tabs.query_one("Underline")
    for _ in range(40):
        active = tabs.query_one("#tabs-list > Tab.-active")
        start, end = active.virtual_region.shrink(active.styles.gutter).column_span
        if (underline.highlight_start, underline.highlight_end) == (start, end):  # type: ignore[attr-defined]
            return
        await pilot.pause(0.05)


def test_prospects(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("6"))


def test_prospects_with_closed(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("6", "h")
    )


def test_advance_form(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("6", "m")
    )


def test_account_contacts(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=account_tab(demo_db, "Vandelay Aerospace", "contacts"),
    )


def test_account_requests(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=account_tab(demo_db, "Helios Energy", "requests"),
    )


def test_account_ideas(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=account_tab(demo_db, "Helios Energy", "ideas"),
    )


def test_pipeline(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("5"))


def test_move_deal_form(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("5", "m")
    )


def test_account_deals(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=account_tab(demo_db, "Stark Health", "deals"),
    )


def test_account_objectives(snap_compare: Any, demo_db: Path) -> None:
    name = rows(
        demo_db,
        "SELECT a.name FROM objective o JOIN account a ON a.id = o.account_id ORDER BY o.id",
    )[0][0]
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=account_tab(demo_db, name, "objectives"),
    )
