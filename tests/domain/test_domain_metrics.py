"""Relationship and complaint metrics of a period, computed by hand, and the shared arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sam_tui.domain.metrics import (
    AccountTouch,
    ComplaintTimes,
    activity,
    durations,
    hours,
    mean,
    median,
    ratio,
    reference_day,
    service,
)
from sam_tui.domain.periods import parse_period

Q4 = parse_period("2026-Q4")
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def test_ratio_mean_median_and_hours() -> None:
    assert ratio(1, 3) == Decimal(1) / Decimal(3)
    assert ratio(5, 0) is None and ratio(0, 4) == 0
    assert mean([]) is None and mean([1, 2]) == Decimal("1.5")
    assert median([]) is None and median([5, 1, 3]) == 3 and median([4, 1, 3, 10]) == Decimal("3.5")
    assert hours(Decimal(5400)) == Decimal("1.5")
    assert hours(Decimal(3780)) == Decimal("1.0")  # 1.05 h -> 1.0 (half to even)
    assert hours(Decimal(3960)) == Decimal("1.1")
    assert hours(None) is None


def test_durations_average_in_seconds_then_round_once() -> None:
    d = durations([timedelta(hours=1), timedelta(hours=2), timedelta(minutes=20)])
    assert d.cases == 3
    assert d.mean_hours == Decimal("1.1")  # 12,000 s / 3 = 4,000 s = 1.11 h
    assert d.median_hours == Decimal("1.0")
    assert durations([]) == (0, None, None)


def test_reference_day_is_today_inside_the_period_its_end_after_and_none_before() -> None:
    assert reference_day(Q4, TODAY) == TODAY
    assert reference_day(parse_period("2026-Q3"), TODAY) == date(2026, 9, 30)
    assert reference_day(parse_period("2027-Q1"), TODAY) is None


def test_interactions_per_account_and_share_touched_within_cadence() -> None:
    accounts = [
        AccountTouch(1, 14, date(2025, 1, 1), TODAY - timedelta(days=14)),  # on the line: within
        AccountTouch(2, 14, date(2025, 1, 1), TODAY - timedelta(days=15)),  # past cadence
        AccountTouch(3, 30, date(2026, 11, 10), None),  # never touched, created 16 days ago
        AccountTouch(4, 30, date(2026, 11, 1), None),  # never touched, 25 days: within
        AccountTouch(5, 60, date(2026, 12, 1), None),  # created after today: not measured
    ]
    a = activity(12, accounts, Q4, TODAY)
    assert (a.interactions, a.accounts) == (12, 5)
    assert a.per_account == Decimal("2.4")
    assert (a.as_of, a.measured, a.within_cadence) == (TODAY, 4, 3)
    assert a.share_within_cadence == Decimal("0.75")


def test_a_past_period_is_read_on_its_last_day_and_a_future_one_not_at_all() -> None:
    accounts = [AccountTouch(1, 14, date(2025, 1, 1), date(2026, 9, 20))]
    q3 = activity(0, accounts, parse_period("2026-Q3"), TODAY)
    assert (q3.as_of, q3.within_cadence, q3.share_within_cadence) == (date(2026, 9, 30), 1, 1)
    future = activity(0, accounts, parse_period("2027-Q1"), TODAY)
    assert (future.as_of, future.measured, future.share_within_cadence) == (None, 0, None)
    assert activity(0, [], Q4, TODAY).per_account is None


def test_complaint_response_resolution_and_sla_compliance() -> None:
    complaints = [
        # opened in Q4, first response after 2 h, resolved after 30 h, within its 3-day SLA
        ComplaintTimes(at(10, 5), at(10, 8), at(10, 5, 11), at(10, 6, 15)),
        # opened in Q4, first response after 5 h, resolved late (SLA 1 day, resolved after 2)
        ComplaintTimes(at(11, 2), at(11, 3), at(11, 2, 14), at(11, 4)),
        # opened in Q4, no response yet, SLA passed: breached and waiting
        ComplaintTimes(at(11, 20), at(11, 23), None, None),
        # opened in Q4, SLA not yet due: pending
        ComplaintTimes(at(11, 25), at(12, 2), at(11, 25, 10), None),
        # opened in Q3, resolved in Q4 (after 10 days) past its Q3 deadline
        ComplaintTimes(at(9, 28), at(9, 30), at(9, 28, 12), at(10, 8)),
        # all in Q3: not counted anywhere in Q4
        ComplaintTimes(at(8, 1), at(8, 8), at(8, 1, 10), at(8, 2)),
    ]
    s = service(complaints, Q4, NOW)
    # first responses in Q4 cohort: 2 h, 5 h, 1 h -> mean 2.7 h, median 2 h; one waiting
    assert s.first_response == (3, Decimal("2.7"), Decimal("2.0"))
    assert s.awaiting_first_response == 1
    assert s.opened == 4  # the Q4 cohort: three answered and one waiting
    # resolved in Q4: 30 h, 48 h, 240 h -> mean 106 h, median 48 h
    assert s.resolution == (3, Decimal("106.0"), Decimal("48.0"))
    # deadlines in Q4: Oct 8 met, Nov 3 breached, Nov 23 breached (open), Dec 2 pending
    assert (s.sla_met, s.sla_breached, s.sla_pending) == (1, 2, 1)
    assert s.sla_compliance == Decimal(1) / 3


def test_no_complaints_no_figures() -> None:
    s = service([], Q4, NOW)
    assert s.first_response == (0, None, None) and s.resolution == (0, None, None)
    assert s.sla_compliance is None


def test_resolving_exactly_at_the_deadline_meets_it() -> None:
    c = ComplaintTimes(at(11, 1), at(11, 2), at(11, 1, 10), at(11, 2))
    assert service([c], Q4, NOW)[3:] == (1, 0, 0, Decimal(1))
