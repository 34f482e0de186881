"""The triage queue: everything that needs the manager today, scored and explained.

Over 450 lines on purpose: every kind of item is scored here, side by side, so their
scores stay comparable with each other (the table below is the contract).

The rule, also in README ("How sam ranks your day"): every item starts from a base
for its kind and how late it is, then moves by tier (strategic +10, key +5) and by
priority or severity. Items sort by score, then by due date, then account name.

| kind         | when it appears                                | base                            |
|--------------|------------------------------------------------|---------------------------------|
| complaint    | open and past its SLA, or near it (<= 24 h or  | past: 80 + 3/day late (max 15)  |
|              | the last quarter of its window)                | near: 60 + up to 15 as it nears |
| follow-up    | open and due today or earlier                  | overdue: 55 + 2/day (max 20);   |
|              |                                                | today: 45                       |
| renewal      | renewal within 90 days (or up to 30 days past) | 40 + up to 30 as the date nears |
|              | and no touch in the last min(cadence, 30) days |                                 |
| going cold   | active account past its cadence                | 35 + up to 20 as it gets colder |
| contact cold | decision-maker/champion or contact with its    | 30 + up to 15                   |
|              | own cadence, past it (account itself not cold) |                                 |
| request      | internal request open or blocked, past its due | 50 + 2/day late (max 20)        |
|              | date                                           |                                 |
| single-      | active strategic account, 2+ contacts, at most | 40; 45 when nobody was touched  |
| threaded     | one touched in 90 days (account itself not     |                                 |
|              | cold; rule in domain.cadence)                  |                                 |

Adjustments: complaint severity critical +10, high +5, low -5; no first response
yet +5; waiting on the customer -15. Follow-up priority high +10, low -10. A renewal
whose account is also past cadence absorbs the going-cold item: it scores at least what
going cold alone would, then +5. A cold account's item stands for its contacts going
cold and its being single-threaded, and keeps their reasons ("also ..."), not their
points. A key contact (decision-maker or champion) going cold +5. A blocked request +5;
a request raised for a complaint still open +5.

Sales items (tier adjustments apply too; a portfolio-wide objective has no tier):

| kind      | when it appears                                  | base                           |
|-----------|--------------------------------------------------|--------------------------------|
| deal      | open and past its expected close date            | 40 + 1/day late (max 15);      |
|           |                                                  | amount >= 1m +10, >= 100k +5   |
| objective | open, not yet due, at-risk or off-track          | off-track 45, at-risk 35;      |
|           | (domain.objectives.assess)                       | + up to 10 as the time runs out|
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from sam_tui.domain.cadence import (
    KEY_INFLUENCE,
    RENEWAL_HORIZON_DAYS,
    Recency,
    in_renewal_window,
    is_cold,
    recency,
    renewal_touch_days,
)
from sam_tui.domain.cadence import threads as find_threads
from sam_tui.domain.enums import ComplaintStatus, DealStage, Influence, Priority, Severity, Tier
from sam_tui.domain.money import format_money
from sam_tui.domain.objectives import ObjectiveStatus, assess
from sam_tui.domain.sla import describe_remaining, sla_state


class TriageKind(StrEnum):
    COMPLAINT = "complaint"
    FOLLOW_UP = "follow-up"
    RENEWAL = "renewal"
    GOING_COLD = "going-cold"
    CONTACT_COLD = "contact-cold"
    REQUEST = "request"
    SINGLE_THREADED = "single-threaded"
    DEAL = "deal"
    OBJECTIVE = "objective"


# how each kind reads in a list (`sam today`, the cockpit)
KIND_LABEL = {
    TriageKind.COMPLAINT: "complaint",
    TriageKind.FOLLOW_UP: "follow-up",
    TriageKind.RENEWAL: "renewal",
    TriageKind.GOING_COLD: "going cold",
    TriageKind.CONTACT_COLD: "contact",
    TriageKind.REQUEST: "request",
    TriageKind.SINGLE_THREADED: "one thread",
    TriageKind.DEAL: "deal",
    TriageKind.OBJECTIVE: "objective",
}
ACCOUNT_KINDS = frozenset({TriageKind.RENEWAL, TriageKind.GOING_COLD, TriageKind.SINGLE_THREADED})


def item_label(item: TriageItem) -> str:
    """``follow-up #12``; account-level items need no number, the account column says it."""
    label = KIND_LABEL[item.kind]
    return label if item.kind in ACCOUNT_KINDS else f"{label} #{item.ref_id}"


