"""Parts of an agenda for the period after the report's: follow-ups due, renewals coming."""

from __future__ import annotations

from datetime import timedelta

from sam_tui.domain.money import format_compact
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Section, Table, ValueType
from sam_tui.reports.sections.follow_ups import priority_label
from sam_tui.reports.sections.reads import active_accounts
from sam_tui.services import activity, deals

D, M = ValueType.DATE, ValueType.MONEY


def follow_ups_due_next(ctx: ReportContext) -> Section:
    """Open follow-ups due in the next period, as the agenda stood at the end of this one."""
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
                tuple(
                    (f.due_date, f.account_name, f.title, priority_label(f.priority)) for f in due
                ),
                empty=f"No follow-up is due {ctx.next_name}.",
                show=20,
                more="follow-ups",
            ),
        ),
        (Figure("follow_ups_due_next", f"Follow-ups due {ctx.next_name}", len(due)),),
    )


RENEWAL_DAYS = 30


def renewals_soon(ctx: ReportContext) -> Section:
    """Active accounts renewing within 30 days of the report's moment, soonest first."""
    first = ctx.as_of.date()
    last = first + timedelta(days=RENEWAL_DAYS)
    upcoming = [
        s for s in active_accounts(ctx) if s.renewal_date and first <= s.renewal_date <= last
    ]
    upcoming.sort(key=lambda s: (s.renewal_date or first, s.name.casefold()))
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
                        s.last_touch_day,
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


def close_dates_next(ctx: ReportContext) -> Section | None:
    """Open deals expected to close in the next period (left out while there are no deals)."""
    if not ctx.uses("deal"):
        return None
    nxt = ctx.period.next()
    closing = deals.closing_between(ctx.conn, nxt.start, nxt.end)
    worth = sum(d.amount_cents for d in closing)
    return Section(
        "close_dates",
        "",
        (
            Table(
                "close_dates",
                "Deals expected to close",
                (
                    Column("close", "Close", D),
                    Column("account", "Account"),
                    Column("deal", "Deal"),
                    Column("amount", "Amount", M),
                    Column("stage", "Stage"),
                    Column("category", "Category", optional=True),
                ),
                tuple(
                    (
                        d.expected_close,
                        d.account_name,
                        d.name,
                        d.amount_cents,
                        d.stage.value,
                        d.category.value,
                    )
                    for d in closing
                ),
                empty=f"No open deal is expected to close {ctx.next_name}.",
                show=15,
                more="deals",
            ),
        ),
        (
            Figure(
                "deals_closing_next",
                f"Deals to close {ctx.next_name}",
                len(closing),
                better=Better.NEITHER,
                note=format_compact(worth) if worth else "",
            ),
        ),
    )
