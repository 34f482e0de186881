"""`sam idea ...`: solutions you suggest to a client's needs, promotable to a deal."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import completion as complete
from sam_tui.cli import parsing
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import AccountArg, JsonOpt, NoPagerOpt, OnlyAccountOpt, WideOpt, group
from sam_tui.cli.output import day, picked, say, short_day
from sam_tui.cli.state import conn
from sam_tui.cli.table import DAY, Cell, Column, Span, id_column, name_column, print_list, widest
from sam_tui.domain.enums import DealStage, IdeaStatus, choose
from sam_tui.domain.money import format_money
from sam_tui.domain.text import one_line

app = group(
    "Ideas for a client: add, list, set the status (proposed, discussed, accepted, "
    "rejected), promote to a deal."
)

IdArg = Annotated[
    str, typer.Argument(help="Idea ID (as shown by list).", autocompletion=complete.idea_ids)
]


@app.command("add")
def add(
    ctx: typer.Context,
    account: AccountArg,
    text: Annotated[list[str], typer.Argument(help="The idea in a line (rest of the line).")],
    detail: Annotated[str | None, typer.Option(help="More about it: the need, the fit.")] = None,
) -> None:
    """Record an idea for a client (status proposed)."""
    from sam_tui.services import ideas

    i = ideas.add(conn(ctx), account_ref=account, title=" ".join(text), detail=detail)
    say(f"Idea #{i.id} for {one_line(i.account_name)}: {one_line(i.title)}")


def idea_json(i: Any) -> dict[str, Any]:
    return picked(
        i, "id account_id account=account_name title detail status deal_id created_at updated_at"
    )


LIST_COLUMNS = (
    id_column(),
    Column("Added", min_width=DAY, drop=1),
    Column("Status", min_width=widest(IdeaStatus)),
    name_column("Account"),
    Column("Idea", flex=True, wrap=True, min_width=16),
)


@app.command("list")
def list_(
    ctx: typer.Context,
    account: OnlyAccountOpt = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only this status: proposed, discussed, accepted, rejected, converted."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include rejected and converted ones.")
    ] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List ideas, newest first (proposed, discussed and accepted unless asked).

    On a narrow terminal Added gives way first and the text wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import ideas

    wanted = choose(IdeaStatus, status, "status") if status is not None else None
    rows = ideas.list_ideas(conn(ctx), account_ref=account, status=wanted, include_closed=all_)
    empty = 'No ideas. Add one: sam idea add ACCOUNT "Consolidate their three contracts"'
    if json_or_none(rows, as_json, idea_json, empty):
        return
    today = clock.today()

    def row(i: Any) -> tuple[Cell, ...]:
        idea: Cell = i.title
        if i.deal_id is not None:
            idea = (Span(i.title), Span(f" → deal #{i.deal_id}", "dim"))
        return (
            str(i.id),
            short_day(i.created_at.astimezone().date(), today),
            i.status.value,
            i.account_name,
            idea,
        )

    ids = max(i.id for i in rows)
    print_list(LIST_COLUMNS, map(row, rows), no_pager=no_pager, wide=wide, ids=ids)


@app.command("set")
def set_(
    ctx: typer.Context,
    idea_id: IdArg,
    status: Annotated[
        str, typer.Argument(help="proposed, discussed, accepted or rejected (a prefix is enough).")
    ],
) -> None:
    """Change an idea's status (promote makes it converted)."""
    from sam_tui.services import ideas

    i = ideas.set_status(
        conn(ctx), parsing.record_id(idea_id, "idea"), choose(IdeaStatus, status, "status")
    )
    say(f"Idea #{i.id} for {one_line(i.account_name)} is now {i.status.value}")


@app.command("promote")
def promote(
    ctx: typer.Context,
    idea_id: IdArg,
    amount: Annotated[str, typer.Option(help="Deal amount: 50000, 50k, 1.2m.")],
    name: Annotated[str | None, typer.Option(help="Deal name (default: the idea).")] = None,
    close: Annotated[
        str | None, typer.Option(help="Expected close date: eoq, Mar 31, +60d.")
    ] = None,
    stage: Annotated[
        str,
        typer.Option(help="Starting stage: prospecting, qualification, proposal, negotiation."),
    ] = DealStage.PROSPECTING.value,
) -> None:
    """Turn an idea into an expansion deal, linked to it."""
    from sam_tui.services import ideas

    p = ideas.promote(
        conn(ctx),
        parsing.record_id(idea_id, "idea"),
        ideas.DealTerms(
            amount_cents=parsing.amount(amount, db=conn(ctx)),
            name=name,
            expected_close=parsing.due(close) if close is not None else None,
            stage=choose(DealStage, stage, "stage"),
        ),
    )
    closes = f", closes {day(p.expected_close)}" if p.expected_close else ""
    say(
        f"Promoted idea #{p.idea.id} to deal #{p.deal_id} {one_line(p.deal_name)} for "
        f"{one_line(p.idea.account_name)}: {format_money(p.amount_cents)}, "
        f"{p.stage.value}{closes}"
    )
