"""Complaint SLA clocks: deadlines by severity, and when a complaint is near or past them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.enums import Severity
from sam_tui.domain.sla import SlaState, describe_remaining, sla_due, sla_state, sla_window

OPENED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("severity", "days"),
    [(Severity.CRITICAL, 1), (Severity.HIGH, 3), (Severity.MEDIUM, 7), (Severity.LOW, 14)],
)
def test_default_deadline_by_severity(severity: Severity, days: int) -> None:
    assert sla_due(OPENED, severity) == OPENED + timedelta(days=days)
    assert sla_window(severity) == timedelta(days=days)


def test_overrides_change_only_the_severities_they_name() -> None:
    overrides = {Severity.CRITICAL: 2, Severity.LOW: 30}
    assert sla_due(OPENED, Severity.CRITICAL, overrides) == OPENED + 2 * D
    assert sla_due(OPENED, Severity.LOW, overrides) == OPENED + 30 * D
    assert sla_due(OPENED, Severity.HIGH, overrides) == OPENED + 3 * D
    assert sla_due(OPENED, Severity.MEDIUM, {}) == OPENED + 7 * D
    assert sla_due(OPENED, Severity.MEDIUM, None) == OPENED + 7 * D


def test_deadline_keeps_the_timezone_and_time_of_opening() -> None:
    due = sla_due(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), Severity.CRITICAL)
    assert due == datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    assert due.tzinfo is UTC


def state_at(severity: Severity, elapsed: timedelta) -> SlaState:
    return sla_state(OPENED, sla_due(OPENED, severity), OPENED + elapsed)


def test_fresh_medium_complaint_is_neither_near_nor_breached() -> None:
    state = state_at(Severity.MEDIUM, H)
    assert not state.breached
    assert not state.near
    assert state.remaining == 7 * D - H
    assert state.window == 7 * D


@pytest.mark.parametrize(
    ("severity", "threshold"),
    [
        # "near" is within max(24 h, a quarter of the window)
        (Severity.CRITICAL, 24 * H),  # a quarter would be 6 h: the 24 h floor wins
        (Severity.HIGH, 24 * H),  # 18 h -> 24 h
        (Severity.MEDIUM, 42 * H),  # a quarter of 7 days
        (Severity.LOW, 84 * H),  # a quarter of 14 days
    ],
)
def test_near_starts_at_the_threshold(severity: Severity, threshold: timedelta) -> None:
    window = sla_window(severity)
    just_outside = state_at(severity, window - threshold - timedelta(minutes=1))
    on_the_line = state_at(severity, window - threshold)
    assert state_at(severity, window).threshold == threshold
    if window > threshold:  # a critical complaint is near from the start (next test)
        assert not just_outside.near
    assert on_the_line.near
    assert not on_the_line.breached


def test_a_critical_complaint_is_near_from_the_moment_it_opens() -> None:
    assert state_at(Severity.CRITICAL, timedelta(0)).near


def test_breached_exactly_at_the_deadline_and_after() -> None:
    at_deadline = state_at(Severity.HIGH, 3 * D)
    assert at_deadline.breached
    assert not at_deadline.near  # breached is not "near" any more
    late = state_at(Severity.HIGH, 5 * D)
    assert late.breached
    assert late.remaining == -2 * D
    one_second_before = state_at(Severity.HIGH, 3 * D - timedelta(seconds=1))
    assert not one_second_before.breached
    assert one_second_before.near


@given(
    st.sampled_from(list(Severity)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
)
def test_states_are_exclusive_and_move_one_way(severity: Severity, elapsed: timedelta) -> None:
    state = state_at(severity, elapsed)
    assert not (state.near and state.breached)
    later = state_at(severity, elapsed + H)
    if state.breached:
        assert later.breached
    if state.near:
        assert later.near or later.breached


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (5 * D, "SLA due in 5 days"),
        (2 * D, "SLA due in 2 days"),
        (2 * D - H, "SLA due in 47 hours"),
        (36 * H, "SLA due in 36 hours"),
        (5 * H + timedelta(minutes=59), "SLA due in 5 hours"),
        (2 * H, "SLA due in 2 hours"),
        (90 * timedelta(minutes=1), "1 hour"),
        (H, "SLA due in 1 hour"),
        (timedelta(minutes=59), "SLA due in 59 minutes"),
        (timedelta(minutes=1), "SLA due in 1 minute"),
        (timedelta(seconds=20), "SLA due in 1 minute"),
        (timedelta(0), "past SLA by 1 minute"),
        (-timedelta(minutes=10), "past SLA by 10 minutes"),
        (-3 * H, "past SLA by 3 hours"),
        (-2 * D, "past SLA by 2 days"),
        (-10 * D - 5 * H, "past SLA by 10 days"),
    ],
)
def test_describe_remaining(remaining: timedelta, text: str) -> None:
    assert describe_remaining(remaining).endswith(text)
    assert describe_remaining(remaining).startswith(("SLA due in ", "past SLA by "))


@given(st.timedeltas(min_value=-timedelta(days=400), max_value=timedelta(days=400)))
def test_describe_remaining_reads_like_english(remaining: timedelta) -> None:
    text = describe_remaining(remaining)
    number, unit = text.rsplit(" ", 2)[1:]
    assert int(number) >= 1
    assert unit in ({"minute", "hour", "day"} if number == "1" else {"minutes", "hours", "days"})
    assert text.startswith("past SLA by" if remaining <= timedelta(0) else "SLA due in")
