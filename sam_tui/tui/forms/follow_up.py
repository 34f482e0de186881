"""`f` new follow-up, `e` edit one, `s` snooze one, `d` mark one done (with an outcome)."""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import FollowUpStatus, Priority
from sam_tui.domain.text import one_line
from sam_tui.services import follow_ups
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import ACCOUNT, DoneForm, EditForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, choice, day, text

TITLE = text("title", "Follow-up", placeholder="what you owe them", required=True)
DUE = day("due", "Due", required=True, default="tomorrow")
PRIORITY = choice("priority", "Priority", Priority, "priority", default="normal")
UNTIL = day("until", "Until", required=True, default="tomorrow")
WITH = text("with", "With", placeholder="contact name (optional)", arg="contact_ref")


class FollowUpForm(FormScreen[Selection]):
    form_title = "New follow-up"
    submit_label = "Add"
    FIELDS = (ACCOUNT, TITLE, DUE, PRIORITY, WITH)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        row = follow_ups.add(conn, **values.arguments())
        return (
            f"Follow-up #{row.id} for {one_line(row.account_name)} due "
            f"{dates.format_day(row.due_date, clock.today())}"
        )


class FollowUpEditForm(EditForm[follow_ups.FollowUpRow]):
    form_title = "Edit follow-up #{s.id}"
    needs = Needs("follow_up_id", "Select a follow-up to edit", follow_ups.get)

    def fields(self) -> ComposeResult:
        f = self.subject
        yield Field(TITLE, f.title)
        yield Field(DUE, f.due_date.isoformat())
        yield Field(PRIORITY, f.priority.value)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        row = follow_ups.edit(conn, self.ident, follow_ups.FollowUpChanges(**values.arguments()))
        return f"Updated follow-up #{row.id}: due {dates.format_day(row.due_date, clock.today())}"


class SnoozeForm(FormScreen[Selection]):
    form_title = "Snooze {s.label}"
    submit_label = "Snooze"
    FIELDS = (UNTIL,)
    needs = Needs("follow_up_id", "Select a follow-up to snooze (3 opens the follow-ups)")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        row = follow_ups.snooze(conn, self.ident, **values.arguments())
        return f"Snoozed follow-up #{row.id} to {dates.format_day(row.due_date, clock.today())}"


class FollowUpDoneForm(DoneForm[follow_ups.FollowUpRow]):
    needs = Needs(
        "follow_up_id",
        "Select a follow-up or a request to mark done (3 opens the follow-ups)",
        follow_ups.get,
    )
    refused = {
        ("status", FollowUpStatus.DONE): "Follow-up #{r.id} is already done",
        ("status", FollowUpStatus.CANCELLED): "Follow-up #{r.id} was cancelled",
    }

    def heading(self) -> str:
        return f"Done: follow-up #{self.subject.id} for {one_line(self.subject.account_name)}"

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        [row] = follow_ups.done(conn, [self.ident], **values.arguments())
        said = f": {one_line(row.outcome)}" if row.outcome else ""
        return f"Done: follow-up #{row.id} {one_line(row.title)}{said}"
