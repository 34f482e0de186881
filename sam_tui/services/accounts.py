"""Account use cases: add, find by reference, list with health, show, edit, archive.

Over 450 lines on purpose: the account is where every other record hangs, and its
references, the accounts table's read model (``AccountFilter``, ``summaries``) and its
writes are read and changed together.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import objectives as objective_rules
from sam_tui.domain import refs
from sam_tui.domain.cadence import Recency, account_cadence, recency
from sam_tui.domain.enums import (
    CLOSED_STAGES,
    OPEN_COMPLAINT_STATUSES,
    OPEN_REQUEST_STATUSES,
    OPEN_STAGES,
    AccountStatus,
    DealStage,
    ProspectStage,
    Severity,
    Tier,
)
from sam_tui.domain.errors import Ambiguous, Conflict, InvalidInput, NotFound
from sam_tui.domain.health import (
    LOOKBACK_DAYS,
    DealFact,
    Health,
    HealthReport,
    ObjectiveFact,
    OpenComplaint,
    assess,
)
from sam_tui.domain.text import check_user_text, one_line
from sam_tui.services import measures
from sam_tui.store import db
from sam_tui.store.sql import Where, tuples

# U+10FFFF sorts after every character, so [key, key + MAX) is "starts with key"
# and the lookup stays on the unique index of name_key.
_MAX_CHAR = "\U0010ffff"


class AccountSummary(NamedTuple):
    """One row of the accounts table, with everything triage and health need."""

    id: int
    name: str
    tier: Tier
    status: AccountStatus
    archived: bool
    industry: str | None
    region: str | None
    value_cents: int | None
    renewal_date: date | None
    cadence_days: int
    own_cadence: int | None
    created: date
    last_touch: datetime | None
    next_follow_up: date | None
    overdue_follow_ups: int
    open_complaints: tuple[OpenComplaint, ...]
    recent_sentiments: tuple[int, ...]
    health: HealthReport
    # open or blocked internal requests past their due date
    overdue_requests: int = 0
    # the account's open objectives, assessed, and its deals that weigh on health
    objectives: tuple[ObjectiveFact, ...] = ()
    deals: tuple[DealFact, ...] = ()
    # the local day of ``last_touch`` (what cadence and "5d ago" count from)
    last_touch_day: date | None = None

    @property
    def recency(self) -> Recency:
        return recency(self.last_touch_day, self.created, clock.today(), self.cadence_days)


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts ``summaries`` lists: every condition given must hold (None: any)."""

    tier: Tier | None = None
    statuses: frozenset[AccountStatus] | None = None
    # False: live accounts only; True: the archived ones as well
    archived: bool = False
    ids: tuple[int, ...] | None = None
    # renewal date within [renews_from, renews_until], either end optional
    renews_from: date | None = None
    renews_until: date | None = None
    # kept after health is assessed (it is not stored)
    health: Health | None = None

    def where(self) -> Where:
        # "+": archived, tier and status select most of a portfolio; kept off their index,
        # SQLite walks the name index in order and the accounts table streams, first row
        # at once, instead of computing every row's figures to sort them first
        where = Where()
        if not self.archived:
            where.add("+a.archived = 0")
        if self.tier is not None:
            where.add("+a.tier = ?", self.tier.value)
        if self.statuses is not None:
            where.one_of("+a.status", [s for s in AccountStatus if s in self.statuses])
        if self.ids is not None and len(self.ids) == 1:
            where.add("a.id = ?", self.ids[0])
        elif self.ids is not None:
            # one bound JSON list, however many accounts (bound parameters are limited)
            where.add("a.id IN (SELECT value FROM json_each(?))", json.dumps(list(self.ids)))
        if self.renews_from is not None:
            where.add("a.renewal_date >= ?", self.renews_from.isoformat())
        if self.renews_until is not None:
            where.add("a.renewal_date <= ?", self.renews_until.isoformat())
        return where


# The portfolio as the accounts table shows it: live accounts; prospects have their own list.
LISTED = frozenset(AccountStatus) - {AccountStatus.PROSPECT}
PORTFOLIO = AccountFilter(statuses=LISTED)
# The accounts reports weigh: live and active.
ACTIVE = AccountFilter(statuses=frozenset({AccountStatus.ACTIVE}))
EVERY = AccountFilter(archived=True)


