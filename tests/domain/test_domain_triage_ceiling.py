"""Each kind of triage item stays under its ceiling, and the ceilings are reached.

The cockpit's first frame lists the top of the queue from the kinds that can reach it
(``services.triage.head``): a rule that lets an item score above its kind's ``CEILING``
would let it be missed there, so every kind is driven to its extremes here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sam_tui.domain.enums import ComplaintStatus, DealStage, Influence, Priority, Severity, Tier
from sam_tui.domain.sla import sla_due
from sam_tui.domain.triage import (
    CEILING,
    AccountFacts,
    ComplaintFacts,
    ContactFacts,
    FollowUpFacts,
    ObjectiveFacts,
    OpenDealFacts,
    RequestFacts,
    ThreadFacts,
    TriageKind,
    build_queue,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def ago(n: int | None) -> date | None:
    return None if n is None else TODAY - timedelta(days=n)


@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    """A few accounts with records of every kind, from mild to as urgent as it gets."""
    n = draw(st.integers(1, 4))
    accounts = [
        AccountFacts(
            id=i,
            name=f"Account {i}",
            tier=draw(st.sampled_from(list(Tier))),
            cadence_days=draw(st.integers(1, 90)),
            created=TODAY - timedelta(days=draw(st.integers(0, 2000))),
            last_touch=ago(draw(st.none() | st.integers(0, 2000))),
            renewal_date=draw(st.none() | st.integers(-40, 120).map(lambda d: ago(-d))),
            active=draw(st.booleans()),
        )
        for i in range(1, n + 1)
    ]
    ids = st.integers(1, n)
    records = st.integers(0, 4)
    opened = [NOW - timedelta(hours=draw(st.floats(0, 60 * 24))) for _ in range(draw(records))]
    complaints = [
        ComplaintFacts(
            id=k,
            account_id=draw(ids),
            title="complaint",
            severity=(severity := draw(st.sampled_from(list(Severity)))),
            status=draw(st.sampled_from(list(ComplaintStatus))),
            opened_at=at,
            sla_due_at=sla_due(at, severity),
            first_response_at=draw(st.none() | st.just(at)),
        )
        for k, at in enumerate(opened)
    ]
    follow_ups = [
        FollowUpFacts(
            k,
            draw(ids),
            "follow-up",
            TODAY - timedelta(days=draw(st.integers(-5, 400))),
            draw(st.sampled_from(list(Priority))),
        )
        for k in range(draw(records))
    ]
    contacts = [
        ContactFacts(
            id=k,
            account_id=draw(ids),
            name="someone",
            role=None,
            cadence_days=draw(st.integers(1, 120)),
            created=TODAY - timedelta(days=draw(st.integers(0, 2000))),
            last_touch=ago(draw(st.none() | st.integers(0, 2000))),
            influence=draw(st.none() | st.sampled_from(list(Influence))),
        )
        for k in range(draw(records))
    ]
    requests = [
        RequestFacts(
            k,
            draw(ids),
            "finance",
            "credit note",
            ago(draw(st.none() | st.integers(-5, 400))),
            blocked=draw(st.booleans()),
            open_complaint_id=draw(st.none() | st.just(1)),
        )
        for k in range(draw(records))
    ]
    threads = [
        ThreadFacts(
            account_id,
            tuple(
                ("someone", ago(draw(st.none() | st.integers(0, 400))))
                for _ in range(draw(st.integers(0, 4)))
            ),
        )
        for account_id in range(1, n + 1)
    ]
    deals = [
        OpenDealFacts(
            k,
            draw(ids),
            "deal",
            draw(st.integers(0, 10**11)),
            DealStage.NEGOTIATION,
            75,
            TODAY - timedelta(days=draw(st.integers(-5, 400))),
        )
        for k in range(draw(records))
    ]
    objectives = [
        ObjectiveFacts(
            k,
            draw(st.none() | ids),
            "objective",
            Decimal(100),
            Decimal(draw(st.integers(0, 120))),
            TODAY - timedelta(days=draw(st.integers(0, 400))),
            TODAY + timedelta(days=draw(st.integers(0, 400))),
        )
        for k in range(draw(records))
    ]
    return {
        "accounts": accounts,
        "complaints": complaints,
        "follow_ups": follow_ups,
        "contacts": contacts,
        "requests": requests,
        "threads": threads,
        "deals": deals,
        "objectives": objectives,
    }


@settings(max_examples=300, deadline=None)
@given(books())
def test_no_item_scores_above_its_kinds_ceiling(book: dict[str, Any]) -> None:
    for item in build_queue(now=NOW, **book):
        assert item.score <= CEILING[item.kind], item


def test_every_kind_has_a_ceiling() -> None:
    assert set(CEILING) == set(TriageKind)


def test_the_ceilings_are_reached() -> None:
    """At their worst, the kinds the first frame relies on hit their ceiling exactly:
    a ceiling set too high would only make the first frame read more than it needs."""
    strategic = AccountFacts(1, "Acme", Tier.STRATEGIC, 14, date(2020, 1, 1), TODAY, None)
    opened = NOW - timedelta(days=30)
    worst = build_queue(
        now=NOW,
        accounts=[strategic],
        complaints=[
            ComplaintFacts(
                1,
                1,
                "outage",
                Severity.CRITICAL,
                ComplaintStatus.OPEN,
                opened,
                sla_due(opened, Severity.CRITICAL),
                None,
            )
        ],
        follow_ups=[FollowUpFacts(1, 1, "call", TODAY - timedelta(days=30), Priority.HIGH)],
        requests=[RequestFacts(1, 1, "legal", "contract", ago(30), True, 1)],
        deals=[OpenDealFacts(1, 1, "big", 10**9, DealStage.PROPOSAL, 50, ago(30) or TODAY)],
    )
    assert {i.kind: i.score for i in worst} == {
        TriageKind.COMPLAINT: CEILING[TriageKind.COMPLAINT],
        TriageKind.FOLLOW_UP: CEILING[TriageKind.FOLLOW_UP],
        TriageKind.REQUEST: CEILING[TriageKind.REQUEST],
        TriageKind.DEAL: CEILING[TriageKind.DEAL],
    }
