"""The change log as history (what each command changed) and undo (revert the latest command).

Every write goes through ``store.db.write``, which records each row change with its
before and after values under one batch per command; this module reads those batches
back and reverts them row by row with ordinary SQL, so triggers and foreign keys see
an undo like any other change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import changes, refs
from sam_tui.domain.changes import CREATE, DELETE, UNDO_PREFIX, Change
from sam_tui.domain.dates import format_moment
from sam_tui.domain.errors import Conflict, NotFound
from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.store.migrations import COLUMNS


class Batch(NamedTuple):
    """One command's changes, in the order they were made."""

    batch: str
    at: datetime
    command: str
    undone: bool
    changes: tuple[Change, ...]
    accounts: tuple[str, ...]  # names of the accounts it touched

    @property
    def is_undo(self) -> bool:
        return self.command.startswith(UNDO_PREFIX)


def _decode(entity: str, text: str | None) -> dict[str, Any] | None:
    """A logged JSON object, its columns back in table order (the log sorts them by name)."""
    if text is None:
        return None
    values: dict[str, Any] = json.loads(text)
    order = {c: n for n, c in enumerate(COLUMNS.get(entity, ()))}
    return dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))


def _change(row: sqlite3.Row) -> Change:
    return Change(
        id=row["id"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        action=row["action"],
        before=_decode(row["entity"], row["before"]),
        after=_decode(row["entity"], row["after"]),
    )


def _account_id(conn: sqlite3.Connection, ref: str) -> int:
    """The account ``ref`` names; ``#ID`` also finds one that an undo has since deleted."""
    try:
        return accounts.find(conn, ref, archived=True).id
    except NotFound:
        ident = refs.parse_id_ref(ref)
        logged = (
            ident is not None
            and conn.execute(
                "SELECT 1 FROM change_log WHERE entity = 'account' AND entity_id = ?", (ident,)
            ).fetchone()
        )
        if ident is None or not logged:
            raise
        return ident


class _Owners:
    """Which account a changed row belongs to, found generically through foreign keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._owner: dict[tuple[str, int], int | None] = {}
        self._parents: dict[str, list[tuple[str, str]]] = {}

    def parents(self, table: str) -> list[tuple[str, str]]:
        """(column, parent table) of each foreign key, the account's first."""
        if table not in self._parents:
            found = [
                (r["from"], r["table"])
                for r in self.conn.execute(f"PRAGMA foreign_key_list({table})")
            ]
            self._parents[table] = sorted(found, key=lambda p: p[1] != "account")
        return self._parents[table]

    def _values(self, table: str, row_id: int) -> dict[str, Any]:
        """The row now, or as the change log last saw it whole (it may have been deleted)."""
        if table not in COLUMNS:
            return {}
        row = self.conn.execute(
            f"SELECT * FROM {table} WHERE {db.key_column(table)} = ?", (row_id,)
        ).fetchone()
        if row is not None:
            return dict(row)
        logged = self.conn.execute(
            "SELECT coalesce(after, before) FROM change_log WHERE entity = ? AND entity_id = ? "
            "AND action IN ('create', 'delete') ORDER BY id DESC LIMIT 1",
            (table, row_id),
        ).fetchone()
        return json.loads(logged[0]) if logged and logged[0] else {}

    def of(
        self, table: str, row_id: int, known: dict[str, Any] | None = None, depth: int = 0
    ) -> int | None:
        if table == "account":
            return row_id
        key = (table, row_id)
        if key in self._owner:
            return self._owner[key]
        parents = self.parents(table)
        values = dict(known or {})
        if not any(values.get(column) is not None for column, _ in parents):
            values.update(self._values(table, row_id))
        owner = None
        for column, parent in parents:
            ref = values.get(column)
            if isinstance(ref, int) and depth < 3:
                owner = ref if parent == "account" else self.of(parent, ref, depth=depth + 1)
                if owner is not None:
                    break
        self._owner[key] = owner
        return owner

    def of_change(self, change: Change) -> int | None:
        known = {**(change.before or {}), **(change.after or {})}
        return self.of(change.entity, change.entity_id, known)


def _batches(conn: sqlite3.Connection) -> Iterator[tuple[sqlite3.Row, list[Change]]]:
    """Batches newest first. A batch's rows are contiguous: each was written under the
    write lock (BEGIN IMMEDIATE), so no other command's rows come in between."""
    head: sqlite3.Row | None = None
    rows: list[Change] = []
    for row in conn.execute("SELECT * FROM change_log ORDER BY id DESC"):
        if head is not None and row["batch"] != head["batch"]:
            yield head, rows[::-1]
            rows = []
        head = row
        rows.append(_change(row))
    if head is not None:
        yield head, rows[::-1]


def history(
    conn: sqlite3.Connection, *, account_ref: str | None = None, limit: int = 20
) -> list[Batch]:
    """The latest ``limit`` commands (newest first), or those touching one account."""
    with db.read(conn):
        account = _account_id(conn, account_ref) if account_ref else None
        owners = _Owners(conn)
        found: list[Batch] = []
        for head, rows in _batches(conn):
            if len(found) >= limit:
                break
            ids = {owners.of_change(c) for c in rows} - {None}
            if account is not None and account not in ids:
                continue
            found.append(
                Batch(
                    batch=head["batch"],
                    at=db.parse_ts(head["at"]),
                    command=head["command"],
                    undone=bool(head["undone"]),
                    changes=tuple(rows),
                    accounts=tuple(sorted(_names(conn, rows, ids), key=str.casefold)),
                )
            )
        return found


def _names(conn: sqlite3.Connection, rows: list[Change], ids: set[int | None]) -> set[str]:
    names: set[str] = set()
    for ident in ids:
        row = conn.execute("SELECT name FROM account WHERE id = ?", (ident,)).fetchone()
        if row is not None:
            names.add(row["name"])
            continue
        # an account this very batch deleted (an undone `account add`): named in its log
        logged = [
            c.before or c.after or {}
            for c in rows
            if c.entity == "account" and c.entity_id == ident
        ]
        names.add(next((str(v["name"]) for v in logged if "name" in v), f"#{ident}"))
    return names


# --- undo ------------------------------------------------------------------------------


class UndoPlan(NamedTuple):
    """The command an undo reverts, and the row changes that revert it, in order."""

    batch: str
    at: datetime
    command: str
    steps: tuple[Change, ...]


_LATEST_UNDOABLE = (
    "SELECT batch, at, command FROM change_log WHERE undone = 0 AND command NOT LIKE ? "
    "ORDER BY id DESC LIMIT 1"
)


def _latest(conn: sqlite3.Connection) -> UndoPlan:
    head = conn.execute(_LATEST_UNDOABLE, (UNDO_PREFIX + "%",)).fetchone()
    if head is None:
        raise NotFound("nothing to undo: no change recorded since the last undo")
    rows = conn.execute(
        "SELECT * FROM change_log WHERE batch = ? ORDER BY id", (head["batch"],)
    ).fetchall()
    return UndoPlan(
        batch=head["batch"],
        at=db.parse_ts(head["at"]),
        command=head["command"],
        steps=tuple(changes.plan_undo(_change(r) for r in rows)),
    )


def pending(conn: sqlite3.Connection) -> UndoPlan:
    """What ``undo`` would revert now: the latest command not undone (undos excluded)."""
    with db.read(conn):
        return _latest(conn)


class _DryRun(Exception):
    """Raised inside the write to roll a trial undo back."""


def undo(conn: sqlite3.Connection, *, batch: str | None = None, dry_run: bool = False) -> UndoPlan:
    """Revert the latest command in one transaction, recorded as ``undo: COMMAND``.

    ``batch`` is the plan the user confirmed: if another command landed meanwhile, the
    undo is refused rather than revert something else. Raises Conflict, changing
    nothing, when a row no longer holds what that command left in it. ``dry_run`` runs
    every check and statement, then rolls back.
    """
    now = clock.now()
    try:
        with db.write(conn, "undo", now) as tx:
            plan = _latest(conn)
            if batch is not None and plan.batch != batch:
                raise Conflict(
                    f"the latest change is now '{plan.command}' (made meanwhile); nothing was "
                    "undone: run `sam undo` again to see it"
                )
            tx.command = UNDO_PREFIX + plan.command
            for step in plan.steps:
                _apply(conn, tx, step, plan)
            conn.execute("UPDATE change_log SET undone = 1 WHERE batch = ?", (plan.batch,))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return plan


def _refuse(plan: UndoPlan, why: str) -> Conflict:
    when = format_moment(plan.at.astimezone(), clock.today())
    return Conflict(f"cannot undo '{plan.command}' ({when}): {why}; nothing was undone")


def _apply(conn: sqlite3.Connection, tx: db.Tx, step: Change, plan: UndoPlan) -> None:
    table = step.entity
    name = changes.row_name(step)
    if table not in COLUMNS:
        raise _refuse(plan, f"it changed '{table}', which this version of sam does not know")
    gone = sorted({*(step.before or {}), *(step.after or {})} - set(COLUMNS[table]))
    if gone:  # recorded before a schema change that dropped or renamed them
        raise _refuse(plan, f"{name} was recorded with columns that no longer exist ({gone[0]})")
    key = db.key_column(table)
    if step.action == CREATE:  # a deleted row comes back, with its old id
        if conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (step.entity_id,)).fetchone():
            raise _refuse(plan, f"{name} exists again")
        try:
            tx.insert(table, step.after or {})
        except sqlite3.IntegrityError as exc:
            raise _refuse(plan, f"{name} cannot come back ({exc})") from None
        return
    expected = step.before or {}
    current = _current(conn, table, key, step.entity_id, expected)
    if current is None:
        raise _refuse(plan, f"{name} no longer exists")
    drift = [c for c, same in current.items() if not same[1]]
    if drift:
        today = clock.today()
        column = drift[0]
        now_value = changes.show_value(column, current[column][0], today)
        then_value = changes.show_value(column, expected[column], today)
        raise _refuse(
            plan,
            f"{name} was changed since ({column.replace('_', ' ')} is now {now_value}, "
            f"not {then_value})",
        )
    if step.action == DELETE:
        try:
            tx.delete(table, step.entity_id)
        except sqlite3.IntegrityError:
            raise _refuse(plan, f"{name} {_still_used(conn, table, step.entity_id)}") from None
    else:
        tx.update(table, step.entity_id, step.after or {}, touch=False)


