"""`sam deal ...`: opportunities through the stages, won or lost, with their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import completion as complete
from sam_tui.cli import parsing
from sam_tui.cli.figures import money, money_json
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import AccountArg, JsonOpt, NoPagerOpt, OnlyAccountOpt, WideOpt, group
from sam_tui.cli.output import console, day, emit_json, literal, moment, say, short_day, warn
from sam_tui.cli.state import conn
from sam_tui.cli.table import (
    DAY,
    MONEY,
    Cell,
    Column,
    Output,
    Span,
    id_column,
    name_column,
    print_table,
    widest,
)
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory, choose
from sam_tui.domain.errors import DateParseError, InvalidInput
from sam_tui.domain.sales import DEFAULT_PROBABILITY, OPEN_STAGES, is_closed, parse_probability
from sam_tui.domain.text import one_line

_STAGES = ", ".join(f"{s.value} {DEFAULT_PROBABILITY[s]}%" for s in OPEN_STAGES)

app = group(
    "Deals (opportunities): add, move through the stages, won, lost, edit, list, show. "
    f"Stages and default probabilities: {_STAGES}, won 100%, lost 0% "
    "(change the defaults with `sam config probability.STAGE N`)."
)

IdArg = Annotated[
    str, typer.Argument(help="Deal ID (as shown by deal list).", autocompletion=complete.deal_ids)
]
KindOpt = Annotated[str | None, typer.Option(help="new, expansion or renewal (default new).")]
StageOpt = Annotated[
    str | None,
    typer.Option(
        help="prospecting, qualification, proposal, negotiation, won or lost (a prefix works)."
    ),
]
CloseOpt = Annotated[
    str | None,
    typer.Option("--close", help="Expected close date: Dec 18, eoq, 2027-01-31, +3w."),
]
ProbabilityOpt = Annotated[
    str | None,
    typer.Option(help="Win probability 0-100 for this deal (default: its stage's)."),
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(help="Forecast category: pipeline, best-case, commit or omitted."),
]
RenewalOpt = Annotated[
    str | None,
    typer.Option(
        "--renewal",
        help="Winning a renewal deal: the account's new renewal date (default: one term later).",
    ),
]
WhenOpt = Annotated[
    str | None,
    typer.Option(help="When it happened: yesterday, Nov 20, 2026-11-20 15:00 (default: now)."),
]


def _kind(text: str | None) -> DealKind | None:
    return None if text is None else choose(DealKind, text, "deal kind")


def _stage(text: str | None) -> DealStage | None:
    return None if text is None else choose(DealStage, text, "stage")


def _category(text: str | None) -> ForecastCategory | None:
    return None if text is None else choose(ForecastCategory, text, "forecast category")


def _probability(text: str | None) -> int | None:
    return None if text is None else parse_probability(text)


def _when(text: str | None, verb: str = "close") -> datetime | None:
    """When a deal closed: phrases look back; the future is refused in deal terms."""
    if text is None:
        return None
    try:
        return parsing.when(text)
    except DateParseError as exc:
        if "is in the future" not in str(exc):
            raise
        raise InvalidInput(f"a deal cannot {verb} in the future ('{text}')") from None


def _where(d: Any) -> str:
    if not d.is_open:
        when = moment(d.closed_at)
        reason = f" ({one_line(d.lost_reason)})" if d.lost_reason else ""
        return f"{d.stage.value} {when}{reason}"
    close = f"closes {day(d.expected_close)}" if d.expected_close else "no close date"
    late = ", past its close date" if d.overdue(clock.today()) else ""
    return f"{d.stage.value} ({d.probability}%), {d.category.value}, {close}{late}"


def _line(d: Any) -> str:
    return (
        f"deal #{d.id} for {one_line(d.account_name)}: {one_line(d.name)}, "
        f"{money(d.amount_cents)}, {_where(d)}"
    )


def deal_json(d: Any, *, with_history: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": d.id,
        "account_id": d.account_id,
        "account": d.account_name,
        "name": d.name,
        "amount": money_json(d.amount_cents),
        "kind": d.kind.value,
        "stage": d.stage.value,
        "open": d.is_open,
        "probability": d.probability,
        "own_probability": d.own_probability,
        "weighted_amount": money_json(d.weighted_cents),
        "category": d.category.value,
        "expected_close": d.expected_close,
        "overdue": d.overdue(clock.today()),
        "closed_at": d.closed_at,
        "lost_reason": d.lost_reason,
        "created_at": d.created_at,
    }
    if with_history:
        doc["history"] = [
            {
                "at": h.at,
                "from_stage": h.from_stage.value if h.from_stage else None,
                "to_stage": h.to_stage.value,
                "amount": money_json(h.amount_cents),
                "expected_close": h.expected_close,
                "category": h.category.value,
                "changes": list(h.changes),
            }
            for h in d.history
        ]
    return doc


@app.command("add")
def add(
    ctx: typer.Context,
    account: AccountArg,
    name: Annotated[list[str], typer.Argument(help="Deal name (the rest of the line).")],
    amount: Annotated[
        str, typer.Option("--amount", "-a", help="Amount: 250000, 250k, 1.2m, $1,250.50.")
    ],
    kind: KindOpt = None,
    stage: StageOpt = None,
    close: CloseOpt = None,
    probability: ProbabilityOpt = None,
    category: CategoryOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help="Why it was lost (a deal added lost).")
    ] = None,
) -> None:
    """Add a deal (default: new, prospecting, pipeline, no close date).

    A deal added won or lost (--stage won, or --stage lost --reason TEXT) closed on its --close date: the day it was won or lost, in the past or today (default: now), never in the future; it counts in the period of that day.
    """  # noqa: E501
    from sam_tui.services import deals

    chosen = _stage(stage) or DealStage.PROSPECTING
    closing = chosen in (DealStage.WON, DealStage.LOST)
    closed_at = _when(close) if closing and close is not None else None
    d = deals.add(
        conn(ctx),
        account,
        deals.NewDeal(
            name=" ".join(name),
            amount_cents=parsing.amount(amount, "deal amount", conn(ctx)),
            kind=_kind(kind) or DealKind.NEW,
            stage=chosen,
            expected_close=parsing.due(close) if close is not None and not closing else None,
            probability=_probability(probability),
            category=_category(category) or ForecastCategory.PIPELINE,
            closed_at=closed_at,
            lost_reason=reason,
        ),
    )
    say(f"Added {_line(d)}")
    _renewed(d)
    if same := deals.namesakes(conn(ctx), d):
        ids = ", ".join(f"#{i}" for i, _ in same)
        warn(f"{d.account_name} already has an open deal named {same[0][1]}: {ids}")


@app.command("move")
def move(
    ctx: typer.Context,
    deal_id: IdArg,
    stage: Annotated[
        str, typer.Argument(help="New stage (a prefix works): an open one reopens a closed deal.")
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help="Why it was lost (required for lost).")
    ] = None,
    when: WhenOpt = None,
    close: Annotated[
        str | None,
        typer.Option("--close", help="New expected close date, with an open stage: eoq, Jan 31."),
    ] = None,
    renewal: RenewalOpt = None,
) -> None:
    """Move a deal to another stage; won and lost close it, an open stage reopens it. --when backdates the move (never the future, nor a day before the deal was added); --close sets the new expected close date."""  # noqa: E501
    from sam_tui.services import deals

    target = choose(DealStage, stage, "stage")
    ident = parsing.record_id(deal_id, "deal")
    closed_at = _when(when, "close" if is_closed(target) else "move")
    before = deals.get(conn(ctx), ident)
    new_close = parsing.due(close) if close is not None else None
    d = deals.move(
        conn(ctx),
        ident,
        target,
        when=closed_at,
        reason=reason,
        close=new_close,
        renewal=_renewal(renewal),
    )
    say(f"Moved deal #{d.id} {one_line(d.name)}: {before.stage.value} → {_where(d)}")
    _renewed(d)


def _renewal(text: str | None) -> date | None:
    return None if text is None else parsing.due(text)


def _renewed(d: Any) -> None:
    """Echo where winning a renewal moved the account's renewal date."""
    r = d.renewal
    if r is None:
        return
    was = f" (was {day(r.before, relative=False)})" if r.before else " (had none)"
    say(f"{one_line(r.account_name)} now renews {day(r.after, relative=False)}{was}")


