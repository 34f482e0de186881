"""Complaints: opened, answered (first response), resolved, and those past their SLA."""

from __future__ import annotations

from datetime import datetime

from sam_tui.domain.sla import describe_remaining
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Section, Table, ValueType
from sam_tui.services import activity

N, D = ValueType.NUMBER, ValueType.DATE


def complaints(ctx: ReportContext) -> Section:
    """Complaints opened, answered (first response), resolved, and those past their SLA."""
    period, previous = ctx.period, ctx.previous
    events = activity.complaint_activity(ctx.conn, period.start, period.end, ctx.as_of)
    before = activity.complaint_activity(ctx.conn, previous.start, previous.end, ctx.previous_as_of)

    def count(items: list[activity.ComplaintEvent], flag: str) -> int:
        return sum(1 for e in items if getattr(e, flag))

    # (the events' flag, label, lower is better, note)
    counted = (
        ("opened", "Complaints opened", Better.DOWN, ""),
        ("answered", "Complaints answered", Better.UP, "first response"),
        ("resolved", "Complaints resolved", Better.UP, ""),
        ("past_sla", "Complaints past SLA", Better.DOWN, f"open, {ctx.at_the_end}"),
    )
    figures = tuple(
        Figure(
            f"complaints_{flag}",
            label,
            count(events, flag),
            previous=count(before, flag),
            better=better,
            note=note,
        )
        for flag, label, better, note in counted
    )
    rows = []
    for e in events:
        resolved = e.resolved_at is not None and e.resolved_at <= ctx.as_of
        rows.append(
            (
                e.id,
                e.account_name,
                e.title,
                e.severity.value,
                e.opened_at.astimezone().date(),
                e.first_response_at.astimezone().date() if e.first_response_at else None,
                e.resolved_at.astimezone().date() if resolved and e.resolved_at else None,
                _sla(e, ctx.as_of, resolved),
            )
        )
    table = Table(
        "complaints",
        f"Complaints in {ctx.span}",
        (
            Column("id", "#", N),
            Column("account", "Account"),
            Column("complaint", "Complaint"),
            Column("severity", "Severity"),
            Column("opened", "Opened", D),
            Column("answered", "Answered", D, optional=True),
            Column("resolved", "Resolved", D, optional=True),
            Column("status", "Status"),
        ),
        tuple(rows),
        empty=f"No complaint was opened, answered or resolved in {ctx.span}, and none was "
        "open past its SLA.",
        show=20,
        more="complaints",
    )
    return Section("complaints", "Complaints", (table,), figures)


def _sla(e: activity.ComplaintEvent, as_of: datetime, resolved: bool) -> str:
    """Where it stands at ``as_of``: ``resolved in SLA``, ``answered, SLA late by 3 days``,
    ``no reply, SLA due in 5h 30m`` (the wording of every SLA clock)."""
    if resolved:
        return "resolved in SLA" if e.within_sla else "resolved late"
    answered = e.first_response_at is not None and e.first_response_at <= as_of
    state = "answered" if answered else "no reply"
    return f"{state}, {describe_remaining(e.sla_due_at - as_of)}"
