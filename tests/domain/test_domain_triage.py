"""The triage queue: what needs the manager today, in the order a manager would work it.

Each test reads like something a user would notice in ``sam today``: what is on the list,
what is not, what comes first, and whether the explanation adds up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sam_tui.domain.cadence import DEFAULT_CADENCE_DAYS
from sam_tui.domain.enums import (
    OPEN_COMPLAINT_STATUSES,
    ComplaintStatus,
    Priority,
    Severity,
    Tier,
)
from sam_tui.domain.sla import DEFAULT_SLA_DAYS, sla_due
from sam_tui.domain.triage import (
    AccountFacts,
    ComplaintFacts,
    ContactFacts,
    FollowUpFacts,
    TriageItem,
    TriageKind,
    build_queue,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # the pinned clock of the suite: a Thursday
TODAY = NOW.date()
LONG_AGO = date(2024, 1, 1)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def account(
    id: int = 1,
    name: str = "Acme",
    tier: Tier = Tier.KEY,
    *,
    cadence: int | None = None,
    touched_days_ago: int | None = 2,
    created: date = LONG_AGO,
    renewal_in: int | None = None,
    active: bool = True,
) -> AccountFacts:
    return AccountFacts(
        id=id,
        name=name,
        tier=tier,
        cadence_days=cadence or DEFAULT_CADENCE_DAYS[tier],
        created=created,
        last_touch=None if touched_days_ago is None else TODAY - days(touched_days_ago),
        renewal_date=None if renewal_in is None else TODAY + days(renewal_in),
        active=active,
    )


def follow_up(
    id: int = 10,
    account_id: int = 1,
    *,
    due_in: int = 0,
    priority: Priority = Priority.NORMAL,
    title: str = "send the proposal",
) -> FollowUpFacts:
    return FollowUpFacts(id, account_id, title, TODAY + days(due_in), priority)


def complaint(
    id: int = 20,
    account_id: int = 1,
    *,
    severity: Severity = Severity.HIGH,
    opened_hours_ago: float = 1,
    status: ComplaintStatus = ComplaintStatus.OPEN,
    responded: bool = True,
    title: str = "invoices are wrong",
) -> ComplaintFacts:
    opened = NOW - timedelta(hours=opened_hours_ago)
    return ComplaintFacts(
        id=id,
        account_id=account_id,
        title=title,
        severity=severity,
        status=status,
        opened_at=opened,
        sla_due_at=sla_due(opened, severity),
        first_response_at=opened + timedelta(minutes=30) if responded else None,
    )


def contact(
    id: int = 30,
    account_id: int = 1,
    *,
    name: str = "Jane Doe",
    role: str | None = "CFO",
    cadence: int = 60,
    touched_days_ago: int | None = 70,
) -> ContactFacts:
    return ContactFacts(
        id=id,
        account_id=account_id,
        name=name,
        role=role,
        cadence_days=cadence,
        created=LONG_AGO,
        last_touch=None if touched_days_ago is None else TODAY - days(touched_days_ago),
    )


def queue(
    accounts: Sequence[AccountFacts] | None = None,
    follow_ups: Sequence[FollowUpFacts] = (),
    complaints: Sequence[ComplaintFacts] = (),
    contacts: Sequence[ContactFacts] = (),
    now: datetime = NOW,
) -> list[TriageItem]:
    return build_queue(
        now=now,
        accounts=[account()] if accounts is None else accounts,
        follow_ups=follow_ups,
        complaints=complaints,
        contacts=contacts,
    )


def only(items: list[TriageItem]) -> TriageItem:
    assert len(items) == 1, items
    return items[0]


def kinds(items: list[TriageItem]) -> list[TriageKind]:
    return [i.kind for i in items]


BREACHED_HOURS = 3 * 24 + 2  # a high complaint two hours past its 3-day SLA


# --- what ranks first ----------------------------------------------------------------------


def test_breached_complaint_and_overdue_follow_up_rank_above_a_follow_up_due_today() -> None:
    items = queue(
        follow_ups=[
            follow_up(11, due_in=0, title="due today"),
            follow_up(12, due_in=-3, title="overdue"),
        ],
        complaints=[complaint(20, opened_hours_ago=BREACHED_HOURS, title="breached")],
    )
    titles = [i.title for i in items]
    assert titles.index("breached") < titles.index("due today")
    assert titles.index("overdue") < titles.index("due today")
    assert titles[-1] == "due today"


def test_breached_complaint_outranks_an_overdue_follow_up() -> None:
    items = queue(
        follow_ups=[follow_up(12, due_in=-30)],
        complaints=[complaint(20, opened_hours_ago=BREACHED_HOURS)],
    )
    assert kinds(items) == [TriageKind.COMPLAINT, TriageKind.FOLLOW_UP]


def test_strategic_outranks_growth_all_else_equal() -> None:
    items = queue(
        accounts=[account(1, "Growthco", Tier.GROWTH), account(2, "Bigco", Tier.STRATEGIC)],
        follow_ups=[follow_up(11, 1, due_in=-2), follow_up(12, 2, due_in=-2)],
    )
    assert [i.account_name for i in items] == ["Bigco", "Growthco"]
    assert items[0].score - items[1].score == 10
    assert "strategic account (+10)" in items[0].reasons
    assert not any("account (+" in r for r in items[1].reasons)


def test_key_sits_between_strategic_and_growth() -> None:
    items = queue(
        accounts=[
            account(1, "G", Tier.GROWTH),
            account(2, "K", Tier.KEY),
            account(3, "S", Tier.STRATEGIC),
        ],
        follow_ups=[follow_up(10 + i, i, due_in=-1) for i in (1, 2, 3)],
    )
    assert [i.account_name for i in items] == ["S", "K", "G"]
    assert "key account (+5)" in items[1].reasons


def test_high_priority_outranks_normal_which_outranks_low() -> None:
    items = queue(
        follow_ups=[
            follow_up(11, due_in=-1, priority=Priority.LOW, title="low"),
            follow_up(12, due_in=-1, priority=Priority.HIGH, title="high"),
            follow_up(13, due_in=-1, priority=Priority.NORMAL, title="normal"),
        ]
    )
    assert [i.title for i in items] == ["high", "normal", "low"]
    assert "high priority (+10)" in items[0].reasons
    assert "low priority (-10)" in items[2].reasons
    assert not any("priority" in r for r in items[1].reasons)


def test_more_overdue_comes_first() -> None:
    items = queue(follow_ups=[follow_up(11, due_in=-1), follow_up(12, due_in=-6)])
    assert [i.ref_id for i in items] == [12, 11]
    assert "overdue by 6 days" in items[0].reasons
    assert "overdue by 1 day" in items[1].reasons


def test_more_severe_complaint_comes_first() -> None:
    items = queue(
        complaints=[
            complaint(21, severity=Severity.LOW, opened_hours_ago=15 * 24),
            complaint(22, severity=Severity.CRITICAL, opened_hours_ago=25),
        ]
    )
    assert [i.ref_id for i in items] == [22, 21]
    assert "critical severity (+10)" in items[0].reasons
    assert "low severity (-5)" in items[1].reasons


def test_complaint_without_a_first_response_ranks_higher() -> None:
    silent, answered = (
        only(queue(complaints=[complaint(opened_hours_ago=BREACHED_HOURS, responded=r)]))
        for r in (False, True)
    )
    assert silent.score == answered.score + 5
    assert "no first response yet (+5)" in silent.reasons


def test_a_later_breach_scores_higher_up_to_a_cap() -> None:
    def score(hours_late: float) -> int:
        return only(queue(complaints=[complaint(opened_hours_ago=72 + hours_late)])).score

    assert score(1) < score(24) < score(72) < score(5 * 24)
    assert score(5 * 24) == score(30 * 24)  # 3 points a day, at most 15


def test_near_sla_ranks_below_breached_and_above_an_overdue_follow_up() -> None:
    near = complaint(21, severity=Severity.HIGH, opened_hours_ago=60, title="near")  # 12 h left
    items = queue(
        follow_ups=[follow_up(11, due_in=-1, title="overdue")],
        complaints=[near, complaint(22, opened_hours_ago=BREACHED_HOURS, title="breached")],
    )
    assert [i.title for i in items] == ["breached", "near", "overdue"]
    assert "SLA due in 12h" in items[1].reasons


def test_a_complaint_climbs_as_its_deadline_nears() -> None:
    def score(hours_open: float) -> int:
        return only(queue(complaints=[complaint(opened_hours_ago=hours_open)])).score

    assert score(50) < score(60) < score(70) < score(73)


# --- what is on the list, and what is not ----------------------------------------------------


def test_future_follow_ups_are_absent() -> None:
    assert queue(follow_ups=[follow_up(due_in=1), follow_up(11, due_in=30)]) == []


def test_a_follow_up_due_today_is_present_and_says_so() -> None:
    item = only(queue(follow_ups=[follow_up(due_in=0)]))
    assert item.kind is TriageKind.FOLLOW_UP
    assert item.due == TODAY
    assert item.title == "send the proposal"
    assert item.reasons[0] == "due today"


def test_complaints_far_from_their_sla_are_absent() -> None:
    fresh = [
        complaint(21, severity=Severity.HIGH, opened_hours_ago=1),
        complaint(22, severity=Severity.MEDIUM, opened_hours_ago=24),
        complaint(23, severity=Severity.LOW, opened_hours_ago=7 * 24),
    ]
    assert queue(complaints=fresh) == []


def test_a_critical_complaint_shows_up_as_soon_as_it_is_opened() -> None:
    item = only(queue(complaints=[complaint(severity=Severity.CRITICAL, opened_hours_ago=0.1)]))
    assert item.kind is TriageKind.COMPLAINT


@pytest.mark.parametrize(
    ("severity", "hours_before_shown"), [(Severity.MEDIUM, 42), (Severity.LOW, 84)]
)
def test_complaints_appear_in_the_last_quarter_of_their_window(
    severity: Severity, hours_before_shown: int
) -> None:
    window_h = {Severity.MEDIUM: 7 * 24, Severity.LOW: 14 * 24}[severity]
    before = complaint(severity=severity, opened_hours_ago=window_h - hours_before_shown - 1)
    inside = complaint(severity=severity, opened_hours_ago=window_h - hours_before_shown)
    assert queue(complaints=[before]) == []
    assert only(queue(complaints=[inside])).kind is TriageKind.COMPLAINT


def test_resolved_complaints_are_absent_even_when_late() -> None:
    done = complaint(opened_hours_ago=30 * 24, status=ComplaintStatus.RESOLVED, responded=False)
    assert queue(complaints=[done]) == []


def test_in_progress_complaints_stay_on_the_list() -> None:
    item = only(
        queue(
            complaints=[
                complaint(opened_hours_ago=BREACHED_HOURS, status=ComplaintStatus.IN_PROGRESS)
            ]
        )
    )
    assert item.kind is TriageKind.COMPLAINT


def test_waiting_on_the_customer_demotes_but_keeps_a_complaint() -> None:
    waiting = complaint(
        21, opened_hours_ago=BREACHED_HOURS, status=ComplaintStatus.WAITING_CUSTOMER
    )
    ours = complaint(22, opened_hours_ago=BREACHED_HOURS, status=ComplaintStatus.OPEN)
    items = queue(complaints=[waiting, ours])
    assert [i.ref_id for i in items] == [22, 21]
    assert items[0].score - items[1].score == 15
    assert "waiting on the customer (-15)" in items[1].reasons


def test_complaint_item_is_dated_by_its_sla_deadline() -> None:
    c = complaint(opened_hours_ago=BREACHED_HOURS)
    item = only(queue(complaints=[c]))
    assert item.due == c.sla_due_at.date()
    assert item.title == "invoices are wrong"
    assert item.reasons[0] == "SLA late by 2h"


# --- renewals ------------------------------------------------------------------------------


def test_renewal_within_90_days_without_a_recent_touch_appears() -> None:
    # growth: 60-day cadence, so 40 days of silence is not "cold", but too quiet for a renewal
    item = only(queue(accounts=[account(tier=Tier.GROWTH, touched_days_ago=40, renewal_in=45)]))
    assert item.kind is TriageKind.RENEWAL
    assert item.title == "renewal coming up"
    assert item.due == TODAY + days(45)
    assert item.reasons[:2] == ("renews in 45 days", "no touch in 40 days (wanted: 30)")


def test_renewal_with_a_recent_touch_does_not_appear() -> None:
    assert queue(accounts=[account(tier=Tier.GROWTH, touched_days_ago=30, renewal_in=45)]) == []
    # a strategic account's "recent" is its 14-day cadence
    assert queue(accounts=[account(tier=Tier.STRATEGIC, touched_days_ago=14, renewal_in=5)]) == []


def test_renewal_beyond_90_days_does_not_appear() -> None:
    quiet = account(tier=Tier.GROWTH, touched_days_ago=40, renewal_in=91)
    assert queue(accounts=[quiet]) == []
    assert only(queue(accounts=[quiet._replace(renewal_date=TODAY + days(90))])).kind is (
        TriageKind.RENEWAL
    )


def test_a_nearer_renewal_ranks_higher() -> None:
    items = queue(
        accounts=[
            account(1, "Later", Tier.GROWTH, touched_days_ago=40, renewal_in=80),
            account(2, "Sooner", Tier.GROWTH, touched_days_ago=40, renewal_in=10),
        ]
    )
    assert [i.account_name for i in items] == ["Sooner", "Later"]


def test_a_renewal_that_passed_recently_still_asks_for_attention() -> None:
    item = only(queue(accounts=[account(tier=Tier.GROWTH, touched_days_ago=40, renewal_in=-10)]))
    assert item.title == "renewal date passed"
    assert item.reasons[0] == "renewal was due 10 days ago: confirm it and set the next date"
    assert queue(accounts=[account(tier=Tier.GROWTH, touched_days_ago=40, renewal_in=-31)]) == []


def test_renewal_today() -> None:
    item = only(queue(accounts=[account(tier=Tier.GROWTH, touched_days_ago=40, renewal_in=0)]))
    assert item.reasons[0] == "renews today"


def test_never_contacted_account_with_a_renewal_appears() -> None:
    fresh = account(tier=Tier.GROWTH, touched_days_ago=None, created=TODAY - days(5), renewal_in=60)
    item = only(queue(accounts=[fresh]))
    assert item.kind is TriageKind.RENEWAL
    assert "never contacted" in item.reasons


def test_a_cold_account_that_renews_is_one_renewal_item_not_two() -> None:
    quiet = account(tier=Tier.KEY, touched_days_ago=45, renewal_in=45)
    item = only(queue(accounts=[quiet]))
    assert item.kind is TriageKind.RENEWAL
    assert "last touch 45 days ago (cadence 30 days) (+5)" in item.reasons
    # the cold account's renewal scores exactly 5 more than the same renewal on a warm one
    warm = only(queue(accounts=[quiet._replace(cadence_days=60)]))
    assert warm.kind is TriageKind.RENEWAL
    assert item.score == warm.score + 5


# --- going cold ----------------------------------------------------------------------------


def test_an_account_past_its_cadence_goes_cold() -> None:
    item = only(queue(accounts=[account(tier=Tier.KEY, touched_days_ago=45)]))
    assert item.kind is TriageKind.GOING_COLD
    assert item.title == "going cold"
    assert item.reasons[0] == "last touch 45 days ago (cadence 30 days)"
    assert item.due == TODAY - days(15)  # the day it went cold


def test_an_account_exactly_at_its_cadence_is_not_cold() -> None:
    assert queue(accounts=[account(tier=Tier.KEY, touched_days_ago=30)]) == []


def test_a_never_touched_account_goes_cold_counting_from_creation() -> None:
    young = account(touched_days_ago=None, created=TODAY - days(10))
    old = account(touched_days_ago=None, created=TODAY - days(31))
    assert queue(accounts=[young]) == []
    item = only(queue(accounts=[old]))
    assert item.kind is TriageKind.GOING_COLD
    assert item.reasons[0].startswith("never contacted (added 31 days ago")


def test_colder_ranks_higher() -> None:
    items = queue(
        accounts=[
            account(1, "Chilly", touched_days_ago=35),
            account(2, "Frozen", touched_days_ago=80),
        ]
    )
    assert [i.account_name for i in items] == ["Frozen", "Chilly"]


def test_prospects_and_churned_accounts_never_go_cold_nor_renew() -> None:
    gone = account(touched_days_ago=400, renewal_in=10, active=False)
    never = account(2, "Prospect", touched_days_ago=None, created=LONG_AGO, active=False)
    assert queue(accounts=[gone, never], contacts=[contact(account_id=1)]) == []


def test_an_inactive_account_still_shows_its_own_follow_ups() -> None:
    prospect = account(touched_days_ago=400, active=False)
    assert kinds(queue(accounts=[prospect], follow_ups=[follow_up(due_in=-1)])) == [
        TriageKind.FOLLOW_UP
    ]


def test_an_account_whose_dates_were_not_read_names_its_items_but_never_goes_cold() -> None:
    # a service reads the dates only of the accounts that may have gone cold or renew
    # (issue 17); the others still name their follow-ups and their contacts going cold
    quiet = account(touched_days_ago=None, created=date.min, renewal_in=None)._replace(dated=False)
    items = queue(accounts=[quiet], follow_ups=[follow_up(due_in=-1)], contacts=[contact()])
    assert kinds(items) == [TriageKind.FOLLOW_UP, TriageKind.CONTACT_COLD]
    assert {i.account_name for i in items} == {"Acme"}
    # the same facts, dated, would be an account never touched since year 1
    assert TriageKind.GOING_COLD in kinds(queue(accounts=[quiet._replace(dated=True)]))


# --- key contacts --------------------------------------------------------------------------


def test_a_key_contact_going_cold_appears_when_the_account_is_warm() -> None:
    item = only(queue(accounts=[account(touched_days_ago=3)], contacts=[contact()]))
    assert item.kind is TriageKind.CONTACT_COLD
    assert item.ref_id == 30
    assert item.account_id == 1
    assert item.title == "Jane Doe, CFO going cold"
    assert item.reasons[0] == "last touch 70 days ago (cadence 60 days)"


def test_contact_title_without_a_role() -> None:
    item = only(queue(contacts=[contact(role=None)]))
    assert item.title == "Jane Doe going cold"


def test_a_key_contact_within_cadence_is_absent() -> None:
    assert queue(contacts=[contact(touched_days_ago=59)]) == []


def test_a_cold_account_does_not_also_list_its_cold_contacts() -> None:
    items = queue(accounts=[account(touched_days_ago=45)], contacts=[contact()])
    assert kinds(items) == [TriageKind.GOING_COLD]


def test_a_cold_renewing_account_does_not_also_list_its_cold_contacts() -> None:
    items = queue(accounts=[account(touched_days_ago=45, renewal_in=20)], contacts=[contact()])
    assert kinds(items) == [TriageKind.RENEWAL]


def test_the_account_going_cold_outranks_one_of_its_people_going_cold() -> None:
    items = queue(
        accounts=[account(1, "Warm", touched_days_ago=2), account(2, "Cold", touched_days_ago=45)],
        contacts=[contact(30, 1, touched_days_ago=90)],
    )
    assert kinds(items) == [TriageKind.GOING_COLD, TriageKind.CONTACT_COLD]


# --- explanations and order ----------------------------------------------------------------

BASE = {
    # the module docstring's table: the range each kind's base can take
    TriageKind.COMPLAINT: (60, 95),
    TriageKind.FOLLOW_UP: (45, 75),
    TriageKind.RENEWAL: (40, 70),
    TriageKind.GOING_COLD: (35, 55),
    TriageKind.CONTACT_COLD: (30, 45),
}
SIGNED = re.compile(r"\(([+-]\d+)\)")


def check_explained(item: TriageItem) -> None:
    """The reasons explain the score: a base in its kind's range plus the signed adjustments."""
    assert item.reasons, item
    assert all(r.strip() for r in item.reasons)
    adjustments = sum(int(n) for r in item.reasons for n in SIGNED.findall(r))
    base = item.score - adjustments
    low, high = BASE[item.kind]
    assert low <= base <= high, (item, base)
    first = item.reasons[0]
    if item.kind is TriageKind.FOLLOW_UP:
        late = re.fullmatch(r"overdue by (\d+) days?", first)
        assert base == (55 + min(20, 2 * int(late[1])) if late else 45), item
    if item.kind is TriageKind.RENEWAL and (m := re.fullmatch(r"renews in (\d+) days?", first)):
        assert base == round(40 + 30 * (90 - int(m[1])) / 90), item
    if item.kind is TriageKind.COMPLAINT:
        assert base >= 80 if first.startswith("SLA late") else base <= 75, item


