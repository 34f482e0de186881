"""Budget: `sam log` cold, end to end, <= 7x `python -c "import sqlite3"` (DESIGN.md, Budgets).

Runs both (and `sam today`, reported) interleaved as real processes, many times, and
prints the medians and their ratios. Usage: python bench/log_budget.py [--runs N] [--own-data]

--own-data drops the demo marker first, so each `sam log` pays what it does on the
user's real file: the check for today's automatic backup (one stat once it exists).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from _common import compile_package, env, make_demo, median_ms, sam_command, timed

BUDGET = 7.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--own-data", action="store_true", help="not a demo: daily backups on")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        make_demo(path)
        with sqlite3.connect(path) as conn:
            account = conn.execute("SELECT name FROM account ORDER BY id LIMIT 1").fetchone()[0]
            if args.own_data:
                conn.execute("DELETE FROM setting WHERE key = 'demo'")
        sam = [*sam_command(), "--db", str(path)]
        floor_cmd = [sys.executable, "-c", "import sqlite3"]
        log_cmd = [
            *sam,
            "log",
            account,
            "Called the CFO about the pilot",
            "--channel",
            "call",
            "--follow-up",
            "next friday",
        ]
        today_cmd = [*sam, "today"]
        environ = env()
        samples: dict[str, list[float]] = {"floor": [], "log": [], "today": []}
        for cmd in (floor_cmd, log_cmd, today_cmd):  # warm the OS caches once
            timed(cmd, environ)
        for _ in range(args.runs):
            samples["floor"].append(timed(floor_cmd, environ))
            samples["log"].append(timed(log_cmd, environ))
            samples["today"].append(timed(today_cmd, environ))
    floor = median_ms(samples["floor"])
    log = median_ms(samples["log"])
    today = median_ms(samples["today"])
    print(f"runs: {args.runs} each, interleaved; medians")
    print(f"floor  python -c 'import sqlite3'  {floor:7.1f} ms")
    print(
        f"sam log (+ follow-up)              {log:7.1f} ms   ratio {log / floor:4.2f}x "
        f"(budget {BUDGET:.0f}x)"
    )
    print(f"sam today (demo portfolio)         {today:7.1f} ms   ratio {today / floor:4.2f}x")
    return 0 if log / floor <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
