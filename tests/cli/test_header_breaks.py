"""Header lines of `sam forecast` and `sam metrics` break between their parts when the
terminal is narrow, never inside a date or an amount ("31 Dec 2026", "12,345,678")."""

from __future__ import annotations

import pytest
from conftest import Run
from samcli import ok


@pytest.fixture
def book(sam: Run) -> Run:
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("quota", "set", "2026-Q4", "12345678"))
    return sam


@pytest.mark.parametrize(
    ("columns", "head"),
    [
        ("100", ["Forecast for 2026-Q4 (1 Oct – 31 Dec 2026) · day 57 of 92 · quota 12,345,678"]),
        ("80", ["Forecast for 2026-Q4 (1 Oct – 31 Dec 2026) · day 57 of 92 · quota 12,345,678"]),
        ("60", ["Forecast for 2026-Q4 (1 Oct – 31 Dec 2026) · day 57 of 92", "quota 12,345,678"]),
        ("50", ["Forecast for 2026-Q4 (1 Oct – 31 Dec 2026)", "day 57 of 92 · quota 12,345,678"]),
    ],
)
def test_the_forecast_header_breaks_between_its_parts(
    book: Run, monkeypatch: pytest.MonkeyPatch, columns: str, head: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    lines = ok(book("forecast")).splitlines()
    assert lines[: len(head)] == head
    assert lines[len(head)].split() == ["Amount", "Against", "quota"]


@pytest.mark.parametrize(
    ("columns", "head"),
    [
        ("80", ["Metrics for 2026-Q4 (1 Oct – 31 Dec 2026), as of Thu 26 Nov"]),
        ("50", ["Metrics for 2026-Q4 (1 Oct – 31 Dec 2026)", "as of Thu 26 Nov"]),
    ],
)
def test_the_metrics_header_breaks_between_its_parts(
    book: Run, monkeypatch: pytest.MonkeyPatch, columns: str, head: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    lines = ok(book("metrics")).splitlines()
    assert lines[: len(head) + 1] == [*head, "Sales"]