def test_every_item_explains_its_score() -> None:
    items = queue(
        accounts=[
            account(1, "Acme", Tier.STRATEGIC, touched_days_ago=3),
            account(2, "Globex", Tier.GROWTH, touched_days_ago=61 + 30, renewal_in=20),
            account(3, "Initech", Tier.KEY, touched_days_ago=50),
        ],
        follow_ups=[
            follow_up(11, 1, due_in=0, priority=Priority.HIGH),
            follow_up(12, 3, due_in=-4, priority=Priority.LOW),
        ],
        complaints=[
            complaint(21, 1, severity=Severity.CRITICAL, opened_hours_ago=30, responded=False),
            complaint(
                22,
                2,
                severity=Severity.MEDIUM,
                opened_hours_ago=6 * 24,
                status=ComplaintStatus.WAITING_CUSTOMER,
            ),
        ],
        contacts=[contact(31, 1)],
    )
    assert sorted(kinds(items)) == sorted(
        [
            TriageKind.FOLLOW_UP,
            TriageKind.FOLLOW_UP,
            TriageKind.COMPLAINT,
            TriageKind.COMPLAINT,
            TriageKind.RENEWAL,
            TriageKind.GOING_COLD,
            TriageKind.CONTACT_COLD,
        ]
    )
    for item in items:
        check_explained(item)


