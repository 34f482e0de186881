"""`sam quota ...` and `sam config`: quotas per period, settings with defaults; bad input."""

from __future__ import annotations

import pytest
from samcli import as_json, fails, ok, query


def _rows(db_path, table):
    return query(db_path, f"SELECT * FROM {table} ORDER BY 1")


# --- quotas -------------------------------------------------------------------------------


def test_set_list_and_unset_quotas(sam, db_path):
    assert ok(sam("quota", "set", "2026-Q4", "300k")) == (
        "Quota for 2026-Q4 (1 Oct – 31 Dec 2026): 300,000\n"
    )
    assert ok(sam("quota", "set", "2026-q4", "320,000.50")) == (
        "Quota for 2026-Q4 (1 Oct – 31 Dec 2026): 320,000.50 (was 300,000)\n"
    )
    ok(sam("quota", "set", "FY2026", "1.2m"))
    ok(sam("quota", "set", "2026-11", "100k"))
    ok(sam("quota", "set", "2026-w48", "25k"))
    out = ok(sam("quota", "list"))
    assert [line.split()[0] for line in out.splitlines()[1:]] == [
        "2026",
        "2026-Q4",
        "2026-11",
        "2026-W48",
    ]
    doc = as_json(sam("quota", "list", "--json"))
    assert doc[1] == {
        "label": "2026-Q4",
        "kind": "quarter",
        "start": "2026-10-01",
        "end": "2026-12-31",
        "days": 92,
        "elapsed_days": 57,
        "amount": 320000.5,
    }
    assert ok(sam("quota", "unset", "2026-W48")) == (
        "Removed the quota for 2026-W48 (23 Nov – 29 Nov 2026) (was 25,000)\n"
    )
    assert [r[1] for r in _rows(db_path, "quota")] == ["2026-Q4", "2026", "2026-11"]


def test_no_quotas_yet(sam):
    assert ok(sam("quota", "list")) == "No quotas. Set one with: sam quota set 2026-Q4 300k\n"
    assert as_json(sam("quota", "list", "--json")) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["quota", "set", "Q4", "300k"],
            "error: not a period: 'Q4'; use 2026-W47 (week), 2026-11 (month), "
            "2026-Q4 (quarter), 2026 (year), this, last or next (quarter), or e.g. "
            "last month, this year",
        ),
        (
            ["quota", "set", "2026-13", "300k"],
            "error: '2026-13' has no month 13; use 2026-W47 "
            "(week), 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)",
        ),
        (["quota", "set", "--", "2026-Q4", "-5"], "error: quota cannot be negative: '-5'"),
        (
            ["quota", "set", "2026-Q4", "0"],
            "error: a quota must be more than 0 (to remove one: sam quota unset PERIOD)",
        ),
        (
            ["quota", "set", "2026-Q4", "many"],
            "error: cannot read quota 'many': use a number like 120000, 120k or 1.2m",
        ),
        (["quota", "unset", "2026-Q1"], "error: no quota for 2026-Q1"),
    ],
)
def test_quota_bad_input(sam, db_path, argv, message):
    ok(sam("quota", "set", "2026-Q4", "300k"))
    before = _rows(db_path, "quota")
    assert fails(sam(*argv)) == message
    assert _rows(db_path, "quota") == before


def test_the_fiscal_year_moves_the_quarters(sam, db_path, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2026-01-20T09:00")
    ok(sam("config", "fiscal-year-start", "2"))
    assert ok(sam("quota", "set", "2026-Q4", "90k")) == (
        "Quota for 2026-Q4 (1 Nov 2025 – 31 Jan 2026): 90,000\n"
    )
    assert as_json(sam("quota", "list", "--json"))[0]["start"] == "2025-11-01"
    result = sam("config", "fiscal-year-start", "1")
    assert ok(result) == "fiscal-year-start = 1 (was 2)\n"
    assert result.stderr == (
        "warning: quotas for 2026-Q4 now cover the new fiscal quarters and years\n"
    )


# --- config -------------------------------------------------------------------------------


def test_config_lists_gets_sets_and_unsets(sam, db_path):
    out = ok(sam("config"))
    assert "fiscal-year-start" in out and "probability.negotiation" in out and "sla.low" in out
    assert ok(sam("config", "probability.proposal")) == "50\n"
    assert ok(sam("config", "probability.proposal", "40%")) == (
        "probability.proposal = 40 (was 50, the default)\n"
    )
    assert ok(sam("config", "fiscal-year-start", "July")) == (
        "fiscal-year-start = 7 (was 1, the default)\n"
    )
    doc = as_json(sam("config", "--json"))
    assert [d["key"] for d in doc][:2] == ["fiscal-year-start", "probability.prospecting"]
    assert all(set(d) == {"key", "value", "default", "set", "invalid", "description"} for d in doc)
    one = as_json(sam("config", "probability.proposal", "--json"))
    assert (one["value"], one["default"], one["set"]) == ("40", "50", True)
    assert ok(sam("config", "probability.proposal", "--unset")) == (
        "probability.proposal = 50 (the default again; was 40)\n"
    )
    assert ok(sam("config", "probability.proposal", "--unset")) == (
        "probability.proposal was not set; it stays at its default 50\n"
    )
    assert _rows(db_path, "setting") == [("fiscal-year-start", "7")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["config", "colour", "red"],
            "error: unknown setting 'colour'; known settings: "
            "fiscal-year-start, probability.prospecting, probability.qualification, "
            "probability.proposal, probability.negotiation, sla.critical, sla.high, sla.medium, "
            "sla.low, backup.keep, renewal.term, currency, number-format, replicate.warn-after",
        ),
        (
            ["config", "fiscal-year-start", "13"],
            "error: fiscal-year-start must be a month: 1-12 or a name such as feb, not '13'",
        ),
        (
            ["config", "probability.negotiation", "120"],
            "error: probability.negotiation must be a whole number from 0 to 100 (percent), "
            "not '120'",
        ),
        (
            ["config", "sla.critical", "0"],
            "error: sla.critical must be a whole number of at least 1 (days), not '0'",
        ),
        (
            ["config", "sla.low", "x", "--unset"],
            "error: --unset takes a KEY and no VALUE: sam config KEY --unset",
        ),
        (["config", "--unset"], "error: --unset takes a KEY and no VALUE: sam config KEY --unset"),
    ],
)
def test_config_bad_input(sam, db_path, argv, message):
    ok(sam("config", "sla.low", "10"))
    assert fails(sam(*argv)) == message
    assert _rows(db_path, "setting") == [("sla.low", "10")]


def test_help_everywhere(sam):
    assert "fiscal-year-start" in ok(sam("config", "--help"))
    for command in ("set", "list", "unset"):
        assert f"Usage: sam quota {command}" in ok(sam("quota", command, "--help"))
