"""Reporting periods: ISO weeks, calendar months, and fiscal quarters and years.

Labels the user types and sees: ``2026-W47`` (ISO week, Monday to Sunday), ``2026-11``
(a calendar month), ``2026-Q4`` and ``2026`` (a quarter and a year of the fiscal year).

The fiscal year starts on the first day of ``fiscal_start`` (a month, 1 = January, the
default: fiscal = calendar). A fiscal year is named after the calendar year in which it
ENDS, as most companies do (Salesforce's default; Microsoft's FY2027 starts July 2026):
with ``fiscal_start=2``, ``2026`` runs 1 Feb 2025 to 31 Jan 2026 and ``2026-Q4`` is
November 2025 to January 2026. Quarters are three months from the fiscal start.

Commands that take a period also read it relative to today (``read_period``): ``this``,
``last``, ``next`` (the fiscal quarter, the default period) and ``last month``,
``this year``, ``next week``...
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.dates import FIRST_YEAR, LAST_YEAR
from sam_tui.domain.errors import InvalidInput


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_HINT = "use 2026-W47 (week), 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)"
# also the words of `sam report --period` (reports.base.resolve_period reads them here)
_RELATIVE_HINT = (
    "use 2026-W47 (week), 2026-11 (month), 2026-Q4 (quarter), 2026 (year), "
    "this, last or next (quarter), or e.g. last month, this year"
)
_STEPS = {"this": 0, "current": 0, "now": 0, "last": -1, "previous": -1, "prev": -1, "next": 1}
# "now" alone, never "now month": only the report's words, each with an optional kind
_RELATIVE = re.compile(
    r"now|(this|current|last|previous|prev|next)(?: (week|month|quarter|year))?", re.ASCII
)
_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-?q([1-4])", re.ASCII)
_YEAR = re.compile(r"(?:fy)?(\d{4})", re.ASCII)
# room for the previous and next period's arithmetic
_MIN_YEAR, _MAX_YEAR = FIRST_YEAR, LAST_YEAR


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


class Period(NamedTuple):
    kind: PeriodKind
    label: str
    start: date
    end: date  # inclusive: the period's last day
    fiscal_start: int = 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_days(self, today: date) -> int:
        """Days of the period up to and including ``today`` (0 before it, all after it)."""
        if today < self.start:
            return 0
        return min(self.days, (today - self.start).days + 1)

    def previous(self) -> Period:
        return containing(self.kind, self.start - timedelta(days=1), self.fiscal_start)

    def next(self) -> Period:
        return containing(self.kind, self.end + timedelta(days=1), self.fiscal_start)

    def same_last_year(self) -> Period:
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            try:
                return _iso_week(year - 1, week, self.fiscal_start)
            except ValueError:
                return _iso_week(year - 1, 52, self.fiscal_start)
        return containing(
            self.kind, self.start.replace(day=1, year=self.start.year - 1), self.fiscal_start
        )

    def split(self, kind: PeriodKind) -> list[Period]:
        """The periods of ``kind`` that start inside this one, in order (e.g. its months)."""
        parts = []
        part = containing(kind, self.start, self.fiscal_start)
        while part.start <= self.end:
            parts.append(part)
            if part.end >= self.end:
                break  # the last part: its next may lie past the calendar's end (year 9999)
            part = part.next()
        return parts


def _check_fiscal_start(fiscal_start: int) -> None:
    if not 1 <= fiscal_start <= 12:
        raise InvalidInput(f"the fiscal year must start in a month 1-12, not {fiscal_start}")


def fiscal_year_of(day: date, fiscal_start: int = 1) -> int:
    """The fiscal year (named by the calendar year it ends in) that holds ``day``."""
    _check_fiscal_start(fiscal_start)
    if fiscal_start == 1:
        return day.year
    return day.year + 1 if day.month >= fiscal_start else day.year


def _months(kind: PeriodKind, label: str, start: date, count: int, fiscal_start: int) -> Period:
    """The period of ``count`` whole months from ``start`` (the first of a month)."""
    ny, nm = _add_months(start.year, start.month, count)
    return Period(kind, label, start, _month_start(ny, nm) - timedelta(days=1), fiscal_start)


def _fiscal_year(year: int, fiscal_start: int) -> Period:
    if fiscal_start == 1:
        start = date(year, 1, 1)
    else:
        start = date(year - 1, fiscal_start, 1)
    return _months(PeriodKind.YEAR, str(year), start, 12, fiscal_start)


def _fiscal_quarter(year: int, quarter: int, fiscal_start: int) -> Period:
    first = _fiscal_year(year, fiscal_start).start
    sy, sm = _add_months(first.year, first.month, 3 * (quarter - 1))
    return _months(PeriodKind.QUARTER, f"{year}-Q{quarter}", _month_start(sy, sm), 3, fiscal_start)


def _month(year: int, month: int, fiscal_start: int) -> Period:
    label = f"{year:04d}-{month:02d}"
    return _months(PeriodKind.MONTH, label, _month_start(year, month), 1, fiscal_start)


def _iso_week(year: int, week: int, fiscal_start: int) -> Period:
    start = date.fromisocalendar(year, week, 1)  # ValueError for week 53 of a 52-week year
    return Period(
        PeriodKind.WEEK, f"{year}-W{week:02d}", start, start + timedelta(days=6), fiscal_start
    )


def containing(kind: PeriodKind, day: date, fiscal_start: int = 1) -> Period:
    """The period of ``kind`` that holds ``day`` (the current one when ``day`` is today)."""
    _check_fiscal_start(fiscal_start)
    if kind is PeriodKind.WEEK:
        year, week, _ = day.isocalendar()
        return _iso_week(year, week, fiscal_start)
    if kind is PeriodKind.MONTH:
        return _month(day.year, day.month, fiscal_start)
    fy = fiscal_year_of(day, fiscal_start)
    if kind is PeriodKind.YEAR:
        return _fiscal_year(fy, fiscal_start)
    months_in = (day.month - fiscal_start) % 12
    return _fiscal_quarter(fy, months_in // 3 + 1, fiscal_start)


def _label(text: str, fiscal_start: int) -> Period | None:
    """The period a label names; None when ``text`` is no label at all."""
    q = text.strip().lower().replace(" ", "")
    shown = text.strip()[:40]
    try:
        if m := _WEEK.fullmatch(q):
            year = _year(m.group(1), shown)
            week = int(m.group(2))
            try:
                return _iso_week(year, week, fiscal_start)
            except ValueError:
                raise InvalidInput(f"{year} has no ISO week {week} ('{shown}')") from None
        if m := _QUARTER.fullmatch(q):
            return _fiscal_quarter(_year(m.group(1), shown), int(m.group(2)), fiscal_start)
        if m := _MONTH.fullmatch(q):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                raise InvalidInput(f"'{shown}' has no month {month}; {_HINT}")
            return _month(_year(m.group(1), shown), month, fiscal_start)
        if m := _YEAR.fullmatch(q):
            return _fiscal_year(_year(m.group(1), shown), fiscal_start)
    except OverflowError:
        pass
    return None


def parse_period(text: str, fiscal_start: int = 1) -> Period:
    """``2026-W47``, ``2026-11``, ``2026-Q4``, ``2026`` (or ``FY2026``); case-insensitive."""
    _check_fiscal_start(fiscal_start)
    period = _label(text, fiscal_start)
    if period is None:
        raise InvalidInput(f"not a period: '{text.strip()[:40]}'; {_HINT}")
    return period


def relative_period(
    text: str, today: date, fiscal_start: int = 1, default: PeriodKind = PeriodKind.QUARTER
) -> Period | None:
    """The period ``text`` names relative to ``today``, None when it names none that way.

    ``this``, ``current``, ``now``, ``last``, ``previous``, ``prev``, ``next``: the
    ``default`` period (the fiscal quarter of ``sam metrics``, a report's own kind)
    holding today, the one before it, the one after it; followed by ``week``, ``month``,
    ``quarter`` or ``year``: that kind instead (``last month``, ``this year``). Case and
    extra spaces do not matter.
    """
    _check_fiscal_start(fiscal_start)
    m = _RELATIVE.fullmatch(" ".join(text.lower().split()))
    if m is None:
        return None
    kind = PeriodKind(m[2]) if m[2] else default
    step = _STEPS[m[1] or "now"]
    try:
        period = containing(kind, today, fiscal_start)
        if step < 0:
            return period.previous()
        return period.next() if step > 0 else period
    except (OverflowError, ValueError):
        # only "next year" in the last year a pinned clock allows reaches past year 9999
        shown = text.strip()[:40]
        raise InvalidInput(f"'{shown}' runs past the year 9999") from None


def read_period(text: str, today: date, fiscal_start: int = 1) -> Period:
    """The period a command's ``--period`` names: a label (``parse_period``) or a phrase
    relative to ``today`` (``relative_period``)."""
    relative = relative_period(text, today, fiscal_start)
    if relative is not None:
        return relative
    period = _label(text, fiscal_start)
    if period is None:
        raise InvalidInput(f"not a period: '{text.strip()[:40]}'; {_RELATIVE_HINT}")
    return period


def _year(digits: str, shown: str) -> int:
    year = int(digits)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidInput(f"'{shown}': the year must be between {_MIN_YEAR} and {_MAX_YEAR}")
    return year
