"""Budget: `sam log` cold, end to end, <= 7x `python -c "import sqlite3"` (DESIGN.md, Budgets).

Runs both (and `sam today`, reported) interleaved as real processes, many times, and
prints the medians and their ratios. Usage:
python bench/log_budget.py [--runs N] [--own-data] [--replicated]

--own-data drops the demo marker first, so each `sam log` pays what it does on the
user's real file: the check for today's automatic backup (one stat once it exists).
--replicated sets up a folder replica (`sam replicate setup file://...`) and keeps
`sam replicate run` replicating the book while every `sam log` runs (Litestream needed).
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_package, env, make_demo, median_ms, sam_command, timed

BUDGET = 7.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--own-data", action="store_true", help="not a demo: daily backups on")
    parser.add_argument(
        "--replicated", action="store_true", help="with `sam replicate run` streaming the book"
    )
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        if args.replicated:  # sam's config (the replica's) in the scratch folder, not yours
            os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        path = Path(tmp) / "bench.db"
        make_demo(path)
        with sqlite3.connect(path) as conn:
            account = conn.execute("SELECT name FROM account ORDER BY id LIMIT 1").fetchone()[0]
            if args.own_data:
                conn.execute("DELETE FROM setting WHERE key = 'demo'")
        sam = [*sam_command(), "--db", str(path)]
        replicator = _replicate(sam, Path(tmp)) if args.replicated else None
        try:
            samples = _measure(sam, account, args.runs)
        finally:
            if replicator is not None:
                replicator.send_signal(signal.SIGTERM)
                replicator.wait(timeout=30)
    floor = median_ms(samples["floor"])
    log = median_ms(samples["log"])
    today = median_ms(samples["today"])
    print(f"runs: {args.runs} each, interleaved; medians")
    if args.replicated:
        print("with `sam replicate run` streaming the book to a folder replica throughout")
    print(f"floor  python -c 'import sqlite3'  {floor:7.1f} ms")
    print(
        f"sam log (+ follow-up)              {log:7.1f} ms   ratio {log / floor:4.2f}x "
        f"(budget {BUDGET:.0f}x)"
    )
    print(f"sam today (demo portfolio)         {today:7.1f} ms   ratio {today / floor:4.2f}x")
    return 0 if log / floor <= BUDGET else 1


def _replicate(sam: list[str], tmp: Path) -> subprocess.Popen[bytes]:
    """Set up a folder replica and start the replicator; returns once it holds its lock."""
    done = subprocess.run(
        [*sam, "replicate", "setup", f"file://{tmp / 'replica'}"], env=env(), capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"sam replicate setup failed: {done.stderr.decode()}")
    proc = subprocess.Popen(
        [*sam, "replicate", "run"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the status says it runs once the lock is taken
        status = subprocess.run([*sam, "replicate", "status"], env=env(), capture_output=True)
        if b"running (pid" in status.stdout:
            return proc
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the replicator did not start")


def _measure(sam: list[str], account: str, runs: int) -> dict[str, list[float]]:
    """The floor, `sam log` and `sam today`, interleaved ``runs`` times (real processes)."""
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
    for _ in range(runs):
        samples["floor"].append(timed(floor_cmd, environ))
        samples["log"].append(timed(log_cmd, environ))
        samples["today"].append(timed(today_cmd, environ))
    return samples


if __name__ == "__main__":
    raise SystemExit(main())
