"""Objectives: where each running objective stands and how far it moved in the period.

Status follows ``domain.objectives`` (progress against the share of time elapsed), seen
at the report's moment: the end of the period, or now while it runs.
"""

from __future__ import annotations

from sam_tui.domain.objectives import ObjectiveStatus, format_value
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Section, Table, ValueType
from sam_tui.services import activity, objectives

D, P = ValueType.DATE, ValueType.PERCENT


def objectives_section(ctx: ReportContext) -> Section | None:
    """Every objective running in the period, worst status first.

    Left out of the report while no objective has ever been set."""
    if not ctx.uses("objective"):
        return None
    start = activity.local_midnight(ctx.period.start)
    found = objectives.during(ctx.conn, ctx.period.start, ctx.period.end, start, ctx.until)
    counts = {s: sum(1 for o in found if o.objective.status is s) for s in ObjectiveStatus}
    at_risk = counts[ObjectiveStatus.AT_RISK] + counts[ObjectiveStatus.OFF_TRACK]
    figures = (
        Figure(
            "objectives_at_risk",
            "Objectives at risk or off track",
            at_risk,
            better=Better.DOWN,
            note=f"of {len(found):,}",
        ),
        Figure(
            "objectives_achieved",
            "Objectives achieved",
            counts[ObjectiveStatus.ACHIEVED],
            better=Better.UP,
        ),
    )
    rows = []
    for item in found:
        o = item.objective
        unit = f" {o.unit}" if o.unit else ""
        moved = item.moved
        rows.append(
            (
                o.account_name or "(portfolio)",
                o.title,
                f"{format_value(o.current)} / {format_value(o.target)}{unit}",
                float(o.assessment.progress),
                ("+" if moved > 0 else "") + format_value(moved) if moved else "—",
                o.due_date,
                o.status.value,
            )
        )
    table = Table(
        "objectives",
        f"Objectives running in {ctx.span}",
        (
            Column("account", "Account"),
            Column("objective", "Objective"),
            Column("progress", "Progress"),
            Column("share", "Done", P, optional=True),
            Column("moved", "Moved"),
            Column("due", "Due", D),
            Column("status", "Status"),
        ),
        tuple(rows),
        empty=f"No objective was running in {ctx.span}.",
        show=20,
        more="objectives",
    )
    return Section("objectives", "Objectives", (table,), figures)
