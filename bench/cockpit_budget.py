"""Budget: the cockpit shows its triage rows within 1.5x a bare Textual 200-row DataTable app.

Both are launched as real processes in a pseudo-terminal of each size asked for (80x24 and
120x40 by default) and timed from spawn until a marker from their first table row appears
in the terminal output; runs are interleaved and medians compared. `--large` also measures
the large portfolio (bench/large_portfolio.py: 10,000 accounts, 1,000,000 interactions,
100,000 follow-ups, 5,000 deals; building it takes one to two minutes), `--db PATH` keeps it
in PATH for the next run.

Usage: python bench/cockpit_budget.py [--runs N] [--size 80x24 ...] [--large] [--db PATH]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _common import (
    PINNED_NOW,
    compile_package,
    make_demo,
    median_ms,
    parse_size,
    sam_command,
)
from large_portfolio import counts, large_portfolio

BUDGET = 1.5
HERE = Path(__file__).resolve().parent
SIZES = ((80, 24), (120, 40))


def time_to_marker(
    cmd: list[str],
    marker: bytes,
    environ: dict[str, str],
    size: tuple[int, int] = (80, 24),
    timeout: float = 60.0,
) -> float:
    """Seconds from spawn until ``marker`` is drawn; the process is then stopped."""
    columns, lines = size
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environ = {**environ, "COLUMNS": str(columns), "LINES": str(lines)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=environ, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"timed out waiting for {marker!r} from {cmd}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                raise SystemExit(f"{cmd} exited before drawing {marker!r}") from None
            seen = (seen + chunk)[-200_000:]
            if marker in seen:
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
        os.close(master)


def first_triage_account(path: Path) -> bytes:
    """The account name the cockpit's first triage row shows (computed like `sam today`)."""
    out = subprocess.run(
        [*sam_command(), "--db", str(path), "today", "--json", "--limit", "1"],
        env={**os.environ, "SAM_NOW": PINNED_NOW},
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    items = json.loads(out)["items"]
    if not items:
        raise SystemExit("the demo produced an empty triage queue")
    return str(items[0]["account"]["name"]).encode()


def measure(path: Path, runs: int, size: tuple[int, int] = (80, 24)) -> tuple[float, float]:
    """(floor, cockpit) medians in ms at ``size``, runs interleaved."""
    environ = {**os.environ, "SAM_NOW": PINNED_NOW, "TERM": "xterm-256color"}
    marker = first_triage_account(path)
    bare = [sys.executable, str(HERE / "bare_table_app.py")]
    cockpit = [*sam_command(), "--db", str(path)]
    time_to_marker(bare, b"bareready0", environ, size)  # warm caches
    time_to_marker(cockpit, marker, environ, size)
    floor_s, sam_s = [], []
    for _ in range(runs):
        floor_s.append(time_to_marker(bare, b"bareready0", environ, size))
        sam_s.append(time_to_marker(cockpit, marker, environ, size))
    return median_ms(floor_s), median_ms(sam_s)


def report(book: str, path: Path, runs: int, sizes: list[tuple[int, int]]) -> bool:
    """Print one line a size; True when every ratio is within the budget."""
    ok = True
    for size in sizes:
        floor, cockpit = measure(path, runs, size)
        ratio = cockpit / floor
        ok = ok and ratio <= BUDGET
        print(
            f"{book:<6} {size[0]:>3}x{size[1]:<3} floor {floor:6.1f} ms  cockpit {cockpit:6.1f} ms"
            f"  ratio {ratio:4.2f}x  (budget {BUDGET}x) {'ok' if ratio <= BUDGET else 'OVER'}",
            flush=True,
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", type=parse_size, action="append", help="COLUMNSxLINES")
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--db", type=Path, help="the large portfolio (built there if missing)")
    args = parser.parse_args()
    sizes = args.size or list(SIZES)
    compile_package()
    print(f"runs: {args.runs} each, interleaved; medians; pseudo-terminal; first triage row")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        make_demo(path)
        ok = report("demo", path, args.runs, sizes)
        if args.large or args.db:
            large, built = large_portfolio(args.db or Path(tmp) / "large.db")
            if built:
                print(f"large portfolio built in {built:.0f} s: {counts(large)}")
            ok = report("large", large, max(3, args.runs // 3), sizes) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
