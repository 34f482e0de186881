"""Touches in a span, as every report counts them, in every kind of time zone.

``activity.touches_in`` sums the quarter hours of ``touch_slot`` less those set aside
(``touch_slot_aside``: the touches of accounts that do not count) when the span's local
midnights are quarter hours in UTC, and counts the interactions themselves when they are
not: both must give what counting each touch's local day by hand gives.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sam_tui.services import activity
from sam_tui.store import bulk, db

FIRST = date(2026, 10, 20)
LAST = date(2026, 11, 6)  # EU and US summer time end inside (25 Oct, 1 Nov)
# TZ as the process is given it -> the same zone for Python
ZONES: dict[str, tzinfo] = {
    "UTC": UTC,
    "Europe/Paris": ZoneInfo("Europe/Paris"),
    "America/New_York": ZoneInfo("America/New_York"),
    "Asia/Kolkata": ZoneInfo("Asia/Kolkata"),  # +5:30
    "Asia/Kathmandu": ZoneInfo("Asia/Kathmandu"),  # +5:45
    "Australia/Lord_Howe": ZoneInfo("Australia/Lord_Howe"),  # half an hour of summer time
    "XYZ-0:20": timezone(timedelta(minutes=20)),  # midnight is no quarter hour in UTC
    "ABC+3:07": timezone(-timedelta(hours=3, minutes=7)),
}
# (status, archived): only active, live accounts count (domain.figures.COUNTED)
ACCOUNTS = [("active", 0), ("active", 0), ("prospect", 0), ("churned", 0), ("active", 1)]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("touches") / "sam.db"
    conn = db.connect(path)
    made = "2026-01-01T00:00:00Z"
    # a touch one second either side of, and on, every quarter hour of the days around
    # the spans (every zone's midnight is one of them, or between them), and at random
    moments = []
    start = datetime.combine(FIRST - timedelta(days=2), datetime.min.time(), UTC)
    for quarter in range(((LAST - FIRST).days + 5) * 96):
        at = start + timedelta(minutes=15 * quarter)
        moments += [at - timedelta(seconds=1), at, at + timedelta(seconds=1)]
    rng = random.Random(17)
    span = int((LAST - FIRST).days + 4) * 86400
    moments += [start + timedelta(seconds=rng.randrange(span)) for _ in range(3000)]
    # and in each zone, a different number each day just after its midnight (on a counted
    # account): a span that started at the wrong quarter hour would miscount them
    firsts = []
    for name, place in ZONES.items():
        for n in range((LAST - FIRST).days + 2):
            midnight = datetime.combine(FIRST + timedelta(days=n), datetime.min.time(), place)
            firsts += [midnight + timedelta(minutes=2)] * (1 + (n + len(name)) % 4)
    with bulk.load(conn) as load:
        ids = [
            load.add(
                "account",
                {
                    "name": f"Account {n}",
                    "name_key": f"account {n}",
                    "fold_key": f"account {n}",
                    "tier": "key",
                    "status": status,
                    "archived": archived,
                    "created_at": made,
                    "updated_at": made,
                },
            )
            for n, (status, archived) in enumerate(ACCOUNTS)
        ]
        touches = [(ids[n % len(ids)], at) for n, at in enumerate(moments)]
        touches += [(ids[0], at) for at in firsts]
        load.add_many(
            "interaction",
            (
                {
                    "account_id": account,
                    "occurred_at": db.ts(at),
                    "channel": "call",
                    "direction": "out",
                    "summary": "x",
                    "sentiment": 0,
                    "created_at": made,
                }
                for account, at in touches
            ),
        )
    yield conn
    conn.close()


def _by_hand(conn: sqlite3.Connection, first: date, last: date) -> int:
    """The touches of counted accounts whose local day is in the span, one by one."""
    rows = conn.execute(
        "SELECT i.occurred_at FROM interaction i JOIN account a ON a.id = i.account_id"
        " WHERE a.status = 'active' AND a.archived = 0"
    )
    return sum(1 for (at,) in rows if first <= db.parse_ts(at).astimezone().date() <= last)


def _prospects_by_hand(conn: sqlite3.Connection, first: date, last: date) -> int:
    rows = conn.execute(
        "SELECT i.occurred_at FROM interaction i JOIN account a ON a.id = i.account_id"
        " WHERE a.status = 'prospect' AND a.archived = 0"
    )
    return sum(1 for (at,) in rows if first <= db.parse_ts(at).astimezone().date() <= last)


@pytest.fixture
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("zone", list(ZONES), indirect=True)
def test_touches_in_each_span_are_the_touches_of_its_local_days(
    book: sqlite3.Connection, zone: str
) -> None:
    days = [(FIRST + timedelta(days=n),) * 2 for n in range((LAST - FIRST).days + 1)]
    weeks = [(FIRST + timedelta(days=7 * n), FIRST + timedelta(days=7 * n + 6)) for n in range(2)]
    spans = [*days, *weeks, (FIRST, LAST)]
    counted = activity.touches_in(book, spans)
    assert counted == [_by_hand(book, first, last) for first, last in spans]
    assert all(counted)  # every span has touches: the comparison says something
    assert sum(counted[: len(days)]) == counted[-1]


@pytest.mark.parametrize("zone", list(ZONES), indirect=True)
def test_prospect_touches_and_weeks_in_a_row_are_counted_by_hand(
    book: sqlite3.Connection, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the spans of a report: days or weeks one after the other, then the whole
    weeks = [(FIRST + timedelta(days=7 * n), FIRST + timedelta(days=7 * n + 6)) for n in range(2)]
    days = activity.days_of(FIRST, LAST)
    for spans in (weeks, days, [(FIRST, LAST)]):
        counted = activity._touch_counts(book, spans)
        assert counted == [
            (_by_hand(book, first, last), _prospects_by_hand(book, first, last))
            for first, last in spans
        ]
        assert all(prospects for _, prospects in counted)
        # the same from each account's index (a zone whose midnights are no quarter hours)
        with monkeypatch.context() as patched:
            patched.setattr(activity, "_slot", lambda bound: None)
            assert activity._touch_counts(book, spans) == counted
    figures = activity.touch_figures(book, FIRST, LAST, touches=1)
    assert figures.prospect_touches == _prospects_by_hand(book, FIRST, LAST)


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "XYZ-0:20"], indirect=True)
def test_which_spans_are_summed_by_the_quarter_hour(zone: str) -> None:
    low, high = activity.day_bounds(FIRST, LAST)
    whole = os.environ["TZ"] == "Asia/Kolkata"
    assert (activity._slot(low) is not None) is whole
    assert (activity._slot(high) is not None) is whole


def test_a_moment_starts_a_quarter_hour_only_on_one() -> None:
    assert activity._slot("2026-11-20T18:30:00Z") == "2026-11-20T18:30"
    assert activity._slot("2026-11-20T18:45:00Z") == "2026-11-20T18:45"
    assert activity._slot("2026-11-20T18:40:00Z") is None
    assert activity._slot("2026-11-20T18:30:01Z") is None


def test_an_upgraded_file_counts_its_touches_by_the_quarter_hour(tmp_path: Path) -> None:
    """The quarter hours, all and those set aside, are filled from the touches already
    in a file on upgrade."""
    from sam_tui.store import migrations

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    db.migration_functions(raw)
    names = [name for name, _ in migrations.MIGRATIONS]
    before = names.index("touches counted by the quarter hour")
    for _, script in migrations.MIGRATIONS[:before]:
        for statement in db._statements(script):
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {before}")
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    raw.executescript(
        """
        INSERT INTO account (id, name, name_key, fold_key, tier, status, archived,
                             created_at, updated_at)
        VALUES (1, 'Acme', 'acme', 'acme', 'key', 'active', 0, '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z'),
               (2, 'Lead', 'lead', 'lead', 'key', 'prospect', 0, '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z');
        INSERT INTO interaction (account_id, occurred_at, channel, direction, summary,
                                 sentiment, created_at)
        VALUES (1, '2026-11-02T08:00:00Z', 'call', 'out', 'a', 0, '2026-11-02T08:00:00Z'),
               (1, '2026-11-02T08:14:59Z', 'call', 'out', 'b', 0, '2026-11-02T08:14:59Z'),
               (1, '2026-11-03T23:59:59Z', 'call', 'out', 'c', 0, '2026-11-03T23:59:59Z'),
               (2, '2026-11-02T08:10:00Z', 'call', 'out', 'd', 0, '2026-11-02T08:10:00Z');
        """
    )
    raw.close()
    conn = db.connect(path)
    try:
        assert activity.touches_in(conn, [(date(2026, 11, 2), date(2026, 11, 2))]) == [2]
        assert activity.touches_in(conn, [(date(2026, 11, 3), date(2026, 11, 3))]) == [1]
        rows = conn.execute("SELECT slot, touches FROM touch_slot ORDER BY slot")
        assert [tuple(r) for r in rows] == [
            ("2026-11-02T08:00", 3),
            ("2026-11-03T23:45", 1),
        ]
        rows = conn.execute("SELECT slot, touches, prospects FROM touch_slot_aside")
        assert [tuple(r) for r in rows] == [("2026-11-02T08:00", 1, 1)]
        assert activity.touch_figures(conn, date(2026, 11, 2), date(2026, 11, 3)) == (3, 1, 1)
    finally:
        conn.close()
