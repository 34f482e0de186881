"""Budget: a team lead's roll-up renders within 2 s of the pull finishing (issue 18).

Builds a team of ``--managers`` books (demo portfolios of ``--accounts`` accounts each, one
seed per manager), replicates each to its own folder replica with Litestream
(`sam replicate setup file://...`), registers them (`sam team add`), then times, as real
processes: `sam team pull` (every book restored and checked, in parallel) and the roll-up
printed (`sam team`, and `sam team report quarter --format html`). The floor, `python -c
"import sqlite3"`, is measured in the same run for scale. Usage:

    python bench/team_budget.py [--managers 10] [--accounts 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_package, env, median_ms, sam_command, timed

BUDGET_S = 2.0  # the roll-up on screen within 2 s of the pull finishing


def _run(cmd: list[str], environ: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=environ, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--managers", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=1000, help="per book (demo: 25 a scale)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    sam = sam_command()
    scale = max(1, args.accounts // 25)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        # sam's config and cache in the scratch folder: neither yours nor a manager's
        environ = env(XDG_CONFIG_HOME=str(base / "config"), XDG_CACHE_HOME=str(base / "cache"))
        started = time.perf_counter()
        for n in range(args.managers):
            book = base / f"m{n:02d}" / "sam.db"
            book.parent.mkdir(mode=0o700)
            _run(
                [*sam, "demo", "--db", str(book), "--scale", str(scale), "--seed", str(n + 1)],
                environ,
            )
            _run(
                [
                    *sam,
                    "--db",
                    str(book),
                    "replicate",
                    "setup",
                    f"file://{base / 'replicas' / f'm{n:02d}'}",
                ],
                environ,
            )
            _run(
                [*sam, "team", "add", f"m{n:02d}", f"file://{base / 'replicas' / f'm{n:02d}'}"],
                environ,
            )
        built = time.perf_counter() - started
        size = sum(p.stat().st_size for p in base.glob("m*/sam.db")) / 1e6
        floor_cmd = [sys.executable, "-c", "import sqlite3"]
        pull_cmd = [*sam, "team", "pull"]
        text_cmd = [*sam, "team"]
        html_cmd = [*sam, "team", "report", "quarter", "--format", "html"]
        samples: dict[str, list[float]] = {"floor": [], "pull": [], "text": [], "html": []}
        timed(floor_cmd, environ)
        for _ in range(args.runs):
            samples["floor"].append(timed(floor_cmd, environ))
            samples["pull"].append(timed(pull_cmd, environ))
            # right after the pull, as the lead reads it
            samples["text"].append(timed(text_cmd, environ))
            samples["html"].append(timed(html_cmd, environ))
    floor = median_ms(samples["floor"])
    pull = median_ms(samples["pull"])
    text = median_ms(samples["text"])
    html = median_ms(samples["html"])
    worst = max(samples["text"])
    print(
        f"team: {args.managers} books x {args.accounts:,} accounts ({size:.0f} MB in all), "
        f"built and replicated in {built:.0f} s; {args.runs} runs, medians; "
        f"cores: {os.cpu_count()}"
    )
    print(f"floor  python -c 'import sqlite3'   {floor:8.1f} ms")
    print(f"sam team pull (all, in parallel)    {pull:8.1f} ms   ratio {pull / floor:5.1f}x")
    print(
        f"sam team (text roll-up)             {text:8.1f} ms   ratio {text / floor:5.1f}x   "
        f"worst {worst * 1000:.0f} ms (budget {BUDGET_S:.0f} s)"
    )
    print(f"sam team report quarter --format html {html:6.1f} ms   ratio {html / floor:5.1f}x")
    spread = statistics.pstdev(samples["text"]) * 1000
    print(f"(text roll-up spread {spread:.0f} ms)")
    return 0 if worst <= BUDGET_S and max(samples["html"]) <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
