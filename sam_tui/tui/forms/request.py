"""`t` asks an internal team for something; `d` marks the selected request done, `b` blocks it."""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import RequestStatus
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import requests
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import DoneForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, day, text


def complaint_ref(text: str) -> int:
    """``12`` or ``#12``."""
    value = text.strip().removeprefix("#")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise InvalidInput(f"'{text}' is not a complaint ID (a number such as 12)")
    return int(value)


def where(r: requests.RequestRow) -> str:
    """``finance for Acme, due Fri 4 Dec``."""
    due = f", due {dates.format_day(r.due_date, clock.today())}" if r.due_date else ""
    return f"{one_line(r.team)} for {one_line(r.account_name)}{due}"


TEAM = text("team", "Team", required=True, placeholder="finance, product, legal...")
ASK = text("ask", "Request", required=True, placeholder="what you asked them")
DUE = day("due", "Due", placeholder="when it is needed (optional)")
COMPLAINT = Spec(
    "complaint",
    "Complaint",
    complaint_ref,
    hint=lambda text: f"→ complaint #{complaint_ref(text)}",
    placeholder="#ID it was raised for (optional)",
    arg="complaint_id",
)
REASON = text("reason", "Reason", required=True, placeholder="why it is stuck")


class RequestForm(FormScreen[Selection]):
    form_title = "Ask an internal team"
    submit_label = "Add"

    def fields(self) -> ComposeResult:
        yield self.account_field(self.subject.account_name)
        yield Field(TEAM)
        yield Field(ASK)
        yield Field(DUE)
        complaint = self.subject.complaint_id
        yield Field(COMPLAINT, f"#{complaint}" if complaint is not None else "")

    def on_mount(self) -> None:
        super().on_mount()
        self.cockpit.db_call(requests.teams, done=self._teams)

    def _teams(self, teams: list[str]) -> None:
        self.query_one("#team-field", Field).set_suggestions(teams)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        fields = values.arguments()
        r = requests.add(conn, fields.pop("account_ref"), requests.NewRequest(**fields))
        late = ", already overdue" if r.overdue(clock.today()) else ""
        linked = f" (complaint #{r.complaint_id})" if r.complaint_id else ""
        return f"Request #{r.id} to {where(r)}{late}{linked}: {one_line(r.ask)}"


def _request(verb: str) -> Needs:
    return Needs(
        "request_id", f"Select a request to {verb} (account view, Requests tab)", requests.get
    )


class RequestDoneForm(DoneForm[requests.RequestRow]):
    shown = "ask"
    needs = _request("mark done")
    refused = {("status", RequestStatus.DONE): "Request #{r.id} is already done (o reopens it)"}

    def heading(self) -> str:
        return f"Done: request #{self.subject.id}, {where(self.subject)}"

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        r = requests.done(conn, self.ident, **values.arguments())
        said = f": {one_line(r.outcome)}" if r.outcome else ""
        team = f"{one_line(r.team)} for {one_line(r.account_name)}"
        return f"Done: request #{r.id} ({team}){said}"


class BlockForm(FormScreen[requests.RequestRow]):
    submit_label = "Block"
    needs = _request("block")
    refused = {("status", RequestStatus.DONE): "Request #{r.id} is done; reopen it first (o)"}

    def heading(self) -> str:
        return f"Block request #{self.subject.id}, {where(self.subject)}"

    def fields(self) -> ComposeResult:
        r = self.subject
        yield Label(one_line(r.ask), markup=False)
        if r.status is RequestStatus.BLOCKED and r.outcome:
            yield Label(one_line(f"Blocked now: {r.outcome}"), markup=False)
        yield Field(REASON)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        r = requests.block(conn, self.ident, **values.arguments())
        return f"Blocked: request #{r.id} ({where(r)}): {one_line(r.outcome or '')}"
