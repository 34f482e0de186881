"""The cockpit home with sales items: a portfolio objective has no account to open."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import screen_text, settle

from sam_tui.domain.triage import TriageKind
from sam_tui.services import forecast, triage
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.screens.home import HomeScreen


def _position(path: Path) -> int:
    conn = db.connect(path)
    try:
        items = triage.load(conn).items
    finally:
        conn.close()
    return next(
        n for n, i in enumerate(items) if i.kind is TriageKind.OBJECTIVE and i.account_id == 0
    )


async def test_enter_on_a_portfolio_objective_stays_home(demo_db: Path) -> None:
    steps = _position(demo_db)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(steps):
            await pilot.press("down")
        await settle(pilot)
        assert "Grow net new ARR" in screen_text(app)
        selection = app.screen.selection()
        assert selection.account_id is None and selection.label.startswith("objective #")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Why: at-risk:" in screen_text(app)


async def _kpi_line(path: Path, width: int) -> str:
    app = SamApp(path, watch=False)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        return screen_text(app).splitlines()[1]


async def test_the_kpi_strip_shows_attainment_and_coverage_in_80_columns(
    sam, db_path: Path
) -> None:
    sam("account", "add", "Acme")
    assert "Q4: no quota" in await _kpi_line(db_path, 120)
    for args in (
        ("quota", "set", "2026-Q4", "400k"),
        ("deal", "add", "acme", "Pilot", "--amount", "100k", "--stage", "won"),
        ("deal", "add", "acme", "Rollout", "--amount", "600k", "--close", "2026-12-15"),
    ):
        assert sam(*args).exit_code == 0
    # won 100k of 400k; 600k open against the 300k still to win
    assert "Q4 25% of quota · 2.0x coverage" in await _kpi_line(db_path, 120)
    narrow = await _kpi_line(db_path, 80)
    assert narrow.rstrip().endswith("Q4 25% 2.0x cov") and len(narrow.rstrip()) <= 80
    # past the quota there is nothing left to cover: the strip says the quota is met
    assert sam("deal", "won", "2").exit_code == 0
    assert "Q4 175% of quota · quota met" in await _kpi_line(db_path, 120)
    assert (await _kpi_line(db_path, 80)).rstrip().endswith("Q4 175% met")


def _snapshot_count(path: Path) -> int:
    conn = db.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM forecast_snapshot").fetchone()[0])
    finally:
        conn.close()


async def test_a_live_cockpit_keeps_this_weeks_forecast_snapshot(sam, db_path: Path) -> None:
    sam("account", "add", "Acme")
    assert (
        sam("deal", "add", "acme", "Pilot", "--amount", "100k", "--close", "Dec 15").exit_code == 0
    )
    for _ in range(2):  # the second start finds this week's snapshots and stores none
        app = SamApp(db_path, watch=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for _ in range(50):
                if _snapshot_count(db_path) == 2:
                    break
                await pilot.pause(0.1)
        # one for the current fiscal quarter, one for the year
        assert _snapshot_count(db_path) == 2
    # a check only: `sam forecast --diff` rebuilds the forecast since Monday from history,
    # and the stored snapshot agrees with that rebuild
    assert "Since Mon 23 Nov 00:00:" in sam("forecast", "--diff").output
    conn = db.connect(db_path)
    try:
        for info in forecast.snapshots(conn):
            snapshot, rebuilt = forecast.check_snapshot(conn, info)
            assert (rebuilt.figures, rebuilt.deals) == (snapshot.figures, snapshot.deals)
    finally:
        conn.close()
