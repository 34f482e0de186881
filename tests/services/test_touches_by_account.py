"""Touches by account (the week report's table) counted as by hand, over a week (read in
time order) and over a month (read account by account): the same facts either way."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime

from sam_tui.domain.enums import AccountStatus, Channel, Tier
from sam_tui.domain.figures import PROSPECTS
from sam_tui.services import accounts, activity, interactions

# (account, day, hour, channel, sentiment): 2026-11 has W46 (9-15 Nov) inside it
TOUCHES = (
    ("Acme", "2026-11-09", 9, Channel.CALL, 1),
    ("Acme", "2026-11-10", 23, Channel.CALL, -1),
    ("Acme", "2026-11-15", 23, Channel.EMAIL, 1),
    ("Acme", "2026-11-16", 0, Channel.EMAIL, 1),  # the next week
    ("Béta Øl", "2026-11-12", 10, Channel.VISIT, 1),
    ("Béta Øl", "2026-11-02", 10, Channel.VISIT, 1),  # the week before
    ("Gone Ltd", "2026-11-11", 10, Channel.CALL, 0),  # churned: not counted
    ("Prospecta", "2026-11-13", 10, Channel.EMAIL, 1),  # a prospect
)


def _book(conn: sqlite3.Connection) -> None:
    accounts.add(conn, accounts.AccountInput(name="Acme", tier=Tier.STRATEGIC))
    accounts.add(conn, accounts.AccountInput(name="Béta Øl", tier=Tier.GROWTH))
    accounts.add(conn, accounts.AccountInput(name="Gone Ltd", status=AccountStatus.CHURNED))
    accounts.add(conn, accounts.AccountInput(name="Prospecta", status=AccountStatus.PROSPECT))
    for name, day, hour, channel, sentiment in TOUCHES:
        interactions.log(
            conn,
            account_ref=name,
            summary="touch",
            channel=channel,
            occurred_at=datetime.fromisoformat(f"{day}T{hour:02d}:30").astimezone(),
            sentiment=sentiment,
        )


def _by_hand(first: date, last: date, names: set[str]) -> dict[str, tuple[int, int, dict]]:
    found: dict[str, tuple[int, int, Counter[Channel]]] = {}
    for name, day, _, channel, sentiment in TOUCHES:
        if name in names and first <= date.fromisoformat(day) <= last:
            n, net, channels = found.get(name, (0, 0, Counter()))
            channels[channel] += 1
            found[name] = (n + 1, net + sentiment, channels)
    return {k: (n, net, dict(c)) for k, (n, net, c) in found.items()}


def _seen(rows: list[activity.AccountTouches]) -> dict[str, tuple[int, int, dict]]:
    return {t.name: (t.touches, t.net_sentiment, dict(t.channels)) for t in rows}


def test_a_week_and_a_month_count_as_by_hand(conn: sqlite3.Connection) -> None:
    _book(conn)
    for first, last in (
        (date(2026, 11, 9), date(2026, 11, 15)),
        (date(2026, 11, 1), date(2026, 11, 30)),
    ):
        rows = activity.touches_by_account(conn, first, last)
        assert _seen(rows) == _by_hand(first, last, {"Acme", "Béta Øl"}), (first, last)
        # most touches first; the last touch is the newest in the span
        assert [t.name for t in rows][0] == "Acme"
        prospects = activity.touches_by_account(conn, first, last, PROSPECTS)
        assert _seen(prospects) == _by_hand(first, last, {"Prospecta"})
    week = activity.touches_by_account(conn, date(2026, 11, 9), date(2026, 11, 15))
    acme = next(t for t in week if t.name == "Acme")
    assert acme.last_at.astimezone() == datetime.fromisoformat("2026-11-15T23:30").astimezone()
    assert acme.channels == ((Channel.CALL, 2), (Channel.EMAIL, 1))
