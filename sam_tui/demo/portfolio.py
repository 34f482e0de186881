"""The demo's accounts, with their people, touches, promises kept and owed, and complaints."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sam_tui.demo.names import (
    COMPLAINTS,
    FIRST,
    FOLLOW_UPS,
    INDUSTRY,
    LAST,
    REGIONS,
    ROLES,
    TOUCHES,
    company_names,
)
from sam_tui.domain import refs
from sam_tui.domain.cadence import DEFAULT_CADENCE_DAYS, THREAD_WINDOW_DAYS
from sam_tui.domain.enums import (
    AccountStatus,
    ComplaintStatus,
    FollowUpStatus,
    Influence,
    Priority,
    ProspectStage,
    Severity,
    Tier,
)
from sam_tui.domain.sla import DEFAULT_SLA_DAYS
from sam_tui.store import db
from sam_tui.store.bulk import Loader

_ACTIVE = AccountStatus.ACTIVE
# contacts at active accounts who get a cadence of their own, the first three of them
REGULARS = (Influence.CHAMPION, Influence.USER, Influence.INFLUENCER)
# interactions are written in batches of this many: the large benchmark portfolio has
# a million of them
_BATCH = 50_000


@dataclass(frozen=True, slots=True)
class DemoSize:
    accounts: int = 25
    contacts_per_account: float = 2.4
    # average touches per account over the whole history
    touches_per_account: float = 34.0
    open_follow_ups: int = 30
    # promises already kept, for the timeline (None: as many as the open ones)
    done_follow_ups: int | None = None
    history_days: int = 548  # 18 months
    complaints: int = 8


class DemoAccount(NamedTuple):
    id: int
    name: str
    tier: Tier
    status: AccountStatus
    created_at: str  # as stored


@dataclass
class Portfolio:
    """What the later generators need to know of what was made, in id order."""

    accounts: list[DemoAccount] = field(default_factory=list)
    contacts_of: dict[int, list[int]] = field(default_factory=dict)
    # own cadences still to hand out to REGULARS, in contact order
    cadences: list[int] = field(default_factory=lambda: [7, 30, 21])
    # (id, account id) of the first complaint still open
    open_complaint: tuple[int, int] | None = None
    # the first warm strategic account with people on file: it talks to one of them only
    single_thread: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def active(self) -> list[DemoAccount]:
        return [a for a in self.accounts if a.status is _ACTIVE]

    def cadence_for(self, status: AccountStatus, influence: Influence | None) -> int | None:
        if status is _ACTIVE and influence in REGULARS and self.cadences:
            return self.cadences.pop(0)
        return None


def at_work(day: date, rng: random.Random) -> str:
    """A stored moment on ``day`` in working hours, local time."""
    local = datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))))
    return db.ts(local.astimezone())


def morning(day: date, latest: str) -> str:
    """9:00 local on ``day``, but never later than ``latest`` (now): no rows from the future."""
    return min(db.ts(datetime.combine(day, time(9)).astimezone()), latest)


def account_row(name: str, tier: Tier, status: AccountStatus, **more: object) -> dict[str, object]:
    """An account's row, with the keys its name is found by; not archived."""
    return {
        "name": name,
        "name_key": refs.name_key(name),
        "fold_key": refs.fold_key(name),
        "tier": tier,
        "status": status,
        "archived": False,
        **more,
    }


def populate(
    load: Loader, rng: random.Random, now: datetime, today: date, size: DemoSize
) -> Portfolio:
    made = Portfolio()
    stamp = db.ts(now)
    tiers = [Tier.STRATEGIC] * 5 + [Tier.KEY] * 11 + [Tier.GROWTH] * 9
    rows: list[dict[str, object]] = []
    for n, name in enumerate(company_names(rng, size.accounts), start=1):
        tier = tiers[(n - 1) % len(tiers)]
        suffix = name.split()[1] if len(name.split()) > 1 else "Corp"
        status = (
            AccountStatus.PROSPECT
            if n % 13 == 0
            else AccountStatus.CHURNED
            if n % 29 == 0
            else _ACTIVE
        )
        prospect = status is AccountStatus.PROSPECT
        value = {Tier.STRATEGIC: 900_000, Tier.KEY: 300_000, Tier.GROWTH: 80_000}[tier]
        value_cents = int(value * rng.uniform(0.5, 1.8)) // 1000 * 1000 * 100
        renewal = today + timedelta(days=rng.randint(-10, 365))
        created = today - timedelta(days=size.history_days + rng.randint(0, 200))
        created_at = db.ts(datetime.combine(created, time(9)).astimezone())
        made.accounts.append(DemoAccount(n, name, tier, status, created_at))
        rows.append(
            account_row(
                name,
                tier,
                status,
                id=n,
                industry=INDUSTRY.get(suffix, "Manufacturing"),
                region=rng.choice(REGIONS),
                annual_value_cents=None if prospect else value_cents,
                renewal_date=renewal if status is _ACTIVE else None,
                prospect_stage=ProspectStage.IDENTIFIED if prospect else None,
                fit_reason="Same profile as our best logistics accounts" if prospect else None,
                created_at=created_at,
                updated_at=stamp,
            )
        )
    load.add_many("account", rows)
    made.counts = {
        "accounts": len(rows),
        "contacts": _contacts(load, rng, size, made, stamp),
        "interactions": _interactions(load, rng, today, size, made),
        "follow_ups": _follow_ups(load, rng, today, stamp, size, made),
        "complaints": _complaints(load, rng, now, size, made),
    }
    return made


