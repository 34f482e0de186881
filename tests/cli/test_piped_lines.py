"""Output that is not a terminal has no trailing spaces: Rich pads table cells and group
rows to the width, and a pipe (`sam forecast | diff`, `grep ' $'`) must not see them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run, run_sam
from samcli import ok

COMMANDS = [
    ("forecast",),
    ("forecast", "--period", "2026-Q3"),
    ("metrics",),
    ("metrics", "--period", "this year"),
    ("week",),
    ("report", "week"),
    ("report", "quarter"),
    ("today", "--explain"),
    ("deal", "show", "13"),
    ("deal", "list"),
    ("account", "list"),
    ("account", "show", "#2"),
    ("complaint", "show", "1"),
    ("objective", "show", "1"),
    ("objective", "list"),
    ("prospect", "list"),
    ("config",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_line_ends_in_a_space(sam: Run, demo_db: Path, args: tuple[str, ...]) -> None:
    out = ok(sam(*args, db=demo_db))
    assert out.strip(), "the command printed something"
    padded = [line for line in out.splitlines() if line != line.rstrip()]
    assert padded == []


def test_piped_forecast_in_a_real_process(demo_db: Path) -> None:
    env = {"SAM_NOW": "2026-11-26T09:00", "TZ": "UTC", "COLUMNS": "80"}
    proc = run_sam("--db", str(demo_db), "forecast", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "commit" in proc.stdout
    assert [line for line in proc.stdout.splitlines() if line.endswith(" ")] == []
