"""At any width from 40 columns, no figure or day is cut: `sam forecast`'s deals drop
whole columns (Stage, then Weighted) and wrap names, as every list does; the
explanations of `sam metrics` never break inside a day."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run
from samcli import ok

from sam_tui.domain.dates import short_day
from sam_tui.domain.money import format_money

WIDTHS = ("40", "45", "50", "55", "60", "65", "80")
ROW = re.compile(r"^ *(\d+) ")  # a deal's first line starts with its id


def _money(value: float) -> str:
    return format_money(round(Decimal(str(value)) * 100))


@pytest.mark.parametrize("columns", WIDTHS)
def test_every_deal_figure_and_day_of_the_forecast_is_whole(
    sam: Run, demo_db: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    doc = json.loads(ok(sam("forecast", "--json", db=demo_db)))
    monkeypatch.setenv("COLUMNS", columns)
    out = ok(sam("forecast", db=demo_db))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= int(columns), out
    headers = [line.split() for line in lines if line.lstrip().startswith("# ")]
    assert len(headers) == 2
    for header in headers:
        assert {"#", "Account", "Close", "Amount"} <= set(header), header
        if int(columns) >= 80:
            assert {"Deal", "Stage", "Weighted"} <= set(header), header
    # each deal's first line, and the headers of its table (the two may differ)
    rows: dict[int, tuple[str, list[str]]] = {}
    header: list[str] = []
    for line in lines:
        if line.lstrip().startswith("# "):
            header = line.split()
        elif m := ROW.match(line):
            rows[int(m.group(1))] = (line, header)
    today = date_of(doc["as_of"])
    deals = doc["deals"] + doc["no_close_date"]
    assert len(deals) == 13
    for deal in deals:
        line, header = rows[deal["id"]]
        # the figures at the end of the line, whole: the amount, then the weighted
        # amount when the column is shown
        tail = line.split()[-2:] if "Weighted" in header else line.split()[-1:]
        expected = [_money(deal["amount"]), _money(deal["weighted_amount"])]
        assert tail == expected[: len(tail)], line
        close = deal["expected_close"]
        day = "—" if close is None else short_day(date_of(close), today)
        assert f" {day} " in line, line
    # nothing left in the group headings' place but the category names
    for category in ("commit", "best-case", "pipeline"):
        assert f"   {category}" in lines


def date_of(text: str) -> date:
    return date.fromisoformat(text[:10])


DAY = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})?"
)
FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d\d)?|\d+(?:\.\d+)? h\b")


@pytest.mark.parametrize(
    "args",
    [("metrics",), ("metrics", "--period", "last quarter"), ("forecast", "--diff")],
)
@pytest.mark.parametrize("columns", [*WIDTHS[:-1], "64", "70", "79"])
def test_no_day_or_figure_is_broken_across_lines(
    sam: Run, demo_db: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = ok(sam(*args, db=demo_db))
    monkeypatch.setenv("COLUMNS", columns)
    narrow = ok(sam(*args, db=demo_db))
    lines = narrow.splitlines()
    assert max(len(line) for line in lines) <= int(columns), narrow
    assert "…" not in narrow
    if args[0] == "forecast":  # the deal table drops Weighted: the test above checks it
        wide = wide[wide.index("\nSince ") :]
        lines = narrow[narrow.index("\nSince ") :].splitlines()
    wanted = {m.group() for m in DAY.finditer(wide)} | {m.group() for m in FIGURE.finditer(wide)}
    assert wanted
    for text in wanted:
        assert any(text in line for line in lines), (text, narrow)


def test_the_quota_list_drops_kind_then_from_at_40_columns(
    sam: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(sam("quota", "set", "2026", "12345678"))
    ok(sam("quota", "set", "2026-Q4", "1234567.89"))
    for columns, header in (
        ("40", ["Period", "To", "Quota"]),
        ("45", ["Period", "From", "To", "Quota"]),
        ("60", ["Period", "Kind", "From", "To", "Quota"]),
    ):
        monkeypatch.setenv("COLUMNS", columns)
        lines = ok(sam("quota", "list")).splitlines()
        assert lines[0].split() == header
        assert max(len(line) for line in lines) <= int(columns)
        assert lines[1].split()[-1] == "12,345,678"
        assert lines[2].split()[-1] == "1,234,567.89"
        assert "2026-12-31" in lines[1] and "2026-12-31" in lines[2]