TIER_WEIGHT = {Tier.STRATEGIC: 10, Tier.KEY: 5, Tier.GROWTH: 0}
SEVERITY_WEIGHT = {Severity.CRITICAL: 10, Severity.HIGH: 5, Severity.MEDIUM: 0, Severity.LOW: -5}
PRIORITY_WEIGHT = {Priority.HIGH: 10, Priority.NORMAL: 0, Priority.LOW: -10}
# the renewal window (90 days ahead, 30 past) is shared with account health: domain.cadence
KEY_CONTACT_WEIGHT = 5
BLOCKED_WEIGHT = 5
_BLOCKED_REASON = f"blocked: chase or escalate (+{BLOCKED_WEIGHT})"
COMPLAINT_LINK_WEIGHT = 5


class AccountFacts(NamedTuple):
    id: int
    name: str
    tier: Tier
    cadence_days: int
    created: date
    last_touch: date | None
    renewal_date: date | None
    # only active accounts go cold or renew; prospects and churned ones do not
    active: bool = True
    # False: the caller found it within its cadence and with no renewal in the window and
    # read none of its dates (``created``, ``last_touch`` and ``renewal_date`` stand for
    # nothing): it names and weighs its records' items, and is not looked at for going
    # cold or renewing. The caller may only be wrong the other way (dated, yet quiet).
    dated: bool = True


class ContactFacts(NamedTuple):
    id: int
    account_id: int
    name: str
    role: str | None
    cadence_days: int
    created: date
    last_touch: date | None
    influence: Influence | None = None


class RequestFacts(NamedTuple):
    """An internal request still open or blocked: what a team owes one of our clients."""

    id: int
    account_id: int
    team: str
    ask: str
    due_date: date | None
    blocked: bool = False
    # set when it was raised for a complaint that is still open
    open_complaint_id: int | None = None


class ThreadFacts(NamedTuple):
    """Every live contact of one account: name and last touch (None: never)."""

    account_id: int
    contacts: tuple[tuple[str, date | None], ...]


class FollowUpFacts(NamedTuple):
    id: int
    account_id: int
    title: str
    due_date: date
    priority: Priority


class ComplaintFacts(NamedTuple):
    id: int
    account_id: int
    title: str
    severity: Severity
    status: ComplaintStatus
    opened_at: datetime
    sla_due_at: datetime
    first_response_at: datetime | None


class OpenDealFacts(NamedTuple):
    """An open deal with an expected close date (the service sends those already past it)."""

    id: int
    account_id: int
    name: str
    amount_cents: int
    stage: DealStage
    probability: int
    expected_close: date


class ObjectiveFacts(NamedTuple):
    """An open objective; ``account_id`` None for a portfolio-wide one."""

    id: int
    account_id: int | None
    title: str
    target: Decimal
    current: Decimal
    start: date
    due: date


# portfolio-wide objectives are listed under this pseudo-account (id 0, no tier weight)
PORTFOLIO = AccountFacts(0, "portfolio", Tier.GROWTH, 1, date.min, None, None, active=False)
DEAL_AMOUNT_WEIGHT = ((100_000_000, 10), (10_000_000, 5))  # cents: 1m +10, 100k +5

# The most an item of each kind can score, from the rules above (the largest base, every
# bonus, the strategic tier): the top of the queue can be known exactly from the kinds
# that may reach it, without scoring the rest (the cockpit's first frame, services.triage.head).
# tests/domain/test_domain_triage_ceiling.py holds every item to its ceiling.
CEILING = {
    # past SLA 80 + 15, critical +10, no first response +5, strategic +10
    TriageKind.COMPLAINT: 120,
    # overdue 55 + 20, high priority +10, strategic +10
    TriageKind.FOLLOW_UP: 95,
    # overdue 50 + 20, blocked +5, for an open complaint +5, strategic +10
    TriageKind.REQUEST: 90,
    # 40 + 30, strategic +10; a cold one is lifted to going cold's (at most 65), then +5
    TriageKind.RENEWAL: 85,
    # 40 + 15, 1m at stake +10, strategic +10
    TriageKind.DEAL: 75,
    # 35 + 20, strategic +10
    TriageKind.GOING_COLD: 65,
    # off-track 45, due date nearing +10, strategic +10
    TriageKind.OBJECTIVE: 65,
    # 30 + 15, key contact +5, strategic +10
    TriageKind.CONTACT_COLD: 60,
    # nobody touched 45, strategic +10
    TriageKind.SINGLE_THREADED: 55,
}


