"""Reports: the week (month, quarter, year...) report on screen, any period, exported to a file.

The report is the one the CLI prints: built by ``reports.base.build`` in a worker, then
laid out for the terminal by ``tui.report_view``. Every kind in ``reports.kinds.KINDS``
is offered the same way; nothing here knows what a kind contains.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Click
from textual.widgets import Input, Label, Static

from sam_tui import clock
from sam_tui.domain.errors import DatabaseProblem, SamError
from sam_tui.domain.periods import Period, containing
from sam_tui.domain.text import one_line
from sam_tui.reports.base import ReportKind, build, resolve_period
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.model import Report
from sam_tui.reports.render.values import period_span
from sam_tui.services.periods import fiscal_start
from sam_tui.store import db
from sam_tui.tui.report_view import render_report
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.keybar import KeyBar
from sam_tui.tui.widgets.nav import NavBar

KEYS = "[ ] earlier/later · p type a period · x export"
KIND_KEY = " · k report kind"


class Built(NamedTuple):
    """A finished build, with what was asked for: a late one for an old request is dropped."""

    kind: str
    asked: Period | None  # None: the current period
    report: Report
    fiscal_start: int


class ReportScroll(VerticalScroll):
    """The report body; left and right go to the previous and next period, as [ and ]."""

    BINDINGS = [
        Binding("left", "screen.previous_period", "Earlier", show=False),
        Binding("right", "screen.next_period", "Later", show=False),
    ]


class ReportsScreen(SamScreen):
    """One report at a time: pick its kind and period, scroll it, export it."""

    CSS_PATH = "reports.tcss"

    BINDINGS = [
        Binding(
            "left_square_bracket",
            "previous_period",
            "Earlier",
            id="reports.previous",
            key_display="[",
            tooltip="The previous period (also left arrow)",
        ),
        Binding(
            "right_square_bracket",
            "next_period",
            "Later",
            id="reports.next",
            key_display="]",
            tooltip="The next period (also right arrow)",
        ),
        Binding(
            "p",
            "type_period",
            "Period",
            id="reports.period",
            tooltip="Type a period: its label (2026-W47), this, last, or a date in it",
        ),
        Binding(
            "k",
            "next_kind",
            "Kind",
            id="reports.kind",
            tooltip="The next kind of report (week, month, ...)",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="reports.export",
            tooltip="Write the report on screen to a file: text, md, html or json",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="reports-screen")
        self.kind_name = next(iter(KINDS))
        self.period: Period | None = None  # None until the first build says which is current
        self.report: Report | None = None
        self.building = False
        self._fiscal_start = 1
        self._targets: list[tuple[int, int, str]] = []

    @property
    def kind(self) -> ReportKind:
        return KINDS[self.kind_name]

    def compose(self) -> ComposeResult:
        yield NavBar("reports")
        yield Static(id="report-bar")
        with Horizontal(id="period-box"):
            yield Label("Period", markup=False)
            period_input = Input(id="period-input")
            period_input.cursor_blink = False
            yield period_input
        yield Static(id="report-hint")
        with ReportScroll(id="report-scroll"):
            yield Static(id="report-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self._show_bar()
        self._hint("")

    # --- building ---------------------------------------------------------------------

    def reload(self) -> None:
        self.building = True
        self._show_bar()
        self.query_one("#report-body").set_class(self.report is not None, "-building")
        if self.report is None:
            self.query_one("#report-body", Static).update(
                Text(f"Building the {self.kind_name} report…", style="dim")
            )
        self.cockpit.db_call(
            self.load,
            done=self.show,
            failed=self._failed,
            group="load-reports-screen",
            exclusive=True,
        )

    def load(self, conn: sqlite3.Connection) -> Built:
        kind_name, asked = self.kind_name, self.period
        kind = KINDS[kind_name]
        try:
            with db.read(conn):
                start = fiscal_start(conn)
            period = asked or resolve_period(kind.period_kind, None, clock.today(), start)
            return Built(kind_name, asked, build(kind, conn, period), start)
        except sqlite3.Error as exc:
            # said on the screen too, not only in a toast: "building…" must not stay forever
            raise DatabaseProblem(db.describe_sqlite_error(exc, self.cockpit.db_path)) from None

    def _failed(self, exc: SamError) -> None:
        self.building = False
        self.report = None
        body = self.query_one("#report-body", Static)
        body.remove_class("-building")
        body.update(Text(f"The report could not be built: {one_line(str(exc))}", style="red"))
        self._show_bar()

    def show(self, data: Built) -> None:
        if data.kind != self.kind_name or data.asked != self.period:
            return  # the user moved on meanwhile: the newer build is on its way
        self.building = False
        self.report = data.report
        self.period = data.report.period
        self._fiscal_start = data.fiscal_start
        body = self.query_one("#report-body", Static)
        body.remove_class("-building")
        body.update(render_report(data.report))
        self._show_bar()

    # --- the bar: kinds and period ------------------------------------------------------

    def _show_bar(self) -> None:
        widget = self.query_one("#report-bar", Static)
        bar = self._bar(dates=True)
        if widget.size.width and bar.cell_len > widget.size.width:
            bar = self._bar(dates=False)  # four kinds at 80 columns: the label says enough
        widget.update(bar)

    def on_resize(self) -> None:
        self._show_bar()

    def _bar(self, *, dates: bool) -> Text:
        bar = Text(" ")
        # what a click at a column of the bar does: a kind's name, or the arrows
        self._targets = []
        for name, kind in KINDS.items():
            label = f" {kind.name.capitalize()} "
            self._targets.append((bar.cell_len, bar.cell_len + len(label), f"kind:{name}"))
            bar.append(label, style="bold reverse" if name == self.kind_name else "dim")
            bar.append(" ")
        bar.append("   ")
        period = self.period
        if period is None:
            bar.append(f"this {self.kind.period_kind.value}", style="bold")
        else:
            self._targets.append((bar.cell_len, bar.cell_len + 2, "previous"))
            bar.append("◀ ", style="dim")
            bar.append(period.label, style="bold")
            self._targets.append((bar.cell_len, bar.cell_len + 2, "next"))
            bar.append(" ▶", style="dim")
            if dates:
                bar.append(f"  {period_span(period)}")
            if clock.today() in period:
                bar.append(f" · this {period.kind.value}" if dates else " · now", style="dim")
        if self.building:
            bar.append("  building…", style="yellow")
        return bar

    def on_click(self, event: Click) -> None:
        bar = self.query_one("#report-bar")
        if event.widget is not bar:
            return
        x = event.screen_x - bar.region.x
        target = next((t for start, end, t in self._targets if start <= x < end), None)
        if target == "previous":
            self.action_previous_period()
        elif target == "next":
            self.action_next_period()
        elif target is not None and target != f"kind:{self.kind_name}":
            self.show_kind(target.removeprefix("kind:"))

    def _hint(self, error: str) -> None:
        hint = self.query_one("#report-hint", Static)
        hint.set_class(bool(error), "-error")
        if error:
            hint.update(Text(one_line(error)))
        elif self._typing:
            example = f" ({self.period.label})" if self.period else ""
            hint.update(
                Text(
                    f"a {self.kind.period_kind.value}: its label{example}, this, last, next, "
                    "or a date in it · esc cancels"
                )
            )
        else:
            hint.update(Text(KEYS + (KIND_KEY if len(KINDS) > 1 else "")))

    @property
    def _typing(self) -> bool:
        return self.query_one("#period-box").has_class("-open")

    def _go(self, period: Period) -> None:
        self.period = period
        self.reload()

    def action_previous_period(self) -> None:
        if self.period is not None:
            self._go(self.period.previous())

    def action_next_period(self) -> None:
        if self.period is not None:
            self._go(self.period.next())

    def action_next_kind(self) -> None:
        names = list(KINDS)
        self.show_kind(names[(names.index(self.kind_name) + 1) % len(names)])

    def show_kind(self, name: str) -> None:
        self.kind_name = name
        kind = self.kind
        shown = self.period
        today = clock.today()
        if shown is None or today in shown:
            self.period = containing(kind.period_kind, today, self._fiscal_start)
        else:
            # looking back: the new kind's period around the one on screen
            self.period = containing(kind.period_kind, shown.start, self._fiscal_start)
        self.report = None
        self._hint("")
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_kind":
            return len(KINDS) > 1
        return True

    # --- typing a period ----------------------------------------------------------------

    def action_type_period(self) -> None:
        box = self.query_one("#period-box")
        box.add_class("-open")
        field = self.query_one("#period-input", Input)
        field.value = ""
        field.placeholder = self.period.label if self.period else "this"
        field.focus()
        self._hint("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "period-input":
            super().on_input_submitted(event)
            return
        event.stop()
        try:
            period = resolve_period(
                self.kind.period_kind, event.value, clock.today(), self._fiscal_start
            )
        except SamError as exc:
            self._hint(str(exc))
            return
        self._close_period_box()
        self._go(period)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "period-input":
            super().on_input_changed(event)
            return
        event.stop()
        if self.query_one("#report-hint").has_class("-error"):
            self._hint("")  # the error was about what was there before

    def _close_period_box(self) -> None:
        self.query_one("#period-box").remove_class("-open")
        self._hint("")
        self.query_one("#report-scroll").focus()

    def action_clear_filter(self) -> None:
        if self._typing:
            self._close_period_box()
        else:
            super().action_clear_filter()

    # --- export -------------------------------------------------------------------------

    def action_export(self) -> None:
        # while another period builds, the one on screen is not the one named in the bar
        if self.report is None or self.report.period != self.period:
            self.app.notify("The report is still being built; export it in a moment", markup=False)
            return
        from sam_tui.tui.forms.export import ExportForm

        self.app.push_screen(ExportForm(self.report))