def _summary_query(which: AccountFilter) -> tuple[str, list[object]]:
    """The accounts table's SELECT and its parameters, in the order of their ``?``.

    Open complaints, follow-ups and overdue requests are read apart, once for every
    account (``_open_complaints``, ``_open_follow_ups``, ``_overdue_requests``), not looked
    up once per account."""
    where = which.where()
    sql = f"""
        SELECT a.id, a.name, a.tier, a.status, a.archived, a.industry, a.region,
               a.annual_value_cents, a.renewal_date, a.cadence_days,
               -- local days worked out in SQLite (C), not per row in Python
               date(a.created_at, 'localtime'), a.last_touch_at AS last_touch,
               date(a.last_touch_at, 'localtime'),
               -- kept by triggers: a lookup per account was a tenth of a list's time
               a.recent_sentiments AS sentiments
          FROM account a{where.sql}
         ORDER BY a.fold_key
    """
    return sql, where.params


_TIERS = {t.value: t for t in Tier}
_STATUSES = {s.value: s for s in AccountStatus}
_SEVERITIES = {s.value: s for s in Severity}
_STAGES = {s.value: s for s in DealStage}
# read once: an enum member read off its class goes through EnumType's __getattr__ hook
# (~0.5 us), once per account
_ACTIVE = AccountStatus.ACTIVE
# builds a NamedTuple from a tuple in its fields' order without its __new__, a Python
# function with one parameter per field (a third of building a summary)
_new = tuple.__new__


def _to_summary(
    row: tuple[Any, ...],
    today: date,
    complaints: tuple[OpenComplaint, ...] = (),
    overdue_requests: int = 0,
    objectives: tuple[ObjectiveFact, ...] = (),
    deals: tuple[DealFact, ...] = (),
    follow_ups: tuple[str, int] | None = None,
    parsed: dict[str, tuple[int, ...]] | None = None,
) -> AccountSummary:
    """One row of ``_summary_query`` (unpacked by position: 10,000 rows, 14 columns), with
    its open follow-ups' next due day and overdue count (None: none open). ``parsed``: the
    sentiment lists already read, by their stored text (shared by the rows of one read)."""
    (
        ident,
        name,
        tier_text,
        status_text,
        archived,
        industry,
        region,
        value,
        renewal_text,
        own_cadence,
        created_day,
        last_touch_at,
        last_touch_day,
        sentiment_text,
    ) = row
    tier = _TIERS[tier_text]
    status = _STATUSES[status_text]
    next_follow_up, overdue = follow_ups or ("", 0)
    sentiments: tuple[int, ...] = ()
    if sentiment_text:
        # a few hundred distinct lists over 9,000 active accounts: each parsed once
        known = parsed.get(sentiment_text) if parsed is not None else None
        if known is None:
            known = tuple(map(int, sentiment_text.split(",")))
            if parsed is not None:
                parsed[sentiment_text] = known
        sentiments = known
    cadence = account_cadence(tier, own_cadence)
    created = date.fromisoformat(created_day)
    renewal = None if renewal_text is None else date.fromisoformat(renewal_text)
    touched = date.fromisoformat(last_touch_day) if last_touch_day else None
    rec = recency(touched, created, today, cadence)
    health = assess(
        recency=rec,
        complaints=complaints,
        recent_sentiments=sentiments,
        overdue_follow_ups=overdue,
        days_to_renewal=(renewal - today).days if renewal else None,
        overdue_requests=overdue_requests,
        objectives=objectives,
        deals=deals,
        # the accounts triage watches; the others are not expected to hear from you
        active=status is _ACTIVE and not archived,
    )
    return _new(
        AccountSummary,
        (
            ident,
            name,
            tier,
            status,
            bool(archived),
            industry,
            region,
            value,
            renewal,
            cadence,
            own_cadence,
            created,
            None if last_touch_at is None else datetime.fromisoformat(last_touch_at),
            date.fromisoformat(next_follow_up) if next_follow_up else None,
            overdue,
            complaints,
            sentiments,
            health,
            overdue_requests,
            objectives,
            deals,
            touched,
        ),
    )


def _scope(ids: Iterable[int] | None, column: str, *clauses: str) -> Where:
    """``clauses``, and ``column IN (...)`` for a few accounts (none for a whole portfolio)."""
    where = Where(*clauses)
    return where if ids is None else where.one_of(column, ids)


