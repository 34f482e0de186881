"""The cockpit on a book of hundreds of accounts and a long backlog (issue 17).

What a user of a large book notices: the first frame shows the top of the queue and the
rest follows; going back to a screen whose data did not change shows it at once, without
reading it again; lists of hundreds of rows scroll, filter and keep the cursor; an
account's timeline reads older touches as the cursor reaches them. The timings are
measured by bench/cockpit_screens.py and bench/cockpit_budget.py, not here.
"""

from __future__ import annotations

import gc
import random
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from tui_helpers import screen_text, settle, type_text, until

from sam_tui import demo
from sam_tui.domain.enums import AccountStatus, Priority, Tier
from sam_tui.services import account_detail, accounts, follow_ups, interactions
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.collect import NEVER, Collector
from sam_tui.tui.prefetch import HOME, Prefetch
from sam_tui.tui.widgets.table import SamTable

LONG_HISTORY = 260  # touches on one account: three pages of the timeline


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """400 accounts, a month of overdue follow-ups on the strategic ones, and one account
    with a long history; built once (at the pinned clock), copied for each test."""
    from conftest import pinned_clock

    path = tmp_path_factory.mktemp("big") / "big.db"
    with pinned_clock(), pytest.MonkeyPatch.context() as mp:
        conn = db.connect(path)
        size = demo.DemoSize(
            accounts=400,
            touches_per_account=4,
            open_follow_ups=600,
            done_follow_ups=100,
            complaints=30,
        )
        demo.fill(conn, seed=3, size=size)
        live = [s for s in accounts.summaries(conn) if s.status is AccountStatus.ACTIVE]
        strategic = [s for s in live if s.tier is Tier.STRATEGIC]
        rng = random.Random(3)
        mp.setenv("SAM_NOW", "2026-10-01T09:00")
        for n, s in enumerate(strategic[:60]):
            follow_ups.add(
                conn,
                account_ref=f"#{s.id}",
                title=f"chase the renewal paperwork {n}",
                due=date(2026, 10, 2) + timedelta(days=rng.randrange(0, 20)),
                priority=Priority.HIGH,
            )
        chatty = live[0].id
        start = date(2026, 1, 5)
        for n in range(LONG_HISTORY):
            day = start + timedelta(days=n)
            mp.setenv("SAM_NOW", f"{day.isoformat()}T10:00")
            interactions.log(conn, account_ref=f"#{chatty}", summary=f"touch number {n}")
        conn.close()
    yield path, chatty


@pytest.fixture
def big_book(big_template: tuple[Path, int], tmp_path: Path) -> tuple[Path, int]:
    path, chatty = big_template
    target = tmp_path / "big.db"
    shutil.copy2(path, target)
    return target, chatty


def _table(app: SamApp, table_id: str) -> SamTable:
    return app.screen.query_one(f"#{table_id}", SamTable)


@contextmanager
def held_queue(path: Path, *, watch: bool) -> Iterator[tuple[SamApp, threading.Lock]]:
    """A cockpit started as `sam` starts it (the prefetch), its read of the whole queue
    held back until the test releases the lock it yields."""
    prefetch = Prefetch(path)
    app = SamApp(path, watch=watch, prefetch=prefetch)
    held = app.reads.reading(HOME)
    held.acquire()
    prefetch.start()
    try:
        yield app, held
    finally:
        if held.locked():
            held.release()


async def test_the_first_frame_shows_the_top_of_the_queue_then_the_rest(
    big_book: tuple[Path, int],
) -> None:
    path, _ = big_book
    # the whole queue's read held back until the first frame has been looked at
    with held_queue(path, watch=False) as (app, held):
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: _table(app, "triage").row_count > 0, "the first rows")
            first = screen_text(app)
            top = [r.key for r in _table(app, "triage").visible_rows()]
            assert "… cold" in first and "Going cold (…)" in first
            assert "quota …" in first
            assert 0 < len(top) <= 40
            held.release()
            await until(pilot, lambda: "… cold" not in screen_text(app), "the whole queue")
            await settle(pilot)
            whole = screen_text(app)
            assert "Going cold (" in whole and "Going cold (…)" not in whole
            assert " cold " in whole and "Q4" in whole
            # the top did not move when the rest arrived
            assert [r.key for r in _table(app, "triage").visible_rows()][: len(top)] == top


async def test_the_busiest_screens_are_read_as_soon_as_the_whole_queue_is_on_screen(
    big_book: tuple[Path, int],
) -> None:
    path, _ = big_book
    with held_queue(path, watch=True) as (app, held):
        app.LATER = 600.0  # the fallback: it must not be what starts the reads
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: _table(app, "triage").row_count > 0, "the first rows")
            await pilot.pause(0.3)
            # the top of the queue alone: Accounts and Pipeline wait for the rest
            assert app.kept("accounts") is None and not app.later_started
            held.release()
            await until(
                pilot,
                lambda: all(app.kept(mode) is not None for mode in app.WARM),
                "Accounts and Pipeline read ahead",
                seconds=30,
            )
            await pilot.press("2")
            await until(pilot, lambda: app.screen.id == "accounts", "the accounts screen")
            assert _table(app, "account-table").row_count > 300


