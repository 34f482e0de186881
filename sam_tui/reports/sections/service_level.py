"""Complaints for a month, quarter or year: the week report's complaints section with the
period's SLA compliance and response times (the figures of ``sam metrics``)."""

from __future__ import annotations

from sam_tui.domain.figures import hours
from sam_tui.domain.metrics import ServiceMetrics
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Figure, Paragraph, Section, ValueType, merge
from sam_tui.reports.sections.complaints import complaints
from sam_tui.reports.sections.period_metrics import ratio
from sam_tui.reports.sections.reads import metrics_of


def _complaints(n: int) -> str:
    """``the complaint``, ``the 3 complaints``."""
    return "the complaint" if n == 1 else f"the {n:,} complaints"


def first_response(service: ServiceMetrics, span: str) -> str:
    """``Median first response 23 h (1 answered of 4 opened in the quarter)``: the median
    is over the complaints opened in the period and answered (``sam metrics``), said
    against all those opened, so neither count passes for the other."""
    answered, opened = service.first_response.cases, service.opened
    if not opened:
        return f"No complaint was opened in {span}"
    if not answered:
        return f"No first response yet to {_complaints(opened)} opened in {span}"
    median = service.first_response.median_hours
    assert median is not None  # answered ones have a median
    return (
        f"Median first response {hours(median)} "
        f"({answered:,} answered of {opened:,} opened in {span})"
    )


def resolution(service: ServiceMetrics, span: str) -> str:
    """``median resolution 75 h (2 resolved in the quarter)``, or that none was resolved."""
    resolved = service.resolution
    if resolved.median_hours is None:
        return f"no complaint was resolved in {span}"
    return (
        f"median resolution {hours(resolved.median_hours)} ({resolved.cases:,} resolved in {span})"
    )


def sla(ctx: ReportContext) -> Section:
    """SLA compliance (met / met + breached, deadlines in the period) and response times."""
    now = metrics_of(ctx, ctx.period).service
    then = metrics_of(ctx, ctx.previous).service
    text = (
        f"SLA deadlines in {ctx.span}: {now.sla_met} met, {now.sla_breached} breached, "
        f"{now.sla_pending} not yet due. {first_response(now, ctx.span)}; "
        f"{resolution(now, ctx.span)}."
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
