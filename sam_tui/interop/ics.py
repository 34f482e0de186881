"""An iCalendar (RFC 5545) file of the manager's commitments, written with ``icalendar``.

Follow-ups, renewals and expected close dates are all-day events with an alarm at a time
of day (Google Calendar, iOS Calendar and Fastmail ignore VTODO); complaint SLA deadlines
are timed events. ``todos=True`` writes VTODOs instead, for task apps. ``icalendar``
costs ~0.3 s to import, so only this module imports it, and only the export imports this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time, timedelta
from typing import Any

from sam_tui.services.calendar import CalendarItem, ItemKind, ItemState

PRODID = "-//sam//key-account cockpit//EN"
# a timed SLA deadline is shown as a short slot ending at the deadline's minute
SLA_SLOT = timedelta(minutes=30)
# the reminder before a timed SLA deadline: time to act, not just to notice
SLA_ALARM_BEFORE = timedelta(hours=2)

# RFC 5545 3.3.11: CONTROL characters other than HTAB are not allowed in TEXT values
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

_COMMAND = {
    ItemKind.FOLLOW_UP: "sam follow-up done {id}",
    ItemKind.RENEWAL: "sam account show '#{id}'",
    ItemKind.CLOSE_DATE: "sam deal show {id}",
    ItemKind.SLA: "sam complaint show {id}",
}
_RECORD = {
    ItemKind.FOLLOW_UP: "follow-up",
    ItemKind.RENEWAL: "account",
    ItemKind.CLOSE_DATE: "deal",
    ItemKind.SLA: "complaint",
}


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def uid(item: CalendarItem, book_id: str) -> str:
    """Stable across exports: the record's kind and id, and this book's id."""
    return f"{_RECORD[item.kind]}-{item.record_id}.{item.kind.value}@{book_id}.sam"


def summary(item: CalendarItem) -> str:
    """Which account, and what: ``Acme Corp · Send the deck``."""
    what = {
        ItemKind.FOLLOW_UP: item.title,
        ItemKind.RENEWAL: "renewal",
        ItemKind.CLOSE_DATE: f"close {item.title}",
        ItemKind.SLA: f"SLA due: {item.title}",
    }[item.kind]
    return _text(f"{item.account_name} · {what}")


def description(item: CalendarItem) -> str:
    """The note, then the sam ids and the command that acts on it."""
    record = f"{_RECORD[item.kind]} #{item.record_id}"
    lines = [item.title] if item.title else []
    facts = [f"sam {record}", f"account #{item.account_id} {item.account_name}"]
    if item.contact_name:
        facts.append(f"with {item.contact_name}")
    if item.detail:
        facts.append(item.detail)
    if item.state is not ItemState.OPEN:
        facts.append(item.state.value)
    lines.append(" · ".join(facts))
    if item.state is ItemState.OPEN:
        lines.append(_COMMAND[item.kind].format(id=item.record_id))
    return _text("\n".join(lines))


def _alarm(trigger: timedelta, related: str, text: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger, parameters={"RELATED": related})
    return alarm


def _component(item: CalendarItem, book_id: str, *, todos: bool, alarm: time | None) -> Any:
    from icalendar import Event, Todo

    component = Todo() if todos else Event()
    component.add("uid", uid(item, book_id))
    # without METHOD, DTSTAMP is when the information last changed (RFC 5545 3.8.7.2):
    # the same data gives the same file, byte for byte
    component.add("dtstamp", item.updated_at)
    component.add("last-modified", item.updated_at)
    component.add("sequence", item.sequence)
    component.add("summary", summary(item))
    component.add("description", description(item))
    component.add("categories", [item.kind.value])
    if item.kind is ItemKind.FOLLOW_UP and "high" in item.detail:
        component.add("priority", 1)
    start: Any = item.at if item.at is not None else item.day
    if todos:
        component.add("due", start)
        if item.state is ItemState.OPEN:
            component.add("status", "NEEDS-ACTION")
        elif item.state is ItemState.DONE:
            component.add("status", "COMPLETED")
            if item.done_at is not None:
                component.add("completed", item.done_at)
        else:
            component.add("status", "CANCELLED")
    else:
        if item.at is not None:
            component.add("dtstart", item.at - SLA_SLOT)
            component.add("dtend", item.at)
        else:
            component.add("dtstart", item.day)
            component.add("dtend", item.day + timedelta(days=1))
            component.add("transp", "TRANSPARENT")  # a reminder, not busy time
        # done or cancelled: a calendar that imports it again removes the event
        component.add("status", "CONFIRMED" if item.state is ItemState.OPEN else "CANCELLED")
    if item.state is ItemState.OPEN:
        # VEVENT alarms count from the start, VTODO alarms from DUE (RELATED=END)
        if item.at is not None:
            related = "END"
            component.add_component(_alarm(-SLA_ALARM_BEFORE, related, summary(item)))
        elif alarm is not None:
            related = "END" if todos else "START"
            offset = timedelta(hours=alarm.hour, minutes=alarm.minute)
            component.add_component(_alarm(offset, related, summary(item)))
    return component


def calendar(
    items: Sequence[CalendarItem], *, book_id: str, todos: bool = False, alarm: time | None
) -> bytes:
    """The whole file: CRLF line ends, lines folded at 75 octets (by ``icalendar``)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "sam")
    for item in items:
        cal.add_component(_component(item, book_id, todos=todos, alarm=alarm))
    data: bytes = cal.to_ical()
    return data
