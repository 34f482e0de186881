"""The objective status rule, at its boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sam_tui.domain.objectives import ObjectiveStatus, assess, elapsed_share

JAN1, DEC31 = date(2026, 1, 1), date(2026, 12, 31)
HALF = date(2026, 7, 2)  # 182 of 364 days gone: exactly half


@pytest.mark.parametrize(
    ("current", "today", "status"),
    [
        ("5", HALF, ObjectiveStatus.ON_TRACK),
        ("4.5", HALF, ObjectiveStatus.ON_TRACK),  # 90% of expected: on the line
        ("4.49", HALF, ObjectiveStatus.AT_RISK),
        ("3.5", HALF, ObjectiveStatus.AT_RISK),  # 70%: on the line
        ("3.49", HALF, ObjectiveStatus.OFF_TRACK),
        ("0", JAN1, ObjectiveStatus.ON_TRACK),  # nothing expected on day one
        ("0", date(2025, 6, 1), ObjectiveStatus.ON_TRACK),  # not started yet
        ("10", date(2026, 2, 1), ObjectiveStatus.ACHIEVED),
        ("12", date(2027, 2, 1), ObjectiveStatus.ACHIEVED),
        ("9.99", DEC31, ObjectiveStatus.ON_TRACK),  # still due today: not missed yet
        ("6", DEC31, ObjectiveStatus.OFF_TRACK),  # 60% with all the time gone
        ("9.99", date(2027, 1, 1), ObjectiveStatus.MISSED),
    ],
)
def test_status_against_elapsed_time(current: str, today: date, status: ObjectiveStatus) -> None:
    assert assess(Decimal(10), Decimal(current), JAN1, DEC31, today).status is status


def test_reason_gives_both_shares() -> None:
    result = assess(Decimal(10), Decimal(3), JAN1, DEC31, HALF)
    assert result.reason == "30% done with 50% of the time gone"
    assert elapsed_share(JAN1, DEC31, HALF) == Decimal("0.5")
