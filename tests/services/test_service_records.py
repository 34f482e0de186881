"""Follow-ups, complaints and the account view at the service level, with a moving clock."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from svc_support import account, at, complaint, follow_up

from sam_tui.domain.enums import Channel, ComplaintStatus, FollowUpStatus, Severity
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound
from sam_tui.services import account_detail, complaints, follow_ups, interactions
from sam_tui.store import db


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


# --- follow-ups -----------------------------------------------------------------------------


def test_each_snooze_is_counted(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    fid = follow_up(conn, "Acme Corp", "Send the deck", "2026-11-26")
    for n, day in enumerate(("2026-11-27", "2026-11-30", "2026-12-04"), start=1):
        row = follow_ups.snooze(conn, fid, date.fromisoformat(day))
        assert (row.due_date.isoformat(), row.snooze_count) == (day, n)
    assert follow_ups.get(conn, fid).snooze_count == 3


def test_snooze_rules(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    fid = follow_up(conn, "Acme Corp", "Send the deck", "2026-11-20")
    with pytest.raises(InvalidInput, match="past"):
        follow_ups.snooze(conn, fid, date(2026, 11, 25))
    # an overdue follow-up may be snoozed to today
    assert follow_ups.snooze(conn, fid, date(2026, 11, 26)).snooze_count == 1
    with pytest.raises(Conflict, match="already due"):
        follow_ups.snooze(conn, fid, date(2026, 11, 26))
    follow_ups.done(conn, [fid])
    with pytest.raises(Conflict, match="already done"):
        follow_ups.snooze(conn, fid, date(2026, 12, 1))
    with pytest.raises(NotFound):
        follow_ups.snooze(conn, 999, date(2026, 12, 1))


def test_complete_records_when(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    fid = follow_up(conn, "Acme Corp", "Send the deck", "2026-11-26")
    at(monkeypatch, "2026-11-26T16:45")
    [row] = follow_ups.done(conn, [fid])
    assert (row.status, row.done_at) == (FollowUpStatus.DONE, _utc("2026-11-26T16:45:00+00:00"))
    assert follow_ups.list_follow_ups(conn) == []
    assert [f.id for f in follow_ups.list_follow_ups(conn, include_closed=True)] == [fid]


# --- complaints -----------------------------------------------------------------------------


def test_first_response_is_recorded_once(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    cid = complaint(conn, "Acme Corp", "Outage", Severity.HIGH)
    assert complaints.get(conn, cid).first_response_at is None
    at(monkeypatch, "2026-11-26T10:15")
    first = complaints.add_update(conn, cid, "Looking into it", status=ComplaintStatus.IN_PROGRESS)
    at(monkeypatch, "2026-11-27T10:00")
    second = complaints.add_update(conn, cid, "Fix deployed to staging")
    at(monkeypatch, "2026-11-28T10:00")
    resolved = complaints.resolve(conn, cid, "Fixed in production")
    for row in (first, second, resolved):
        assert row.first_response_at == _utc("2026-11-26T10:15:00+00:00")
    assert [(u.text, u.status) for u in resolved.updates] == [
        ("Looking into it", ComplaintStatus.IN_PROGRESS),
        ("Fix deployed to staging", None),
        ("Fixed in production", ComplaintStatus.RESOLVED),
    ]
    assert resolved.resolved_at == _utc("2026-11-28T10:00:00+00:00")


def test_sla_deadlines_and_per_database_overrides(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    opened = _utc("2026-11-26T09:00:00+00:00")
    for severity, days in ((Severity.CRITICAL, 1), (Severity.HIGH, 3), (Severity.MEDIUM, 7),
                           (Severity.LOW, 14)):
        cid = complaint(conn, "Acme Corp", f"{severity} one", severity)
        assert complaints.get(conn, cid).sla_due_at == opened + timedelta(days=days)
    conn.execute("INSERT INTO setting (key, value) VALUES ('sla.high', '5')")
    cid = complaint(conn, "Acme Corp", "high with override", Severity.HIGH)
    assert complaints.get(conn, cid).sla_due_at == opened + timedelta(days=5)


def test_reopening_clears_the_resolution(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    cid = complaint(conn, "Acme Corp", "Outage")
    complaints.resolve(conn, cid, "Restarted")
    with pytest.raises(Conflict, match="already resolved"):
        complaints.resolve(conn, cid, "again")
    with pytest.raises(Conflict, match="reopen it with --status open"):
        complaints.add_update(conn, cid, "It is back")
    row = complaints.add_update(conn, cid, "It is back", status=ComplaintStatus.OPEN)
    assert (row.status, row.resolved_at, row.resolution) == (ComplaintStatus.OPEN, None, None)


# --- the account view -------------------------------------------------------------------------


def test_timeline_is_newest_first_across_every_kind_of_event(conn, monkeypatch):
    at(monkeypatch, "2026-11-20T09:00")
    account(conn, "Acme Corp")
    fid = follow_up(conn, "Acme Corp", "Send the deck", "2026-11-23")
    cid = complaint(conn, "Acme Corp", "Invoices wrong", Severity.HIGH)
    at(monkeypatch, "2026-11-21T11:00")
    complaints.add_update(conn, cid, "Raised with finance")
    at(monkeypatch, "2026-11-23T15:00")
    follow_ups.done(conn, [fid])
    at(monkeypatch, "2026-11-25T10:00")
    complaints.resolve(conn, cid, "Credit note issued")
    at(monkeypatch, "2026-11-26T09:00")
    interactions.log(conn, account_ref="Acme Corp", summary="QBR booked", channel=Channel.EMAIL)
    # logged today, but it happened before everything else
    interactions.log(conn, account_ref="Acme Corp", summary="Kick-off call", channel=Channel.CALL,
                     occurred_at=_utc("2026-11-19T14:00:00+00:00"))
    detail = account_detail.load(conn, "acme")
    assert [(e.kind, e.text) for e in detail.timeline] == [
        ("email", "QBR booked"),
        ("complaint resolved", "Credit note issued"),
        ("follow-up done", "Send the deck"),
        ("complaint update", "Raised with finance"),
        ("complaint opened", "Invoices wrong (high)"),
        ("call", "Kick-off call"),
    ]
    assert [e.text for e in account_detail.load(conn, "acme", timeline_limit=2).timeline] == [
        "QBR booked", "Credit note issued"]
    assert detail.follow_ups == () and detail.complaints == ()


def test_the_account_view_finds_archived_accounts(conn, monkeypatch):
    from sam_tui.services import accounts

    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    accounts.set_archived(conn, "Acme Corp", True)
    assert account_detail.load(conn, "acme").summary.archived is True


# --- the change log ---------------------------------------------------------------------------


def _log(conn):
    return [dict(r) for r in conn.execute("SELECT * FROM change_log ORDER BY id")]


def test_every_write_is_recorded_with_its_command_one_batch_per_command(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    interactions.log(conn, account_ref="Acme Corp", summary="Call", follow_up_due=date(2026, 12, 1))
    fid = conn.execute("SELECT id FROM follow_up").fetchone()[0]
    follow_ups.snooze(conn, fid, date(2026, 12, 3))
    rows = _log(conn)
    assert [(r["command"], r["entity"], r["action"]) for r in rows] == [
        ("account add", "account", "create"),
        ("log", "interaction", "create"),
        ("log", "follow_up", "create"),
        ("follow-up snooze", "follow_up", "update"),
    ]
    assert len({r["batch"] for r in rows}) == 3
    assert rows[1]["batch"] == rows[2]["batch"]
    assert all(r["at"] == "2026-11-26T09:00:00Z" and r["undone"] == 0 for r in rows)
    snooze = rows[-1]
    assert json.loads(snooze["before"]) == {"due_date": "2026-12-01", "snooze_count": 0}
    assert json.loads(snooze["after"]) == {"due_date": "2026-12-03", "snooze_count": 1}


def test_a_failed_command_leaves_no_trace(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    before = _log(conn)
    with pytest.raises(InvalidInput):
        interactions.log(conn, account_ref="Acme Corp", summary="Call",
                         follow_up_due=date(2026, 12, 1), follow_up_note="   ")
    with pytest.raises(NotFound):
        interactions.log(conn, account_ref="Acme Corp", summary="Call", contact_ref="nobody")
    assert _log(conn) == before
    assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
    assert not conn.in_transaction


def test_timestamps_are_stored_in_utc_with_z(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    interactions.log(conn, account_ref="Acme Corp", summary="Call")
    stored = conn.execute("SELECT occurred_at FROM interaction").fetchone()[0]
    assert stored == "2026-11-26T09:00:00Z"
    assert db.parse_ts(stored) == _utc("2026-11-26T09:00:00+00:00")
