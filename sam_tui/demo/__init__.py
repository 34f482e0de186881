"""A believable demo portfolio, deterministic for a seed and dated relative to the clock.

It makes fixtures, it is not a service: ``sam demo``, the tests and the benchmarks fill a
scratch file with it. ``names`` holds the data drawn from; ``portfolio`` makes the
accounts, people, touches, follow-ups and complaints; ``relationships`` the prospects,
requests, ideas and cadences; ``sales`` the deals, quotas, objectives and forecast
snapshots. Rows go in through ``store.bulk`` (checked against ``COLUMNS``), with no
change log: there is no history to undo.
"""

from __future__ import annotations

import random
import sqlite3

from sam_tui import clock
from sam_tui.demo import relationships, sales
from sam_tui.demo.portfolio import DemoSize, populate
from sam_tui.domain.errors import Conflict
from sam_tui.store import bulk, files, sql

__all__ = ["DemoSize", "fill"]

# emptied before a new demo, children before parents
_TABLES = (
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
)


def fill(
    conn: sqlite3.Connection, *, seed: int = 7, size: DemoSize | None = None
) -> dict[str, int]:
    """Fill an empty (or demo) database; returns how many rows of each kind were made."""
    if sql.has_rows(conn, "account") and not files.is_demo(conn):
        raise Conflict(
            "this database already holds your own data; demo only fills an empty "
            "database or an earlier demo (use --db with a new file)"
        )
    now = clock.now()
    today = now.date()
    with bulk.load(conn) as load:
        load.clear(*_TABLES)
        made = populate(load, random.Random(seed), now, today, size or DemoSize())
        counts = dict(made.counts)
        # its own generator: the rest of the portfolio stays what it was for a seed
        more = relationships.fill(load, random.Random(seed * 7919 + 1), now, today, made)
        for kind, count in more.items():
            counts[kind] = counts.get(kind, 0) + count
        counts.update(sales.fill(load, seed=seed, now=now, active=made.active()))
        load.add_many(
            "setting", [{"key": "demo", "value": "1"}, {"key": "demo.seed", "value": str(seed)}]
        )
    return counts
