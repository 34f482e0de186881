"""The cockpit's writes make the day's automatic backup too, and a failed one is a warning."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tui_helpers import rows, settle

from sam_tui.services import follow_ups
from sam_tui.tui.app import SamApp


def own_data(demo_db: Path, tmp_path: Path) -> Path:
    """The demo portfolio as if it were the user's own (demos are never backed up)."""
    path = tmp_path / "own" / "sam.db"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM setting WHERE key = 'demo'")
    conn.commit()
    conn.close()
    return path


def first_open_follow_up(path: Path) -> int:
    return int(rows(path, "SELECT min(id) FROM follow_up WHERE status = 'open'")[0][0])


async def test_a_write_from_the_cockpit_makes_the_daily_backup(
    demo_db: Path, tmp_path: Path
) -> None:
    path = own_data(demo_db, tmp_path)
    ident = first_open_follow_up(path)
    app = SamApp(path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not (path.parent / "backups").exists()  # showing data writes nothing
        app.db_call(lambda conn: follow_ups.done(conn, [ident]), group="write")
        await settle(pilot)
    daily = path.parent / "backups" / "sam-daily-2026-11-26.db"
    assert rows(daily, "SELECT status FROM follow_up WHERE id = ?", ident) == [("open",)]
    assert rows(path, "SELECT status FROM follow_up WHERE id = ?", ident) == [("done",)]


async def test_a_failed_daily_backup_is_a_warning_and_the_write_lands(
    demo_db: Path, tmp_path: Path
) -> None:
    path = own_data(demo_db, tmp_path)
    (path.parent / "backups").write_text("a file where the folder should be")
    ident = first_open_follow_up(path)
    app = SamApp(path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.db_call(lambda conn: follow_ups.done(conn, [ident]), group="write")
        await settle(pilot)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert [n.title for n in warnings] == ["Backup"]
        assert warnings[0].message.startswith("daily backup skipped (")
    assert rows(path, "SELECT status FROM follow_up WHERE id = ?", ident) == [("done",)]
