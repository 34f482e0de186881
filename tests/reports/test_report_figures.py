"""A figure reads the same in a report as in `sam metrics`: a small book typed in with the
CLI, as a new user would, whose shares fall between two readings (6 of 11 accounts in
cadence is 54.5%, and 0.5455 to four decimals would read 54.6%), and the complaints
sentence counts what the report's figures count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cli.samcli import ok
from typer.testing import Result

Sam = Callable[..., Result]
FORMATS = ("text", "md", "html")
REPORTS = (("month", "2026-12"), ("quarter", "2026-Q4"), ("year", "2026"))


@pytest.fixture
def book(sam: Sam, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    """Eleven key accounts since September, six touched on 1 Dec; four complaints in the
    quarter, one answered 23 hours after it was opened (two opened in December, none
    answered); a December quota of 100,000 with 26,000 of pipeline. Seen on Fri 4 Dec."""

    def at(moment: str, *args: str) -> str:
        monkeypatch.setenv("SAM_NOW", moment)
        return ok(sam(*args))

    for n in range(1, 12):
        at("2026-09-01T09:00", "account", "add", f"Account {n}", "--tier", "key")
    at("2026-10-05T09:00", "complaint", "open", "Account 1", "Late delivery", "--severity", "high")
    at("2026-10-06T08:00", "complaint", "update", "1", "Looking into it")
    at("2026-11-10T09:00", "complaint", "open", "Account 2", "Wrong invoice")
    at("2026-12-02T09:00", "complaint", "open", "Account 3", "Broken part")
    at("2026-12-02T09:00", "complaint", "open", "Account 4", "Missing documents")
    at("2026-12-02T09:00", "quota", "set", "2026-12", "100000")
    upsell = ("Account 5", "Upsell", "--amount", "26000", "--close", "2026-12-20")
    at("2026-12-02T09:00", "deal", "add", *upsell)
    for n in range(1, 7):
        at("2026-12-02T09:00", "log", f"Account {n}", "check-in", "--when", "2026-12-01 10:00")
    monkeypatch.setenv("SAM_NOW", "2026-12-04T18:00")
    yield lambda *args: ok(sam(*args))


def _shown(metrics: str, label: str) -> str:
    """The value `sam metrics` prints on the row ``label``."""
    line = next(x for x in metrics.splitlines() if x.strip().startswith(label))
    return line[len(label) + 2 :].split()[0]


def _row(report: str, label: str, mark: str) -> str:
    """The report's line (text and md) or table row (html) with ``label`` and ``mark``."""
    rows = re.split(r"\n|</tr>", report)
    found = [r for r in rows if label in r and mark in r]
    assert found, (label, mark)
    return found[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("kind", "period"), REPORTS)
def test_a_report_shows_each_rate_as_sam_metrics_does(
    book: Callable[..., str], kind: str, period: str, fmt: str
) -> None:
    metrics = book("metrics", "--period", period)
    cadence = _shown(metrics, "Touched within cadence")
    assert cadence == "54.5%"  # 6 of 11, read once from the exact share
    report = book("report", kind, "--period", period, "--format", fmt)
    assert cadence in _row(report, "Accounts touched within cadence", "%")
    assert "54.6%" not in report


@pytest.mark.parametrize("fmt", FORMATS)
def test_coverage_reads_as_in_sam_metrics_and_sam_today(
    book: Callable[..., str], fmt: str
) -> None:
    coverage = _shown(book("metrics", "--period", "2026-12"), "Coverage")
    assert coverage == "0.26x"
    assert f"pipeline coverage {coverage}" in book("today")
    report = book("report", "month", "--period", "2026-12", "--format", fmt)
    assert coverage in _row(report, "Coverage (pipeline / quota not yet met)", "times")
    assert f"Coverage {coverage}: the pipeline of 26,000" in " ".join(report.split())


@pytest.mark.parametrize(("kind", "period"), REPORTS)
def test_json_keeps_the_fractions_of_sam_metrics_json(
    book: Callable[..., str], kind: str, period: str
) -> None:
    metrics = json.loads(book("metrics", "--period", period, "--json"))
    doc = json.loads(book("report", kind, "--period", period, "--format", "json"))
    rates = {r["figure"]: r for r in _block(doc, "rates")["rows"]}
    rows = {r["figure"]: r for r in _block(doc, "counts")["rows"]}
    relationships = metrics["relationships"]
    assert relationships["share_within_cadence"] == 0.5455
    assert rates["Accounts touched within cadence"]["this"] == 0.5455
    coverage = rows["Coverage (pipeline / quota not yet met), times"]["this"]
    assert coverage == metrics["sales"]["coverage"]
    per_account = rows["Interactions per account"]["this"]
    assert per_account == relationships["interactions_per_account"]


def _block(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == key)


def _figure(doc: dict[str, Any], key: str) -> Any:
    return next(f["value"] for s in doc["sections"] for f in s["figures"] if f["key"] == key)


def _sentence(doc: dict[str, Any]) -> str:
    return str(_block(doc, "sla")["text"])


def test_no_first_response_yet_names_the_complaints_opened(book: Callable[..., str]) -> None:
    doc = json.loads(book("report", "month", "--period", "2026-12", "--format", "json"))
    assert _figure(doc, "complaints_opened") == 2
    assert "No first response yet to the 2 complaints opened in the month" in _sentence(doc)
    text = " ".join(book("report", "month", "--period", "2026-12").split())
    assert "No first response yet to the 2 complaints opened in the month" in text
    assert "over 0 complaints" not in text


@pytest.mark.parametrize(("kind", "period"), REPORTS[1:])
def test_the_median_first_response_says_answered_of_opened(
    book: Callable[..., str], kind: str, period: str
) -> None:
    metrics = json.loads(book("metrics", "--period", period, "--json"))
    first = metrics["complaints"]["first_response"]
    doc = json.loads(book("report", kind, "--period", period, "--format", "json"))
    opened = _figure(doc, "complaints_opened")
    assert (first["complaints"], opened) == (1, 4)
    assert "median 23 h, mean 23 h (1 complaint)" in book("metrics", "--period", period)
    assert (
        f"Median first response 23 h (1 answered of {opened} opened in the {kind})"
        in _sentence(doc)
    )
    for fmt in FORMATS:
        shown = " ".join(book("report", kind, "--period", period, "--format", fmt).split())
        assert f"Median first response 23 h (1 answered of 4 opened in the {kind})" in shown
        assert "1 complaints" not in shown
