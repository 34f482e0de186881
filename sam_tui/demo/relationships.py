"""The relationship side of the demo: prospects at every stage, internal requests, ideas,
contacts with their own cadence and one single-threaded strategic account."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sam_tui.demo.names import FIRST, IDEAS, LAST, PROSPECTS, REGIONS, REQUESTS
from sam_tui.demo.portfolio import DemoAccount, Portfolio, account_row, at_work
from sam_tui.domain.enums import AccountStatus, Influence, ProspectStage, RequestStatus, Tier
from sam_tui.domain.prospects import OPEN_STAGES
from sam_tui.store import db
from sam_tui.store.bulk import Loader

# a stored moment so many days before today, in working hours
AtDaysAgo = Callable[[int], str]
# the people a single-threaded account has on file besides the one it talks to
_BYSTANDERS = (
    ("Leila Haddad", "Head of Procurement", Influence.GATEKEEPER),
    ("Tomas Novak", "VP Finance", Influence.INFLUENCER),
)


def fill(
    load: Loader, rng: random.Random, now: datetime, today: date, made: Portfolio
) -> dict[str, int]:
    stamp = db.ts(now)

    def at(days_ago: int) -> str:
        return at_work(today - timedelta(days=days_ago), rng)

    # the accounts made as prospects enter the pipeline when they were made
    for account in made.accounts:
        if account.status is AccountStatus.PROSPECT:
            load.add(
                "prospect_stage_change",
                {
                    "account_id": account.id,
                    "at": account.created_at,
                    "to_stage": ProspectStage.IDENTIFIED,
                },
            )
    people = touches = 0
    for name, industry, stage_text, age, why, value in PROSPECTS:
        stage = ProspectStage(stage_text)
        status = (
            AccountStatus.ACTIVE if stage is ProspectStage.CONVERTED else AccountStatus.PROSPECT
        )
        tier = Tier.STRATEGIC if value >= 700_000 else Tier.KEY
        region = rng.choice(REGIONS)
        created_at = at(age)
        account_id = load.add(
            "account",
            account_row(
                name,
                tier,
                status,
                industry=industry,
                region=region,
                annual_value_cents=value * 100,
                prospect_stage=stage,
                fit_reason=why,
                disqualified_reason=(
                    "No budget before 2028; revisit then"
                    if stage is ProspectStage.DISQUALIFIED
                    else None
                ),
                created_at=created_at,
                updated_at=stamp,
            ),
        )
        made.accounts.append(DemoAccount(account_id, name, tier, status, created_at))
        _pipeline(load, account_id, stage, age, at)
        if stage not in OPEN_STAGES[:2]:  # contacted or further: someone there, and a touch
            first, last = rng.choice(FIRST), rng.choice(LAST)
            contact_id = load.add(
                "contact",
                {
                    "account_id": account_id,
                    "name": f"{first} {last}",
                    "role": "COO",
                    "email": f"{first.lower()}@example.com",
                    "influence": Influence.CHAMPION,
                    "cadence_days": made.cadence_for(status, Influence.CHAMPION),
                    "archived": False,
                    "created_at": at(age),
                    "updated_at": stamp,
                },
            )
            load.add(
                "interaction",
                {
                    "account_id": account_id,
                    "contact_id": contact_id,
                    "occurred_at": at(min(age, 8)),
                    "channel": "meeting",
                    "direction": "out",
                    "summary": "Intro meeting: walked through their consolidation plans",
                    "sentiment": 1,
                    "created_at": stamp,
                },
            )
            people += 1
            touches += 1
    people += _bystanders(load, made, stamp)
    live = [a.id for a in made.active()]
    return {
        "contacts": people,
        "interactions": touches,
        "prospects": len(PROSPECTS),
        "requests": _requests(load, made, live, today, stamp, at),
        "ideas": _ideas(load, live, at),
    }


def _pipeline(load: Loader, account_id: int, stage: ProspectStage, age: int, at: AtDaysAgo) -> None:
    """The path: one stage after another, spread over its time in the pipeline."""
    ends = {ProspectStage.CONVERTED: 5, ProspectStage.DISQUALIFIED: 3}
    final = ends[stage] if stage in ends else OPEN_STAGES.index(stage) + 1
    path = [*OPEN_STAGES[:final], *([] if stage in OPEN_STAGES else [stage])]
    previous = None
    for n, step in enumerate(path):
        note = (
            "Not a fit for now: no budget before 2028"
            if step is ProspectStage.DISQUALIFIED
            else None
        )
        load.add(
            "prospect_stage_change",
            {
                "account_id": account_id,
                "at": at(age - (age * n) // len(path)),
                "from_stage": previous,
                "to_stage": step,
                "note": note,
            },
        )
        previous = step


def _bystanders(load: Loader, made: Portfolio, stamp: str) -> int:
    """The single-threaded account gets people it does not talk to, up to three on file."""
    if made.single_thread is None:
        return 0
    on_file = len(made.contacts_of[made.single_thread])
    extra = _BYSTANDERS[: max(0, 3 - on_file)]
    for name, role, influence in extra:
        load.add(
            "contact",
            {
                "account_id": made.single_thread,
                "name": name,
                "role": role,
                "influence": influence,
                "archived": False,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
    return len(extra)


def _requests(
    load: Loader, made: Portfolio, live: list[int], today: date, stamp: str, at: AtDaysAgo
) -> int:
    for n, (team, ask, asked, due_in, status_text, outcome) in enumerate(REQUESTS):
        status = RequestStatus(status_text)
        linked = made.open_complaint if n == 0 else None
        asked_at = at(asked)
        done_at = at(max(0, asked - 10)) if status is RequestStatus.DONE else None
        load.add(
            "internal_request",
            {
                "account_id": linked[1] if linked else live[(n * 5 + 2) % len(live)],
                "complaint_id": linked[0] if linked else None,
                "team": team,
                "ask": ask,
                "asked_at": asked_at,
                "due_date": today + timedelta(days=due_in),
                "status": status,
                "outcome": outcome,
                "done_at": done_at,
                "created_at": at(asked),
                "updated_at": stamp,
            },
        )
    return len(REQUESTS)


def _ideas(load: Loader, live: list[int], at: AtDaysAgo) -> int:
    for n, (title, detail, status) in enumerate(IDEAS):
        created = at(5 + 11 * n)
        load.add(
            "idea",
            {
                "account_id": live[(n * 3 + 1) % len(live)],
                "title": title,
                "detail": detail,
                "status": status,
                "created_at": created,
                "updated_at": created,
            },
        )
    return len(IDEAS)
