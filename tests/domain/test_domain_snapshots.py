"""Forecast snapshots: what they keep, how they are stored, and what the diff of two says."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sam_tui.domain.enums import DealStage, ForecastCategory
from sam_tui.domain.periods import parse_period
from sam_tui.domain.sales import DealFacts, effective_probability, forecast
from sam_tui.domain.snapshots import ChangeKind, Snapshot, diff, from_json, take, to_json

Q4 = parse_period("2026-Q4")
THEN = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
S, C = DealStage, ForecastCategory


def deal(
    id: int,
    amount: int = 10_000_00,
    stage: DealStage = S.PROPOSAL,
    *,
    category: ForecastCategory = C.PIPELINE,
    close: date | None = date(2026, 12, 10),
    closed: date | None = None,
) -> DealFacts:
    return DealFacts(
        id,
        1,
        "Acme",
        f"deal {id}",
        amount,
        stage,
        category,
        close,
        effective_probability(stage, None),
        date(2026, 9, 1),
        closed,
    )


def snap(deals: list[DealFacts], when: datetime = THEN, keep: tuple[int, ...] = ()) -> Snapshot:
    return take(deals, Q4, when, forecast(deals, Q4, None, when.date()), keep=keep)


def test_a_snapshot_keeps_open_deals_and_those_closed_in_its_period() -> None:
    s = snap(
        [
            deal(1),
            deal(2, close=date(2027, 3, 1)),  # open, another quarter: kept (it may slip back)
            deal(3, stage=S.WON, closed=date(2026, 10, 2)),
            deal(4, stage=S.LOST, closed=date(2026, 9, 2)),  # closed last quarter: not kept
            deal(5, close=None),
        ]
    )
    assert [d.id for d in s.deals] == [1, 2, 3, 5]
    assert s.figures["closed_won"] == 10_000_00
    assert snap([deal(4, stage=S.LOST, closed=date(2026, 9, 2))], keep=(4,)).deals[0].id == 4


def test_json_round_trip() -> None:
    s = snap(
        [deal(1, 12_345_67), deal(3, stage=S.WON, closed=date(2026, 10, 2)), deal(5, close=None)]
    )
    back = from_json(to_json(s), THEN)
    assert back == s


def test_the_diff_names_every_kind_of_move() -> None:
    before = snap(
        [
            deal(1, category=C.COMMIT, close=date(2026, 12, 10)),  # will slip out of Q4
            deal(2, close=date(2027, 1, 20)),  # will be pulled into Q4
            deal(3, stage=S.NEGOTIATION, category=C.COMMIT),  # will be won
            deal(4),  # will be lost
            deal(5, stage=S.QUALIFICATION),  # moves stage and category
            deal(6, 20_000_00),  # amount up
            deal(7),  # deleted
            deal(8, stage=S.WON, closed=date(2026, 10, 5)),  # will be reopened
            deal(9, close=date(2026, 12, 1)),  # close date cleared
            deal(10),  # nothing changes
        ]
    )
    after = snap(
        [
            deal(1, category=C.COMMIT, close=date(2027, 1, 15)),
            deal(2, close=date(2026, 12, 20)),
            deal(3, stage=S.WON, category=C.COMMIT, closed=date(2026, 11, 24)),
            deal(4, stage=S.LOST, closed=date(2026, 11, 25)),
            deal(5, stage=S.PROPOSAL, category=C.BEST_CASE),
            deal(6, 25_000_50),
            deal(8, stage=S.NEGOTIATION),
            deal(9, close=None),
            deal(10),
            deal(11, 5_000_00),  # new
        ],
        NOW,
    )
    changes = [(c.deal_id, c.kind, c.before, c.after) for c in diff(before, after, Q4)]
    assert changes == [
        (1, ChangeKind.SLIPPED, "2026-12-10", "2027-01-15"),
        (2, ChangeKind.PULLED_IN, "2027-01-20", "2026-12-20"),
        (3, ChangeKind.WON, "negotiation", "won"),
        (4, ChangeKind.LOST, "proposal", "lost"),
        (5, ChangeKind.STAGE, "qualification", "proposal"),
        (5, ChangeKind.CATEGORY, "pipeline", "best-case"),
        (6, ChangeKind.AMOUNT, 20_000_00, 25_000_50),
        (7, ChangeKind.REMOVED, 10_000_00, None),
        (8, ChangeKind.REOPENED, "won", "negotiation"),
        (9, ChangeKind.SLIPPED, "2026-12-01", None),
        (11, ChangeKind.NEW, None, 5_000_00),
    ]
    by_id = {c.deal_id: c for c in diff(before, after, Q4)}
    assert (by_id[1].in_period_before, by_id[1].in_period_after) == (True, False)
    assert (by_id[2].in_period_before, by_id[2].in_period_after) == (False, True)
    assert (by_id[9].in_period_before, by_id[9].in_period_after) == (True, False)
    assert all(c.touches_period for c in by_id.values())


def test_a_won_deal_reports_no_date_or_category_change_but_does_report_its_amount() -> None:
    before = snap([deal(1, 10_000_00, S.NEGOTIATION, category=C.BEST_CASE)])
    after = snap(
        [
            deal(
                1,
                9_500_00,
                S.WON,
                category=C.COMMIT,
                close=date(2026, 11, 30),
                closed=date(2026, 11, 25),
            )
        ],
        NOW,
    )
    kinds = [c.kind for c in diff(before, after, Q4)]
    assert kinds == [ChangeKind.WON, ChangeKind.AMOUNT]


def test_moves_outside_the_period_do_not_touch_it() -> None:
    before = snap([deal(1, close=date(2027, 2, 1))])
    after = snap([deal(1, close=date(2027, 3, 1)), deal(2, close=None)], NOW)
    changes = diff(before, after, Q4)
    assert [c.kind for c in changes] == [ChangeKind.SLIPPED, ChangeKind.NEW]
    assert not any(c.touches_period for c in changes)


def test_identical_snapshots_have_no_diff() -> None:
    deals = [deal(1), deal(2, stage=S.WON, closed=date(2026, 10, 1))]
    assert diff(snap(deals), snap(deals, NOW), Q4) == []


def test_a_deal_created_and_closed_between_snapshots_says_how_it_ended() -> None:
    before = snap([])
    after = snap(
        [
            deal(1, 7_000_00, S.LOST, closed=date(2026, 11, 25)),
            deal(2, 3_000_00, S.WON, closed=date(2026, 11, 25)),
            deal(3, 1_000_00),
        ],
        NOW,
    )
    changes = [(c.deal_id, c.kind, c.before, c.after) for c in diff(before, after, Q4)]
    assert changes == [
        (1, ChangeKind.NEW, None, 7_000_00),
        (1, ChangeKind.LOST, None, "lost"),
        (2, ChangeKind.NEW, None, 3_000_00),
        (2, ChangeKind.WON, None, "won"),
        (3, ChangeKind.NEW, None, 1_000_00),
    ]
