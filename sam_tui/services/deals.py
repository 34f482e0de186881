"""Deal use cases: add, move through the stages, win, lose, edit, list; every change kept.

Each deal has a history in ``deal_stage_change``: one row when it is created and one for
every stage move and every change of amount, expected close date, forecast category or
own probability, each holding the deal's state after the change, when it took effect
and when it was recorded: ``domain.history`` rebuilds the deals (and the forecast) as
they stood at any moment from it. Won and lost set
``closed_at`` (``--when`` backdates it); moving a closed deal back to an open stage
reopens it: ``closed_at`` and the lost reason are cleared.

Over 450 lines on purpose: every write here records its history row in the same
transaction, and the reads (lists, moves, facts for metrics) rebuild from that history;
one module keeps the contract between them in view.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import dates, refs
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory
from sam_tui.domain.errors import Conflict, DateParseError, InvalidInput, NotFound
from sam_tui.domain.history import DRIFT, HistoryRow
from sam_tui.domain.money import MAX_CENTS, format_money
from sam_tui.domain.periods import Period
from sam_tui.domain.sales import (
    CLOSED_STAGES,
    OPEN_STAGES,
    DealFacts,
    effective_probability,
    is_closed,
    next_renewal,
    stage_probabilities,
    weighted,
)
from sam_tui.domain.text import check_user_text
from sam_tui.services import settings
from sam_tui.store import db
from sam_tui.store.sql import Where, given, one_of, tuples

# services.accounts (health, lists) is imported where a deal is looked up by its account:
# `sam today` reads deal facts and probabilities only, and its start-up is budgeted.


class StageChangeRow(NamedTuple):
    at: datetime
    from_stage: DealStage | None
    to_stage: DealStage
    amount_cents: int
    expected_close: date | None
    category: ForecastCategory
    # what this row changed, in words: "proposal → negotiation", "amount 10,000 → 12,000"
    changes: tuple[str, ...]
    # the deal's own probability after it (None: its stage's)
    probability: int | None = None


class RenewalMove(NamedTuple):
    """Winning a renewal deal moves its account's renewal date: from ``before`` to ``after``."""

    account_id: int
    account_name: str
    before: date | None
    after: date


class DealRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    name: str
    amount_cents: int
    kind: DealKind
    stage: DealStage
    own_probability: int | None
    probability: int  # in force: own, else the stage's (settings applied)
    category: ForecastCategory
    expected_close: date | None
    lost_reason: str | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    history: tuple[StageChangeRow, ...] = ()
    # set by the write that won a renewal deal: where the account's renewal date went
    renewal: RenewalMove | None = None

    @property
    def is_open(self) -> bool:
        return not is_closed(self.stage)

    @property
    def weighted_cents(self) -> int:
        return weighted(self.amount_cents, self.probability)

    def overdue(self, today: date) -> bool:
        """Open and past its expected close date."""
        return self.is_open and self.expected_close is not None and self.expected_close < today


_SELECT = """
    SELECT d.id, d.account_id, a.name AS account_name, d.name, d.amount_cents, d.kind, d.stage,
           d.probability, d.forecast_category, d.expected_close, d.lost_reason, d.closed_at,
           d.created_at, d.updated_at
      FROM deal d
      JOIN account a ON a.id = d.account_id
"""


def probabilities(conn: sqlite3.Connection) -> dict[DealStage, int]:
    """Every stage's default probability, with the database's settings applied."""
    return stage_probabilities(settings.probability_overrides(conn))


def _row(
    r: sqlite3.Row, table: dict[DealStage, int], history: tuple[StageChangeRow, ...] = ()
) -> DealRow:
    stage = DealStage(r["stage"])
    return DealRow(
        id=r["id"],
        account_id=r["account_id"],
        account_name=r["account_name"],
        name=r["name"],
        amount_cents=r["amount_cents"],
        kind=DealKind(r["kind"]),
        stage=stage,
        own_probability=r["probability"],
        probability=effective_probability(stage, r["probability"], table),
        category=ForecastCategory(r["forecast_category"]),
        expected_close=db.opt_date(r["expected_close"]),
        lost_reason=r["lost_reason"],
        closed_at=db.opt_ts(r["closed_at"]),
        created_at=db.parse_ts(r["created_at"]),
        updated_at=db.parse_ts(r["updated_at"]),
        history=history,
    )


