"""The week report, byte for byte, in every format: a known week and a database with nothing.

The fixture (report_fixture.py) is built through the services with the clock moved, so
the files only change when the report does. After an intended change:
SAM_UPDATE_GOLDEN=1 pytest tests/reports, then read the diff of golden/.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import report_fixture
from report_fixture import golden

from sam_tui.domain.periods import parse_period
from sam_tui.reports.base import build
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.render import Format, render
from sam_tui.store import db

ENDINGS = {Format.TEXT: "txt", Format.MD: "md", Format.HTML: "html", Format.JSON: "json"}

# the shared fixtures (pytest finds fixtures among a module's globals)
report_db = report_fixture.report_db
report_template = report_fixture.report_template


def _week(path: Path, label: str = "2026-W48") -> object:
    conn = db.connect(path)
    try:
        return build(KINDS["week"], conn, parse_period(label))
    finally:
        conn.close()


@pytest.mark.parametrize("fmt", list(Format))
def test_the_week_in_every_format(report_db: Path, fmt: Format) -> None:
    golden(f"week.{ENDINGS[fmt]}", render(_week(report_db), fmt))  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", list(Format))
def test_a_database_with_no_data_at_all(tmp_path: Path, fmt: Format) -> None:
    golden(f"empty.{ENDINGS[fmt]}", render(_week(tmp_path / "empty.db"), fmt))  # type: ignore[arg-type]


def test_a_finished_week_is_measured_at_its_end(report_db: Path) -> None:
    """Last week seen today: overdue and past-SLA counts as they stood on Sunday night."""
    doc = json.loads(render(_week(report_db, "2026-W47"), Format.JSON))  # type: ignore[arg-type]
    assert doc["as_of"] == "2026-11-23T00:00:00+00:00"
    figures = {f["key"]: f for s in doc["sections"] for f in s["figures"]}
    assert figures["touches"]["value"] == 3
    assert figures["follow_ups_done"]["value"] == 1
    assert figures["follow_ups_overdue"]["value"] == 1  # "Book the QBR", due Sat 21
    assert figures["complaints_past_sla"]["value"] == 1  # the invoices, open since the 10th
    overdue = next(b for s in doc["sections"] for b in s["blocks"] if b.get("key") == "overdue")
    assert overdue["title"] == "Still overdue at the end of the week"
    assert [r["days_late"] for r in overdue["rows"]] == [2]


def test_json_numbers_and_dates_are_data(report_db: Path) -> None:
    doc = json.loads(render(_week(report_db), Format.JSON))  # type: ignore[arg-type]
    assert doc["period"] == {
        "label": "2026-W48",
        "kind": "week",
        "start": "2026-11-23",
        "end": "2026-11-29",
    }
    assert [s["key"] for s in doc["sections"]] == [
        "touches",
        "follow_ups",
        "complaints",
        "health",
        "agenda",
    ]
    renewals = next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == "renewals")
    assert renewals["rows"][1] == {
        "renewal": "2026-12-20",
        "account": "Umbrella Health",
        "tier": "key",
        "annual_value": 450000.5,
        "last_touch": "2026-11-25",
        "health": "amber",  # an open critical complaint keeps it out of the green
    }
    per_day = next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == "per_day")
    assert per_day["categories"][0] == "2026-11-23" and per_day["labels"][0] == "Mon 23 Nov"
    assert per_day["series"][0]["values"] == [1, 2, 1, 1, 0, 0, 0]


def test_json_tables_hold_every_row_even_when_the_others_cut_them(report_db: Path) -> None:
    conn = sqlite3.connect(report_db)
    with conn:
        conn.executemany(
            "INSERT INTO account (name, name_key, tier, status, archived, created_at, updated_at)"
            " VALUES (?, ?, 'growth', 'active', 0, '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z')",
            [(f"Filler {n:02d}", f"filler {n:02d}") for n in range(30)],
        )
    conn.close()
    report = _week(report_db)
    doc = json.loads(render(report, Format.JSON))  # type: ignore[arg-type]
    untouched = next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == "not_touched")
    assert len(untouched["rows"]) == 32
    text = render(report, Format.TEXT)  # type: ignore[arg-type]
    assert "… and 17 more accounts (the json format lists them all)" in text
