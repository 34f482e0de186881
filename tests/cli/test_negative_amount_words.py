"""A negative amount typed as an argument (`sam quota set this year -2m`) reaches the
domain's own one-line refusal, not Click's usage box; a period typed without its amount
says the amount is missing; the real options still work."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, fails, ok


@pytest.fixture
def book(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("objective", "add", "acme", "Sites", "--target", "5", "--due", "eoy"))
    ok(sam("objective", "progress", "1", "3"))
    return sam


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("this", "year", "-2m"), "quota cannot be negative: '-2m'"),
        (("2026-Q4", "-500k"), "quota cannot be negative: '-500k'"),
        (("this", "year"), "give an amount after the period: sam quota set this year 2m"),
        (("2026-Q4",), "give an amount after the period: sam quota set 2026-Q4 2m"),
        (("next", "quarter"), "give an amount after the period: sam quota set next quarter 2m"),
        (("2026-Q4", "abc"), "cannot read quota 'abc': use a number like 120000, 120k or 1.2m"),
        (("2026-Q4", "--bogus"), "no such option: --bogus (see sam quota set --help)"),
    ],
)
def test_quota_set_refuses_in_one_line(
    book: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = digest(db_path)
    assert fails(book("quota", "set", *args)) == f"error: {message}"
    assert digest(db_path) == before


def test_quota_set_still_sets_and_helps(book: Run) -> None:
    assert "Set (or replace) the quota" in ok(book("quota", "set", "--help"))
    assert "Set (or replace) the quota" in ok(book("quota", "set", "-h"))
    assert "2,000,000" in ok(book("quota", "set", "this", "year", "2m"))


def test_a_negative_deal_amount_is_one_line(book: Run, db_path: Path) -> None:
    before = digest(db_path)
    line = fails(book("deal", "add", "acme", "Pilot", "--amount", "-5k"))
    assert line == "error: deal amount cannot be negative: '-5k'"
    assert digest(db_path) == before


def test_objective_progress_takes_off_without_a_double_dash(book: Run) -> None:
    assert "3 → 2 of 5" in ok(book("objective", "progress", "1", "-1"))
