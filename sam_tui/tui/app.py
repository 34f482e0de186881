"""The cockpit App: screens as modes, keys, database work in workers, live refresh.

What the App offers its screens, forms and actions is ``tui.cockpit.Cockpit``; what
each key does is ``tui.keys`` (the action table); the rest is in the screens and forms.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.app import App
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from sam_tui.domain.errors import SamError
from sam_tui.store import db
from sam_tui.tui import jobs, keys, startup
from sam_tui.tui.cockpit import (
    Exports,
    HidesClosed,
    OpenAccount,
    QueueRead,
    Reloads,
    View,
    Wrote,
)
from sam_tui.tui.collect import Collector
from sam_tui.tui.context import Selection
from sam_tui.tui.kept import Kept
from sam_tui.tui.prefetch import Prefetch
from sam_tui.tui.screens.home import HomeScreen
from sam_tui.tui.watch import DatabaseWatcher

if TYPE_CHECKING:
    from textual.command import Provider

    from sam_tui.tui.cockpit import Cockpit

T = TypeVar("T")


def _sam_commands() -> type[Provider]:
    # textual.command costs ~45 ms to import: only when the palette first opens
    from sam_tui.tui.commands import SamCommands

    return SamCommands


def _screen(module: str, name: str) -> Screen[Any]:
    found = getattr(importlib.import_module(f"sam_tui.tui.screens.{module}"), name)
    screen: Screen[Any] = found()
    return screen


class SamApp(App[None]):
    """The key-account cockpit."""

    TITLE = "sam"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_sam_commands}
    # Screens other than home are imported on first visit: the cockpit's first paint
    # is budgeted against a bare Textual app (DESIGN.md, Budgets).
    MODES = {
        "accounts": partial(_screen, "accounts", "AccountsScreen"),
        "follow-ups": partial(_screen, "follow_ups", "FollowUpsScreen"),
        "complaints": partial(_screen, "complaints", "ComplaintsScreen"),
        "prospects": partial(_screen, "prospects", "ProspectsScreen"),
        "pipeline": partial(_screen, "pipeline", "PipelineScreen"),
        "reports": partial(_screen, "reports", "ReportsScreen"),
    }
    # home is the mode the App composes first: no blank default screen laid out, then
    # switched away from, before the first frame
    DEFAULT_MODE = "home"
    BINDINGS = keys.BINDINGS

    # Seconds between checks of PRAGMA data_version (the CLI writing in another terminal).
    WATCH_INTERVAL = 1.0
    # Seconds after the first frame before the housekeeping below starts.
    LATER = 1.0
    # Screens whose reads are made (and kept) before their first visit: a switch to them
    # then shows their rows at once, however large the book (each module's ``read``).
    WARM = ("accounts", "pipeline")
    # what the nav bar of every screen warns of (a replica fallen behind: tui.replica), and
    # how many checks of the replica have come back
    notice = ""
    replica_checks = 0
    # the housekeeping after start-up (tui.startup.later): its timer, and whether it began
    later_timer: Timer | None = None
    later_started = False

    def __init__(
        self,
        db_path: Path,
        *,
        watch: bool = True,
        prefetch: Prefetch | None = None,
        collector: Collector | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.watching = watch
        self.watcher: DatabaseWatcher | None = None
        # what screens read, kept per data version (the prefetch keeps the first read)
        self.reads = prefetch.kept if prefetch is not None else Kept(db_path)
        self._collector = collector or Collector()
        # home shows the triage read while Textual was importing (tui.prefetch)
        self.add_mode("home", partial(HomeScreen, prefetch))

    # --- lifecycle -------------------------------------------------------------------

    def on_ready(self) -> None:
        # Textual sends Ready when the DOM is ready, which may be just before the first
        # frame is written: the work that frame did not need (on a large book home showed
        # the top of the queue, and reads all of it now) waits for the refresh after it,
        # so none of it competes with drawing that frame
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self._collector.start()
        self._collector.settled()
        self.set_interval(1.0, self._collector.tick)
        startup.settle(self)
        self.data_changed()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.reads.close()
        self._collector.stop()

    # --- database work ---------------------------------------------------------------

    def db_call(
        self,
        fn: Callable[[sqlite3.Connection], T],
        *,
        done: Callable[[T], Any] | None = None,
        failed: Callable[[SamError], Any] | None = None,
        group: str = "db",
        exclusive: bool = False,
        keep: str | None = None,
    ) -> Worker[None]:
        """Run ``fn`` on a fresh connection in a thread; hand the result back on the UI thread.

        A SamError (the user's input, a missing record) goes to ``failed`` or a
        notification; anything else fails the worker and lands in one error toast. With
        ``keep``, the result is kept under that name, and given again instead of calling
        ``fn`` while nothing was committed (``tui.kept``).
        """
        return self.run_worker(
            partial(jobs.run, self, fn, done, failed, keep),
            thread=True,
            exit_on_error=False,
            group=group,
            exclusive=exclusive,
            name=getattr(fn, "__name__", "db"),
        )

    def kept(self, name: str) -> Any:
        return self.reads.last(name)

    def show_error(self, exc: BaseException | str) -> None:
        self.notify(str(exc), title="Error", severity="error", markup=False, timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            if isinstance(error, sqlite3.Error):
                self.show_error(db.describe_sqlite_error(error, self.db_path))
            else:
                self.show_error(f"{type(error).__name__}: {error}")

    # --- refresh ---------------------------------------------------------------------

    def data_changed(self) -> None:
        """Reload what is on screen; other screens reload when they are shown again."""
        if isinstance(self.screen, Reloads):
            self.screen.reload()

    def after_write(self, message: str) -> None:
        self.notify(message, markup=False, timeout=4)
        self.data_changed()

    @on(Wrote)
    def _wrote(self, event: Wrote) -> None:
        self.after_write(event.line)

    @on(QueueRead)
    def _queue_read(self, _: QueueRead) -> None:
        startup.queue_read(self)

    def action_reload(self) -> None:
        self.data_changed()

    # --- actions ---------------------------------------------------------------------

    def selection(self) -> Selection:
        return self.screen.selection() if isinstance(self.screen, View) else Selection()

    def run_table_action(self, name: str) -> None:
        """The one dispatcher: the action ``name`` of ``keys.ACTIONS`` on the selection."""
        keys.resolve(name)(self, self.selection())

    def action_filter(self) -> None:
        if isinstance(self.screen, View):
            self.screen.start_filter()
        else:
            self.notify("Nothing to filter on this screen", markup=False)

    def action_help(self) -> None:
        from sam_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen.active_bindings))

    def action_search(self) -> None:
        from sam_tui.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    # --- modes -----------------------------------------------------------------------

    def action_closed_on(self, mode: str) -> None:
        """The palette's "show/hide closed": on the pipeline or the prospects screen."""
        if self.current_mode != mode:
            self.switch_mode(mode)
        self.call_after_refresh(self._toggle_closed)

    def _toggle_closed(self) -> None:
        if isinstance(self.screen, HidesClosed):
            self.screen.action_toggle_closed()

    def action_export_report(self) -> None:
        """The palette's "Report: export": from any screen, the report on the Reports one."""
        if self.current_mode != "reports":
            self.switch_mode("reports")
            self.notify("Pick the report to export, then press x", markup=False)
        elif isinstance(self.screen, Exports):
            self.screen.action_export()

    @on(OpenAccount)
    def _open_account(self, event: OpenAccount) -> None:
        self.open_account(event.account_id, event.focus, tab=event.tab)

    def open_account(
        self, account_id: int, focus: tuple[str, int] | None = None, *, tab: str | None = None
    ) -> None:
        from sam_tui.tui.screens.account import show_account

        show_account(self, account_id, focus, tab)


# Textual finds an action by its method name: each entry of the table gets one, so keys,
# keymaps, the palette and `run_action` reach the table as they reach any action.
for _name, _method in keys.action_methods(SamApp.run_table_action).items():
    setattr(SamApp, _name, _method)


if TYPE_CHECKING:

    def _offers_the_cockpit(app: SamApp) -> Cockpit:
        return app  # mypy checks here that the App keeps every promise of the seam