class TriageItem(NamedTuple):
    kind: TriageKind
    # the id of the follow-up, complaint, account or contact the item is about
    ref_id: int
    account_id: int
    account_name: str
    title: str
    due: date
    score: int
    reasons: tuple[str, ...] = ()
    # the moment it falls due, for what has a deadline to the minute (a complaint's SLA)
    due_at: datetime | None = None


# a TriageItem made straight from its values, without NamedTuple's Python-level __new__
_new_item = tuple.__new__


class _Draft:
    """An item being scored: mutable until ``freeze``. Only the items that may absorb
    another or be absorbed (complaints and the account's own: going cold, renewing, a
    contact going cold, single-threaded) are drafts; the others are made final at once
    (``_item``).

    Its reasons are written as it is scored. A book of 10,000 items writes 10,000
    explanations to print 30, so the texts that recur across a book (so many days late, a
    cadence, a stage) come from small caches: writing one costs about a lookup, and
    `sam today --json`, which shows every item, writes each text once.
    """

    __slots__ = ("kind", "ref_id", "account", "title", "due", "score", "reasons", "due_at")

    def __init__(
        self,
        kind: TriageKind,
        ref_id: int,
        account: AccountFacts,
        title: str,
        due: date,
        score: float,
        reason: str,
    ) -> None:
        """An item scoring ``score`` for ``reason``, the first of its reasons."""
        self.kind = kind
        self.ref_id = ref_id
        self.account = account
        self.title = title
        self.due = due
        self.score = score
        self.reasons = [reason]
        self.due_at: datetime | None = None

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    def freeze(self) -> TriageItem:
        # straight into the tuple (what TriageItem._make does, without its checks)
        return _new_item(
            TriageItem,
            (
                self.kind,
                self.ref_id,
                self.account.id,
                self.account.name,
                self.title,
                self.due,
                round(self.score),
                tuple(self.reasons),
                self.due_at,
            ),
        )


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


# The texts that recur across a book, each written once (see ``_Draft``); their arguments
# are small numbers of days and points, or a deal's amount. Bounded all the same: a
# cockpit left open for weeks adds a few each day (a book's queue needs far fewer).
cache = lru_cache(maxsize=4096)


@cache
def _overdue(late: int) -> str:
    return f"overdue by {_plural(late, 'day')}"


_describe = cache(Recency.describe)


@cache
def _renews(days_to: int) -> str:
    if days_to < 0:
        return f"renewal was due {_plural(-days_to, 'day')} ago: confirm it and set the next date"
    return "renews today" if days_to == 0 else f"renews in {_plural(days_to, 'day')}"


@cache
def _untouched(days_since: int, wanted: int) -> str:
    return f"no touch in {days_since} days (wanted: {wanted})"


@cache
def _close_passed(late: int) -> str:
    return f"expected to close {_plural(late, 'day')} ago: move the date or the stage"


@cache
def _odds(stage: DealStage, probability: int) -> str:
    return f"{stage.value}, {probability}%"


@cache
def _points(what: str, points: int) -> str:
    return f"{what} (+{points})"


@cache
def _at_stake(cents: int, points: int) -> str:
    return f"{format_money(cents)} at stake (+{points})"


_TIER_REASON = {tier: f"{tier.value} account (+{weight})" for tier, weight in TIER_WEIGHT.items()}
_SEVERITY_REASON = {
    severity: f"{severity.value} severity" + (f" ({weight:+d})" if weight else "")
    for severity, weight in SEVERITY_WEIGHT.items()
}
_PRIORITY_REASON = {p: f"{p.value} priority ({w:+d})" for p, w in PRIORITY_WEIGHT.items()}
_KEY_CONTACT_REASON = {i: f"key contact: {i} (+{KEY_CONTACT_WEIGHT})" for i in KEY_INFLUENCE}


def _with_tier(score: float, reasons: list[str], tier: Tier) -> float:
    """``score`` with the account's tier weighed in, its reason added to ``reasons``: the
    last part of every item's score."""
    weight = TIER_WEIGHT[tier]
    if weight:
        reasons.append(_TIER_REASON[tier])
    return score + weight


def _tier(draft: _Draft) -> None:
    draft.score = _with_tier(draft.score, draft.reasons, draft.account.tier)


