"""`c` open a complaint, `u` add an update, `r` resolve, `e` edit."""

from __future__ import annotations

import sqlite3
from typing import Any

from textual.app import ComposeResult

from sam_tui.domain.enums import ComplaintStatus, Severity, choose
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import complaints
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import ACCOUNT, EditForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, choice, text


def _update_status(text: str) -> ComplaintStatus:
    status = choose(ComplaintStatus, text, "status")
    if status is ComplaintStatus.RESOLVED:
        raise InvalidInput("resolve with r: it records the resolution")
    return status


TITLE = text("title", "Complaint", required=True, placeholder="what went wrong")
SEVERITY = choice("severity", "Severity", Severity, "severity", default="medium")
TEAM = text("team", "Team", placeholder="internal owner (optional)")
UPDATE = text("text", "Update", required=True, placeholder="what happened")
STATUS = Spec(
    "status",
    "Status",
    _update_status,
    hint=lambda text: f"→ {_update_status(text).value}",
    placeholder="keep as is (or in-progress, ...)",
    suggestions=tuple(s.value for s in ComplaintStatus if s is not ComplaintStatus.RESOLVED),
)
RESOLUTION = text("text", "Resolution", required=True, placeholder="what was done")


class ComplaintForm(FormScreen[Selection]):
    form_title = "Open a complaint"
    submit_label = "Open"
    FIELDS = (ACCOUNT, TITLE, SEVERITY, TEAM)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        c = complaints.open_complaint(conn, **values.arguments())
        return f"Opened complaint #{c.id} ({c.severity.value}) for {one_line(c.account_name)}"


class ComplaintEditForm(EditForm[complaints.ComplaintRow]):
    form_title = "Edit complaint #{s.id}"
    needs = Needs("complaint_id", "Select a complaint to edit", complaints.get)

    def fields(self) -> ComposeResult:
        c = self.subject
        yield Field(TITLE, c.title)
        yield Field(SEVERITY, c.severity.value)
        yield Field(TEAM, c.team or "")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        # an emptied team is cleared
        team: dict[str, Any] = {"team": ""} if TEAM.id in values.cleared else {}
        c = complaints.edit(
            conn, self.ident, complaints.ComplaintChanges(**values.arguments(), **team)
        )
        return f"Updated complaint #{c.id} ({c.severity.value})"


class UpdateForm(FormScreen[Selection]):
    form_title = "Update {s.label}"
    submit_label = "Add update"
    FIELDS = (UPDATE, STATUS)
    needs = Needs("complaint_id", "Select a complaint to update (4 opens the complaints)")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        c = complaints.add_update(conn, self.ident, **values.arguments())
        return f"Updated complaint #{c.id}: {c.status.value}"


class ResolveForm(FormScreen[Selection]):
    form_title = "Resolve {s.label}"
    submit_label = "Resolve"
    FIELDS = (RESOLUTION,)
    needs = Needs("complaint_id", "Select a complaint to resolve (4 opens the complaints)")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        c = complaints.resolve(conn, self.ident, **values.arguments())
        on_time = c.resolved_at is not None and c.resolved_at <= c.sla_due_at
        return f"Resolved complaint #{c.id} ({'within' if on_time else 'after'} SLA)"
