"""What the cockpit does once its first frame is out, so none of it delays that frame.

Right after it: the user's keymap and the watcher of the file (the CLI writing in another
terminal). A moment later (``SamApp.LATER``): this week's forecast snapshot, the reads of
the busiest screens kept ahead of their first visit (``SamApp.WARM``) with their
stylesheets, and the replica's lag (``tui.replica``).
"""

from __future__ import annotations

import importlib
import sqlite3
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from sam_tui.tui.watch import DatabaseWatcher

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp


def settle(app: SamApp) -> None:
    """The keymap, then the watcher and the timer of the housekeeping below."""
    from sam_tui.tui.keymap import load_keymap

    keymap, problem = load_keymap()
    if keymap:
        app.set_keymap(keymap)
    if problem:
        app.notify(problem, title="Keymap", severity="warning", markup=False)
    number_format(app)
    if app.watching and app.watcher is None:
        app.watcher = DatabaseWatcher(
            app.db_path, app.WATCH_INTERVAL, lambda: app.call_from_thread(changed, app)
        )
        app.watcher.start()
        app.later_timer = app.set_timer(app.LATER, lambda: later(app))


def changed(app: SamApp) -> None:
    """The book changed from elsewhere (the CLI in another terminal): what is on screen
    is read again, and the number-format, which only `sam config` changes."""
    if not app.is_running or not app.screen_stack:
        return  # the last poll of a cockpit closing
    app.data_changed()
    number_format(app)


def number_format(app: SamApp) -> None:
    """How the user writes amounts, for the forms' amount fields."""
    from sam_tui.services.settings import decimal_mark
    from sam_tui.tui.widgets.inputs import use_decimal_mark

    if app.watcher is None:
        use_decimal_mark(None)  # not another book's (an earlier cockpit in this process)
    app.db_call(decimal_mark, group="settings", done=use_decimal_mark, failed=lambda _: None)


def queue_read(app: SamApp) -> None:
    """Home has the whole queue on screen: what waits for it (``later``) starts now, not
    at the end of ``SamApp.LATER`` (on a large book the reads of the busiest screens are
    then kept a second sooner, before a quick press of 2 finds nothing kept)."""
    timer = app.later_timer
    if timer is not None and not app.later_started:
        timer.stop()
        later(app)


def later(app: SamApp) -> None:
    """A moment after start-up, once home has read the whole queue."""
    if app.later_started:
        return
    app.later_started = True

    # a live session keeps the weekly forecast snapshot that `sam forecast --diff`
    # compares with; the reads kept for later follow it (taking it commits)
    def warmed(_: object) -> None:
        warm(app)

    app.db_call(weekly_snapshot, group="snapshot", done=warmed, failed=warmed)
    # the replica's lag too: nothing of replication on the first frame's path
    from sam_tui.tui import replica

    replica.start(app)


def warm(app: SamApp) -> None:
    """The reads of ``app.WARM``'s screens, kept, and their stylesheets read."""
    for mode in app.WARM:
        read = importlib.import_module(f"sam_tui.tui.screens.{mode}").read
        app.db_call(read, group="warm", keep=mode, failed=lambda _error: None)
        make = app.MODES[mode]
        if callable(make):
            read_css(app, make())
    if app.WARM:
        # an account's view too: its first opening would read its stylesheets then
        from sam_tui.tui.screens.account import AccountScreen

        read_css(app, AccountScreen(0))


def read_css(app: SamApp, screen: Screen[Any]) -> None:
    """The screen's own stylesheets, read now: the first switch to it would read them and
    restyle every widget of the cockpit (a tenth of a second on a loaded machine)."""
    paths = [p for p in screen.css_path if not app.stylesheet.has_source(str(p), "")]
    for path in paths:
        app.stylesheet.read(path)
    if paths:
        app.stylesheet.reparse()
        app.stylesheet.update(app)


def weekly_snapshot(conn: sqlite3.Connection) -> object:
    """Best effort: a read-only or busy file must not greet the user with an error toast
    for housekeeping they did not ask for (`sam forecast` takes the snapshot too)."""
    from sam_tui.services import forecast

    try:
        return forecast.ensure_weekly_snapshot(conn)
    except sqlite3.Error:
        return None