def _complaint(c: ComplaintFacts, account: AccountFacts, now: datetime) -> _Draft | None:
    state = sla_state(c.opened_at, c.sla_due_at, now)
    if not (state.breached or state.near):
        return None
    if state.breached:
        late_days = -state.remaining / timedelta(days=1)
        base = 80 + min(15.0, 3 * late_days)
    else:
        base = 60 + 15 * (1 - state.remaining / state.threshold)
    due = c.sla_due_at.astimezone(now.tzinfo).date()
    reason = describe_remaining(state.remaining)
    draft = _Draft(TriageKind.COMPLAINT, c.id, account, c.title, due, base, reason)
    draft.due_at = c.sla_due_at
    draft.add(SEVERITY_WEIGHT[c.severity], _SEVERITY_REASON[c.severity])
    if c.first_response_at is None:
        draft.add(5, "no first response yet (+5)")
    if c.status is ComplaintStatus.WAITING_CUSTOMER:
        draft.add(-15, "waiting on the customer (-15)")
    _tier(draft)
    return draft


def _item(
    kind: TriageKind,
    ref_id: int,
    account: AccountFacts,
    title: str,
    due: date,
    score: float,
    reasons: list[str],
) -> TriageItem:
    """An item that is final once scored (a follow-up, a request, a deal, an objective: no
    item absorbs one, and none absorbs another), made at once, without a ``_Draft``:
    the tier weighed and frozen as a draft is, for the thousands of them in a book."""
    score = _with_tier(score, reasons, account.tier)
    return _new_item(
        TriageItem,
        (kind, ref_id, account.id, account.name, title, due, round(score), tuple(reasons), None),
    )


def _follow_up(f: FollowUpFacts, account: AccountFacts, today: date) -> TriageItem | None:
    if f.due_date > today:
        return None
    late = (today - f.due_date).days
    base, reason = (55 + min(20, 2 * late), _overdue(late)) if late else (45, "due today")
    reasons = [reason]
    weight = PRIORITY_WEIGHT[f.priority]
    if weight:
        base += weight
        reasons.append(_PRIORITY_REASON[f.priority])
    return _item(TriageKind.FOLLOW_UP, f.id, account, f.title, f.due_date, base, reasons)


def _cold(account: AccountFacts, rec: Recency, today: date) -> _Draft:
    went_cold = today - timedelta(days=rec.overdue_days)
    base = 35 + min(20.0, 20 * rec.overdue_days / rec.cadence)
    draft = _Draft(
        TriageKind.GOING_COLD, account.id, account, "going cold", went_cold, base, _describe(rec)
    )
    _tier(draft)
    return draft


def _renewal(account: AccountFacts, renewal: date, rec: Recency, today: date) -> _Draft | None:
    days_to = (renewal - today).days
    if not in_renewal_window(days_to):
        return None
    recent = renewal_touch_days(account.cadence_days)
    if not rec.never and rec.days_since <= recent:
        return None
    title = "renewal date passed" if days_to < 0 else "renewal coming up"
    base = 40 + 30 * (RENEWAL_HORIZON_DAYS - max(0, days_to)) / RENEWAL_HORIZON_DAYS
    draft = _Draft(TriageKind.RENEWAL, account.id, account, title, renewal, base, _renews(days_to))
    draft.reasons.append("never contacted" if rec.never else _untouched(rec.days_since, recent))
    _tier(draft)
    return draft


def _contact(contact: ContactFacts, account: AccountFacts, today: date) -> _Draft | None:
    rec = recency(contact.last_touch, contact.created, today, contact.cadence_days)
    if not rec.cold:
        return None
    role = f", {contact.role}" if contact.role else ""
    title = f"{contact.name}{role} going cold"
    went_cold = today - timedelta(days=rec.overdue_days)
    base = 30 + min(15.0, 15 * rec.overdue_days / rec.cadence)
    draft = _Draft(
        TriageKind.CONTACT_COLD, contact.id, account, title, went_cold, base, _describe(rec)
    )
    if contact.influence in KEY_INFLUENCE:
        draft.add(KEY_CONTACT_WEIGHT, _KEY_CONTACT_REASON[contact.influence])
    _tier(draft)
    return draft


def _request(r: RequestFacts, account: AccountFacts, today: date) -> TriageItem | None:
    if r.due_date is None or r.due_date >= today:
        return None
    title = f"{r.team}: {r.ask}"
    late = (today - r.due_date).days
    score, reasons = 50 + min(20, 2 * late), [_overdue(late)]
    if r.blocked:
        score += BLOCKED_WEIGHT
        reasons.append(_BLOCKED_REASON)
    if r.open_complaint_id is not None:
        score += COMPLAINT_LINK_WEIGHT
        reasons.append(
            f"for complaint #{r.open_complaint_id}, still open (+{COMPLAINT_LINK_WEIGHT})"
        )
    return _item(TriageKind.REQUEST, r.id, account, title, r.due_date, score, reasons)