def test_equal_scores_are_ordered_by_due_date_then_account_name() -> None:
    items = queue(
        accounts=[account(1, "beta"), account(2, "Alpha"), account(3, "Gamma")],
        follow_ups=[
            # all overdue by 10+ days: the same capped score
            follow_up(11, 1, due_in=-12),
            follow_up(12, 2, due_in=-12),
            follow_up(13, 3, due_in=-15),
        ],
    )
    assert len({i.score for i in items}) == 1
    assert [i.account_name for i in items] == ["Gamma", "Alpha", "beta"]


def test_records_of_unknown_accounts_are_ignored() -> None:
    items = queue(
        accounts=[account(1)],
        follow_ups=[follow_up(11, 99, due_in=-5)],
        complaints=[complaint(21, 99, opened_hours_ago=BREACHED_HOURS)],
        contacts=[contact(31, 99)],
    )
    assert items == []


def test_an_empty_portfolio_has_an_empty_queue() -> None:
    assert build_queue(now=NOW, accounts=[]) == []


def test_the_queue_follows_the_clock() -> None:
    f = follow_up(due_in=3)
    assert queue(follow_ups=[f]) == []
    item = only(queue(follow_ups=[f], now=NOW + days(5)))
    assert item.reasons[0] == "overdue by 2 days"


