"""Internal requests: what the manager asked an internal team to do for a client, and its outcome.

Statuses: ``open`` -> ``done`` (with an optional outcome) or ``blocked`` (with the reason);
a blocked request can be blocked again with a new reason, marked done, or reopened; a
done one can be reopened. While blocked, ``outcome`` holds the reason; done, the outcome;
reopening clears it (the change log keeps every earlier value). An open or blocked
request past its due date is overdue: it enters triage and costs the account health.
Teams are free text (``finance``, ``product``); they match without regard to case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import dates, refs
from sam_tui.domain.enums import OPEN_REQUEST_STATUSES, RequestStatus
from sam_tui.domain.errors import Conflict, NotFound
from sam_tui.domain.text import check_user_text
from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.store.sql import Where, by_id, one_of, reader

_OPEN, _DONE = RequestStatus.OPEN, RequestStatus.DONE


class RequestRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    complaint_id: int | None
    team: str
    ask: str
    asked_at: datetime
    due_date: date | None
    status: RequestStatus
    # the outcome once done, the reason while blocked
    outcome: str | None
    done_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Still owed: open or blocked."""
        return self.status is not RequestStatus.DONE

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


class TeamOwes(NamedTuple):
    """One internal team's open and blocked requests, oldest first."""

    team: str
    requests: tuple[RequestRow, ...]
    overdue: int
    blocked: int


_SELECT = """
    SELECT r.id, r.account_id, a.name AS account_name, r.complaint_id, r.team, r.ask,
           r.asked_at, r.due_date, r.status, r.outcome, r.done_at
      FROM internal_request r
      JOIN account a ON a.id = r.account_id
"""
# owed ones first by due date (undated last), then done ones, latest first
_ORDER = (
    " ORDER BY (r.status = 'done'), "
    "CASE WHEN r.status = 'done' THEN NULL ELSE (r.due_date IS NULL) END, "
    "CASE WHEN r.status = 'done' THEN NULL ELSE r.due_date END, "
    "r.done_at DESC, r.asked_at, r.id"
)


_row = reader(
    RequestRow,
    asked_at=db.parse_ts,
    due_date=date.fromisoformat,
    status=RequestStatus,
    done_at=db.parse_ts,
)


def _team(text: str) -> str:
    return " ".join(check_user_text(text, "team").split())


def team_key(team: str) -> str:
    """What makes two spellings one team: case, accents and punctuation folded, as names
    are (``domain.refs``): "Finanzabteilung Ö" and "finanzabteilung-o" are one team."""
    return refs.fold_key(team) or refs.name_key(team)


def _known_team(conn: sqlite3.Connection, team: str) -> str:
    """``team`` as it is already spelled in the book (its most used spelling), else as typed."""
    key = team_key(team)
    for known in teams(conn):
        if team_key(known) == key:
            return known
    return team


get = by_id(_SELECT + " WHERE r.id = ?", _row, "request")


class NewRequest(NamedTuple):
    """What to ask which team, by when, and for which complaint (None: none)."""

    team: str
    ask: str
    due: date | None = None
    complaint_id: int | None = None


def add(conn: sqlite3.Connection, account_ref: str, data: NewRequest) -> RequestRow:
    """Ask ``data.team`` for something on a client's behalf, optionally for one of its
    complaints."""
    team, ask, due, complaint_id = data
    team_name = _team(team)
    text = check_user_text(ask, "the request")
    now = clock.now()
    with db.write(conn, "request add", now) as tx:
        account = accounts.find_live(conn, account_ref)
        team_name = _known_team(conn, team_name)
        if complaint_id is not None:
            complaint = conn.execute(
                "SELECT p.account_id, a.name FROM complaint p JOIN account a "
                "ON a.id = p.account_id WHERE p.id = ?",
                (complaint_id,),
            ).fetchone()
            if complaint is None:
                raise NotFound(f"no complaint #{complaint_id}")
            if complaint["account_id"] != account.id:
                raise Conflict(
                    f"complaint #{complaint_id} belongs to {complaint['name']}, not {account.name}"
                )
        new_id = tx.insert(
            "internal_request",
            {
                "account_id": account.id,
                "complaint_id": complaint_id,
                "team": team_name,
                "ask": text,
                "asked_at": now,
                "due_date": due,
                "status": RequestStatus.OPEN.value,
            },
        )
        return get(conn, new_id)


def _move(
    conn: sqlite3.Connection,
    request_id: int,
    command: str,
    refused: Callable[[RequestRow], str | None],
    changes: dict[str, object],
    now: datetime | None = None,
) -> RequestRow:
    """Apply ``changes`` unless ``refused`` says why not for the request as it stands."""
    with db.write(conn, command, now or clock.now()) as tx:
        problem = refused(get(conn, request_id))
        if problem is not None:
            raise Conflict(problem)
        tx.update("internal_request", request_id, changes)
        return get(conn, request_id)


def done(
    conn: sqlite3.Connection,
    request_id: int,
    outcome: str | None = None,
    *,
    at: datetime | None = None,
) -> RequestRow:
    """Mark a request done (from open or blocked), with what came of it; ``at`` backdates
    it (never into the future, nor before it was asked)."""
    text = None if outcome is None else check_user_text(outcome, "the outcome")
    with db.write(conn, "request done", clock.now()) as tx:
        current = get(conn, request_id)
        if current.status is _DONE:
            raise Conflict(f"request #{request_id} is already done")
        asked = f"request #{request_id} was asked"
        when = dates.happened(
            at, tx.now, since=current.asked_at, began=asked, event="its completion"
        )
        tx.update(
            "internal_request",
            request_id,
            {"status": _DONE.value, "done_at": when, "outcome": text},
        )
        return get(conn, request_id)


