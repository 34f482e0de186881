"""Objectives: `O` adds one for the selected account; `+` records progress; `e` edits it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.objectives import assess, format_value, parse_value
from sam_tui.domain.text import one_line
from sam_tui.services import objectives
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import ACCOUNT, EditForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, day, text


def target(o: objectives.ObjectiveRow) -> str:
    """``5 workshops``."""
    unit = f" {one_line(o.unit)}" if o.unit else ""
    return f"{format_value(o.target)}{unit}"


def of(o: objectives.ObjectiveRow, value: Decimal | None = None) -> str:
    """``3 of 5 workshops``."""
    return f"{format_value(o.current if value is None else value)} of {target(o)}"


def pct(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))}%"


def target_hint(text: str) -> str:
    parse_value(text, "the target")
    return ""


TITLE = text("title", "Objective", required=True, placeholder="Expand to 3 sites")
TARGET = Spec(
    "target",
    "Target",
    lambda text: parse_value(text, "the target"),
    hint=target_hint,
    required=True,
    placeholder="a number: 3, 2.5",
)
UNIT = text("unit", "Unit", placeholder="what is counted: sites, workshops (optional)")
DUE = day("due", "Due", required=True, placeholder="Dec 31, eoq")
START = day("start", "Start", prefer="past", placeholder="default today: Oct 1")
VALUE = text(
    "value",
    "Value",
    required=True,
    placeholder="the value reached (12), or +3 / -1 to change it",
)
NOTE = text("note", "Note", placeholder="what happened (optional)")


class ObjectiveForm(FormScreen[Selection]):
    form_title = "New objective"
    submit_label = "Add"
    FIELDS = (ACCOUNT, TITLE, TARGET, UNIT, DUE, START)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        fields = values.arguments()
        account = fields.pop("account_ref")
        o = objectives.add(conn, objectives.NewObjective(**fields), account_ref=account)
        return (
            f"Objective #{o.id} for {one_line(o.account_name or 'the portfolio')}: "
            f"{one_line(o.title)}, target {target(o)} by "
            f"{dates.format_day(o.due_date, clock.today())}"
        )


class ProgressForm(FormScreen[objectives.ObjectiveRow]):
    """The value reached (``12``) or a change (``+3``, ``-1``); the new status as you type."""

    form_title = "Progress on objective #{s.id}: {s.title}"
    submit_label = "Record"
    needs = Needs(
        "objective_id",
        "Select an objective (account view, Objectives tab) to record progress",
        objectives.get,
    )
    refused = {("closed", True): "Objective #{r.id} is closed (sam objective reopen {r.id})"}

    def fields(self) -> ComposeResult:
        o = self.subject
        yield Label(
            f"Now {of(o)} ({pct(o.assessment.progress)}), {o.status.value}; "
            f"due {dates.format_day(o.due_date, clock.today())}",
            markup=False,
        )
        yield Field(VALUE, hint=self._value_hint)
        yield Field(NOTE)

    def _value_hint(self, text: str) -> str:
        o = self.subject
        new = objectives.parse_progress(text, o.current)
        found = assess(o.target, new, o.start_date, o.due_date, clock.today())
        return f"→ {of(o, new)} ({pct(found.progress)}): {found.status.value}"

    def check(self, values: Values) -> None:
        objectives.parse_progress(values.need(VALUE), self.subject.current)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        o, before = objectives.record_progress(conn, self.ident, **values.arguments())
        return (
            f"Objective #{o.id} {one_line(o.title)}: {format_value(before)} → {of(o)} "
            f"({pct(o.assessment.progress)}): {o.status.value}"
        )


class ObjectiveEditForm(EditForm[objectives.ObjectiveRow]):
    form_title = "Edit objective #{s.id}"
    needs = Needs("objective_id", "Select an objective to edit", objectives.get)

    def fields(self) -> ComposeResult:
        o = self.subject
        yield Field(TITLE, one_line(o.title), placeholder="")
        yield Field(TARGET, format_value(o.target), placeholder="")
        yield Field(UNIT, one_line(o.unit or ""), placeholder="empty: none")
        yield Field(DUE, o.due_date.isoformat(), placeholder="")
        yield Field(replace(START, required=True), o.start_date.isoformat(), placeholder="")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        # an emptied unit is cleared
        unit: dict[str, Any] = {"unit": ""} if UNIT.id in values.cleared else {}
        after = objectives.edit(conn, self.ident, **values.arguments(), **unit)
        return (
            f"Updated objective #{after.id} {one_line(after.title)}: {of(after)} "
            f"by {dates.format_day(after.due_date, clock.today())}, {after.status.value}"
        )
