"""A new user's week, as issue 14 lived it: twelve accounts of their own, names typed as
people type them, dates without a year, a European amount, one touch that closes a
follow-up and answers a complaint, history entered the day after. Not one "unknown"."""

from __future__ import annotations

from samcli import as_json, fails, ok, query

ACCOUNTS = [
    "O'Brien & Sons",
    "Société Générale Énergie",
    "[Beta] Labs",
    "Müller-Thurgau Weinhandel",
    "Polar Freight AS",
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Wayne Logistics",
    "Øresund Shipping",
]


def test_the_week_runs_without_a_single_unknown_name(sam, db_path, monkeypatch) -> None:
    said: list[str] = []

    def day(now: str) -> None:
        monkeypatch.setenv("SAM_NOW", now)

    def run(*args: str) -> str:
        out = ok(sam(*args))
        said.append(out)
        return out

    # Monday: the book
    day("2026-11-16T09:00")
    for name in ACCOUNTS:
        run("account", "add", name, "--tier", "strategic")
    run("contact", "add", "muller", "Katrin Vogel", "--role", "CFO")
    run("contact", "add", "obrien", "Seán O'Brien", "--role", "Buyer")
    run("contact", "add", "societe", "Émilie Durand", "--influence", "champion")
    run("follow-up", "add", "o brien", "Send the deck", "--due", "Nov 18", "--with", "sean")
    run("complaint", "open", "beta", "Invoices wrong", "--severity", "high")
    run("config", "number-format", "1.234,56")
    run("deal", "add", "societe", "Énergie 2027", "--amount", "250.000", "--close", "Jan 31")
    assert query(db_path, "SELECT amount_cents FROM deal") == [(25_000_000,)]

    # Tuesday: touches, typed in a hurry
    day("2026-11-17T10:00")
    run("log", "muller", "Call on the renewal", "--with", "katrin", "--channel", "call")
    run("log", "[beta]", "Apologised for the invoices", "--complaint", "1")
    assert "Müller-Thurgau" in run("account", "show", "MULLER thurgau")
    assert "Øresund Shipping" in run("account", "show", "oresund")

    # Friday (20 Nov): yesterday's due date is yesterday, not next year's
    day("2026-11-20T09:00")
    out = run("follow-up", "add", "societe", "Chase the PO", "--due", "Nov 19")
    assert "Thu 19 Nov (yesterday), already overdue" in out
    # one touch: closes the deck follow-up, its note the outcome
    run("log", "obrien", "Deck sent, call booked", "--with", "o'brien", "--done", "1")
    # the complaint is resolved, entered the day after it happened
    run("complaint", "resolve", "1", "Reissued", "--when", "yesterday 16:00")
    assert query(db_path, "SELECT resolved_at FROM complaint") == [("2026-11-19T16:00:00Z",)]
    assert query(db_path, "SELECT status, outcome FROM follow_up WHERE id = 1") == [
        ("done", "Deck sent, call booked")
    ]
    hits = as_json(sam("search", "obrien", "--json"))
    assert {h["account"]["name"] for h in hits["hits"]} >= {"O'Brien & Sons"}

    # a name nobody has: a suggestion, not a bare "unknown"
    assert "did you mean Müller-Thurgau Weinhandel" in fails(sam("log", "mullr", "x"))
    assert not any("unknown" in line for line in said)
