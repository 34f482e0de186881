"""`sam prospect ...`: the next strategic customers, from identified to converted."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import parsing
from sam_tui.cli.accounts import IndustryOpt
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import JsonOpt, NoPagerOpt, WideOpt, group
from sam_tui.cli.output import ago, console, emit_json, literal, moment, picked, say
from sam_tui.cli.state import conn
from sam_tui.cli.table import (
    AGO,
    COMPACT,
    Cell,
    Column,
    Span,
    id_column,
    name_column,
    print_list,
    widest,
)
from sam_tui.domain.enums import ProspectStage, Tier, choose
from sam_tui.domain.money import cents_to_number, format_compact, format_money
from sam_tui.domain.prospects import is_open
from sam_tui.domain.text import one_line

app = group(
    "Prospects: the next strategic customers. Stages: identified, researching, contacted, "
    "meeting, qualified, then converted (an active account) or disqualified."
)

RefArg = Annotated[str, typer.Argument(help="Prospect: name, unique prefix or #ID.")]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Company name (unique among accounts too).")],
    why: Annotated[
        str, typer.Option("--why", help="Why it fits: the reason to pursue it (required).")
    ],
    industry: IndustryOpt = None,
    value_estimate: Annotated[
        str | None,
        typer.Option("--value-estimate", help="Estimated annual value: 250000, 250k, 1.2m."),
    ] = None,
    tier: Annotated[
        Tier, typer.Option(help="The tier it would have as an account.")
    ] = Tier.STRATEGIC,
) -> None:
    """Add a prospect at stage identified."""
    from sam_tui.services import accounts, prospects

    value = (
        parsing.amount(value_estimate, "value estimate", conn(ctx))
        if value_estimate is not None
        else None
    )
    p = prospects.add(
        conn(ctx),
        accounts.AccountInput(name=name, industry=industry, value_cents=value, tier=tier),
        why=why,
    )
    worth = f", worth ~{format_compact(p.value_cents)}" if p.value_cents is not None else ""
    say(f"Added prospect #{p.id} {one_line(p.name)} ({p.tier.value}, identified{worth})")


def _stage(text: str | None) -> ProspectStage | None:
    return None if text is None else choose(ProspectStage, text, "stage")


@app.command("advance")
def advance(
    ctx: typer.Context,
    prospect: RefArg,
    stage: Annotated[
        str | None,
        typer.Argument(
            help="Stage to move to (default: the next one): identified, researching, "
            "contacted, meeting, qualified, converted, disqualified. A prefix is enough."
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(help="Why it moves; required to move back or to reopen a disqualified one."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why it is not a fit; required to disqualify.")
    ] = None,
) -> None:
    """Move a prospect to the next stage, or to the one given."""
    from sam_tui.domain.prospects import Move
    from sam_tui.services import prospects

    step = prospects.Step(_stage(stage), note=note, reason=reason)
    result = prospects.advance(conn(ctx), prospect, step)
    kept = "; its history is kept" if result.move is Move.CONVERT else ""
    say(result.sentence("->") + kept)


def prospect_json(p: Any) -> dict[str, Any]:
    return {
        **picked(p, "id name tier status stage fit_reason industry"),
        "value_estimate": None if p.value_cents is None else cents_to_number(p.value_cents),
        "stage_since": p.stage_since,
        "days_in_stage": p.days_in_stage(clock.today()),
        "last_touch": p.last_touch,
        "disqualified_reason": p.disqualified_reason,
        "created_at": p.created_at,
    }


LIST_COLUMNS = (
    id_column(),
    name_column("Prospect"),
    Column("Stage", min_width=widest(ProspectStage)),
    Column("In stage", align="right"),
    Column("Touched", min_width=AGO, drop=1),
    Column("Value", align="right", min_width=COMPACT, drop=2),
    Column("Fit", flex=True, wrap=True, min_width=16),
)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help="Include disqualified and converted ones.")
    ] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List open prospects by stage, the longest in their stage first.

    On a narrow terminal Value, then Touched give way, whole, and the fit reason wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import prospects

    rows = prospects.list_prospects(conn(ctx), include_closed=all_)
    empty = 'No prospects. Add one: sam prospect add "Initech" --why "Same profile as Acme"'
    if json_or_none(rows, as_json, prospect_json, empty):
        return
    today = clock.today()

    def row(p: Any) -> tuple[Cell, ...]:
        why = p.disqualified_reason if p.stage is ProspectStage.DISQUALIFIED else p.fit_reason
        return (
            str(p.id),
            p.name,
            Span(p.stage.value, "" if is_open(p.stage) else "dim"),
            f"{p.days_in_stage(today)}d",
            ago(p.last_touch, today),
            format_compact(p.value_cents) if p.value_cents is not None else "",
            why or "",
        )

    ids = max(p.id for p in rows)
    print_list(LIST_COLUMNS, map(row, rows), no_pager=no_pager, wide=wide, ids=ids)


def _kind(p: Any) -> str:
    """``prospect`` while in the pipeline; a converted one is an account now."""
    return "prospect" if p.status.value == "prospect" else f"{p.status.value} account"


@app.command("show")
def show(ctx: typer.Context, prospect: RefArg, as_json: JsonOpt = False) -> None:
    """One prospect: fit, stage history, contacts and latest touches."""
    from rich.text import Text

    from sam_tui.services import prospects

    d = prospects.show(conn(ctx), prospect)
    p = d.prospect
    if as_json:
        doc = prospect_json(p)
        doc["history"] = [
            {
                "at": h.at,
                "from": h.from_stage.value if h.from_stage else None,
                "to": h.to_stage.value,
                "note": h.note,
            }
            for h in d.history
        ]
        doc["contacts"] = [
            {"id": c.id, "name": c.name, "role": c.role, "last_touch": c.last_touch}
            for c in d.contacts
        ]
        doc["recent"] = [
            {"at": i.occurred_at, "channel": i.channel.value, "summary": i.summary}
            for i in d.recent
        ]
        emit_json(doc)
        return
    out = console()
    out.print(
        Text.assemble(
            literal(p.name, "bold"),
            f"  #{p.id}  {_kind(p)} · {p.stage.value} for {p.days_in_stage(clock.today())} days",
        )
    )
    out.print(Text.assemble(("Fit       ", "dim"), literal(p.fit_reason or "—")))
    if p.disqualified_reason:
        out.print(Text.assemble(("Not a fit ", "dim"), literal(p.disqualified_reason)))
    value = format_money(p.value_cents) if p.value_cents is not None else "—"
    out.print(Text.assemble(("Tier      ", "dim"), f"{p.tier.value} · value estimate {value}"))
    out.print(Text.assemble(("Industry  ", "dim"), literal(p.industry or "—")))
    out.print(
        Text.assemble(("Touched   ", "dim"), moment(p.last_touch) if p.last_touch else "never")
    )
    out.print(Text("\nStages", style="bold"))
    for h in d.history:
        moved = f"{h.from_stage.value} -> " if h.from_stage else ""
        line = Text(f"  {moment(h.at)}  {moved}{h.to_stage.value}")
        if h.note:
            line.append("  ")
            line.append_text(literal(h.note, "dim"))
        out.print(line)
    if not d.history:
        out.print(Text("  no moves recorded", style="dim"))
    out.print(Text("\nContacts", style="bold"))
    if not d.contacts:
        out.print(Text("  none yet: sam contact add ...", style="dim"))
    for c in d.contacts:
        role = f", {one_line(c.role)}" if c.role else ""
        out.print(
            Text.assemble(f"  #{c.id} ", literal(f"{c.name}{role}"), f"  {ago(c.last_touch)}")
        )
    out.print(Text("\nLatest touches", style="bold"))
    if not d.recent:
        out.print(Text("  nothing logged yet: sam log ...", style="dim"))
    for i in d.recent:
        out.print(
            Text.assemble(f"  {moment(i.occurred_at)}  {i.channel.value}  ", literal(i.summary))
        )
