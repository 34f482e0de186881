"""`t` asks an internal team for something; `d` marks the selected request done, `b` blocks it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import RequestStatus
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import requests
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, due_hint


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


class RequestForm(FormScreen):
    form_title = "Ask an internal team"
    submit_label = "Add"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def fields(self) -> ComposeResult:
        yield self.account_field(self.selection.account_name)
        yield Field("Team", id="team", required=True, placeholder="finance, product, legal...")
        yield Field("Request", id="ask", required=True, placeholder="what you asked them")
        yield Field("Due", id="due", placeholder="when it is needed (optional)", check=due_hint)
        complaint = self.selection.complaint_id
        yield Field(
            "Complaint",
            id="complaint",
            value=f"#{complaint}" if complaint is not None else "",
            placeholder="#ID it was raised for (optional)",
            check=lambda text: f"→ complaint #{complaint_ref(text)}",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.sam.db_call(requests.teams, done=self._teams)

    def _teams(self, teams: list[str]) -> None:
        self.query_one("#team-field", Field).set_suggestions(teams)

    def first_field(self) -> str | None:
        return "team" if self.selection.account_name else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        today = clock.today()
        account = self.field_value("account")
        team = self.field_value("team")
        ask = self.field_value("ask")
        due_text = self.field_value("due")
        due = dates.parse_date(due_text, today, prefer="future") if due_text else None
        complaint_text = self.field_value("complaint")
        complaint = complaint_ref(complaint_text) if complaint_text else None

        def add(conn: sqlite3.Connection) -> str:
            r = requests.add(
                conn, account_ref=account, team=team, ask=ask, due=due, complaint_id=complaint
            )
            late = ", already overdue" if r.overdue(today) else ""
            linked = f" (complaint #{r.complaint_id})" if r.complaint_id else ""
            return f"Request #{r.id} to {where(r)}{late}{linked}: {one_line(r.ask)}"

        return add


class RequestDoneForm(FormScreen):
    form_title = "Request done"
    submit_label = "Done"

    def __init__(self, request: requests.RequestRow) -> None:
        super().__init__()
        self.request = request
        self.form_title = f"Done: request #{request.id}, {where(request)}"

    def fields(self) -> ComposeResult:
        yield Label(one_line(self.request.ask), markup=False)
        yield Field("Outcome", id="outcome", placeholder="what came of it (optional)")

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        outcome = self.field_value("outcome") or None
        ident = self.request.id

        def done(conn: sqlite3.Connection) -> str:
            r = requests.done(conn, ident, outcome)
            said = f": {one_line(r.outcome)}" if r.outcome else ""
            team = f"{one_line(r.team)} for {one_line(r.account_name)}"
            return f"Done: request #{r.id} ({team}){said}"

        return done


class BlockForm(FormScreen):
    form_title = "Block request"
    submit_label = "Block"

    def __init__(self, request: requests.RequestRow) -> None:
        super().__init__()
        self.request = request
        self.form_title = f"Block request #{request.id}, {where(request)}"

    def fields(self) -> ComposeResult:
        r = self.request
        yield Label(one_line(r.ask), markup=False)
        if r.status is RequestStatus.BLOCKED and r.outcome:
            yield Label(one_line(f"Blocked now: {r.outcome}"), markup=False)
        yield Field("Reason", id="reason", required=True, placeholder="why it is stuck")

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        reason = self.field_value("reason")
        ident = self.request.id

        def block(conn: sqlite3.Connection) -> str:
            r = requests.block(conn, ident, reason)
            return f"Blocked: request #{r.id} ({where(r)}): {one_line(r.outcome or '')}"

        return block