async def test_going_back_to_a_screen_reads_nothing_unless_the_book_changed(
    big_book: tuple[Path, int],
) -> None:
    path, _ = big_book
    app = SamApp(path, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await until(pilot, lambda: app.screen.id == "accounts", "the accounts screen")
        await settle(pilot)
        read = app.kept("accounts")
        assert read is not None
        for key in ("1", "5", "2"):
            await pilot.press(key)
            await settle(pilot)
        assert app.kept("accounts") is read  # nothing was committed: nothing read again
        quiet = read.summaries[-1]
        conn = db.connect(path)
        try:
            interactions.log(conn, account_ref=f"#{quiet.id}", summary="Called from elsewhere")
        finally:
            conn.close()
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.kept("accounts") is not read
        touched = _table(app, "account-table").get_row(str(quiet.id))[3]
        assert touched.plain == "today"


async def test_hundreds_of_accounts_scroll_filter_and_keep_the_cursor(
    big_book: tuple[Path, int],
) -> None:
    path, _ = big_book
    conn = db.connect(path)
    try:
        listed = accounts.summaries(conn)
    finally:
        conn.close()
    app = SamApp(path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await until(pilot, lambda: app.screen.id == "accounts", "the accounts screen")
        await settle(pilot)
        table = _table(app, "account-table")
        assert table.row_count == len(listed) > 300
        await pilot.press("ctrl+end")
        await settle(pilot)
        last = table.current_key()
        assert table.cursor_row == len(listed) - 1
        assert app.screen.selection().account_id == int(last or 0)
        name = next(s.name for s in listed if str(s.id) == last)
        assert name[:10] in screen_text(app)  # scrolled to it: the last row is drawn
        word = name.split()[0].casefold()
        await pilot.press("slash")
        await type_text(pilot, word[:2])
        await settle(pilot)
        wide = table.row_count
        await type_text(pilot, word[2:])
        await settle(pilot)
        assert 0 < table.row_count <= wide
        assert all(word in table.rows[k].search for k in table.rows)
        assert table.current_key() == last  # still on the same account
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == len(listed) and table.current_key() == last


def _painted(app: SamApp) -> list[list[tuple[str, object]]]:
    """The terminal's lines as composed, with their styles (reads a private API)."""
    return [
        [(segment.text, segment.style) for segment in strip.simplify()]
        for strip in app.screen._compositor.render_strips()
    ]


async def test_each_filter_key_paints_what_a_whole_repaint_paints(
    big_book: tuple[Path, int],
) -> None:
    """A keystroke repaints only the table's lines that show another row (and keeps the
    screen's layout while the scrollbar stays): after each key, typed on, erased, to no
    match and back, the terminal shows exactly what repainting everything shows."""
    path, _ = big_book
    app = SamApp(path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await until(pilot, lambda: app.screen.id == "accounts", "the accounts screen")
        await settle(pilot)
        table = _table(app, "account-table")
        await pilot.press("down", "down", "down", "slash")
        await settle(pilot)
        counts = set()
        for key in [*"acme", "backspace", "backspace", *"zq", "backspace", "backspace", "e"]:
            await pilot.press(key)
            await pilot.pause()
            painted = _painted(app)
            counts.add(table.row_count)
            table.refresh()
            app.screen.refresh(layout=True)
            await pilot.pause()
            assert painted == _painted(app), key
        # the scrollbar came and went: rows under a screenful, none, and many
        assert min(counts) == 0 and max(counts) > 24 and any(0 < n < 20 for n in counts)


async def test_the_timeline_reads_older_touches_as_the_cursor_reaches_them(
    big_book: tuple[Path, int],
) -> None:
    path, chatty = big_book
    conn = db.connect(path)
    try:
        everything = account_detail.timeline(conn, chatty, limit=10_000)
    finally:
        conn.close()
    assert len(everything) > 2 * 100
    app = SamApp(path, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_account(chatty, tab="timeline")
        await until(pilot, lambda: getattr(app.screen, "detail", None) is not None, "the view")
        await settle(pilot)
        table = _table(app, "timeline")
        table.focus()
        assert table.row_count == 100
        for _ in range(5):
            await pilot.press("ctrl+end")
            await settle(pilot)
        assert table.row_count == len(everything)
        assert not app.screen.more_timeline  # type: ignore[attr-defined]
        assert [table.get_row(k.value)[4].plain for k in table.rows] == [
            e.text for e in everything
        ]
        assert "touch number 0" in screen_text(app)  # the oldest, at the end


def test_full_collections_wait_for_a_quiet_moment() -> None:
    before = gc.get_threshold()
    busy = Collector(quiet=3600)
    busy.start()
    try:
        assert gc.get_threshold()[2] == NEVER  # Python starts none by itself
        collections = gc.get_stats()[2]["collections"]
        busy.tick()  # a key was pressed just now: no full collection
        assert gc.get_stats()[2]["collections"] == collections
    finally:
        busy.stop()
    assert gc.get_threshold() == before
    quiet = Collector(quiet=0, every=0)
    quiet.start()
    try:
        collections = gc.get_stats()[2]["collections"]
        quiet.tick()
        assert gc.get_stats()[2]["collections"] == collections + 1
    finally:
        quiet.stop()


async def test_the_cockpit_gives_back_the_collection_thresholds_it_found(demo_db: Path) -> None:
    before = gc.get_threshold()
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == NEVER
    assert gc.get_threshold() == before
