"""The large portfolio of DESIGN.md's budgets, for every benchmark that needs one.

10,000 accounts, 1,000,000 interactions over 18 months (more of them recent), 100,000
follow-ups (10,000 open, about 3,000 overdue) and 400 complaints, made by the demo
generator (seed 11) at the pinned clock; then a pipeline at the same scale: 5,000 deals
over the last year with their stage histories (about 15,000 changes), 1,000 objectives
and 3,000 requests to internal teams (written directly: the services would log each one).
Building it takes about a minute; pass the same path again to reuse it.

Usage: python bench/large_portfolio.py PATH    (build it there, or say it is ready)
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import time
from pathlib import Path

from _common import PINNED_NOW

ACCOUNTS = 10_000
DEALS = 5_000


def make_large(path: Path) -> None:
    """Build the large portfolio into a new file at ``path``."""
    from sam_tui import demo
    from sam_tui.store import db

    os.environ["SAM_NOW"] = PINNED_NOW
    conn = db.connect(path)
    try:
        size = demo.DemoSize(
            accounts=ACCOUNTS,
            touches_per_account=100.0,
            open_follow_ups=10_000,
            done_follow_ups=90_000,
            complaints=400,
        )
        demo.fill(conn, seed=11, size=size)
    finally:
        conn.close()
    _add_sales(path)


def _add_sales(path: Path) -> None:
    """Deals with histories, objectives and requests at portfolio scale (seed 3)."""
    from datetime import UTC, datetime, timedelta

    rng = random.Random(3)
    stages = ["prospecting", "qualification", "proposal", "negotiation"]
    start = datetime(2025, 12, 1, tzinfo=UTC)
    last = datetime.fromisoformat(PINNED_NOW).replace(tzinfo=UTC) - timedelta(hours=1)

    def ts(moment: datetime) -> str:
        return min(moment, last).strftime("%Y-%m-%dT%H:%M:%SZ")

    conn = sqlite3.connect(path)
    try:
        ids = [x for (x,) in conn.execute("SELECT id FROM account WHERE status = 'active'")]
        conn.execute("BEGIN")
        for n in range(DEALS):
            made = start + timedelta(days=rng.randrange(0, 360))
            reached = rng.randrange(0, 4)
            end = rng.random()
            final = "won" if end < 0.25 else "lost" if end < 0.45 else stages[reached]
            close = (made + timedelta(days=rng.randrange(30, 200))).date().isoformat()
            amount = rng.randrange(1_000, 500_000) * 100
            category = rng.choice(["pipeline", "commit", "best-case"])
            moment = made
            path_taken = stages[: reached + 1] + ([final] if final in ("won", "lost") else [])
            steps = []
            for stage in path_taken:
                steps.append((ts(moment), stage))
                moment += timedelta(days=rng.randrange(3, 30))
            closed = steps[-1][0] if final in ("won", "lost") else None
            deal_id = conn.execute(
                "INSERT INTO deal (account_id, name, amount_cents, kind, stage, probability, "
                "forecast_category, expected_close, lost_reason, closed_at, created_at, "
                "updated_at) VALUES (?, ?, ?, 'new', ?, NULL, ?, ?, ?, ?, ?, ?)",
                (
                    rng.choice(ids),
                    f"Deal {n}",
                    amount,
                    final,
                    category,
                    close,
                    "Price" if final == "lost" else None,
                    closed,
                    ts(made),
                    steps[-1][0],
                ),
            ).lastrowid
            previous = None
            for at, stage in steps:
                conn.execute(
                    # recorded when it happened, as sam records every change
                    "INSERT INTO deal_stage_change (deal_id, at, from_stage, to_stage, "
                    "amount_cents, expected_close, forecast_category, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (deal_id, at, previous, stage, amount, close, category, at),
                )
                previous = stage
        for n in range(1_000):
            objective_id = conn.execute(
                "INSERT INTO objective (account_id, title, target_value, current_value, unit, "
                "start_date, due_date, closed, created_at, updated_at) VALUES "
                "(?, ?, '100', ?, NULL, '2026-01-01', '2026-12-31', 0, ?, ?)",
                (
                    rng.choice(ids),
                    f"Objective {n}",
                    str(rng.randrange(0, 100)),
                    ts(start),
                    ts(start),
                ),
            ).lastrowid
            conn.execute(
                "INSERT INTO objective_progress (objective_id, at, value, note) "
                "SELECT id, ?, current_value, NULL FROM objective WHERE id = ?",
                (ts(start + timedelta(days=rng.randrange(30, 360))), objective_id),
            )
        for n in range(3_000):
            status = rng.choice(["open", "blocked", "done"])
            asked = start + timedelta(days=rng.randrange(0, 360))
            conn.execute(
                "INSERT INTO internal_request (account_id, team, ask, asked_at, due_date, "
                "status, outcome, done_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                (
                    rng.choice(ids),
                    rng.choice(["legal", "finance", "product", "support", "logistics"]),
                    f"Request {n}",
                    ts(asked),
                    (asked + timedelta(days=rng.randrange(3, 30))).date().isoformat(),
                    status,
                    ts(asked + timedelta(days=rng.randrange(1, 20))) if status == "done" else None,
                    ts(asked),
                    ts(asked),
                ),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("account", "interaction", "follow_up", "complaint", "deal")
        }


def ready(path: Path) -> bool:
    """``path`` holds a complete large portfolio (a build cut short is not reused)."""
    if not path.exists():
        return False
    try:
        found = counts(path)
    except sqlite3.Error:
        return False
    return (
        found["account"] >= ACCOUNTS and found["interaction"] >= 900_000 and found["deal"] >= DEALS
    )


def large_portfolio(path: Path) -> tuple[Path, float]:
    """The large portfolio at ``path``, built unless a complete one is there; seconds spent."""
    if ready(path):
        return path, 0.0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    make_large(path)
    return path, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    path, seconds = large_portfolio(args.path)
    how = f"built in {seconds:.0f} s" if seconds else "already there"
    print(f"{path}: {how}: {counts(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
