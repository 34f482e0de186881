"""The Reports screen (7) on a real demo file: the CLI's numbers, periods, export, literal text."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Input
from trust_support import read_only
from tui_helpers import screen_text, settle, type_text
from typer.testing import CliRunner

from sam_tui.domain.enums import Channel, Tier
from sam_tui.reports.model import ValueType
from sam_tui.reports.render import values
from sam_tui.services import accounts, interactions
from sam_tui.store import db
from sam_tui.tui.app import SamApp

WIDE = (120, 60)  # the whole "at a glance" block on screen, no label wrapped


def cli(db_path: Path, *args: str) -> str:
    from sam_tui.cli.main import app

    result = CliRunner().invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def figures_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for section in doc["sections"] for f in section["figures"]]


def figure_row(f: dict[str, Any]) -> tuple[str, list[str]]:
    """The label and the numbers the screen shows for a figure of the json document."""
    from sam_tui.reports.model import Better, Figure

    kind = ValueType(f["type"])

    def amount(x: float | None) -> float | None:
        # json has money in currency units; the model in cents
        return round(x * 100) if x is not None and kind is ValueType.MONEY else x

    figure = Figure(
        f["key"], f["label"], amount(f["value"]), kind, amount(f["previous"]), Better(f["better"])
    )
    label = f["label"] + (f" ({f['note']})" if f["note"] else "")
    shown = [
        values.figure(figure.value, kind),
        values.figure(figure.previous, kind),
        values.change(figure, compact=True),
    ]
    return label, [s for s in shown if s]


def assert_screen_has_figures(text: str, doc: dict[str, Any]) -> None:
    lines = text.splitlines()
    for f in figures_of(doc):
        label, numbers = figure_row(f)
        found = [line for line in lines if line.strip().startswith(label)]
        assert found, f"no line for {label!r}"
        # the scroll bar may be drawn in the last column
        tail = found[0].rstrip(" ▁▂▃▄▅▆▇█▔").split()[-len(numbers) :]
        assert tail == numbers, (label, found[0], numbers)


async def open_reports(pilot: Any) -> SamApp:
    app: SamApp = pilot.app
    app.animation_level = "none"
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)
    return app


def bar(app: SamApp) -> str:
    return screen_text(app).splitlines()[1]


async def test_key_7_shows_the_week_report_with_the_cli_figures(demo_db: Path) -> None:
    doc = json.loads(cli(demo_db, "report", "week", "--format", "json"))
    async with SamApp(demo_db, watch=False).run_test(size=WIDE) as pilot:
        app = await open_reports(pilot)
        assert app.current_mode == "reports"
        text = screen_text(app)
        assert "2026-W48" in bar(app) and "23–29 Nov 2026" in bar(app)
        assert "Week report · 2026-W48" in text
        assert_screen_has_figures(text, doc)
        assert "building" not in text


async def test_previous_and_next_period_change_label_and_figures(demo_db: Path) -> None:
    async with SamApp(demo_db, watch=False).run_test(size=WIDE) as pilot:
        app = await open_reports(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "2026-W47" in bar(app) and "this week" not in bar(app)
        doc = json.loads(cli(demo_db, "report", "week", "-p", "2026-W47", "-f", "json"))
        assert_screen_has_figures(screen_text(app), doc)
        for key in ("right_square_bracket", "right_square_bracket"):
            await pilot.press(key)
            await settle(pilot)
        assert "2026-W49" in bar(app)
        doc = json.loads(cli(demo_db, "report", "week", "-p", "2026-W49", "-f", "json"))
        assert_screen_has_figures(screen_text(app), doc)
        await pilot.press("left")  # the arrows do the same on the report
        await settle(pilot)
        assert "2026-W48" in bar(app) and "this week" in bar(app)


async def test_a_typed_period_and_bad_ones(demo_db: Path) -> None:
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        await pilot.press("p")
        await type_text(pilot, "2026-W40")
        await pilot.press("enter")
        await settle(pilot)
        assert "2026-W40" in bar(app) and "28 Sep – 4 Oct 2026" in bar(app)
        assert "Week report · 2026-W40" in screen_text(app)
        for typed, message in (
            ("banana", "not a week: 'banana'"),
            ("2026-W60", "2026 has no ISO week 60"),
            ("2026-11", "'2026-11' is a month; the week report takes a week"),
        ):
            await pilot.press("p")
            await type_text(pilot, typed)
            await pilot.press("enter")
            await settle(pilot)
            text = screen_text(app)
            assert message in text, text
            assert "2026-W40" in bar(app)  # nothing moved
            assert isinstance(app.focused, Input)  # still typing: fix it or esc
            await pilot.press("escape")
            await settle(pilot)
            assert message not in screen_text(app)
        await pilot.press("p")
        await type_text(pilot, "last")
        await pilot.press("enter")
        await settle(pilot)
        assert "2026-W47" in bar(app)


async def test_the_report_is_rebuilt_when_the_data_changes(demo_db: Path) -> None:
    doc = json.loads(cli(demo_db, "report", "week", "--format", "json"))
    before = next(f["value"] for f in figures_of(doc) if f["key"] == "touches")
    async with SamApp(demo_db, watch=False).run_test(size=WIDE) as pilot:
        app = await open_reports(pilot)
        conn = db.connect(demo_db)
        try:
            # an active account: a prospect's touch is a figure of its own
            name = accounts.summaries(conn, accounts.ACTIVE)[0].name
            interactions.log(conn, account_ref=name, summary="Quick call", channel=Channel.CALL)
        finally:
            conn.close()
        app.data_changed()
        await settle(pilot)
        line = next(x for x in screen_text(app).splitlines() if "Touches logged" in x)
        assert line.split()[-3] == str(before + 1)


# --- export ---------------------------------------------------------------------------------


async def export(pilot: Any, path: Path | str, fmt: str | None = None) -> None:
    await pilot.press("x")
    await settle(pilot)
    form = pilot.app.screen
    if fmt is not None:
        form.query_one("#format", Input).value = fmt
    form.query_one("#file", Input).value = str(path)
    await settle(pilot)
    form.query_one("#file", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


def messages(app: SamApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
async def test_export_writes_what_the_cli_writes(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out-{fmt}"
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await export(pilot, target, fmt)
        assert target.read_text(encoding="utf-8") == cli(
            demo_db, "report", "week", "--period", "2026-W47", "--format", fmt
        )
        assert f"Wrote the week report for 2026-W47 ({fmt}) to {target}" in messages(app), messages(
            app
        )
        assert [n for n in os.listdir(tmp_path) if n.startswith(".out")] == []


async def test_export_refuses_an_existing_file_until_asked_twice(
    demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "week.md"
    target.write_text("mine\n", encoding="utf-8")
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        await export(pilot, target, "md")
        form = app.screen
        assert "already exists; press enter again to replace it" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "mine\n"
        form.query_one("#file", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not form
        assert target.read_text(encoding="utf-8") == cli(demo_db, "report", "week", "-f", "md")


async def test_export_defaults_to_an_html_file_named_for_the_period(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        await pilot.press("x")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#file", Input).value == str(tmp_path / "sam-week-2026-W48.html")
        form.query_one("#format", Input).value = "json"  # the name follows the format
        await settle(pilot)
        assert form.query_one("#file", Input).value == str(tmp_path / "sam-week-2026-W48.json")
        form.query_one("#file", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert json.loads((tmp_path / "sam-week-2026-W48.json").read_text())["report"] == "week"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("folder", "that is a folder: add a file name to write to Check file"),
        ("missing/week.html", "/missing Check file"),
        ("locked/week.html", "cannot write"),
    ],
)
async def test_export_errors_are_one_clear_line(
    demo_db: Path, tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "locked").mkdir()
    path = tmp_path / where
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        with read_only(tmp_path / "locked"):
            await export(pilot, path)
        form = " ".join(line.strip(" │") for line in screen_text(app).splitlines())
        assert message in form
        assert not path.is_file()
        assert app.screen.query_one("#file", Input)  # the form stays open to fix it


async def test_palette_export_goes_to_the_reports_screen(demo_db: Path) -> None:
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app: SamApp = pilot.app
        await settle(pilot)
        await app.run_action("export_report")
        await settle(pilot)
        assert app.current_mode == "reports"
        await app.run_action("export_report")
        await settle(pilot)
        assert "Export the week report for 2026-W48" in screen_text(app)


# --- user text ------------------------------------------------------------------------------


async def test_names_in_the_report_are_shown_literally(demo_db: Path) -> None:
    evil = "[/]Evil [bold]Co \x1b[31mRed"
    conn = db.connect(demo_db)
    try:
        accounts.add(conn, accounts.AccountInput(name=evil, tier=Tier.KEY))
        interactions.log(
            conn,
            account_ref=evil,
            summary="call",
            channel=Channel.CALL,
            occurred_at=datetime.fromisoformat("2026-11-25T10:00").astimezone(),
        )
    finally:
        conn.close()
    async with SamApp(demo_db, watch=False).run_test(size=(160, 200)) as pilot:
        app = await open_reports(pilot)
        text = screen_text(app)
        assert "[/]Evil [bold]Co ^[[31mRed" in text
        assert "\x1b" not in text


async def test_every_kind_of_report_is_offered_the_same_way(demo_db: Path) -> None:
    """Kinds come from KINDS alone: each gets its name in the bar, its periods, its report."""
    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        for name in ("Week", "Month", "Quarter", "Year"):
            assert name in bar(app)
        await pilot.press("k")
        await settle(pilot)
        assert "2026-11" in bar(app) and "1–30 Nov 2026 · this month" in bar(app)
        assert "Month report · 2026-11" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "2026-10" in bar(app)
        await pilot.press("p")
        await type_text(pilot, "2026-W40")
        await pilot.press("enter")
        await settle(pilot)
        assert "'2026-W40' is a week; the month report takes a month" in screen_text(app)
        await pilot.press("escape")
        # the bar answers the mouse too; a past period keeps its place: the week where
        # the month on screen starts, then the month that week starts in
        await pilot.click("#report-bar", offset=(bar(app).index("Week"), 0))
        await settle(pilot)
        assert "2026-W40" in bar(app) and "Week report · 2026-W40" in screen_text(app)
        await pilot.click("#report-bar", offset=(bar(app).index("Month"), 0))
        await settle(pilot)
        assert "2026-09" in bar(app)  # W40 starts on 28 Sep
        await pilot.click("#report-bar", offset=(bar(app).index("▶"), 0))
        await settle(pilot)
        assert "2026-10" in bar(app) and "Month report · 2026-10" in screen_text(app)
        await pilot.click("#report-bar", offset=(bar(app).index("◀"), 0))
        await settle(pilot)
        assert "2026-09" in bar(app)
        for label, title in (("2026-Q3", "Quarter"), ("2026 ", "Year"), ("2026-W48", "Week")):
            await pilot.press("k")
            await settle(pilot)
            assert label in bar(app), bar(app)
            assert f"{title} report · {label.strip()}" in screen_text(app)


async def test_a_report_that_cannot_be_built_says_why(demo_db: Path) -> None:
    import sqlite3

    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        conn = sqlite3.connect(demo_db)
        try:
            conn.execute("DROP TABLE interaction")
            conn.commit()
        finally:
            conn.close()
        app.data_changed()
        await settle(pilot)
        text = screen_text(app)
        assert "The report could not be built" in text and "building" not in text
        await pilot.press("x")
        await settle(pilot)
        assert "still being built" in " ".join(messages(app))


async def test_four_kinds_and_building_fit_80_columns(demo_db: Path) -> None:
    from textual.widgets import Static

    async with SamApp(demo_db, watch=False).run_test(size=(80, 24)) as pilot:
        app = await open_reports(pilot)
        screen = app.screen
        screen.reload()  # type: ignore[attr-defined]
        shown = screen.query_one("#report-bar", Static).content
        assert isinstance(shown, Text)
        assert shown.cell_len <= 80, shown.plain
        assert "Year" in shown.plain and "2026-W48" in shown.plain
        assert shown.plain.endswith("building…")
        await settle(pilot)
        assert "building" not in bar(app) and "Week report · 2026-W48" in screen_text(app)
