"""Cockpit moves on a book, timed in process through Textual's Pilot (issue 17's budgets).

- ``pipeline``: home shown, press 5, until the pipeline's table holds its rows (0.3 s).
- ``timeline``: home shown, open the account with the most touches on its Timeline tab,
  until the timeline's rows are on screen (0.3 s).
- ``filter``: the Accounts screen shown, `/`, then each keystroke of a word, until the
  table shows what the filter keeps; the slowest keystroke (50 ms).

A stopgap probe: the cockpit branch brings its own measures with its changes; these time
what the cockpit does today, headless at 120x40, in a fresh process each run.

Usage: python bench/cockpit_moves.py DB pipeline|timeline|filter   (prints seconds)
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from _common import PINNED_NOW

SIZE = (120, 40)
TIMEOUT = 120.0


async def _until(pilot: Any, done: Callable[[], bool]) -> None:
    """Let the app run (workers, messages, a refresh) until ``done()`` holds."""
    deadline = time.perf_counter() + TIMEOUT
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        await pilot.pause(0.002)
    await pilot.pause()  # the frame that shows it


async def _home(pilot: Any, app: Any) -> None:
    from sam_tui.tui.widgets.table import SamTable

    def shown() -> bool:
        tables = app.screen.query(SamTable)
        return bool(tables) and tables.first().row_count > 0

    await _until(pilot, shown)


def _filtered(table: Any, typed: str) -> bool:
    """The table filters on ``typed`` (its private state: a probe, not a test)."""
    return bool(getattr(table, "_filter", typed) == typed)


def _busiest_account(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute(
                "SELECT account_id FROM interaction GROUP BY account_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()[0]
        )


async def measure(path: Path, what: str) -> float:
    from sam_tui.tui.app import SamApp
    from sam_tui.tui.widgets.table import SamTable

    account = _busiest_account(path) if what == "timeline" else 0
    app = SamApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        if what == "pipeline":
            start = time.perf_counter()
            await pilot.press("5")

            def pipeline() -> bool:
                found = app.screen.query("#pipeline-table")
                return bool(found) and found.first().row_count > 0

            await _until(pilot, pipeline)
            return time.perf_counter() - start
        if what == "timeline":
            start = time.perf_counter()
            app.open_account(account, tab="timeline")

            def timeline() -> bool:
                found = app.screen.query("SamTable#timeline")
                return bool(found) and found.first().row_count > 0

            await _until(pilot, timeline)
            return time.perf_counter() - start
        if what == "filter":
            await pilot.press("2")

            def accounts() -> bool:
                found = app.screen.query(SamTable)
                return (
                    app.current_mode == "accounts" and bool(found) and found.first().row_count > 0
                )

            await _until(pilot, accounts)
            table = app.screen.query(SamTable).first()
            await pilot.press("slash")
            await pilot.pause()
            slowest = 0.0
            typed = ""
            for key in "acme":
                typed += key
                start = time.perf_counter()
                await pilot.press(key)
                await _until(pilot, partial(_filtered, table, typed))
                slowest = max(slowest, time.perf_counter() - start)
            return slowest
        raise SystemExit(f"unknown probe {what}")


def main() -> int:
    os.environ.setdefault("SAM_NOW", PINNED_NOW)
    path, what = Path(sys.argv[1]), sys.argv[2]
    print(f"{asyncio.run(measure(path, what)):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