# --- properties ----------------------------------------------------------------------------


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(list(Priority)),
    st.sampled_from(list(Tier)),
)
def test_a_follow_up_never_scores_lower_for_being_later(
    late: int, more: int, priority: Priority, tier: Tier
) -> None:
    def score(days_late: int) -> int:
        items = queue(
            accounts=[account(tier=tier)],
            follow_ups=[follow_up(due_in=-days_late, priority=priority)],
        )
        return only(items).score

    assert score(late + more) >= score(late)
    if late < 10:
        assert score(late + 1) > score(late)  # and it keeps climbing until the cap


names = st.sampled_from(["Acme", "acme labs", "Globex", "Initech", "Ärzte", "Umbrella", "beta"])


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(min_value=1, max_value=5))
    account_names = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    accounts = [
        AccountFacts(
            id=i + 1,
            name=name,
            tier=draw(st.sampled_from(list(Tier))),
            cadence_days=draw(st.integers(min_value=1, max_value=90)),
            created=TODAY - days(draw(st.integers(min_value=0, max_value=800))),
            last_touch=draw(st.none() | st.integers(0, 200).map(lambda d: TODAY - days(d))),
            renewal_date=draw(st.none() | st.integers(-60, 150).map(lambda d: TODAY + days(d))),
            active=draw(st.booleans()),
        )
        for i, name in enumerate(account_names)
    ]
    ids = st.integers(min_value=1, max_value=n + 1)  # n + 1: an unknown account
    fus = [
        follow_up(
            100 + k,
            draw(ids),
            due_in=draw(st.integers(-40, 5)),
            priority=draw(st.sampled_from(list(Priority))),
        )
        for k in range(draw(st.integers(0, 6)))
    ]
    cps = [
        complaint(
            200 + k,
            draw(ids),
            severity=draw(st.sampled_from(list(Severity))),
            opened_hours_ago=draw(st.floats(0, 30 * 24)),
            status=draw(st.sampled_from(list(ComplaintStatus))),
            responded=draw(st.booleans()),
        )
        for k in range(draw(st.integers(0, 4)))
    ]
    cts = [
        contact(
            300 + k,
            draw(ids),
            cadence=draw(st.integers(1, 120)),
            touched_days_ago=draw(st.none() | st.integers(0, 300)),
        )
        for k in range(draw(st.integers(0, 4)))
    ]
    return {"accounts": accounts, "follow_ups": fus, "complaints": cps, "contacts": cts}


