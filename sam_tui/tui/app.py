"""The cockpit App: screens as modes, global keys, database work in workers, live refresh."""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from sam_tui.domain.errors import SamError
from sam_tui.store import db
from sam_tui.tui.context import Selection
from sam_tui.tui.prefetch import Prefetch
from sam_tui.tui.screens.home import HomeScreen
from sam_tui.tui.watch import DatabaseWatcher

if TYPE_CHECKING:
    from textual.command import Provider

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
        "home": HomeScreen,
        "accounts": lambda: _screen("accounts", "AccountsScreen"),
        "follow-ups": lambda: _screen("follow_ups", "FollowUpsScreen"),
        "complaints": lambda: _screen("complaints", "ComplaintsScreen"),
        "prospects": lambda: _screen("prospects", "ProspectsScreen"),
        "pipeline": lambda: _screen("pipeline", "PipelineScreen"),
        "reports": lambda: _screen("reports", "ReportsScreen"),
    }

    BINDINGS = [
        Binding("1", "switch_mode('home')", "Home", id="sam.home", show=False),
        Binding("2", "switch_mode('accounts')", "Accounts", id="sam.accounts", show=False),
        Binding("3", "switch_mode('follow-ups')", "Follow-ups", id="sam.follow-ups", show=False),
        Binding("4", "switch_mode('complaints')", "Complaints", id="sam.complaints", show=False),
        Binding("5", "switch_mode('pipeline')", "Pipeline", id="sam.pipeline", show=False),
        Binding("6", "switch_mode('prospects')", "Prospects", id="sam.prospects", show=False),
        Binding("7", "switch_mode('reports')", "Reports", id="sam.reports", show=False),
        Binding("l", "log", "Log", id="sam.log"),
        Binding("f", "follow_up", "Follow-up", id="sam.follow-up"),
        Binding(
            "d",
            "done",
            "Done",
            id="sam.done",
            tooltip="Done: the selected follow-up, or the selected request (with its outcome)",
        ),
        Binding("s", "snooze", "Snooze", id="sam.snooze", show=False),
        Binding("c", "complaint", "Complaint", id="sam.complaint", show=False),
        Binding("u", "complaint_update", "Update", id="sam.complaint-update", show=False),
        Binding("r", "resolve", "Resolve", id="sam.resolve", show=False),
        Binding("a", "add_account", "Add account", id="sam.add-account", show=False),
        Binding("A", "archive", "Archive account", id="sam.archive", show=False),
        Binding("x", "cancel_follow_up", "Cancel follow-up", id="sam.cancel-follow-up", show=False),
        Binding("P", "add_prospect", "Add prospect", id="sam.add-prospect", show=False),
        Binding("m", "move", "Move: deal / prospect / idea status", id="sam.move", show=False),
        Binding("D", "add_deal", "New deal", id="sam.add-deal", show=False),
        Binding("t", "add_request", "Request to a team", id="sam.request", show=False),
        Binding("b", "block_request", "Block request", id="sam.block-request", show=False),
        Binding("o", "reopen_request", "Reopen request", id="sam.reopen-request", show=False),
        Binding("i", "add_idea", "New idea", id="sam.idea", show=False),
        Binding("p", "promote_idea", "Promote idea to a deal", id="sam.promote-idea", show=False),
        Binding("ctrl+r", "reload", "Reload", id="sam.reload", show=False),
        Binding("e", "edit", "Edit", id="sam.edit", show=False),
        Binding("slash", "filter", "Filter", id="sam.filter", key_display="/"),
        Binding("question_mark", "help", "Help", id="sam.help", key_display="?"),
        Binding("q", "quit", "Quit", id="sam.quit"),
    ]

    # Seconds between checks of PRAGMA data_version (the CLI writing in another terminal).
    WATCH_INTERVAL = 1.0

    def __init__(
        self, db_path: Path, *, watch: bool = True, prefetch: Prefetch | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self._watch = watch
        self.prefetch = prefetch
        self._watcher: DatabaseWatcher | None = None

    # --- lifecycle -------------------------------------------------------------------

    def on_mount(self) -> None:
        self.switch_mode("home")
        # after the first frame: neither is needed to show the triage
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        from sam_tui.tui.keymap import load_keymap

        keymap, problem = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, title="Keymap", severity="warning", markup=False)
        if self._watch and self._watcher is None:
            self._watcher = DatabaseWatcher(
                self.db_path, self.WATCH_INTERVAL, lambda: self.call_from_thread(self.data_changed)
            )
            self._watcher.start()
            # a live session keeps the weekly forecast snapshot that `sam forecast --diff`
            # compares with; after the first frame, off the start-up path
            self.db_call(_weekly_snapshot, group="snapshot", failed=lambda _error: None)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()

    # --- database work ---------------------------------------------------------------

    def db_call(
        self,
        fn: Callable[[sqlite3.Connection], T],
        *,
        done: Callable[[T], Any] | None = None,
        failed: Callable[[SamError], Any] | None = None,
        group: str = "db",
        exclusive: bool = False,
    ) -> Worker[None]:
        """Run ``fn`` on a fresh connection in a thread; hand the result back on the UI thread.

        A SamError (the user's input, a missing record) goes to ``failed`` or a
        notification; anything else fails the worker and lands in one error toast.
        """
        return self.run_worker(
            partial(self._db_job, fn, done, failed),
            thread=True,
            exit_on_error=False,
            group=group,
            exclusive=exclusive,
            name=getattr(fn, "__name__", "db"),
        )

    def _db_job(
        self,
        fn: Callable[[sqlite3.Connection], T],
        done: Callable[[T], Any] | None,
        failed: Callable[[SamError], Any] | None,
    ) -> None:
        # One connection per job: SQLite connections are bound to their thread, and a
        # short-lived one never holds an old snapshot or blocks checkpoints.
        try:
            conn = db.connect(self.db_path, before_write=self._daily_backup)
            try:
                result = fn(conn)
            finally:
                conn.close()
        except SamError as exc:
            self.call_from_thread(failed or self.show_error, exc)
            return
        if done is not None:
            self.call_from_thread(done, result)

    def _daily_backup(self, conn: sqlite3.Connection) -> None:
        """Before a job's first write (worker thread): today's automatic backup."""
        from sam_tui.interop.backup import daily

        problem = daily(conn, self.db_path)
        if problem:
            self.call_from_thread(
                self.notify, problem, title="Backup", severity="warning", markup=False
            )

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

    def data_changed(self) -> None:
        """Reload what is on screen; other screens reload when they are shown again."""
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    def after_write(self, message: str) -> None:
        self.notify(message, markup=False, timeout=4)
        self.data_changed()

    # --- context ---------------------------------------------------------------------

    def selection(self) -> Selection:
        getter = getattr(self.screen, "selection", None)
        return getter() if callable(getter) else Selection()

    # --- actions (forms live in tui.forms; imported on first use) ------------------------

    def action_log(self) -> None:
        from sam_tui.tui.forms.log import LogForm

        self.push_screen(LogForm(self.selection()))

    def action_follow_up(self) -> None:
        from sam_tui.tui.forms.follow_up import FollowUpForm

        self.push_screen(FollowUpForm(self.selection()))

    def action_done(self) -> None:
        from sam_tui.tui.actions import complete_follow_up

        complete_follow_up(self, self.selection())

    def action_snooze(self) -> None:
        from sam_tui.tui.forms.follow_up import SnoozeForm

        sel = self.selection()
        if sel.follow_up_id is None:
            self.show_error("Select a follow-up to snooze (3 opens the follow-ups)")
            return
        self.push_screen(SnoozeForm(sel))

    def action_complaint(self) -> None:
        from sam_tui.tui.forms.complaint import ComplaintForm

        self.push_screen(ComplaintForm(self.selection()))

    def action_complaint_update(self) -> None:
        from sam_tui.tui.forms.complaint import UpdateForm

        sel = self.selection()
        if sel.complaint_id is None:
            self.show_error("Select a complaint to update (4 opens the complaints)")
            return
        self.push_screen(UpdateForm(sel))

    def action_resolve(self) -> None:
        from sam_tui.tui.forms.complaint import ResolveForm

        sel = self.selection()
        if sel.complaint_id is None:
            self.show_error("Select a complaint to resolve (4 opens the complaints)")
            return
        self.push_screen(ResolveForm(sel))

    def action_add_account(self) -> None:
        from sam_tui.tui.forms.account import AccountForm

        self.push_screen(AccountForm())

    def action_archive(self) -> None:
        from sam_tui.tui.actions import archive_account

        archive_account(self, self.selection())

    def action_cancel_follow_up(self) -> None:
        from sam_tui.tui.actions import cancel_follow_up

        cancel_follow_up(self, self.selection())

    def action_add_prospect(self) -> None:
        from sam_tui.tui.forms.prospect import ProspectForm

        self.push_screen(ProspectForm())

    def action_move(self) -> None:
        """``m``: the selected deal or prospect to a stage, or the selected idea to a status."""
        sel = self.selection()
        if sel.idea_id is not None:
            self.action_idea_status()
        elif sel.deal_id is not None:
            self.action_move_deal()
        elif sel.prospect_id is not None:
            self.action_advance_prospect()
        else:
            self.show_error(
                "Select a deal (5), a prospect (6) or an idea (account view, Ideas tab) to move"
            )

    def action_add_deal(self) -> None:
        from sam_tui.tui.forms.deal import DealForm

        self.push_screen(DealForm(self.selection()))

    def action_move_deal(self) -> None:
        from sam_tui.tui.actions import move_deal

        move_deal(self, self.selection())

    def action_deal_won(self) -> None:
        from sam_tui.domain.enums import DealStage
        from sam_tui.tui.actions import close_deal

        close_deal(self, self.selection(), DealStage.WON)

    def action_deal_lost(self) -> None:
        from sam_tui.domain.enums import DealStage
        from sam_tui.tui.actions import close_deal

        close_deal(self, self.selection(), DealStage.LOST)

    def action_toggle_closed_deals(self) -> None:
        self._toggle_closed_on("pipeline")

    def action_add_objective(self) -> None:
        from sam_tui.tui.forms.objective import ObjectiveForm

        self.push_screen(ObjectiveForm(self.selection()))

    def action_objective_progress(self) -> None:
        from sam_tui.tui.actions import objective_progress

        objective_progress(self, self.selection())

    def action_advance_prospect(self) -> None:
        from sam_tui.tui.actions import advance_prospect

        advance_prospect(self, self.selection())

    def action_toggle_closed_prospects(self) -> None:
        self._toggle_closed_on("prospects")

    def _toggle_closed_on(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)
        self.call_after_refresh(self._toggle_closed)

    def _toggle_closed(self) -> None:
        toggle = getattr(self.screen, "action_toggle_closed", None)
        if callable(toggle):
            toggle()

    def action_export_report(self) -> None:
        """The palette's "Report: export": from any screen, the report on the Reports one."""
        if self.current_mode != "reports":
            self.switch_mode("reports")
            self.notify("Pick the report to export, then press x", markup=False)
            return
        export = getattr(self.screen, "action_export", None)
        if callable(export):
            export()

    def action_add_request(self) -> None:
        from sam_tui.tui.forms.request import RequestForm

        self.push_screen(RequestForm(self.selection()))

    def action_request_done(self) -> None:
        from sam_tui.tui.actions import request_done

        request_done(self, self.selection())

    def action_block_request(self) -> None:
        from sam_tui.tui.actions import block_request

        block_request(self, self.selection())

    def action_reopen_request(self) -> None:
        from sam_tui.tui.actions import reopen_request

        reopen_request(self, self.selection())

    def action_add_idea(self) -> None:
        from sam_tui.tui.forms.idea import IdeaForm

        self.push_screen(IdeaForm(self.selection()))

    def action_idea_status(self) -> None:
        from sam_tui.tui.actions import idea_status

        idea_status(self, self.selection())

    def action_promote_idea(self) -> None:
        from sam_tui.tui.actions import promote_idea

        promote_idea(self, self.selection())

    def action_reload(self) -> None:
        self.data_changed()

    def action_edit(self) -> None:
        from sam_tui.tui.actions import edit_selected

        edit_selected(self, self.selection())

    def action_filter(self) -> None:
        start = getattr(self.screen, "start_filter", None)
        if callable(start):
            start()
        else:
            self.notify("Nothing to filter on this screen", markup=False)

    def action_help(self) -> None:
        from sam_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen.active_bindings))

    def action_search(self) -> None:
        from sam_tui.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def open_account(
        self, account_id: int, focus: tuple[str, int] | None = None, *, tab: str | None = None
    ) -> None:
        """Show the account; ``focus`` (table, id) picks the tab and row of one record,
        ``tab`` ("requests", "contacts", ...) opens on that tab."""
        from sam_tui.tui.screens.account import AccountScreen

        current = self.screen
        if isinstance(current, AccountScreen):
            if current.account_id == account_id and tab is None:
                if focus is not None:
                    current.focus_record(*focus)
                return
            current.dismiss()
        screen = AccountScreen(account_id, tab=tab)
        if focus is not None:
            screen.focus_record(*focus)
        self.push_screen(screen)


def _weekly_snapshot(conn: sqlite3.Connection) -> object:
    """Best effort: a read-only or busy file must not greet the user with an error toast
    for housekeeping they did not ask for (`sam forecast` takes the snapshot too)."""
    from sam_tui.services import forecast

    try:
        return forecast.ensure_weekly_snapshot(conn)
    except sqlite3.Error:
        return None
