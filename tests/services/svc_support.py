"""Helpers for the service tests: move the pinned clock, and build records through the services."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from sam_tui.domain.enums import Priority, Severity, Tier
from sam_tui.services import accounts, complaints, follow_ups


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """Every service call from now on happens at ``moment`` (local time, TZ=UTC in tests)."""
    monkeypatch.setenv("SAM_NOW", moment)


def account(conn: sqlite3.Connection, name: str, tier: Tier = Tier.KEY, **fields: object) -> int:
    return accounts.add(conn, accounts.AccountInput(name=name, tier=tier, **fields))


def follow_up(conn: sqlite3.Connection, account_name: str, title: str, due: str,
              priority: Priority = Priority.NORMAL) -> int:
    return follow_ups.add(conn, account_ref=account_name, title=title,
                          due=date.fromisoformat(due), priority=priority).id


def complaint(conn: sqlite3.Connection, account_name: str, title: str,
              severity: Severity = Severity.MEDIUM) -> int:
    return complaints.open_complaint(conn, account_ref=account_name, title=title,
                                     severity=severity).id