@settings(max_examples=150, deadline=None)
@given(portfolios())
def test_the_queue_is_always_ranked_and_explained(world: dict[str, Any]) -> None:
    items = queue(**world)
    known = {a.id: a for a in world["accounts"]}
    keys = [(-i.score, i.due, i.account_name.casefold()) for i in items]
    assert keys == sorted(keys)
    for item in items:
        assert item.account_id in known
        assert item.account_name == known[item.account_id].name
        check_explained(item)
    # one item per thing: no follow-up, complaint, account or contact listed twice
    assert len({(i.kind, i.ref_id) for i in items}) == len(items)
    accounts_with_account_items = [
        i.account_id for i in items if i.kind in (TriageKind.RENEWAL, TriageKind.GOING_COLD)
    ]
    assert len(accounts_with_account_items) == len(set(accounts_with_account_items))
    for item in items:
        if item.kind in (TriageKind.RENEWAL, TriageKind.GOING_COLD, TriageKind.CONTACT_COLD):
            assert known[item.account_id].active
        if item.kind is TriageKind.FOLLOW_UP:
            assert item.due <= TODAY


# --- more urgent never ranks lower (issue 7) -----------------------------------------------


def standing(items: list[TriageItem], match: Any) -> tuple[int, int] | None:
    """(rank, score) of the one item ``match`` accepts, None when it is not on the list."""
    found = [(rank, i.score) for rank, i in enumerate(items) if match(i)]
    assert len(found) <= 1, found
    return found[0] if found else None