def _contacts(load: Loader, rng: random.Random, size: DemoSize, made: Portfolio, stamp: str) -> int:
    rows: list[dict[str, object]] = []
    for account in made.accounts:
        count = max(1, round(rng.gauss(size.contacts_per_account, 0.8)))
        for role, influence_text in rng.sample(ROLES, min(count, len(ROLES))):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            influence = Influence(influence_text)
            contact_id = len(rows) + 1
            made.contacts_of.setdefault(account.id, []).append(contact_id)
            rows.append(
                {
                    "id": contact_id,
                    "account_id": account.id,
                    "name": f"{first} {last}",
                    "role": role,
                    "email": f"{first.lower()}.{last.lower()}@example.com",
                    "influence": influence,
                    "cadence_days": made.cadence_for(account.status, influence),
                    "archived": False,
                    "created_at": account.created_at,
                    "updated_at": stamp,
                }
            )
    return load.add_many("contact", rows)


def _interactions(
    load: Loader, rng: random.Random, today: date, size: DemoSize, made: Portfolio
) -> int:
    weight = {Tier.STRATEGIC: 1.6, Tier.KEY: 1.0, Tier.GROWTH: 0.5}
    total_weight = sum(weight[a.tier] for a in made.accounts) or 1.0
    budget = size.touches_per_account * len(made.accounts)
    rows: list[dict[str, object]] = []
    count = 0
    for account in made.accounts:
        account_id, cadence = account.id, DEFAULT_CADENCE_DAYS[account.tier]
        touches = max(2, int(budget * weight[account.tier] / total_weight))
        # every fifth account has gone quiet: the cockpit should notice it going cold
        quiet = (
            cadence + rng.randint(5, 40) if account_id % 5 == 0 else rng.randint(0, cadence // 2)
        )
        last_day = today - timedelta(days=quiet)
        span = size.history_days - quiet
        people = made.contacts_of.get(account_id, [])
        first_row = len(rows)
        for _ in range(touches):
            day = last_day - timedelta(days=int(rng.triangular(0, span, 0)))
            channel, summary, sentiment = rng.choice(TOUCHES)
            who = rng.choice(people) if people and rng.random() < 0.8 else None
            when = at_work(day, rng)
            rows.append(
                {
                    "account_id": account_id,
                    "contact_id": who,
                    "occurred_at": when,
                    "channel": channel,
                    "direction": "in" if rng.random() < 0.3 else "out",
                    "summary": summary.replace("{q}", str((day.month - 1) // 3 + 1)),
                    "sentiment": sentiment,
                    "created_at": when,
                }
            )
        when = at_work(last_day, rng)
        rows.append(
            {
                "account_id": account_id,
                "contact_id": people[0] if people else None,
                "occurred_at": when,
                "channel": "call",
                "direction": "out",
                "summary": "Caught up on open items",
                "sentiment": 0,
                "created_at": when,
            }
        )
        _single_thread(made, account, people, rows[first_row:], today)
        if len(rows) >= _BATCH:
            count += load.add_many("interaction", rows)
            rows.clear()
    return count + load.add_many("interaction", rows)


def _since(today: date, days: int) -> str:
    return db.ts(datetime.combine(today - timedelta(days=days), time(0)).astimezone())


def _single_thread(
    made: Portfolio,
    account: DemoAccount,
    people: list[int],
    touches: list[dict[str, object]],
    today: date,
) -> None:
    """The first warm strategic account with people on file: every recent touch with a
    person went through its first contact (two more join it later, in ``relationships``)."""
    if made.single_thread is not None or not people:
        return
    if account.tier is not Tier.STRATEGIC or account.status is not _ACTIVE:
        return
    last = max(str(t["occurred_at"]) for t in touches)
    if last < _since(today, DEFAULT_CADENCE_DAYS[Tier.STRATEGIC]):
        return
    made.single_thread = account.id
    cutoff = _since(today, THREAD_WINDOW_DAYS)
    for touch in touches:
        if str(touch["occurred_at"]) >= cutoff and touch["contact_id"] is not None:
            touch["contact_id"] = people[0]


def _follow_ups(
    load: Loader, rng: random.Random, today: date, stamp: str, size: DemoSize, made: Portfolio
) -> int:
    # every 29th account: churned, unless the 13th-account rule made it a prospect first
    live = [a.id for a in made.accounts if a.id % 29 != 0]
    rows: list[dict[str, object]] = []
    for n in range(size.open_follow_ups):
        account_id = live[n % len(live)] if n < len(live) else rng.choice(live)
        bucket = n % 10
        offset = (
            -rng.randint(1, 12)
            if bucket < 3  # overdue
            else 0
            if bucket == 3  # due today
            else rng.randint(1, 6)
            if bucket < 7  # this week
            else rng.randint(7, 45)
        )
        priority = Priority.HIGH if n % 7 == 0 else Priority.LOW if n % 5 == 4 else Priority.NORMAL
        people = made.contacts_of.get(account_id, [])
        due = today + timedelta(days=offset)
        # promised a few days before it was due, and never in the future
        created = min(today - timedelta(days=n % 5), due - timedelta(days=3 + n % 9))
        rows.append(
            {
                "account_id": account_id,
                "contact_id": rng.choice(people) if people else None,
                "title": rng.choice(FOLLOW_UPS),
                "due_date": due,
                "priority": priority,
                "status": FollowUpStatus.OPEN,
                "done_at": None,
                "snooze_count": 0,
                "created_at": morning(created, stamp),
                "updated_at": stamp,
            }
        )
    # history: promises kept, for the timeline
    done_count = size.open_follow_ups if size.done_follow_ups is None else size.done_follow_ups
    for n in range(done_count):
        account_id = rng.choice(live)
        done = today - timedelta(days=rng.randint(3, size.history_days - 10))
        rows.append(
            {
                "account_id": account_id,
                "contact_id": None,
                "title": rng.choice(FOLLOW_UPS),
                "due_date": done,
                "priority": Priority.NORMAL,
                "status": FollowUpStatus.DONE,
                "done_at": at_work(done, rng),
                "snooze_count": 0,
                "created_at": morning(done - timedelta(days=2 + n % 12), stamp),
                "updated_at": stamp,
            }
        )
    return load.add_many("follow_up", rows)


def _complaints(
    load: Loader, rng: random.Random, now: datetime, size: DemoSize, made: Portfolio
) -> int:
    live = [a.id for a in made.accounts if a.status is _ACTIVE]
    severities = list(reversed(Severity))
    # (severity, hours since opened, resolved?): two breached, one near, the rest spread
    plan = [
        (Severity.HIGH, 100, False),
        (Severity.MEDIUM, 24 * 9, False),
        (Severity.CRITICAL, 15, False),
        (Severity.LOW, 24 * 3, False),
    ]
    for n in range(size.complaints):
        severity, age_h, resolved = (
            plan[n]
            if n < len(plan)
            else (rng.choice(severities), rng.randint(24 * 10, 24 * 300), True)
        )
        account_id = live[(n * 7) % len(live)]
        title, team = COMPLAINTS[n % len(COMPLAINTS)]
        opened = now - timedelta(hours=age_h)
        first = opened + timedelta(hours=rng.randint(2, 11)) if resolved or n % 2 else None
        # resolved within 12 days, never in the future
        latest = min(12.0, age_h / 24 - 0.5)
        resolved_at = opened + timedelta(days=rng.uniform(0.5, latest)) if resolved else None
        status = (
            ComplaintStatus.RESOLVED
            if resolved
            else ComplaintStatus.IN_PROGRESS
            if first
            else ComplaintStatus.OPEN
        )
        complaint_id = load.add(
            "complaint",
            {
                "account_id": account_id,
                "contact_id": None,
                "title": title,
                "severity": severity,
                "opened_at": opened,
                "first_response_at": first,
                "sla_due_at": opened + timedelta(days=DEFAULT_SLA_DAYS[severity]),
                "status": status,
                "resolution": "Fixed and credited the client" if resolved else None,
                "resolved_at": resolved_at,
                "team": team,
                "created_at": opened,
                "updated_at": now,
            },
        )
        if made.open_complaint is None and not resolved:
            made.open_complaint = (complaint_id, account_id)
        updates = [
            (first, f"Raised with {team}; client informed", ComplaintStatus.IN_PROGRESS),
            (resolved_at, "Fixed and credited the client", ComplaintStatus.RESOLVED),
        ]
        for moment, text, step in updates:
            if moment is not None:
                load.add(
                    "complaint_update",
                    {"complaint_id": complaint_id, "at": moment, "text": text, "status": step},
                )
    return size.complaints
