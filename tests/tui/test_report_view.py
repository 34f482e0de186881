"""The cockpit's report rendering: bars to an eighth, odd values, widths, every block."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from rich.console import Console

from sam_tui.domain.periods import PeriodKind, parse_period
from sam_tui.reports.model import (
    BarChart,
    Bullets,
    Column,
    Figure,
    KeyFigures,
    LineChart,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
    Tone,
    ValueType,
)
from sam_tui.tui.report_view import EIGHTHS, bar, bar_lines, line_lines, render_report

EVIL = "[/]Evil [bold]Co \x1b[31mRed"


def bars(chart: BarChart, columns: int = 80) -> list[str]:
    return [line.plain for line in bar_lines(chart, columns)]


def bar_cells(line: str) -> float:
    """How long the bar in a chart line is, in cells (eighths counted)."""
    whole = line.count("█")
    part = next((EIGHTHS.index(ch) for ch in line if ch in EIGHTHS[1:-1]), 0)
    return whole + part / 8


def chart(*values: float, labels: tuple[str, ...] = (), **fields: object) -> BarChart:
    cats = labels or tuple(f"c{i}" for i in range(len(values)))
    return BarChart("k", "Chart", cats, (Series("n", tuple(values)),), **fields)  # type: ignore[arg-type]


def test_bar_is_drawn_to_an_eighth_of_a_cell() -> None:
    assert bar(4, 8, 10) == "█████"
    assert bar(1, 8, 10) == "█▎"  # 1.25 cells
    assert bar(8, 8, 10) == "█" * 10
    assert bar(0.001, 8, 10) == "▏"  # above zero never vanishes
    assert bar(0, 8, 10) == ""
    assert bar(3, 0, 10) == ""


def test_bar_lengths_are_proportional_to_the_values() -> None:
    lines = bars(chart(1, 2, 4, 3))[1:]
    lengths = [bar_cells(line) for line in lines]
    top = lengths[2]
    for length, value in zip(lengths, (1, 2, 4, 3), strict=True):
        assert abs(length - top * value / 4) <= 1 / 8
    assert [line.split()[-1] for line in lines] == ["1", "2", "4", "3"]


def test_zero_and_all_zero_values_draw_no_bar_but_show_the_value() -> None:
    lines = bars(chart(0, 5))[1:]
    assert bar_cells(lines[0]) == 0 and lines[0].split() == ["c0", "0"]
    lines = bars(chart(0, 0, 0))[1:]
    assert all(line.split()[-1] == "0" and "█" not in line for line in lines)


def test_a_negative_value_is_a_shaded_bar_with_its_sign() -> None:
    lines = bars(chart(-2, 4))[1:]
    assert "░" in lines[0] and "█" not in lines[0]
    assert lines[0].split()[-1] == "-2"
    assert lines[0].count("░") == pytest.approx(bar_cells(lines[1]) / 2, abs=1)


def test_long_labels_are_cut_with_an_ellipsis() -> None:
    long = "Consolidated Intercontinental Holdings of Somewhere"
    lines = bars(chart(1, 2, labels=(long, "short")))[1:]
    assert "…" in lines[0] and long not in lines[0]
    assert lines[1].split()[0] == "short"


@pytest.mark.parametrize("columns", [30, 40, 60, 80, 120, 200])
def test_every_chart_line_fits_the_width(columns: int) -> None:
    long = "A category with a very long name indeed"
    charts = [
        chart(1, 1_000_000, 3, labels=(long, "b", "c"), type=ValueType.MONEY),
        BarChart(
            "s",
            "Stacked " * 20,
            ("strategic", "key", long),
            (
                Series("green", (3, 8, 9), Tone.GOOD),
                Series("amber", (2, 3, 0), Tone.WARN),
                Series("red", (0, 1, 12), Tone.BAD),
            ),
            stacked=True,
        ),
        BarChart("m", "Two series", ("a", "b"), (Series("won", (2, 5)), Series("lost", (1, 0)))),
    ]
    for c in charts:
        for line in bar_lines(c, columns):
            assert line.cell_len <= columns, (columns, line.plain)
    weekly = LineChart(
        "l", "Per week", tuple(f"W{n}" for n in range(1, 53)), (Series("t", tuple(range(52))),)
    )
    for line in line_lines(weekly, columns):
        assert line.cell_len <= columns, (columns, line.plain)


def test_a_line_chart_has_its_scale_and_ends() -> None:
    c = LineChart(
        "l", "Touches per week", ("W45", "W46", "W47", "W48"), (Series("t", (1, 3, 0, 5)),)
    )
    lines = [line.plain for line in line_lines(c, 80)]
    assert lines[0] == "Touches per week"
    assert lines[1].split()[0] == "5" and lines[6].split()[0] == "0"
    assert lines[7].split() == ["W45", "W48"]
    assert lines[8].strip() == "latest 5 · high 5 (W48) · low 0 (W47)"
    # the highest bar is full height, the zero one only marked on the base line
    columns = [line.split("│", 1)[1] for line in lines[1:7]]
    assert all(row[12] == "█" for row in columns)
    assert [row[8] for row in columns] == [" "] * 5 + ["_"]


def test_a_line_chart_too_long_for_the_width_keeps_the_latest_points() -> None:
    c = LineChart("l", "t", tuple(f"W{n}" for n in range(100)), (Series("t", tuple(range(100))),))
    lines = [line.plain for line in line_lines(c, 40)]
    assert lines[-2].split()[-1] == "W99"
    assert "latest 99" in lines[-1]


def test_an_all_zero_line_chart_draws_a_base_line() -> None:
    c = LineChart("l", "t", ("a", "b"), (Series("t", (0, 0)),))
    lines = [line.plain for line in line_lines(c, 40)]
    assert lines[6].rstrip().endswith("│___ ___")


def report() -> Report:
    period = parse_period("2026-W48")
    assert period.kind is PeriodKind.WEEK
    figures = (
        Figure("t", "Touches logged", 5, previous=3, trend=(1, 2, 5)),
        Figure("r", "Renewals", 1_650_000_00, ValueType.MONEY, note=EVIL),
    )
    blocks = (
        KeyFigures("kf", figures, title="Key " + EVIL),
        Table(
            "t",
            "Touches by account",
            (
                Column("account", "Account"),
                Column("n", "Touches", ValueType.NUMBER),
                Column("value", "Value", ValueType.MONEY),
                Column("last", "Last", ValueType.DATE),
                Column("share", "Share", ValueType.PERCENT, optional=True),
            ),
            ((EVIL, 3, 120_000_00, date(2026, 11, 25), 0.5), ("Globex", 1, None, None, 0.25)),
            show=1,
            more="accounts",
        ),
        Table("e", "Empty", (Column("a", "A"),), (), empty="Nothing " + EVIL),
        Bullets("b", (EVIL, "second"), title="Risks"),
        Paragraph("p", "A paragraph about " + EVIL),
        chart(1, 2, labels=(EVIL, "x")),
        LineChart("l", "Line", ("a", "b", "c"), (Series(EVIL, (1, 2, 3)), Series("y", (3, 2, 1)))),
    )
    moment = datetime(2026, 11, 26, 9, tzinfo=UTC)
    return Report(
        "week",
        "Week report",
        period,
        period.previous(),
        moment,
        moment,
        (Section("s", "Section " + EVIL, blocks, figures, note="note " + EVIL),),
    )


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_every_block_renders_with_user_text_literal(columns: int) -> None:
    console = Console(width=columns, record=True, color_system=None, legacy_windows=False)
    console.print(render_report(report()))
    out = console.export_text()
    assert "Week report · 2026-W48 · 23–29 Nov 2026" in out
    assert "[/]Evil [bold]Co ^[[31mRed" in out
    assert "\x1b" not in out
    assert "Section [/]Evil" in out and "Key [/]Evil" in out and "Nothing [/]Evil" in out
    assert "… and 1 more account" in out
    assert "1.65M" in out and "+2" in out  # money compact, change
    assert all(len(line) <= columns for line in out.splitlines())
    # the optional column is left out only when the table does not fit
    assert ("Share" in out) is (columns >= 80)
