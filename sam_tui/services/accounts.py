"""Account use cases: add, find by reference, list with health, show, edit, archive."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.cadence import Recency, account_cadence, recency
from sam_tui.domain.enums import AccountStatus, Severity, Tier
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound
from sam_tui.domain.health import HealthReport, OpenComplaint, assess
from sam_tui.domain.text import check_user_text
from sam_tui.store import db

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

    @property
    def recency(self) -> Recency:
        last = self.last_touch.date() if self.last_touch else None
        return recency(last, self.created, clock.today(), self.cadence_days)


def _summary_sql(where: str) -> str:
    return f"""
        SELECT a.id, a.name, a.tier, a.status, a.archived, a.industry, a.region,
               a.annual_value_cents, a.renewal_date, a.cadence_days, a.created_at,
               a.last_touch_at AS last_touch,
               (SELECT MIN(f.due_date) FROM follow_up f
                 WHERE f.account_id = a.id AND f.status = 'open') AS next_follow_up,
               (SELECT COUNT(*) FROM follow_up f
                 WHERE f.account_id = a.id AND f.status = 'open' AND f.due_date < :today)
                   AS overdue,
               (SELECT group_concat(c.severity || ':' || (c.sla_due_at <= :now), ',')
                  FROM complaint c
                 WHERE c.account_id = a.id
                   AND c.status IN ('open', 'in-progress', 'waiting-customer')) AS complaints,
               (SELECT group_concat(s.sentiment, ',') FROM
                   (SELECT i.sentiment FROM interaction i WHERE i.account_id = a.id
                     ORDER BY i.occurred_at DESC LIMIT 3) s) AS sentiments
          FROM account a
         WHERE {where}
         ORDER BY a.name_key
    """


def _local_date(stamp: str) -> date:
    return db.parse_ts(stamp).astimezone().date()


def _to_summary(row: sqlite3.Row, today: date) -> AccountSummary:
    tier = Tier(row["tier"])
    complaints = tuple(
        OpenComplaint(Severity(part.split(":")[0]), part.endswith(":1"))
        for part in (row["complaints"] or "").split(",")
        if part
    )
    sentiments = tuple(int(s) for s in (row["sentiments"] or "").split(",") if s)
    last_touch = db.opt_ts(row["last_touch"])
    cadence = account_cadence(tier, row["cadence_days"])
    created = _local_date(row["created_at"])
    renewal = db.opt_date(row["renewal_date"])
    rec = recency(last_touch.astimezone().date() if last_touch else None, created, today, cadence)
    health = assess(
        recency=rec,
        complaints=complaints,
        recent_sentiments=sentiments,
        overdue_follow_ups=row["overdue"],
        days_to_renewal=(renewal - today).days if renewal else None,
    )
    return AccountSummary(
        id=row["id"],
        name=row["name"],
        tier=tier,
        status=AccountStatus(row["status"]),
        archived=bool(row["archived"]),
        industry=row["industry"],
        region=row["region"],
        value_cents=row["annual_value_cents"],
        renewal_date=renewal,
        cadence_days=cadence,
        own_cadence=row["cadence_days"],
        created=created,
        last_touch=last_touch,
        next_follow_up=db.opt_date(row["next_follow_up"]),
        overdue_follow_ups=row["overdue"],
        open_complaints=complaints,
        recent_sentiments=sentiments,
        health=health,
    )


def summaries(
    conn: sqlite3.Connection,
    *,
    where: str = "a.archived = 0",
    params: dict[str, object] | None = None,
) -> list[AccountSummary]:
    now = clock.now()
    today = now.date()
    args: dict[str, object] = {"today": today.isoformat(), "now": db.ts(now), **(params or {})}
    return [_to_summary(r, today) for r in conn.execute(_summary_sql(where), args)]


# --- references -----------------------------------------------------------------------


def find(conn: sqlite3.Connection, ref: str, *, archived: bool = False) -> refs.Candidate:
    """The account ``ref`` designates (exact name, unique prefix or ``#ID``).

    Archived accounts are found only by ``#ID``/exact name, or when ``archived`` is True.
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
    live = [refs.Candidate(r["id"], r["name"]) for r in rows if archived or not r["archived"]]
    if live:
        return refs.resolve(ref, live)
    everyone = [
        refs.Candidate(r["id"], r["name"])
        for r in conn.execute("SELECT id, name FROM account WHERE archived = 0")
    ]
    if not everyone:
        raise NotFound(
            f"unknown account '{ref}': this database has no accounts yet "
            "(add one with `sam account add NAME`, or check --db / SAM_DB)"
        )
    raise NotFound(refs.suggest(ref, everyone))


def names(conn: sqlite3.Connection) -> list[refs.Candidate]:
    """Every live account, for completion and the command palette."""
    return [
        refs.Candidate(r["id"], r["name"])
        for r in conn.execute("SELECT id, name FROM account WHERE archived = 0 ORDER BY name_key")
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


def _check_unique(conn: sqlite3.Connection, key: str, except_id: int | None = None) -> None:
    row = conn.execute("SELECT id, name FROM account WHERE name_key = ?", (key,)).fetchone()
    if row is not None and row["id"] != except_id:
        raise Conflict(f"an account named '{row['name']}' already exists (#{row['id']})")


def add(conn: sqlite3.Connection, data: AccountInput, *, command: str = "account add") -> int:
    if data.name is None:
        raise InvalidInput("account name cannot be empty")
    values = data.columns()
    values.setdefault("tier", Tier.KEY.value)
    values.setdefault("status", AccountStatus.ACTIVE.value)
    values["archived"] = False
    if values["status"] == AccountStatus.PROSPECT.value:
        values.setdefault("prospect_stage", "identified")
    with db.write(conn, command, clock.now()) as tx:
        _check_unique(conn, str(values["name_key"]))
        return tx.insert("account", values)


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
            _check_unique(conn, str(values["name_key"]), except_id=account.id)
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


def summary(conn: sqlite3.Connection, account_id: int) -> AccountSummary:
    found = summaries(conn, where="a.id = :id", params={"id": account_id})
    if not found:
        raise NotFound(f"no account #{account_id}")
    return found[0]
