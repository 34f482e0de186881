"""`sam report ...` and `sam week`: the period reports, printed or written to a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli.options import group
from sam_tui.cli.output import say
from sam_tui.cli.state import conn
from sam_tui.domain.text import one_line
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
        help="Which week: 2026-W47, this, last, or a date in it (2026-11-20, monday). "
        "Default: the current one.",
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


def _bold_headings() -> bool:
    """Bold on a colour terminal only: files, pipes and printers get plain text."""
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") not in ("", "dumb")
    )


def _bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"


def run_report(
    ctx: typer.Context,
    name: str,
    period: str | None,
    fmt: Format | None,
    output: Path | None,
    force: bool,
) -> None:
    """Build the report once, render it in one format, print it or write it atomically."""
    from sam_tui.interop.files import check_target, write_text
    from sam_tui.reports.base import build, resolve_period
    from sam_tui.reports.kinds import KINDS
    from sam_tui.reports.render import EXTENSIONS, render
    from sam_tui.services.periods import fiscal_start

    kind = KINDS[name]
    if output is not None:
        output = check_target(output, force=force)  # before any work: fail fast, write nothing
    chosen = fmt or (EXTENSIONS.get(output.suffix.lower()) if output else None) or Format.TEXT
    connection = conn(ctx)
    which = resolve_period(kind.period_kind, period, clock.today(), fiscal_start(connection))
    report = build(kind, connection, which)
    if output is not None:
        written = write_text(output, render(report, chosen), force=force)
        shown = one_line(str(written))
        say(f"Wrote the {name} report for {which.label} ({chosen.value}) to {shown}")
        return
    if chosen is Format.TEXT and _bold_headings():
        from sam_tui.reports.render import text

        sys.stdout.write(text.render(report, emphasis=_bold))
        return
    sys.stdout.write(render(report, chosen))


@app.command("week")
def week(
    ctx: typer.Context,
    period: PeriodOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The week in review: touches, follow-ups, complaints, deals and forecast, objectives,
    requests to our teams, health, next week's agenda."""
    run_report(ctx, "week", period, fmt, output, force)


MonthPeriodOpt = Annotated[
    str | None,
    _period_option("month: 2026-11, this, last, or a date in it (2026-11-20)"),
]
QuarterPeriodOpt = Annotated[
    str | None,
    _period_option(
        "fiscal quarter: 2026-Q4, this, last, or a date in it (2026-11-20); fiscal years "
        "follow the fiscal-year-start setting and are named by the year they end in"
    ),
]
YearPeriodOpt = Annotated[
    str | None,
    _period_option(
        "fiscal year: 2026, this, last, or a date in it (2026-11-20); named by the calendar "
        "year it ends in"
    ),
]


@app.command("month")
def month(
    ctx: typer.Context,
    period: MonthPeriodOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The month in review against the month before, ready for your boss.

    Highlights and risks, quota and forecast, deals won, lost and moved, objectives, \
the metrics against the previous month, portfolio health and movers, top accounts and \
activity, complaints and SLA, prospects.

    Examples: sam report month; sam report month --period last --format html -o nov.html
    """
    run_report(ctx, "month", period, fmt, output, force)


@app.command("quarter")
def quarter(
    ctx: typer.Context,
    period: QuarterPeriodOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The fiscal quarter in review against the quarter before, ready for your boss.

    Highlights and risks, quota and forecast, deals won, lost and moved, objectives, \
the metrics against the previous quarter, portfolio health and movers, top accounts and \
activity, complaints and SLA, prospects.

    Examples: sam report quarter; sam report quarter --period 2026-Q3 --format md
    """
    run_report(ctx, "quarter", period, fmt, output, force)


@app.command("year")
def year(
    ctx: typer.Context,
    period: YearPeriodOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The fiscal year in review against the year before, ready for your boss.

    Highlights and risks, quota and forecast, deals won, lost and moved, objectives, \
the metrics against the previous year, portfolio health and movers, top accounts and \
activity, complaints and SLA, prospects.

    Examples: sam report year; sam report year --period 2025 --output fy2025.html
    """
    run_report(ctx, "year", period, fmt, output, force)
