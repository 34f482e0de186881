"""Budget: one shell TAB (`sam` run with `_SAM_COMPLETE`) <= 7x `python -c "import sqlite3"`.

The budget is `sam log`'s (DESIGN.md, Budgets): completion runs on every TAB press, as a
whole process started by the shell. Measured as the shell runs it (bash's COMP_WORDS and
COMP_CWORD), interleaved with the floor, on the demo portfolio or on --db PATH (e.g. the
large one from bench/large_portfolio.py). Usage: python bench/completion_budget.py
[--runs N] [--db PATH]
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
import sys
import tempfile
from pathlib import Path

from _common import compile_package, env, make_demo, median_ms, sam_command, timed

BUDGET = 7.0


def cases(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        account = conn.execute(
            "SELECT a.name FROM account a JOIN contact c ON c.account_id = a.id "
            "WHERE a.archived = 0 ORDER BY a.id LIMIT 1"
        ).fetchone()[0]
    quoted = account.replace(" ", "\\ ")
    return {
        "sam <TAB> (commands)": "sam ",
        f"sam log {account[:2]}<TAB>": f"sam log {account[:2]}",
        "sam log ACCOUNT --with <TAB>": f"sam log {quoted} --with ",
        "sam follow-up done <TAB>": "sam follow-up done ",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--db", type=Path, help="an existing book (default: a fresh demo)")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if args.db is None:
            make_demo(path)
        floor_cmd = [sys.executable, "-c", "import sqlite3"]
        commands: dict[str, tuple[list[str], dict[str, str]]] = {"floor": (floor_cmd, env())}
        for label, words in cases(path).items():
            count = len(shlex.split(words))
            cword = count if words.endswith(" ") else count - 1
            commands[label] = (
                sam_command(),
                env(
                    SAM_DB=str(path),
                    _SAM_COMPLETE="complete_bash",
                    COMP_WORDS=words,
                    COMP_CWORD=str(cword),
                ),
            )
        samples: dict[str, list[float]] = {label: [] for label in commands}
        for cmd, environ in commands.values():  # warm the OS caches once
            timed(cmd, environ)
        for _ in range(args.runs):
            for label, (cmd, environ) in commands.items():
                samples[label].append(timed(cmd, environ))
    floor = median_ms(samples.pop("floor"))
    print(f"runs: {args.runs} each, interleaved; medians; book: {args.db or 'demo'}")
    print(f"{'floor  python -c import sqlite3':38} {floor:7.1f} ms")
    worst = 0.0
    for label, values in samples.items():
        ms = median_ms(values)
        worst = max(worst, ms / floor)
        print(f"{label:38} {ms:7.1f} ms   ratio {ms / floor:4.2f}x")
    print(f"slowest TAB: {worst:.2f}x the floor (budget {BUDGET:.0f}x)")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