def _open_complaints(
    conn: sqlite3.Connection, now: datetime, ids: list[int] | None
) -> dict[int, tuple[OpenComplaint, ...]]:
    """Each account's open complaints (past SLA at ``now`` or not), by status then age."""
    where = _scope(ids, "account_id").one_of("status", OPEN_COMPLAINT_STATUSES)
    rows = conn.execute(
        f"SELECT account_id, status, id, severity, sla_due_at <= ? FROM complaint{where.sql}",
        [db.ts(now), *where.params],
    ).fetchall()
    found: dict[int, list[OpenComplaint]] = {}
    for account_id, _, _, severity, breached in sorted(tuple(r) for r in rows):
        found.setdefault(account_id, []).append(
            OpenComplaint(_SEVERITIES[severity], bool(breached))
        )
    return {account_id: tuple(each) for account_id, each in found.items()}


def _open_follow_ups(
    conn: sqlite3.Connection, today: date, ids: list[int] | None
) -> dict[int, tuple[str, int]]:
    """Each account with open follow-ups: the next one's due day and how many are overdue.
    One pass over the open ones (a lookup per account cost twice as much on 9,000)."""
    where = _scope(ids, "account_id", "status = 'open'")
    rows = tuples(conn).execute(
        "SELECT account_id, MIN(due_date), COUNT(*) FILTER (WHERE due_date < ?)"
        f" FROM follow_up{where.sql} GROUP BY account_id",
        [today.isoformat(), *where.params],
    )
    return {account_id: (due, overdue) for account_id, due, overdue in rows}


def _overdue_requests(
    conn: sqlite3.Connection, today: date, ids: list[int] | None
) -> dict[int, int]:
    """How many open or blocked internal requests each account has past their due date."""
    where = _scope(ids, "account_id").one_of("status", OPEN_REQUEST_STATUSES)
    where.add("due_date < ?", today.isoformat())
    rows = conn.execute(
        f"SELECT account_id, COUNT(*) FROM internal_request{where.sql} GROUP BY account_id",
        where.params,
    )
    return {r[0]: r[1] for r in rows}


def _objective_facts(
    conn: sqlite3.Connection, today: date, ids: list[int] | None
) -> dict[int, tuple[ObjectiveFact, ...]]:
    where = _scope(ids, "account_id", "closed = 0", "account_id IS NOT NULL")
    found: dict[int, list[ObjectiveFact]] = {}
    rows = conn.execute(
        "SELECT account_id, title, target_value, current_value, start_date, due_date, measure "
        f"FROM objective{where.sql} ORDER BY due_date",
        where.params,
    )
    for r in rows:
        try:
            target, current = Decimal(r["target_value"]), Decimal(r["current_value"])
        except InvalidOperation:
            continue  # not a number: the objectives commands refuse it; skip rather than fail
        if not target.is_finite() or not current.is_finite() or target <= 0:
            continue
        start, due = date.fromisoformat(r["start_date"]), date.fromisoformat(r["due_date"])
        current = measures.current(conn, r["measure"], current, r["account_id"], start, due, today)
        status = objective_rules.assess(target, current, start, due, today).status
        found.setdefault(r["account_id"], []).append(
            ObjectiveFact(r["title"], status, (today - due).days)
        )
    return {account_id: tuple(each) for account_id, each in found.items()}


def _deal_facts(
    conn: sqlite3.Connection, today: date, ids: list[int] | None
) -> dict[int, tuple[DealFact, ...]]:
    since = db.ts(
        datetime.combine(
            today - timedelta(days=LOOKBACK_DAYS + 1), datetime.min.time()
        ).astimezone()
    )
    # open deals, and deals closed lately (a win or a loss weighs for LOOKBACK_DAYS)
    open_deals = _scope(ids, "d.account_id").one_of("d.stage", OPEN_STAGES)
    closed_deals = _scope(ids, "d.account_id").one_of("d.stage", CLOSED_STAGES)
    closed_deals.add("d.closed_at >= ?", since)
    # the local day of the last change (a closed deal's: its closing), worked out in
    # SQLite (C), not per deal in Python
    select = """SELECT d.account_id, d.name, d.stage, d.expected_close,
                       date(coalesce({closed}(SELECT max(s.at) FROM deal_stage_change s
                                               WHERE s.deal_id = d.id),
                                     d.created_at), 'localtime')
                  FROM deal d"""
    rows = tuples(conn).execute(
        f"{select.format(closed='')}{open_deals.sql} UNION ALL "
        f"{select.format(closed='d.closed_at, ')}{closed_deals.sql}",
        [*open_deals.params, *closed_deals.params],
    )
    found: dict[int, list[DealFact]] = {}
    fromiso = date.fromisoformat
    for account_id, name, stage_text, close_text, changed in rows:
        found.setdefault(account_id, []).append(
            _new(
                DealFact,
                (
                    name,
                    _STAGES[stage_text],
                    None if close_text is None else (fromiso(close_text) - today).days,
                    max(0, (today - fromiso(changed)).days),
                ),
            )
        )
    return {account_id: tuple(each) for account_id, each in found.items()}


