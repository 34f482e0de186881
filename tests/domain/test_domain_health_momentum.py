"""Account health beyond touches: boundaries, inactive accounts, requests, objectives, deals."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.cadence import Recency, recency
from sam_tui.domain.enums import DealStage, Severity
from sam_tui.domain.health import (
    DealFact,
    Health,
    HealthReport,
    ObjectiveFact,
    OpenComplaint,
    assess,
)
from sam_tui.domain.objectives import ObjectiveStatus

FRESH = Recency(days_since=3, cadence=30, never=False)
SIGNED = re.compile(r"\(([+-]\d+)\)")


def moves(report: HealthReport) -> int:
    return sum(int(n) for n in SIGNED.findall(" ".join(report.reasons)))


# --- cadence boundaries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_since", "score"),
    [(0, 100), (14, 100), (15, 80), (28, 80), (29, 60), (400, 60)],
)
def test_boundary_days_of_a_14_day_cadence(days_since: int, score: int) -> None:
    rec = Recency(days_since=days_since, cadence=14, never=False)
    assert assess(recency=rec).score == score


def test_an_account_never_touched_counts_from_its_creation() -> None:
    created = date(2026, 11, 1)
    fresh = recency(None, created, date(2026, 11, 15), 14)
    assert assess(recency=fresh).reasons == (
        "not contacted yet (added 14 days ago), no open issues",
    )
    late = recency(None, created, date(2026, 11, 16), 14)
    report = assess(recency=late)
    assert report.score == 80
    assert report.reasons == ("never contacted (added 15 days ago; cadence 14 days) (-20)",)


def test_a_strategic_renewal_wants_a_touch_within_the_14_day_cadence() -> None:
    # the renewal asks for a touch within min(cadence, 30): 14 for a strategic account
    within = Recency(days_since=14, cadence=14, never=False)
    assert assess(recency=within, days_to_renewal=30).score == 100
    late = Recency(days_since=15, cadence=14, never=False)
    report = assess(recency=late, days_to_renewal=30)
    assert report.reasons == (
        "last touch 15 days ago (cadence 14 days) (-20)",
        "renews in 30 days without a touch in 14 (-10)",
    )


def test_a_renewal_just_passed_says_so() -> None:
    quiet = Recency(days_since=40, cadence=60, never=False)
    assert assess(recency=quiet, days_to_renewal=-3).reasons == (
        "renewal passed 3 days ago without a touch in 30 (-10)",
    )


# --- inactive and archived accounts -------------------------------------------------------


def test_inactive_accounts_lose_nothing_for_silence_or_renewals() -> None:
    frozen = Recency(days_since=400, cadence=14, never=True)
    report = assess(recency=frozen, days_to_renewal=10, active=False)
    assert report == HealthReport(
        Health.GREEN,
        100,
        ("not an active account (cadence and renewal not scored), no open issues",),
    )


def test_inactive_accounts_still_lose_points_for_open_problems() -> None:
    frozen = Recency(days_since=400, cadence=14, never=False)
    report = assess(
        recency=frozen,
        complaints=[OpenComplaint(Severity.HIGH, breached=True)],
        overdue_requests=1,
        active=False,
    )
    assert report.score == 65
    assert report.reasons == (
        "open high complaint, past SLA (-30)",
        "1 overdue internal request(s) (-5)",
    )


# --- sentiment trend -----------------------------------------------------------------------


def test_sentiment_cooling_by_two_points_costs_5() -> None:
    report = assess(recency=FRESH, recent_sentiments=[0, 0, 1, 1, 1, 1])
    assert report.score == 95
    assert report.reasons == ("sentiment cooling: +1 over the last 3, +3 before (-5)",)


@pytest.mark.parametrize(
    "sentiments",
    [
        [0, 1, 1, 1, 1, 1],  # a drop of one point is noise
        [0, 0, 1, 1, 1],  # fewer than three before: no trend yet
        [1, 1, 1, 0, 0, 0],  # warming
    ],
)
def test_no_cooling_without_a_two_point_drop_over_six(sentiments: list[int]) -> None:
    assert assess(recency=FRESH, recent_sentiments=sentiments).score == 100


def test_negative_sentiment_is_not_also_cooling() -> None:
    report = assess(recency=FRESH, recent_sentiments=[-1, 0, 0, 1, 1, 1])
    assert report.reasons == ("recent sentiment negative (-1 over last 3) (-15)",)


# --- internal requests ---------------------------------------------------------------------


@pytest.mark.parametrize(("overdue", "penalty"), [(1, 5), (3, 15), (7, 15)])
def test_overdue_requests_cost_5_each_at_most_15(overdue: int, penalty: int) -> None:
    report = assess(recency=FRESH, overdue_requests=overdue)
    assert report.score == 100 - penalty
    assert report.reasons == (f"{overdue} overdue internal request(s) (-{penalty})",)


# --- objectives ----------------------------------------------------------------------------


def objective(
    status: ObjectiveStatus, days_past_due: int = -30, title: str = "NPS 50"
) -> ObjectiveFact:
    return ObjectiveFact(title, status, days_past_due)


@pytest.mark.parametrize(
    ("status", "penalty"),
    [
        (ObjectiveStatus.ON_TRACK, 0),
        (ObjectiveStatus.ACHIEVED, 0),
        (ObjectiveStatus.AT_RISK, 5),
        (ObjectiveStatus.OFF_TRACK, 15),
        (ObjectiveStatus.MISSED, 15),
    ],
)
def test_objectives_cost_by_status(status: ObjectiveStatus, penalty: int) -> None:
    days = 10 if status is ObjectiveStatus.MISSED else -30
    report = assess(recency=FRESH, objectives=[objective(status, days)])
    assert report.score == 100 - penalty
    if penalty:
        assert report.reasons == (f"objective NPS 50: {status.value} (-{penalty})",)


@pytest.mark.parametrize(("days_past_due", "score"), [(1, 85), (90, 85), (91, 100)])
def test_a_missed_objective_weighs_for_90_days(days_past_due: int, score: int) -> None:
    missed = objective(ObjectiveStatus.MISSED, days_past_due)
    assert assess(recency=FRESH, objectives=[missed]).score == score


def test_objectives_cost_at_most_30_together() -> None:
    report = assess(recency=FRESH, objectives=[objective(ObjectiveStatus.OFF_TRACK)] * 3)
    assert report.score == 70
    assert [r[-5:] for r in report.reasons] == ["(-15)", "(-15)"]


# --- deal momentum -------------------------------------------------------------------------


def deal(
    stage: DealStage = DealStage.PROPOSAL,
    *,
    close_in: int | None = 30,
    since: int = 3,
    name: str = "Expansion",
) -> DealFact:
    return DealFact(name, stage, close_in, since)


def test_a_moving_open_deal_is_neutral() -> None:
    assert assess(recency=FRESH, deals=[deal()]).score == 100


def test_an_open_deal_past_its_close_date_costs_10() -> None:
    report = assess(recency=FRESH, deals=[deal(close_in=-4, since=60)])
    assert report.reasons == ("deal Expansion past its expected close by 4 days (-10)",)


@pytest.mark.parametrize(("since", "score"), [(44, 100), (45, 95)])
def test_an_open_deal_stalls_after_45_days_without_a_stage_change(since: int, score: int) -> None:
    assert assess(recency=FRESH, deals=[deal(since=since)]).score == score


def test_closing_today_is_not_past_close() -> None:
    assert assess(recency=FRESH, deals=[deal(close_in=0)]).score == 100


@pytest.mark.parametrize(("since", "score"), [(0, 90), (90, 90), (91, 100)])
def test_a_deal_lost_in_the_last_90_days_costs_10(since: int, score: int) -> None:
    assert assess(recency=FRESH, deals=[deal(DealStage.LOST, since=since)]).score == score


def test_deal_penalties_stop_at_30() -> None:
    lost = [deal(DealStage.LOST, since=5, name=f"D{n}") for n in range(5)]
    assert assess(recency=FRESH, deals=lost).score == 70


def test_a_recent_win_lifts_the_score_but_never_above_100() -> None:
    won = deal(DealStage.WON, since=12, name="Renewal 2027")
    assert assess(recency=FRESH, deals=[won]).score == 100
    report = assess(
        recency=FRESH, complaints=[OpenComplaint(Severity.HIGH, False)], deals=[won, won]
    )
    assert report.score == 90
    assert report.reasons == (
        "open high complaint (-20)",
        "deal Renewal 2027 won 12 days ago (+10)",
    )


def test_an_old_win_counts_for_nothing() -> None:
    report = assess(
        recency=FRESH,
        complaints=[OpenComplaint(Severity.LOW, False)],
        deals=[deal(DealStage.WON, since=91)],
    )
    assert report.score == 95


def test_a_win_alone_still_reads_as_no_open_issues() -> None:
    report = assess(recency=FRESH, deals=[deal(DealStage.WON, since=1)])
    assert report.reasons == (
        "touched within cadence, no open issues",
        "deal Expansion won 1 day ago (+10)",
    )


# --- the whole rule ------------------------------------------------------------------------

deals = st.lists(
    st.builds(
        DealFact,
        st.just("D"),
        st.sampled_from(list(DealStage)),
        st.none() | st.integers(-100, 100),
        st.integers(0, 200),
    ),
    max_size=6,
)
objectives = st.lists(
    st.builds(
        ObjectiveFact, st.just("O"), st.sampled_from(list(ObjectiveStatus)), st.integers(-50, 200)
    ),
    max_size=4,
)


@given(
    st.integers(0, 400),
    st.integers(1, 90),
    st.booleans(),
    st.lists(st.sampled_from([-1, 0, 1]), max_size=6),
    st.integers(0, 6),
    objectives,
    deals,
    st.booleans(),
)
def test_the_score_is_100_plus_the_moves_listed_kept_within_0_100(
    days_since: int,
    cadence: int,
    breached: bool,
    sentiments: list[int],
    requests: int,
    objective_facts: list[ObjectiveFact],
    deal_facts: list[DealFact],
    active: bool,
) -> None:
    report = assess(
        recency=Recency(days_since, cadence, never=False),
        complaints=[OpenComplaint(Severity.MEDIUM, breached)],
        recent_sentiments=sentiments,
        overdue_requests=requests,
        objectives=objective_facts,
        deals=deal_facts,
        active=active,
    )
    assert report.score == max(0, min(100, 100 + moves(report)))
    expected = (
        Health.GREEN if report.score >= 70 else Health.AMBER if report.score >= 40 else Health.RED
    )
    assert report.health is expected
    # one more overdue request never makes an account healthier
    worse = assess(
        recency=Recency(days_since, cadence, never=False),
        complaints=[OpenComplaint(Severity.MEDIUM, breached)],
        recent_sentiments=sentiments,
        overdue_requests=requests + 1,
        objectives=objective_facts,
        deals=deal_facts,
        active=active,
    )
    assert worse.score <= report.score


def test_a_complaint_past_sla_is_never_green_even_with_a_recent_win() -> None:
    from datetime import date

    from sam_tui.domain.cadence import recency
    from sam_tui.domain.enums import Severity
    from sam_tui.domain.health import Health, OpenComplaint, assess

    today = date(2026, 11, 26)
    fresh = recency(today, date(2026, 1, 1), today, 14)
    calm = assess(recency=fresh, complaints=[OpenComplaint(Severity.HIGH, breached=False)])
    assert calm.health is Health.GREEN  # 80: a complaint within SLA alone stays green
    late = assess(recency=fresh, complaints=[OpenComplaint(Severity.HIGH, breached=True)])
    assert (late.health, late.score) == (Health.AMBER, 69)
    assert late.reasons[-1] == "kept below green: a complaint is critical or past SLA (-1)"
    critical = assess(recency=fresh, complaints=[OpenComplaint(Severity.CRITICAL, breached=False)])
    assert critical.health is Health.AMBER
