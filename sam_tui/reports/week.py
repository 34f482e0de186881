"""The week report: the manager's end-of-week review, laid out from services' data.

Sections, in order: touches, follow-ups, complaints, portfolio health, next week. Each
is a builder in ``SECTIONS``; the next-week agenda is itself made of ``AGENDA_PARTS``.
Deals (moved, won, lost, forecast change), objectives progress and internal requests
per team slot in as more builders in ``SECTIONS``; next week's close dates as one more
part in ``AGENDA_PARTS``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import Priority, Tier
from sam_tui.domain.health import Health
from sam_tui.domain.money import format_compact
from sam_tui.domain.periods import PeriodKind
from sam_tui.domain.sla import describe_remaining
from sam_tui.reports.base import ReportContext, ReportKind, SectionBuilder
from sam_tui.reports.model import (
    BarChart,
    Better,
    Block,
    Column,
    Figure,
    LineChart,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
    ValueType,
    merge,
)
from sam_tui.reports.render.values import period_span
from sam_tui.services import accounts, activity

N, D, M = ValueType.NUMBER, ValueType.DATE, ValueType.MONEY
TREND_WEEKS = 12


def touches(ctx: ReportContext) -> Section:
    """Touches logged per account, the daily rhythm, the 12-week trend, and who was missed."""
    period, previous = ctx.period, ctx.previous
    by_account = activity.touches_by_account(ctx.conn, period.start, period.end)
    total = sum(t.touches for t in by_account)
    prev_total, prev_accounts = activity.touch_count(ctx.conn, previous.start, previous.end)
    weeks = [period]
    for _ in range(TREND_WEEKS - 1):
        weeks.insert(0, weeks[0].previous())
    trend = activity.touch_counts(ctx.conn, [(w.start, w.end) for w in weeks])
    active = activity.active_accounts(ctx.conn, period.end)
    figures = (
        Figure("touches", "Touches logged", total, previous=prev_total, trend=tuple(trend)),
        Figure(
            "accounts_touched",
            "Accounts touched",
            len(by_account),
            previous=prev_accounts,
            note=f"{active} active",
        ),
    )
    blocks: list[Block] = []
    if total:
        days = activity.touches_per_day(ctx.conn, period.start, period.end)
        blocks.append(
            BarChart(
                "per_day",
                "Touches per day",
                tuple(format_day(d, ctx.today) for d, _ in days),
                (Series("touches", tuple(n for _, n in days)),),
            )
        )
    if any(trend):
        blocks.append(
            LineChart(
                "per_week",
                f"Touches per week, last {TREND_WEEKS} weeks",
                tuple(w.label.split("-")[1] for w in weeks),
                (Series("touches", tuple(trend)),),
            )
        )
    if by_account:
        blocks.append(
            Table(
                "by_account",
                "Touches by account",
                (
                    Column("account", "Account"),
                    Column("tier", "Tier"),
                    Column("touches", "Touches", N),
                    Column("channels", "Channels"),
                    Column("last", "Last", D),
                    Column("sentiment", "Sentiment", N),
                ),
                tuple(
                    (
                        t.name,
                        t.tier.value,
                        t.touches,
                        ", ".join(f"{n} {c.value}" for c, n in t.channels),
                        t.last_at.astimezone().date(),
                        t.net_sentiment,
                    )
                    for t in by_account
                ),
                show=20,
                more="accounts",
            )
        )
    else:
        blocks.append(Paragraph("no_touches", "No touches logged in the week."))
    blocks.append(_untouched(ctx))
    return Section("touches", "Touches", tuple(blocks), figures)


def _untouched(ctx: ReportContext) -> Table:
    day = ctx.as_of.date()
    rows = []
    for a in activity.untouched_accounts(ctx.conn, ctx.period.start, ctx.period.end):
        last = a.last_touch.astimezone().date() if a.last_touch else None
        since = (day - (last or a.created)).days
        over = since - a.cadence_days
        rows.append(
            (
                over / a.cadence_days,
                (a.name, a.tier.value, last, since, a.cadence_days, over if over > 0 else None),
            )
        )
    rows.sort(key=lambda r: (-r[0], str(r[1][0]).casefold()))
    return Table(
        "not_touched",
        "Active accounts not touched in the week",
        (
            Column("account", "Account"),
            Column("tier", "Tier"),
            Column("last_touch", "Last touch", D),
            Column("days_since", "Days", N),
            Column("cadence_days", "Cadence", N),
            Column("days_over", "Over by", N),
        ),
        tuple(r for _, r in rows),
        empty="Every active account was touched.",
        show=15,
        more="accounts",
    )


def follow_ups(ctx: ReportContext) -> Section:
    """What was promised, what was delivered, and what is slipping."""
    period, previous = ctx.period, ctx.previous
    done = activity.follow_ups_done(ctx.conn, period.start, period.end)
    created = activity.follow_ups_created(ctx.conn, period.start, period.end)
    overdue = activity.follow_ups_overdue(ctx.conn, ctx.as_of)
    prev_done = activity.follow_ups_done(ctx.conn, previous.start, previous.end)
    prev_created = activity.follow_ups_created(ctx.conn, previous.start, previous.end)
    prev_overdue = activity.follow_ups_overdue(ctx.conn, ctx.previous_as_of)
    figures = (
        Figure("follow_ups_done", "Follow-ups done", len(done), previous=len(prev_done)),
        Figure(
            "follow_ups_created",
            "Follow-ups created",
            len(created),
            previous=len(prev_created),
            better=Better.NEITHER,
        ),
        Figure(
            "follow_ups_overdue",
            "Follow-ups overdue",
            len(overdue),
            previous=len(prev_overdue),
            better=Better.DOWN,
            note="now" if ctx.running else "at the end",
        ),
    )
    day = ctx.as_of.date()
    overdue_title = (
        f"Overdue now ({format_day(day, ctx.today)})"
        if ctx.running
        else "Still overdue at the end of the week"
    )
    blocks = (
        Table(
            "done",
            "Done in the week",
            (
                Column("done", "Done", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("due", "Was due", D),
            ),
            tuple(
                (
                    f.done_at.astimezone().date() if f.done_at else None,
                    f.account_name,
                    f.title,
                    f.due_date,
                )
                for f in done
            ),
            empty="No follow-up was marked done in the week.",
            show=15,
            more="follow-ups",
        ),
        Table(
            "overdue",
            overdue_title,
            (
                Column("due", "Due", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("days_late", "Late", N),
                Column("priority", "Priority"),
            ),
            tuple(
                (
                    f.due_date,
                    f.account_name,
                    f.title,
                    (day - f.due_date).days,
                    _priority(f.priority),
                )
                for f in overdue
            ),
            empty="Nothing overdue.",
            show=15,
            more="follow-ups",
        ),
        Table(
            "created",
            "Created in the week",
            (
                Column("due", "Due", D),
                Column("account", "Account"),
                Column("follow_up", "Follow-up"),
                Column("status", "Now"),
            ),
            tuple((f.due_date, f.account_name, f.title, f.status.value) for f in created),
            empty="No follow-up was created in the week.",
            show=10,
            more="follow-ups",
        ),
    )
    return Section("follow_ups", "Follow-ups", blocks, figures)


def _priority(priority: Priority) -> str:
    return "" if priority is Priority.NORMAL else priority.value


def complaints(ctx: ReportContext) -> Section:
    """Complaints opened, answered (first response), resolved, and those past their SLA."""
    period, previous = ctx.period, ctx.previous
    events = activity.complaint_activity(ctx.conn, period.start, period.end, ctx.as_of)
    before = activity.complaint_activity(ctx.conn, previous.start, previous.end, ctx.previous_as_of)

    def count(items: list[activity.ComplaintEvent], flag: str) -> int:
        return sum(1 for e in items if getattr(e, flag))

    figures = (
        Figure(
            "complaints_opened",
            "Complaints opened",
            count(events, "opened"),
            previous=count(before, "opened"),
            better=Better.DOWN,
        ),
        Figure(
            "complaints_answered",
            "Complaints answered",
            count(events, "answered"),
            previous=count(before, "answered"),
            note="first response",
        ),
        Figure(
            "complaints_resolved",
            "Complaints resolved",
            count(events, "resolved"),
            previous=count(before, "resolved"),
        ),
        Figure(
            "complaints_past_sla",
            "Complaints past SLA",
            count(events, "past_sla"),
            previous=count(before, "past_sla"),
            better=Better.DOWN,
            note="open, now" if ctx.running else "open, at the end",
        ),
    )
    rows = []
    for e in events:
        resolved = e.resolved_at is not None and e.resolved_at <= ctx.as_of
        rows.append(
            (
                e.id,
                e.account_name,
                e.title,
                e.severity.value,
                e.opened_at.astimezone().date(),
                e.first_response_at.astimezone().date() if e.first_response_at else None,
                e.resolved_at.astimezone().date() if resolved and e.resolved_at else None,
                _sla(e, ctx.as_of, resolved),
            )
        )
    table = Table(
        "complaints",
        "Complaints in the week",
        (
            Column("id", "#", N),
            Column("account", "Account"),
            Column("complaint", "Complaint"),
            Column("severity", "Severity"),
            Column("opened", "Opened", D),
            Column("answered", "Answered", D, optional=True),
            Column("resolved", "Resolved", D, optional=True),
            Column("status", "Status"),
        ),
        tuple(rows),
        empty="No complaint was opened, answered or resolved in the week, and none was open "
        "past its SLA.",
        show=20,
        more="complaints",
    )
    return Section("complaints", "Complaints", (table,), figures)


def _sla(e: activity.ComplaintEvent, as_of: datetime, resolved: bool) -> str:
    """Where it stands at ``as_of``: ``resolved in SLA``, ``answered, 3 days past SLA``,
    ``no reply, SLA in 5 hours``."""
    if resolved:
        return "resolved in SLA" if e.within_sla else "resolved late"
    answered = e.first_response_at is not None and e.first_response_at <= as_of
    remaining = e.sla_due_at - as_of
    amount = describe_remaining(remaining).removeprefix("past SLA by ").removeprefix("SLA due in ")
    state = "answered" if answered else "no reply"
    if remaining <= timedelta(0):
        return f"{state}, {amount} past SLA"
    return f"{state}, SLA in {amount}"


_HEALTH_TONE = {Health.GREEN: Tone.GOOD, Health.AMBER: Tone.WARN, Health.RED: Tone.BAD}


def health(ctx: ReportContext) -> Section:
    """The active portfolio by health and tier, and the accounts that need attention."""
    live = accounts.summaries(ctx.conn, where="a.archived = 0 AND a.status = 'active'")
    counts = {h: sum(1 for s in live if s.health.health is h) for h in Health}
    figures = (
        Figure(
            "accounts_red",
            "Accounts in the red",
            counts[Health.RED],
            better=Better.DOWN,
            note=f"{counts[Health.AMBER]} amber, {counts[Health.GREEN]} green",
        ),
    )
    note = (
        f"As of {format_day(ctx.today, ctx.today)}: health is measured now, not kept per week."
        if not ctx.running
        else ""
    )
    if not live:
        return Section(
            "health",
            "Portfolio health",
            (Paragraph("no_accounts", "No active accounts."),),
            figures,
            note,
        )
    tiers = [t for t in Tier if any(s.tier is t for s in live)]
    chart = BarChart(
        "by_tier",
        "Active accounts by tier and health",
        tuple(t.value for t in tiers),
        tuple(
            Series(
                h.value,
                tuple(sum(1 for s in live if s.tier is t and s.health.health is h) for t in tiers),
                _HEALTH_TONE[h],
            )
            for h in Health
        ),
        stacked=True,
    )
    attention = sorted(
        (s for s in live if s.health.health is not Health.GREEN),
        key=lambda s: (s.health.score, s.name.casefold()),
    )
    table = Table(
        "attention",
        "Accounts in the red or amber",
        (
            Column("account", "Account"),
            Column("tier", "Tier"),
            Column("health", "Health"),
            Column("score", "Score", N),
            Column("why", "Why"),
        ),
        tuple(
            (
                s.name,
                s.tier.value,
                s.health.health.value,
                s.health.score,
                "; ".join(s.health.reasons),
            )
            for s in attention
        ),
        empty="Every active account is green.",
        show=12,
        more="accounts",
    )
    return Section("health", "Portfolio health", (chart, table), figures, note)


def follow_ups_next_week(ctx: ReportContext) -> Section:
    nxt = ctx.period.next()
    due = activity.follow_ups_due(ctx.conn, nxt.start, nxt.end, ctx.as_of)
    return Section(
        "follow_ups_due",
        "",
        (
            Table(
                "follow_ups_due",
                "Follow-ups due",
                (
                    Column("due", "Due", D),
                    Column("account", "Account"),
                    Column("follow_up", "Follow-up"),
                    Column("priority", "Priority"),
                ),
                tuple((f.due_date, f.account_name, f.title, _priority(f.priority)) for f in due),
                empty="No follow-up is due next week.",
                show=20,
                more="follow-ups",
            ),
        ),
        (Figure("follow_ups_due_next_week", "Follow-ups due next week", len(due)),),
    )


RENEWAL_DAYS = 30


def renewals_next_30_days(ctx: ReportContext) -> Section:
    first = ctx.as_of.date()
    last = first + timedelta(days=RENEWAL_DAYS)
    upcoming = accounts.summaries(
        ctx.conn,
        where="a.archived = 0 AND a.status = 'active' AND a.renewal_date >= :first "
        "AND a.renewal_date <= :last",
        params={"first": first.isoformat(), "last": last.isoformat()},
    )
    upcoming.sort(key=lambda s: (s.renewal_date, s.name.casefold()))
    worth = sum(s.value_cents or 0 for s in upcoming)
    return Section(
        "renewals",
        "",
        (
            Table(
                "renewals",
                f"Renewals in the next {RENEWAL_DAYS} days",
                (
                    Column("renewal", "Renews", D),
                    Column("account", "Account"),
                    Column("tier", "Tier"),
                    Column("annual_value", "Annual value", M),
                    Column("last_touch", "Last touch", D),
                    Column("health", "Health"),
                ),
                tuple(
                    (
                        s.renewal_date,
                        s.name,
                        s.tier.value,
                        s.value_cents,
                        s.last_touch.astimezone().date() if s.last_touch else None,
                        s.health.health.value,
                    )
                    for s in upcoming
                ),
                empty=f"No renewal in the next {RENEWAL_DAYS} days.",
                show=20,
                more="renewals",
            ),
        ),
        (
            Figure(
                "renewals_30_days",
                f"Renewals within {RENEWAL_DAYS} days",
                len(upcoming),
                better=Better.NEITHER,
                note=f"{format_compact(worth)} a year" if worth else "",
            ),
        ),
    )


# The agenda's parts, in order; each returns a Section whose blocks and figures are merged.
AGENDA_PARTS: list[SectionBuilder] = [follow_ups_next_week, renewals_next_30_days]


def agenda(ctx: ReportContext) -> Section:
    nxt = ctx.period.next()
    return merge(
        "agenda",
        "Next week",
        [part(ctx) for part in AGENDA_PARTS],
        note=f"{nxt.label}, {period_span(nxt)}",
    )


# The week report's sections, in order.
SECTIONS: list[SectionBuilder] = [touches, follow_ups, complaints, health, agenda]

WEEK = ReportKind("week", "Week report", PeriodKind.WEEK, SECTIONS)
