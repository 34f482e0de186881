"""Complaints for a month, quarter or year: the week report's complaints section with the
period's SLA compliance and response times (the figures of ``sam metrics``)."""

from __future__ import annotations

from decimal import Decimal

from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Figure, Paragraph, Section, ValueType, merge
from sam_tui.reports.sections.complaints import complaints
from sam_tui.reports.sections.period_metrics import ratio
from sam_tui.reports.sections.reads import metrics_of


def _hours(value: Decimal | None) -> str:
    return "no data" if value is None else f"{value} h"


def sla(ctx: ReportContext) -> Section:
    """SLA compliance (met / met + breached, deadlines in the period) and response times."""
    now = metrics_of(ctx, ctx.period).service
    then = metrics_of(ctx, ctx.previous).service
    text = (
        f"SLA deadlines in {ctx.span}: {now.sla_met} met, {now.sla_breached} breached, "
        f"{now.sla_pending} not yet due. Median first response "
        f"{_hours(now.first_response.median_hours)} over {now.first_response.cases} complaints "
        f"opened in {ctx.span}; median resolution {_hours(now.resolution.median_hours)} over "
        f"{now.resolution.cases} resolved."
    )
    return Section(
        "sla",
        "",
        (Paragraph("sla", text),),
        (
            Figure(
                "sla_compliance",
                "Complaint SLA compliance",
                ratio(now.sla_compliance),
                ValueType.PERCENT,
                ratio(then.sla_compliance),
                better=Better.UP,
                note=f"{now.sla_met} met, {now.sla_breached} breached",
            ),
        ),
    )


def service_level(ctx: ReportContext) -> Section:
    return merge("complaints", "Complaints and SLA", [sla(ctx), complaints(ctx)])