def summaries(conn: sqlite3.Connection, which: AccountFilter = PORTFOLIO) -> list[AccountSummary]:
    """The accounts ``which`` selects, by name, each with its health assessed."""
    # a handful of accounts (show, one summary): fetch just their objectives and deals
    few = which.ids if which.ids is not None and len(which.ids) <= 50 else None
    return list(each_summary(conn, which, few=few))


def each_summary(
    conn: sqlite3.Connection,
    which: AccountFilter = PORTFOLIO,
    *,
    few: Iterable[int] | None = None,
) -> Iterator[AccountSummary]:
    """``summaries``, one at a time as they are read: a list of 10,000 accounts prints its
    first row at once. ``few``: the only accounts whose objectives and deals to read
    (None: the whole portfolio's, in one query each)."""
    now = clock.now()
    today = now.date()
    ids = None if few is None else list(few)
    objectives = _objective_facts(conn, today, ids)
    deals = _deal_facts(conn, today, ids)
    complaints = _open_complaints(conn, now, ids)
    requests = _overdue_requests(conn, today, ids)
    follow_ups = _open_follow_ups(conn, today, ids)
    parsed: dict[str, tuple[int, ...]] = {}
    wanted = which.health
    for r in tuples(conn).execute(*_summary_query(which)):
        ident = r[0]
        found = _to_summary(
            r,
            today,
            complaints.get(ident, ()),
            requests.get(ident, 0),
            objectives.get(ident, ()),
            deals.get(ident, ()),
            follow_ups.get(ident),
            parsed,
        )
        if wanted is None or found.health.health is wanted:
            yield found


# --- references -----------------------------------------------------------------------


def find(conn: sqlite3.Connection, ref: str, *, archived: bool = False) -> refs.Candidate:
    """The account ``ref`` designates: ``#ID``, the exact name, a unique prefix, or the
    name folded (``domain.refs``: ``muller`` for "Müller-Thurgau"), in that order.

    Archived accounts are found by ``#ID``/exact name, when ``archived`` is True, or when
    ``ref`` designates one of them and no live account.
    Both lookups are range scans of an index (``name_key``, then ``fold_key``).
    """
    ident = refs.parse_id_ref(ref)
    if ident is not None:
        row = conn.execute("SELECT id, name FROM account WHERE id = ?", (ident,)).fetchone()
        if row is None:
            raise NotFound(f"no account #{ident}")
        return refs.Candidate(row["id"], row["name"])
    key = refs.name_key(ref)
    if not key:
        raise InvalidInput("account reference is empty")
    rows = conn.execute(
        "SELECT id, name, archived FROM account WHERE name_key >= ? AND name_key < ?",
        (key, key + _MAX_CHAR),
    ).fetchall()
    exact = [r for r in rows if refs.name_key(r["name"]) == key]
    if exact:
        return refs.Candidate(exact[0]["id"], exact[0]["name"])
    folded = refs.fold_key(ref)
    if folded and not any(archived or not r["archived"] for r in rows):
        rows = conn.execute(
            "SELECT id, name, archived FROM account WHERE fold_key >= ? AND fold_key < ?",
            (folded, folded + _MAX_CHAR),
        ).fetchall()
    live = [refs.Candidate(r["id"], r["name"]) for r in rows if archived or not r["archived"]]
    if live:
        return refs.resolve(ref, live)
    if rows:
        # only archived accounts match: the one meant is found, as by its exact name, so
        # that a new record on it is refused with how to unarchive (``require_live``)
        # rather than called unknown; several stay unknown, with the live suggestions
        try:
            return refs.resolve(ref, [refs.Candidate(r["id"], r["name"]) for r in rows])
        except (Ambiguous, NotFound):
            pass
    everyone = names(conn)
    if not everyone:
        raise NotFound(
            f"unknown account '{ref}': this database has no accounts yet "
            "(add one with `sam account add NAME`, or check --db / SAM_DB)"
        )
    raise NotFound(refs.suggest(ref, everyone))


