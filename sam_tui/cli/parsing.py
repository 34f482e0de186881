"""Turning option text into domain values, with the clock applied once."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import parse_sentiment
from sam_tui.domain.errors import DateParseError, InvalidInput


def due(text: str) -> date:
    """A due date: yearless and weekday phrases look forward."""
    return dates.parse_date(text, clock.today(), prefer="future")


def when(text: str) -> datetime:
    """When something happened: phrases look back, times are allowed."""
    now = clock.now()
    moment = dates.parse_when(text, now)
    if moment == now:
        return moment
    # now's zone is a fixed offset; re-reading the wall time as local time applies the
    # right summer/winter offset for a date on the other side of a clock change
    try:
        return moment.replace(tzinfo=None).astimezone()
    except (OverflowError, ValueError):
        # the start of year 1 has no local time to convert from: a typo, not a crash
        raise DateParseError(f"'{text}' is too far in the past to record") from None


def moment(at: datetime) -> str:
    """A past moment as echoed back: ``Wed 25 Nov 12:00``, with the year when not this one."""
    return dates.format_moment(at.astimezone(), clock.today())


def sentiment(text: str) -> int:
    return parse_sentiment(text)


def amount(text: str, what: str = "amount", db: sqlite3.Connection | None = None) -> int:
    """An amount; with a dot or comma in it, read by the book's number-format setting."""
    from sam_tui.domain.money import parse_amount  # decimal: not needed by `sam log`

    mark = None
    if db is not None and ("," in text or "." in text):
        from sam_tui.services.settings import decimal_mark

        mark = decimal_mark(db)
    return parse_amount(text, what, mark)


def record_id(text: str, what: str) -> int:
    """``12`` or ``#12`` -> 12."""
    value = text.strip().removeprefix("#")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        article = "an" if what[:1] in "aeiou" else "a"
        raise InvalidInput(f"'{text}' is not {article} {what} ID (expected a number such as 12)")
    return int(value)
