"""Budget: the cockpit shows its triage rows within 1.5x a bare Textual 200-row DataTable app.

Both are launched as real processes in a pseudo-terminal (80x24) and timed from spawn
until a marker from their first table row appears in the terminal output; runs are
interleaved and medians compared. `--large` also measures a 10,000-account portfolio
(1,000,000 interactions, 100,000 follow-ups of which 10,000 open and about 3,000 overdue;
building it takes about a minute).

Usage: python bench/cockpit_budget.py [--runs N] [--large]
"""

from __future__ import annotations

import argparse
import fcntl
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

from _common import PINNED_NOW, compile_package, make_demo, median_ms, sam_command
from large_portfolio import counts, make_large

BUDGET = 1.5
HERE = Path(__file__).resolve().parent


def time_to_marker(
    cmd: list[str], marker: bytes, environ: dict[str, str], timeout: float = 60.0
) -> float:
    """Seconds from spawn until ``marker`` is drawn; the process is then stopped."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
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
    import json

    items = json.loads(out)["items"]
    if not items:
        raise SystemExit("the demo produced an empty triage queue")
    return str(items[0]["account"]["name"]).encode()


def measure(path: Path, runs: int) -> tuple[float, float]:
    environ = {
        **os.environ,
        "SAM_NOW": PINNED_NOW,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    marker = first_triage_account(path)
    bare = [sys.executable, str(HERE / "bare_table_app.py")]
    cockpit = [*sam_command(), "--db", str(path)]
    time_to_marker(bare, b"bareready0", environ)  # warm caches
    time_to_marker(cockpit, marker, environ)
    floor_s, sam_s = [], []
    for _ in range(runs):
        floor_s.append(time_to_marker(bare, b"bareready0", environ))
        sam_s.append(time_to_marker(cockpit, marker, environ))
    return median_ms(floor_s), median_ms(sam_s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--large", action="store_true")
    args = parser.parse_args()
    compile_package()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        make_demo(path)
        floor, cockpit = measure(path, args.runs)
        print(f"runs: {args.runs} each, interleaved; medians; 80x24 pseudo-terminal")
        print(f"floor  bare Textual app, 200-row DataTable   {floor:7.1f} ms")
        print(
            f"sam cockpit, demo portfolio, triage shown   {cockpit:7.1f} ms   "
            f"ratio {cockpit / floor:4.2f}x (budget {BUDGET}x)"
        )
        ok = cockpit / floor <= BUDGET
        if args.large:
            large = Path(tmp) / "large.db"
            started = time.perf_counter()
            make_large(large)
            built = time.perf_counter() - started
            print(f"large portfolio built in {built:.0f} s: {counts(large)}")
            floor, cockpit = measure(large, max(3, args.runs // 3))
            print(
                f"sam cockpit, large portfolio, triage shown  {cockpit:7.1f} ms   "
                f"ratio {cockpit / floor:4.2f}x (floor {floor:.1f} ms)"
            )
            ok = ok and cockpit / floor <= BUDGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
