"""The month, quarter and year reports: golden files in every format, their numbers equal
to `sam metrics` and `sam forecast`, a database with nothing, a quota-less period, fiscal
quarters across a year boundary, and the command line.

After an intended change: SAM_UPDATE_GOLDEN=1 pytest tests/reports, then read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import periodic_fixture
import pytest
import report_fixture
import test_report_html
from report_fixture import golden
from test_report_html import _chromium
from typer.testing import CliRunner

from sam_tui.domain.periods import parse_period
from sam_tui.reports.base import build
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.model import Report
from sam_tui.reports.render import Format, render
from sam_tui.reports.render.values import width
from sam_tui.reports.sections import period_metrics
from sam_tui.services import settings
from sam_tui.store import db

ENDINGS = {Format.TEXT: "txt", Format.MD: "md", Format.HTML: "html", Format.JSON: "json"}
PERIODS = {"month": "2026-11", "quarter": "2026-Q4", "year": "2026"}

# the shared fixtures (pytest finds fixtures among a module's globals)
periodic_db = periodic_fixture.periodic_db
periodic_template = periodic_fixture.periodic_template
report_db = report_fixture.report_db
report_template = report_fixture.report_template
# the browser: found on PATH, else a skip (on CI, CI=true, a failure)
chromium = test_report_html.chromium


def _build(path: Path, kind: str, label: str | None = None) -> Report:
    conn = db.connect(path)
    try:
        fiscal = settings.fiscal_start(conn)
        return build(KINDS[kind], conn, parse_period(label or PERIODS[kind], fiscal))
    finally:
        conn.close()


def _doc(path: Path, kind: str, label: str | None = None) -> dict[str, Any]:
    return json.loads(render(_build(path, kind, label), Format.JSON))  # type: ignore[no-any-return]


def _block(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == key)


def _cli(path: Path, *args: str) -> Any:
    from sam_tui.cli.main import app

    return CliRunner().invoke(app, ["--db", str(path), *args])


def _json_of(path: Path, *args: str) -> dict[str, Any]:
    result = _cli(path, *args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("kind", list(PERIODS))
def test_every_kind_in_every_format(periodic_db: Path, kind: str, fmt: Format) -> None:
    golden(f"{kind}.{ENDINGS[fmt]}", render(_build(periodic_db, kind), fmt))


# where each row of the metrics tables is in `sam metrics --json`
METRICS_PATHS = {
    "quota": ("sales", "quota"),
    "won": ("sales", "won", "amount"),
    "lost": ("sales", "lost", "amount"),
    "remaining_quota": ("sales", "remaining_quota"),
    "pipeline": ("sales", "pipeline", "amount"),
    "average_won_deal": ("sales", "average_won_deal"),
    "no_close_date": ("sales", "no_close_date", "amount"),
    "attainment": ("sales", "attainment"),
    "win_rate_count": ("sales", "win_rate_count"),
    "win_rate_value": ("sales", "win_rate_value"),
    "share_within_cadence": ("relationships", "share_within_cadence"),
    "sla_compliance": ("complaints", "sla", "compliance"),
    "won_count": ("sales", "won", "count"),
    "lost_count": ("sales", "lost", "count"),
    "pipeline_count": ("sales", "pipeline", "count"),
    "coverage": ("sales", "coverage"),
    "median_sales_cycle_days": ("sales", "median_sales_cycle_days"),
    "no_close_date_count": ("sales", "no_close_date", "count"),
    "touches": ("relationships", "touches"),
    "accounts_touched": ("relationships", "accounts_touched"),
    "prospect_touches": ("relationships", "prospect_touches"),
    "accounts": ("relationships", "accounts"),
    "interactions_per_account": ("relationships", "interactions_per_account"),
    "accounts_measured": ("relationships", "accounts_measured"),
    "touched_within_cadence": ("relationships", "touched_within_cadence"),
    "first_response_median_hours": ("complaints", "first_response", "median_hours"),
    "first_response_mean_hours": ("complaints", "first_response", "mean_hours"),
    "first_response_cases": ("complaints", "first_response", "complaints"),
    "awaiting_first_response": ("complaints", "awaiting_first_response"),
    "resolution_median_hours": ("complaints", "resolution", "median_hours"),
    "resolution_mean_hours": ("complaints", "resolution", "mean_hours"),
    "resolution_cases": ("complaints", "resolution", "complaints"),
    "sla_met": ("complaints", "sla", "met"),
    "sla_breached": ("complaints", "sla", "breached"),
    "sla_pending": ("complaints", "sla", "pending"),
}


def _dig(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _check_metrics(path: Path, kind: str, label: str) -> None:
    doc = _doc(path, kind, label)
    spec = {
        "amounts": period_metrics.AMOUNTS,
        "rates": period_metrics.RATES,
        "counts": period_metrics.COUNTS,
    }
    keys = [k for rows in spec.values() for k, _, _ in rows]
    assert sorted(keys) == sorted(METRICS_PATHS)  # every figure of `sam metrics`, once
    this_label = doc["period"]["label"]
    before_label = doc["previous_period"]["label"]
    now = _json_of(path, "metrics", "--period", this_label, "--json")
    then = _json_of(path, "metrics", "--period", before_label, "--json")
    for table, rows in spec.items():
        found = _block(doc, table)["rows"]
        assert [r["figure"] for r in found] == [label for _, label, _ in rows]
        for (key, _, _), row in zip(rows, found, strict=True):
            assert row["this"] == _dig(now, METRICS_PATHS[key]), (key, row)
            assert row["previous"] == _dig(then, METRICS_PATHS[key]), (key, row)


@pytest.mark.parametrize("kind", list(PERIODS))
def test_the_metrics_are_those_of_sam_metrics(periodic_db: Path, kind: str) -> None:
    _check_metrics(periodic_db, kind, PERIODS[kind])


def test_a_past_period_too(periodic_db: Path) -> None:
    _check_metrics(periodic_db, "quarter", "2026-Q3")
    _check_metrics(periodic_db, "month", "2026-10")


FORECAST_KEYS = ["closed_won", "commit", "best_case", "weighted", "run_rate"]


@pytest.mark.parametrize("kind", list(PERIODS))
def test_the_forecast_is_that_of_sam_forecast(periodic_db: Path, kind: str) -> None:
    doc = _doc(periodic_db, kind)
    expected = _json_of(periodic_db, "forecast", "--period", PERIODS[kind], "--json")
    rows = _block(doc, "forecast")["rows"]
    for key, row in zip(FORECAST_KEYS, rows, strict=False):
        assert row["amount"] == expected["figures"][key]["amount"], key
        assert row["gap"] == expected["figures"][key]["gap"], key
    assert rows[-1]["amount"] == expected["weighted_pipeline"]
    chart = _block(doc, "pipeline_by_stage")
    assert sum(chart["series"][0]["values"]) == sum(d["amount"] for d in expected["deals"])


def test_the_quarter_by_hand(periodic_db: Path) -> None:
    """2026-Q4 from the fixture, figure by figure: won = Globex's uplift (25,000.50, 5 Oct)
    + Acme's pilot (40,000, 12 Nov); quota 200,000; open in the quarter: Stark's expansion
    (80,000 commit, proposal 50%), Umbrella's renewal (45,000 best case, negotiation 75%),
    Globex's security add-on (15,000 pipeline, qualification 20%)."""
    doc = _doc(periodic_db, "quarter")
    forecast = {r["figure"].split(" (")[0]: r for r in _block(doc, "forecast")["rows"]}
    assert forecast["Closed won"]["amount"] == 65000.5
    assert forecast["Closed won"]["gap"] == 134999.5
    assert forecast["Commit"]["amount"] == 145000.5
    assert forecast["Best case"]["amount"] == 190000.5
    # 40,000 + 33,750 + 3,000
    assert forecast["Weighted pipeline"]["amount"] == 76750
    assert forecast["Weighted forecast"]["amount"] == 141750.5
    # 65,000.50 / 57 days elapsed x 92 days = 104,913.0877...
    assert forecast["Run rate"]["amount"] == 104913.09
    rates = {r["figure"]: r for r in _block(doc, "rates")["rows"]}
    assert rates["Attainment (won / quota)"]["this"] == 0.325  # 65,000.50 / 200,000
    assert rates["Win rate by count"]["this"] == 0.6667  # 2 won / 3 closed
    amounts = {r["figure"]: r for r in _block(doc, "amounts")["rows"]}
    assert amounts["Won"]["previous"] == 30000  # Stark's licences, 20 Aug
    assert amounts["Lost"]["this"] == 12000
    by_revenue = _block(doc, "by_revenue")["rows"]
    assert [(r["account"], r["won"]) for r in by_revenue] == [
        ("Acme Corp", 40000),
        ("Globex", 25000.5),
    ]
    moves = _block(doc, "prospect_moves")["rows"]
    assert [(r["prospect"], r["move"]) for r in moves] == [
        ("Cyberdyne", "added"),
        ("Cyberdyne", "advanced"),
        ("Tyrell", "added"),
        ("Cyberdyne", "advanced"),
        ("Tyrell", "advanced"),
        ("Wayne Bank", "advanced"),
    ]
    risks = _block(doc, "risks")["items"]
    assert any(
        r.startswith("Attainment 32.5% (65,000.50 of 200,000) with 62.0% of the quarter")
        for r in risks
    ), risks
    assert any("Security add-on (Globex, 15,000)" in r for r in risks), risks
    assert "Objectives behind, as assessed today: Acme on 100 seats (off track)." in risks


