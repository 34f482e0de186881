"""Imports into the book: what it holds that an import matches, and writing a plan as one command.

``interop`` reads a file and plans it purely against a ``Book`` (the records an import
can match, with the references earlier imports left); this module loads that book and
writes the plan's operations in ONE ``db.write`` transaction, so the import lands whole or
not at all and ``sam undo`` reverts it as one command. Rows go in with
``Tx.insert_many``, each one logged like any other insert.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from sam_tui import clock
from sam_tui.domain.enums import DealStage
from sam_tui.services import deals, settings
from sam_tui.store import db

# The columns an import may set, per table: what is compared on a re-import.
IMPORTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "account": (
        "name",
        "tier",
        "status",
        "industry",
        "region",
        "annual_value_cents",
        "renewal_date",
        "cadence_days",
        "notes",
    ),
    "contact": (
        "account_id",
        "name",
        "role",
        "email",
        "phone",
        "influence",
        "cadence_days",
        "notes",
    ),
    "deal": (
        "account_id",
        "name",
        "amount_cents",
        "kind",
        "stage",
        "probability",
        "forecast_category",
        "expected_close",
        "lost_reason",
        "closed_at",
    ),
    "interaction": (
        "account_id",
        "contact_id",
        "occurred_at",
        "channel",
        "direction",
        "summary",
        "sentiment",
    ),
}
# Columns that name the record as well as describe it (for matching and messages).
_EXTRA = {
    "account": ("archived", "name_key", "fold_key", "prospect_stage"),
    "contact": ("archived",),
    "deal": (),
    "interaction": (),
}


class Known(NamedTuple):
    """A record already in the book: its id and the columns an import may set, as stored."""

    id: int
    values: dict[str, Any]


class Ref(NamedTuple):
    """Where an earlier import's record came from, and the values it set (JSON, read when
    the record is compared: a book holds tens of thousands of them)."""

    id: int
    entity: str
    entity_id: int
    imported: str

    @property
    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.imported)
        return found


class Book(NamedTuple):
    """What an import is planned against."""

    accounts: dict[int, Known]
    contacts: dict[int, Known]
    deals: dict[int, Known]
    refs: dict[tuple[str, str], Ref]  # (table, source key) -> ref, for one source
    probabilities: dict[DealStage, int]
    currency: str
    # (account id, occurred_at as stored, summary) -> is such a touch already logged?
    has_touch: Callable[[int, str, str], bool]
    # one interaction by id (they are too many to load whole)
    interaction: Callable[[int], Known | None]


class NewAccount(NamedTuple):
    """An account this import creates, named by its place in ``Operations.creates``."""

    slot: int


class Create(NamedTuple):
    line: int
    table: str
    label: str
    values: dict[str, Any]  # columns; account_id may be a NewAccount
    source_key: str | None  # where it came from, for its external_ref
    imported: dict[str, Any]


class Update(NamedTuple):
    line: int
    table: str
    id: int
    label: str
    changes: dict[str, tuple[Any, Any]]  # column -> (in sam, from the file)
    kept: dict[str, tuple[Any, Any]]  # changed in sam since: column -> (in sam, in the file)
    source_key: str | None
    ref: Ref | None
    imported: dict[str, Any]


class Operations(NamedTuple):
    """What the writer does; the plan around it is for the user."""

    source: str
    creates: list[Create]
    updates: list[Update]  # with changes, or only a reference to write or refresh


class Written(NamedTuple):
    created: dict[str, int]  # table -> rows created
    updated: dict[str, int]
    batch: str


def _load(conn: sqlite3.Connection, table: str) -> dict[int, Known]:
    columns = ("id", *IMPORTED_COLUMNS[table], *_EXTRA[table])
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    return {r[0]: Known(r[0], dict(zip(columns[1:], tuple(r)[1:], strict=True))) for r in rows}


def _refs(conn: sqlite3.Connection, source: str, tables: set[str]) -> dict[tuple[str, str], Ref]:
    wanted = ", ".join("?" for _ in tables)
    return {
        (entity, key): Ref(ident, entity, entity_id, imported)
        for ident, entity, key, entity_id, imported in conn.execute(
            "SELECT id, entity, source_key, entity_id, imported_values FROM external_ref "
            f"WHERE source = ? AND entity IN ({wanted})",
            (source, *sorted(tables)),
        )
    }


def load(conn: sqlite3.Connection, source: str, tables: Iterable[str]) -> Book:
    """The book as an import from ``source`` sees it (``tables``: which records to load)."""
    wanted = set(tables)

    def has_touch(account_id: int, occurred_at: str, summary: str) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM interaction WHERE account_id = ? AND occurred_at = ? "
                "AND summary = ?",
                (account_id, occurred_at, summary),
            ).fetchone()
            is not None
        )

    def interaction(ident: int) -> Known | None:
        columns = IMPORTED_COLUMNS["interaction"]
        row = conn.execute(
            f"SELECT {', '.join(columns)} FROM interaction WHERE id = ?", (ident,)
        ).fetchone()
        return None if row is None else Known(ident, dict(zip(columns, tuple(row), strict=True)))

    return Book(
        accounts=_load(conn, "account"),
        contacts=_load(conn, "contact") if "contact" in wanted else {},
        deals=_load(conn, "deal") if "deal" in wanted else {},
        refs=_refs(conn, source, wanted),
        probabilities=deals.probabilities(conn),
        currency=settings.currency(conn),
        has_touch=has_touch,
        interaction=interaction,
    )


P = TypeVar("P")
Progress = Callable[[int, int], None]


def run(
    conn: sqlite3.Connection,
    *,
    source: str,
    tables: Iterable[str],
    plan: Callable[[Book], P],
    operations: Callable[[P], Operations | None],
    dry_run: bool,
    progress: Progress | None = None,
) -> tuple[P, Written | None]:
    """Plan against the book and, unless ``dry_run`` or the plan refuses (``operations``
    gives None), write it: the book is read under the write lock, so what was planned is
    what gets written."""
    if dry_run:
        with db.read(conn):
            return plan(load(conn, source, tables)), None
    with db.write(conn, "import csv", clock.now()) as tx:
        planned = plan(load(conn, source, tables))
        ops = operations(planned)
        if ops is None:
            return planned, None
        return planned, write(tx, ops, progress)


def _resolve(values: dict[str, Any], made: Sequence[int | None]) -> dict[str, Any]:
    account = values.get("account_id")
    if isinstance(account, NewAccount):
        return {**values, "account_id": made[account.slot]}
    return values


def write(tx: db.Tx, ops: Operations, progress: Progress | None = None) -> Written:
    """Write ``ops`` inside ``tx``: creates table by table (parents first), then updates,
    then the external references; deals get their first history row, prospects theirs."""
    total = len(ops.creates) + len(ops.updates)
    done = 0
    made: list[int | None] = [None] * len(ops.creates)
    created: dict[str, int] = {}
    for table in ("account", "contact", "deal", "interaction"):
        picked = [(i, c) for i, c in enumerate(ops.creates) if c.table == table]
        for start in range(0, len(picked), 5000):  # progress in steps, executemany per step
            chunk = picked[start : start + 5000]
            ids = tx.insert_many(table, [_resolve(c.values, made) for _, c in chunk])
            for (i, _), new_id in zip(chunk, ids, strict=True):
                made[i] = new_id
            _history(tx, table, [c for _, c in chunk], ids)
            done += len(chunk)
            if progress:
                progress(done, total)
        if picked:
            created[table] = len(picked)
    updated: dict[str, int] = {}
    for update in ops.updates:
        if update.changes:
            _update(tx, update)
            updated[update.table] = updated.get(update.table, 0) + 1
        done += 1
        if progress and done % 1000 == 0:
            progress(done, total)
    _write_refs(tx, ops, made)
    if progress:
        progress(total, total)
    return Written(created, updated, tx.batch)


def _history(tx: db.Tx, table: str, creates: list[Create], ids: list[int]) -> None:
    """The history rows a record starts with, as ``deals.insert_deal`` and
    ``accounts.add`` write them."""
    if table == "deal":
        tx.insert_many(
            "deal_stage_change",
            [
                {
                    "deal_id": new_id,
                    # a deal imported closed enters history when it closed: its stages
                    # before are not in the file
                    "at": c.values.get("closed_at") or c.values.get("created_at") or db.ts(tx.now),
                    "from_stage": None,
                    "to_stage": c.values["stage"],
                    "amount_cents": c.values["amount_cents"],
                    "expected_close": c.values.get("expected_close"),
                    "forecast_category": c.values["forecast_category"],
                    "probability": c.values.get("probability"),
                    "recorded_at": db.ts(tx.now),
                }
                for c, new_id in zip(creates, ids, strict=True)
            ],
        )
    elif table == "account":
        tx.insert_many(
            "prospect_stage_change",
            [
                {"account_id": new_id, "at": tx.now, "to_stage": c.values["prospect_stage"]}
                for c, new_id in zip(creates, ids, strict=True)
                if c.values.get("prospect_stage")
            ],
        )


def _update(tx: db.Tx, update: Update) -> None:
    new = {column: after for column, (_before, after) in update.changes.items()}
    before = tx.update(update.table, update.id, new)
    if update.table != "deal":
        return
    after = {**before, **new}
    moved = before["stage"] != after["stage"]
    tracked = ("amount_cents", "expected_close", "forecast_category", "probability")
    if moved or any(before[c] != after[c] for c in tracked):
        # the deal's history row, as `deal move` and `deal edit` write it
        closing = moved and after["closed_at"] is not None
        tx.insert(
            "deal_stage_change",
            {
                "deal_id": update.id,
                "at": after["closed_at"] if closing else tx.now,
                "from_stage": before["stage"],
                "to_stage": after["stage"],
                "amount_cents": after["amount_cents"],
                "expected_close": after["expected_close"],
                "forecast_category": after["forecast_category"],
                "probability": after["probability"],
                "recorded_at": db.ts(tx.now),
            },
        )


def _write_refs(tx: db.Tx, ops: Operations, made: Sequence[int | None]) -> None:
    stamp = db.ts(tx.now)
    fresh = [
        {
            "source": ops.source,
            "source_key": c.source_key,
            "entity": c.table,
            "entity_id": new_id,
            "imported_values": _dump(c.imported),
            "imported_at": stamp,
        }
        for c, new_id in zip(ops.creates, made, strict=True)
        if c.source_key is not None
    ]
    for u in ops.updates:
        if u.source_key is None:
            continue
        values = _dump(u.imported)
        if u.ref is None:
            fresh.append(
                {
                    "source": ops.source,
                    "source_key": u.source_key,
                    "entity": u.table,
                    "entity_id": u.id,
                    "imported_values": values,
                    "imported_at": stamp,
                }
            )
        elif u.ref.entity_id != u.id or u.ref.values != u.imported:
            tx.update(
                "external_ref",
                u.ref.id,
                {"entity_id": u.id, "imported_values": values, "imported_at": stamp},
            )
    tx.insert_many("external_ref", fresh)


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False)
