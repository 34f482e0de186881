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

# on a large book, the sections a second process builds (``reports.apart``), chosen by
# measuring both halves on the large book (10,000 accounts, a million touches): about
# equal, each half's layout in the printed format counted, and never the sections that
# read the period's metrics (this process reads them for the highlights anyway). The accounts'
# summaries weigh the same in every kind; the deal history and touch ranking grow with
# the period.
MONTH = ReportKind(
    "month",
    "Month report",
    PeriodKind.MONTH,
    SECTIONS,
    (portfolio, objectives_section, prospects_moved),
)
QUARTER = ReportKind(
    "quarter", "Quarter report", PeriodKind.QUARTER, SECTIONS, (portfolio, deals_moved)
)
YEAR = ReportKind(
    "year",
    "Year report",
    PeriodKind.YEAR,
    SECTIONS,
    (deals_moved, top_accounts, objectives_section, prospects_moved),
)
