"""Settings, quotas and objectives at the service level."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from svc_support import account, at, complaint

from sam_tui.domain.enums import DealStage, Severity
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound
from sam_tui.domain.objectives import ObjectiveStatus
from sam_tui.services import complaints, deals, objectives, quotas, settings


def _count(conn, table):
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- settings -----------------------------------------------------------------------------


def test_every_known_setting_with_its_default(conn):
    rows = {r.key: r for r in settings.all_settings(conn)}
    assert list(rows) == [
        "fiscal-year-start",
        "probability.prospecting",
        "probability.qualification",
        "probability.proposal",
        "probability.negotiation",
        "sla.critical",
        "sla.high",
        "sla.medium",
        "sla.low",
        "backup.keep",
        "renewal.term",
        "currency",
        "number-format",
        "replicate.warn-after",
    ]
    assert [rows[k].default for k in rows] == [
        "1",
        "10",
        "20",
        "50",
        "75",
        "1",
        "3",
        "7",
        "14",
        "7",
        "12",
        "USD",
        "auto",
        "15",
    ]
    assert not any(r.is_set for r in rows.values())
    assert all(r.description for r in rows.values())


def test_set_get_and_unset(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    before, after = settings.set_value(conn, "fiscal-year-start", "feb")
    assert (before.value, before.is_set, after.value, after.is_set) == ("1", False, "2", True)
    assert settings.fiscal_start(conn) == 2
    settings.set_value(conn, "Fiscal-Year-Start", "July")
    assert settings.get(conn, "fiscal-year-start").value == "7"
    assert settings.unset(conn, "fiscal-year-start").value == "7"
    assert settings.unset(conn, "fiscal-year-start") is None
    assert settings.fiscal_start(conn) == 1
    actions = [r[0] for r in conn.execute("SELECT action FROM change_log WHERE entity = 'setting'")]
    assert actions == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("fiscal-year-start", "13", "fiscal-year-start must be a month: 1-12"),
        ("fiscal-year-start", "0", "must be a month"),
        ("fiscal-year-start", "ju", "must be a month"),  # june or july?
        (
            "probability.proposal",
            "101",
            "probability.proposal must be a whole number from 0 to 100",
        ),
        ("probability.proposal", "4.5", "whole number"),
        ("sla.high", "0", "sla.high must be a whole number of at least 1 (days)"),
        ("sla.high", "-3", "whole number"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(conn, key, value, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        settings.set_value(conn, key, value)
    assert _count(conn, "setting") == 0


def test_unknown_keys_are_named_with_the_known_ones(conn):
    with pytest.raises(NotFound, match=r"unknown setting 'probability.won'; known settings: "):
        settings.set_value(conn, "probability.won", "90")
    with pytest.raises(NotFound, match="unknown setting 'colour'"):
        settings.get(conn, "colour")


def test_sla_settings_drive_new_complaints(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    settings.set_value(conn, "sla.high", "5")
    assert complaints.sla_overrides(conn) == {Severity.HIGH: 5}
    c = complaints.get(conn, complaint(conn, "Acme Corp", "Late", Severity.HIGH))
    assert (c.sla_due_at - c.opened_at).days == 5


def test_a_value_written_by_hand_is_reported_not_guessed(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    conn.execute("INSERT INTO setting (key, value) VALUES ('probability.negotiation', 'lots')")
    row = settings.get(conn, "probability.negotiation")
    assert (row.value, row.is_set, row.invalid) == ("75", True, "lots")
    with pytest.raises(InvalidInput, match="the setting probability.negotiation is 'lots'"):
        deals.probabilities(conn)
    # it can be set again or reset, which is how the user fixes it
    settings.set_value(conn, "probability.negotiation", "70")
    assert deals.probabilities(conn)[DealStage.NEGOTIATION] == 70
    conn.execute("UPDATE setting SET value = '130' WHERE key = 'probability.negotiation'")
    assert settings.unset(conn, "probability.negotiation").invalid == "130"
    assert deals.probabilities(conn)[DealStage.NEGOTIATION] == 75


# --- quotas -------------------------------------------------------------------------------


def test_quotas_are_stored_under_the_canonical_label(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    row, before = quotas.set_quota(conn, "fy2026", 1_200_000_00)
    assert (row.period.label, before) == ("2026", None)
    quotas.set_quota(conn, "2026q4", 300_000_00)
    quotas.set_quota(conn, "2026-1", 90_000_00)
    _, before = quotas.set_quota(conn, "2026-Q4", 320_000_00)
    assert before == 300_000_00
    assert [(q.period.label, q.amount_cents) for q in quotas.list_quotas(conn)] == [
        ("2026", 1_200_000_00),
        ("2026-01", 90_000_00),
        ("2026-Q4", 320_000_00),
    ]
    assert quotas.unset(conn, "2026-01").amount_cents == 90_000_00
    with pytest.raises(NotFound, match="no quota for 2026-01"):
        quotas.unset(conn, "2026-01")
    with pytest.raises(InvalidInput, match="more than 0"):
        quotas.set_quota(conn, "2026-Q3", 0)
    with pytest.raises(InvalidInput, match="not a period"):
        quotas.set_quota(conn, "Q3", 10_00)


def test_quarters_follow_the_fiscal_year_setting(conn, monkeypatch):
    at(monkeypatch, "2026-01-20T09:00")
    settings.set_value(conn, "fiscal-year-start", "2")
    assert quotas.resolve_period(conn, None).label == "2026-Q4"
    row, _ = quotas.set_quota(conn, "2026-Q4", 100_00)
    assert (row.period.start, row.period.end) == (date(2025, 11, 1), date(2026, 1, 31))
    assert quotas.current_quarter(conn, date(2026, 2, 1)).label == "2027-Q1"


# --- objectives ---------------------------------------------------------------------------


def test_objective_add_progress_and_history(conn, monkeypatch):
    at(monkeypatch, "2026-07-01T09:00")
    account(conn, "Acme Corp")
    o = objectives.add(
        conn,
        objectives.NewObjective(
            title="Run workshops", target=Decimal("4"), unit=" workshops ", due=date(2026, 12, 31)
        ),
        account_ref="acme",
    )
    assert (o.account_name, o.start_date, o.current, o.unit, o.status) == (
        "Acme Corp",
        date(2026, 7, 1),
        0,
        "workshops",
        ObjectiveStatus.ON_TRACK,
    )
    at(monkeypatch, "2026-11-26T09:00")
    o, before = objectives.record_progress(conn, o.id, "+1", note="First one done")
    assert (before, o.current, o.status) == (0, 1, ObjectiveStatus.OFF_TRACK)
    o, before = objectives.record_progress(conn, o.id, "3.5")
    assert (before, o.current, o.status) == (1, Decimal("3.5"), ObjectiveStatus.ON_TRACK)
    o, _ = objectives.record_progress(conn, o.id, "-0.5")
    assert o.current == 3
    assert [(p.value, p.note) for p in objectives.get(conn, o.id).progress] == [
        (1, "First one done"),
        (Decimal("3.5"), None),
        (3, None),
    ]
    with pytest.raises(InvalidInput, match="cannot go below 0"):
        objectives.record_progress(conn, o.id, "-4")
    with pytest.raises(InvalidInput, match="must be a number"):
        objectives.record_progress(conn, o.id, "NaN")
    assert objectives.get(conn, o.id).current == 3


def test_portfolio_objectives_closing_and_reopening(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    p = objectives.add(
        conn,
        objectives.NewObjective(
            title="New logos", target=Decimal(6), due=date(2026, 12, 31), start=date(2026, 1, 1)
        ),
    )
    a = objectives.add(
        conn,
        objectives.NewObjective(title="Sites", target=Decimal(3), due=date(2027, 3, 31)),
        account_ref="acme",
    )
    assert p.account_id is None and p.status is ObjectiveStatus.OFF_TRACK
    assert [o.id for o in objectives.list_objectives(conn)] == [p.id, a.id]
    assert [o.id for o in objectives.list_objectives(conn, account_ref="acme")] == [a.id]
    closed = objectives.set_closed(conn, p.id, True)
    assert closed.status is ObjectiveStatus.MISSED
    assert closed.assessment.reason.startswith("closed short of the target: 0% done")
    with pytest.raises(Conflict, match="already closed"):
        objectives.set_closed(conn, p.id, True)
    with pytest.raises(Conflict, match="is closed; reopen it first"):
        objectives.record_progress(conn, p.id, "1")
    assert [o.id for o in objectives.list_objectives(conn)] == [a.id]
    assert [o.id for o in objectives.list_objectives(conn, include_closed=True)] == [a.id, p.id]
    assert objectives.set_closed(conn, p.id, False).status is ObjectiveStatus.OFF_TRACK


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": Decimal(0)}, "target must be a number above 0"),
        ({"target": Decimal(-2)}, "target must be a number above 0"),
        ({"target": Decimal("Infinity")}, "target must be a number above 0"),
        ({"title": "  "}, "the objective cannot be empty"),
        ({"start": date(2027, 1, 2)}, r"due date \(2026-12-31\) is before the start"),
    ],
)
def test_objective_input_is_checked(conn, monkeypatch, kwargs, message):
    at(monkeypatch, "2026-11-26T09:00")
    args = {"title": "Sites", "target": Decimal(3), "due": date(2026, 12, 31), **kwargs}
    with pytest.raises(InvalidInput, match=message):
        objectives.add(conn, objectives.NewObjective(**args))
    assert _count(conn, "objective") == 0


def test_objective_edit(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    o = objectives.add(
        conn,
        objectives.NewObjective(
            title="Sites", target=Decimal(3), unit="sites", due=date(2026, 12, 31)
        ),
    )
    o = objectives.edit(conn, o.id, title="New sites", target=Decimal("2.5"), unit="")
    assert (o.title, o.target, o.unit) == ("New sites", Decimal("2.5"), None)
    with pytest.raises(InvalidInput, match="before the start"):
        objectives.edit(conn, o.id, due=date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="nothing to change"):
        objectives.edit(conn, o.id)
    with pytest.raises(NotFound, match="no objective #9"):
        objectives.edit(conn, 9, title="x")


def test_backup_keep_is_the_setting_the_daily_backups_read(conn, monkeypatch):
    from sam_tui.interop import backup

    at(monkeypatch, "2026-11-26T09:00")
    row = settings.get(conn, backup.KEEP_SETTING)
    assert row.default == str(backup.DEFAULT_KEEP)
    settings.set_value(conn, "backup.keep", "0")
    assert backup.keep_setting(conn) == 0
    settings.set_value(conn, "backup.keep", str(backup.MAX_KEEP))
    with pytest.raises(InvalidInput, match="from 0 to 3650"):
        settings.set_value(conn, "backup.keep", str(backup.MAX_KEEP + 1))
