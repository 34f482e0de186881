"""An account added today with touches logged for earlier dates (a call logged late, a CRM's
history brought in) existed on those dates: no period counts more accounts touched than
accounts, in `sam metrics`, the week report and the month report alike."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Run
from samcli import as_json, ok


@pytest.fixture
def book(sam: Run) -> Run:
    # added on Thu 26 Nov 2026 (the pinned clock); cadence 30 days (key)
    ok(sam("account", "add", "Zeta Corp", "--tier", "key"))
    ok(sam("log", "zeta", "Kickoff call", "--when", "2026-10-05"))
    ok(sam("log", "zeta", "Follow-up call", "--when", "2026-11-10"))
    return sam


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    return {f["key"]: f for s in doc["sections"] for f in s["figures"]}


def _rows(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return next(b["rows"] for s in doc["sections"] for b in s["blocks"] if b["key"] == key)


def test_metrics_count_an_account_from_its_first_touch(book: Run) -> None:
    october = as_json(book("metrics", "--period", "2026-10", "--json"))["relationships"]
    assert october["accounts_touched"] == 1
    assert october["accounts"] == 1, "touched in October: it existed then"
    assert october["interactions_per_account"] == 1.0
    # on 31 Oct its last touch (5 Oct) is 26 days old: within its 30-day cadence
    assert october["accounts_measured"] == 1
    assert october["touched_within_cadence"] == 1
    september = as_json(book("metrics", "--period", "2026-09", "--json"))["relationships"]
    assert september["accounts"] == 0, "before its first touch it was not there"
    assert september["accounts_measured"] == 0


def test_the_week_report_counts_it_and_lists_it_untouched(book: Run) -> None:
    touched = as_json(book("report", "week", "--period", "2026-W46", "--format", "json"))
    figure = _figures(touched)["accounts_touched"]
    assert (figure["value"], figure["note"]) == (1, "of 1 active")
    assert _rows(touched, "not_touched") == []
    # the week of 2-8 Nov: it existed (touched on 5 Oct) and nobody touched it
    quiet = as_json(book("report", "week", "--period", "2026-W45", "--format", "json"))
    figure = _figures(quiet)["accounts_touched"]
    assert (figure["value"], figure["note"]) == (0, "of 1 active")
    assert [r["account"] for r in _rows(quiet, "not_touched")] == ["Zeta Corp"]
    # before its first touch it is in no list
    before = as_json(book("report", "week", "--period", "2026-W39", "--format", "json"))
    assert _figures(before)["accounts_touched"]["note"] == "of 0 active"
    assert _rows(before, "not_touched") == []


def test_the_month_report_agrees_with_metrics(book: Run) -> None:
    report = as_json(book("report", "month", "--period", "2026-10", "--format", "json"))
    metrics = as_json(book("metrics", "--period", "2026-10", "--json"))["relationships"]
    figure = _figures(report)["accounts_touched"]
    assert figure["value"] == metrics["accounts_touched"] == 1
    assert figure["note"] == f"of {metrics['accounts']} active" == "of 1 active"
    text = ok(book("metrics", "--period", "2026-10"))
    line = next(x for x in text.splitlines() if "Accounts touched" in x)
    assert line.split() == ["Accounts", "touched", "1", "of", "1", "active", "account"]
    assert "of 0 active" not in text


def test_a_past_weeks_untouched_list_counts_days_to_its_last_day(
    sam: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `sam metrics` reads "touched within cadence": on the period's last day (a Sunday),
    not on the Monday after it (found by a new-user trial: "over by 1" in the report while
    metrics said within cadence)."""
    monkeypatch.setenv("SAM_NOW", "2026-09-01T09:00")
    ok(sam("account", "add", "Edge Key", "--tier", "key"))  # cadence 30 days
    monkeypatch.setenv("SAM_NOW", "2026-12-03T10:00")
    ok(sam("log", "edge", "Touch", "--when", "2026-10-09 12:00"))
    week = as_json(sam("report", "week", "--period", "2026-W45", "--format", "json"))
    (row,) = _rows(week, "not_touched")
    # 9 Oct to Sun 8 Nov: 30 days, exactly the cadence: not late
    assert (row["days_since"], row["cadence_days"], row["days_over"]) == (30, 30, None)
    metrics = as_json(sam("metrics", "--period", "2026-W45", "--json"))["relationships"]
    assert metrics["as_of"] == "2026-11-08"
    assert (metrics["touched_within_cadence"], metrics["accounts_measured"]) == (1, 1)
