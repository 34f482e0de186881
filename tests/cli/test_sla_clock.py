"""An SLA under a day reads in hours and minutes, and a deadline passed reads late, in
`sam today`, `complaint show`, `complaint list` and the cockpit (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

from samcli import as_json, ok, seed

from sam_tui.tui.app import SamApp
from sam_tui.tui.widgets.table import SamTable


def _critical_at_15_55(sam, monkeypatch) -> None:
    """A critical complaint (one day of SLA) opened Wed 25 Nov 15:55: due Thu 15:55."""
    monkeypatch.setenv("SAM_NOW", "2026-11-25T15:55")
    seed(sam)
    ok(sam("complaint", "open", "acme labs", "Line stopped", "--severity", "critical"))


def test_sam_today_says_late_once_the_deadline_passed_not_today(sam, monkeypatch) -> None:
    _critical_at_15_55(sam, monkeypatch)
    monkeypatch.setenv("SAM_NOW", "2026-11-26T17:00")
    out = ok(sam("today"))
    row = next(line for line in out.splitlines() if "Line stopped" in line)
    assert row.rstrip().endswith("1h 5m late")
    assert "today" not in row
    item = as_json(sam("today", "--json"))["items"][0]
    assert item["due_at"] == "2026-11-26T15:55:00+00:00"


def test_under_a_day_the_time_left_is_hours_and_minutes(sam, monkeypatch) -> None:
    _critical_at_15_55(sam, monkeypatch)
    monkeypatch.setenv("SAM_NOW", "2026-11-26T14:25")
    shown = ok(sam("complaint", "show", "1"))
    assert "SLA due in 1h 30m" in shown
    assert "1 hour" not in shown
    row = next(line for line in ok(sam("complaint", "list")).splitlines() if "Line" in line)
    assert "due in 1h 30m" in row
    today = next(line for line in ok(sam("today")).splitlines() if "Line stopped" in line)
    assert today.rstrip().endswith("in 1h 30m")


def test_past_the_deadline_every_view_reads_late(sam, monkeypatch) -> None:
    _critical_at_15_55(sam, monkeypatch)
    monkeypatch.setenv("SAM_NOW", "2026-11-26T17:00")
    assert "SLA late by 1h 5m" in ok(sam("complaint", "show", "1"))
    row = next(line for line in ok(sam("complaint", "list")).splitlines() if "Line" in line)
    assert "late by 1h 5m" in row
    assert not re.search(r"past SLA by|due in", row)


async def test_the_cockpit_says_late_too(sam, monkeypatch, db_path: Path) -> None:
    _critical_at_15_55(sam, monkeypatch)
    monkeypatch.setenv("SAM_NOW", "2026-11-26T17:00")
    async with SamApp(db_path, watch=False).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = pilot.app.screen.query_one("#triage", SamTable)
        cells = [str(c) for c in table.get_row(table.visible_rows()[0].key)]
        assert cells[-1] == "1h 5m late"
        assert "Line stopped" in cells[3]
