"""`c` open a complaint, `u` add an update, `r` resolve, `e` edit."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult

from sam_tui.domain.enums import ComplaintStatus, Severity, choose
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import complaints
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint

UPDATE_STATUSES = [s.value for s in ComplaintStatus if s is not ComplaintStatus.RESOLVED]


def status_hint(text: str) -> str:
    status = choose(ComplaintStatus, text, "status")
    if status is ComplaintStatus.RESOLVED:
        raise InvalidInput("resolve with r: it records the resolution")
    return f"→ {status.value}"


class ComplaintForm(FormScreen):
    form_title = "Open a complaint"
    submit_label = "Open"

    def __init__(
        self, selection: Selection, existing: complaints.ComplaintRow | None = None
    ) -> None:
        super().__init__()
        self.selection = selection
        self.existing = existing
        if existing is not None:
            self.form_title = f"Edit complaint #{existing.id}"
            self.submit_label = "Save"

    def fields(self) -> ComposeResult:
        e = self.existing
        if e is None:
            yield self.account_field(self.selection.account_name)
        yield Field(
            "Complaint",
            id="title",
            value=e.title if e else "",
            required=True,
            placeholder="what went wrong",
        )
        yield Field(
            "Severity",
            id="severity",
            value=e.severity.value if e else "medium",
            check=choice_hint(Severity, "severity"),
            suggestions=[s.value for s in Severity],
        )
        yield Field(
            "Team",
            id="team",
            value=(e.team or "") if e else "",
            placeholder="internal owner (optional)",
        )

    def first_field(self) -> str | None:
        return "title" if self.selection.account_name or self.existing else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        title = self.field_value("title")
        severity = choose(Severity, self.field_value("severity") or "medium", "severity")
        team = self.field_value("team") or None
        if self.existing is not None:
            ident = self.existing.id

            def edit(conn: sqlite3.Connection) -> str:
                c = complaints.edit(conn, ident, title=title, severity=severity, team=team)
                return f"Updated complaint #{c.id} ({c.severity.value})"

            return edit
        account = self.field_value("account")

        def open_(conn: sqlite3.Connection) -> str:
            c = complaints.open_complaint(
                conn, account_ref=account, title=title, severity=severity, team=team
            )
            return f"Opened complaint #{c.id} ({c.severity.value}) for {one_line(c.account_name)}"

        return open_


class UpdateForm(FormScreen):
    form_title = "Complaint update"
    submit_label = "Add update"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection
        self.form_title = f"Update {one_line(selection.label or 'complaint')}"

    def fields(self) -> ComposeResult:
        yield Field("Update", id="text", required=True, placeholder="what happened")
        yield Field(
            "Status",
            id="status",
            placeholder="keep as is (or in-progress, ...)",
            check=status_hint,
            suggestions=UPDATE_STATUSES,
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        text = self.field_value("text")
        status_text = self.field_value("status")
        status = choose(ComplaintStatus, status_text, "status") if status_text else None
        ident = self.selection.complaint_id
        assert ident is not None

        def update(conn: sqlite3.Connection) -> str:
            c = complaints.add_update(conn, ident, text, status=status)
            return f"Updated complaint #{c.id}: {c.status.value}"

        return update


class ResolveForm(FormScreen):
    form_title = "Resolve complaint"
    submit_label = "Resolve"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection
        self.form_title = f"Resolve {one_line(selection.label or 'complaint')}"

    def fields(self) -> ComposeResult:
        yield Field("Resolution", id="text", required=True, placeholder="what was done")

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        text = self.field_value("text")
        ident = self.selection.complaint_id
        assert ident is not None

        def resolve(conn: sqlite3.Connection) -> str:
            c = complaints.resolve(conn, ident, text)
            on_time = c.resolved_at is not None and c.resolved_at <= c.sla_due_at
            return f"Resolved complaint #{c.id} ({'within' if on_time else 'after'} SLA)"

        return resolve
