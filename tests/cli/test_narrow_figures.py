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
