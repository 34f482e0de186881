"""Follow-ups: what was promised, what was delivered, and what is slipping."""

from __future__ import annotations

from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import Priority
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Section, Table, ValueType
from sam_tui.services import activity

N, D = ValueType.NUMBER, ValueType.DATE


def follow_ups(ctx: ReportContext) -> Section:
    """What was promised, what was delivered, and what is slipping."""
    period, previous = ctx.period, ctx.previous
    done = activity.follow_ups_done(ctx.conn, period.start, period.end)
    created = activity.follow_ups_created(ctx.conn, period.start, period.end)
    overdue = activity.follow_ups_overdue(ctx.conn, ctx.as_of)
    # the previous period's only as counts: its lists are not shown
    then = activity.follow_up_counts(ctx.conn, previous.start, previous.end, ctx.previous_as_of)
    # (key, label, this period's, the previous one's, which way is better, note)
    counted = (
        ("done", "Follow-ups done", done, then.done, Better.UP, ""),
        ("created", "Follow-ups created", created, then.created, Better.NEITHER, ""),
        ("overdue", "Follow-ups overdue", overdue, then.overdue, Better.DOWN, ctx.at_the_end),
    )
    figures = tuple(
        Figure(f"follow_ups_{key}", label, len(now), previous=before, better=better, note=note)
        for key, label, now, before, better, note in counted
    )
    day = ctx.as_of.date()
    overdue_title = (
        f"Overdue now ({format_day(day, ctx.today)})"
        if ctx.running
        else f"Still overdue at the end of {ctx.span}"
    )
    blocks = (
        Table(
            "done",
            f"Done in {ctx.span}",
            (
                Column("done", "Done", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("due", "Was due", D),
            ),
            tuple(
                (
                    f.done_at.astimezone().date() if f.done_at else None,
                    f.account_name,
                    f.title,
                    f.due_date,
                )
                for f in done
            ),
            empty=f"No follow-up was marked done in {ctx.span}.",
            show=15,
            more="follow-ups",
        ),
        Table(
            "overdue",
            overdue_title,
            (
                Column("due", "Due", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("days_late", "Late", N),
                Column("priority", "Priority"),
            ),
            tuple(
                (
                    f.due_date,
                    f.account_name,
                    f.title,
                    (day - f.due_date).days,
                    priority_label(f.priority),
                )
                for f in overdue
            ),
            empty="Nothing overdue.",
            show=15,
            more="follow-ups",
        ),
        Table(
            "created",
            f"Created in {ctx.span}",
            (
                Column("due", "Due", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("status", "Now"),
            ),
            tuple((f.due_date, f.account_name, f.title, f.status.value) for f in created),
            empty=f"No follow-up was created in {ctx.span}.",
            show=10,
            more="follow-ups",
        ),
    )
    return Section("follow_ups", "Follow-ups", blocks, figures)


def priority_label(priority: Priority) -> str:
    """Only what stands out: ``high`` or ``low``; normal is left blank."""
    return "" if priority is Priority.NORMAL else priority.value