def block(conn: sqlite3.Connection, request_id: int, reason: str) -> RequestRow:
    """Mark a request blocked with the reason; blocking it again replaces the reason."""
    text = check_user_text(reason, "the reason")

    def refused(r: RequestRow) -> str | None:
        if r.status is _DONE:
            return (
                f"request #{request_id} is done; reopen it first (sam request reopen {request_id})"
            )
        if r.status is RequestStatus.BLOCKED and r.outcome == text:
            return f"request #{request_id} is already blocked for that reason"
        return None

    changes: dict[str, object] = {"status": RequestStatus.BLOCKED.value, "outcome": text}
    return _move(conn, request_id, "request block", refused, changes)


def reopen(conn: sqlite3.Connection, request_id: int) -> RequestRow:
    """Back to open, from done or blocked; the earlier outcome or reason is cleared."""
    return _move(
        conn,
        request_id,
        "request reopen",
        lambda r: f"request #{request_id} is already open" if r.status is _OPEN else None,
        {"status": _OPEN.value, "done_at": None, "outcome": None},
    )


def list_requests(
    conn: sqlite3.Connection,
    *,
    team: str | None = None,
    open_only: bool = False,
    account_ref: str | None = None,
    complaint_id: int | None = None,
) -> list[RequestRow]:
    """Requests still owed first (by due date), then done ones (latest first).

    ``open_only`` keeps open and blocked ones. Archived accounts' requests are left out
    unless ``account_ref`` names the account.
    """
    where = Where()
    if open_only:
        where.one_of("r.status", OPEN_REQUEST_STATUSES)
    if team is not None:
        # folded in Python: SQLite's lower() folds ASCII only
        key = team_key(_team(team))
        spellings = {r[0] for r in conn.execute("SELECT DISTINCT team FROM internal_request")}
        where.one_of("r.team", sorted(t for t in spellings if team_key(t) == key))
    if account_ref is not None:
        where.add("r.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    elif complaint_id is None:
        where.add("a.archived = 0")
    if complaint_id is not None:
        where.add("r.complaint_id = ?", complaint_id)
    return [_row(r) for r in conn.execute(_SELECT + where.sql + _ORDER, where.params)]


def teams(conn: sqlite3.Connection) -> list[str]:
    """Every team asked so far, one spelling each (the most used), for completion."""
    rows = conn.execute(
        "SELECT team, count(*) AS n FROM internal_request GROUP BY team ORDER BY n DESC, team"
    )
    seen: dict[str, str] = {}
    for r in rows:
        seen.setdefault(team_key(r["team"]), r["team"])
    return sorted(seen.values(), key=str.casefold)


def for_complaint(conn: sqlite3.Connection, complaint_id: int) -> list[RequestRow]:
    """The requests raised for one complaint, whatever their status."""
    return list_requests(conn, complaint_id=complaint_id)


def owed_by_team(conn: sqlite3.Connection, as_of: datetime | None = None) -> list[TeamOwes]:
    """What each internal team owes our customers: open and blocked requests by team.

    Teams come in the order of their oldest request; each team's requests oldest first.
    For the end-of-week view. With ``as_of``: as things stood then (a request done since
    counts as open; whether it was blocked then is not recorded, so it shows as open).
    """
    owed, statuses = one_of("r.status", OPEN_REQUEST_STATUSES)
    if as_of is None:
        today = clock.today()
        rows = conn.execute(
            _SELECT + f" WHERE {owed} AND a.archived = 0 ORDER BY r.asked_at, r.id", statuses
        )
    else:
        today = as_of.astimezone().date()
        moment = db.ts(as_of)
        rows = conn.execute(
            _SELECT + f" WHERE r.asked_at < ? AND ({owed}"
            " OR r.done_at >= ?) AND a.archived = 0 ORDER BY r.asked_at, r.id",
            (moment, *statuses, moment),
        )
    grouped: dict[str, list[RequestRow]] = {}
    for r in rows:
        row = _row(r)
        if row.status is RequestStatus.DONE:
            row = row._replace(status=RequestStatus.OPEN, outcome=None, done_at=None)
        grouped.setdefault(team_key(row.team), []).append(row)
    return [
        TeamOwes(
            # the spelling of its oldest request names the team
            team=owed[0].team,
            requests=tuple(owed),
            overdue=sum(1 for r in owed if r.overdue(today)),
            blocked=sum(1 for r in owed if r.status is RequestStatus.BLOCKED),
        )
        for owed in grouped.values()
    ]


def done_by_team(
    conn: sqlite3.Connection, start: datetime, end: datetime
) -> dict[str, tuple[str, int]]:
    """Requests marked done in ``[start, end)`` by team: ``team_key`` -> (the spelling of
    its first one, count)."""
    rows = conn.execute(
        "SELECT r.team FROM internal_request r JOIN account a ON a.id = r.account_id"
        " WHERE r.status = 'done' AND r.done_at >= ? AND r.done_at < ? AND a.archived = 0"
        " ORDER BY r.done_at, r.id",
        (db.ts(start), db.ts(end)),
    )
    done: dict[str, tuple[str, int]] = {}
    for (team,) in rows:
        name, count = done.get(team_key(team), (team, 0))
        done[team_key(team)] = (name, count + 1)
    return done
