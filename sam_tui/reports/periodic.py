"""The month, quarter and year reports: a period's results for the manager's boss.

``SECTIONS`` lists their section builders in order (the three kinds share it). To extend
them, add a builder to the list. Deals won, lost and moved (with the forecast change over
the period) and objectives status are sections the week report has too.
"""

from __future__ import annotations

from sam_tui.domain.periods import PeriodKind
from sam_tui.reports.base import ReportContext, ReportKind, SectionBuilder
from sam_tui.reports.model import Section
from sam_tui.reports.sections.deals import deals_section
from sam_tui.reports.sections.highlights import highlights
from sam_tui.reports.sections.objectives import objectives_section
from sam_tui.reports.sections.period_metrics import period_metrics
from sam_tui.reports.sections.portfolio import portfolio
from sam_tui.reports.sections.prospects_moved import prospects_moved
from sam_tui.reports.sections.quota_forecast import quota_forecast
from sam_tui.reports.sections.service_level import service_level
from sam_tui.reports.sections.top_accounts import top_accounts


def deals_moved(ctx: ReportContext) -> Section | None:
    """The deals section without its "Won" figure: the quota section already has it."""
    section = deals_section(ctx)
    if section is None:
        return None
    return section._replace(figures=tuple(f for f in section.figures if f.key != "won_amount"))


SECTIONS: list[SectionBuilder] = [
    highlights,
    quota_forecast,
    deals_moved,
    objectives_section,
    period_metrics,
    portfolio,
    top_accounts,
    service_level,
    prospects_moved,
]

# on a large book, built by a second process (``reports.apart``): the accounts' summaries
# and the deal history, the two costly reads the period's metrics do not share
APART: tuple[SectionBuilder, ...] = (portfolio, deals_moved)

MONTH = ReportKind("month", "Month report", PeriodKind.MONTH, SECTIONS, APART)
QUARTER = ReportKind("quarter", "Quarter report", PeriodKind.QUARTER, SECTIONS, APART)
YEAR = ReportKind("year", "Year report", PeriodKind.YEAR, SECTIONS, APART)
