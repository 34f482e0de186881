"""How a report's sections split between the command and its helper (``reports.apart``).

On a large book a report is built in two processes: the command builds some sections and
a forked helper builds ``kind.apart``, each laying its own out in the printed format. The
report takes as long as the slower half, so the halves should cost about the same. This
measures, for the kind's own split and for any other given, the CPU each half spends in
one process (a fresh build context per half, so reads shared within a half are made once,
as in the real thing), the minimum of several rounds, interleaved.

Usage: python bench/report_split.py --db PATH [--kind year] [--format json] [--runs 5]
                                    [SECTION,SECTION,... ...]

Each positional argument is a helper's set of section builders by name (the others stay
with the command); the kind's own split is always measured first. Example:
    python bench/report_split.py --db /tmp/bench/run.db --kind year --format text \\
        deals_moved,portfolio,objectives_section,prospects_moved
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from _common import PINNED_NOW, compile_package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--kind", default="year")
    parser.add_argument("--format", default="json", dest="fmt")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("splits", nargs="*", help="a helper's sections, comma-separated")
    args = parser.parse_args()
    compile_package()
    os.environ.setdefault("SAM_NOW", PINNED_NOW)

    from sam_tui import clock
    from sam_tui.domain.periods import containing
    from sam_tui.reports import base
    from sam_tui.reports.kinds import KINDS
    from sam_tui.reports.render import Format, blocks
    from sam_tui.services import activity
    from sam_tui.store import db

    kind = KINDS[args.kind]
    fmt = Format(args.fmt)
    names = [b.__name__ for b in kind.sections]
    own = ",".join(b.__name__ for b in kind.sections if b in kind.apart)
    splits = [own, *(s for s in args.splits if s != own)]
    unknown = {n for s in splits for n in s.split(",")} - set(names)
    if unknown:
        sys.exit(f"no such section of the {kind.name} report: {', '.join(sorted(unknown))}")
    conn = db.connect(args.db)
    now = clock.now()
    period = containing(kind.period_kind, now.date())
    gc.disable()  # as the command and its helper run

    def half(chosen: list[str]) -> float:
        ctx = base.context(conn, period, now)
        start = time.process_time()
        with activity.snapshot(conn):
            built = [b(ctx) for b in kind.sections if b.__name__ in chosen]
        shell = base.shell(kind, ctx, ())
        for section in built:
            if section is not None:
                blocks(section, shell, fmt)
        return time.process_time() - start

    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.runs):
        for split in splits:
            helper = split.split(",")
            here = half([n for n in names if n not in helper])
            there = half(helper)
            old = best.get(split, (here, there))
            best[split] = (min(old[0], here), min(old[1], there))
    print(f"{kind.name} report, {fmt.value}, CPU ms, min of {args.runs} (first: the kind's own)")
    for split, (here, there) in best.items():
        print(f"  command {1000 * here:5.0f}  helper {1000 * there:5.0f}  "
              f"slower {1000 * max(here, there):5.0f}  helper: {split}")
    conn.close()


if __name__ == "__main__":
    main()
