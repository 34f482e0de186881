"""The change log read back: one human line per row change, and the plan that reverts a batch.

Pure: the rows come in as ``Change`` values (decoded ``change_log`` rows), so the
wording and the undo plan are tested without a database. The plan is generic over
tables: any table written through the gateway is undone the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from sam_tui.domain.dates import format_day, format_moment
from sam_tui.domain.money import format_money
from sam_tui.domain.text import one_line, shorten

CREATE, UPDATE, DELETE = "create", "update", "delete"

# The command name an undo batch is recorded under: ``undo: log``.
UNDO_PREFIX = "undo: "

# What a row is called in sentences, where the table name does not read well.
_LABELS = {
    "follow_up": "follow-up",
    "internal_request": "request",
    "complaint_update": "complaint update",
    "deal_stage_change": "deal stage change",
    "forecast_snapshot": "forecast snapshot",
    "external_ref": "import source",
}
# Columns whose value names the row in a summary, in order of preference.
_TITLES = ("name", "title", "summary", "text", "ask", "period", "key")
# Stored as 0/1 but meant as yes/no.
_FLAGS = {"archived", "closed", "undone"}
# Bookkeeping that changes with every edit: never worth a line of its own (an import's
# record of the values it brought is a JSON document, not something to read in a line).
_QUIET = {"updated_at", "name_key", "fold_key", "imported_values"}

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$")
_DAY = re.compile(r"\d{4}-\d\d-\d\d$")
_WORD = re.compile(r"[a-z][a-z-]{0,23}$")
_TEXT_WIDTH = 40


class Change(NamedTuple):
    """One row change as the change log holds it (``before``/``after``: changed columns;
    all columns for a created or deleted row)."""

    id: int
    entity: str
    entity_id: int
    action: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def label(entity: str) -> str:
    """``follow_up`` -> ``follow-up``: the table as a word."""
    return _LABELS.get(entity, entity.replace("_", " "))


def plural(entity: str, n: int) -> str:
    word = label(entity)
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def show_value(column: str, value: Any, today: date) -> str:
    """A stored value the way a user reads it: money, local times, days, quoted text."""
    if value is None or value == "":
        return "—"
    if column in _FLAGS:
        return "yes" if value else "no"
    if column.endswith("_cents") and isinstance(value, int) and not isinstance(value, bool):
        return format_money(value)
    if isinstance(value, str):
        if _STAMP.match(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                return format_moment(moment.astimezone(), today)
        if _DAY.match(value):
            try:
                return format_day(date.fromisoformat(value), today)
            except ValueError:
                pass
        if column not in _TITLES and _WORD.match(value):
            return value  # a status, tier, channel...: reads better bare
        return "'" + shorten(one_line(value), _TEXT_WIDTH) + "'"
    return str(value)


def _column_label(column: str) -> str:
    return column.removesuffix("_cents").replace("_", " ")


def row_name(change: Change) -> str:
    """``follow-up #3``, or ``setting 'backup.keep'`` for a row named by a key, not an id."""
    values = {**(change.before or {}), **(change.after or {})}
    if "key" in values and "id" not in values:
        return f"{label(change.entity)} '{one_line(str(values['key']))}'"
    return f"{label(change.entity)} #{change.entity_id}"


def _title(values: Mapping[str, Any] | None, today: date) -> str:
    for column in _TITLES:
        if values and values.get(column) not in (None, ""):
            return show_value(column, values[column], today)
    return ""


def describe(change: Change, today: date) -> str:
    """One line, e.g. ``interaction #12 created: 'CFO agreed…'`` or
    ``follow-up #3: status open → done``."""
    name = row_name(change)
    if change.action in (CREATE, DELETE):
        verb = "created" if change.action == CREATE else "deleted"
        values = change.after if change.action == CREATE else change.before
        if "id" not in (values or {}) and "key" in (values or {}):
            # a keyed row (setting) is named by its key already: show its value instead
            shown = {k: v for k, v in (values or {}).items() if k != "key"}
            detail = ", ".join(show_value(k, v, today) for k, v in shown.items())
        else:
            detail = _title(values, today)
        return f"{name} {verb}: {detail}" if detail else f"{name} {verb}"
    before = change.before or {}
    after = change.after or {}
    parts = [
        f"{_column_label(column)} {show_value(column, before.get(column), today)} → "
        f"{show_value(column, after[column], today)}"
        for column in after
        if column not in _QUIET and before.get(column) != after[column]
    ]
    if not parts:  # only bookkeeping moved
        parts = [f"{_column_label(c)} updated" for c in after if c not in ("key",)] or ["updated"]
    return f"{name}: {', '.join(parts)}"


def inverse(change: Change) -> Change:
    """The change that takes the row back: a create becomes a delete, and so on."""
    if change.action == CREATE:
        return change._replace(action=DELETE, before=change.after, after=None)
    if change.action == DELETE:
        return change._replace(action=CREATE, before=None, after=change.before)
    if change.action == UPDATE:
        return change._replace(before=change.after, after=change.before)
    raise ValueError(f"unknown change action {change.action!r}")


def plan_undo(changes: Iterable[Change]) -> list[Change]:
    """The changes that revert a batch, in the order to run them.

    Latest first: a child created after its parent is deleted before it, and a row
    touched twice goes back through each state. Each step's ``before`` is what the row
    must still hold (None: the row must not exist), its ``after`` what it gets.
    """
    return [inverse(c) for c in sorted(changes, key=lambda c: c.id, reverse=True)]
