"""The month, quarter and year reports: a period's results for the manager's boss.

``SECTIONS`` lists their section builders in order (the three kinds share it). To extend
them, add a builder to the list (objectives status and deals moved, won and lost are
sections the week report also has).
"""

from __future__ import annotations

from sam_tui.domain.periods import PeriodKind
from sam_tui.reports.base import ReportKind, SectionBuilder
from sam_tui.reports.sections.highlights import highlights
from sam_tui.reports.sections.period_metrics import period_metrics
from sam_tui.reports.sections.portfolio import portfolio
from sam_tui.reports.sections.prospects_moved import prospects_moved
from sam_tui.reports.sections.quota_forecast import quota_forecast
from sam_tui.reports.sections.service_level import service_level
from sam_tui.reports.sections.top_accounts import top_accounts

SECTIONS: list[SectionBuilder] = [
    highlights,
    quota_forecast,
    period_metrics,
    portfolio,
    top_accounts,
    service_level,
    prospects_moved,
]

MONTH = ReportKind("month", "Month report", PeriodKind.MONTH, SECTIONS)
QUARTER = ReportKind("quarter", "Quarter report", PeriodKind.QUARTER, SECTIONS)
YEAR = ReportKind("year", "Year report", PeriodKind.YEAR, SECTIONS)
