"""`sam report ...` and `sam week`: the period reports, printed or written to a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import collector
from sam_tui.cli.options import group
from sam_tui.cli.output import say
from sam_tui.cli.state import conn
from sam_tui.domain.text import one_line
from sam_tui.reports.render import Format

if TYPE_CHECKING:
    from sam_tui.reports.model import Report

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
    from sam_tui.reports.base import build, resolve_period
    from sam_tui.reports.kinds import KINDS
    from sam_tui.services.periods import fiscal_start

    kind = KINDS[name]
    output, chosen = target_and_format(fmt, output, force)
    connection = conn(ctx)
    which = resolve_period(kind.period_kind, period, clock.today(), fiscal_start(connection))
    with collector.paused():
        deliver(build(kind, connection, which), name, chosen, output, force)


def target_and_format(
    fmt: Format | None, output: Path | None, force: bool
) -> tuple[Path | None, Format]:
    """The --output file, checked before any work (fail fast, write nothing), and the
    format: --format, else the file's ending, else text."""
    from sam_tui.interop.files import check_target
    from sam_tui.reports.render import EXTENSIONS

    if output is not None:
        output = check_target(output, force=force)
    return output, fmt or (EXTENSIONS.get(output.suffix.lower()) if output else None) or Format.TEXT


def deliver(report: Report, name: str, chosen: Format, output: Path | None, force: bool) -> None:
    """Print the report, or write it atomically to ``output`` and say so."""
    from sam_tui.interop.files import write_text
    from sam_tui.reports.render import render

    if output is not None:
        written = write_text(output, render(report, chosen), force=force)
        shown = one_line(str(written))
        say(f"Wrote the {name} report for {report.period.label} ({chosen.value}) to {shown}")
        return
    if chosen is Format.TEXT and _bold_headings():
        from sam_tui.reports.render import text

        sys.stdout.write(text.render(report, emphasis=_bold))
        return
    sys.stdout.write(render(report, chosen))


def _report_command(name: str, period_option: Any, doc: str) -> Callable[..., None]:
    """`sam report NAME`: the same options for every kind of period, but the period's help."""

    def command(
        ctx: typer.Context,
        period: str | None = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
    ) -> None:
        run_report(ctx, name, period, fmt, output, force)

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
