"""Dates and amounts without surprises: a yearless date is its nearest occurrence, and an
amount whose dot or comma could be read both ways is refused unless the number format says."""

from __future__ import annotations

from samcli import fails, ok, query


def test_a_yearless_due_date_in_the_recent_past_is_already_overdue(sam, monkeypatch) -> None:
    # issue 14: on 20 Nov, --due "Nov 19" became 19 Nov 2027, in 52 weeks
    monkeypatch.setenv("SAM_NOW", "2026-11-20T09:00")
    ok(sam("account", "add", "Acme Corp"))
    out = ok(sam("follow-up", "add", "acme", "Send the deck", "--due", "Nov 19"))
    assert "Thu 19 Nov (yesterday), already overdue" in out
    assert "2027" not in out
    out = ok(sam("follow-up", "add", "acme", "Plan the QBR", "--due", "Jan 15"))
    assert "Fri 15 Jan 2027" in out and "overdue" not in out


def test_an_ambiguous_amount_is_refused_and_nothing_is_written(sam, db_path) -> None:
    ok(sam("account", "add", "Acme Corp"))
    for typed in ("250.000", "1.250,50", "1,5"):
        message = fails(sam("deal", "add", "acme", "Renewal", "--amount", typed))
        assert f"deal amount '{typed}' is ambiguous" in message
        assert "sam config number-format 1.234,56" in message
    assert query(db_path, "SELECT count(*) FROM deal") == [(0,)]
    ok(sam("deal", "add", "acme", "Renewal", "--amount", "250,000"))
    assert query(db_path, "SELECT amount_cents FROM deal") == [(25_000_000,)]


def test_the_number_format_setting_says_how_the_user_writes_numbers(sam, db_path) -> None:
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("config", "number-format", "1.234,56"))
    ok(sam("deal", "add", "acme", "Renewal", "--amount", "250.000"))
    ok(sam("deal", "add", "acme", "Services", "--amount", "1.250,50"))
    ok(sam("account", "edit", "acme", "--value", "1,5m"))
    assert query(db_path, "SELECT amount_cents FROM deal ORDER BY id") == [
        (25_000_000,),
        (125_050,),
    ]
    assert query(db_path, "SELECT annual_value_cents FROM account") == [(150_000_000,)]
    ok(sam("config", "number-format", "1,234.56"))
    ok(sam("deal", "add", "acme", "Training", "--amount", "250.000"))
    assert query(db_path, "SELECT amount_cents FROM deal WHERE id = 3") == [(25_000,)]
    assert "number-format must be auto" in fails(sam("config", "number-format", "swiss"))
