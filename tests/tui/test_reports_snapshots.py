"""The Reports screen (7) at 80x24 and 100x30 on the demo portfolio at the pinned clock.

Update the baselines after an intended change with
`pytest tests/tui/test_reports_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_snapshots import keys

from sam_tui.tui.app import SamApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((100, 30), id="100x30")]


@pytest.mark.parametrize("size", SIZES)
def test_reports(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(SamApp(demo_db, watch=False), terminal_size=size, run_before=keys("7"))


def test_reports_charts(snap_compare: Any, demo_db: Path) -> None:
    """A page down: the bar chart of touches per day and the weekly strip."""
    assert snap_compare(
        SamApp(demo_db, watch=False), terminal_size=(80, 24), run_before=keys("7", "pagedown")
    )


def test_reports_typing_a_bad_period(snap_compare: Any, demo_db: Path) -> None:
    assert snap_compare(
        SamApp(demo_db, watch=False),
        terminal_size=(80, 24),
        run_before=keys("7", "p", *"2026-W60", "enter"),
    )
