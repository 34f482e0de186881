"""A period report built, then printed or written to a file; without Typer, which `sam report
KIND [--format F]` skips (``cli.reports`` and ``cli.team`` hold the commands' options)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sam_tui import clock
from sam_tui.cli import collector
from sam_tui.cli.output import say
from sam_tui.domain.text import one_line
from sam_tui.reports.render import Format

if TYPE_CHECKING:
    from sam_tui.cli.state import State
    from sam_tui.reports.model import Report


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
    state: State,
    name: str,
    period: str | None,
    fmt: Format | None,
    output: Path | None,
    force: bool,
) -> None:
    """Build the report once, render it in one format, print it or write it atomically."""
    output, chosen = target_and_format(fmt, output, force)
    with collector.paused():
        # all imported before a large book's helper starts: it is this process forked
        # (``reports.apart``), before the book is open here, and starts with them
        from sam_tui.reports.apart import helper_for
        from sam_tui.reports.base import build, resolve_period
        from sam_tui.reports.kinds import KINDS
        from sam_tui.reports.render import renderer
        from sam_tui.services.periods import fiscal_start

        renderer(chosen)
        with helper_for(state.db_path, chosen) as helper:
            connection = state.conn()
            kind = KINDS[name]
            start = fiscal_start(connection)
            which = resolve_period(kind.period_kind, period, clock.today(), start)
            report = build(kind, connection, which, helper=helper)
            written = helper.written(report) if helper is not None else None
        deliver(report, name, chosen, output, force, written)


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


def deliver(
    report: Report,
    name: str,
    chosen: Format,
    output: Path | None,
    force: bool,
    written: Mapping[str, list[str]] | None = None,
) -> None:
    """Print the report, or write it atomically to ``output`` and say so. ``written``:
    sections laid out already, by ``render.blocks`` (see ``render.render``)."""
    from sam_tui.interop.files import write_text
    from sam_tui.reports.render import render

    if output is not None:
        path = write_text(output, render(report, chosen, written), force=force)
        shown = one_line(str(path))
        say(f"Wrote the {name} report for {report.period.label} ({chosen.value}) to {shown}")
        return
    if chosen is Format.TEXT and _bold_headings():
        from sam_tui.reports.render import text

        sys.stdout.write(text.render(report, emphasis=_bold, written=written))
        return
    sys.stdout.write(render(report, chosen, written))
