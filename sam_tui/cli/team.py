"""`sam team`: a team lead's read-only roll-up of the managers' replicated books."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

from sam_tui import clock
from sam_tui.cli.options import group
from sam_tui.cli.output import moment, say
from sam_tui.cli.replicate import EndpointOpt, KeyOpt, RegionOpt
from sam_tui.cli.reporting import deliver, target_and_format
from sam_tui.cli.reports import ForceOpt, FormatOpt, OutputOpt
from sam_tui.domain.changes import plural
from sam_tui.domain.periods import PeriodKind
from sam_tui.domain.text import one_line

if TYPE_CHECKING:
    from sam_tui.reports.model import Report
    from sam_tui.reports.render import Format

app = group(
    "A team lead's view of the managers' books, read-only from their replicas: add, pull, "
    "then the roll-up (`sam team` prints this quarter's; `sam team report` any period).",
    overview=True,
)


@app.callback()
def overview(ctx: typer.Context) -> None:
    """Print the team's roll-up for the current quarter (from the copies the last pull made)."""
    if ctx.invoked_subcommand is None:
        deliver(_report(PeriodKind.QUARTER, None), "team quarter", _text(), None, False)


def _text() -> Format:
    from sam_tui.reports.render import Format

    return Format.TEXT


def _report(kind: PeriodKind, period: str | None) -> Report:
    from sam_tui.interop import team
    from sam_tui.reports import team as team_report
    from sam_tui.reports.base import resolve_period
    from sam_tui.services import team as rollups

    managers = team.managers()
    members = team.open_members(managers)
    try:
        which = resolve_period(kind, period, clock.today(), rollups.fiscal_start(members))
        return team_report.build(rollups.rollup(members, which))
    finally:
        team.close(members)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="How the manager is named in the roll-up.")],
    url: Annotated[
        str, typer.Argument(help="The manager's replica, as given to `sam replicate setup`.")
    ],
    endpoint: EndpointOpt = None,
    region: RegionOpt = None,
    key: KeyOpt = None,
) -> None:
    """Add a manager's replica to the team; it is listed once to check it answers (read-only)."""
    from sam_tui.interop import litestream, team

    replica = litestream.parse_replica(url, endpoint=endpoint, region=region, key_path=key)
    manager, held = team.add(name, replica)
    shown = one_line(manager.replica.shown())
    if held is None:
        say(f"Added {manager.name}: {shown} (it holds no book yet)")
    else:
        say(f"Added {manager.name}: {shown} (last change shipped {moment(held.at)})")
    say("Next: sam team pull")


@app.command()
def remove(name: Annotated[str, typer.Argument(help="The manager to take off the team.")]) -> None:
    """Take a manager off the team and delete your copy of their book (their replica stays)."""
    from sam_tui.interop import team

    gone = team.remove(name)
    say(f"Removed {gone.name} and your copy of the book.")


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """The managers of the team, their replicas, and when each was last pulled."""
    from sam_tui.cli.output import emit_json
    from sam_tui.interop import team

    found = [(m, team.freshness(m.name)) for m in team.managers()]
    if as_json:
        emit_json(
            [
                {
                    "name": m.name,
                    "replica": m.replica.as_json(),
                    "pulled_at": fresh.pulled_at,
                    "replicated_at": fresh.replicated_at,
                }
                for m, fresh in found
            ]
        )
        return
    if not found:
        say("No manager yet: sam team add NAME URL")
        return
    from sam_tui.cli.table import Column, Output, name_column, print_table

    columns = (
        name_column("Manager"),
        Column("Replica", flex=True, cut=False, min_width=16),
        Column("Pulled", min_width=len("Thu 26 Nov 14:05")),
    )
    rows = (
        (m.name, m.replica.shown(), "never" if f.pulled_at is None else moment(f.pulled_at))
        for m, f in found
    )
    with Output(paging=False) as out:
        print_table(out, columns, rows, gap=2)


@app.command()
def pull(
    names: Annotated[
        list[str] | None, typer.Argument(help="Only these managers (default: the whole team).")
    ] = None,
) -> None:
    """Copy each manager's latest book from their replica, in parallel, read-only.

    Each copy is checked (integrity, sam's stamp and schema, version) before it replaces the one before. A failure is named and the others go on; the exit code is 1 if any failed.
    """  # noqa: E501
    from sam_tui.domain.errors import NotFound
    from sam_tui.interop import team

    everyone = team.managers()
    if not everyone:
        raise NotFound("no manager in the team yet: sam team add NAME URL")
    wanted = everyone
    if names:
        by_name = {m.name.casefold(): m for m in everyone}
        unknown = [n for n in names if n.casefold() not in by_name]
        if unknown:
            raise NotFound(f"no manager named {', '.join(unknown)} in the team")
        wanted = [by_name[n.casefold()] for n in names]
    total = len(wanted)
    done = 0
    started = time.monotonic()

    def progress(outcome: team.Pulled) -> None:
        nonlocal done
        done += 1
        lead = f"[{done}/{total}] {outcome.name}"
        if outcome.ok:
            fresh = outcome.freshness
            change = fresh.last_change or fresh.replicated_at
            say(
                f"{lead}: {plural('account', outcome.accounts)}, last change {moment(change)} "
                f"({outcome.seconds:.1f} s)"
            )
            sys.stdout.flush()
        else:
            sys.stderr.write(
                f"error: {outcome.name}: {one_line(outcome.freshness.problem or '')}\n"
            )

    outcomes = team.pull(wanted, progress)
    failed = [o.name for o in outcomes if not o.ok]
    elapsed = time.monotonic() - started
    say(f"Pulled {total - len(failed)} of {total} in {elapsed:.1f} s.")
    if failed:
        sys.stderr.write(
            f"error: {len(failed)} failed ({', '.join(failed)}); any older copy of theirs is kept\n"
        )
        raise typer.Exit(1)


report = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="The team's roll-up for a period: text, md, html or json.",
)
app.add_typer(report, name="report")

TeamPeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Which period: its label (2026-Q4, 2026-11, 2026-W47, 2026), this, last, or a "
        "date in it. Default: the current one.",
    ),
]


def _report_command(kind: PeriodKind) -> None:
    def command(
        period: TeamPeriodOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
    ) -> None:
        target, chosen = target_and_format(fmt, output, force)
        deliver(_report(kind, period), f"team {kind.value}", chosen, target, force)

    command.__name__ = command.__qualname__ = kind.value
    command.__doc__ = (
        f"The team's {kind.value}: quota and forecast, each manager's line, what needs "
        "attention across the team, accounts going cold, renewals, freshness."
    )
    report.command(kind.value)(command)


for _kind in (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
    _report_command(_kind)
