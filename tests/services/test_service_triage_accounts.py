"""`services.triage.load` reads the dates of only the accounts that may have gone cold or
renew (issue 17): the queue is still the one every account read in full gives, in any
time zone, at the edges of the cadence and of the renewal window."""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timedelta

import pytest
from svc_support import account, at

from sam_tui import clock
from sam_tui.domain.cadence import DEFAULT_CADENCE_DAYS
from sam_tui.domain.enums import AccountStatus, Influence, Tier
from sam_tui.domain.triage import AccountFacts, TriageKind, rank
from sam_tui.services import contacts, interactions, triage
from sam_tui.services.contacts import ContactInput

TODAY = date(2026, 11, 26)


def _local(day: date, clock_time: str) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{clock_time}").astimezone()


def _in_full(conn: sqlite3.Connection) -> list[AccountFacts]:
    """Every live account with all its dates, as the queue needs them to decide."""
    rows = conn.execute(
        """SELECT id, name, tier, status, cadence_days, renewal_date,
                  date(created_at, 'localtime') AS created,
                  date(last_touch_at, 'localtime') AS last
             FROM account WHERE archived = 0"""
    )
    return [
        AccountFacts(
            r["id"],
            r["name"],
            Tier(r["tier"]),
            r["cadence_days"] or DEFAULT_CADENCE_DAYS[Tier(r["tier"])],
            date.fromisoformat(r["created"]),
            None if r["last"] is None else date.fromisoformat(r["last"]),
            None if r["renewal_date"] is None else date.fromisoformat(r["renewal_date"]),
            r["status"] == "active",
        )
        for r in rows
    ]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Honolulu"])
def test_the_accounts_read_in_full_are_all_the_queue_needs(conn, monkeypatch, zone) -> None:
    monkeypatch.setenv("TZ", zone)  # +14 h and -10 h: a local day a day off UTC's
    time.tzset()
    at(monkeypatch, "2025-06-02T09:00")
    # key accounts (a 30-day cadence) touched around it, at both ends of their local day
    for ago in (29, 30, 31, 32):
        for moment in ("00:30", "23:30"):
            name = f"Touched {ago} days ago at {moment}"
            account(conn, name)
            when = _local(TODAY - timedelta(days=ago), moment)
            interactions.log(conn, account_ref=name, summary="call", occurred_at=when)
    # renewals around the window (30 days past to 90 ahead), touched long ago
    for ahead in (-31, -30, 0, 90, 91):
        name = f"Renews in {ahead} days"
        account(conn, name, Tier.GROWTH, cadence_days=400, renewal_date=TODAY + timedelta(ahead))
        when = _local(TODAY - timedelta(days=200), "12:00")
        interactions.log(conn, account_ref=name, summary="call", occurred_at=when)
    account(conn, "A prospect", status=AccountStatus.PROSPECT)
    # never touched: counted from the local day it was added
    for ago in (30, 31):
        for moment in ("00:30", "23:30"):
            at(monkeypatch, f"{(TODAY - timedelta(days=ago)).isoformat()}T{moment}")
            account(conn, f"Added {ago} days ago at {moment}")
    at(monkeypatch, f"{TODAY.isoformat()}T09:00")

    got = triage.load(conn)
    every = _in_full(conn)
    expected = rank(now=clock.now(), accounts=every)
    assert got.items == expected.items
    assert {c.account_id for c in got.cold} == set(expected.cold)
    assert got.accounts == len(every)
    cold = {i.account_name for i in got.items if i.kind is TriageKind.GOING_COLD}
    assert cold == {
        "Touched 31 days ago at 00:30",
        "Touched 31 days ago at 23:30",
        "Touched 32 days ago at 00:30",
        "Touched 32 days ago at 23:30",
        "Added 31 days ago at 00:30",
        "Added 31 days ago at 23:30",
    }
    renewing = {i.account_name for i in got.items if i.kind is TriageKind.RENEWAL}
    assert renewing == {"Renews in -30 days", "Renews in 0 days", "Renews in 90 days"}
    assert {r.account_name for r in got.renewals} == {"Renews in 0 days", "Renews in 90 days"}


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Honolulu"])
def test_contacts_and_threads_are_counted_in_local_days(conn, monkeypatch, zone) -> None:
    # the contacts past their cadence and the single-threaded accounts are found in SQL
    # from the stored UTC times; the local day decides, whatever the zone
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    at(monkeypatch, "2025-06-02T09:00")

    def touch(name: str, who: str | None, ago: int, moment: str) -> None:
        when = _local(TODAY - timedelta(days=ago), moment)
        interactions.log(conn, account_ref=name, contact_ref=who, summary="call", occurred_at=when)

    # decision-makers of a strategic account: a 28-day cadence (twice the account's 14)
    account(conn, "Warm Co", Tier.STRATEGIC)
    for ago in (27, 28, 29, 30):
        for moment in ("00:30", "23:30"):
            who = f"DM {ago} days at {moment}"
            contacts.add(conn, "Warm Co", ContactInput(who, influence=Influence.DECISION_MAKER))
            touch("Warm Co", who, ago, moment)
    # strategic accounts talking to one person today and to another 90 or 91 days ago
    for ago in (90, 91):
        for moment in ("00:30", "23:30"):
            name = f"Thin {ago} at {moment}"
            account(conn, name, Tier.STRATEGIC)
            for who in ("Ann", "Bob"):
                contacts.add(conn, name, ContactInput(who))
            touch(name, "Bob", ago, moment)
    at(monkeypatch, f"{TODAY.isoformat()}T09:00")
    touch("Warm Co", None, 0, "08:00")
    for ago in (90, 91):
        for moment in ("00:30", "23:30"):
            touch(f"Thin {ago} at {moment}", "Ann", 0, "08:00")

    items = triage.load(conn).items
    cold = {i.title for i in items if i.kind is TriageKind.CONTACT_COLD}
    assert cold == {
        f"DM {ago} days at {moment}, decision-maker going cold"
        for ago in (29, 30)
        for moment in ("00:30", "23:30")
    }
    thin = {i.account_name for i in items if i.kind is TriageKind.SINGLE_THREADED}
    assert thin == {"Thin 91 at 00:30", "Thin 91 at 23:30"}
