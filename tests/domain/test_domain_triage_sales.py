"""Triage of the sales side: deals past their close date, objectives at risk or off track."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from sam_tui.domain.enums import DealStage, Tier
from sam_tui.domain.triage import (
    AccountFacts,
    ObjectiveFacts,
    OpenDealFacts,
    TriageKind,
    build_queue,
    item_label,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def account(id: int = 1, tier: Tier = Tier.GROWTH) -> AccountFacts:
    # touched yesterday: never cold, so only the sales items show
    return AccountFacts(id, f"Account {id}", tier, 30, date(2025, 1, 1), TODAY - timedelta(1), None)


def late(days: int, amount: int = 50_000_00, id: int = 1, account_id: int = 1) -> OpenDealFacts:
    return OpenDealFacts(
        id,
        account_id,
        "Platform expansion",
        amount,
        DealStage.NEGOTIATION,
        75,
        TODAY - timedelta(days=days),
    )


def objective(
    current: str,
    *,
    id: int = 1,
    account_id: int | None = 1,
    days_in: int = 50,
    days_left: int = 50,
    target: str = "10",
) -> ObjectiveFacts:
    return ObjectiveFacts(
        id,
        account_id,
        "Run workshops",
        Decimal(target),
        Decimal(current),
        TODAY - timedelta(days=days_in),
        TODAY + timedelta(days=days_left),
    )


@pytest.mark.parametrize(
    ("days", "amount", "score"),
    [
        (1, 50_000_00, 41),
        (10, 50_000_00, 50),
        (40, 50_000_00, 55),  # lateness counts up to 15 days
        (3, 100_000_00, 48),  # >= 100k: +5
        (3, 999_999_99, 48),
        (3, 1_000_000_00, 53),  # >= 1m: +10
    ],
)
def test_a_deal_past_its_close_date_scores_by_days_late_and_amount(
    days: int, amount: int, score: int
) -> None:
    [item] = build_queue(now=NOW, accounts=[account()], deals=[late(days, amount)])
    assert (item.kind, item.ref_id, item.score, item.due) == (
        TriageKind.DEAL,
        1,
        score,
        TODAY - timedelta(days=days),
    )
    assert item_label(item) == "deal #1"
    assert item.reasons[0].startswith(f"expected to close {days} day")
    assert item.reasons[-1] == "negotiation, 75%"


def test_a_deal_due_today_or_later_is_not_late_and_tier_adds_up() -> None:
    assert build_queue(now=NOW, accounts=[account()], deals=[late(0)]) == []
    [item] = build_queue(
        now=NOW, accounts=[account(tier=Tier.STRATEGIC)], deals=[late(2, 200_000_00)]
    )
    assert item.score == 42 + 5 + 10
    assert item.reasons == (
        "expected to close 2 days ago: move the date or the stage",
        "200,000 at stake (+5)",
        "negotiation, 75%",
        "strategic account (+10)",
    )


def test_a_deal_of_an_archived_account_is_left_out() -> None:
    assert build_queue(now=NOW, accounts=[account(1)], deals=[late(5, account_id=2)]) == []


def test_objectives_at_risk_and_off_track_appear_with_their_reason() -> None:
    # half the time gone (50 of 100 days): 4.5+ on track, 3.5+ at risk, below off track
    queue = build_queue(
        now=NOW,
        accounts=[account()],
        objectives=[
            objective("5", id=1),
            objective("4", id=2),
            objective("3", id=3),
            objective("10", id=4),
        ],
    )
    assert [(i.ref_id, i.score) for i in queue] == [(3, 50), (2, 40)]
    off, risk = queue
    assert off.reasons == (
        "off-track: 30% done with 50% of the time gone",
        "due date nearing (+5)",
    )
    assert risk.reasons[0] == "at-risk: 40% done with 50% of the time gone"
    assert item_label(risk) == "objective #2" and risk.due == TODAY + timedelta(days=50)


def test_a_portfolio_objective_is_listed_under_the_portfolio() -> None:
    [item] = build_queue(now=NOW, accounts=[], objectives=[objective("1", account_id=None)])
    assert (item.account_id, item.account_name, item.kind) == (0, "portfolio", TriageKind.OBJECTIVE)


def test_an_objective_past_due_or_not_started_is_not_triaged() -> None:
    assert (
        build_queue(
            now=NOW,
            accounts=[account()],
            objectives=[
                objective("0", days_in=-5, days_left=60),  # starts in 5 days
                objective("0", days_in=0, days_left=60),  # starts today
            ],
        )
        == []
    )


def test_sales_items_rank_below_a_breached_complaint_scale() -> None:
    # the most a late deal can score on a strategic account stays below 80 (breached SLA)
    [item] = build_queue(
        now=NOW, accounts=[account(tier=Tier.STRATEGIC)], deals=[late(90, 5_000_000_00)]
    )
    assert item.score == 40 + 15 + 10 + 10
