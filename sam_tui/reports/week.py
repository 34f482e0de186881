"""The week report: the manager's end-of-week review and the briefing for their boss.

``SECTIONS`` lists its section builders in order; ``AGENDA_PARTS`` the parts of its
last section, next week's agenda. To extend the report, add a builder to either list.
Sections about features not in use (no deal, objective or request recorded yet) leave
themselves out.
"""

from __future__ import annotations

from sam_tui.domain.periods import PeriodKind
from sam_tui.reports.base import ReportContext, ReportKind, SectionBuilder
from sam_tui.reports.model import Section, merge
from sam_tui.reports.render.values import period_span
from sam_tui.reports.sections.agenda import close_dates_next, follow_ups_due_next, renewals_soon
from sam_tui.reports.sections.complaints import complaints
from sam_tui.reports.sections.deals import deals_section
from sam_tui.reports.sections.follow_ups import follow_ups
from sam_tui.reports.sections.health import health
from sam_tui.reports.sections.objectives import objectives_section
from sam_tui.reports.sections.requests import requests_section
from sam_tui.reports.sections.touches import touches

# Next week's agenda, part by part; their blocks and figures are merged into one section.
AGENDA_PARTS: list[SectionBuilder] = [follow_ups_due_next, renewals_soon, close_dates_next]


def agenda(ctx: ReportContext) -> Section:
    """Next week: what is due, renews, should close; one section from ``AGENDA_PARTS``."""
    nxt = ctx.period.next()
    return merge(
        "agenda",
        "Next week",
        [part(ctx) for part in AGENDA_PARTS],
        note=f"{nxt.label}, {period_span(nxt)}",
    )


SECTIONS: list[SectionBuilder] = [
    touches,
    follow_ups,
    complaints,
    deals_section,
    objectives_section,
    requests_section,
    health,
    agenda,
]

# on a large book, built by a second process (``reports.apart``): health and the agenda
# share the accounts' summaries, the most costly read of the week
APART: tuple[SectionBuilder, ...] = (health, agenda, objectives_section, requests_section)

WEEK = ReportKind("week", "Week report", PeriodKind.WEEK, SECTIONS, APART)