def assert_no_lower(
    world: dict[str, Any], field: str, target: Any, urgent: Any, match: Any
) -> None:
    """With ``target`` added to ``world[field]`` and then made more urgent
    (``urgent(target)``), all else equal, the item ``match(target)`` accepts is still
    listed, scores at least as much, and ranks the same or higher."""
    others = world[field]
    before = standing(queue(**{**world, field: [*others, target]}), match(target))
    # the strategies build listed targets; a case that is not is counted, not passed
    assume(before is not None)
    assert before is not None
    after = standing(queue(**{**world, field: [*others, urgent(target)]}), match(target))
    assert after is not None, "dropped off the list for being more urgent"
    (rank_before, score_before), (rank_after, score_after) = before, after
    assert score_after >= score_before
    assert rank_after <= rank_before


def item_of(kind: TriageKind) -> Any:
    return lambda record: lambda i: i.kind is kind and i.ref_id == record.id


def colder(more: int) -> Any:
    """A record last touched ``more`` days earlier (or, never touched, created earlier)."""

    def make(record: Any) -> Any:
        if record.last_touch is None:
            return record._replace(created=record.created - days(more))
        return record._replace(last_touch=record.last_touch - days(more))

    return make


# Targets the queue lists, so each example checks something (PITFALLS.md, Hypothesis).


