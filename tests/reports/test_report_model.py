"""The report model as the code that extends it sees it: kinds, builders, periods, snapshots."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import report_fixture

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.periods import PeriodKind, parse_period, read_period
from sam_tui.reports import week
from sam_tui.reports.base import ReportContext, ReportKind, build, resolve_period
from sam_tui.reports.model import Bullets, Figure, Section, merge
from sam_tui.reports.render import Format, render
from sam_tui.reports.sections.complaints import complaints
from sam_tui.reports.sections.touches import touches
from sam_tui.services import accounts, activity
from sam_tui.store import db

TODAY = date(2026, 11, 26)

# the shared fixtures (pytest finds fixtures among a module's globals)
report_db = report_fixture.report_db
report_template = report_fixture.report_template


def _conn(path: Path):
    return db.connect(path)


def test_a_new_report_kind_is_a_period_kind_and_its_builders(report_db: Path) -> None:
    def notes(ctx: ReportContext) -> Section:
        return Section(
            "notes",
            "Notes",
            (Bullets("n", (f"{ctx.period.label} has {ctx.period.days} days",)),),
            (Figure("days", "Days", ctx.period.days),),
        )

    def nothing_to_say(ctx: ReportContext) -> None:
        return None

    month = ReportKind("month", "Month report", PeriodKind.MONTH, [touches, nothing_to_say, notes])
    conn = _conn(report_db)
    report = build(month, conn, parse_period("2026-11"))
    conn.close()
    assert [s.key for s in report.sections] == ["touches", "notes"]  # None leaves it out
    assert report.previous.label == "2026-10"
    assert [f.key for f in report.figures] == [
        "touches",
        "accounts_touched",
        "prospect_touches",
        "days",
    ]
    out = render(report, Format.TEXT)
    assert "Month report · 2026-11 · 1–30 Nov 2026" in out
    assert "Touches per week" in out and "Touches per month, last 12 months" in out
    assert "- 2026-11 has 30 days" in out
    figures = {f.key: f for f in report.figures}
    assert figures["touches"].value == 11  # 1 + 2 on the Tuesdays of W45-46, 3 in W47, 5 in W48


def test_a_builder_added_to_the_week_appears_in_place(
    report_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def requests(ctx: ReportContext) -> Section:
        return Section("requests", "Internal requests", (Bullets("open", ("finance: 2",)),))

    def close_dates(ctx: ReportContext) -> Section:
        return Section("close", "", (Bullets("close", ("Acme renewal, Tue 1 Dec",)),))

    sections_before = len(week.WEEK.sections)
    monkeypatch.setattr(week, "SECTIONS", [*week.SECTIONS])
    monkeypatch.setattr(week, "AGENDA_PARTS", [*week.AGENDA_PARTS, close_dates])
    kind = week.WEEK._replace(sections=week.SECTIONS)
    kind.sections.insert(kind.sections.index(complaints) + 1, requests)
    conn = _conn(report_db)
    report = build(kind, conn, parse_period("2026-W48"))
    conn.close()
    keys = [s.key for s in report.sections]
    assert keys == ["touches", "follow_ups", "complaints", "requests", "health", "agenda"]
    agenda = report.sections[-1]
    assert [b.key for b in agenda.blocks] == ["follow_ups_due", "renewals", "close"]
    assert len(week.WEEK.sections) == sections_before  # the real report is unchanged


def test_merge_keeps_the_parts_in_order() -> None:
    a = Section("a", "", (Bullets("x", ("1",)),), (Figure("f", "F", 1),), note="first")
    b = Section("b", "", (Bullets("y", ("2",)),), (Figure("g", "G", 2),))
    merged = merge("ab", "Both", [a, None, b])
    assert [blk.key for blk in merged.blocks] == ["x", "y"]
    assert [f.key for f in merged.figures] == ["f", "g"]
    assert merged.note == "first"


def test_build_refuses_a_period_of_another_kind(report_db: Path) -> None:
    conn = _conn(report_db)
    with pytest.raises(InvalidInput, match="covers a week, not a month"):
        build(week.WEEK, conn, parse_period("2026-11"))
    conn.close()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (None, "2026-W48"),
        ("", "2026-W48"),
        ("this", "2026-W48"),
        ("LAST", "2026-W47"),
        ("next", "2026-W49"),
        ("2026-W01", "2026-W01"),
        ("2027-01-01", "2026-W53"),
        ("monday", "2026-W48"),
        ("yesterday", "2026-W48"),
    ],
)
def test_resolve_period(text: str | None, label: str) -> None:
    assert resolve_period(PeriodKind.WEEK, text, TODAY).label == label


@pytest.mark.parametrize(
    ("kind", "text", "label"),
    [
        (PeriodKind.WEEK, "this week", "2026-W48"),
        (PeriodKind.WEEK, "Last  Week", "2026-W47"),
        (PeriodKind.WEEK, "next week", "2026-W49"),
        (PeriodKind.MONTH, "last month", "2026-10"),
        (PeriodKind.MONTH, "previous month", "2026-10"),
        (PeriodKind.QUARTER, "last quarter", "2026-Q3"),
        (PeriodKind.QUARTER, "this quarter", "2026-Q4"),
        (PeriodKind.QUARTER, "next quarter", "2027-Q1"),
        (PeriodKind.YEAR, "this year", "2026"),
        (PeriodKind.YEAR, "LAST YEAR", "2025"),
    ],
)
def test_resolve_period_takes_the_phrases_sam_metrics_takes(
    kind: PeriodKind, text: str, label: str
) -> None:
    """`sam report quarter --period "last quarter"` means what `sam metrics --period
    "last quarter"` means (``domain.periods.relative_period``)."""
    assert resolve_period(kind, text, TODAY).label == label
    assert resolve_period(kind, text, TODAY) == read_period(text, TODAY)


def test_a_phrase_of_another_kind_is_refused_not_read_as_a_date() -> None:
    """"last month" for a week report was read as the day a month ago (its week)."""
    with pytest.raises(InvalidInput, match="'last month' is a month; the week report takes a week"):
        resolve_period(PeriodKind.WEEK, "last month", TODAY)
    with pytest.raises(InvalidInput, match="'next year' is a year; the quarter report takes"):
        resolve_period(PeriodKind.QUARTER, "next year", TODAY)
    # a fiscal quarter follows the fiscal year, as in sam metrics
    assert resolve_period(PeriodKind.QUARTER, "last quarter", TODAY, fiscal_start=2) == (
        read_period("last quarter", TODAY, 2)
    )


def test_resolve_period_for_the_other_kinds_uses_the_fiscal_year() -> None:
    assert resolve_period(PeriodKind.QUARTER, None, TODAY, fiscal_start=2).label == "2027-Q4"
    assert resolve_period(PeriodKind.YEAR, "last", TODAY).label == "2025"
    assert resolve_period(PeriodKind.MONTH, "2026-02-14", TODAY).label == "2026-02"


def test_the_fiscal_year_start_is_read_from_the_settings(report_db: Path) -> None:
    from sam_tui.services.periods import fiscal_start

    conn = _conn(report_db)
    assert fiscal_start(conn) == 1
    conn.execute("INSERT INTO setting (key, value) VALUES ('fiscal-year-start', '7')")
    assert fiscal_start(conn) == 7
    conn.close()


def test_one_snapshot_for_the_whole_report_even_when_a_service_opens_its_own(
    report_db: Path,
) -> None:
    conn = _conn(report_db)
    with activity.snapshot(conn):
        assert conn.in_transaction
        with db.read(conn):  # a service's own snapshot joins the report's
            accounts.summaries(conn)
        assert conn.in_transaction
    assert not conn.in_transaction
    conn.close()


def test_past_weeks_count_what_was_open_then(report_db: Path) -> None:
    """Activity as of a moment: a follow-up done later was still overdue back then."""
    conn = _conn(report_db)
    end_w47 = activity.local_midnight(date(2026, 11, 23))
    before = activity.follow_ups_overdue(conn, end_w47)
    assert [f.title for f in before] == ["Book the QBR"]
    due = activity.follow_ups_due(conn, date(2026, 11, 23), date(2026, 11, 29), end_w47)
    # the questionnaire was done on the 24th, but at the end of W47 it was still to do
    assert [f.title for f in due] == ["Security questionnaire"]
    conn.close()


def test_the_previous_weeks_follow_up_counts_are_what_its_lists_hold(demo_db: Path) -> None:
    """The week report counts the previous week's follow-ups in one pass (its lists are not
    shown): done, created and overdue as the lists would hold them, week after week."""
    conn = _conn(demo_db)
    week = parse_period("2026-W48")
    seen = []
    for _ in range(8):
        as_of = activity.local_midnight(week.end + timedelta(days=1))
        counts = activity.follow_up_counts(conn, week.start, week.end, as_of)
        assert counts == (
            len(activity.follow_ups_done(conn, week.start, week.end)),
            len(activity.follow_ups_created(conn, week.start, week.end)),
            len(activity.follow_ups_overdue(conn, as_of)),
        )
        seen.append(counts)
        week = week.previous()
    assert all(any(c[i] for c in seen) for i in range(3)), seen  # each count was exercised
    conn.close()


def test_the_previous_periods_deal_totals_are_what_its_list_holds(demo_db: Path) -> None:
    """The deals section totals the previous period's won and lost deals without listing
    them: the counts and amounts the list would give, quarter after quarter."""
    from sam_tui.domain.enums import DealStage
    from sam_tui.services import deals

    conn = _conn(demo_db)
    quarter = parse_period("2026-Q4")
    seen = []
    for _ in range(6):
        start = activity.local_midnight(quarter.start)
        end = activity.local_midnight(quarter.end + timedelta(days=1))
        listed = deals.closed_between(conn, start, end)
        totals = deals.closed_totals(conn, start, end)
        for stage in (DealStage.WON, DealStage.LOST):
            mine = [d for d in listed if d.stage is stage]
            assert totals[stage] == (len(mine), sum(d.amount_cents for d in mine))
        seen.append(totals)
        quarter = quarter.previous()
    assert any(t[DealStage.WON].deals for t in seen) and any(t[DealStage.LOST].deals for t in seen)
    conn.close()


@pytest.mark.parametrize("label", ["2026-11", "2026-Q4", "2026"])
def test_a_periods_touches_are_the_touches_of_its_weeks(demo_db: Path, label: str) -> None:
    """The month, quarter and year reports count the period's touches once, week by week
    (the chart's weeks, begun or not, partition it): the sum is `sam metrics`' count."""
    from sam_tui.reports.base import weeks
    from sam_tui.reports.kinds import KINDS
    from sam_tui.services import metrics

    conn = _conn(demo_db)
    period = parse_period(label)
    weekly = activity.touches_in(conn, [(w.start, w.end) for w in weeks(period)])
    alone = metrics.load(conn, period).touches.touches
    assert alone and sum(weekly) == alone
    report = build(KINDS[period.kind.value], conn, period)
    shown = {f.key: f.value for s in report.sections for f in s.figures}
    assert shown["touches"] == alone
    conn.close()