def require_live(conn: sqlite3.Connection, account: refs.Candidate, then: str = "first") -> None:
    """Refuse new records on an archived account: out of lists and triage, they would vanish.

    ``then`` ends the advice: "first", or what unarchiving allows ("to log on it again").
    """
    row = conn.execute("SELECT archived FROM account WHERE id = ?", (account.id,)).fetchone()
    if row is not None and row["archived"]:
        raise Conflict(
            f"account '{account.name}' is archived; run `sam account unarchive "
            f"'#{account.id}'` {then}"
        )


def find_live(conn: sqlite3.Connection, ref: str, then: str = "first") -> refs.Candidate:
    """``find``, for a new record: an archived account is refused (``require_live``)."""
    account = find(conn, ref)
    require_live(conn, account, then)
    return account


def names(conn: sqlite3.Connection) -> list[refs.Candidate]:
    """Every live account, for completion and the command palette."""
    return [
        refs.Candidate(r["id"], r["name"])
        for r in conn.execute("SELECT id, name FROM account WHERE archived = 0 ORDER BY fold_key")
    ]


# --- writes ------------------------------------------------------------------------------


class AccountInput(NamedTuple):
    """Fields of an account as the user gave them; None means "not given"."""

    name: str | None = None
    tier: Tier | None = None
    status: AccountStatus | None = None
    industry: str | None = None
    region: str | None = None
    value_cents: int | None = None
    renewal_date: date | None = None
    cadence_days: int | None = None
    notes: str | None = None

    def columns(self) -> dict[str, object]:
        values: dict[str, object] = {}
        if self.name is not None:
            name = check_user_text(self.name, "account name")
            if name.startswith("#"):
                raise InvalidInput(
                    f"account names cannot start with '#' ('{name}'): #12 means the account "
                    "with ID 12"
                )
            values["name"] = name
            values["name_key"] = refs.name_key(name)
            values["fold_key"] = refs.fold_key(name)
        for column, value in (
            ("tier", self.tier),
            ("status", self.status),
            ("industry", self.industry),
            ("region", self.region),
            ("annual_value_cents", self.value_cents),
            ("renewal_date", self.renewal_date),
            ("cadence_days", self.cadence_days),
            ("notes", self.notes),
        ):
            if value is not None:
                values[column] = value.value if isinstance(value, Tier | AccountStatus) else value
        if self.cadence_days is not None and self.cadence_days <= 0:
            raise InvalidInput(
                f"cadence must be a positive number of days, not {self.cadence_days}"
            )
        if self.value_cents is not None and self.value_cents < 0:
            raise InvalidInput("annual value cannot be negative")
        for text_column in ("industry", "region", "notes"):
            if isinstance(values.get(text_column), str):
                values[text_column] = str(values[text_column]).strip() or None
        return values


# Columns derived from the name (for lookups): never shown as a change of their own.
NAME_KEYS = ("name_key", "fold_key")


def _check_unique(
    conn: sqlite3.Connection, values: dict[str, object], except_id: int | None = None
) -> None:
    """Refuse a name another account has, or has but for accents, case, spaces and
    punctuation: `sam log societe` would go to whichever of "Société Générale" and
    "Societe Generale" sorts first, not to the one the manager has always meant."""
    row = conn.execute(
        "SELECT id, name FROM account WHERE name_key = ?", (values["name_key"],)
    ).fetchone()
    if row is not None and row["id"] != except_id:
        raise Conflict(f"an account named '{row['name']}' already exists (#{row['id']})")
    check_folded(conn, values, except_id)


def check_folded(
    conn: sqlite3.Connection, values: dict[str, object], except_id: int | None = None
) -> None:
    """The second half of ``_check_unique`` (prospects have their own first half)."""
    name = str(values["name"])
    if not values["fold_key"] or not refs.latin_only(name):
        return
    rows = conn.execute(
        "SELECT id, name, archived FROM account WHERE fold_key = ? AND id IS NOT ?",
        (values["fold_key"], except_id),
    ).fetchall()
    other = next((r for r in rows if refs.latin_only(r["name"])), None)
    if other is None:
        return
    archived = " (archived: `sam account unarchive` brings it back)" if other["archived"] else ""
    raise Conflict(
        f"'{one_line(name)}' is the name of '{one_line(other['name'])}' (#{other['id']}){archived} "
        "but for accents, case or punctuation, and names are matched without them: give it "
        "a name of its own (its city or division, say)"
    )


