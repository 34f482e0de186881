"""`sam objective ...`: strategic objectives per account or portfolio, progress against time."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import parsing
from sam_tui.cli.figures import decimal_json, pct, plain, ratio_json
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import JsonOpt, NoPagerOpt, OnlyAccountOpt, WideOpt, group
from sam_tui.cli.output import console, day, emit_json, literal, moment, picked, say, short_day
from sam_tui.cli.state import conn
from sam_tui.cli.table import Cell, Column, Span, id_column, name_column, print_list
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.measures import HELP as MEASURES
from sam_tui.domain.objectives import parse_value
from sam_tui.domain.text import one_line

app = group(
    "Objectives for an account or the whole portfolio: add, progress, list, show, edit, "
    "close, reopen. Status from progress against elapsed time: achieved (target reached), "
    "missed (due date passed), on-track (progress >= 90% of the time elapsed, or not "
    "started), at-risk (>= 70%), off-track (below)."
)

IdArg = Annotated[str, typer.Argument(help="Objective ID (as shown by objective list).")]
STATUS_STYLE = {
    "achieved": "green",
    "on-track": "",
    "at-risk": "yellow",
    "off-track": "bold red",
    "missed": "red",
}


def _start(text: str) -> date:
    # a yearless start is its nearest occurrence, as a due date is: on 30 Nov "Dec 1" is
    # tomorrow, not a year ago (which silently counted a year of touches into it)
    return parsing.due(text)


def _of(o: Any) -> str:
    unit = f" {one_line(o.unit)}" if o.unit else ""
    return f"{plain(o.current)} of {plain(o.target)}{unit}"


def _owner(o: Any) -> str:
    return one_line(o.account_name) if o.account_name else "portfolio"


def objective_json(o: Any, *, with_progress: bool = False) -> dict[str, Any]:
    a = o.assessment
    doc: dict[str, Any] = {
        **picked(o, "id account_id account=account_name title"),
        "target": decimal_json(o.target),
        "current": decimal_json(o.current),
        "unit": o.unit,
        "measure": None if o.measure is None else o.measure.text,
        "start": o.start_date,
        "due": o.due_date,
        "closed": o.closed,
        "status": a.status.value,
        "progress": ratio_json(a.progress),
        "elapsed": ratio_json(a.elapsed),
        "reason": a.reason,
    }
    if with_progress:
        doc["history"] = [
            {"at": p.at, "value": decimal_json(p.value), "note": p.note} for p in o.progress
        ]
    return doc


@app.command("add")
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[ACCOUNT] TITLE",
            help=(
                "With one argument, the title of a portfolio-wide objective; with two, the "
                "account (name, prefix or #ID) then the title. Quote a title of several words."
            ),
        ),
    ],
    target: Annotated[str, typer.Option(help="Target value: 10, 2.5, 1200000.")],
    due: Annotated[str, typer.Option(help="Due date: Dec 31, eoq, 2027-03-31.")],
    unit: Annotated[
        str | None, typer.Option(help="What is counted: workshops, %, sites, k$.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Start date (default today): Jan 1, 2026-10-01.")
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(help=f"Track a figure from the book instead of typed progress: {MEASURES}."),
    ] = None,
) -> None:
    """Add an objective for an account, or for the whole portfolio.

    With --measure the objective tracks itself: its value is that figure over its own window (start to due date), for its account or the whole portfolio, e.g. --measure won:new,expansion for net new ARR.
    """  # noqa: E501
    from sam_tui.services import objectives

    if len(words) > 2:
        raise InvalidInput(
            "give at most two arguments, [ACCOUNT] and TITLE: quote a title of several words "
            '(sam objective add acme "Expand to 3 sites" --target 3 --due eoy)'
        )
    account, title = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    o = objectives.add(
        conn(ctx),
        objectives.NewObjective(
            title=title,
            target=parse_value(target, "the target"),
            due=parsing.due(due),
            start=_start(start) if start is not None else None,
            unit=unit,
            measure=measure,
        ),
        account_ref=account,
    )
    say(
        f"Objective #{o.id} for {_owner(o)}: {one_line(o.title)}, target {plain(o.target)}"
        f"{' ' + one_line(o.unit) if o.unit else ''} from {day(o.start_date, relative=False)} "
        f"to {day(o.due_date)}"
    )


# "-1" takes off: an argument, not an unknown option in Click's usage box
@app.command("progress", context_settings={"ignore_unknown_options": True})
def progress(
    ctx: typer.Context,
    objective_id: IdArg,
    value: Annotated[
        str,
        typer.Argument(
            help="The value reached (12), or +3 to add to it, -1 to take off."
        ),
    ],
    note: Annotated[str | None, typer.Option(help="What happened.")] = None,
) -> None:
    """Record progress on an objective."""
    from sam_tui.services import objectives

    o, before = objectives.record_progress(
        conn(ctx), parsing.record_id(objective_id, "objective"), value, note=note
    )
    say(
        f"Objective #{o.id} {one_line(o.title)}: {plain(before)} → {_of(o)} "
        f"({pct(o.assessment.progress)}): {o.status.value}"
    )


LIST_COLUMNS = (
    id_column(),
    name_column("For"),
    Column("Objective", flex=True, wrap=True, min_width=12),
    Column("Progress", max_width=18, wrap=True),
    Column("Due", drop=1),
    Column("Status"),
)


@app.command("list")
def list_(
    ctx: typer.Context,
    account: OnlyAccountOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="Include closed objectives.")] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List open objectives, soonest due first, with their status.

    On a narrow terminal Due gives way first and titles wrap; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import objectives

    rows = objectives.list_objectives(conn(ctx), account_ref=account, include_closed=all_)
    empty = (
        "No open objectives. Add one with: sam objective add [ACCOUNT] TITLE --target N --due DATE"
    )
    if json_or_none(rows, as_json, objective_json, empty):
        return

    today = clock.today()

    def row(o: Any) -> tuple[Cell, ...]:
        status = o.status.value + (" (closed)" if o.closed else "")
        return (
            str(o.id),
            _owner(o),
            o.title,
            f"{_of(o)} ({pct(o.assessment.progress)})",
            short_day(o.due_date, today),
            Span(status, STATUS_STYLE[o.status.value]),
        )

    ids = max(o.id for o in rows)
    print_list(LIST_COLUMNS, map(row, rows), no_pager=no_pager, gap=2, wide=wide, ids=ids)


@app.command("show")
def show(
    ctx: typer.Context,
    objective_id: IdArg,
    as_json: JsonOpt = False,
) -> None:
    """One objective with its status, the reason for it, and its progress history."""
    from rich.text import Text

    from sam_tui.services import objectives

    o = objectives.get(conn(ctx), parsing.record_id(objective_id, "objective"))
    if as_json:
        emit_json(objective_json(o, with_progress=True))
        return
    out = console()
    out.print(Text.assemble(f"Objective #{o.id} ", literal(o.title, "bold")))
    out.print(Text(f"For {_owner(o)} · {day(o.start_date, relative=False)} to {day(o.due_date)}"))
    closed = " (closed)" if o.closed else ""
    out.print(
        Text.assemble(
            literal(_of(o)),
            ": ",
            (o.status.value + closed, STATUS_STYLE[o.status.value]),
            ", ",
            literal(o.assessment.reason),
        )
    )
    if o.measure is not None:
        out.print(Text(f"Measured from the book: {o.measure.said}"))
        return
    if not o.progress:
        out.print(Text("No progress recorded yet.", style="dim"))
        return
    out.print(Text("Progress:", style="bold"))
    for p in o.progress:
        note = ("  ", literal(p.note)) if p.note else ()
        out.print(Text.assemble(f"  {moment(p.at)}  {plain(p.value)}", *note))


@app.command("edit")
def edit(
    ctx: typer.Context,
    objective_id: IdArg,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    target: Annotated[str | None, typer.Option(help="New target value.")] = None,
    unit: Annotated[str | None, typer.Option(help='New unit ("" clears it).')] = None,
    start: Annotated[str | None, typer.Option(help="New start date.")] = None,
    due: Annotated[str | None, typer.Option(help="New due date.")] = None,
) -> None:
    """Change an objective's title, target, unit or dates."""
    from sam_tui.services import objectives

    o = objectives.edit(
        conn(ctx),
        parsing.record_id(objective_id, "objective"),
        title=title,
        target=parse_value(target, "the target") if target is not None else None,
        unit=unit,
        start=_start(start) if start is not None else None,
        due=parsing.due(due) if due is not None else None,
    )
    say(f"Updated objective #{o.id} {one_line(o.title)}: {_of(o)}, {o.status.value}")


@app.command("close")
def close(ctx: typer.Context, objective_id: IdArg) -> None:
    """Close an objective: it leaves the list and triage (achieved, or missed for good)."""
    from sam_tui.services import objectives

    o = objectives.set_closed(conn(ctx), parsing.record_id(objective_id, "objective"), True)
    say(f"Closed objective #{o.id} {one_line(o.title)}: {_of(o)}, {o.status.value}")


@app.command("reopen")
def reopen(ctx: typer.Context, objective_id: IdArg) -> None:
    """Reopen a closed objective."""
    from sam_tui.services import objectives

    o = objectives.set_closed(conn(ctx), parsing.record_id(objective_id, "objective"), False)
    say(f"Reopened objective #{o.id} {one_line(o.title)}: {_of(o)}, {o.status.value}")
