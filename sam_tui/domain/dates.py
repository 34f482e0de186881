"""Date phrases typed by the user (due dates, --when) and how dates are shown back.

Over 450 lines on purpose: the phrases sam reads, the refusals that say what a phrase was
read as, and the way dates are shown back are one vocabulary, kept in one place so that
what a user types and what sam shows them agree."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal

from sam_tui.domain.errors import DateParseError

# "future": a due date; "past": a day looked back to (a start, a date in a report's period);
# "happened": when something happened, as "past" but refusing a yearless day just ahead
Prefer = Literal["future", "past", "happened"]

# The years sam computes with: a period (a year's report and the one before it, the next
# quarter) and a pinned clock (SAM_NOW) stay inside them, so that arithmetic around "now"
# never leaves what Python's dates hold (year 1 to 9999).
FIRST_YEAR, LAST_YEAR = 1900, 9998

_HINT = "try 2026-12-05, Dec 5, tomorrow, friday, next friday, in 3 days, +3d, eow, eom or eoq"

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _i
    _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(_DAY_NAMES):
    _WEEKDAYS[_name.lower()] = _i
    _WEEKDAYS[_name[:3].lower()] = _i
_WEEKDAYS.update(tues=1, thur=3, thurs=3)

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# re.ASCII everywhere: without it \d matches e.g. Arabic-Indic digits, which int() accepts.
_A = re.ASCII
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", _A)
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[t ](\d.*)", _A)
_MONTH_DAY = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", _A)
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?:,? (\d{4}))?", _A)
_WEEKDAY = re.compile(r"(?:(next|this|last) )?([a-z]+)", _A)
_UNIT = r"(days?|weeks?|months?)"
_IN_N = re.compile(rf"in (\d+|an?) {_UNIT}", _A)
_N_AGO = re.compile(rf"(\d+|an?) {_UNIT} ago", _A)
_SHORT = re.compile(r"([+-]?)(\d+) ?([dw])", _A)
# "m" could be minutes or months: refuse it rather than guess.
_SHORT_MONTH = re.compile(r"([+-]?)(\d+) ?(m|mo|mos|mon|mons|mth|mths|months?)", _A)
_NUMERIC = re.compile(r"(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{1,4}))?", _A)
_TIME = re.compile(r"(?:^|(.*?) )(?:at )?(\d{1,2})(?::(\d{2}))? ?(am|pm)?", _A)

_FIXED: dict[str, Callable[[date], date]] = {
    "today": lambda t: t,
    "tod": lambda t: t,
    "tomorrow": lambda t: t + timedelta(days=1),
    "tom": lambda t: t + timedelta(days=1),
    "yesterday": lambda t: t - timedelta(days=1),
    "eow": lambda t: end_of_week(t),  # lambdas: the functions are defined further down
    "eom": lambda t: end_of_month(t),
    "eoq": lambda t: end_of_quarter(t),
    "eoy": lambda t: date(t.year, 12, 31),
    "next week": lambda t: t + timedelta(weeks=1),
    "last week": lambda t: t - timedelta(weeks=1),
    "next month": lambda t: _add_months(t, 1),
    "last month": lambda t: _add_months(t, -1),
}

# "end of [the|this|next] week|month|quarter|year" (quarters are calendar quarters)
_END_OF = re.compile(r"end of (?:the |this )?(next )?(week|month|quarter|year)", _A)
_STEP = {"month": 1, "quarter": 3, "year": 12}


def _quote(text: str) -> str:
    # Messages are one line and reach a terminal: escape newlines and control characters
    # (an ESC in a typo must not drive the user's screen), keep everything else as typed.
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f"'{shown}'"


def _out_of_range(q: str) -> DateParseError:
    return DateParseError(f"{q} is out of range: years go from {MINYEAR} to {MAXYEAR}")


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in(year: int, month: int) -> int:
    return 29 if month == 2 and _is_leap(year) else _DAYS_IN_MONTH[month - 1]


def _add_months(d: date, months: int) -> date:
    """``d + relativedelta(months=n)``: same day, clamped to the target month's last day.

    Written out because dateutil ships no type hints (mypy --strict) and this is 5 lines.
    """
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, _days_in(year, month + 1)))


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the month's last (31 Jan + 1: 28 Feb)."""
    return _add_months(d, months)


