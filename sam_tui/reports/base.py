"""How reports are assembled: a report kind is a period kind and an ordered list of section
builders; ``build`` runs them on one read snapshot and returns the plain ``Report``.

A section builder is any function ``(ReportContext) -> Section | None``: it reads through
services and lays out blocks. Returning None leaves the section out (e.g. nothing to say
because a feature is not set up); a builder whose data is merely empty returns its
section with a short paragraph saying so, so the report keeps the same shape every time.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.errors import DateParseError, InvalidInput
from sam_tui.domain.periods import (
    Period,
    PeriodKind,
    containing,
    parse_period,
    relative_period,
)
from sam_tui.reports.model import Report, Section
from sam_tui.services import activity

if TYPE_CHECKING:
    from sam_tui.reports.apart import Helper

T = TypeVar("T")


class ReportContext(NamedTuple):
    """What every section builder gets: the connection, the period and the moments."""

    conn: sqlite3.Connection
    period: Period
    previous: Period
    now: datetime
    # "overdue", "still open", "past SLA" are measured at this moment: the end of the
    # period, or now while the period is still running.
    as_of: datetime
    previous_as_of: datetime
    # what the report counts as done, changed or moved in the period was recorded before
    # this moment (``until``): everything up to and including ``now`` while it runs
    until: datetime
    # reads several sections share within one build (``once``); None: nothing is kept
    reads: dict[object, Any] | None = None

    def once(self, key: object, load: Callable[[], T]) -> T:
        """``load()`` run once per build for ``key``: sections needing the same read (the
        period's metrics, its deals) share it, as they share the build's snapshot."""
        if self.reads is None:
            return load()
        if key not in self.reads:
            self.reads[key] = load()
        return cast(T, self.reads[key])

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def running(self) -> bool:
        return self.period.start <= self.today <= self.period.end

    @property
    def at_the_end(self) -> str:
        """When "still open" is measured, for notes: ``now`` or ``at the end``."""
        return "now" if self.running else "at the end"

    @property
    def span(self) -> str:
        """``the week``, ``the month``...: for titles such as "Done in the week"."""
        return f"the {self.period.kind.value}"

    def uses(self, table: str) -> bool:
        """Whether the feature behind ``table`` was ever used (a section about deals is
        left out of a portfolio that has none)."""
        return activity.used(self.conn, table)

    @property
    def next_name(self) -> str:
        """``next week``, ``next month``...: the period after the report's."""
        return f"next {self.period.kind.value}"


SectionBuilder = Callable[[ReportContext], Section | None]


class ReportKind(NamedTuple):
    """One kind of report. ``sections`` is a list on purpose: add a builder to extend it."""

    name: str  # "week": the CLI's word and the JSON's "report" key
    title: str  # "Week report"
    period_kind: PeriodKind
    sections: list[SectionBuilder]
    # the sections a second process builds on a large book (``reports.apart``): about
    # half the work, less the second process's start, with the reads they share
    apart: tuple[SectionBuilder, ...] = ()


def weeks(period: Period) -> list[Period]:
    """The ISO weeks of a period, the first and last cut to the period's own days."""
    out = []
    day = period.start
    while day <= period.end:
        week = containing(PeriodKind.WEEK, day, period.fiscal_start)
        out.append(week._replace(start=day, end=min(week.end, period.end)))
        day = week.end + timedelta(days=1)
    return out


def end_moment(period: Period) -> datetime:
    """The first moment after ``period``: midnight local time after its last day."""
    return activity.local_midnight(period.end + timedelta(days=1))


def until(period: Period, now: datetime) -> datetime:
    """The exclusive end of what a report on ``period`` made at ``now`` counts: the
    period's ``end_moment`` once it is over; before that, the first moment after ``now``
    as moments are stored (``activity.recorded_by``), so the report counts everything
    recorded up to and including the moment it is made (``sam log ...; sam report week``
    in the same second shows that touch, deal or progress)."""
    return min(end_moment(period), activity.recorded_by(now))


def context(conn: sqlite3.Connection, period: Period, now: datetime) -> ReportContext:
    """What the section builders of a report on ``period`` made at ``now`` get."""
    previous = period.previous()
    return ReportContext(
        conn=conn,
        period=period,
        previous=previous,
        now=now,
        as_of=min(now, end_moment(period)),
        previous_as_of=min(now, end_moment(previous)),
        until=until(period, now),
        reads={},
    )


def build(
    kind: ReportKind,
    conn: sqlite3.Connection,
    period: Period,
    *,
    now: datetime | None = None,
    helper: Helper | None = None,
) -> Report:
    """Run every section builder of ``kind`` for ``period`` on one consistent snapshot.

    ``helper``: a second process (``reports.apart``) that builds ``kind.apart`` meanwhile,
    on a snapshot of the same book; if anyone commits while the two read, or the helper
    fails, the report is built here alone."""
    if period.kind is not kind.period_kind:
        raise InvalidInput(
            f"the {kind.name} report covers a {kind.period_kind.value}, not a "
            f"{period.kind.value} ({period.label})"
        )
    now = now or clock.now()
    ctx = context(conn, period, now)
    built: dict[int, Section | None] | None = None
    if helper is not None and kind.apart:
        seen = activity.commits_seen(conn)
        built = helper.share(kind, ctx)
        if activity.commits_seen(conn) != seen:
            built, ctx = None, context(conn, period, now)
    if built is None:
        with activity.snapshot(conn):
            built = {i: builder(ctx) for i, builder in enumerate(kind.sections)}
    return shell(kind, ctx, tuple(s for _, s in sorted(built.items()) if s is not None))


def shell(kind: ReportKind, ctx: ReportContext, sections: tuple[Section, ...]) -> Report:
    """The report of ``kind`` built in ``ctx``, with ``sections``."""
    return Report(
        kind=kind.name,
        title=kind.title,
        period=ctx.period,
        previous=ctx.previous,
        generated_at=ctx.now,
        as_of=ctx.as_of,
        sections=sections,
    )


_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}", re.ASCII)
_EXAMPLES = {
    PeriodKind.WEEK: "2026-W47, this, last, next (week), or a date in the week such as "
    "2026-11-20",
    PeriodKind.MONTH: "2026-11, this, last, next (month), or a date in the month",
    PeriodKind.QUARTER: "2026-Q4, this, last, next (quarter), or a date in the quarter",
    PeriodKind.YEAR: "2026, this, last, next (year), or a date in the year",
}


