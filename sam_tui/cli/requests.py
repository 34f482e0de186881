"""`sam request ...`: what you asked internal teams to do for a client, and what came of it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import completion as complete
from sam_tui.cli import parsing
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import (
    AccountArg,
    JsonOpt,
    NoPagerOpt,
    OnlyAccountOpt,
    WhenOpt,
    WideOpt,
    group,
)
from sam_tui.cli.output import day, emit_json, picked, say, short_day
from sam_tui.cli.state import conn
from sam_tui.cli.table import (
    DAY,
    Cell,
    Column,
    Output,
    Span,
    id_column,
    name_column,
    print_table,
    widest,
)
from sam_tui.domain.enums import RequestStatus
from sam_tui.domain.text import one_line

app = group(
    "Internal requests: what a team (finance, product, support...) owes a client. "
    "add, done, block, reopen, list, owed."
)

IdArg = Annotated[
    str,
    typer.Argument(
        help="Request ID (as shown by list or today).", autocompletion=complete.request_ids
    ),
]


def _where(r: Any) -> str:
    due = f", due {day(r.due_date)}" if r.due_date else ""
    return f"{one_line(r.team)} for {one_line(r.account_name)}{due}"


@app.command("add")
def add(
    ctx: typer.Context,
    account: AccountArg,
    team: Annotated[str, typer.Argument(help="The internal team asked: finance, product...")],
    text: Annotated[list[str], typer.Argument(help="What you asked (the rest of the line).")],
    due: Annotated[
        str | None, typer.Option("--due", "-d", help="When it is needed: friday, +3d, Dec 5.")
    ] = None,
    complaint: Annotated[
        str | None, typer.Option(help="The complaint it was raised for (its ID).")
    ] = None,
) -> None:
    """Record a request to an internal team on a client's behalf."""
    from sam_tui.services import requests

    needed = parsing.due(due) if due is not None else None
    for_complaint = parsing.record_id(complaint, "complaint") if complaint is not None else None
    r = requests.add(
        conn(ctx),
        account,
        requests.NewRequest(team=team, ask=" ".join(text), due=needed, complaint_id=for_complaint),
    )
    late = ", already overdue" if r.overdue(clock.today()) else ""
    linked = f" (complaint #{r.complaint_id})" if r.complaint_id else ""
    say(f"Request #{r.id} to {_where(r)}{late}{linked}: {one_line(r.ask)}")


@app.command("done")
def done(
    ctx: typer.Context,
    request_id: IdArg,
    outcome: Annotated[
        list[str] | None, typer.Argument(help="What came of it (optional, rest of the line).")
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", "-e", help="Write the outcome in $VISUAL / $EDITOR.")
    ] = False,
    when: Annotated[str | None, WhenOpt] = None,
) -> None:
    """Mark a request done, with its outcome (--when: the day it was, if not today)."""
    from sam_tui.services import requests

    text = " ".join(outcome) if outcome else None
    if edit:
        from sam_tui.cli.editor import note_or_edit

        text = note_or_edit(outcome, edit, f"What came of request #{request_id}")
    at = parsing.when(when) if when is not None else None
    r = requests.done(conn(ctx), parsing.record_id(request_id, "request"), text, at=at)
    said = f": {one_line(r.outcome)}" if r.outcome else ""
    say(f"Done: request #{r.id} ({one_line(r.team)} for {one_line(r.account_name)}){said}")


@app.command("block")
def block(
    ctx: typer.Context,
    request_id: IdArg,
    reason: Annotated[list[str], typer.Argument(help="Why it is stuck (rest of the line).")],
) -> None:
    """Mark a request blocked, with the reason (blocking again replaces it)."""
    from sam_tui.services import requests

    r = requests.block(conn(ctx), parsing.record_id(request_id, "request"), " ".join(reason))
    say(f"Blocked: request #{r.id} ({_where(r)}): {one_line(r.outcome or '')}")


@app.command("reopen")
def reopen(ctx: typer.Context, request_id: IdArg) -> None:
    """Reopen a done or blocked request."""
    from sam_tui.services import requests

    r = requests.reopen(conn(ctx), parsing.record_id(request_id, "request"))
    say(f"Reopened request #{r.id} ({_where(r)})")


def request_json(r: Any) -> dict[str, Any]:
    return {
        **picked(
            r,
            "id account_id account=account_name complaint_id team ask asked_at due=due_date "
            "status outcome done_at",
        ),
        "overdue": r.overdue(clock.today()),
    }


LIST_COLUMNS = (
    id_column(),
    Column("Due", min_width=DAY),
    Column("Status", min_width=widest(RequestStatus), drop=1),
    Column("Team", max_width=14, drop=2),
    name_column("Account"),
    Column("Request", flex=True, wrap=True, min_width=16),
)
# the same, under each team's heading (sam request owed)
TEAM_COLUMNS = tuple(c for c in LIST_COLUMNS if c.header != "Team")


def _row(r: Any, today: date, *, team: bool = True) -> tuple[Cell, ...]:
    ask: list[Span] = [Span(r.ask)]
    if r.outcome:
        ask.append(Span(f" ({'blocked: ' if r.is_open else '→ '}{r.outcome})", "dim"))
    if r.complaint_id:
        ask.append(Span(f" [complaint #{r.complaint_id}]", "dim"))
    cells: list[Cell] = [
        str(r.id),
        Span(short_day(r.due_date, today), "bold red" if r.overdue(today) else ""),
        Span(r.status.value, "yellow" if r.status.value == "blocked" else ""),
    ]
    if team:
        cells.append(r.team)
    return (*cells, r.account_name, tuple(ask))


@app.command("list")
def list_(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help="Only this team (any case).")] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only the ones still owed (open or blocked).")
    ] = False,
    account: OnlyAccountOpt = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List requests: those still owed by due date, then done ones.

    On a narrow terminal Team, then Status give way, whole, and the text wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import requests

    rows = requests.list_requests(conn(ctx), team=team, open_only=open_only, account_ref=account)
    empty = "No open requests." if open_only else "No requests."
    if json_or_none(rows, as_json, request_json, empty):
        return
    today = clock.today()
    with Output(paging=not no_pager) as out:
        lines = (_row(r, today) for r in rows)
        print_table(out, LIST_COLUMNS, lines, wide=wide, ids=max(r.id for r in rows))


@app.command("owed")
def owed(
    ctx: typer.Context,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """What each internal team owes your customers: open and blocked requests by team.

    On a narrow terminal Status gives way first and the text wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import requests

    teams = requests.owed_by_team(conn(ctx))
    if as_json:
        emit_json(
            [
                {
                    "team": t.team,
                    "overdue": t.overdue,
                    "blocked": t.blocked,
                    "requests": [request_json(r) for r in t.requests],
                }
                for t in teams
            ]
        )
        return
    if not teams:
        say("No team owes your customers anything right now.")
        return
    today = clock.today()
    with Output(paging=not no_pager) as out:
        for n, t in enumerate(teams):
            counts = [f"{len(t.requests)} owed"]
            if t.overdue:
                counts.append(f"{t.overdue} overdue")
            if t.blocked:
                counts.append(f"{t.blocked} blocked")
            if n:
                out.line()
            out.line(
                out.style(one_line(t.team), "bold") + out.style(f"  {', '.join(counts)}", "dim")
            )
            rows = (_row(r, today, team=False) for r in t.requests)
            widest = max(r.id for r in t.requests)
            print_table(out, TEAM_COLUMNS, rows, wide=wide, ids=widest)
