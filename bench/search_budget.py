"""Budget: a search on the large portfolio stays well under a second, as a ratio to a floor.

The floor is `python -c "import sqlite3"` (a process start, as in log_budget.py). On the
large portfolio (bench/large_portfolio.py: 10,000 accounts, 1,000,000 interactions, 100,000
follow-ups; here also 5% of the accounts archived and 3,000 ideas, requests and deals),
it times each query of a set, in process and warm (what the cockpit's search-as-you-type
pays per pause), from narrow names to words found in most records, plus `sam search`
end to end as a cold process. Budget: the slowest query at most 25x the floor
(about 0.5 s here), `sam search` end to end at most 15x.

Usage: python bench/search_budget.py [--runs N] [--db PATH]
  --db PATH reuses the large portfolio in PATH (built there if missing, ~2 minutes); the
  archived accounts and the extra records are added to it once.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from _common import PINNED_NOW, compile_package, env, median_ms, sam_command, timed
from large_portfolio import make_large, ready

QUERY_BUDGET = 25.0
CLI_BUDGET = 15.0

# (what is typed, options): narrow names, phrases, broad words, filters
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("acme", {}),
    ("jane doe", {}),
    ("invoices wrong", {}),
    ("q4 priorities", {}),
    ("pilot", {}),
    ("delivery", {}),
    ("escalation delivery delays", {}),
    ("renewal bundle", {}),
    ("zzz", {}),
    ("th", {}),  # a two-letter prefix: every word starting with th
    ("the", {}),  # in two thirds of all records
    ("the", {"account_ref": "#17"}),
    ("the", {"kinds": "complaint"}),
    ("pilot", {"include_archived": True}),
]


def prepare(path: Path) -> None:
    """The large portfolio, with archived accounts and every kind of record to search."""
    started = time.perf_counter()
    if not ready(path):
        if path.exists():
            raise SystemExit(f"{path} is not a complete large portfolio; remove it first")
        make_large(path)
    conn = sqlite3.connect(path)
    if conn.execute("SELECT count(*) FROM idea").fetchone()[0]:
        conn.close()
        return
    with conn:
        conn.execute("UPDATE account SET archived = 1 WHERE id % 20 = 0")
        stamp = "2026-11-20T10:00:00Z"
        for n in range(1, 1001):
            account = n * 7 % 10_000 + 1
            conn.execute(
                "INSERT INTO idea (account_id, title, detail, status, created_at, updated_at) "
                "VALUES (?, 'Renewal bundle with support', 'Bundle the renewal with premium "
                "support and training', 'proposed', ?, ?)",
                (account, stamp, stamp),
            )
            conn.execute(
                "INSERT INTO internal_request (account_id, team, ask, asked_at, status, "
                "created_at, updated_at) VALUES (?, 'finance', 'Credit note for the delivery "
                "delay', ?, 'open', ?, ?)",
                (account, stamp, stamp, stamp),
            )
            conn.execute(
                "INSERT INTO deal (account_id, name, amount_cents, kind, stage, "
                "forecast_category, created_at, updated_at) VALUES (?, 'Renewal 2027', "
                "25000000, 'renewal', 'proposal', 'pipeline', ?, ?)",
                (account, stamp, stamp),
            )
    rows = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    conn.close()
    print(f"large portfolio ready in {time.perf_counter() - started:.0f} s ({rows:,} indexed)")


def time_queries(path: Path, runs: int) -> list[tuple[str, float, int, bool]]:
    os.environ["SAM_NOW"] = PINNED_NOW
    from sam_tui.domain.search import parse_kind
    from sam_tui.services import search
    from sam_tui.store import db

    conn = db.connect(path)
    results = []
    for text, options in QUERIES:
        kw = dict(options)
        if "kinds" in kw:
            kw["kinds"] = {parse_kind(str(kw["kinds"]))}
        search.search(conn, text, **kw)  # type: ignore[arg-type]  # warm the page cache
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            result = search.search(conn, text, **kw)  # type: ignore[arg-type]
            samples.append(time.perf_counter() - start)
        label = text + "".join(f" {k}={v}" for k, v in options.items())
        results.append((label, median_ms(samples), result.ranked, result.broad))
    conn.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this file")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "large.db"
        prepare(path)
        environ = env()
        floor_cmd = [sys.executable, "-c", "import sqlite3"]
        cli_cmd = [*sam_command(), "--db", str(path), "search", "pilot", "invoices"]
        timed(floor_cmd, environ)
        timed(cli_cmd, environ)
        floor_s, cli_s = [], []
        for _ in range(max(5, args.runs)):
            floor_s.append(timed(floor_cmd, environ))
            cli_s.append(timed(cli_cmd, environ))
        floor, cli = median_ms(floor_s), median_ms(cli_s)
        queries = time_queries(path, args.runs)
    print(f"floor  python -c 'import sqlite3'  {floor:7.1f} ms")
    print(f"in process, warm, medians of {args.runs}; ranked = matches ranked (window 20,000)")
    for label, ms, ranked, broad in queries:
        note = " (broad)" if broad else ""
        print(f"  {label:38} {ms:7.1f} ms  {ms / floor:5.1f}x  ranked {ranked:>6,}{note}")
    worst = max(ms for _label, ms, _r, _b in queries)
    print(
        f"slowest query {worst:7.1f} ms   ratio {worst / floor:4.1f}x (budget {QUERY_BUDGET:.0f}x)"
    )
    print(
        f"sam search pilot invoices, cold process   {cli:7.1f} ms   ratio {cli / floor:4.1f}x "
        f"(budget {CLI_BUDGET:.0f}x)"
    )
    return 0 if worst / floor <= QUERY_BUDGET and cli / floor <= CLI_BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