def test_a_period_without_a_quota_says_so(periodic_db: Path) -> None:
    doc = _doc(periodic_db, "month", "2026-10")
    text = render(_build(periodic_db, "month", "2026-10"), Format.TEXT)
    assert "No quota is set for 2026-10" in text
    rows = _block(doc, "forecast")["rows"]
    assert all(r["gap"] is None for r in rows)
    figures = {f["key"]: f for s in doc["sections"] for f in s["figures"]}
    assert figures["attainment"]["value"] is None


@pytest.mark.parametrize("kind", list(PERIODS))
def test_a_database_with_nothing(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "empty.db"
    for fmt in Format:
        out = render(_build(path, kind), fmt)
        assert out
    text = render(_build(path, kind), Format.TEXT)
    assert "No quota is set for" in text
    assert "No deal was won in" in text
    assert "No active accounts." in text
    assert "No prospect was added or moved in" in text
    assert max(width(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("kind", list(PERIODS))
@pytest.mark.parametrize("label", [None, "last"])
def test_text_fits_80_columns(periodic_db: Path, kind: str, label: str | None) -> None:
    args = ["report", kind, "--format", "text"] + (["--period", label] if label else [])
    result = _cli(periodic_db, *args)
    assert result.exit_code == 0, result.stderr
    assert max(width(line) for line in result.stdout.splitlines()) <= 80


def test_a_fiscal_quarter_across_the_year_boundary(periodic_db: Path) -> None:
    """Fiscal years from November: 2027-Q1 is Nov 2026 - Jan 2027, compared with 2026-Q4
    (Aug - Oct 2026), the last quarter of the fiscal year before."""
    result = _cli(periodic_db, "config", "fiscal-year-start", "11")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(_cli(periodic_db, "report", "quarter", "--format", "json").stdout)
    assert doc["period"] == {
        "label": "2027-Q1",
        "kind": "quarter",
        "start": "2026-11-01",
        "end": "2027-01-31",
    }
    assert doc["previous_period"]["label"] == "2026-Q4"
    assert (
        doc["previous_period"]["start"] == "2026-08-01"
        and doc["previous_period"]["end"] == "2026-10-31"
    )
    _check_metrics(periodic_db, "quarter", "2027-Q1")
    year = json.loads(_cli(periodic_db, "report", "year", "--format", "json").stdout)
    assert (year["period"]["start"], year["period"]["end"]) == ("2026-11-01", "2027-10-31")
    text = _cli(periodic_db, "report", "quarter").stdout
    assert text.startswith("Quarter report · 2027-Q1 · 1 Nov 2026 – 31 Jan 2027\n")


@pytest.mark.parametrize(
    ("kind", "bad", "says"),
    [
        ("month", "2026-13", "2026-13"),
        ("month", "2026-Q4", "is a quarter; the month report takes a month"),
        ("quarter", "2026-11", "is a month; the quarter report takes a quarter"),
        ("year", "soon", "not a year"),
    ],
)
def test_bad_periods_are_one_line_errors(periodic_db: Path, kind: str, bad: str, says: str) -> None:
    result = _cli(periodic_db, "report", kind, "--period", bad)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines


@pytest.mark.parametrize(
    ("kind", "example"), [("month", "2026-11"), ("quarter", "2026-Q4"), ("year", "2026,")]
)
def test_help_names_the_kinds_own_periods(periodic_db: Path, kind: str, example: str) -> None:
    result = _cli(periodic_db, "report", kind, "--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert example in flat and "W47" not in flat
    assert "Examples:" in flat


def test_periods_by_label_word_and_date(periodic_db: Path) -> None:
    assert (
        _json_of(periodic_db, "report", "month", "-p", "last", "-f", "json")["period"]["label"]
        == "2026-10"
    )
    assert (
        _json_of(periodic_db, "report", "quarter", "-p", "2026-08-14", "-f", "json")["period"][
            "label"
        ]
        == "2026-Q3"
    )
    assert (
        _json_of(periodic_db, "report", "year", "-p", "2025", "-f", "json")["period"]["label"]
        == "2025"
    )


def test_writes_a_file(periodic_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "q4.html"
    result = _cli(periodic_db, "report", "quarter", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Wrote the quarter report for 2026-Q4 (html)" in result.stdout
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("kind", list(PERIODS))
def test_html_is_well_formed_and_self_contained(periodic_db: Path, kind: str) -> None:
    from test_report_html import Checker

    report = _build(periodic_db, kind)
    page = render(report, Format.HTML)
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [] and checker.problems == []
    assert checker.tags.count("section") == 1 + len(report.sections)  # + at a glance
    assert {"deals", "objectives"} <= {s.key for s in report.sections}
    # attainment over time, pipeline by stage, health by tier, touches per week
    assert checker.tags.count("svg") == 4


@pytest.mark.parametrize("kind", list(PERIODS))
def test_chromium_renders_every_kind(
    chromium: str, periodic_db: Path, tmp_path: Path, kind: str
) -> None:
    page = tmp_path / f"{kind}.html"
    page.write_text(render(_build(periodic_db, kind), Format.HTML), encoding="utf-8")
    dom = _chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert [line for line in dom.stderr.splitlines() if ":CONSOLE" in line] == []
    assert f"<h1>{kind.title()} report" in dom.stdout
    assert dom.stdout.count("<svg") == 4
    assert 'id="highlights"' in dom.stdout and 'id="prospects"' in dom.stdout
    pdf = tmp_path / f"{kind}.pdf"
    done = _chromium(
        chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_movers_follow_the_stated_rule(periodic_db: Path) -> None:
    """Q3: Stark (strategic, cadence 14 days) was last touched on 15 Sep, so it went past
    its cadence on 30 Sep; it also won its licences. Acme, touched weekly, did not move."""
    doc = _doc(periodic_db, "quarter", "2026-Q3")
    movers = {r["account"]: r for r in _block(doc, "movers")["rows"]}
    assert movers["Stark Industries"]["what"] == (
        "past its 14-day cadence on Wed 30 Sep; won Pilot licences"
    )
    assert movers["Stark Industries"]["direction"] == "mixed"
    assert "Acme Corp" not in movers
    rule = _block(doc, "movers_rule")["text"]
    assert "health is not kept over time" in rule
    q4 = {r["account"]: r for r in _block(_doc(periodic_db, "quarter"), "movers")["rows"]}
    assert q4["Initech"]["direction"] == "down"
    assert q4["Initech"]["what"] == (
        "1 complaint opened; lost Analytics add-on; 1 complaint resolved"
    )


def test_a_period_not_yet_begun(periodic_db: Path) -> None:
    """Next year: nothing won, nothing slipped, no pace; what is open is counted now."""
    doc = _doc(periodic_db, "year", "2027")
    assert _block(doc, "highlights")["items"] == ["Nothing to highlight by these rules."]
    risks = _block(doc, "risks")["items"]
    assert risks[0] == "No quota is set for 2027, and no deal was won."
    assert "1 complaint open past its SLA now: Invoices to the wrong cost centre (Globex)." in risks
    assert not any(r.startswith(("Slipped", "Attainment", "Coverage")) for r in risks)
    text = render(_build(periodic_db, "year", "2027"), Format.TEXT)
    assert "this year has not begun" in text
