"""Budget: switching to Accounts, Pipeline and an account's Timeline takes under 0.3 s on any
book, and each key typed into a filter under 50 ms (issue 17).

Driven in process by Textual's Pilot (headless: every frame is composed and drawn, none is
written to a terminal), on the demo and on the large portfolio (bench/large_portfolio.py),
three runs in a row, each in a new cockpit at the pinned clock:

- home: the whole triage queue on screen after start-up (the first frame shows its top
  earlier: bench/cockpit_budget.py);
- Accounts (2), Pipeline (5): from the key to their rows on screen, at the first visit
  (the cockpit read them a second after start-up: ``SamApp.WARM``, tui.startup), at the first visit
  when pressed at once (nothing read yet: no budget, reported), and back again after
  home (kept: nothing was written);
- Timeline: enter on an account, then its Timeline tab, until the touches are on screen;
  the end of the loaded page, until the next page is there;
- the filter on Accounts: each key of "acme" and of backspace, until the table shows what
  it keeps;
- the floor, measured in the same process before each cockpit: a bare Textual app switching
  to a screen with a 200-row DataTable (bench/bare_table_app.py's table), until its rows are
  drawn. The budgets are times (the issue's); the ratio to the floor says how much of a
  measure a loaded machine explains.

Usage: python bench/cockpit_screens.py [--db PATH] [--runs N] [--size 120x40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from _common import PINNED_NOW, make_demo, parse_size
from large_portfolio import counts, large_portfolio

SWITCH_BUDGET = 0.3
KEY_BUDGET = 0.05
POLL = 0.001  # seconds between checks


async def until(pilot: Any, condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Let the cockpit run until ``condition()`` holds, then draw the whole screen once (what
    a terminal would be sent). Polls every millisecond; never waits for "idle" as
    ``Pilot.pause`` does (at least 20 ms, and longer while any worker runs)."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out on {pilot.app.screen!r}: {condition.__qualname__}")
        await asyncio.sleep(POLL)
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()  # the frame, drawn (private: as Pilot.pause does)


def settled(app: Any) -> bool:
    return not any(not w.is_finished for w in app.workers)


async def press(pilot: Any, key: str) -> None:
    """Send the key as a terminal would (``Pilot.press`` then waits for the process to idle,
    40 ms at least: that is not what a keystroke costs)."""
    from textual import events

    char = key if len(key) == 1 else {"backspace": "\x7f", "enter": "\r"}.get(key)
    event = events.Key(key, char)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await asyncio.sleep(0)


async def timed(pilot: Any, act: Callable[[], Awaitable[None]], done: Callable[[], bool]) -> float:
    started = time.perf_counter()
    await act()
    await until(pilot, done)
    return time.perf_counter() - started


def table_of(app: Any, table_id: str) -> Any:
    from sam_tui.tui.widgets.table import SamTable

    found = app.screen.query(f"#{table_id}")
    return found.first() if found and isinstance(found.first(), SamTable) else None


def has_rows(app: Any, screen: str | Any, table_id: str) -> Callable[[], bool]:
    """The screen (by id, or itself) is on top and its table shows rows."""

    def check() -> bool:
        on_top = app.screen.id == screen if isinstance(screen, str) else app.screen is screen
        table = table_of(app, table_id)
        return on_top and table is not None and table.row_count > 0

    return check


FLOOR = "floor: bare Textual screen switch"


async def floor_switch(size: tuple[int, int]) -> float:
    """Seconds for a bare Textual app to show a screen with a 200-row table (the floor)."""
    from bare_table_app import BareTable
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable

    class Tabled(Screen[None]):
        def compose(self) -> Any:
            yield DataTable()

        def on_mount(self) -> None:
            BareTable.on_mount(self)  # type: ignore[arg-type]  # the same columns and rows

    class Bare(App[None]):
        BINDINGS = [("2", "open", "")]

        def action_open(self) -> None:
            self.push_screen(Tabled())

    app = Bare()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return await timed(
            pilot,
            lambda: press(pilot, "2"),
            # the screen may be on the stack a frame before its table is mounted
            lambda: (
                isinstance(app.screen, Tabled)
                and any(t.row_count > 0 for t in app.screen.query(DataTable))
            ),
        )


async def one_run(path: Path, size: tuple[int, int], warm: bool) -> dict[str, float]:
    from sam_tui.tui.app import SamApp
    from sam_tui.tui.prefetch import Prefetch

    started = time.perf_counter()
    # as `sam` starts the cockpit (cli/cockpit.py): home's first read overlaps the rest
    prefetch = Prefetch(path)
    prefetch.start()
    app = SamApp(path, prefetch=prefetch)
    if not warm:
        app.WARM = ()
    spent: dict[str, float] = {FLOOR: await floor_switch(size)}
    async with app.run_test(size=size) as pilot:
        home = app.screen
        await until(pilot, lambda: getattr(home, "_data", None) is not None and home._data.complete)
        spent["home: whole queue on screen"] = time.perf_counter() - started
        if warm:
            await until(pilot, lambda: all(app.kept(mode) is not None for mode in app.WARM), 60)
            await until(pilot, lambda: settled(app), 60)
        how = "first visit" if warm else "first visit, pressed at once"
        spent[f"accounts: {how}"] = await timed(
            pilot, lambda: press(pilot, "2"), has_rows(app, "accounts", "account-table")
        )
        spent[f"pipeline: {how}"] = await timed(
            pilot, lambda: press(pilot, "5"), has_rows(app, "pipeline-screen", "pipeline-table")
        )
        if not warm:
            return spent
        await pilot.press("1")
        await until(pilot, lambda: settled(app))
        spent["accounts: back again"] = await timed(
            pilot, lambda: press(pilot, "2"), has_rows(app, "accounts", "account-table")
        )
        await until(pilot, lambda: settled(app))
        accounts = app.screen
        await pilot.press("slash")
        for n, key in enumerate(["a", "c", "m", "e", "backspace"]):
            want = "acme"[: n + 1] if key != "backspace" else "acm"

            def filtered(want: str = want) -> bool:
                table = table_of(app, "account-table")
                return table is not None and table._filter == want

            spent[f"filter: key {n + 1} ({key})"] = await timed(
                pilot, lambda key=key: press(pilot, key), filtered
            )
        await pilot.press("escape")
        await until(pilot, lambda: settled(app))
        spent["account view: enter"] = await timed(
            pilot,
            lambda: press(pilot, "enter"),
            lambda: app.screen is not accounts and getattr(app.screen, "detail", None) is not None,
        )
        view = app.screen

        async def to_timeline() -> None:
            # the Timeline tab; its table is built on this first visit
            view.query_one("#account-tabs").active = "tab-timeline"

        spent["timeline: tab"] = await timed(pilot, to_timeline, has_rows(app, view, "timeline"))
        await until(pilot, lambda: settled(app))
        timeline = table_of(app, "timeline")
        timeline.focus()
        await until(pilot, lambda: timeline.has_focus)
        loaded = timeline.row_count
        spent["timeline: next page"] = await timed(
            pilot,
            lambda: press(pilot, "ctrl+end"),
            lambda: table_of(app, "timeline").row_count > loaded or not view.more_timeline,
        )
    return spent


def budget_of(name: str) -> float | None:
    """A measure's budget in seconds; None for those only reported."""
    if name.startswith("filter"):
        return KEY_BUDGET
    if "pressed at once" in name or name.startswith(("home", "floor")):
        return None
    return SWITCH_BUDGET


