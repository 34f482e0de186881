"""Internal requests: what each team of ours still owes our customers, the liaison view."""

from __future__ import annotations

from datetime import date

from sam_tui.domain.enums import RequestStatus
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Section, Table, ValueType
from sam_tui.services import activity, requests

N, D = ValueType.NUMBER, ValueType.DATE


def requests_section(ctx: ReportContext) -> Section | None:
    """Open requests per team at the report's moment, and the overdue or blocked ones.

    Left out of the report while no request to a team has ever been recorded."""
    if not ctx.uses("internal_request"):
        return None
    live = ctx.running
    owed = requests.owed_by_team(ctx.conn, None if live else ctx.until)
    before = requests.owed_by_team(ctx.conn, activity.local_midnight(ctx.period.start))
    done = requests.done_by_team(ctx.conn, activity.local_midnight(ctx.period.start), ctx.until)
    day = ctx.as_of.astimezone().date() if not live else ctx.today
    open_now = sum(len(t.requests) for t in owed)
    figures = (
        Figure(
            "requests_open",
            "Requests owed by our teams",
            open_now,
            previous=sum(len(t.requests) for t in before),
            better=Better.DOWN,
            note="now" if live else "at the end",
        ),
    )
    teams = {requests.team_key(t.team): t for t in owed}
    keys = list(teams) + sorted(k for k in done if k not in teams)
    per_team = []
    for key in keys:
        team = teams.get(key)
        per_team.append(
            (
                team.team if team else done[key][0],
                len(team.requests) if team else 0,
                team.overdue if team else 0,
                # whether a request was blocked in the past is not kept
                (team.blocked if team else 0) if live else None,
                team.requests[0].asked_at.astimezone().date() if team else None,
                done.get(key, ("", 0))[1],
            )
        )
    late = [
        r for t in owed for r in t.requests if r.overdue(day) or r.status is RequestStatus.BLOCKED
    ]
    late.sort(key=lambda r: (r.due_date or day, r.asked_at))
    blocks = (
        Table(
            "by_team",
            "Open requests per team" + ("" if live else f" at the end of {ctx.span}"),
            (
                Column("team", "Team"),
                Column("open", "Open", N),
                Column("overdue", "Overdue", N),
                Column("blocked", "Blocked", N, optional=True),
                Column("oldest", "Oldest", D),
                Column("done", f"Done in {ctx.period.kind.value}", N),
            ),
            tuple(per_team),
            empty=f"No team owes our customers anything, and none delivered in {ctx.span}.",
        ),
        Table(
            "late",
            "Overdue or blocked",
            (
                Column("due", "Due", D),
                Column("team", "Team"),
                Column("account", "Account"),
                Column("ask", "Ask"),
                Column("status", "Status"),
            ),
            tuple(
                (
                    r.due_date,
                    r.team,
                    r.account_name,
                    r.ask,
                    _state(r, day),
                )
                for r in late
            ),
            empty="Nothing overdue or blocked.",
            show=15,
            more="requests",
        ),
    )
    return Section("requests", "Requests to our teams", blocks, figures)


def _state(request: requests.RequestRow, day: date) -> str:
    if request.status is RequestStatus.BLOCKED or request.due_date is None:
        return request.status.value
    late = (day - request.due_date).days
    return "1 day late" if late == 1 else f"{late} days late"
