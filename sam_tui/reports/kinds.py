"""Every kind of report, by the name the CLI uses (``sam report NAME``)."""

from __future__ import annotations

from sam_tui.reports.base import ReportKind
from sam_tui.reports.periodic import MONTH, QUARTER, YEAR
from sam_tui.reports.week import WEEK

KINDS: dict[str, ReportKind] = {k.name: k for k in (WEEK, MONTH, QUARTER, YEAR)}