def _single_threaded(facts: ThreadFacts, account: AccountFacts, today: date) -> _Draft | None:
    found = find_threads(facts.contacts, today)
    if not found.single:
        return None
    draft = _Draft(
        TriageKind.SINGLE_THREADED,
        account.id,
        account,
        "single-threaded",
        today,
        45 if not found.touched else 40,
        found.describe(),
    )
    _tier(draft)
    return draft


def _stake_points(cents: int) -> int:
    for threshold, points in DEAL_AMOUNT_WEIGHT:
        if cents >= threshold:
            return points
    return 0


def _deal(d: OpenDealFacts, account: AccountFacts, today: date) -> TriageItem | None:
    late = (today - d.expected_close).days
    if late <= 0:
        return None
    score, reasons = 40 + min(15, late), [_close_passed(late)]
    points = _stake_points(d.amount_cents)
    if points:
        score += points
        reasons.append(_at_stake(d.amount_cents, points))
    reasons.append(_odds(d.stage, d.probability))
    return _item(TriageKind.DEAL, d.id, account, d.name, d.expected_close, score, reasons)


def _objective(o: ObjectiveFacts, account: AccountFacts, today: date) -> TriageItem | None:
    if today > o.due:
        return None
    found = assess(o.target, o.current, o.start, o.due, today)
    if found.status not in (ObjectiveStatus.AT_RISK, ObjectiveStatus.OFF_TRACK):
        return None
    score = 45 if found.status is ObjectiveStatus.OFF_TRACK else 35
    reasons = [f"{found.status.value}: {found.reason}"]
    late = round(10 * found.elapsed)
    if late:
        score += late
        reasons.append(_points("due date nearing", late))
    return _item(TriageKind.OBJECTIVE, o.id, account, o.title, o.due, score, reasons)


class Queue(NamedTuple):
    """The ranked queue: the top items, explained, and how many there are in all."""

    # the first ``limit`` items in rank order (all of them without a limit)
    items: tuple[TriageItem, ...]
    # every item that needs the manager, listed or not
    total: int
    # the same, by kind
    counts: dict[TriageKind, int]
    # the active accounts past their cadence (listed or absorbed by a renewal), by id
    cold: dict[int, Recency]


def build_queue(
    *, now: datetime, accounts: Sequence[AccountFacts], **facts: Any
) -> list[TriageItem]:
    """Every item of the queue, explained: ``rank`` without a limit (same facts)."""
    return list(rank(now=now, accounts=accounts, **facts).items)


def rank(
    *,
    now: datetime,
    accounts: Sequence[AccountFacts],
    follow_ups: Iterable[FollowUpFacts] = (),
    complaints: Iterable[ComplaintFacts] = (),
    contacts: Iterable[ContactFacts] = (),
    requests: Iterable[RequestFacts] = (),
    threads: Iterable[ThreadFacts] = (),
    deals: Iterable[OpenDealFacts] = (),
    objectives: Iterable[ObjectiveFacts] = (),
    limit: int | None = None,
) -> Queue:
    """Rank what needs the manager at ``now``; list only the first ``limit`` items.

    Every item is scored and counted, so the order and the counts are those of the whole
    queue. Records of unknown accounts are ignored.
    """
    items, cold = _items(
        now,
        accounts,
        follow_ups,
        complaints,
        contacts,
        requests,
        threads,
        deals,
        objectives,
    )
    # each item's place (rank_key), built in one pass, and the items ordered by position,
    # keyed in C: no call per item (`sam today --json` ranks the whole book, 10,000
    # items). Items with the same key (none: kind and id tell them apart) would keep
    # their order, as ``sorted`` and ``nsmallest`` keep it.
    keys = [(-i[6], i[5], i[3].casefold(), i[0], i[1]) for i in items]
    if limit is None or limit >= len(items):
        order = sorted(range(len(items)), key=keys.__getitem__)
    else:
        order = heapq.nsmallest(limit, range(len(items)), key=keys.__getitem__)
    return Queue(
        items=tuple([items[n] for n in order]),
        total=len(items),
        counts=dict(Counter([i[0] for i in items])),
        cold=cold,
    )


