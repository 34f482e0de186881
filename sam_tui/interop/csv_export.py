"""Tables as CSV for spreadsheets: headers in words, ISO dates, plain numbers, no formulas.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with ``'`` (OWASP, CSV injection): a spreadsheet shows it as text instead of
running it; a cell with quotes before one of these gets one more. Number columns are
never prefixed (a sentiment of -1 stays a number). ``sam import csv`` removes the guard
when it reads such a file back (``unguard``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from sam_tui.services.exports import Column

GUARDED = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _needs_guard(text: str) -> bool:
    # quotes already in front of a formula character get one more, so that a note that
    # really starts with '= survives the round trip: unguard takes exactly one off
    return text.lstrip("'").startswith(GUARDED)


def guard(text: str) -> str:
    """``=SUM(A1)`` -> ``'=SUM(A1)``, ``'=x`` -> ``''=x``; other text unchanged."""
    return "'" + text if _needs_guard(text) else text


def unguard(text: str) -> str:
    """The inverse of ``guard``, for a reader of these files: one ``'`` off the front of a
    cell whose text, past its leading quotes, starts with ``= + - @``, tab or CR."""
    return text[1:] if text.startswith("'") and _needs_guard(text[1:]) else text


def cell(value: object, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        # local time to the minute: what a spreadsheet reads as a date and time
        try:
            value = value.astimezone()
        except (OverflowError, ValueError):  # the first hours of year 1 have no local time
            pass
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if column.kind == "text":
        return guard(str(value))
    return str(value)


def lines(
    columns: Sequence[Column], rows: Iterable[Sequence[object]], *, bom: bool = False
) -> Iterator[str]:
    """The file, a few rows at a time (CRLF line ends, as RFC 4180 and Excel expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    head = (BOM if bom else "") + buffer.getvalue()
    yield head
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(v, c) for v, c in zip(row, columns, strict=True)])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