@st.composite
def with_listed_follow_up(draw: st.DrawFn) -> tuple[dict[str, Any], FollowUpFacts]:
    world = draw(portfolios())
    target = follow_up(
        99,
        draw(st.sampled_from([a.id for a in world["accounts"]])),
        due_in=draw(st.integers(-40, 0)),  # due today or overdue
        priority=draw(st.sampled_from(list(Priority))),
    )
    return world, target


@st.composite
def with_listed_complaint(draw: st.DrawFn) -> tuple[dict[str, Any], ComplaintFacts]:
    world = draw(portfolios())
    severity = draw(st.sampled_from(list(Severity)))
    window = DEFAULT_SLA_DAYS[severity] * 24
    target = complaint(
        99,
        draw(st.sampled_from([a.id for a in world["accounts"]])),
        severity=severity,
        # in the last quarter of its SLA window, or past it
        opened_hours_ago=draw(st.floats(window * 0.8, window * 3)),
        status=draw(st.sampled_from([s for s in ComplaintStatus if s in OPEN_COMPLAINT_STATUSES])),
        responded=draw(st.booleans()),
    )
    return world, target


@st.composite
def with_cold_account(draw: st.DrawFn) -> tuple[dict[str, Any], AccountFacts]:
    """One of the world's accounts, made active and past its cadence."""
    world = draw(portfolios())
    accounts = world["accounts"]
    pick = draw(st.integers(0, len(accounts) - 1))
    chosen = accounts[pick]
    late = days(chosen.cadence_days + draw(st.integers(1, 200)))
    never = draw(st.booleans())
    target = chosen._replace(
        active=True,
        last_touch=None if never else TODAY - late,
        created=TODAY - late if never else chosen.created,
    )
    return {**world, "accounts": [a for a in accounts if a is not chosen]}, target


