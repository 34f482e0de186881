"""`f` new follow-up, `e` edit one, `s` snooze one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import Priority, choose
from sam_tui.domain.text import one_line
from sam_tui.services import follow_ups
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint, due_hint


class FollowUpForm(FormScreen):
    form_title = "New follow-up"
    submit_label = "Add"

    def __init__(self, selection: Selection, existing: follow_ups.FollowUpRow | None = None):
        super().__init__()
        self.selection = selection
        self.existing = existing
        if existing is not None:
            self.form_title = f"Edit follow-up #{existing.id}"
            self.submit_label = "Save"

    def fields(self) -> ComposeResult:
        e = self.existing
        if e is None:
            yield self.account_field(self.selection.account_name)
        yield Field(
            "Follow-up",
            id="title",
            value=e.title if e else "",
            placeholder="what you owe them",
            required=True,
        )
        yield Field(
            "Due",
            id="due",
            value=e.due_date.isoformat() if e else "tomorrow",
            check=due_hint,
            required=True,
        )
        yield Field(
            "Priority",
            id="priority",
            value=e.priority.value if e else "normal",
            check=choice_hint(Priority, "priority"),
            suggestions=[p.value for p in Priority],
        )

    def first_field(self) -> str | None:
        return "title" if self.selection.account_name or self.existing else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        today = clock.today()
        title = self.field_value("title")
        due = dates.parse_date(self.field_value("due"), today)
        priority = choose(Priority, self.field_value("priority") or "normal", "priority")
        existing = self.existing
        if existing is not None:
            ident = existing.id

            def edit(conn: sqlite3.Connection) -> str:
                row = follow_ups.edit(conn, ident, title=title, due=due, priority=priority)
                return f"Updated follow-up #{row.id}: due {dates.format_day(row.due_date, today)}"

            return edit
        account = self.field_value("account")

        def add(conn: sqlite3.Connection) -> str:
            row = follow_ups.add(conn, account_ref=account, title=title, due=due, priority=priority)
            return (
                f"Follow-up #{row.id} for {one_line(row.account_name)} due "
                f"{dates.format_day(row.due_date, today)}"
            )

        return add


class SnoozeForm(FormScreen):
    form_title = "Snooze follow-up"
    submit_label = "Snooze"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection
        self.form_title = f"Snooze {one_line(selection.label or 'follow-up')}"

    def fields(self) -> ComposeResult:
        yield Field("Until", id="until", value="tomorrow", check=due_hint, required=True)

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        today = clock.today()
        until = dates.parse_date(self.field_value("until"), today)
        ident = self.selection.follow_up_id
        assert ident is not None

        def snooze(conn: sqlite3.Connection) -> str:
            row = follow_ups.snooze(conn, ident, until)
            return f"Snoozed follow-up #{row.id} to {dates.format_day(row.due_date, today)}"

        return snooze
