"""The team roll-up as a report: every renderer (text, md, html, json) prints it.

The data is ``services.team.rollup``'s; here only its layout. Rates and money are shaped
as the manager's own report shapes them (``period_metrics.ratio``: unrounded, read as
``sam metrics`` reads them; the forecast rows of ``quota_forecast``), so a one-manager
team reads exactly like that manager's report.
"""

from __future__ import annotations

from datetime import datetime

from sam_tui.domain.dates import format_moment
from sam_tui.domain.periods import PeriodKind
from sam_tui.domain.triage import KIND_LABEL
from sam_tui.reports.model import (
    Better,
    Block,
    Column,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    ValueType,
)
from sam_tui.reports.sections.period_metrics import ratio
from sam_tui.reports.sections.quota_forecast import FORECAST_ROWS
from sam_tui.services.team import Freshness, TeamRollup

M, N, P, T, D = (
    ValueType.MONEY,
    ValueType.NUMBER,
    ValueType.PERCENT,
    ValueType.TEXT,
    ValueType.DATE,
)
# the first two columns of a list of accounts from several books
_WHOSE = (Column("manager", "Manager"), Column("account", "Account"))
SHOWN = 25  # rows of a long list printed (json has them all)
TITLES = {
    PeriodKind.WEEK: "Team week report",
    PeriodKind.MONTH: "Team month report",
    PeriodKind.QUARTER: "Team quarter report",
    PeriodKind.YEAR: "Team year report",
}


def build(rollup: TeamRollup) -> Report:
    period = rollup.period
    return Report(
        kind=f"team-{period.kind.value}",
        title=TITLES[period.kind],
        period=period,
        previous=rollup.previous,
        generated_at=rollup.now,
        as_of=rollup.as_of,
        sections=(
            _forecast(rollup),
            _managers(rollup),
            _attention(rollup),
            _relationships(rollup),
            _renewals(rollup),
            _freshness(rollup),
        ),
    )


def _forecast(r: TeamRollup) -> Section:
    f, before = r.forecast, r.previous_forecast
    figures = (
        Figure("quota", "Team quota", f.quota_cents, M, before.quota_cents, Better.NEITHER),
        Figure(
            "attainment",
            "Quota attainment",
            ratio(r.sales.attainment),
            P,
            ratio(r.previous_sales.attainment),
            note="won / quota",
        ),
        Figure("closed_won", "Closed won", f.closed_won_cents, M, before.closed_won_cents),
        Figure("commit", "Commit", f.commit_cents, M, before.commit_cents),
        Figure("best_case", "Best case", f.best_case_cents, M, before.best_case_cents),
        Figure("weighted", "Weighted forecast", f.weighted_cents, M, before.weighted_cents),
    )
    amounts = dict(f.figures())
    rows = tuple((label, amounts[key], f.gap(amounts[key])) for key, label in FORECAST_ROWS) + (
        ("Weighted pipeline (open deals)", f.weighted_pipeline_cents, None),
    )
    blocks: list[Block] = [
        Table(
            "forecast",
            f"The team's forecast to the end of {r.period.label}",
            (
                Column("figure", "Figure"),
                Column("amount", "Amount", M),
                Column("gap", "Against quota", ValueType.GAP),
            ),
            rows,
        )
    ]
    blocks.extend(Paragraph(f"note_{n}", text) for n, text in enumerate(r.notes))
    note = "Every manager's deals together, against the sum of their quotas."
    return Section("team_forecast", "Team quota and forecast", tuple(blocks), figures, note)


def _managers(r: TeamRollup) -> Section:
    rows = tuple(
        (
            m.name,
            m.sales.quota_cents,
            m.sales.won_cents,
            ratio(m.sales.attainment),
            ratio(m.sales.coverage),
            ratio(m.sales.win_rate_count),
            len(m.slipped),
            sum(d.amount_cents for d in m.slipped),
            m.forecast.commit_cents,
            m.forecast.weighted_cents,
        )
        for m in r.managers
    )
    table = Table(
        "managers",
        f"Each manager in {r.period.label}",
        (
            Column("manager", "Manager"),
            Column("quota", "Quota", M, optional=True),
            Column("won", "Won", M),
            Column("attainment", "Attained", P),
            Column("coverage", "Coverage", ValueType.TIMES),
            Column("win_rate", "Win rate", P),
            Column("slipped", "Slipped", N),
            Column("slipped_amount", "Slipped amt", M, optional=True),
            Column("commit", "Commit", M, optional=True),
            Column("weighted", "Weighted", M, optional=True),
        ),
        rows,
        empty="No manager's book has been pulled yet: sam team pull.",
    )
    note = (
        "Coverage: pipeline / quota not yet met (times). Win rate by count. Slipped: open "
        f"deals past their expected close in {r.period.label}."
    )
    return Section("managers", "Managers", (table,), (), note)


