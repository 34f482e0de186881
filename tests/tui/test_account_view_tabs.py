"""The account view composes a list tab on its first visit, and the tab still shows the
account's records as they stand then (read with the view, or read again since)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TabbedContent
from tui_helpers import account_id, screen_text, settle, until

from sam_tui.services import deals
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.screens.account import AccountScreen
from sam_tui.tui.widgets.table import SamTable


async def _open(pilot: Pilot[Any], ident: int, tab: str | None = None) -> AccountScreen:
    """The account's view, opened (on ``tab``) once the cockpit has settled, its data read."""
    app = pilot.app
    assert isinstance(app, SamApp)
    await settle(pilot)
    app.open_account(ident, tab=tab)
    await settle(pilot)
    view = app.screen
    assert isinstance(view, AccountScreen)
    return view


async def _built(pilot: Pilot[Any], view: AccountScreen, table_id: str) -> None:
    """Until the tab's table is built (on its first visit) and filled."""
    await until(pilot, lambda: bool(view.query(f"#{table_id}")), f"the {table_id} table")
    await settle(pilot)


def _deal_ids(path: Path, account: str) -> list[str]:
    conn = db.connect(path)
    try:
        return [str(d.id) for d in deals.list_deals(conn, account_ref=account)]
    finally:
        conn.close()


async def test_a_tab_is_built_on_its_first_visit_with_the_accounts_records(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, account_id(demo_db, "Stark Health"))
        assert view.detail is not None
        # the overview is on screen; no other tab's table was made with the view
        assert not view.query("#deals") and not view.query("#timeline")
        assert "Health" in screen_text(app)
        view.query_one(TabbedContent).active = "tab-deals"
        await _built(pilot, view, "deals")
        table = view.query_one("#deals", SamTable)
        assert [str(k.value) for k in table.rows] == _deal_ids(demo_db, "Stark Health")
        assert "D new deal" in screen_text(app)


async def test_a_tab_first_visited_after_a_change_shows_the_change(demo_db: Path) -> None:
    ident = account_id(demo_db, "Stark Health")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, ident)
        conn = db.connect(demo_db)
        try:
            added = deals.add(conn, "Stark Health", deals.NewDeal("Lazy tab expansion", 4_200_000))
        finally:
            conn.close()
        view.reload()  # as the cockpit does when another terminal writes
        await settle(pilot)
        view.query_one(TabbedContent).active = "tab-deals"
        await _built(pilot, view, "deals")
        assert str(added.id) in [str(k.value) for k in view.query_one("#deals", SamTable).rows]
        assert "Lazy tab expansion" in screen_text(app)


async def test_a_search_hit_in_a_tab_not_yet_built_gets_the_cursor(demo_db: Path) -> None:
    owned = _deal_ids(demo_db, "Stark Health")
    assert len(owned) > 1
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, account_id(demo_db, "Stark Health"))
        view.focus_record("deal", int(owned[-1]))
        await _built(pilot, view, "deals")
        table = view.query_one("#deals", SamTable)
        assert view.query_one(TabbedContent).active == "tab-deals"
        assert table.has_focus and table.current_key() == owned[-1]


def _touches(path: Path, account: str) -> list[int]:
    conn = db.connect(path)
    try:
        ident = conn.execute("SELECT id FROM account WHERE name = ?", (account,)).fetchone()[0]
        rows = conn.execute(
            "SELECT id FROM interaction WHERE account_id = ? ORDER BY occurred_at DESC, id DESC",
            (ident,),
        ).fetchall()
        return [r[0] for r in rows]
    finally:
        conn.close()


async def test_a_touch_found_by_search_gets_the_cursor_on_the_timeline(demo_db: Path) -> None:
    touches = _touches(demo_db, "Stark Health")
    assert len(touches) > 3
    wanted = touches[2]  # not the first row: the cursor must move to it
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, account_id(demo_db, "Stark Health"))
        assert view.detail is not None
        view.focus_record("interaction", wanted)
        await _built(pilot, view, "timeline")
        table = view.query_one("#timeline", SamTable)
        assert view.query_one(TabbedContent).active == "tab-timeline"
        entry = next(e for e in view.detail.timeline if e.step == 0 and e.seq == wanted)
        assert table.has_focus and table.cursor_row == view.detail.timeline.index(entry)
        # the touch in full under the table is that one
        assert entry.text[:30] in screen_text(app)


async def test_a_follow_up_found_by_search_opens_the_follow_ups_tab_on_it(demo_db: Path) -> None:
    conn = db.connect(demo_db)
    try:
        owed = [
            r[0]
            for r in conn.execute(
                "SELECT f.id FROM follow_up f JOIN account a ON a.id = f.account_id"
                " WHERE a.name = 'Stark Health' AND f.status = 'open' ORDER BY f.due_date, f.id"
            )
        ]
    finally:
        conn.close()
    assert owed
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, account_id(demo_db, "Stark Health"))
        view.focus_record("follow_up", owed[-1])
        await _built(pilot, view, "follow-ups")
        assert view.query_one(TabbedContent).active == "tab-follow-ups"
        assert view.query_one("#follow-ups", SamTable).current_key() == str(owed[-1])


async def test_the_timeline_cursor_stays_on_its_touch_when_a_newer_one_is_logged(
    demo_db: Path,
) -> None:
    from sam_tui.services import interactions

    touches = _touches(demo_db, "Stark Health")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open(pilot, account_id(demo_db, "Stark Health"), tab="timeline")
        table = view.query_one("#timeline", SamTable)
        table.move_cursor(row=1)
        await settle(pilot)
        chosen = table.current_key()
        conn = db.connect(demo_db)
        try:
            interactions.log(conn, account_ref="Stark Health", summary="Quick check-in call")
        finally:
            conn.close()
        view.reload()  # as the cockpit does when another terminal writes
        await settle(pilot)
        assert "Quick check-in call" in screen_text(app)
        assert table.current_key() == chosen and table.cursor_row == 2
        assert chosen == f"t0.{touches[1]}"