def _absorb(renewal: _Draft, cold: _Draft, rec: Recency) -> None:
    """A renewal whose account went cold: one item, never less urgent than going cold."""
    lift = round(cold.score - renewal.score)
    if lift > 0:
        renewal.add(lift, _points("at least as urgent as going cold alone", lift))
    renewal.add(5, _points(_describe(rec), 5))


def _keep_reason(absorber: _Draft, absorbed: _Draft) -> None:
    """An item that absorbs another keeps what it said: a cold account's item still tells
    that its champion has not been spoken to for 117 days (issue 14). Its score stays."""
    absorber.reasons.append(f"also {absorbed.title}: {absorbed.reasons[0]}")


def _items(
    now: datetime,
    accounts: Sequence[AccountFacts],
    follow_ups: Iterable[FollowUpFacts],
    complaints: Iterable[ComplaintFacts],
    contacts: Iterable[ContactFacts],
    requests: Iterable[RequestFacts],
    threads: Iterable[ThreadFacts],
    deals: Iterable[OpenDealFacts],
    objectives: Iterable[ObjectiveFacts],
) -> tuple[list[TriageItem], dict[int, Recency]]:
    """Every item, scored; and the accounts gone cold (active ones past their cadence),
    with how cold. The items that may absorb others, or be absorbed, are drafts until
    every item is scored; the rest are made final at once (``_item``)."""
    today = now.date()
    by_id = {a.id: a for a in accounts}
    drafts: list[_Draft | TriageItem] = []
    for c in complaints:
        if c.status is ComplaintStatus.RESOLVED or c.account_id not in by_id:
            continue
        if (d := _complaint(c, by_id[c.account_id], now)) is not None:
            drafts.append(d)
    account_of = by_id.get
    for f in follow_ups:
        if (owner := account_of(f.account_id)) is not None and (
            item := _follow_up(f, owner, today)
        ):
            drafts.append(item)
    cold_accounts: dict[int, Recency] = {}
    # the item standing for each cold account (going cold, or the renewal that absorbed it)
    absorbers: dict[int, _Draft] = {}
    for account in accounts:
        if not account.active or not account.dated:
            continue
        renews = account.renewal_date
        if (renews is None or not in_renewal_window((renews - today).days)) and not is_cold(
            account.last_touch, account.created, today, account.cadence_days
        ):
            continue  # most of a book: within cadence, no renewal near
        rec = recency(account.last_touch, account.created, today, account.cadence_days)
        renewal = (
            _renewal(account, account.renewal_date, rec, today) if account.renewal_date else None
        )
        if rec.cold:
            cold_accounts[account.id] = rec
            if renewal is not None:
                _absorb(renewal, _cold(account, rec, today), rec)
                absorbers[account.id] = renewal
            else:
                absorbers[account.id] = _cold(account, rec, today)
                drafts.append(absorbers[account.id])
        if renewal is not None:
            drafts.append(renewal)
    for contact in contacts:
        account_facts = by_id.get(contact.account_id)
        if account_facts is None or not account_facts.active:
            continue
        d = _contact(contact, account_facts, today)
        if d is not None and contact.account_id in cold_accounts:
            _keep_reason(absorbers[contact.account_id], d)
        elif d is not None:
            drafts.append(d)
    for r in requests:
        if (owner := account_of(r.account_id)) is not None and (item := _request(r, owner, today)):
            drafts.append(item)
    for t in threads:
        account_facts = by_id.get(t.account_id)
        # strategic, active and warm: a cold account's own item already says "call them"
        if (
            account_facts is None
            or not account_facts.active
            or account_facts.tier is not Tier.STRATEGIC
        ):
            continue
        d = _single_threaded(t, account_facts, today)
        if d is not None and t.account_id in cold_accounts:
            _keep_reason(absorbers[t.account_id], d)
        elif d is not None:
            drafts.append(d)
    for deal in deals:
        if (owner := account_of(deal.account_id)) is not None and (
            item := _deal(deal, owner, today)
        ):
            drafts.append(item)
    for objective in objectives:
        owner = PORTFOLIO if objective.account_id is None else by_id.get(objective.account_id)
        if owner is not None and (item := _objective(objective, owner, today)):
            drafts.append(item)
    return [d.freeze() if isinstance(d, _Draft) else d for d in drafts], cold_accounts


def rank_key(item: TriageItem) -> tuple[int, date, str, str, int]:
    """The triage order: score (highest first), then due date, account name, kind, id.
    Items from several books (a team's) merge in this same order."""
    return (-item.score, item.due, item.account_name.casefold(), item.kind.value, item.ref_id)
