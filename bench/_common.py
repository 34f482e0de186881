"""Shared helpers for the budget benchmarks: timed subprocess runs and medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PINNED_NOW = "2026-11-26T09:00"


def compile_package() -> None:
    """Byte-compile sam_tui, as `pip install` does for any installed package.

    With PYTHONDONTWRITEBYTECODE=1 (set on these machines) an editable install would
    recompile every sam module from source on each run while Textual and Typer load
    their compiled bytecode from site-packages: that measures the compiler, not sam.
    """
    import compileall

    import sam_tui

    compileall.compile_dir(str(Path(sam_tui.__file__).parent), quiet=1)


def sam_command() -> list[str]:
    """The installed console script, as a user runs it; ``python -m sam_tui`` otherwise."""
    script = shutil.which("sam", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "sam_tui"]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SAM_NOW": PINNED_NOW, **extra}


def timed(cmd: Sequence[str], environ: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed


def parse_size(text: str) -> tuple[int, int]:
    """A terminal size given as COLUMNSxLINES (``120x40``)."""
    columns, _, lines = text.partition("x")
    return int(columns), int(lines)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def make_demo(path: Path, scale: int = 1) -> None:
    if path.exists():
        path.unlink()
    subprocess.run(
        [*sam_command(), "demo", "--db", str(path), "--scale", str(scale)],
        env=env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
