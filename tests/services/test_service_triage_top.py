"""`triage.load(conn, limit=N)` on real files (issue 17): the top of the whole queue.

On a book of 10,000 accounts `sam today` and the cockpit ask for the top items only;
what they show must be exactly what the whole queue would have shown first, with the
same counts and KPIs.
"""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from sam_tui import clock, demo
from sam_tui.domain.cadence import DEFAULT_CADENCE_DAYS, contact_cadence, recency
from sam_tui.domain.enums import AccountStatus, Influence, Tier
from sam_tui.domain.triage import TriageKind
from sam_tui.services import accounts, contacts, triage
from sam_tui.store import db
from tests.conftest import pinned_clock


@pytest.fixture(scope="module")
def bigger_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo at 8 times its size: a few hundred items, many of them tied."""
    path = tmp_path_factory.mktemp("triage") / "demo8.db"
    with pinned_clock():
        connection = db.connect(path)
        demo.fill(connection, seed=5, size=demo.DemoSize(accounts=200, open_follow_ups=240))
        connection.close()
    return path


@pytest.mark.parametrize("limit", [0, 1, 7, 30, 120, 10_000])
def test_the_top_n_are_the_whole_queues_first_n(bigger_demo: Path, limit: int) -> None:
    conn = db.connect(bigger_demo)
    try:
        whole = triage.load(conn)
        top = triage.load(conn, limit=limit)
    finally:
        conn.close()
    assert len(whole.items) > 120, "the book should need the manager more than that"
    assert top.items == whole.items[:limit]
    assert top.total == whole.total == len(whole.items)
    assert dict(top.counts) == dict(whole.counts)
    assert sum(top.counts.values()) == top.total
    assert (top.kpis, top.renewals, top.cold, top.accounts) == (
        whole.kpis,
        whole.renewals,
        whole.cold,
        whole.accounts,
    )


def test_every_cold_contact_is_found_whatever_sets_its_cadence(
    conn: sqlite3.Connection,
) -> None:
    """The contacts query keeps only cold ones in SQL: it must keep every one the rule
    (``contact_cadence``, ``recency``) calls cold, through every way a cadence is set."""
    today = clock.today()
    expected = set()
    cases = itertools.product(
        list(Tier),
        (None, 10),  # the account's own cadence
        (None, Influence.DECISION_MAKER, Influence.CHAMPION, Influence.USER),
        (None, 5, 40),  # the contact's own cadence
        (None, 3, 12, 25, 61, 130),  # days since the last touch (None: never)
    )
    for n, (tier, account_days, influence, own, touched) in enumerate(cases):
        account_id = accounts.add(
            conn,
            accounts.AccountInput(name=f"Account {n}", tier=tier, cadence_days=account_days),
        )
        contact_id, _ = contacts.add(
            conn,
            f"#{account_id}",
            contacts.ContactInput(name=f"Person {n}", influence=influence, cadence_days=own),
        )
        # the account itself was touched yesterday: only its contact can be cold
        with sqlite3.connect(conn_path(conn)) as raw:
            stamp = db.ts(clock.now() - timedelta(days=1))
            raw.execute("UPDATE account SET last_touch_at = ? WHERE id = ?", (stamp, account_id))
            if touched is not None:
                moment = db.ts(clock.now() - timedelta(days=touched))
                raw.execute(
                    "UPDATE contact SET last_touch_at = ?, created_at = ? WHERE id = ?",
                    (moment, moment, contact_id),
                )
        cadence = contact_cadence(influence, own, account_days or DEFAULT_CADENCE_DAYS[tier])
        last = None if touched is None else today - timedelta(days=touched)
        if cadence is not None and recency(last, today, today, cadence).cold:
            expected.add(contact_id)
    assert expected, "some cases should be cold"
    found = {i.ref_id for i in triage.load(conn).items if i.kind is TriageKind.CONTACT_COLD}
    assert found == expected


def conn_path(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA database_list").fetchone()[2])


def test_contacts_of_churned_and_archived_accounts_are_not_listed(
    conn: sqlite3.Connection,
) -> None:
    for n, status in enumerate((AccountStatus.ACTIVE, AccountStatus.CHURNED)):
        account_id = accounts.add(
            conn, accounts.AccountInput(name=f"Firm {n}", status=status, cadence_days=400)
        )
        contacts.add(
            conn,
            f"#{account_id}",
            contacts.ContactInput(name=f"Never {n}", cadence_days=1),
        )
    with sqlite3.connect(conn_path(conn)) as raw:
        raw.execute("UPDATE contact SET created_at = '2026-01-01T00:00:00Z'")
    items = [i for i in triage.load(conn).items if i.kind is TriageKind.CONTACT_COLD]
    assert [i.account_name for i in items] == ["Firm 0"]
    assert items[0].due < date(2026, 11, 26)
