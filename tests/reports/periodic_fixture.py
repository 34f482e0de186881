"""The report portfolio (report_fixture.py) with sales on top: quotas, deals won, lost and
open, prospects moving, an objective behind. For the month, quarter and year reports.

Seen on Thu 26 Nov 2026 09:00 UTC: 2026-11, 2026-Q4 and 2026 are running; 2026-10,
2026-Q3 and 2025 are what they are compared with.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from report_fixture import NOW, _at, pinned
from report_fixture import fill as fill_relationships

from sam_tui.domain.enums import DealStage, ForecastCategory, ProspectStage
from sam_tui.services import accounts, deals, objectives, prospects, quotas
from sam_tui.store import db


def _deal(
    conn: sqlite3.Connection,
    made: str,
    account: str,
    name: str,
    cents: int,
    stage: DealStage = DealStage.PROSPECTING,
    close: str | None = None,
    category: ForecastCategory = ForecastCategory.PIPELINE,
) -> int:
    _at(made)
    return deals.add(
        conn,
        account,
        deals.NewDeal(
            name,
            cents,
            stage=stage,
            expected_close=date.fromisoformat(close) if close else None,
            category=category,
        ),
    ).id


def _close(conn: sqlite3.Connection, moment: str, deal: int, stage: DealStage) -> None:
    _at(moment)
    reason = "Budget cut" if stage is DealStage.LOST else None
    deals.move(conn, deal, stage, when=datetime.fromisoformat(moment).astimezone(), reason=reason)


def fill_sales(conn: sqlite3.Connection) -> None:
    _at("2026-08-04T09:00")
    quotas.set_quota(conn, "2026-Q3", 15_000_000)
    quotas.set_quota(conn, "2026-Q4", 20_000_000)
    quotas.set_quota(conn, "2026-11", 6_000_000)
    quotas.set_quota(conn, "2026", 80_000_000)
    old = _deal(conn, "2026-08-04T10:00", "Stark Industries", "Pilot licences", 3_000_000)
    _close(conn, "2026-08-20T10:00", old, DealStage.WON)
    pilot = _deal(conn, "2026-09-01T09:00", "Acme Corp", "Pilot", 4_000_000, DealStage.PROPOSAL)
    uplift = _deal(conn, "2026-08-10T09:00", "Globex", "Renewal uplift", 2_500_050)
    addon = _deal(conn, "2026-10-01T09:00", "Initech", "Analytics add-on", 1_200_000)
    _close(conn, "2026-10-05T15:00", uplift, DealStage.WON)
    _close(conn, "2026-11-12T16:00", pilot, DealStage.WON)
    _close(conn, "2026-11-18T11:00", addon, DealStage.LOST)
    _deal(
        conn,
        "2026-10-12T09:00",
        "Stark Industries",
        "Expansion",
        8_000_000,
        DealStage.PROPOSAL,
        "2026-12-15",
        ForecastCategory.COMMIT,
    )
    _deal(
        conn,
        "2026-10-20T09:00",
        "Umbrella Health",
        "Renewal 2027",
        4_500_000,
        DealStage.NEGOTIATION,
        "2026-12-20",
        ForecastCategory.BEST_CASE,
    )
    _deal(
        conn,
        "2026-10-22T09:00",
        "Globex",
        "Security add-on",
        1_500_000,
        DealStage.QUALIFICATION,
        "2026-11-20",
    )
    _deal(conn, "2026-11-02T09:00", "Acme Corp", "Phase 2", 6_000_000)

    _at("2026-10-02T09:00")
    prospects.add(
        conn, accounts.AccountInput(name="Cyberdyne"), why="Robotics lines need our logistics"
    )
    _at("2026-10-20T09:00")
    prospects.advance(conn, "Cyberdyne")
    _at("2026-11-05T09:00")
    prospects.add(conn, accounts.AccountInput(name="Tyrell"), why="Expanding in Europe")
    _at("2026-11-10T09:00")
    prospects.advance(conn, "Cyberdyne")
    _at("2026-11-20T09:00")
    prospects.advance(conn, "Tyrell")
    _at("2026-11-24T09:00")
    prospects.advance(conn, "Wayne Bank", prospects.Step(ProspectStage.CONTACTED))

    _at("2026-09-01T09:00")
    objectives.add(
        conn,
        objectives.NewObjective(
            title="Acme on 100 seats",
            target=Decimal(100),
            start=date(2026, 9, 1),
            due=date(2026, 12, 31),
        ),
        account_ref="Acme Corp",
    )
    _at(NOW)


def fill(conn: sqlite3.Connection) -> None:
    fill_relationships(conn)
    fill_sales(conn)


@pytest.fixture(scope="session")
def periodic_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("periodic") / "periodic.db"
    with pinned():
        conn = db.connect(path)
        try:
            fill(conn)
        finally:
            conn.close()
    return path


@pytest.fixture
def periodic_db(periodic_template: Path, tmp_path: Path) -> Path:
    """A private copy of the portfolio with sales, for one test."""
    target = tmp_path / "periodic.db"
    target.touch(mode=0o600)  # private, as sam makes its files: it would warn otherwise
    source = sqlite3.connect(periodic_template)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target
