"""`sam account ...`: the key-account portfolio."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from sam_tui.cli import account_list, parsing
from sam_tui.cli.account_list import HEALTH_STYLE, summary_json
from sam_tui.cli.options import AccountArg, JsonOpt, NoPagerOpt, WideOpt, group
from sam_tui.cli.output import ago, console, day, emit_json, literal, moment, picked, say, short_day
from sam_tui.cli.state import conn
from sam_tui.domain.enums import AccountStatus, Tier
from sam_tui.domain.health import Health
from sam_tui.domain.money import format_money
from sam_tui.domain.text import one_line

app = group("Add, list, show, edit and archive key accounts.")

TierOpt = Annotated[Tier | None, typer.Option(help="strategic, key or growth (default key).")]
StatusOpt = Annotated[
    AccountStatus | None, typer.Option(help="prospect, active or churned (default active).")
]
# also `sam prospect add`'s: a prospect is an account in the pipeline
IndustryOpt = Annotated[str | None, typer.Option(help="Industry, free text.")]
RegionOpt = Annotated[str | None, typer.Option(help="Region, free text.")]
ValueOpt = Annotated[str | None, typer.Option("--value", help="Annual value: 250000, 250k, 1.2m.")]
RenewalOpt = Annotated[str | None, typer.Option(help="Renewal date: 2027-03-31, Mar 31, eoq.")]
CadenceOpt = Annotated[
    int | None,
    typer.Option(help="Days between touches (default by tier: 14 / 30 / 60).", min=1),
]
NotesOpt = Annotated[str | None, typer.Option(help="Free notes about the account.")]
# an edit changes only what it is given: no defaults in its help
EditTierOpt = Annotated[Tier | None, typer.Option("--tier", help="strategic, key or growth.")]
EditStatusOpt = Annotated[
    AccountStatus | None, typer.Option("--status", help="prospect, active or churned.")
]
EditCadenceOpt = Annotated[
    int | None, typer.Option("--cadence", help="Days between touches.", min=1)
]


def _input(
    db: sqlite3.Connection,
    name: str | None,
    tier: Tier | None,
    status: AccountStatus | None,
    industry: str | None,
    region: str | None,
    value: str | None,
    renewal: str | None,
    cadence: int | None,
    notes: str | None,
) -> Any:
    from sam_tui.services.accounts import AccountInput

    return AccountInput(
        name=name,
        tier=tier,
        status=status,
        industry=industry,
        region=region,
        value_cents=parsing.amount(value, "annual value", db) if value is not None else None,
        renewal_date=parsing.due(renewal) if renewal is not None else None,
        cadence_days=cadence,
        notes=notes,
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Account name (unique, case-insensitive).")],
    tier: TierOpt = None,
    status: StatusOpt = None,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    value: ValueOpt = None,
    renewal: RenewalOpt = None,
    cadence: CadenceOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Add an account to the portfolio."""
    from sam_tui.services import accounts

    data = _input(conn(ctx), name, tier, status, industry, region, value, renewal, cadence, notes)
    new_id = accounts.add(conn(ctx), data)
    s = accounts.summary(conn(ctx), new_id)
    extra = f", renews {day(s.renewal_date)}" if s.renewal_date else ""
    say(
        f"Added account #{new_id} {one_line(s.name)} ({s.tier.value}, {s.status.value}, "
        f"touch every {s.cadence_days} days{extra})"
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    tier: Annotated[Tier | None, typer.Option(help="Only this tier.")] = None,
    status: Annotated[
        AccountStatus | None,
        typer.Option(help="Only this status (prospects are listed only when asked for)."),
    ] = None,
    health: Annotated[
        Health | None, typer.Option(help="Only accounts of this health: red, amber or green.")
    ] = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Include archived accounts.")
    ] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List accounts with health, last touch and what is open (prospects: sam prospect list).

    On a narrow terminal Cmp, then Value, Renewal, Next f/u and Tier give way, whole, to the names; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    account_list.show(lambda: conn(ctx), tier, status, health, archived, wide, no_pager, as_json)


@app.command("show")
def show(
    ctx: typer.Context,
    account: AccountArg,
    as_json: JsonOpt = False,
) -> None:
    """Profile, health, contacts, recent timeline, open follow-ups and complaints."""
    from sam_tui.services import account_detail

    d = account_detail.load(conn(ctx), account)
    if as_json:
        emit_json(_detail_json(d))
        return
    _print_detail(d)


def _detail_json(d: Any) -> dict[str, Any]:
    doc = summary_json(d.summary)
    doc.update(
        notes=d.notes,
        prospect_stage=d.prospect_stage,
        fit_reason=d.fit_reason,
        contacts=[
            picked(c, "id name role email phone influence cadence_days last_touch")
            for c in d.contacts
        ],
        timeline=[picked(e, "at kind text who sentiment") for e in d.timeline],
        follow_ups=[picked(f, "id title due=due_date priority") for f in d.follow_ups],
        complaints=[picked(c, "id title severity status sla_due_at") for c in d.complaints],
        requests=[
            picked(r, "id team ask due=due_date status outcome complaint_id") for r in d.requests
        ],
        ideas=[picked(i, "id title status deal_id") for i in d.ideas],
    )
    return doc