@app.command("won")
def won(
    ctx: typer.Context, deal_id: IdArg, when: WhenOpt = None, renewal: RenewalOpt = None
) -> None:
    """Mark a deal won (it counts toward the quota of the period it closed in). A renewal deal moves its account's renewal date one term later (`sam config renewal.term`, 12 months), or to --renewal."""  # noqa: E501
    from sam_tui.services import deals

    ident = parsing.record_id(deal_id, "deal")
    d = deals.won(conn(ctx), ident, when=_when(when), renewal=_renewal(renewal))
    say(f"Won {_line(d)}")
    _renewed(d)


@app.command("lost")
def lost(
    ctx: typer.Context,
    deal_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why it was lost.")],
    when: WhenOpt = None,
) -> None:
    """Mark a deal lost, with the reason."""
    from sam_tui.services import deals

    ident = parsing.record_id(deal_id, "deal")
    d = deals.lost(conn(ctx), ident, reason, when=_when(when))
    say(f"Lost {_line(d)}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    deal_id: IdArg,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    amount: Annotated[str | None, typer.Option(help="New amount: 250000, 250k, 1.2m.")] = None,
    kind: KindOpt = None,
    close: CloseOpt = None,
    probability: ProbabilityOpt = None,
    category: CategoryOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            help="Empty a field: close (no close date) or probability (back to the stage's)."
        ),
    ] = None,
) -> None:
    """Change a deal's name, amount, kind, close date, probability or category."""
    from sam_tui.services import deals

    d = deals.edit(
        conn(ctx),
        parsing.record_id(deal_id, "deal"),
        name=name,
        amount_cents=parsing.amount(amount, "deal amount", conn(ctx))
        if amount is not None
        else None,
        kind=_kind(kind),
        expected_close=parsing.due(close) if close is not None else None,
        probability=_probability(probability),
        category=_category(category),
        clear=tuple(c.strip().lower() for c in clear or ()),
    )
    say(f"Updated {_line(d)}")