def end_of_week(d: date) -> date:
    """The Friday of d's working week; on a weekend, the coming Friday."""
    return d + timedelta(days=(4 - d.weekday()) % 7)


def end_of_month(d: date) -> date:
    return d.replace(day=_days_in(d.year, d.month))


def end_of_quarter(d: date) -> date:
    last_month = (d.month - 1) // 3 * 3 + 3
    return date(d.year, last_month, _days_in(d.year, last_month))


def _make_date(year: int, month: int, day: int, q: str) -> date:
    if not 1 <= month <= 12:
        raise DateParseError(f"{q} is not a real date: there is no month {month}")
    if not 1 <= year <= MAXYEAR:
        raise _out_of_range(q)
    if not 1 <= day <= _days_in(year, month):
        raise DateParseError(
            f"{q} is not a real date: {_MONTH_NAMES[month - 1]} {year} has "
            f"{_days_in(year, month)} days"
        )
    return date(year, month, day)


# How far back a yearless due date may fall before it means next year's (`_month_day`).
_HALF_YEAR = timedelta(days=183)
# How near a yearless day's next occurrence must be for "when it happened" to refuse it
# rather than read last year's: "Dec 3" typed on 2 Dec is a slip or a follow-up, not a
# touch 52 weeks ago; "July 1" typed in January still means last July.
_SOON = timedelta(days=31)


def _coming(month: int, day: int, today: date) -> date | None:
    """The next occurrence of a month-day after ``today`` (this year's or next year's)."""
    for year in (today.year, today.year + 1):
        if year <= MAXYEAR and day <= _days_in(year, month):
            found = date(year, month, day)
            if found > today:
                return found
    return None


def _refuse_soon(month: int, day: int, today: date, q: str) -> None:
    """Refuse a yearless month-day for "when it happened" whose next occurrence is less
    than ``_SOON`` ahead, naming the date it read and the past one to type instead."""
    coming = _coming(month, day, today)
    if coming is None or coming - today >= _SOON:
        return
    past = _month_day(month, day, None, today, "past", q)
    days = (coming - today).days
    ahead = "tomorrow" if days == 1 else f"in {days} days"
    raise DateParseError(
        f"{q} reads as {coming.isoformat()} ({ahead}), in the future; to mean the past one, "
        f"give the year: {past.isoformat()}"
    )


def _month_day(month: int, day: int, year: int | None, today: date, prefer: Prefer, q: str) -> date:
    if year is not None:
        return _make_date(year, month, day, q)
    if not 1 <= day <= (29 if month == 2 else _DAYS_IN_MONTH[month - 1]):
        raise DateParseError(f"{q} is not a real date: {_MONTH_NAMES[month - 1]} has no day {day}")
    if prefer == "happened":
        _refuse_soon(month, day, today, q)
    if prefer == "future":
        # a due date without a year is its nearest occurrence, up to six months back (then
        # shown as already overdue): on 20 Nov, "Nov 19" is yesterday, not next year's
        near = [
            date(y, month, day)
            for y in (today.year - 1, today.year, today.year + 1)
            if MINYEAR <= y <= MAXYEAR and day <= _days_in(y, month)
        ]
        recent = [d for d in near if today - _HALF_YEAR <= d]
        if recent:
            return min(recent, key=lambda d: (abs((d - today).days), d < today))
    step = 1 if prefer == "future" else -1
    year = today.year
    # Only Feb 29 can be missing from a year; every other day is found in one or two steps.
    while MINYEAR <= year <= MAXYEAR:
        if day <= _days_in(year, month):
            found = date(year, month, day)
            if (found >= today) if step == 1 else (found <= today):
                return found
        year += step
    raise _out_of_range(q)


