"""`sam complaint ...`: client complaints against their SLA clock."""

from __future__ import annotations

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
from sam_tui.cli.output import console, emit_json, literal, moment, picked, say, short_day
from sam_tui.cli.state import conn
from sam_tui.cli.table import Cell, Column, Span, id_column, name_column, print_list, widest
from sam_tui.domain.enums import ComplaintStatus, Severity
from sam_tui.domain.sla import describe_remaining
from sam_tui.domain.text import one_line

app = group("Complaints against their SLA clock: open, update, resolve, list, show.")

IdArg = Annotated[
    str,
    typer.Argument(
        help="Complaint ID (as shown by list or today).", autocompletion=complete.complaint_ids
    ),
]
TextArg = Annotated[list[str], typer.Argument(help="The text (rest of the line).")]
NoteArg = Annotated[
    list[str] | None,
    typer.Argument(help="The text (rest of the line; or -e).", show_default=False),
]
EditOpt = Annotated[bool, typer.Option("--edit", "-e", help="Write the text in $VISUAL / $EDITOR.")]


def _sla_text(c: Any) -> str:
    if not c.is_open:
        return f"resolved {moment(c.resolved_at)}"
    return describe_remaining(c.sla(clock.now()).remaining)


@app.command("open")
def open_(
    ctx: typer.Context,
    account: AccountArg,
    text: TextArg,
    severity: Annotated[
        Severity,
        typer.Option(help="SLA to resolve: critical 1 day, high 3, medium 7, low 14."),
    ] = Severity.MEDIUM,
    team: Annotated[str | None, typer.Option(help="Internal team that owns the fix.")] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with", "-w", help="Contact who raised it.", autocompletion=complete.contact
        ),
    ] = None,
    when: Annotated[str | None, WhenOpt] = None,
) -> None:
    """Open a complaint; its SLA deadline comes from the severity, counted from when it was raised (--when backdates it)."""  # noqa: E501
    from sam_tui.services import complaints

    c = complaints.open_complaint(
        conn(ctx),
        account_ref=account,
        title=" ".join(text),
        severity=severity,
        team=team,
        contact_ref=with_,
        at=parsing.when(when) if when is not None else None,
    )
    say(
        f"Opened complaint #{c.id} ({c.severity.value}) for {one_line(c.account_name)}; "
        f"SLA due {moment(c.sla_due_at)}"
    )


@app.command("update")
def update(
    ctx: typer.Context,
    complaint_id: IdArg,
    text: NoteArg = None,
    status: Annotated[
        ComplaintStatus | None,
        typer.Option(help="Move to open, in-progress or waiting-customer."),
    ] = None,
    edit: EditOpt = False,
    when: Annotated[str | None, WhenOpt] = None,
) -> None:
    """Add an update (the first one counts as the first response, at the time given with --when)."""  # noqa: E501
    from sam_tui.cli.editor import note_or_edit
    from sam_tui.services import complaints

    before_first = complaints.get(conn(ctx), parsing.record_id(complaint_id, "complaint"))
    note = note_or_edit(
        text, edit, f"An update on complaint #{before_first.id}: {one_line(before_first.title)}"
    )
    at = parsing.when(when) if when is not None else None
    c = complaints.add_update(conn(ctx), before_first.id, note, status=status, at=at)
    first = " (first response)" if before_first.first_response_at is None else ""
    say(f"Updated complaint #{c.id}{first}: {c.status.value}, {_sla_text(c)}")


@app.command("resolve")
def resolve(
    ctx: typer.Context,
    complaint_id: IdArg,
    text: NoteArg = None,
    edit: EditOpt = False,
    when: Annotated[str | None, WhenOpt] = None,
) -> None:
    """Resolve a complaint with what was done (--when: when it was, for the SLA figures)."""
    from sam_tui.cli.editor import note_or_edit
    from sam_tui.services import complaints

    ident = parsing.record_id(complaint_id, "complaint")
    note = note_or_edit(text, edit, f"How complaint #{ident} was resolved")
    at = parsing.when(when) if when is not None else None
    c = complaints.resolve(conn(ctx), ident, note, at=at)
    on_time = c.resolved_at is not None and c.resolved_at <= c.sla_due_at
    say(
        f"Resolved complaint #{c.id} for {one_line(c.account_name)} "
        f"({'within' if on_time else 'after'} SLA)"
    )


