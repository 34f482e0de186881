"""The cockpit's undo key: it shows the latest change, asks, and reverts it as `sam undo` does."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import rows, settle, wait_for_text

from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.tui.app import SamApp


def _add(path: Path, name: str) -> None:
    conn = db.connect(path)
    try:
        accounts.add(conn, accounts.AccountInput(name=name))
    finally:
        conn.close()


async def test_z_asks_then_reverts_the_latest_change(demo_db: Path) -> None:
    _add(demo_db, "Zeta Undo Ltd")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        assert await wait_for_text(pilot, "Undo 'account add'")
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert rows(demo_db, "SELECT count(*) FROM account WHERE name = 'Zeta Undo Ltd'") == [(1,)]
        await pilot.press("z")
        assert await wait_for_text(pilot, "Undo 'account add'")
        await pilot.press("y")
        await settle(pilot)
        assert any(n.message.startswith("Undone: account add") for n in app._notifications)
    assert rows(demo_db, "SELECT count(*) FROM account WHERE name = 'Zeta Undo Ltd'") == [(0,)]
    assert rows(demo_db, "SELECT command FROM change_log ORDER BY id DESC LIMIT 1") == [
        ("undo: account add",)
    ]


async def test_z_refuses_when_another_change_landed_while_it_asked(demo_db: Path) -> None:
    _add(demo_db, "Zeta Undo Ltd")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        assert await wait_for_text(pilot, "Undo 'account add'")
        _add(demo_db, "Zeta Meanwhile Ltd")  # e.g. `sam account add` in another terminal
        await pilot.press("y")
        await settle(pilot)
        told = [n.message for n in app._notifications]
        assert any("nothing was undone" in m for m in told), told
        assert not any(m.startswith("Undone") for m in told)
    assert rows(demo_db, "SELECT count(*) FROM account WHERE name LIKE 'Zeta%'") == [(2,)]
