"""The large portfolio of DESIGN.md's budgets, for every benchmark that needs one.

10,000 accounts, 1,000,000 interactions over 18 months (more of them recent), 100,000
follow-ups (10,000 open, about 3,000 overdue) and 400 complaints, made by the demo
generator (seed 11) at the pinned clock. Building it takes about a minute; pass the
same path again to reuse it.

Usage: python bench/large_portfolio.py PATH    (build it there, or say it is ready)
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from pathlib import Path

from _common import PINNED_NOW

ACCOUNTS = 10_000


def make_large(path: Path) -> None:
    """Build the large portfolio into a new file at ``path``."""
    from sam_tui.services import demo
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


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("account", "interaction", "follow_up", "complaint")
        }


def ready(path: Path) -> bool:
    """``path`` holds a complete large portfolio (a build cut short is not reused)."""
    if not path.exists():
        return False
    try:
        found = counts(path)
    except sqlite3.Error:
        return False
    return found["account"] >= ACCOUNTS and found["interaction"] >= 900_000


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