def measures(path: Path, runs: int, size: tuple[int, int]) -> dict[str, list[float]]:
    """Every measure above (seconds), ``runs`` cockpits in a row with the reads made a second
    after start-up, then ``runs`` pressed at once."""
    results: list[dict[str, float]] = []
    for warm in (True, False):
        for _ in range(runs):
            results.append(asyncio.run(one_run(path, size, warm)))
    names = dict.fromkeys(k for r in results for k in r)
    return {name: [r[name] for r in results if name in r] for name in names}


def report(book: str, path: Path, runs: int, size: tuple[int, int]) -> bool:
    print(
        f"{book}, {size[0]}x{size[1]}, {runs} runs in a row "
        f"(seconds: median, worst; median to the floor's), load {os.getloadavg()[0]:.1f}:"
    )
    ok = True
    found = measures(path, runs, size)
    floor = statistics.median(found[FLOOR])
    for name, values in found.items():
        budget = budget_of(name)
        worst = max(values)
        median = statistics.median(values)
        verdict = "" if budget is None else ("ok" if worst <= budget else "OVER")
        limit = "" if budget is None else f"(budget {budget:.2f})"
        print(
            f"  {name:42s} {median:6.3f} {worst:6.3f} {median / floor:6.1f}x {limit:13s} {verdict}"
        )
        ok = ok and verdict != "OVER"
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="the large portfolio (built there if missing)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=parse_size, default=(120, 40), help="COLUMNSxLINES")
    args = parser.parse_args()
    os.environ["SAM_NOW"] = PINNED_NOW
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        make_demo(demo)
        ok = report("demo", demo, args.runs, args.size)
        large, built = large_portfolio(args.db or Path(tmp) / "large.db")
        if built:
            print(f"large portfolio built in {built:.0f} s: {counts(large)}")
        ok = report("large", large, args.runs, args.size) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
