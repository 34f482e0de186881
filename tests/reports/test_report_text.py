"""User text stays literal in every format, and the text report fits 80 columns.

A note is data, not markup: Rich markup, Markdown, HTML and escape sequences in account
names, follow-ups and complaints must print as typed (control characters made visible),
never style, link, run or break the layout.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import report_fixture
from report_fixture import pinned

from sam_tui.domain.enums import Severity, Tier
from sam_tui.domain.periods import parse_period
from sam_tui.reports.base import build
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.model import Column, Report, Table, ValueType
from sam_tui.reports.render import Format, markdown, render, text
from sam_tui.reports.render.values import width, wrap
from sam_tui.services import accounts, complaints, follow_ups, interactions
from sam_tui.store import db

NAME = "[bold]Evil[/] <b>Co</b> | *x*"
FOLLOW_UP = "\x1b[2J**Call** [them](https://evil.example) <script>alert(1)</script> &amp; `x` $y$"
COMPLAINT = "Mind the [/] and \x9b31m red\nsecond line"
WIDE = "株式会社テスト商事" * 3
LONG = "Supercalifragilistic" * 8

# the shared fixtures (pytest finds fixtures among a module's globals)
report_db = report_fixture.report_db
report_template = report_fixture.report_template


@pytest.fixture
def hostile(tmp_path: Path) -> Report:
    path = tmp_path / "hostile.db"
    with pinned("2026-11-24T10:00"):
        conn = db.connect(path)
        for name, tier in ((NAME, Tier.STRATEGIC), (WIDE, Tier.KEY), (LONG, Tier.GROWTH)):
            accounts.add(
                conn,
                accounts.AccountInput(
                    name=name, tier=tier, value_cents=123_456_789, renewal_date=date(2026, 12, 1)
                ),
            )
            interactions.log(conn, account_ref=name, summary="hello")
            follow_ups.add(conn, account_ref=name, title=FOLLOW_UP, due=date(2026, 11, 25))
            follow_ups.add(conn, account_ref=name, title=FOLLOW_UP + LONG, due=date(2026, 12, 2))
            complaints.open_complaint(
                conn, account_ref=name, title=COMPLAINT, severity=Severity.CRITICAL
            )
    with pinned():
        try:
            return build(KINDS["week"], conn, parse_period("2026-W48"))
        finally:
            conn.close()


def _no_controls(out: str) -> None:
    for bad in ("\x1b", "\x9b", "\x07"):
        assert bad not in out, f"{bad!r} reached the output"


def test_text_is_literal_and_fits_80_columns(hostile: Report) -> None:
    out = render(hostile, Format.TEXT)
    _no_controls(out)
    assert "[bold]Evil[/] <b>Co</b> | *x*" in out
    assert "^[[2J" in out  # the ESC shown, not obeyed
    assert "<U+009B>31m" in out
    assert "Mind the [/]" in out and "⏎" in out  # a line break in a note is folded
    too_wide = [line for line in out.splitlines() if width(line) > 80]
    assert not too_wide, too_wide


def test_the_fixture_week_fits_80_columns(report_db: Path) -> None:
    conn = db.connect(report_db)
    report = build(KINDS["week"], conn, parse_period("2026-W48"))
    conn.close()
    for line in render(report, Format.TEXT).splitlines():
        assert width(line) <= 80, line


def test_markdown_escapes_user_text(hostile: Report) -> None:
    out = render(hostile, Format.MD)
    _no_controls(out)
    assert "<script>" not in out and "<b>" not in out
    assert r"\<script\>alert(1)\</script\>" in out
    assert r"^\[\[2J\*\*Call\*\* \[them\](https://evil.example)" in out
    assert r"\&amp; \`x\` \$y\$" in out
    assert r"\[bold\]Evil\[/\] \<b\>Co\</b\> \| \*x\*" in out
    # every table row has as many cells as its header: no "|" from user text splits one
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    for line in rows:
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        header = next(r for r in reversed(rows[: rows.index(line) + 1]) if "---" not in r)
        assert len(cells) == len(re.split(r"(?<!\\)\|", header.strip())[1:-1]), line


def test_markdown_line_starts_are_escaped() -> None:
    assert markdown.escape_line("# not a heading") == r"\# not a heading"
    assert markdown.escape_line("1. not a list") == r"1\. not a list"
    assert markdown.escape_line("- dash") == r"\- dash"
    assert markdown.escape("- dash") == "- dash"  # inside a table cell it is just text


def test_html_escapes_user_text(hostile: Report) -> None:
    out = render(hostile, Format.HTML)
    _no_controls(out)
    assert "<script" not in out.lower()
    assert "<b>Co</b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp;amp;" in out
    assert "https://evil.example" in out  # as text in a cell, never a link
    assert 'href="https://evil.example' not in out


def test_json_keeps_the_text_exactly(hostile: Report) -> None:
    out = render(hostile, Format.JSON)
    _no_controls(out)  # json.dumps escapes them as \u001b
    doc = json.loads(out)
    overdue = next(b for s in doc["sections"] for b in s["blocks"] if b["key"] == "overdue")
    assert {r["follow_up"] for r in overdue["rows"]} == {FOLLOW_UP}
    assert {r["account"] for r in overdue["rows"]} == {NAME, WIDE, LONG}


def test_a_wide_table_gives_way_and_wraps() -> None:
    table = Table(
        "t",
        "A table",
        (
            Column("a", "Account"),
            Column("n", "Count", ValueType.NUMBER),
            Column("d", "When", ValueType.DATE),
            Column("x", "Detail", ValueType.DATE, optional=True),
            Column("w", "What"),
        ),
        (("A very long account name indeed", 1_234_567, date(2026, 11, 2), None, LONG),),
    )
    lines = text.table(table, date(2026, 11, 26), 60)
    assert all(width(line) <= 60 for line in lines), lines
    assert "1,234,567" in lines[3]
    assert "Detail" not in lines[1]  # the optional column went first
    assert any("indeed" in line for line in lines)  # wrapped, not lost


def test_wrap_splits_overlong_words_and_caps_the_lines() -> None:
    assert wrap("abc defgh", 4) == ["abc", "defg", "h"]
    lines = wrap("word " * 40, 10, max_lines=2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(width(line) <= 10 for line in wrap(WIDE, 7))