def resolve_period(
    kind: PeriodKind, text: str | None, today: date, fiscal_start: int = 1
) -> Period:
    """The ``kind`` period the user means: its label, ``this``/``last``/``next`` (alone or
    with the kind: ``last quarter``, as ``sam metrics --period`` takes them), or any date
    in it (``2026-11-20``, ``monday``). None or empty: the current one. A label or phrase
    of another kind (``2026-W47``, ``last month`` for a week) is refused, not guessed at."""
    typed = (text or "").strip()
    if not typed:
        return containing(kind, today, fiscal_start)
    shown = typed[:40]
    # the words alone name a period of the report's own kind
    relative = relative_period(typed, today, fiscal_start, default=kind)
    if relative is not None:
        return _of_kind(relative, kind, shown)
    word = typed.lower()
    try:
        period = parse_period(typed, fiscal_start)
    except InvalidInput as exc:
        # a label with an impossible number ("2026-W60", "2026-13") says so; other text
        # may still be a date
        label_error = None if str(exc).startswith("not a period") else exc
    else:
        return _of_kind(period, kind, shown)
    try:
        day = dates.parse_date(word, today, prefer="past")
    except DateParseError:
        if label_error is not None:
            raise label_error from None
        if _ISO_DAY.fullmatch(word):
            raise  # an impossible date (2026-11-31): the date parser says what is wrong
        raise InvalidInput(f"not a {kind.value}: '{shown}'; use {_EXAMPLES[kind]}") from None
    return containing(kind, day, fiscal_start)


def _of_kind(period: Period, kind: PeriodKind, shown: str) -> Period:
    """``period`` when it is a ``kind``; else the one-line refusal saying what it is."""
    if period.kind is kind:
        return period
    raise InvalidInput(
        f"'{shown}' is a {period.kind.value}; the {kind.value} report takes a "
        f"{kind.value}: {_EXAMPLES[kind]}"
    )
