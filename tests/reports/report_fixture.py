"""A small portfolio with a known week, built through the services with the clock moved.

The report week is 2026-W48 (Mon 23 - Sun 29 Nov 2026), seen on Thu 26 Nov 09:00 UTC
(the suite's pinned clock); 2026-W47 (16-22 Nov) is the week it is compared with.
Golden files in ``golden/`` are this database's reports: run with SAM_UPDATE_GOLDEN=1
after an intended change and read the diff.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest

from sam_tui.domain.enums import AccountStatus, Channel, Priority, Severity, Tier
from sam_tui.services import accounts, complaints, follow_ups, interactions
from sam_tui.store import db

NOW = "2026-11-26T09:00"
GOLDEN = Path(__file__).resolve().parent / "golden"


@contextmanager
def pinned(moment: str = NOW) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("SAM_NOW", "TZ")}
    os.environ.update(SAM_NOW=moment, TZ="UTC")
    time.tzset()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()


def _at(moment: str) -> None:
    os.environ["SAM_NOW"] = moment


def _account(conn: sqlite3.Connection, name: str, tier: Tier, **fields: object) -> int:
    return accounts.add(conn, accounts.AccountInput(name=name, tier=tier, **fields))  # type: ignore[arg-type]


def _log(
    conn: sqlite3.Connection,
    moment: str,
    account: str,
    text: str,
    channel: Channel = Channel.CALL,
    sentiment: int = 0,
) -> None:
    _at(moment)
    interactions.log(
        conn,
        account_ref=account,
        summary=text,
        channel=channel,
        sentiment=sentiment,
        occurred_at=datetime.fromisoformat(moment).astimezone(),
    )


def _follow_up(
    conn: sqlite3.Connection,
    moment: str,
    account: str,
    title: str,
    due: str,
    priority: Priority = Priority.NORMAL,
) -> int:
    _at(moment)
    return follow_ups.add(
        conn, account_ref=account, title=title, due=date.fromisoformat(due), priority=priority
    ).id


def _complaint(
    conn: sqlite3.Connection, moment: str, account: str, title: str, severity: Severity
) -> int:
    _at(moment)
    return complaints.open_complaint(
        conn, account_ref=account, title=title, severity=severity, team="support"
    ).id


def fill(conn: sqlite3.Connection) -> None:
    """The portfolio; every write happens at the moment it names."""
    _at("2026-08-03T09:00")
    _account(
        conn,
        "Acme Corp",
        Tier.STRATEGIC,
        value_cents=120_000_000,
        renewal_date=date(2026, 12, 10),
        industry="Logistics",
    )
    _account(conn, "Globex", Tier.KEY, value_cents=30_000_000, renewal_date=date(2027, 3, 31))
    _account(conn, "Initech", Tier.GROWTH, value_cents=8_000_000)
    _account(
        conn, "Umbrella Health", Tier.KEY, value_cents=45_000_050, renewal_date=date(2026, 12, 20)
    )
    _account(conn, "Stark Industries", Tier.STRATEGIC, value_cents=90_000_000)
    _account(conn, "Wayne Bank", Tier.KEY, status=AccountStatus.PROSPECT)
    _account(conn, "Hooli", Tier.GROWTH)
    _at("2026-08-04T09:00")
    accounts.set_archived(conn, "Hooli", True)

    # the trend: a few touches every week since the start of September
    for week in range(36, 47):
        day = date.fromisocalendar(2026, week, 2)
        for n in range(week % 3 + 1):
            _log(conn, f"{day.isoformat()}T1{n}:00", "Acme Corp" if n else "Globex", "Check-in")
    _log(conn, "2026-09-15T10:00", "Stark Industries", "Kick-off", Channel.MEETING, 1)

    # 2026-W47, the week before
    _log(conn, "2026-11-16T10:00", "Acme Corp", "Weekly call", Channel.CALL)
    fu_pricing = _follow_up(conn, "2026-11-16T10:05", "Acme Corp", "Send pricing", "2026-11-20")
    fu_security = _follow_up(
        conn, "2026-11-16T11:00", "Globex", "Security questionnaire", "2026-11-24", Priority.HIGH
    )
    _follow_up(conn, "2026-11-17T09:00", "Initech", "Book the QBR", "2026-11-21")
    _log(conn, "2026-11-18T14:00", "Globex", "Sent the roadmap", Channel.EMAIL)
    delivery = _complaint(
        conn, "2026-11-18T15:00", "Acme Corp", "Delivery two weeks late", Severity.MEDIUM
    )
    _at("2026-11-19T10:00")
    complaints.add_update(conn, delivery, "Logistics is on it")
    _at("2026-11-19T16:00")
    follow_ups.done(conn, [fu_pricing])
    _log(conn, "2026-11-20T11:00", "Initech", "Onboarding workshop", Channel.MEETING, 1)
    invoices = _complaint(
        conn, "2026-11-10T09:00", "Globex", "Invoices to the wrong cost centre", Severity.HIGH
    )

    # 2026-W48, the report's week (to Thu 26 Nov 09:00)
    _log(conn, "2026-11-23T09:30", "Acme Corp", "Pilot scope agreed", Channel.CALL, 1)
    _follow_up(
        conn, "2026-11-23T09:45", "Umbrella Health", "Renewal terms", "2026-12-01", Priority.HIGH
    )
    typo = _complaint(
        conn, "2026-11-23T10:00", "Initech", "Typo in the monthly report", Severity.LOW
    )
    _at("2026-11-23T11:00")
    complaints.add_update(conn, invoices, "Finance is reissuing them")
    _at("2026-11-23T15:00")
    complaints.resolve(conn, typo, "Corrected and resent")
    _log(conn, "2026-11-24T10:00", "Acme Corp", "Sent the pilot plan", Channel.EMAIL)
    _log(conn, "2026-11-24T14:00", "Globex", "Pushback on price", Channel.MEETING, -1)
    _follow_up(conn, "2026-11-24T14:30", "Acme Corp", "Pilot success criteria", "2026-11-25")
    cancelled = _follow_up(conn, "2026-11-24T15:00", "Globex", "Intro the architect", "2026-12-03")
    _at("2026-11-24T16:00")
    follow_ups.done(conn, [fu_security])
    complaints.resolve(conn, delivery, "New carrier; credit note issued")
    _at("2026-11-24T17:00")
    follow_ups.cancel(conn, cancelled)
    _log(conn, "2026-11-25T09:00", "Umbrella Health", "QBR: renewal looks safe", Channel.QBR, 1)
    _complaint(
        conn, "2026-11-25T10:00", "Umbrella Health", "Outage at month-end", Severity.CRITICAL
    )
    _follow_up(conn, "2026-11-25T11:00", "Stark Industries", "Check in", "2026-12-14")
    _log(conn, "2026-11-26T08:30", "Acme Corp", "Site visit", Channel.VISIT)
    _at(NOW)


@pytest.fixture(scope="session")
def report_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.db"
    with pinned():
        conn = db.connect(path)
        try:
            fill(conn)
        finally:
            conn.close()
    return path


@pytest.fixture
def report_db(report_template: Path, tmp_path: Path) -> Path:
    """A private copy of the report portfolio for one test."""
    target = tmp_path / "report.db"
    target.touch(mode=0o600)  # private, as sam makes its files: it would warn otherwise
    source = sqlite3.connect(report_template)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def golden(name: str, actual: str) -> None:
    """``actual`` equals ``golden/name``; SAM_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("SAM_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run once with SAM_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (SAM_UPDATE_GOLDEN=1 updates)"
