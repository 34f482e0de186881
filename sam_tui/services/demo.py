"""A believable demo portfolio, deterministic for a seed and dated relative to the clock."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sam_tui import clock
from sam_tui.domain import prospects as prospect_rules
from sam_tui.domain import refs
from sam_tui.domain.cadence import DEFAULT_CADENCE_DAYS, THREAD_WINDOW_DAYS
from sam_tui.domain.enums import Influence, Severity, Tier
from sam_tui.domain.errors import Conflict
from sam_tui.domain.sla import DEFAULT_SLA_DAYS
from sam_tui.services import demo_sales
from sam_tui.store import db
from sam_tui.store.sql import one_of

_PREFIXES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Oscorp",
    "Nakatomi",
    "Gringotts",
    "Monarch",
    "Aperture",
    "Massive",
    "Blue Sun",
    "Virtucon",
    "Pied Piper",
    "Dunder",
    "Prestige",
    "Sirius",
    "Ollivander",
    "Nordwind",
    "Helios",
    "Kestrel",
    "Meridian",
    "Arden",
    "Brightwater",
    "Cobalt",
    "Halcyon",
]
_SUFFIXES = [
    "Corp",
    "Industries",
    "Logistics",
    "Health",
    "Energy",
    "Foods",
    "Systems",
    "Bank",
    "Retail",
    "Pharma",
    "Motors",
    "Telecom",
    "Insurance",
    "Aerospace",
    "Labs",
    "Group",
]
_INDUSTRY = {
    "Logistics": "Logistics",
    "Health": "Healthcare",
    "Energy": "Energy",
    "Foods": "Food & Bev",
    "Systems": "Software",
    "Bank": "Financial services",
    "Retail": "Retail",
    "Pharma": "Pharma",
    "Motors": "Automotive",
    "Telecom": "Telecom",
    "Insurance": "Insurance",
    "Aerospace": "Aerospace",
    "Labs": "Biotech",
    "Corp": "Manufacturing",
    "Industries": "Manufacturing",
    "Group": "Conglomerate",
}
_REGIONS = ["North America", "EMEA", "DACH", "Nordics", "UK & Ireland", "APAC", "LATAM"]
_FIRST = [
    "Jane",
    "Omar",
    "Priya",
    "Lars",
    "Mei",
    "Carlos",
    "Sophie",
    "Tom",
    "Aisha",
    "Jonas",
    "Elena",
    "Marcus",
    "Yuki",
    "Grace",
    "Pedro",
    "Hannah",
    "Ravi",
    "Chloe",
    "Felix",
    "Nadia",
    "Ben",
    "Ingrid",
    "Kwame",
    "Laura",
    "Diego",
    "Sara",
    "Hugo",
    "Fatima",
    "Ian",
    "Zoe",
]
_LAST = [
    "Doe",
    "Haddad",
    "Sharma",
    "Nilsson",
    "Chen",
    "Ruiz",
    "Martin",
    "Becker",
    "Okafor",
    "Weber",
    "Rossi",
    "Brown",
    "Tanaka",
    "Kim",
    "Silva",
    "Schmidt",
    "Patel",
    "Dubois",
    "Novak",
    "Ali",
    "Larsen",
    "Mensah",
    "Garcia",
    "Costa",
    "Moreau",
    "Khan",
    "Murphy",
    "Fischer",
    "Evans",
    "Sato",
]
_ROLES = [
    ("CFO", "decision-maker"),
    ("CIO", "decision-maker"),
    ("COO", "decision-maker"),
    ("VP Procurement", "influencer"),
    ("Head of Operations", "champion"),
    ("IT Director", "champion"),
    ("Procurement Manager", "gatekeeper"),
    ("Finance Controller", "user"),
    ("Program Manager", "user"),
    ("Legal Counsel", "blocker"),
]
_TOUCHES = [
    ("call", "Weekly check-in: adoption on track", 0),
    ("call", "Discussed Q{q} priorities and budget timing", 0),
    ("email", "Sent the usage report and renewal options", 0),
    ("meeting", "Workshop on the rollout to two more sites", 1),
    ("meeting", "Roadmap review with their product team", 1),
    ("qbr", "QBR: value delivered, next-year goals agreed", 1),
    ("visit", "On-site visit, met the operations team", 1),
    ("chat", "Quick question on invoicing answered", 0),
    ("email", "Followed up on the security questionnaire", 0),
    ("call", "Escalation about delivery delays, agreed a recovery plan", -1),
    ("call", "Pricing pushback on the expansion quote", -1),
    ("note", "Heard through a partner they are evaluating a competitor", -1),
    ("call", "CFO agreed to a pilot in the new region", 1),
    ("email", "Shared the case study they asked for", 0),
]
_FOLLOW_UPS = [
    "Send the revised proposal",
    "Book the QBR",
    "Share the pilot success criteria",
    "Confirm renewal terms with procurement",
    "Introduce our solutions architect",
    "Chase the signed order form",
    "Send the security documentation",
    "Check in after the go-live",
    "Prepare the expansion business case",
    "Reply on the pricing question",
    "Set up the executive sponsor call",
]
_COMPLAINTS = [
    ("Invoices sent to the wrong cost centre", "finance"),
    ("Delivery two weeks late for the Berlin site", "logistics"),
    ("Outage during month-end close", "support"),
    ("Support tickets left unanswered for days", "support"),
    ("Quality issue on the last batch", "operations"),
    ("Data export missing fields since the update", "product"),
    ("Billing doubled after the contract change", "finance"),
    ("Onboarding consultant cancelled twice", "services"),
]


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


def is_demo(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM setting WHERE key = 'demo'").fetchone()
    return row is not None and row["value"] == "1"


def is_empty(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM account").fetchone()[0] == 0)


def _company_names(rng: random.Random, n: int) -> list[str]:
    combos = [f"{p} {s}" for p in _PREFIXES for s in _SUFFIXES]
    rng.shuffle(combos)
    if n <= len(combos):
        return combos[:n]
    # large portfolios (benchmarks): regions keep names readable and unique
    out = list(combos)
    round_ = 0
    while len(out) < n:
        region = _REGIONS[round_ % len(_REGIONS)]
        tag = f" {round_ // len(_REGIONS) + 2}" if round_ >= len(_REGIONS) else ""
        out.extend(f"{c} {region}{tag}" for c in combos[: n - len(out)])
        round_ += 1
    return out


def _at(day: date, rng: random.Random) -> str:
    local = datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))))
    return db.ts(local.astimezone())


def fill(
    conn: sqlite3.Connection, *, seed: int = 7, size: DemoSize | None = None, replace: bool = True
) -> dict[str, int]:
    """Fill an empty (or demo) database; returns how many rows of each kind were made."""
    size = size or DemoSize()
    if not is_empty(conn) and not is_demo(conn):
        raise Conflict(
            "this database already holds your own data; demo only fills an empty "
            "database or an earlier demo (use --db with a new file)"
        )
    rng = random.Random(seed)
    now = clock.now()
    today = now.date()
    counts: dict[str, int] = {}
    conn.execute("BEGIN IMMEDIATE")
    try:
        if replace:
            for table in (
                "forecast_snapshot",
                "objective_progress",
                "objective",
                "quota",
                "idea",
                "deal_stage_change",
                "deal",
                "complaint_update",
                "follow_up",
                "internal_request",
                "prospect_stage_change",
                "complaint",
                "interaction",
                "contact",
                "account",
                "change_log",
                "setting",
            ):
                conn.execute(f"DELETE FROM {table}")
        counts.update(_populate(conn, rng, now, today, size))
        # its own generator: the rest of the portfolio stays what it was for a seed
        for kind, made in _relationships(conn, random.Random(seed * 7919 + 1), now, today).items():
            counts[kind] = counts.get(kind, 0) + made
        counts.update(demo_sales.fill_sales(conn, seed=seed, now=now))
        conn.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?)",
            [("demo", "1"), ("demo.seed", str(seed))],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return counts


def _populate(
    conn: sqlite3.Connection, rng: random.Random, now: datetime, today: date, size: DemoSize
) -> dict[str, int]:
    stamp = db.ts(now)
    tiers = [Tier.STRATEGIC] * 5 + [Tier.KEY] * 11 + [Tier.GROWTH] * 9
    accounts: list[tuple[int, Tier, int, date]] = []
    account_rows = []
    for n, name in enumerate(_company_names(rng, size.accounts), start=1):
        tier = tiers[(n - 1) % len(tiers)]
        suffix = name.split()[1] if len(name.split()) > 1 else "Corp"
        status = "prospect" if n % 13 == 0 else "churned" if n % 29 == 0 else "active"
        value = {Tier.STRATEGIC: 900_000, Tier.KEY: 300_000, Tier.GROWTH: 80_000}[tier]
        value_cents = int(value * rng.uniform(0.5, 1.8)) // 1000 * 1000 * 100
        renewal = today + timedelta(days=rng.randint(-10, 365))
        created = today - timedelta(days=size.history_days + rng.randint(0, 200))
        cadence = DEFAULT_CADENCE_DAYS[tier]
        accounts.append((n, tier, cadence, created))
        account_rows.append(
            (
                n,
                name,
                refs.name_key(name),
                tier.value,
                status,
                0,
                _INDUSTRY.get(suffix, "Manufacturing"),
                rng.choice(_REGIONS),
                value_cents if status != "prospect" else None,
                renewal.isoformat() if status == "active" else None,
                None,
                None,
                "identified" if status == "prospect" else None,
                "Same profile as our best logistics accounts" if status == "prospect" else None,
                db.ts(datetime.combine(created, time(9)).astimezone()),
                stamp,
            )
        )
    conn.executemany(
        "INSERT INTO account (id, name, name_key, tier, status, archived, industry, region, "
        "annual_value_cents, renewal_date, cadence_days, notes, prospect_stage, fit_reason, "
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        account_rows,
    )
    contact_rows = []
    contacts_of: dict[int, list[int]] = {}
    contact_id = 0
    for account_id, _tier, _cadence, created in accounts:
        count = max(1, round(rng.gauss(size.contacts_per_account, 0.8)))
        for role, influence in rng.sample(_ROLES, min(count, len(_ROLES))):
            contact_id += 1
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            contacts_of.setdefault(account_id, []).append(contact_id)
            contact_rows.append(
                (
                    contact_id,
                    account_id,
                    f"{first} {last}",
                    role,
                    f"{first.lower()}.{last.lower()}@example.com",
                    None,
                    influence,
                    None,
                    db.ts(datetime.combine(created, time(9)).astimezone()),
                    stamp,
                )
            )
    conn.executemany(
        "INSERT INTO contact (id, account_id, name, role, email, phone, influence, "
        "cadence_days, notes, archived, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,NULL,0,?,?)",
        contact_rows,
    )
    interactions = _interactions(conn, rng, today, size, accounts, contacts_of)
    follow_ups = _follow_ups(conn, rng, today, stamp, size, accounts, contacts_of)
    complaints = _complaints(conn, rng, now, size, accounts)
    return {
        "accounts": len(account_rows),
        "contacts": len(contact_rows),
        "interactions": interactions,
        "follow_ups": follow_ups,
        "complaints": complaints,
    }


def _interactions(
    conn: sqlite3.Connection,
    rng: random.Random,
    today: date,
    size: DemoSize,
    accounts: list[tuple[int, Tier, int, date]],
    contacts_of: dict[int, list[int]],
) -> int:
    weight = {Tier.STRATEGIC: 1.6, Tier.KEY: 1.0, Tier.GROWTH: 0.5}
    total_weight = sum(weight[t] for _, t, _, _ in accounts) or 1.0
    budget = size.touches_per_account * len(accounts)
    rows: list[tuple[object, ...]] = []
    made = 0
    for account_id, tier, cadence, _created in accounts:
        touches = max(2, int(budget * weight[tier] / total_weight))
        # every fifth account has gone quiet: the cockpit should notice it going cold
        quiet = (
            cadence + rng.randint(5, 40) if account_id % 5 == 0 else rng.randint(0, cadence // 2)
        )
        last_day = today - timedelta(days=quiet)
        span = size.history_days - quiet
        for _ in range(touches):
            day = last_day - timedelta(days=int(rng.triangular(0, span, 0)))
            channel, summary, sentiment = rng.choice(_TOUCHES)
            people = contacts_of.get(account_id, [])
            who = rng.choice(people) if people and rng.random() < 0.8 else None
            rows.append(
                (
                    account_id,
                    who,
                    _at(day, rng),
                    channel,
                    "in" if rng.random() < 0.3 else "out",
                    summary.replace("{q}", str((day.month - 1) // 3 + 1)),
                    sentiment,
                )
            )
        rows.append(
            (
                account_id,
                contacts_of.get(account_id, [None])[0],
                _at(last_day, rng),
                "call",
                "out",
                "Caught up on open items",
                0,
            )
        )
        if len(rows) >= 50_000:
            made += _flush_interactions(conn, rows)
    return made + _flush_interactions(conn, rows)


def _flush_interactions(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> int:
    conn.executemany(
        "INSERT INTO interaction (account_id, contact_id, occurred_at, channel, direction, "
        "summary, sentiment, created_at) VALUES (?,?,?,?,?,?,?,?)",
        [(*r, r[2]) for r in rows],
    )
    count = len(rows)
    rows.clear()
    return count


def _morning(day: date, latest: str) -> str:
    """9:00 local on ``day``, but never later than ``latest`` (now): no rows from the future."""
    return min(db.ts(datetime.combine(day, time(9)).astimezone()), latest)


def _follow_ups(
    conn: sqlite3.Connection,
    rng: random.Random,
    today: date,
    stamp: str,
    size: DemoSize,
    accounts: list[tuple[int, Tier, int, date]],
    contacts_of: dict[int, list[int]],
) -> int:
    live = [a for a in accounts if a[0] % 29 != 0]
    rows: list[tuple[object, ...]] = []
    for n in range(size.open_follow_ups):
        account_id = live[n % len(live)][0] if n < len(live) else rng.choice(live)[0]
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
        priority = "high" if n % 7 == 0 else "low" if n % 5 == 4 else "normal"
        people = contacts_of.get(account_id, [])
        due = today + timedelta(days=offset)
        # promised a few days before it was due, and never in the future
        created = min(today - timedelta(days=n % 5), due - timedelta(days=3 + n % 9))
        rows.append(
            (
                account_id,
                rng.choice(people) if people else None,
                rng.choice(_FOLLOW_UPS),
                due.isoformat(),
                priority,
                "open",
                None,
                _morning(created, stamp),
                stamp,
            )
        )
    # history: promises kept, for the timeline
    done_count = size.open_follow_ups if size.done_follow_ups is None else size.done_follow_ups
    for n in range(done_count):
        account_id = rng.choice(live)[0]
        done = today - timedelta(days=rng.randint(3, size.history_days - 10))
        rows.append(
            (
                account_id,
                None,
                rng.choice(_FOLLOW_UPS),
                done.isoformat(),
                "normal",
                "done",
                _at(done, rng),
                _morning(done - timedelta(days=2 + n % 12), stamp),
                stamp,
            )
        )
    conn.executemany(
        "INSERT INTO follow_up (account_id, contact_id, title, due_date, priority, status, "
        "done_at, snooze_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,0,?,?)",
        rows,
    )
    return len(rows)


def _complaints(
    conn: sqlite3.Connection,
    rng: random.Random,
    now: datetime,
    size: DemoSize,
    accounts: list[tuple[int, Tier, int, date]],
) -> int:
    live = [a for a in accounts if a[0] % 13 != 0 and a[0] % 29 != 0]
    severities = [s.value for s in reversed(Severity)]
    # (severity, hours since opened, resolved?): two breached, one near, the rest spread
    plan = [
        ("high", 100, False),
        ("medium", 24 * 9, False),
        ("critical", 15, False),
        ("low", 24 * 3, False),
    ]
    made = 0
    for n in range(size.complaints):
        severity, age_h, resolved = (
            plan[n]
            if n < len(plan)
            else (rng.choice(severities), rng.randint(24 * 10, 24 * 300), True)
        )
        account_id = live[(n * 7) % len(live)][0]
        title, team = _COMPLAINTS[n % len(_COMPLAINTS)]
        opened = now - timedelta(hours=age_h)
        due = opened + timedelta(days=DEFAULT_SLA_DAYS[Severity(severity)])
        first = opened + timedelta(hours=rng.randint(2, 11)) if resolved or n % 2 else None
        # resolved within 12 days, never in the future
        latest = min(12.0, age_h / 24 - 0.5)
        resolved_at = opened + timedelta(days=rng.uniform(0.5, latest)) if resolved else None
        cursor = conn.execute(
            "INSERT INTO complaint (account_id, contact_id, title, severity, opened_at, "
            "first_response_at, sla_due_at, status, resolution, resolved_at, team, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                account_id,
                None,
                title,
                severity,
                db.ts(opened),
                first and db.ts(first),
                db.ts(due),
                "resolved" if resolved else "in-progress" if first else "open",
                "Fixed and credited the client" if resolved else None,
                resolved_at and db.ts(resolved_at),
                team,
                db.ts(opened),
                db.ts(now),
            ),
        )
        complaint_id = cursor.lastrowid
        if first is not None:
            conn.execute(
                "INSERT INTO complaint_update (complaint_id, at, text, status) VALUES (?,?,?,?)",
                (complaint_id, db.ts(first), f"Raised with {team}; client informed", "in-progress"),
            )
        if resolved_at is not None:
            conn.execute(
                "INSERT INTO complaint_update (complaint_id, at, text, status) VALUES (?,?,?,?)",
                (complaint_id, db.ts(resolved_at), "Fixed and credited the client", "resolved"),
            )
        made += 1
    return made


# name, industry, stage, days in the pipeline, fit reason, value estimate (whole units)
_PROSPECTS = [
    (
        "Adatum Freight",
        "Logistics",
        "identified",
        6,
        "Runs 40 depots on spreadsheets, like Acme before us",
        600_000,
    ),
    (
        "Contoso Pharma",
        "Pharma",
        "researching",
        25,
        "New cold-chain mandate from their regulator",
        900_000,
    ),
    (
        "Fabrikam Energy",
        "Energy",
        "contacted",
        40,
        "Their COO moved from one of our best accounts",
        750_000,
    ),
    (
        "Tailspin Aerospace",
        "Aerospace",
        "meeting",
        70,
        "Consolidating five suppliers into one next year",
        1_400_000,
    ),
    (
        "Litware Systems",
        "Software",
        "qualified",
        95,
        "Budget approved for H1; we fit their security checklist",
        500_000,
    ),
    (
        "Proseware Health",
        "Healthcare",
        "disqualified",
        50,
        "Growing fast in our strongest region",
        300_000,
    ),
    (
        "Wingtip Retail",
        "Retail",
        "converted",
        120,
        "Same store footprint as our retail references",
        450_000,
    ),
]
_STAGE_PATH = [s.value for s in prospect_rules.OPEN_STAGES]
_REQUESTS = [
    # team, ask, days since asked, due in (days), status, outcome
    ("finance", "Reissue the October invoices to the right cost centre", 9, -4, "open", None),
    (
        "product",
        "Roadmap date for the bulk export API",
        20,
        -2,
        "blocked",
        "Waiting for the Q1 planning decision",
    ),
    ("support", "Dedicated support engineer during their go-live week", 5, 6, "open", None),
    ("legal", "Redline of the data processing addendum", 12, -1, "open", None),
    (
        "logistics",
        "Root cause of the Berlin delivery delay",
        3,
        4,
        "blocked",
        "Carrier has not sent its report yet",
    ),
    (
        "finance",
        "Credit note for the delayed delivery",
        30,
        -20,
        "done",
        "Credit note CN-2211 sent to the client",
    ),
    ("product", "Add their two fields to the standard export", 14, 10, "open", None),
]
_IDEAS = [
    ("Consolidate their three contracts into one master agreement",
     "They pay three invoices and renew on three dates", "proposed"),
    ("Pilot the analytics add-on at the Lyon site", None, "discussed"),
    ("Offer a multi-year renewal with a volume discount",
     "Their CFO asked about budget certainty", "accepted"),
    ("Replace their in-house reporting with our dashboards", None, "rejected"),
    ("Training programme for their new planners", "Onboarding 20 people in Q1", "proposed"),
    ("Extend the pilot to the APAC warehouses", None, "discussed"),
]  # fmt: skip


# contacts who may get a cadence of their own in the demo
_REGULARS = (Influence.CHAMPION, Influence.USER, Influence.INFLUENCER)


def _relationships(
    conn: sqlite3.Connection, rng: random.Random, now: datetime, today: date
) -> dict[str, int]:
    """Prospects at every stage, internal requests, ideas, contacts with their own cadence
    and one single-threaded strategic account: the relationship side of the portfolio."""
    stamp = db.ts(now)

    def at(days_ago: int) -> str:
        return _at(today - timedelta(days=days_ago), rng)

    # the accounts made as prospects by _populate enter the pipeline when they were made
    for account_id, created in conn.execute(
        "SELECT id, created_at FROM account WHERE status = 'prospect' ORDER BY id"
    ).fetchall():
        conn.execute(
            "INSERT INTO prospect_stage_change (account_id, at, to_stage) VALUES (?, ?, ?)",
            (account_id, created, "identified"),
        )
    made_prospects = made_people = made_touches = 0
    for name, industry, stage, age, why, value in _PROSPECTS:
        converted = stage == "converted"
        cursor = conn.execute(
            "INSERT INTO account (name, name_key, tier, status, archived, industry, region, "
            "annual_value_cents, prospect_stage, fit_reason, disqualified_reason, created_at, "
            "updated_at) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?)",
            (
                name,
                refs.name_key(name),
                "strategic" if value >= 700_000 else "key",
                "active" if converted else "prospect",
                industry,
                rng.choice(_REGIONS),
                value * 100,
                stage,
                why,
                "No budget before 2028; revisit then" if stage == "disqualified" else None,
                at(age),
                stamp,
            ),
        )
        account_id = int(cursor.lastrowid or 0)
        # the path: one stage after another, spread over its time in the pipeline
        ends = {"converted": 5, "disqualified": 3}
        final = ends[stage] if stage in ends else _STAGE_PATH.index(stage) + 1
        path = _STAGE_PATH[:final] + ([] if stage in _STAGE_PATH else [stage])
        previous = None
        for n, step in enumerate(path):
            days_ago = age - (age * n) // len(path)
            note = "Not a fit for now: no budget before 2028" if step == "disqualified" else None
            conn.execute(
                "INSERT INTO prospect_stage_change (account_id, at, from_stage, to_stage, note) "
                "VALUES (?,?,?,?,?)",
                (account_id, at(days_ago), previous, step, note),
            )
            previous = step
        if final >= 3:  # contacted or further: someone there, and a touch
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            contact = conn.execute(
                "INSERT INTO contact (account_id, name, role, email, influence, archived, "
                "created_at, updated_at) VALUES (?,?,?,?,?,0,?,?)",
                (
                    account_id,
                    f"{first} {last}",
                    "COO",
                    f"{first.lower()}@example.com",
                    "champion",
                    at(age),
                    stamp,
                ),
            ).lastrowid
            made_people += 1
            made_touches += 1
            conn.execute(
                "INSERT INTO interaction (account_id, contact_id, occurred_at, channel, "
                "direction, summary, sentiment, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    account_id,
                    contact,
                    at(min(age, 8)),
                    "meeting",
                    "out",
                    "Intro meeting: walked through their consolidation plans",
                    1,
                    stamp,
                ),
            )
        made_prospects += 1

    live = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM account WHERE status = 'active' AND archived = 0 ORDER BY id"
        )
    ]
    # contacts with a cadence of their own: a weekly champion, a monthly user
    reachable, influences = one_of("c.influence", _REGULARS)
    for cadence, (contact_id,) in zip(
        (7, 30, 21),
        conn.execute(
            "SELECT c.id FROM contact c JOIN account a ON a.id = c.account_id "
            f"WHERE a.status = 'active' AND {reachable} ORDER BY c.id LIMIT 3",
            influences,
        ).fetchall(),
        strict=False,
    ):
        conn.execute("UPDATE contact SET cadence_days = ? WHERE id = ?", (cadence, contact_id))
    made_people += _single_thread(conn, today, stamp)

    complaint = conn.execute(
        "SELECT id, account_id FROM complaint WHERE status != 'resolved' ORDER BY id LIMIT 1"
    ).fetchone()
    made_requests = 0
    for n, (team, ask, asked, due_in, status, outcome) in enumerate(_REQUESTS):
        linked = complaint if n == 0 and complaint is not None else None
        account_id = linked[1] if linked else live[(n * 5 + 2) % len(live)]
        conn.execute(
            "INSERT INTO internal_request (account_id, complaint_id, team, ask, asked_at, "
            "due_date, status, outcome, done_at, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                account_id,
                linked[0] if linked else None,
                team,
                ask,
                at(asked),
                (today + timedelta(days=due_in)).isoformat(),
                status,
                outcome,
                at(max(0, asked - 10)) if status == "done" else None,
                at(asked),
                stamp,
            ),
        )
        made_requests += 1
    for n, (title, detail, status) in enumerate(_IDEAS):
        created = at(5 + 11 * n)
        conn.execute(
            "INSERT INTO idea (account_id, title, detail, status, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (live[(n * 3 + 1) % len(live)], title, detail, status, created, created),
        )
    return {
        "contacts": made_people,
        "interactions": made_touches,
        "prospects": made_prospects,
        "requests": made_requests,
        "ideas": len(_IDEAS),
    }


def _single_thread(conn: sqlite3.Connection, today: date, stamp: str) -> int:
    """The first warm strategic account talks to one person only, with two more on file."""

    def since(days: int) -> str:
        return db.ts(datetime.combine(today - timedelta(days=days), time(0)).astimezone())

    cutoff = since(THREAD_WINDOW_DAYS)
    for (account_id,) in conn.execute(
        "SELECT id FROM account WHERE tier = 'strategic' AND status = 'active' "
        "AND archived = 0 AND last_touch_at >= ? ORDER BY id",
        (since(DEFAULT_CADENCE_DAYS[Tier.STRATEGIC]),),
    ).fetchall():
        people = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM contact WHERE account_id = ? ORDER BY id", (account_id,)
            )
        ]
        if not people:
            continue
        # every recent touch with a person went through the first contact
        conn.execute(
            "UPDATE interaction SET contact_id = ? WHERE account_id = ? AND occurred_at >= ? "
            "AND contact_id IS NOT NULL",
            (people[0], account_id, cutoff),
        )
        extra = (
            ("Leila Haddad", "Head of Procurement", "gatekeeper"),
            ("Tomas Novak", "VP Finance", "influencer"),
        )[: max(0, 3 - len(people))]
        for name, role, influence in extra:
            conn.execute(
                "INSERT INTO contact (account_id, name, role, influence, archived, created_at, "
                "updated_at) VALUES (?,?,?,?,0,?,?)",
                (account_id, name, role, influence, stamp, stamp),
            )
        return len(extra)
    return 0
