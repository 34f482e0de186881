"""Sales metrics and forecast math on a fixture portfolio, every figure computed by hand.

The portfolio is seen on Thu 26 Nov 2026, in fiscal (= calendar) 2026-Q4: 1 Oct to 31 Dec,
92 days, 57 of them elapsed counting today. Money is in cents throughout.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sam_tui.domain.enums import DealStage, ForecastCategory
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.periods import PeriodKind, containing, parse_period
from sam_tui.domain.sales import (
    DEFAULT_PROBABILITY,
    DealFacts,
    effective_probability,
    forecast,
    parse_probability,
    sales_metrics,
    stage_probabilities,
    weighted,
)

TODAY = date(2026, 11, 26)
Q4 = parse_period("2026-Q4")
S, C = DealStage, ForecastCategory


def deal(
    id: int,
    amount: int,
    stage: DealStage,
    *,
    category: ForecastCategory = C.PIPELINE,
    close: date | None = None,
    probability: int | None = None,
    created: date = date(2026, 9, 1),
    closed: date | None = None,
) -> DealFacts:
    return DealFacts(
        id=id,
        account_id=1,
        account_name="Acme",
        name=f"deal {id}",
        amount_cents=amount,
        stage=stage,
        category=category,
        expected_close=close,
        probability=effective_probability(stage, probability),
        created=created,
        closed=closed,
    )


PORTFOLIO = [
    # won in Q4: cycles 39 and 19 days
    deal(1, 100_000_00, S.WON, closed=date(2026, 10, 10), created=date(2026, 9, 1)),
    deal(2, 50_000_50, S.WON, closed=date(2026, 11, 20), created=date(2026, 11, 1)),
    # closed in Q3: not this quarter's
    deal(3, 30_000_00, S.WON, closed=date(2026, 9, 30), created=date(2026, 8, 1)),
    deal(5, 5_000_00, S.LOST, closed=date(2026, 7, 1)),
    # lost in Q4
    deal(4, 20_000_00, S.LOST, closed=date(2026, 11, 5), created=date(2026, 10, 1)),
    # open, expected in Q4
    deal(6, 80_000_00, S.NEGOTIATION, category=C.COMMIT, close=date(2026, 12, 15)),
    deal(7, 45_000_01, S.PROPOSAL, category=C.BEST_CASE, close=date(2026, 12, 31)),
    deal(8, 12_345_67, S.QUALIFICATION, close=date(2026, 10, 20)),  # past its date, still in Q4
    deal(9, 10_000_03, S.PROSPECTING, close=date(2026, 11, 30), probability=33),
    deal(14, 3, S.PROSPECTING, close=date(2026, 12, 2), probability=50),  # 1.5 c -> 2 c
    deal(15, 1, S.PROSPECTING, close=date(2026, 12, 2), probability=50),  # 0.5 c -> 0 c
    # open but not in Q4's figures
    deal(10, 70_000_00, S.NEGOTIATION, category=C.COMMIT, close=date(2027, 1, 15)),
    deal(11, 99_000_00, S.PROPOSAL, category=C.OMITTED, close=date(2026, 12, 1)),
    deal(12, 7_500_00, S.PROPOSAL),  # no close date: in no period, listed apart
    deal(13, 1_000_00, S.QUALIFICATION, category=C.OMITTED),  # omitted: not even listed
]
QUOTA = 400_000_00


def test_default_probabilities_by_stage() -> None:
    assert [DEFAULT_PROBABILITY[s] for s in DealStage] == [10, 20, 50, 75, 100, 0]


def test_a_deals_own_probability_wins_but_closed_deals_are_certain() -> None:
    table = stage_probabilities({S.PROPOSAL: 40, S.WON: 10, S.LOST: 90})
    assert table[S.PROPOSAL] == 40
    assert (table[S.WON], table[S.LOST]) == (100, 0)  # closed stages cannot be overridden
    assert effective_probability(S.PROPOSAL, None, table) == 40
    assert effective_probability(S.PROPOSAL, 65, table) == 65
    assert effective_probability(S.WON, 20, table) == 100
    assert effective_probability(S.LOST, 80, table) == 0
    assert effective_probability(S.NEGOTIATION, None) == 75


@pytest.mark.parametrize(("text", "value"), [("40", 40), ("40%", 40), (" 0 ", 0), ("100", 100)])
def test_probability_is_a_whole_percent(text: str, value: int) -> None:
    assert parse_probability(text) == value


@pytest.mark.parametrize("text", ["101", "-5", "4.5", "", "abc", "½", "1e2"])
def test_probability_outside_0_to_100_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="whole number from 0 to 100"):
        parse_probability(text)


@pytest.mark.parametrize(
    ("cents", "probability", "expected"),
    [
        (3, 50, 2),  # 1.5 -> 2 (to even)
        (1, 50, 0),  # 0.5 -> 0 (to even)
        (5, 50, 2),  # 2.5 -> 2
        (7, 50, 4),  # 3.5 -> 4
        (4500001, 50, 2250000),  # 2,250,000.5 -> even
        (1234567, 20, 246913),  # 246,913.4
        (1000003, 33, 330001),  # 330,000.99
        (999, 0, 0),
        (999, 100, 999),
    ],
)
def test_weighted_amounts_round_half_even_to_the_cent(
    cents: int, probability: int, expected: int
) -> None:
    assert weighted(cents, probability) == expected


def test_sales_metrics_of_the_fixture_quarter() -> None:
    m = sales_metrics(PORTFOLIO, Q4, QUOTA)
    assert (m.won_count, m.won_cents) == (2, 150_000_50)
    assert (m.lost_count, m.lost_cents) == (1, 20_000_00)
    assert m.attainment == Decimal("0.37500125")  # 150,000.50 / 400,000
    assert m.remaining_quota_cents == 249_999_50
    # 80,000 + 45,000.01 + 12,345.67 + 10,000.03 + 0.03 + 0.01
    assert (m.pipeline_count, m.pipeline_cents) == (6, 147_345_75)
    assert m.coverage == Decimal(147_345_75) / Decimal(249_999_50)
    assert round(m.coverage, 4) == Decimal("0.5894")
    assert m.win_rate_count == Decimal(2) / 3
    assert m.win_rate_value == Decimal(150_000_50) / Decimal(170_000_50)
    assert m.average_won_cents == 75_000_25
    assert m.median_cycle_days == Decimal(29)  # median of 39 and 19
    assert (m.undated_count, m.undated_cents) == (1, 7_500_00)


def test_forecast_of_the_fixture_quarter() -> None:
    f = forecast(PORTFOLIO, Q4, QUOTA, TODAY)
    assert f.closed_won_cents == 150_000_50
    assert f.commit_cents == 230_000_50  # + deal 6
    assert f.best_case_cents == 275_000_51  # + deal 7
    # 60,000 + 22,500.00 + 2,469.13 + 3,300.01 + 0.02 + 0.00
    assert f.weighted_pipeline_cents == 88_269_16
    assert f.weighted_cents == 238_269_66
    # 150,000.50 / 57 days x 92 days = 242,106.0701... -> 242,106.07
    assert f.elapsed_days == 57
    assert f.run_rate_cents == 242_106_07
    assert dict(f.figures()) == {
        "closed_won": 150_000_50,
        "commit": 230_000_50,
        "best_case": 275_000_51,
        "weighted": 238_269_66,
        "run_rate": 242_106_07,
    }
    assert [f.gap(c) for _, c in f.figures()] == [
        249_999_50,
        169_999_50,
        124_999_49,
        161_730_34,
        157_893_93,
    ]
    # commit first, then best case, then pipeline; by close date within a category
    assert [d.id for d in f.deals] == [6, 7, 8, 9, 14, 15]
    assert [d.id for d in f.undated] == [12]
    assert sum(d.weighted_cents for d in f.deals) == f.weighted_pipeline_cents


def test_a_deal_with_no_close_date_is_in_no_period() -> None:
    undated = deal(1, 50_000_00, S.NEGOTIATION, category=C.COMMIT)
    for period in (Q4, Q4.next(), parse_period("2026"), parse_period("2026-11")):
        f = forecast([undated], period, QUOTA, TODAY)
        assert (f.commit_cents, f.weighted_pipeline_cents, f.deals) == (0, 0, ())
        assert f.undated == (undated,)
        m = sales_metrics([undated], period, QUOTA)
        assert (m.pipeline_cents, m.undated_cents) == (0, 50_000_00)


def test_without_a_quota_there_is_no_attainment_coverage_or_gap() -> None:
    m = sales_metrics(PORTFOLIO, Q4, None)
    assert (m.attainment, m.coverage, m.remaining_quota_cents, m.quota_cents) == (
        None,
        None,
        None,
        None,
    )
    assert m.won_cents == 150_000_50  # the rest still stands
    f = forecast(PORTFOLIO, Q4, None, TODAY)
    assert [f.gap(c) for _, c in f.figures()] == [None] * 5
    assert f.commit_cents == 230_000_50


def test_a_met_quota_has_no_coverage() -> None:
    m = sales_metrics(PORTFOLIO, Q4, 100_000_00)
    assert m.attainment == Decimal("1.5000050")
    assert m.remaining_quota_cents == 0 and m.coverage is None
    f = forecast(PORTFOLIO, Q4, 100_000_00, TODAY)
    assert f.gap(f.closed_won_cents) == -50_000_50  # ahead


def test_an_empty_future_period_has_zeros_and_no_run_rate() -> None:
    later = parse_period("2027-Q2")
    m = sales_metrics(PORTFOLIO, later, 300_000_00)
    assert (m.won_cents, m.lost_cents, m.pipeline_cents) == (0, 0, 0)
    assert m.attainment == 0 and m.coverage == 0
    assert (m.win_rate_count, m.win_rate_value) == (None, None)
    assert (m.average_won_cents, m.median_cycle_days) == (None, None)
    f = forecast(PORTFOLIO, later, 300_000_00, TODAY)
    assert (f.elapsed_days, f.run_rate_cents) == (0, None)
    assert f.gap(f.run_rate_cents) is None
    assert f.gap(f.commit_cents) == 300_000_00


def test_a_past_period_runs_at_what_it_closed() -> None:
    q3 = parse_period("2026-Q3")
    f = forecast(PORTFOLIO, q3, None, TODAY)
    assert f.closed_won_cents == f.run_rate_cents == 30_000_00
    m = sales_metrics(PORTFOLIO, q3, None)
    assert m.win_rate_count == Decimal("0.5") and m.win_rate_value == Decimal(30) / 35
    assert m.median_cycle_days == 60  # Aug 1 to Sep 30


def test_no_deals_at_all() -> None:
    m = sales_metrics([], Q4, QUOTA)
    assert (m.won_cents, m.attainment, m.coverage) == (0, 0, 0)
    f = forecast([], Q4, QUOTA, TODAY)
    assert (f.closed_won_cents, f.run_rate_cents, f.deals, f.undated) == (0, 0, (), ())


def test_a_deal_recorded_as_closed_before_it_was_created_counts_zero_days() -> None:
    late_entry = deal(1, 10_00, S.WON, created=date(2026, 11, 20), closed=date(2026, 11, 2))
    assert sales_metrics([late_entry], Q4, None).median_cycle_days == 0


def test_median_cycle_of_an_odd_and_an_even_count() -> None:
    def won(n: int, days: int) -> DealFacts:
        return deal(n, 100, S.WON, created=date(2026, 10, 1), closed=date(2026, 10, 1 + days))

    assert sales_metrics([won(1, 3), won(2, 10), won(3, 4)], Q4, None).median_cycle_days == 4
    four = [won(1, 3), won(2, 10), won(3, 4), won(4, 8)]
    assert sales_metrics(four, Q4, None).median_cycle_days == Decimal("6")
    assert sales_metrics(four[:2], Q4, None).median_cycle_days == Decimal("6.5")


def test_a_fiscal_quarter_across_the_calendar_year() -> None:
    """Fiscal year from February: 2026-Q4 is 1 Nov 2025 to 31 Jan 2026 (92 days)."""
    q = parse_period("2026-Q4", fiscal_start=2)
    assert (q.start, q.end, q.days) == (date(2025, 11, 1), date(2026, 1, 31), 92)
    today = date(2026, 1, 20)
    assert containing(PeriodKind.QUARTER, today, 2) == q
    deals = [
        deal(1, 10_000_00, S.WON, created=date(2025, 11, 15), closed=date(2025, 12, 20)),
        deal(2, 5_000_00, S.WON, created=date(2025, 12, 1), closed=date(2026, 1, 5)),
        deal(3, 9_000_00, S.WON, created=date(2025, 9, 1), closed=date(2025, 10, 31)),  # Q3
        deal(4, 12_000_00, S.NEGOTIATION, category=C.COMMIT, close=date(2026, 1, 25)),
        deal(5, 8_000_00, S.PROPOSAL, category=C.BEST_CASE, close=date(2026, 2, 3)),  # next FY
    ]
    f = forecast(deals, q, 60_000_00, today)
    assert f.closed_won_cents == 15_000_00
    assert (f.commit_cents, f.best_case_cents) == (27_000_00, 27_000_00)
    assert f.weighted_pipeline_cents == 9_000_00  # 12,000 x 75%
    # 81 days elapsed (30 + 31 + 20): 15,000 / 81 x 92 = 17,037.037... -> 17,037.04
    assert (f.elapsed_days, f.run_rate_cents) == (81, 17_037_04)
    m = sales_metrics(deals, q, 60_000_00)
    assert m.attainment == Decimal("0.25")
    assert m.coverage == Decimal(12_000_00) / Decimal(45_000_00)
    assert m.median_cycle_days == Decimal("35")  # 35 and 35 days
    fiscal_next = q.next()
    assert fiscal_next.label == "2027-Q1"
    assert forecast(deals, fiscal_next, None, today).best_case_cents == 8_000_00