# The stage never gives way: without it a won or lost deal reads as an open one past its
# close date. Its probability is a column of its own, so what stays at 80 columns is short.
LIST_COLUMNS = (
    id_column(),
    name_column("Account"),
    Column("Deal", flex=True, wrap=True, min_width=12),
    Column("Stage", min_width=widest(DealStage)),
    Column("Prob", align="right", min_width=len("100%"), drop=1),
    Column("Amount", align="right", min_width=MONEY, cut=False),
    Column("Close", min_width=DAY),
    Column("Category", min_width=widest(ForecastCategory), drop=2),
)
_CLOSED_STYLE = {DealStage.WON: "green", DealStage.LOST: "dim"}


def _list_row(d: Any, today: date) -> tuple[Cell, ...]:
    late = d.overdue(today)
    if d.is_open:
        close = short_day(d.expected_close, today)
    else:
        close = short_day(d.closed_at.astimezone().date() if d.closed_at else None, today)
    return (
        str(d.id),
        d.account_name,
        d.name,
        Span(d.stage.value, _CLOSED_STYLE.get(d.stage, "")),
        f"{d.probability}%" if d.is_open else "",
        money(d.amount_cents),
        Span(close, "bold red" if late else "" if d.is_open else "dim"),
        d.category.value if d.is_open else "",
    )


def _footer(rows: list[Any]) -> str | None:
    """What the list adds up to: the open pipeline, and how many closed deals it shows."""
    live = [d for d in rows if d.is_open]
    parts = [f"{len(live)} open: {money(sum(d.amount_cents for d in live))}"] if live else []
    closed = [
        f"{n} {stage.value}"
        for stage in (DealStage.WON, DealStage.LOST)
        if (n := sum(d.stage is stage for d in rows))
    ]
    if closed:
        parts.append(", ".join(closed))
    return "; ".join(parts) or None


@app.command("list")
def list_(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only open deals.")] = False,
    account: OnlyAccountOpt = None,
    stage: Annotated[str | None, typer.Option(help="Only deals in this stage.")] = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List deals: open ones by expected close date, then closed ones, latest first.

    On a narrow terminal Category, then Prob (an open deal's probability) give way, whole, and deal names wrap; Stage stays, so a won or lost deal shows as one. --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import deals

    rows = deals.list_deals(
        conn(ctx), open_only=open_only, account_ref=account, stage=_stage(stage)
    )
    if json_or_none(rows, as_json, deal_json, "No open deals." if open_only else "No deals."):
        return
    today = clock.today()
    with Output(paging=not no_pager) as out:
        lines = (_list_row(d, today) for d in rows)
        print_table(out, LIST_COLUMNS, lines, wide=wide, ids=max(d.id for d in rows))
        footer = _footer(rows)
        if footer is not None:
            out.line(footer)


@app.command("show")
def show(ctx: typer.Context, deal_id: IdArg, as_json: JsonOpt = False) -> None:
    """One deal with its history of stages, amounts, close dates and categories."""
    from rich.text import Text

    from sam_tui.services import deals

    d = deals.get(conn(ctx), parsing.record_id(deal_id, "deal"))
    if as_json:
        emit_json(deal_json(d, with_history=True))
        return
    out = console()
    out.print(Text.assemble(f"Deal #{d.id} ", literal(d.name, "bold")))
    out.print(
        Text.assemble(literal(d.account_name), f" · {d.kind.value} · {money(d.amount_cents)}")
    )
    own = "its own" if d.own_probability is not None and d.is_open else "stage default"
    status = _where(d)
    if d.is_open:
        status += f"; {d.probability}% is {own}"
    out.print(Text(one_line(status)))
    out.print(Text(f"Created {moment(d.created_at)}"))
    out.print(Text("History:", style="bold"))
    for h in d.history:
        stamp = f"  {moment(h.at)}  "
        for n, change in enumerate(h.changes):
            out.print(Text.assemble(stamp if n == 0 else " " * len(stamp), literal(change)))