def _describe(
    before: StageChangeRow | HistoryRow | None,
    from_stage: DealStage | None,
    to_stage: DealStage,
    amount_cents: int,
    expected_close: date | None,
    category: ForecastCategory,
    probability: int | None,
) -> tuple[str, ...]:
    """What a history row changed from ``before`` (None: it created the deal), given the
    state it recorded."""
    # the stages and categories formatted as themselves (StrEnum: their value), not
    # through ``.value``, a property: a year's report describes ~15,000 rows
    if before is None:
        close = expected_close.isoformat() if expected_close else "no close date"
        return (f"created in {to_stage}: {format_money(amount_cents)}, {category}, {close}",)
    said: list[str] = []
    if from_stage is not None and from_stage is not to_stage:
        said.append(f"{from_stage} → {to_stage}")
    if before.amount_cents != amount_cents:
        said.append(f"amount {format_money(before.amount_cents)} → {format_money(amount_cents)}")
    if before.expected_close != expected_close:
        old = before.expected_close.isoformat() if before.expected_close else "none"
        new = expected_close.isoformat() if expected_close else "none"
        said.append(f"close date {old} → {new}")
    if before.category is not category:
        said.append(f"category {before.category} → {category}")
    if before.probability != probability and from_stage is to_stage:
        old_p = "the stage's" if before.probability is None else f"{before.probability}%"
        new_p = "the stage's" if probability is None else f"{probability}%"
        said.append(f"probability {old_p} → {new_p}")
    return tuple(said)


_HISTORY = (
    "SELECT c.at, c.from_stage, c.to_stage, c.amount_cents, c.expected_close, "
    "c.forecast_category, c.probability FROM deal_stage_change c"
)


def _described(rows: Iterable[Sequence[Any]]) -> list[StageChangeRow]:
    """One deal's stored history rows (``_HISTORY``'s columns, in id order), each with
    what it changed in words."""
    out: list[StageChangeRow] = []
    previous: StageChangeRow | None = None
    parse, fromiso = datetime.fromisoformat, date.fromisoformat
    for at, from_stage, to_stage, amount, close, category, probability in rows:
        # enum members looked up by value, each row built once: a year's report
        # describes ~15,000 rows
        came = _STAGES[from_stage] if from_stage else None
        stage = _STAGES[to_stage]
        day = fromiso(close) if close else None
        kind = _CATEGORIES[category]
        previous = StageChangeRow(
            parse(at),
            came,
            stage,
            amount,
            day,
            kind,
            _describe(previous, came, stage, amount, day, kind, probability),
            probability,
        )
        out.append(previous)
    return out


def history(conn: sqlite3.Connection, deal_id: int) -> tuple[StageChangeRow, ...]:
    """The deal's changes in the order they were recorded (a backdated win keeps its place)."""
    rows = conn.execute(_HISTORY + " WHERE c.deal_id = ? ORDER BY c.id", (deal_id,))
    return tuple(_described(tuple(r) for r in rows))


def get(conn: sqlite3.Connection, deal_id: int) -> DealRow:
    """One deal with its history."""
    row = conn.execute(_SELECT + " WHERE d.id = ?", (deal_id,)).fetchone()
    if row is None:
        raise NotFound(f"no deal #{deal_id}")
    return _row(row, probabilities(conn), history(conn, deal_id))