def _attention(r: TeamRollup) -> Section:
    rows = tuple(
        (
            f.item.score,
            f.manager,
            KIND_LABEL[f.item.kind],
            f.item.account_name,
            f.item.title,
            f.item.due,
            "; ".join(f.item.reasons[:1]),
        )
        for f in r.attention
    )
    table = Table(
        "attention",
        "Complaints past or near their SLA, and overdue follow-ups",
        (
            Column("score", "Score", N),
            Column("manager", "Manager"),
            Column("kind", "Kind"),
            Column("account", "Account"),
            Column("title", "What"),
            Column("due", "Due", D),
            Column("why", "Why", optional=True),
        ),
        rows,
        empty="Nothing: no complaint near its SLA and no follow-up overdue.",
        show=SHOWN,
        more="items",
    )
    note = "Ranked as each manager's `sam today` ranks them, across the team."
    return Section("attention", "Needs attention across the team", (table,), (), note)


def _relationships(r: TeamRollup) -> Section:
    cold = Table(
        "going_cold",
        "Accounts going cold (past their cadence)",
        (
            *_WHOSE,
            Column("days_since", "Days since", N),
            Column("cadence", "Cadence", N),
        ),
        tuple(
            (
                c.manager,
                c.account.account_name,
                None if c.account.never else c.account.days_since,
                c.account.cadence_days,
            )
            for c in r.cold
        ),
        empty="None: every account was touched within its cadence.",
        show=SHOWN,
        more="accounts",
    )
    single = Table(
        "single_threaded",
        "Single-threaded strategic accounts",
        (
            *_WHOSE,
            Column("why", "Why"),
        ),
        tuple(
            (f.manager, f.item.account_name, "; ".join(f.item.reasons[:1]))
            for f in r.single_threaded
        ),
        empty="None: every strategic account has more than one live thread.",
        show=SHOWN,
        more="accounts",
    )
    return Section("relationships", "Relationships at risk", (cold, single))


def _renewals(r: TeamRollup) -> Section:
    table = Table(
        "renewals",
        "Renewals in the next 90 days",
        (
            *_WHOSE,
            Column("renewal", "Renews", D),
            Column("value", "Value", M),
            Column("last_touch", "Last touch", D, optional=True),
        ),
        tuple(
            (
                x.manager,
                x.renewal.account_name,
                x.renewal.renewal_date,
                x.renewal.value_cents,
                x.renewal.last_touch,
            )
            for x in r.renewals
        ),
        empty="No renewal in the next 90 days.",
        show=SHOWN,
        more="renewals",
    )
    return Section("renewals", "Renewals", (table,))


def _moment(value: datetime | None, r: TeamRollup) -> str:
    return "—" if value is None else format_moment(value.astimezone(), r.now.date())


def _status(f: Freshness) -> str:
    if f.problem is None:
        return "ok"
    if f.pulled_at is None:  # never pulled: the problem says what to do
        return f.problem
    return f"last pull failed, older copy shown: {f.problem}"


def _freshness(r: TeamRollup) -> Section:
    table = Table(
        "freshness",
        "How fresh each manager's data is",
        (
            Column("manager", "Manager"),
            Column("replicated", "Replicated"),
            Column("pulled", "Pulled"),
            Column("status", "Status"),
        ),
        tuple(
            (
                name,
                _moment(f.replicated_at, r),
                _moment(f.pulled_at, r),
                _status(f),
            )
            for name, f in r.freshness
        ),
        empty="No manager in the team yet: sam team add NAME URL.",
    )
    note = (
        "Replicated: the newest change on the manager's replica when it was pulled. Figures "
        "are as of that moment; a failed pull keeps the copy before it."
    )
    return Section("freshness", "Freshness", (table,), (), note)
