"""Budget: reports on the large portfolio render in seconds, not minutes (DESIGN.md).

Times every report kind (``sam report KIND`` for each kind in ``reports.kinds.KINDS``,
so the month, quarter and year reports join when they are registered) in every format,
end to end as real processes on the current period, and breaks the build down by section
in process. The large portfolio (bench/large_portfolio.py) is built first unless --db
names one already built.

Usage: python bench/report_budget.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PINNED_NOW, compile_package, env, median_ms, sam_command, timed
from large_portfolio import counts, large_portfolio

BUDGET_S = 5.0  # per report, end to end: "seconds, not minutes"


def sections(path: Path, name: str) -> list[tuple[str, float]]:
    """Seconds spent in each section builder of one build, then in each renderer."""
    os.environ["SAM_NOW"] = PINNED_NOW
    from sam_tui import clock
    from sam_tui.reports.base import build, resolve_period
    from sam_tui.reports.kinds import KINDS
    from sam_tui.reports.render import Format, render
    from sam_tui.store import db

    kind = KINDS[name]
    spent: list[tuple[str, float]] = []

    def timing(builder):
        def run(ctx):
            started = time.perf_counter()
            try:
                return builder(ctx)
            finally:
                spent.append((f"section {builder.__name__}", time.perf_counter() - started))

        return run

    conn = db.connect(path)
    try:
        period = resolve_period(kind.period_kind, None, clock.today())
        timed_kind = kind._replace(sections=[timing(b) for b in kind.sections])
        report = build(timed_kind, conn, period)
    finally:
        conn.close()
    for fmt in Format:
        started = time.perf_counter()
        render(report, fmt)
        spent.append((f"render {fmt.value}", time.perf_counter() - started))
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a large portfolio to reuse (built if missing)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_package()
    from sam_tui.reports.kinds import KINDS

    with tempfile.TemporaryDirectory() as tmp:
        path, seconds = large_portfolio(args.db or Path(tmp) / "large.db")
        how = f"built in {seconds:.0f} s" if seconds else "reused"
        print(f"large portfolio ({how}): {counts(path)}")
        ok = True
        for name in KINDS:
            for fmt in ("text", "md", "html", "json"):
                cmd = [*sam_command(), "--db", str(path), "report", name, "--format", fmt]
                subprocess.run(cmd, env=env(), stdout=subprocess.DEVNULL, check=True)  # warm
                ms = median_ms([timed(cmd, env()) for _ in range(args.runs)])
                seconds_taken = ms / 1000
                what = f"sam report {name} --format {fmt}"
                print(f"{what:32s} {seconds_taken:6.2f} s  (budget {BUDGET_S} s)")
                ok = ok and seconds_taken <= BUDGET_S
            for label, spent in sections(path, name):
                print(f"  {name}: {label:28s} {spent:6.3f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