def list_deals(
    conn: sqlite3.Connection,
    *,
    open_only: bool = False,
    account_ref: str | None = None,
    stage: DealStage | None = None,
) -> list[DealRow]:
    """Open deals by expected close (undated last), then closed ones, latest first."""
    where = Where()
    if open_only:
        where.one_of("d.stage", OPEN_STAGES)
    if stage is not None:
        where.add("d.stage = ?", stage.value)
    if account_ref is not None:
        from sam_tui.services import accounts

        where.add("d.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    closed, closed_stages = one_of("d.stage", CLOSED_STAGES)
    # open deals by close date; closed ones by when they closed, the latest first
    order = (
        f" ORDER BY {closed}, (CASE WHEN {closed} THEN d.closed_at END) DESC,"
        " d.expected_close IS NULL, d.expected_close, d.id"
    )
    table = probabilities(conn)
    params = [*where.params, *closed_stages, *closed_stages]
    rows = conn.execute(_SELECT + where.sql + order, params)
    return [_row(r, table) for r in rows]


# --- facts for metrics, forecasts and triage -------------------------------------------------


def _local_midnight(day: date) -> str:
    return db.ts(datetime.combine(day, time()).astimezone())


def facts(
    conn: sqlite3.Connection,
    period: Period | None = None,
    *,
    keep: Iterable[int] = (),
    quota_only: bool = False,
) -> list[DealFacts]:
    """Deals as the metrics see them (dates local; probability in force).

    With ``period``: every open deal, the deals closed in the period, and the ids in
    ``keep``; without: every deal. ``quota_only``: of the open deals, only those expected
    to close in the period: enough for attainment and coverage (the KPI strip), not for
    the figures that count undated deals.
    """
    where, params = "", list[object]()
    if period is not None:
        kept = sorted(set(keep))
        # open stages by name, not NOT IN: both halves of the OR stay on an index
        opened, params = one_of("d.stage", OPEN_STAGES)
        if quota_only:
            opened = f"({opened} AND d.expected_close BETWEEN ? AND ?)"
            params += [period.start.isoformat(), period.end.isoformat()]
        where = f" WHERE {opened} OR (d.closed_at >= ? AND d.closed_at < ?)"
        params += [_local_midnight(period.start), _local_midnight(period.end + timedelta(days=1))]
        if kept:
            also, ids = one_of("d.id", kept)
            where += f" OR {also}"
            params += ids
    table = probabilities(conn)
    cursor = conn.cursor()
    cursor.row_factory = None  # tuples: `sam today` reads some 3,000 deals
    rows = cursor.execute(
        """SELECT d.id, d.account_id, a.name, d.name, d.amount_cents, d.stage,
                  d.forecast_category, d.expected_close, d.probability,
                  date(d.created_at, 'localtime'), date(d.closed_at, 'localtime'), d.kind
             FROM deal d JOIN account a ON a.id = d.account_id"""
        + where
        + " ORDER BY d.id",
        params,
    )
    out = []
    fromiso = date.fromisoformat
    for (
        ident,
        account_id,
        account,
        name,
        amount,
        stage_text,
        cat,
        close,
        own,
        made,
        shut,
        kind,
    ) in rows:
        stage = _STAGES[stage_text]
        out.append(
            _new(  # DealFacts straight from its values, every field in order
                DealFacts,
                (
                    ident,
                    account_id,
                    account,
                    name,
                    amount,
                    stage,
                    _CATEGORIES[cat],
                    fromiso(close) if close else None,
                    effective_probability(stage, own, table),
                    fromiso(made),
                    fromiso(shut) if shut else None,
                    _KINDS[kind],
                ),
            )
        )
    return out


# a NamedTuple without its Python-level __new__ (DealFacts: thousands for `sam today`)
_new = tuple.__new__
# enum members by value: Enum.__call__ costs on the thousands of deals `sam today` reads
_STAGES = {s.value: s for s in DealStage}
_CATEGORIES = {c.value: c for c in ForecastCategory}
_KINDS = {k.value: k for k in DealKind}


# --- writes --------------------------------------------------------------------------------


def _check_amount(amount_cents: int) -> None:
    if amount_cents < 0:
        raise InvalidInput("the deal amount cannot be negative")
    if amount_cents > MAX_CENTS:
        raise InvalidInput("the deal amount is too large")


def _check_probability(probability: int | None) -> None:
    if probability is not None and not 0 <= probability <= 100:
        raise InvalidInput(f"probability must be from 0 to 100, not {probability}")


def _record(
    tx: db.Tx,
    deal_id: int,
    at: datetime,
    from_stage: DealStage | None,
    to_stage: DealStage,
    amount_cents: int,
    expected_close: date | None,
    category: ForecastCategory,
    probability: int | None,
) -> None:
    """One history row: the deal's state after a change that took effect ``at``,
    recorded now (``domain.history`` rebuilds any past moment from these rows)."""
    tx.insert(
        "deal_stage_change",
        {
            "deal_id": deal_id,
            "at": at,
            "from_stage": from_stage.value if from_stage else None,
            "to_stage": to_stage.value,
            "amount_cents": amount_cents,
            "expected_close": expected_close,
            "forecast_category": category.value,
            "probability": probability,
            "recorded_at": tx.now,
        },
    )


class NewDeal(NamedTuple):
    """A deal to add, as the user gave it (``insert_deal`` checks it)."""

    name: str
    amount_cents: int
    kind: DealKind = DealKind.NEW
    stage: DealStage = DealStage.PROSPECTING
    expected_close: date | None = None
    probability: int | None = None
    category: ForecastCategory = ForecastCategory.PIPELINE
    closed_at: datetime | None = None
    lost_reason: str | None = None


def insert_deal(tx: db.Tx, account_id: int, data: NewDeal) -> int:
    """Write a deal and its first history row inside ``tx``; returns the new deal's id.

    For use inside any command's transaction (an idea promoted to a deal). Checks its
    input and the account (exists, not archived) before writing anything. A deal added
    won or lost closed at ``closed_at`` (default now; the future is refused; lost needs
    ``lost_reason``): its history starts then, and its expected close is that day.
    """
    text = check_user_text(data.name, "the deal name")
    _check_amount(data.amount_cents)
    _check_probability(data.probability)
    stage, expected_close, closed_at = data.stage, data.expected_close, data.closed_at
    lost_reason = data.lost_reason
    closing = is_closed(stage)
    if closed_at is not None and not closing:
        raise InvalidInput("a close moment goes with a deal added won or lost only")
    if stage is DealStage.LOST:
        if lost_reason is None or not lost_reason.strip():
            raise InvalidInput("a deal added lost needs a reason: --reason TEXT")
        lost_reason = lost_reason.strip()
    elif lost_reason is not None:
        raise InvalidInput("a reason (--reason) goes with a lost deal only")
    moment = (closed_at or tx.now) if closing else None
    if moment is not None and expected_close is not None and closed_at is None:
        if expected_close > moment.astimezone().date():
            # an expected close ahead of a deal already closed: the day it closed was meant
            raise InvalidInput(
                f"a deal added {stage.value} closed on a past day or today, not "
                f"{expected_close.isoformat()}: give the day it was {stage.value}"
            )
    if moment is not None and moment > tx.now + timedelta(minutes=1):
        raise InvalidInput(f"a deal cannot close in the future ({moment:%Y-%m-%d})")
    if moment is not None and expected_close is None:
        expected_close = moment.astimezone().date()
    row = tx.conn.execute("SELECT id, name FROM account WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise NotFound(f"no account #{account_id}")
    from sam_tui.services import accounts

    accounts.require_live(tx.conn, refs.Candidate(row["id"], row["name"]))
    deal_id = tx.insert(
        "deal",
        {
            "account_id": account_id,
            "name": text,
            "amount_cents": data.amount_cents,
            "kind": data.kind.value,
            "stage": stage.value,
            "probability": data.probability,
            "forecast_category": data.category.value,
            "expected_close": expected_close,
            "lost_reason": lost_reason,
            "closed_at": moment,
        },
    )
    _record(
        tx,
        deal_id,
        moment or tx.now,
        None,
        stage,
        data.amount_cents,
        expected_close,
        data.category,
        data.probability,
    )
    return deal_id


def add(conn: sqlite3.Connection, account_ref: str, data: NewDeal) -> DealRow:
    """A new deal; one added won or lost closed at ``closed_at`` (see ``insert_deal``)."""
    from sam_tui.services import accounts

    with db.write(conn, "deal add", clock.now()) as tx:
        account = accounts.find(conn, account_ref)
        deal_id = insert_deal(tx, account.id, data)
        moved = None
        if data.stage is DealStage.WON and data.kind is DealKind.RENEWAL:
            won_on = (data.closed_at or tx.now).astimezone().date()
            moved = _renewal_move(
                conn, account.id, account.name, _renewal_date(conn, account.id), won_on, None
            )
            _renew(tx, moved)
        return get(conn, deal_id)._replace(renewal=moved)


def namesakes(conn: sqlite3.Connection, d: DealRow) -> list[tuple[int, str]]:
    """The other open deals of ``d``'s account with its name (any case): a deal entered
    twice by mistake (typed open, then added won) is said as it is added."""
    rows = conn.execute(
        "SELECT id, name FROM deal WHERE account_id = ? AND id <> ? AND stage NOT IN (?, ?)",
        (d.account_id, d.id, DealStage.WON.value, DealStage.LOST.value),
    ).fetchall()
    name = d.name.casefold()
    return [(r[0], r[1]) for r in rows if r[1].casefold() == name]


def _renewal_date(conn: sqlite3.Connection, account_id: int) -> date | None:
    row = conn.execute("SELECT renewal_date FROM account WHERE id = ?", (account_id,)).fetchone()
    return None if row is None else db.opt_date(row[0])


def renewal_after(
    conn: sqlite3.Connection, deal_id: int, won_on: date, renewal: date | None = None
) -> RenewalMove | None:
    """Where winning deal ``deal_id`` on ``won_on`` moves its account's renewal date (to
    ``renewal``, default one term later: ``domain.sales.next_renewal``); None when it is
    not a renewal deal. What the cockpit's won form and the CLI show before and after."""
    row = conn.execute(
        "SELECT d.kind, a.id, a.name, a.renewal_date FROM deal d "
        "JOIN account a ON a.id = d.account_id WHERE d.id = ?",
        (deal_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no deal #{deal_id}")
    if DealKind(row[0]) is not DealKind.RENEWAL:
        return None
    return _renewal_move(conn, row[1], row[2], db.opt_date(row[3]), won_on, renewal)


def _renewal_move(
    conn: sqlite3.Connection,
    account_id: int,
    name: str,
    current: date | None,
    won_on: date,
    renewal: date | None,
) -> RenewalMove:
    after = renewal or next_renewal(current, won_on, settings.renewal_term(conn))
    return RenewalMove(account_id, name, current, after)


def _renew(tx: db.Tx, move: RenewalMove) -> None:
    if move.before != move.after:
        tx.update("account", move.account_id, {"renewal_date": move.after})


def move(
    conn: sqlite3.Connection,
    deal_id: int,
    stage: DealStage,
    *,
    when: datetime | None = None,
    reason: str | None = None,
    close: date | None = None,
    renewal: date | None = None,
) -> DealRow:
    """Move a deal to ``stage``: won and lost close it (lost needs a reason), an open stage
    reopens a closed deal and may set its new expected ``close`` date. ``when`` backdates
    the move (default now), never into the future. Winning a renewal deal moves its
    account's renewal date to ``renewal`` (default one term later, ``renewal_after``), in
    the same transaction: the renewal then leaves triage."""
    now = clock.now()
    if renewal is not None and stage is not DealStage.WON:
        raise InvalidInput("a renewal date (--renewal) goes with winning a renewal deal only")
    moment = when or now
    if moment > now + timedelta(minutes=1):
        verb = "close" if is_closed(stage) else "move"
        raise InvalidInput(f"a deal cannot {verb} in the future ({moment:%Y-%m-%d})")
    if close is not None and is_closed(stage):
        raise InvalidInput("a new close date (--close) goes with an open stage only")
    if stage is DealStage.LOST:
        if reason is None or not reason.strip():
            raise InvalidInput(f"a lost deal needs a reason: sam deal lost {deal_id} --reason TEXT")
        reason = reason.strip()
    elif reason is not None:
        raise InvalidInput("a reason (--reason) goes with losing a deal only")
    won, lost = stage is DealStage.WON, stage is DealStage.LOST
    # literal names: the change log (and `sam undo`) say which command it was
    with db.write(conn, "deal won" if won else "deal lost" if lost else "deal move", now) as tx:
        current = get(conn, deal_id)
        if current.stage is stage:
            where = stage.value if is_closed(stage) else f"in {stage.value}"
            raise Conflict(f"deal #{deal_id} is already {where}")
        event = "a win" if won else "a loss" if lost else "a move"
        began, last, rows = _span(conn, current)
        try:
            moment = dates.not_before(
                moment,
                began,
                f"deal #{deal_id} was created",
                event,
                last=last,
                changed=f"deal #{deal_id} last changed",
            )
        except DateParseError as e:
            if rows > 1 or not is_closed(stage):
                raise
            # typed in today, closed before: the way through is a deal added closed
            raise DateParseError(f"{e} ({_add_closed(conn, current, stage, moment)})") from None
        changes: dict[str, object] = {"stage": stage.value}
        if is_closed(stage):
            changes["closed_at"] = moment
            changes["lost_reason"] = reason
        else:
            changes["closed_at"] = None
            changes["lost_reason"] = None
            if close is not None:
                changes["expected_close"] = close
        moved = None
        if stage is DealStage.WON:
            moved = renewal_after(conn, deal_id, moment.astimezone().date(), renewal)
            if moved is None and renewal is not None:
                raise InvalidInput(
                    f"deal #{deal_id} is a {current.kind.value} deal: only winning a renewal "
                    "moves the account's renewal date"
                )
        tx.update("deal", deal_id, changes)
        _record(
            tx,
            deal_id,
            moment,
            current.stage,
            stage,
            current.amount_cents,
            close or current.expected_close,
            current.category,
            current.own_probability,
        )
        if moved is not None:
            _renew(tx, moved)
        return get(conn, deal_id)._replace(renewal=moved)


def _span(conn: sqlite3.Connection, d: DealRow) -> tuple[datetime, datetime | None, int]:
    """When a deal began (its creation, or its first history row when that is earlier: a
    deal added won or lost starts its history the day it closed), its latest history row
    (a stage change or an edit) and how many rows its history holds."""
    first, last, rows = conn.execute(
        "SELECT MIN(at), MAX(at), COUNT(*) FROM deal_stage_change WHERE deal_id = ?", (d.id,)
    ).fetchone()
    if first is None:
        return d.created_at, None, 0
    return min(d.created_at, db.parse_ts(first)), db.parse_ts(last), rows


def _add_closed(conn: sqlite3.Connection, d: DealRow, stage: DealStage, at: datetime) -> str:
    """The command that records ``d`` as closed in ``stage`` at ``at`` from the start."""
    event = "win" if stage is DealStage.WON else "loss"
    how = (
        f"--amount {format_money(d.amount_cents)} --stage {stage.value} "
        f"--close {at.astimezone().date().isoformat()}"
    )
    if d.kind is not DealKind.NEW:
        how += f" --kind {d.kind.value}"
    if stage is DealStage.LOST:
        how += " --reason TEXT"
    account = conn.execute("SELECT name FROM account WHERE id = ?", (d.account_id,))
    name = account.fetchone()["name"]
    return (
        f"to record an earlier {event}, add the deal {stage.value}: "
        f"sam deal add {shlex.quote(name)} {shlex.quote(d.name)} {how}"
    )


def won(
    conn: sqlite3.Connection,
    deal_id: int,
    *,
    when: datetime | None = None,
    renewal: date | None = None,
) -> DealRow:
    return move(conn, deal_id, DealStage.WON, when=when, renewal=renewal)


def lost(
    conn: sqlite3.Connection, deal_id: int, reason: str, *, when: datetime | None = None
) -> DealRow:
    return move(conn, deal_id, DealStage.LOST, when=when, reason=reason)


CLEARABLE = ("close", "probability")


def edit(
    conn: sqlite3.Connection,
    deal_id: int,
    *,
    name: str | None = None,
    amount_cents: int | None = None,
    kind: DealKind | None = None,
    expected_close: date | None = None,
    probability: int | None = None,
    category: ForecastCategory | None = None,
    clear: Iterable[str] = (),
) -> DealRow:
    """Change a deal's fields; ``clear`` empties ``close`` and/or ``probability``.

    A change of amount, close date, category or probability adds a history row.
    """
    new_name = None if name is None else check_user_text(name, "the deal name")
    if amount_cents is not None:
        _check_amount(amount_cents)
    _check_probability(probability)
    values = given(
        name=new_name,
        amount_cents=amount_cents,
        kind=kind,
        expected_close=expected_close,
        probability=probability,
        forecast_category=category,
    )
    for field in clear:
        if field not in CLEARABLE:
            raise InvalidInput(f"cannot clear '{field}': only {' or '.join(CLEARABLE)}")
        column = "expected_close" if field == "close" else "probability"
        if column in values:
            raise InvalidInput(f"--clear {field} contradicts the new {field} given")
        values[column] = None
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    now = clock.now()
    with db.write(conn, "deal edit", now) as tx:
        current = get(conn, deal_id)
        tx.update("deal", deal_id, values)
        after = get(conn, deal_id)
        tracked = (after.amount_cents, after.expected_close, after.category, after.own_probability)
        if tracked != (
            current.amount_cents,
            current.expected_close,
            current.category,
            current.own_probability,
        ):
            _record(
                tx,
                deal_id,
                now,
                current.stage,
                current.stage,
                after.amount_cents,
                after.expected_close,
                after.category,
                after.own_probability,
            )
            after = get(conn, deal_id)
        return after


# --- what happened in a period, for reports ---------------------------------------------------


class DealMove(NamedTuple):
    """One recorded change of a deal, with the deal's state after it."""

    at: datetime
    deal_id: int
    account_name: str
    deal_name: str
    stage: DealStage
    amount_cents: int
    changes: tuple[str, ...]  # in words, as in `sam deal show`


class ChangedDeals(NamedTuple):
    """The whole history of every deal with a row that took effect or was recorded after
    ``since`` (less ``DRIFT``): what a report's deal moves and its forecast rebuild both
    need, read once (``changed_since``)."""

    since: datetime
    # by deal, each in the order recorded
    histories: dict[int, list[HistoryRow]]


# the subquery's OR reads the changes whole (no index on ``at`` alone): they are thousands
# a year, and the rows kept come through the (deal, at) index
_CHANGED = """
    SELECT c.deal_id, c.id, c.at, c.recorded_at, c.from_stage, c.to_stage, c.amount_cents,
           c.expected_close, c.forecast_category, c.probability
      FROM deal_stage_change c
     WHERE c.deal_id IN (SELECT deal_id FROM deal_stage_change
                          WHERE at > :low OR recorded_at > :low)
     ORDER BY c.deal_id, c.id
"""


def changed_since(conn: sqlite3.Connection, since: datetime) -> ChangedDeals:
    """The history of the deals changed from ``since`` on (see ``ChangedDeals``): enough
    for ``moves_between`` from ``since`` and ``forecast.deals_since`` from ``since``."""
    histories: dict[int, list[HistoryRow]] = {}
    # moments and days by their text: a year's ~15,000 rows share a few thousand
    moments: dict[str, datetime] = {}
    days: dict[str, date] = {}
    fromiso = date.fromisoformat
    rows = tuples(conn).execute(_CHANGED, {"low": db.ts(since - DRIFT)})
    for deal_id, seq, at_text, recorded_text, came, stage, amount, close, category, own in rows:
        at = db.parse_ts_once(at_text, moments)
        recorded = at
        if recorded_text is not None and recorded_text != at_text:
            recorded = db.parse_ts_once(recorded_text, moments)
        day = None
        if close:
            day = days.get(close)
            if day is None:
                day = days[close] = fromiso(close)
        row = HistoryRow(
            seq,
            at,
            recorded,
            _STAGES[stage],
            amount,
            day,
            _CATEGORIES[category],
            own,
            _STAGES[came] if came else None,
        )
        found = histories.get(deal_id)
        if found is None:
            histories[deal_id] = [row]
        else:
            found.append(row)
    return ChangedDeals(since, histories)


_NAMES = """
    SELECT d.id, d.name, a.name FROM deal d JOIN account a ON a.id = d.account_id
     WHERE d.id IN (SELECT value FROM json_each(?))
"""


def moves_between(
    conn: sqlite3.Connection,
    start: datetime,
    end: datetime,
    *,
    changed: ChangedDeals | None = None,
) -> list[DealMove]:
    """Every deal change recorded in ``[start, end)`` (creation included), oldest first.
    ``changed``: ``changed_since`` from ``start`` or before, when the caller read it."""
    if changed is None:
        changed = changed_since(conn, start)
    elif changed.since > start:
        raise ValueError("the deals' history was read from after the span's start")
    # UTC, as the stored moments: compared without utcoffset() at each of ~30,000 compares
    first, until = start.astimezone(UTC), end.astimezone(UTC)
    # a deal counts when a change of it took effect in the span to the second, as stored
    low, high = db.parse_ts(db.ts(start)), db.parse_ts(db.ts(end))
    found: list[tuple[HistoryRow, int, tuple[str, ...]]] = []
    for deal_id, rows in changed.histories.items():
        if not any(low <= row.at < high for row in rows):
            continue
        before: HistoryRow | None = None
        for row in rows:
            if first <= row.at < until:
                said = _describe(
                    before,
                    row.from_stage,
                    row.stage,
                    row.amount_cents,
                    row.expected_close,
                    row.category,
                    row.probability,
                )
                if said:
                    found.append((row, deal_id, said))
            before = row
    names = {
        deal_id: (account, deal)
        for deal_id, deal, account in tuples(conn).execute(
            _NAMES, (json.dumps(sorted({deal_id for _, deal_id, _ in found})),)
        )
    }
    out = [
        DealMove(row.at, deal_id, *names[deal_id], row.stage, row.amount_cents, said)
        for row, deal_id, said in found
        if deal_id in names
    ]
    out.sort(key=attrgetter("at", "deal_id"))
    return out


def _closed_in(start: datetime, end: datetime) -> tuple[str, list[object]]:
    closed, stages = one_of("d.stage", CLOSED_STAGES)
    return f" WHERE {closed} AND d.closed_at >= ? AND d.closed_at < ?", [
        *stages,
        db.ts(start),
        db.ts(end),
    ]


def closed_between(conn: sqlite3.Connection, start: datetime, end: datetime) -> list[DealRow]:
    """Deals won or lost in ``[start, end)`` and still closed, by close moment."""
    table = probabilities(conn)
    where, params = _closed_in(start, end)
    rows = tuples(conn).execute(_SELECT + where + " ORDER BY d.closed_at, d.id", params)
    # by position, enums by value, each moment parsed once: a year closes ~2,000 deals
    moments: dict[str, datetime] = {}
    fromiso = date.fromisoformat
    out = []
    for (
        ident,
        account_id,
        account,
        name,
        amount,
        kind,
        stage_text,
        own,
        category,
        close,
        reason,
        closed_at,
        created_at,
        updated_at,
    ) in rows:
        stage = _STAGES[stage_text]
        out.append(
            DealRow(
                ident,
                account_id,
                account,
                name,
                amount,
                _KINDS[kind],
                stage,
                own,
                effective_probability(stage, own, table),
                _CATEGORIES[category],
                None if close is None else fromiso(close),
                reason,
                None if closed_at is None else db.parse_ts_once(closed_at, moments),
                db.parse_ts_once(created_at, moments),
                db.parse_ts_once(updated_at, moments),
            )
        )
    return out


class ClosedTotal(NamedTuple):
    deals: int
    amount_cents: int


def closed_totals(
    conn: sqlite3.Connection, start: datetime, end: datetime
) -> dict[DealStage, ClosedTotal]:
    """How many deals ``closed_between`` lists as won and as lost, and their amounts: a
    previous period's figures, whose deals are not listed."""
    where, params = _closed_in(start, end)
    rows = conn.execute(
        "SELECT d.stage, COUNT(*), SUM(d.amount_cents) FROM deal d"
        f" JOIN account a ON a.id = d.account_id{where} GROUP BY d.stage",
        params,
    )
    found = {stage: ClosedTotal(0, 0) for stage in CLOSED_STAGES}
    found.update({_STAGES[r[0]]: ClosedTotal(r[1], r[2]) for r in rows})
    return found


def closing_between(conn: sqlite3.Connection, first: date, last: date) -> list[DealRow]:
    """Open deals expected to close from ``first`` to ``last``, soonest first."""
    table = probabilities(conn)
    opened, stages = one_of("d.stage", OPEN_STAGES)
    rows = conn.execute(
        _SELECT + f" WHERE {opened} AND d.expected_close >= ?"
        " AND d.expected_close <= ? ORDER BY d.expected_close, d.amount_cents DESC, d.id",
        (*stages, first.isoformat(), last.isoformat()),
    )
    return [_row(r, table) for r in rows]
