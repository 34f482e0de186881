"""`sam report ...` and `sam week`: the period reports' options (``cli.reporting`` builds and
prints or writes them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from sam_tui.cli import reporting
from sam_tui.cli.options import group
from sam_tui.cli.state import state
from sam_tui.reports.render import Format

app = group(
    "Reports to review a period and brief your boss, as text (80 columns, prints "
    "cleanly), md, a self-contained html file with charts, or json."
)


def _period_option(examples: str) -> Any:
    return typer.Option(
        "--period",
        "-p",
        help=f"Which {examples}. Default: the current one.",
    )


PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Which week: 2026-W47, this, last, next (also 'last week'), or a date in it "
        "(2026-11-20, monday). Default: the current one.",
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="text, md, html or json. Default: from the --output name's ending, else text.",
        case_sensitive=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of printing (an existing file needs --force).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]


def _report_command(name: str, period_option: Any, doc: str) -> Callable[..., None]:
    """`sam report NAME`: the same options for every kind of period, but the period's help."""

    def command(
        ctx: typer.Context,
        period: str | None = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
    ) -> None:
        reporting.run_report(state(ctx), name, period, fmt, output, force)

    command.__annotations__["period"] = period_option
    command.__name__ = command.__qualname__ = name
    command.__doc__ = doc
    app.command(name)(command)
    return command


def _review(period: str, kind: str, examples: str) -> str:
    return (
        f"The {period} in review against the {kind} before, ready for your boss.\n\n"
        "Highlights and risks, quota and forecast, deals won, lost and moved, objectives, "
        f"the metrics against the previous {kind}, portfolio health and movers, top accounts "
        "and activity, complaints and SLA, prospects.\n\n"
        f"Examples: {examples}"
    )


MonthPeriodOpt = Annotated[
    str | None,
    _period_option(
        "month: 2026-11, this, last, next (also 'last month'), or a date in it (2026-11-20)"
    ),
]
QuarterPeriodOpt = Annotated[
    str | None,
    _period_option(
        "fiscal quarter: 2026-Q4, this, last, next (also 'last quarter'), or a date in it "
        "(2026-11-20); fiscal years "
        "follow the fiscal-year-start setting and are named by the year they end in"
    ),
]
YearPeriodOpt = Annotated[
    str | None,
    _period_option(
        "fiscal year: 2026, this, last, next (also 'last year'), or a date in it "
        "(2026-11-20); named by the calendar "
        "year it ends in"
    ),
]

# `sam week` is this same `week` (cli.main)
week = _report_command(
    "week",
    PeriodOpt,
    "The week in review: touches, follow-ups, complaints, deals and forecast, objectives, "
    "requests to our teams, health, next week's agenda.",
)
month = _report_command(
    "month",
    MonthPeriodOpt,
    _review(
        "month",
        "month",
        "sam report month; sam report month --period last --format html -o nov.html",
    ),
)
quarter = _report_command(
    "quarter",
    QuarterPeriodOpt,
    _review(
        "fiscal quarter",
        "quarter",
        "sam report quarter; sam report quarter --period 2026-Q3 --format md",
    ),
)
year = _report_command(
    "year",
    YearPeriodOpt,
    _review(
        "fiscal year", "year", "sam report year; sam report year --period 2025 --output fy2025.html"
    ),
)