def _current(
    conn: sqlite3.Connection, table: str, key: str, row_id: int, expected: Mapping[str, Any]
) -> dict[str, tuple[Any, bool]] | None:
    """Each expected column's value now and whether it still matches, or None if the row
    is gone. Compared in SQL (``IS``) so column affinity applies as it did when stored."""
    columns = [c for c in expected if c in COLUMNS[table]]
    if not columns:
        found = conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (row_id,)).fetchone()
        return None if found is None else {}
    picks = ", ".join(f'"{c}", "{c}" IS ?' for c in columns)
    row = conn.execute(
        f"SELECT {picks} FROM {table} WHERE {key} = ?",
        [*(expected[c] for c in columns), row_id],
    ).fetchone()
    if row is None:
        return None
    return {c: (row[2 * i], bool(row[2 * i + 1])) for i, c in enumerate(columns)}


def _still_used(conn: sqlite3.Connection, table: str, row_id: int) -> str:
    """Which rows still point at ``table`` #``row_id`` (they were not made by that command)."""
    users: list[str] = []
    for child in COLUMNS:
        for fk in conn.execute(f"PRAGMA foreign_key_list({child})"):
            if fk["table"] != table:
                continue
            n = conn.execute(
                f'SELECT count(*) FROM {child} WHERE "{fk["from"]}" = ?', (row_id,)
            ).fetchone()[0]
            if n:
                users.append(changes.plural(child, n))
    listed = ", ".join(users) if users else "other rows"
    return f"is still used by {listed} added since"