def _weekday(which: str | None, weekday: int, today: date, prefer: Prefer) -> date:
    ahead = (weekday - today.weekday()) % 7  # 0..6 days forward to that weekday
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if which == "last":
        return today - timedelta(days=(7 - ahead) % 7 or 7)
    if prefer == "future":
        return today + timedelta(days=ahead)
    return today - timedelta(days=(7 - ahead) % 7)


def _count(word: str, q: str) -> int:
    n = 1 if word in ("a", "an") else int(word)
    if n < 1:
        raise DateParseError(f"cannot understand date {q}: the count must be 1 or more")
    return n


def _offset(today: date, n: int, unit: str) -> date:
    if unit.startswith("month"):
        return _add_months(today, n)
    return today + timedelta(days=n * (7 if unit.startswith("w") else 1))


def _numeric_refusal(m: re.Match[str], q: str) -> DateParseError:
    a, sep, b, c = m.groups()
    if sep == "-" and len(a) == 4:
        return DateParseError(
            f"cannot understand date {q}: write ISO dates as YYYY-MM-DD, e.g. 2026-12-05"
        )
    example = "2026-12-05"
    if c is not None and len(c) == 4 and len(a) <= 2:
        readings = []
        for day, month in ((int(a), int(b)), (int(b), int(a))):
            if 1 <= month <= 12 and 1 <= day <= _days_in(int(c), month):
                readings.append(f"{c}-{month:02d}-{day:02d}")
        if readings:
            example = " or ".join(dict.fromkeys(readings))
    return DateParseError(
        f"cannot understand date {q}: numeric dates are ambiguous (day/month order); "
        f"write ISO, e.g. {example}"
    )


def _parse(s: str, today: date, prefer: Prefer, q: str) -> date:
    """Parse an already lower-cased, whitespace-collapsed phrase; ``q`` quotes the raw input."""
    if not s:
        raise DateParseError(f"empty date {q}: {_HINT}")
    if s in _FIXED:
        return _FIXED[s](today)
    if m := _END_OF.fullmatch(s):
        unit = m[2]
        if m[1] and unit == "week":
            today += timedelta(weeks=1)
        elif m[1]:
            today = _add_months(today, _STEP[unit])
        return _FIXED["eo" + unit[0]](today)
    if m := _ISO_DATE.fullmatch(s):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), q)
    if m := _ISO_DATETIME.fullmatch(s):
        day = _make_date(int(m[1]), int(m[2]), int(m[3]), q)
        try:
            datetime.fromisoformat(s.upper())
        except ValueError:
            raise DateParseError(f"{q} is not an ISO datetime (e.g. 2026-12-05T10:00)") from None
        return day
    if (m := _MONTH_DAY.fullmatch(s)) and m[1] in _MONTHS:
        year = int(m[3]) if m[3] else None
        return _month_day(_MONTHS[m[1]], int(m[2]), year, today, prefer, q)
    if (m := _DAY_MONTH.fullmatch(s)) and m[2] in _MONTHS:
        year = int(m[3]) if m[3] else None
        return _month_day(_MONTHS[m[2]], int(m[1]), year, today, prefer, q)
    if (m := _WEEKDAY.fullmatch(s)) and m[2] in _WEEKDAYS:
        return _weekday(m[1], _WEEKDAYS[m[2]], today, prefer)
    if m := _IN_N.fullmatch(s):
        return _offset(today, _count(m[1], q), m[2])
    if m := _N_AGO.fullmatch(s):
        return _offset(today, -_count(m[1], q), m[2])
    if m := _SHORT.fullmatch(s):
        n = _count(m[2], q)
        return _offset(today, -n if m[1] == "-" else n, m[3])
    if m := _SHORT_MONTH.fullmatch(s):
        n = int(m[2])
        months = "1 month" if n == 1 else f"{n} months"
        spelled = f"{months} ago" if m[1] == "-" else f"in {months}"
        why = "" if m[3].startswith("month") else "'m' could mean minutes or months; "
        raise DateParseError(f"cannot understand date {q}: {why}for months write {spelled!r}")
    if m := _NUMERIC.fullmatch(s):
        raise _numeric_refusal(m, q)
    raise DateParseError(f"cannot understand date {q}: {_HINT}")