@st.composite
def with_cold_contact(draw: st.DrawFn) -> tuple[dict[str, Any], ContactFacts]:
    """A contact past their cadence at one of the world's accounts, made active and warm."""
    world = draw(portfolios())
    accounts = world["accounts"]
    pick = draw(st.integers(0, len(accounts) - 1))
    warm = accounts[pick]._replace(active=True, last_touch=TODAY, renewal_date=None)
    cadence = draw(st.integers(1, 120))
    target = contact(
        99,
        warm.id,
        cadence=cadence,
        touched_days_ago=draw(st.none() | st.integers(cadence + 1, cadence + 300)),
    )
    world = {**world, "accounts": [*accounts[:pick], warm, *accounts[pick + 1 :]]}
    return world, target


@settings(max_examples=60, deadline=None)
@given(with_listed_follow_up(), st.integers(min_value=1, max_value=60))
def test_a_follow_up_never_ranks_lower_for_being_more_overdue(
    case: tuple[dict[str, Any], FollowUpFacts], more: int
) -> None:
    world, target = case
    assert_no_lower(
        world,
        "follow_ups",
        target,
        lambda f: f._replace(due_date=f.due_date - days(more)),
        item_of(TriageKind.FOLLOW_UP),
    )


@settings(max_examples=60, deadline=None)
@given(with_listed_complaint(), st.floats(min_value=0.5, max_value=24 * 20))
def test_a_complaint_never_ranks_lower_for_being_closer_to_or_past_its_sla(
    case: tuple[dict[str, Any], ComplaintFacts], hours: float
) -> None:
    world, target = case
    shift = timedelta(hours=hours)  # as if it had been opened that much earlier
    assert_no_lower(
        world,
        "complaints",
        target,
        lambda c: c._replace(opened_at=c.opened_at - shift, sla_due_at=c.sla_due_at - shift),
        item_of(TriageKind.COMPLAINT),
    )


@settings(max_examples=60, deadline=None)
@given(with_cold_account(), st.integers(min_value=1, max_value=120))
def test_an_account_never_ranks_lower_for_being_colder(
    case: tuple[dict[str, Any], AccountFacts], more: int
) -> None:
    world, target = case
    account_kinds = (TriageKind.GOING_COLD, TriageKind.RENEWAL)
    assert_no_lower(
        world,
        "accounts",
        target,
        colder(more),
        lambda a: lambda i: i.account_id == a.id and i.kind in account_kinds,
    )


@settings(max_examples=60, deadline=None)
@given(with_cold_contact(), st.integers(min_value=1, max_value=120))
def test_a_contact_never_ranks_lower_for_being_colder(
    case: tuple[dict[str, Any], ContactFacts], more: int
) -> None:
    world, target = case
    assert_no_lower(world, "contacts", target, colder(more), item_of(TriageKind.CONTACT_COLD))


def test_the_reason_texts_kept_for_reuse_stay_bounded_in_a_long_session() -> None:
    from sam_tui.domain import triage as rules

    # a cockpit open for months meets new amounts and day counts every day
    for n in range(10_000):
        assert rules._at_stake(100 * n, 3) == f"{n:,} at stake (+3)"
        rules._untouched(n, 30)
    for kept in (rules._at_stake, rules._untouched):
        assert kept.cache_info().currsize <= 4096
