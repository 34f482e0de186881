"""The top of the queue, built alone (issue 17): what `sam today` prints on a heavy book.

``rank(limit=N)`` scores and counts every item but explains only the first N. A user
must not be able to tell: the N items, their order, scores and reasons, and the counts,
are those of the whole queue.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sam_tui.domain.enums import DealStage
from sam_tui.domain.triage import (
    ObjectiveFacts,
    OpenDealFacts,
    RequestFacts,
    ThreadFacts,
    TriageKind,
    build_queue,
    rank,
)
from tests.domain.test_domain_triage import NOW, TODAY, account, follow_up, portfolios


def _days(n: int) -> timedelta:
    return timedelta(days=n)


@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    """A portfolio with every kind of item, many of them tied on score."""
    world = draw(portfolios())
    ids = st.integers(min_value=1, max_value=len(world["accounts"]) + 1)
    when = st.none() | st.integers(0, 200).map(lambda d: TODAY - _days(d))
    world["requests"] = [
        RequestFacts(
            400 + k,
            draw(ids),
            "finance",
            "reissue the invoice",
            TODAY + _days(draw(st.integers(-30, 3))),
            blocked=draw(st.booleans()),
            open_complaint_id=draw(st.none() | st.just(7)),
        )
        for k in range(draw(st.integers(0, 4)))
    ]
    world["deals"] = [
        OpenDealFacts(
            500 + k,
            draw(ids),
            "expansion",
            draw(st.sampled_from([5_000_00, 200_000_00, 2_000_000_00])),
            draw(st.sampled_from([DealStage.PROPOSAL, DealStage.NEGOTIATION])),
            50,
            TODAY - _days(draw(st.integers(0, 30))),
        )
        for k in range(draw(st.integers(0, 4)))
    ]
    world["objectives"] = [
        ObjectiveFacts(
            600 + k,
            draw(st.none() | ids),
            "grow the base",
            Decimal(100),
            Decimal(draw(st.integers(0, 100))),
            date(2026, 1, 1),
            TODAY + _days(draw(st.integers(-5, 60))),
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    world["threads"] = [
        ThreadFacts(
            draw(ids),
            tuple((f"person {n}", draw(when)) for n in range(draw(st.integers(1, 4)))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return world


@settings(max_examples=300, deadline=None)
@given(books(), st.integers(min_value=0, max_value=40))
def test_the_top_n_are_the_first_n_of_the_whole_queue(world: dict[str, Any], n: int) -> None:
    whole = build_queue(now=NOW, **world)
    assume(whole)  # an empty queue checks nothing
    top = rank(now=NOW, limit=n, **world)
    assert list(top.items) == whole[:n]  # same items, order, scores and reasons
    assert top.total == len(whole)
    assert top.counts == dict(Counter(i.kind for i in whole))
    assert sum(top.counts.values()) == top.total


def test_ties_keep_the_order_of_the_whole_queue() -> None:
    # forty follow-ups with the same score: the tie-break (due, account, kind, id) decides
    accounts = [account(n, f"Account {n % 7}") for n in range(1, 8)]
    follow_ups = [follow_up(100 + k, 1 + k % 7, due_in=-(k % 3)) for k in range(40)]
    whole = build_queue(now=NOW, accounts=accounts, follow_ups=follow_ups)
    for n in (0, 1, 5, 13, 39, 40, 41):
        top = rank(now=NOW, accounts=accounts, follow_ups=follow_ups, limit=n)
        assert list(top.items) == whole[:n]
        assert top.total == 40
        assert top.counts == {TriageKind.FOLLOW_UP: 40}
