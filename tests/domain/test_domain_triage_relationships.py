"""Triage for relationships: key contacts going cold, single-threaded accounts, late requests."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from sam_tui.domain.cadence import (
    RENEWAL_HORIZON_DAYS,
    Recency,
    Threads,
    in_renewal_window,
    renewal_needs_touch,
    threads,
)
from sam_tui.domain.enums import Influence, Tier
from sam_tui.domain.triage import (
    AccountFacts,
    ContactFacts,
    RequestFacts,
    ThreadFacts,
    TriageItem,
    TriageKind,
    build_queue,
    item_label,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
LONG_AGO = date(2024, 1, 1)
SIGNED = re.compile(r"\(([+-]\d+)\)")


def ago(n: int | None) -> date | None:
    return None if n is None else TODAY - timedelta(days=n)


def account(
    id: int = 1,
    tier: Tier = Tier.STRATEGIC,
    *,
    touched: int | None = 2,
    active: bool = True,
    name: str = "Acme",
) -> AccountFacts:
    return AccountFacts(
        id, name, tier, 14 if tier is Tier.STRATEGIC else 30, LONG_AGO, ago(touched), None, active
    )


def people(*touches: int | None, account_id: int = 1) -> ThreadFacts:
    names = ["Jane", "Omar", "Priya", "Lars"]
    return ThreadFacts(account_id, tuple((names[n], ago(t)) for n, t in enumerate(touches)))


def request(
    id: int = 7, *, due_in: int | None = -3, blocked: bool = False, complaint: int | None = None
) -> RequestFacts:
    due = None if due_in is None else TODAY + timedelta(days=due_in)
    return RequestFacts(id, 1, "finance", "Reissue the invoices", due, blocked, complaint)


def queue(**facts: object) -> list[TriageItem]:
    facts.setdefault("accounts", [account()])
    return build_queue(now=NOW, **facts)  # type: ignore[arg-type]


def base_of(item: TriageItem) -> int:
    return item.score - sum(int(n) for r in item.reasons for n in SIGNED.findall(r))


# --- the shared rules in domain.cadence ---------------------------------------------------


@pytest.mark.parametrize(
    ("days", "inside"), [(-31, False), (-30, True), (0, True), (90, True), (91, False)]
)
def test_the_renewal_window_runs_from_30_days_past_to_90_ahead(days: int, inside: bool) -> None:
    assert in_renewal_window(days) is inside
    assert RENEWAL_HORIZON_DAYS == 90


def test_a_renewal_needs_a_touch_within_the_cadence_or_30_days() -> None:
    assert renewal_needs_touch(10, Recency(15, 14, never=False))
    assert not renewal_needs_touch(10, Recency(14, 14, never=False))
    assert not renewal_needs_touch(10, Recency(30, 60, never=False))
    assert renewal_needs_touch(10, Recency(31, 60, never=False))
    assert renewal_needs_touch(10, Recency(0, 60, never=True))
    assert not renewal_needs_touch(91, Recency(300, 60, never=False))


@pytest.mark.parametrize(
    ("touches", "single"),
    [
        ((5,), False),  # one contact: nothing to thread
        ((5, None), True),  # the second never touched
        ((5, 91), True),  # 91 days is outside the window
        ((5, 90), False),  # day 90 is still inside
        ((None, None), True),  # nobody touched at all
        ((200, 100, 91), True),
        ((1, 2, None), False),
    ],
)
def test_single_threaded_boundaries(touches: tuple[int | None, ...], single: bool) -> None:
    found = threads([(f"P{n}", ago(t)) for n, t in enumerate(touches)], TODAY)
    assert found.single is single


def test_threads_name_the_one_person_still_talked_to() -> None:
    found = threads([("Jane", ago(40)), ("Omar", ago(2)), ("Priya", None)], TODAY)
    assert found == Threads(contacts=3, touched=("Omar", "Jane"))
    only = threads([("Jane", ago(100)), ("Omar", ago(2))], TODAY)
    assert only.describe() == "only Omar of 2 contacts touched in the last 90 days"
    none = threads([("Jane", None), ("Omar", None)], TODAY)
    assert none.describe() == "none of its 2 contacts touched in the last 90 days"


# --- single-threaded in the queue ---------------------------------------------------------


def test_a_strategic_account_talking_to_one_person_is_flagged() -> None:
    [item] = queue(threads=[people(3, 120, None)])
    assert item.kind is TriageKind.SINGLE_THREADED
    assert (item.ref_id, item.account_id, item.title) == (1, 1, "single-threaded")
    assert item.reasons == (
        "only Jane of 3 contacts touched in the last 90 days",
        "strategic account (+10)",
    )
    assert item.score == 50
    assert item_label(item) == "one thread"


def test_nobody_touched_at_all_ranks_higher() -> None:
    [item] = queue(threads=[people(None, None)])
    assert base_of(item) == 45


@pytest.mark.parametrize("tier", [Tier.KEY, Tier.GROWTH])
def test_only_strategic_accounts_are_checked(tier: Tier) -> None:
    assert queue(accounts=[account(tier=tier)], threads=[people(3, None)]) == []


def test_prospects_churned_and_unknown_accounts_are_not_checked() -> None:
    assert queue(accounts=[account(active=False)], threads=[people(3, None)]) == []
    assert queue(threads=[people(3, None, account_id=99)]) == []


def test_a_cold_account_is_going_cold_not_single_threaded() -> None:
    items = queue(accounts=[account(touched=20)], threads=[people(20, None)])
    assert [i.kind for i in items] == [TriageKind.GOING_COLD]


def test_the_cold_account_s_item_keeps_the_reasons_it_absorbed() -> None:
    # issue 14: cold and single-threaded showed only "last touch 16 days ago"; that the
    # champion had not been spoken to for 117 days was lost
    alone = queue(accounts=[account(touched=16)])
    [item] = queue(
        accounts=[account(touched=16)],
        threads=[people(16, None)],
        contacts=[contact(Influence.CHAMPION, touched=117)],
    )
    assert item.kind is TriageKind.GOING_COLD and item.score == alone[0].score
    assert "also Jane Doe, CFO going cold: last touch 117 days ago (cadence 60 days)" in (
        item.reasons
    )
    assert any(r.startswith("also single-threaded: ") for r in item.reasons), item.reasons


def test_two_live_threads_are_enough() -> None:
    assert queue(threads=[people(3, 80, None, None)]) == []


# --- key contacts -------------------------------------------------------------------------


def contact(influence: Influence | None, touched: int = 70, cadence: int = 60) -> ContactFacts:
    return ContactFacts(30, 1, "Jane Doe", "CFO", cadence, LONG_AGO, ago(touched), influence)


@pytest.mark.parametrize("influence", [Influence.DECISION_MAKER, Influence.CHAMPION])
def test_a_key_contact_going_cold_says_why_they_matter(influence: Influence) -> None:
    [item] = queue(contacts=[contact(influence)])
    assert item.kind is TriageKind.CONTACT_COLD
    assert item.reasons == (
        "last touch 70 days ago (cadence 60 days)",
        f"key contact: {influence.value} (+5)",
        "strategic account (+10)",
    )


def test_a_contact_with_only_their_own_cadence_gets_no_key_bonus() -> None:
    [plain] = queue(contacts=[contact(Influence.USER, touched=8, cadence=7)])
    [key] = queue(contacts=[contact(Influence.CHAMPION, touched=8, cadence=7)])
    assert key.score == plain.score + 5


@pytest.mark.parametrize(("touched", "present"), [(60, False), (61, True)])
def test_key_contact_cadence_boundary(touched: int, present: bool) -> None:
    assert bool(queue(contacts=[contact(Influence.DECISION_MAKER, touched)])) is present


# --- internal requests --------------------------------------------------------------------


def test_an_overdue_request_enters_the_queue() -> None:
    [item] = queue(requests=[request(due_in=-3)])
    assert item.kind is TriageKind.REQUEST
    assert (item.ref_id, item.title, item.due) == (
        7,
        "finance: Reissue the invoices",
        TODAY - timedelta(days=3),
    )
    assert item.reasons == ("overdue by 3 days", "strategic account (+10)")
    assert base_of(item) == 56
    assert item_label(item) == "request #7"


@pytest.mark.parametrize("due_in", [0, 1, None])
def test_requests_due_today_later_or_undated_stay_out(due_in: int | None) -> None:
    assert queue(requests=[request(due_in=due_in)]) == []


def test_lateness_counts_2_a_day_up_to_20() -> None:
    late = [base_of(queue(requests=[request(due_in=-d)])[0]) for d in (1, 10, 11, 40)]
    assert late == [52, 70, 70, 70]


def test_blocked_and_complaint_linked_requests_rank_higher() -> None:
    plain = queue(requests=[request()])[0].score
    blocked = queue(requests=[request(blocked=True)])[0]
    linked = queue(requests=[request(complaint=4)])[0]
    assert blocked.score == plain + 5 and "blocked: chase or escalate (+5)" in blocked.reasons
    assert linked.score == plain + 5 and "for complaint #4, still open (+5)" in linked.reasons


def test_requests_of_inactive_accounts_still_show_but_unknown_ones_do_not() -> None:
    assert len(queue(accounts=[account(active=False)], requests=[request()])) == 1
    assert queue(accounts=[account(id=2)], requests=[request()]) == []
