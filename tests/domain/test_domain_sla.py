"""Complaint SLA clocks: deadlines by severity, and when a complaint is near or past them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.enums import Severity
from sam_tui.domain.sla import (
    SlaState,
    describe_remaining,
    late_or_left,
    sla_due,
    sla_state,
    sla_window,
)

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
        (2 * D - H, "SLA due in 1 day 23h"),
        (36 * H, "SLA due in 1 day 12h"),
        (D, "SLA due in 1 day"),
        (5 * H + timedelta(minutes=59), "SLA due in 5h 59m"),
        (2 * H, "SLA due in 2h"),
        (90 * timedelta(minutes=1), "SLA due in 1h 30m"),
        (H, "SLA due in 1h"),
        (timedelta(minutes=59), "SLA due in 59m"),
        (timedelta(minutes=1), "SLA due in 1m"),
        (timedelta(seconds=20), "SLA due in 1m"),
        (timedelta(0), "SLA late by 1m"),
        (-timedelta(minutes=10), "SLA late by 10m"),
        (-65 * timedelta(minutes=1), "SLA late by 1h 5m"),
        (-3 * H, "SLA late by 3h"),
        (-2 * D, "SLA late by 2 days"),
        (-10 * D - 5 * H, "SLA late by 10 days"),
    ],
)
def test_describe_remaining(remaining: timedelta, text: str) -> None:
    """Under a day in hours and minutes (1.5 h left is not "1 hour"); past it, late."""
    assert describe_remaining(remaining) == text


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (-65 * timedelta(minutes=1), "1h 5m late"),
        (-3 * D, "3 days late"),
        (timedelta(0), "1m late"),
        (90 * timedelta(minutes=1), "in 1h 30m"),
        (D - timedelta(minutes=1), "in 23h 59m"),
        (D, ""),
    ],
)
def test_a_due_column_reads_late_past_the_deadline(remaining: timedelta, text: str) -> None:
    assert late_or_left(remaining) == text


@given(st.timedeltas(min_value=-timedelta(days=400), max_value=timedelta(days=400)))
def test_describe_remaining_reads_like_a_clock(remaining: timedelta) -> None:
    text = describe_remaining(remaining)
    late = remaining <= timedelta(0)
    assert text.startswith("SLA late by " if late else "SLA due in ")
    amount = text.removeprefix("SLA late by ").removeprefix("SLA due in ")
    assert re.fullmatch(r"\d+ days|1 day( \d{1,2}h)?|\d{1,2}h( \d{1,2}m)?|\d{1,2}m", amount)
    if abs(remaining) < D:  # under a day: hours and minutes, to the minute
        whole = abs(int(remaining.total_seconds())) // 60
        hours = re.search(r"(\d+)h", amount)
        minutes = re.search(r"(\d+)m", amount)
        shown = (int(hours[1]) if hours else 0) * 60 + (int(minutes[1]) if minutes else 0)
        assert shown == max(1, whole)
