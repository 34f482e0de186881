"""The week report: the manager's end-of-week review and the briefing for their boss.

``SECTIONS`` lists its section builders in order; ``AGENDA_PARTS`` the parts of its
last section, next week's agenda. To extend the report, add a builder to either list
(deals moved, won and lost with the forecast change, objectives progress and internal
requests per team are sections; next week's close dates are an agenda part).
"""

from __future__ import annotations

from sam_tui.domain.periods import PeriodKind
from sam_tui.reports.base import ReportContext, ReportKind, SectionBuilder
from sam_tui.reports.model import Section, merge
from sam_tui.reports.render.values import period_span
from sam_tui.reports.sections.agenda import follow_ups_due_next, renewals_soon
from sam_tui.reports.sections.complaints import complaints
from sam_tui.reports.sections.follow_ups import follow_ups
from sam_tui.reports.sections.health import health
from sam_tui.reports.sections.touches import touches

# Next week's agenda, part by part; their blocks and figures are merged into one section.
AGENDA_PARTS: list[SectionBuilder] = [follow_ups_due_next, renewals_soon]


def agenda(ctx: ReportContext) -> Section:
    """Next week: what is due, what renews; one section from ``AGENDA_PARTS``."""
    nxt = ctx.period.next()
    return merge(
        "agenda",
        "Next week",
        [part(ctx) for part in AGENDA_PARTS],
        note=f"{nxt.label}, {period_span(nxt)}",
    )


SECTIONS: list[SectionBuilder] = [touches, follow_ups, complaints, health, agenda]

WEEK = ReportKind("week", "Week report", PeriodKind.WEEK, SECTIONS)