def _normalise(text: str) -> str:
    # "Dec 5 , 2026" and "Dec 5,2026" both become "dec 5, 2026"
    return " ".join(text.lower().replace(",", ", ").split()).replace(" ,", ",")


def parse_date(text: str, today: date, *, prefer: Prefer = "future") -> date:
    """The date a phrase names, relative to ``today``.

    ``prefer`` settles phrases that name no year or week (``Dec 5``, ``friday``): a due
    date wants the coming one, a "when did it happen" wants the last one. ``happened``
    also refuses a yearless month-day less than 31 days ahead (``Dec 3`` on 2 Dec): the
    last one is nearly a year back, and more likely a slip than meant.
    """
    q = _quote(text)
    try:
        return _parse(_normalise(text), today, prefer, q)
    except (OverflowError, ValueError):
        # Arithmetic past year 9999 (or before year 1), e.g. "in 99999 weeks"
        raise _out_of_range(q) from None


def _split_time(s: str, q: str) -> tuple[str, time] | None:
    """Split a trailing clock time off a phrase: ``"fri 3pm"`` -> ``("fri", 15:00)``."""
    m = _TIME.fullmatch(s)
    # Without ":MM" or am/pm a number is a day ("dec 5"), not an hour.
    if m is None or (m[3] is None and m[4] is None):
        return None
    hour, minute = int(m[2]), int(m[3] or 0)
    if m[4] is not None:
        if not 1 <= hour <= 12:
            raise DateParseError(f"{q} has an impossible time: use 1-12 with am/pm")
        hour = hour % 12 + (12 if m[4] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateParseError(f"{q} has an impossible time: use 00:00 to 23:59")
    return (m[1] or ""), time(hour, minute)


def parse_time_of_day(text: str) -> time:
    """A clock time alone: ``9:00``, ``09:30``, ``8am``, ``6:15 pm``."""
    q = _quote(text)
    split = _split_time(_normalise(text), q)
    if split is None or split[0]:
        raise DateParseError(f"{q} is not a time of day (e.g. 9:00 or 8am)")
    return split[1]


def parse_when(text: str, now: datetime) -> datetime:
    """When a past interaction happened, as an aware datetime in ``now``'s zone.

    A date without a time means noon, except today, which means ``now``.
    """
    q = _quote(text)
    tz = now.tzinfo
    s = _normalise(text)
    try:
        moment: datetime | None = None
        if s == "now":
            moment = now
        elif _ISO_DATETIME.fullmatch(s):
            try:
                parsed = datetime.fromisoformat(s.upper())
            except ValueError:
                parsed = None  # "2026-11-20 3pm": date then time, handled below
            if parsed is not None:
                if parsed.tzinfo is None:
                    moment = parsed.replace(tzinfo=tz)
                else:
                    moment = parsed.astimezone(tz)
        if moment is None:
            clock: time | None = None
            phrase = s
            if (split := _split_time(s, q)) is not None:
                phrase, clock = split
            # A bare time is today's; _parse would call the empty phrase an empty date.
            day = (
                now.date()
                if clock is not None and not phrase
                else _parse(phrase, now.date(), "happened", q)
            )
            if clock is not None:
                moment = datetime.combine(day, clock, tzinfo=tz)
            elif day == now.date():
                moment = now
            else:
                moment = datetime.combine(day, time(12, 0), tzinfo=tz)
        if moment > now + timedelta(minutes=1):
            raise DateParseError(
                f"{q} is in the future ({moment:%Y-%m-%d %H:%M}); log follow-ups with --follow-up"
            )
        return moment
    except (OverflowError, ValueError):
        raise _out_of_range(q) from None


def happened(
    at: datetime | None,
    now: datetime,
    *,
    since: datetime | None = None,
    began: str = "",
    event: str = "it",
    last: datetime | None = None,
    changed: str = "",
) -> datetime:
    """When something happened: ``at`` (None: ``now``), which may be backdated but never
    into the future, nor before ``since``, when the record it belongs to ``began``
    ("complaint #3 was opened"), nor before its latest recorded event ``last`` (said as
    ``changed``): a complaint is not answered before it was raised (see ``not_before``,
    which says it as "``event`` can't be dated before that")."""
    if at is None:
        return now
    if at > now + timedelta(minutes=1):
        raise DateParseError(
            f"{at.astimezone():%Y-%m-%d %H:%M} is in the future; record what has happened"
        )
    if since is None:
        return at
    return not_before(at, since, began, event, last=last, changed=changed)


def not_before(
    at: datetime,
    since: datetime,
    began: str,
    event: str,
    *,
    last: datetime | None = None,
    changed: str = "",
) -> datetime:
    """``at``, an event of a record that ``began`` ("deal #14 was created") at ``since``
    and whose latest recorded event, if later, was at ``last`` (said as ``changed``:
    "deal #14 last changed"): a new event comes after both, so the record's history
    reads in the order it is listed and rebuilt (a forecast as it stood on a day).

    A day before that moment's own day is refused. The same day is taken whatever its
    time: ``--when 2026-09-14`` reads as noon, and a deal created (or moved) that
    afternoon may still move that day; an event earlier in that day is put at that
    moment, so the history never lists it before what was recorded earlier."""
    if last is not None and last > since:
        since, began = last, changed
    if at >= since:
        return at
    if at.astimezone().date() >= since.astimezone().date():
        return since
    raise DateParseError(
        f"{began} on {full_day(since.astimezone().date())}; {event} can't be dated before that"
    )


def humanize(target: date, today: date) -> str:
    """``target`` relative to ``today``: "tomorrow", "in 3 days", "5 weeks ago"."""
    days = (target - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    n = abs(days)
    amount = f"{n // 7} weeks" if n >= 14 else f"{n} days"
    return f"in {amount}" if days > 0 else f"{amount} ago"


def local_day(at: datetime, days: dict[datetime, date]) -> date:
    """``at``'s local date, each moment converted once through ``days`` (a report's
    thousands of rows fall on far fewer moments, and ``astimezone`` is the cost)."""
    day = days.get(at)
    if day is None:
        day = days[at] = at.astimezone().date()
    return day


def full_day(d: date) -> str:
    """``Mon 14 Sep 2026``: a day with its year, whatever today is."""
    return f"{format_day(d, d)} {d.year}"


def format_day(d: date, today: date) -> str:
    """``Fri 4 Dec``; the year is added only when it is not today's year."""
    # English names from our own tables: %a/%b follow the process locale.
    shown = f"{_DAY_NAMES[d.weekday()][:3]} {d.day} {_MONTH_NAMES[d.month - 1][:3]}"
    return shown if d.year == today.year else f"{shown} {d.year}"


# a list of 10,000 rows shows a few hundred days, each in two columns: written once
@lru_cache(maxsize=4096)
def short_day(d: date, today: date, *, narrow: bool = False) -> str:
    """``27 Nov``; another year: ``15 Jan '27`` (``Jan '27`` when ``narrow``)."""
    month = _MONTH_NAMES[d.month - 1][:3]
    if d.year == today.year:
        return f"{d.day} {month}"
    year = f"'{d.year % 100:02d}"
    return f"{month} {year}" if narrow else f"{d.day} {month} {year}"


def ago(days: int) -> str:
    """A last touch in six characters: ``today``, ``3d ago``, ``5w ago``, ``4mo ago``."""
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days}d ago"
    if days < 120:
        return f"{days // 7}w ago"
    return f"{days // 30}mo ago"


def touched(day: date | None, today: date) -> str:
    """``ago`` of the local day of a last touch, or ``never``."""
    return "never" if day is None else ago((today - day).days)


def format_moment(local: datetime, today: date) -> str:
    """``Thu 26 Nov 14:05`` for a datetime already in local time."""
    return f"{format_day(local.date(), today)} {local:%H:%M}"