def _print_detail(d: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from sam_tui import clock
    from sam_tui.domain.sla import describe_remaining
    from sam_tui.services.ideas import LIVE_STATUSES

    s = d.summary
    out = console()
    title = Text.assemble(literal(s.name, "bold"), f"  #{s.id}  {s.tier.value} · {s.status.value}")
    if s.archived:
        title.append("  (archived)", style="dim")
    out.print(title)
    facts = [
        (
            "Health",
            literal(
                f"{s.health.health.value} ({s.health.score}): " + "; ".join(s.health.reasons),
                HEALTH_STYLE[s.health.health],
            ),
        ),
        ("Industry", literal(s.industry or "—")),
        ("Region", literal(s.region or "—")),
        ("Value", Text(format_money(s.value_cents) if s.value_cents is not None else "—")),
        ("Renewal", Text(day(s.renewal_date))),
        ("Cadence", Text(f"every {s.cadence_days} days; {s.recency.describe()}")),
    ]
    if d.prospect_stage and s.status.value == "prospect":
        facts.append(("Prospect", literal(f"{d.prospect_stage}: {d.fit_reason or ''}")))
    if d.notes:
        facts.append(("Notes", literal(d.notes)))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for label, value in facts:
        grid.add_row(label, value)
    out.print(grid)

    def section(heading: str, empty: str, rows: list[tuple[Any, ...]]) -> None:
        out.print(Text(f"\n{heading}", style="bold"))
        if not rows:
            out.print(Text(f"  {empty}", style="dim"))
            return
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        for _ in rows[0]:
            table.add_column()
        for row in rows:
            table.add_row(*row)
        out.print(table)

    section(
        "Contacts",
        "none yet: sam contact add ...",
        [
            (
                f"#{c.contact.id}",
                literal(c.contact.name),
                literal(c.contact.role or ""),
                literal(c.contact.influence.value if c.contact.influence else ""),
                ago(c.contact.last_touch),
                Text(
                    f"every {c.cadence_days}d" + (": overdue" if c.cold else "")
                    if c.cadence_days
                    else "",
                    style="bold red" if c.cold else "dim",
                ),
            )
            for c in d.contact_cadence
        ],
    )
    now = clock.now()
    section(
        "Open follow-ups",
        "none",
        [
            (
                f"#{f.id}",
                Text(day(f.due_date), style="red" if f.overdue(now.date()) else ""),
                literal(f.title),
            )
            for f in d.follow_ups
        ],
    )
    section(
        "Open complaints",
        "none",
        [
            (
                f"#{c.id}",
                c.severity.value,
                Text(
                    describe_remaining(c.sla(now).remaining),
                    style="bold red" if c.sla(now).breached else "",
                ),
                literal(c.title),
            )
            for c in d.complaints
        ],
    )
    section(
        "Requests to internal teams",
        "none open",
        [
            (
                f"#{r.id}",
                Text(short_day(r.due_date), style="bold red" if r.overdue(now.date()) else ""),
                r.status.value,
                literal(r.team),
                literal(r.ask),
            )
            for r in d.requests
            if r.is_open
        ],
    )
    section(
        "Ideas",
        "none open: sam idea add ...",
        [
            (f"#{i.id}", i.status.value, literal(i.title))
            for i in d.ideas
            if i.status in LIVE_STATUSES
        ],
    )
    sentiment = {1: "+", 0: "", -1: "-"}
    section(
        "Recent timeline",
        "nothing logged yet: sam log ...",
        [
            (
                moment(e.at),
                literal(e.kind),
                literal(e.who or ""),
                sentiment.get(e.sentiment, "") if e.sentiment is not None else "",
                literal(e.text),
            )
            for e in d.timeline
        ],
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    account: AccountArg,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    tier: EditTierOpt = None,
    status: EditStatusOpt = None,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    value: ValueOpt = None,
    renewal: RenewalOpt = None,
    cadence: EditCadenceOpt = None,
    notes: NotesOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            help="Empty a field: industry, region, renewal, cadence, notes, value (repeatable)."
        ),
    ] = None,
) -> None:
    """Change an account's fields."""
    from sam_tui.services import accounts

    names = {"renewal": "renewal_date", "cadence": "cadence_days", "value": "annual_value_cents"}
    cleared = tuple(names.get(c, c) for c in (clear or []))
    data = _input(conn(ctx), name, tier, status, industry, region, value, renewal, cadence, notes)
    new_name = accounts.edit(conn(ctx), account, data, clear=cleared)
    say(f"Updated account {one_line(new_name)}")


@app.command("archive")
def archive(
    ctx: typer.Context,
    account: AccountArg,
) -> None:
    """Archive an account: it leaves lists and triage; its history is kept."""
    from sam_tui.services import accounts

    found = accounts.set_archived(conn(ctx), account, True)
    say(
        f"Archived account #{found.id} {one_line(found.name)} "
        f"(undo with: sam account unarchive '#{found.id}')"
    )


@app.command("unarchive")
def unarchive(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account: name or #ID.")],
) -> None:
    """Bring an archived account back."""
    from sam_tui.services import accounts

    found = accounts.set_archived(conn(ctx), account, False)
    say(f"Unarchived account #{found.id} {one_line(found.name)}")