def complaint_json(c: Any, requests: Any = ()) -> dict[str, Any]:
    """``requests``: the internal requests raised for it (services.requests.for_complaint)."""
    return {
        **picked(
            c,
            "id account_id account=account_name contact=contact_name title severity status team "
            "opened_at sla_due_at first_response_at resolved_at resolution",
        ),
        "breached": c.is_open and c.sla(clock.now()).breached,
        "updates": [picked(u, "at text status") for u in c.updates],
        "requests": [picked(r, "id team ask due=due_date status") for r in requests],
    }


LIST_COLUMNS = (
    id_column(),
    Column("Severity", min_width=widest(Severity), drop=1),
    Column("Status", min_width=widest(ComplaintStatus), drop=2),
    Column("SLA"),
    name_column("Account"),
    Column("Complaint", flex=True, wrap=True, min_width=16),
)


@app.command("list")
def list_(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only unresolved ones.")] = False,
    account: OnlyAccountOpt = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List complaints: open ones by time left to SLA, then resolved ones.

    On a narrow terminal Status, then Severity give way, whole, and the text wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import complaints, requests

    rows = complaints.list_complaints(conn(ctx), open_only=open_only, account_ref=account)

    def in_full(c: Any) -> dict[str, Any]:
        return complaint_json(
            complaints.get(conn(ctx), c.id), requests.for_complaint(conn(ctx), c.id)
        )

    empty = "No open complaints." if open_only else "No complaints."
    if json_or_none(rows, as_json, in_full, empty):
        return
    now = clock.now()

    def row(c: Any) -> tuple[Cell, ...]:
        breached = c.is_open and c.sla(now).breached
        return (
            str(c.id),
            c.severity.value,
            c.status.value,
            Span(_sla_text(c), "bold red" if breached else "dim" if not c.is_open else ""),
            c.account_name,
            c.title,
        )

    ids = max(c.id for c in rows)
    print_list(LIST_COLUMNS, map(row, rows), no_pager=no_pager, gap=2, wide=wide, ids=ids)


@app.command("show")
def show(
    ctx: typer.Context,
    complaint_id: IdArg,
    as_json: JsonOpt = False,
) -> None:
    """One complaint with its updates and the internal requests raised for it."""
    from rich.text import Text

    from sam_tui.services import complaints, requests

    c = complaints.get(conn(ctx), parsing.record_id(complaint_id, "complaint"))
    raised = requests.for_complaint(conn(ctx), c.id)
    if as_json:
        emit_json(complaint_json(c, raised))
        return
    out = console()
    out.print(Text.assemble(f"Complaint #{c.id} ", literal(c.title, "bold")))
    team = f" · team {one_line(c.team)}" if c.team else ""
    out.print(
        Text.assemble(
            literal(c.account_name),
            f" · {c.severity.value} · {c.status.value}{team}",
        )
    )
    out.print(Text(f"Opened {moment(c.opened_at)}; SLA due {moment(c.sla_due_at)}: {_sla_text(c)}"))
    first = moment(c.first_response_at) if c.first_response_at else "none yet"
    out.print(Text(f"First response: {first}"))
    for u in c.updates:
        moved = f" [{u.status.value}]" if u.status else ""
        out.print(Text.assemble(f"  {moment(u.at)}{moved}  ", literal(u.text)))
    if c.resolution:
        out.print(Text.assemble("Resolution: ", literal(c.resolution)))
    if raised:
        out.print(Text("Requests raised for it:"))
    for r in raised:
        due = f", due {short_day(r.due_date)}" if r.due_date else ""
        said = Text.assemble(" (", literal(r.outcome), ")") if r.outcome else Text("")
        out.print(
            Text.assemble(
                f"  #{r.id} ",
                literal(r.team),
                f": {r.status.value}{due}  ",
                literal(r.ask),
                said,
            )
        )