def add(conn: sqlite3.Connection, data: AccountInput, *, command: str = "account add") -> int:
    if data.name is None:
        raise InvalidInput("account name cannot be empty")
    values = data.columns()
    values.setdefault("tier", Tier.KEY.value)
    values.setdefault("status", AccountStatus.ACTIVE.value)
    values["archived"] = False
    prospect = values["status"] == AccountStatus.PROSPECT.value
    if prospect:
        values.setdefault("prospect_stage", ProspectStage.IDENTIFIED.value)
    with db.write(conn, command, clock.now()) as tx:
        _check_unique(conn, values)
        new_id = tx.insert("account", values)
        if prospect:
            # the prospect pipeline's history starts with the account (services.prospects)
            tx.insert(
                "prospect_stage_change",
                {"account_id": new_id, "at": tx.now, "to_stage": values["prospect_stage"]},
            )
        return new_id


def _check_status_change(
    conn: sqlite3.Connection, tx: db.Tx, account: refs.Candidate, values: dict[str, object]
) -> None:
    """A prospect leaves the pipeline through `sam prospect advance`, which keeps its history;
    an account that becomes a prospect again (a win-back) re-enters it at identified."""
    if "status" not in values:
        return
    row = conn.execute(
        "SELECT status, prospect_stage FROM account WHERE id = ?", (account.id,)
    ).fetchone()
    before, after = row["status"], values["status"]
    if before == after:
        return
    if before == AccountStatus.PROSPECT.value:
        raise Conflict(
            f"'{account.name}' is a prospect: convert it with `sam prospect advance "
            f"'#{account.id}' converted`, or disqualify it with --reason"
        )
    if after == AccountStatus.PROSPECT.value:
        values["prospect_stage"] = ProspectStage.IDENTIFIED.value
        values["disqualified_reason"] = None
        tx.insert(
            "prospect_stage_change",
            {
                "account_id": account.id,
                "at": tx.now,
                "from_stage": row["prospect_stage"],
                "to_stage": ProspectStage.IDENTIFIED.value,
                "note": f"back to prospect (was {before})",
            },
        )


def edit(
    conn: sqlite3.Connection, ref: str, data: AccountInput, *, clear: tuple[str, ...] = ()
) -> str:
    """Apply the given fields; ``clear`` names optional fields to empty. Returns the name."""
    values = data.columns()
    clearable = {
        "industry",
        "region",
        "renewal_date",
        "cadence_days",
        "notes",
        "annual_value_cents",
    }
    for column in clear:
        if column not in clearable:
            raise InvalidInput(f"cannot clear {column}")
        values[column] = None
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with db.write(conn, "account edit", clock.now()) as tx:
        account = find(conn, ref, archived=True)
        if "name_key" in values:
            _check_unique(conn, values, except_id=account.id)
        _check_status_change(conn, tx, account, values)
        tx.update("account", account.id, values)
        return str(values.get("name", account.name))


def set_archived(conn: sqlite3.Connection, ref: str, archived: bool) -> refs.Candidate:
    with db.write(conn, "account archive" if archived else "account unarchive", clock.now()) as tx:
        account = find(conn, ref, archived=True)
        row = conn.execute("SELECT archived FROM account WHERE id = ?", (account.id,)).fetchone()
        if bool(row["archived"]) == archived:
            state = "already archived" if archived else "not archived"
            raise Conflict(f"account '{account.name}' is {state}")
        tx.update("account", account.id, {"archived": archived})
        return account


def notes(conn: sqlite3.Connection, account_id: int) -> str | None:
    """The account's free notes (not part of its summary: the edit form shows them)."""
    row = conn.execute("SELECT notes FROM account WHERE id = ?", (account_id,)).fetchone()
    return None if row is None else row["notes"]


def summary(conn: sqlite3.Connection, account_id: int) -> AccountSummary:
    found = summaries(conn, AccountFilter(ids=(account_id,), archived=True))
    if not found:
        raise NotFound(f"no account #{account_id}")
    return found[0]
