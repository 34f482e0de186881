"""Account health: a 0-100 score, green/amber/red, and every point lost has a reason."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.cadence import Recency
from sam_tui.domain.enums import Severity
from sam_tui.domain.health import Health, HealthReport, OpenComplaint, assess

FRESH = Recency(days_since=3, cadence=30, never=False)
COLD = Recency(days_since=40, cadence=30, never=False)  # past cadence
FROZEN = Recency(days_since=61, cadence=30, never=False)  # past twice the cadence


def penalties(report: HealthReport) -> int:
    return sum(int(n) for n in re.findall(r"\(-(\d+)\)", " ".join(report.reasons)))


def test_a_well_kept_account_is_green_with_a_reason() -> None:
    report = assess(recency=FRESH)
    assert report == HealthReport(Health.GREEN, 100, ("touched within cadence, no open issues",))


def test_past_cadence_costs_20() -> None:
    report = assess(recency=COLD)
    assert report.score == 80
    assert report.reasons == ("last touch 40 days ago (cadence 30 days) (-20)",)


def test_past_twice_the_cadence_costs_40_not_60() -> None:
    report = assess(recency=FROZEN)
    assert report.score == 60
    assert report.health is Health.AMBER
    assert report.reasons == (
        "last touch 61 days ago (cadence 30 days): more than twice the cadence (-40)",
    )


def test_exactly_twice_the_cadence_is_still_only_cold() -> None:
    assert assess(recency=Recency(days_since=60, cadence=30, never=False)).score == 80


def test_never_contacted_account_says_so() -> None:
    report = assess(recency=Recency(days_since=45, cadence=30, never=True))
    assert report.reasons[0].startswith("never contacted (added 45 days ago")


@pytest.mark.parametrize(
    ("severity", "penalty"),
    [(Severity.CRITICAL, 30), (Severity.HIGH, 20), (Severity.MEDIUM, 10), (Severity.LOW, 5)],
)
def test_open_complaint_costs_by_severity_and_10_more_past_sla(
    severity: Severity, penalty: int
) -> None:
    within = assess(recency=FRESH, complaints=[OpenComplaint(severity, breached=False)])
    assert within.reasons[0] == f"open {severity.value} complaint (-{penalty})"
    if severity is Severity.CRITICAL:  # 70, but a critical complaint is never green
        assert within.score == 69
    else:
        assert (within.score, len(within.reasons)) == (100 - penalty, 1)
    late = assess(recency=FRESH, complaints=[OpenComplaint(severity, breached=True)])
    points = penalty + 10
    reason = f"open {severity.value} complaint, past SLA (-{points})"
    if 100 - points >= 70:  # past SLA is never green: kept at 69
        assert late.score == 69
        assert late.reasons == (
            reason,
            f"kept below green: a complaint is critical or past SLA (-{31 - points})",
        )
    else:
        assert late.score == 100 - points
        assert late.reasons == (reason,)


def test_each_complaint_counts() -> None:
    report = assess(
        recency=FRESH,
        complaints=[OpenComplaint(Severity.HIGH, False), OpenComplaint(Severity.LOW, False)],
    )
    assert report.score == 75
    assert len(report.reasons) == 2


def test_negative_recent_sentiment_costs_15() -> None:
    report = assess(recency=FRESH, recent_sentiments=[-1, 0, 0])
    assert report.score == 85
    assert report.reasons == ("recent sentiment negative (-1 over last 3) (-15)",)


@pytest.mark.parametrize("sentiments", [[], [0, 0, 0], [1, -1], [-1, 1, 1], [1, 1, -1, -1, -1]])
def test_neutral_or_mixed_sentiment_costs_nothing(sentiments: list[int]) -> None:
    # only the newest three count, newest first
    assert assess(recency=FRESH, recent_sentiments=sentiments).score == 100


def test_only_the_newest_three_sentiments_count() -> None:
    assert assess(recency=FRESH, recent_sentiments=[-1, -1, 0, 1, 1, 1]).score == 85


@pytest.mark.parametrize(("overdue", "penalty"), [(1, 5), (2, 10), (3, 15), (4, 15), (20, 15)])
def test_overdue_follow_ups_cost_5_each_at_most_15(overdue: int, penalty: int) -> None:
    report = assess(recency=FRESH, overdue_follow_ups=overdue)
    assert report.score == 100 - penalty
    assert report.reasons == (f"{overdue} overdue follow-up(s) (-{penalty})",)


def test_renewal_soon_without_a_recent_touch_costs_10() -> None:
    quiet = Recency(days_since=31, cadence=60, never=False)
    report = assess(recency=quiet, days_to_renewal=45)
    assert report.score == 90
    assert report.reasons == ("renews in 45 days without a touch in 30 (-10)",)


@pytest.mark.parametrize(
    ("days_since", "days_to_renewal"),
    [(30, 45), (31, 91), (31, -31), (31, None), (5, 0)],
)
def test_renewal_costs_nothing_when_touched_recently_or_far_away(
    days_since: int, days_to_renewal: int | None
) -> None:
    rec = Recency(days_since=days_since, cadence=60, never=False)
    assert assess(recency=rec, days_to_renewal=days_to_renewal).score == 100


@pytest.mark.parametrize("days_to_renewal", [-30, -1, 0, 60, 61, 90])
def test_the_renewal_window_is_triages_90_days_ahead_and_30_past(days_to_renewal: int) -> None:
    quiet = Recency(days_since=31, cadence=60, never=False)
    assert assess(recency=quiet, days_to_renewal=days_to_renewal).score == 90


@pytest.mark.parametrize(
    ("complaints", "health"),
    [
        ([], Health.GREEN),  # 100
        ([Severity.HIGH, Severity.MEDIUM], Health.GREEN),  # 70: green starts at 70
        ([Severity.CRITICAL], Health.AMBER),  # 70, but a critical complaint is never green
        ([Severity.CRITICAL, Severity.LOW], Health.AMBER),  # 65
        ([Severity.CRITICAL, Severity.CRITICAL], Health.AMBER),  # 40: amber down to 40
        ([Severity.CRITICAL, Severity.CRITICAL, Severity.LOW], Health.RED),  # 35
    ],
)
def test_colour_thresholds(complaints: list[Severity], health: Health) -> None:
    report = assess(recency=FRESH, complaints=[OpenComplaint(s, False) for s in complaints])
    assert report.health is health


def test_score_never_goes_below_zero() -> None:
    report = assess(
        recency=FROZEN,
        complaints=[OpenComplaint(Severity.CRITICAL, True)] * 4,
        recent_sentiments=[-1, -1, -1],
        overdue_follow_ups=9,
        days_to_renewal=10,
    )
    assert report.score == 0
    assert report.health is Health.RED
    assert len(report.reasons) == 8  # every cause is still listed


complaints = st.lists(
    st.builds(OpenComplaint, st.sampled_from(list(Severity)), st.booleans()), max_size=5
)


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=90),
    complaints,
    st.lists(st.sampled_from([-1, 0, 1]), max_size=6),
    st.integers(min_value=0, max_value=10),
    st.none() | st.integers(min_value=-30, max_value=120),
)
def test_score_is_100_minus_the_penalties_listed_in_the_reasons(
    days_since: int,
    cadence: int,
    open_complaints: list[OpenComplaint],
    sentiments: list[int],
    overdue: int,
    renewal: int | None,
) -> None:
    report = assess(
        recency=Recency(days_since, cadence, never=False),
        complaints=open_complaints,
        recent_sentiments=sentiments,
        overdue_follow_ups=overdue,
        days_to_renewal=renewal,
    )
    assert report.reasons
    assert report.score == max(0, 100 - penalties(report))
    expected = (
        Health.GREEN if report.score >= 70 else Health.AMBER if report.score >= 40 else Health.RED
    )
    assert report.health is expected
    # one more complaint never makes an account healthier
    worse = assess(
        recency=Recency(days_since, cadence, never=False),
        complaints=[*open_complaints, OpenComplaint(Severity.LOW, False)],
        recent_sentiments=sentiments,
        overdue_follow_ups=overdue,
        days_to_renewal=renewal,
    )
    assert worse.score <= report.score
