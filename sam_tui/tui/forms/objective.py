"""Objectives: `O` adds one for the selected account; `+` records progress; `e` edits it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.objectives import assess, format_value, parse_value
from sam_tui.domain.text import one_line
from sam_tui.services import objectives
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, due_hint


def target(o: objectives.ObjectiveRow) -> str:
    """``5 workshops``."""
    unit = f" {one_line(o.unit)}" if o.unit else ""
    return f"{format_value(o.target)}{unit}"


def of(o: objectives.ObjectiveRow, value: Decimal | None = None) -> str:
    """``3 of 5 workshops``."""
    return f"{format_value(o.current if value is None else value)} of {target(o)}"


def pct(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))}%"


def start_hint(text: str) -> str:
    today = clock.today()
    when = dates.parse_date(text, today, prefer="past")
    return f"→ {dates.format_day(when, today)}"


def target_hint(text: str) -> str:
    parse_value(text, "the target")
    return ""


class ObjectiveForm(FormScreen):
    form_title = "New objective"
    submit_label = "Add"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def fields(self) -> ComposeResult:
        yield self.account_field(self.selection.account_name)
        yield Field("Objective", id="title", required=True, placeholder="Expand to 3 sites")
        yield Field(
            "Target", id="target", required=True, placeholder="a number: 3, 2.5", check=target_hint
        )
        yield Field("Unit", id="unit", placeholder="what is counted: sites, workshops (optional)")
        yield Field("Due", id="due", required=True, placeholder="Dec 31, eoq", check=due_hint)
        yield Field("Start", id="start", placeholder="default today: Oct 1", check=start_hint)

    def first_field(self) -> str | None:
        return "title" if self.selection.account_name else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        today = clock.today()
        account = self.field_value("account")
        title = self.field_value("title")
        goal = parse_value(self.field_value("target"), "the target")
        unit = self.field_value("unit") or None
        due = dates.parse_date(self.field_value("due"), today, prefer="future")
        start_text = self.field_value("start")
        start = dates.parse_date(start_text, today, prefer="past") if start_text else None

        def add(conn: sqlite3.Connection) -> str:
            o = objectives.add(
                conn, title=title, target=goal, due=due, start=start, unit=unit, account_ref=account
            )
            return (
                f"Objective #{o.id} for {one_line(o.account_name or 'the portfolio')}: "
                f"{one_line(o.title)}, target {target(o)} by "
                f"{dates.format_day(o.due_date, today)}"
            )

        return add


class ProgressForm(FormScreen):
    """The value reached (``12``) or a change (``+3``, ``-1``); the new status as you type."""

    form_title = "Record progress"
    submit_label = "Record"

    def __init__(self, objective: objectives.ObjectiveRow) -> None:
        super().__init__()
        self.objective = objective
        self.form_title = f"Progress on objective #{objective.id}: {one_line(objective.title)}"

    def fields(self) -> ComposeResult:
        o = self.objective
        today = clock.today()
        yield Label(
            f"Now {of(o)} ({pct(o.assessment.progress)}), {o.status.value}; "
            f"due {dates.format_day(o.due_date, today)}",
            markup=False,
        )
        yield Field(
            "Value",
            id="value",
            required=True,
            placeholder="the value reached (12), or +3 / -1 to change it",
            check=self._value_hint,
        )
        yield Field("Note", id="note", placeholder="what happened (optional)")

    def _value_hint(self, text: str) -> str:
        o = self.objective
        new = objectives.parse_progress(text, o.current)
        found = assess(o.target, new, o.start_date, o.due_date, clock.today())
        return f"→ {of(o, new)} ({pct(found.progress)}): {found.status.value}"

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        value = self.field_value("value")
        objectives.parse_progress(value, self.objective.current)
        note = self.field_value("note") or None
        ident = self.objective.id

        def record(conn: sqlite3.Connection) -> str:
            o, before = objectives.record_progress(conn, ident, value, note=note)
            return (
                f"Objective #{o.id} {one_line(o.title)}: {format_value(before)} → {of(o)} "
                f"({pct(o.assessment.progress)}): {o.status.value}"
            )

        return record


class ObjectiveEditForm(FormScreen):
    """Every field starts with the objective's value; only the ones changed are written."""

    form_title = "Edit objective"

    def __init__(self, objective: objectives.ObjectiveRow) -> None:
        super().__init__()
        self.objective = objective
        self.form_title = f"Edit objective #{objective.id}"

    def fields(self) -> ComposeResult:
        o = self.objective
        yield Field("Objective", id="title", value=one_line(o.title), required=True)
        yield Field(
            "Target", id="target", value=format_value(o.target), required=True, check=target_hint
        )
        yield Field("Unit", id="unit", value=one_line(o.unit or ""), placeholder="empty: none")
        yield Field("Due", id="due", value=o.due_date.isoformat(), required=True, check=due_hint)
        yield Field(
            "Start", id="start", value=o.start_date.isoformat(), required=True, check=start_hint
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        o = self.objective
        today = clock.today()
        title = self.field_value("title")
        goal = parse_value(self.field_value("target"), "the target")
        unit = self.field_value("unit")
        due = dates.parse_date(self.field_value("due"), today, prefer="future")
        start = dates.parse_date(self.field_value("start"), today, prefer="past")
        new_title = title if title != one_line(o.title) else None
        new_target = goal if goal != o.target else None
        new_unit = unit if unit != one_line(o.unit or "") else None
        new_due = due if due != o.due_date else None
        new_start = start if start != o.start_date else None
        if all(v is None for v in (new_title, new_target, new_unit, new_due, new_start)):
            raise InvalidInput("nothing changed")
        ident = o.id

        def edit(conn: sqlite3.Connection) -> str:
            after = objectives.edit(
                conn,
                ident,
                title=new_title,
                target=new_target,
                unit=new_unit,
                start=new_start,
                due=new_due,
            )
            return (
                f"Updated objective #{after.id} {one_line(after.title)}: {of(after)} "
                f"by {dates.format_day(after.due_date, today)}, {after.status.value}"
            )

        return edit
