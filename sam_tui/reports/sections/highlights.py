"""Highlights and risks: short statements the data makes true, each by a fixed rule.

Nothing is written freely: every bullet is one of the rules below, filled with numbers
that appear elsewhere in the report, and shown only when its rule fires.

- pace: attainment against the share of the period elapsed (behind: more than 10 points
  under it); without a quota, that there is none;
- the largest deal won, and the largest lost, in the period;
- slipped deals: open deals whose expected close in the period has passed;
- coverage under 1x: the pipeline does not cover the quota not yet met;
- objectives off track or at risk (as assessed now);
- complaints open past their SLA at the report's moment;
- strategic and key accounts not touched in the period.
"""

from __future__ import annotations

from sam_tui.domain import sales as sales_rules
from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import DealStage, Tier
from sam_tui.domain.figures import times
from sam_tui.domain.money import format_money
from sam_tui.domain.objectives import ObjectiveStatus
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Bullets, Section
from sam_tui.reports.render.values import percent
from sam_tui.reports.sections.period_metrics import ratio
from sam_tui.reports.sections.reads import complaint_events, deal_facts, metrics_of
from sam_tui.services import activity, objectives

BEHIND_POINTS = 10
NAMES = 3  # names listed in a bullet before "and N more"

RULES = (
    "Each line follows a fixed rule: pace against quota, the largest win and loss, slipped "
    "deals, coverage, objectives off track, complaints past SLA, key accounts untouched."
)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES])
    return shown + (f" and {len(names) - NAMES} more" if len(names) > NAMES else "")


def _n(n: int, word: str) -> str:
    return f"1 {word}" if n == 1 else f"{n:,} {word}s"


def _pct(value: float | None) -> str:
    return "—" if value is None else percent(value)


def highlights(ctx: ReportContext) -> Section:
    period = ctx.period
    day = ctx.as_of.date()
    good: list[str] = []
    risks: list[str] = []
    sales = metrics_of(ctx, period).sales
    kind = period.kind.value
    if sales.quota_cents is None:
        risks.append(
            f"No quota is set for {period.label}: won {format_money(sales.won_cents)} in "
            f"{_n(sales.won_count, 'deal')}, with nothing to measure it against."
            if sales.won_count
            else f"No quota is set for {period.label}, and no deal was won."
        )
    elif ctx.today >= period.start:
        attained = ratio(sales.attainment) or 0.0
        elapsed = period.elapsed_days(ctx.today)
        share = elapsed / period.days
        said = (
            f"Attainment {_pct(attained)} ({format_money(sales.won_cents)} of "
            f"{format_money(sales.quota_cents)})"
        )
        if ctx.running:
            said += f" with {_pct(share)} of the {kind} gone (day {elapsed} of {period.days})"
        if attained >= 1:
            good.append(said + ": quota met.")
        elif round((share - attained) * 100) > BEHIND_POINTS:
            risks.append(said + f": {round((share - attained) * 100)} points behind pace.")
        else:
            good.append(said + ": on pace." if ctx.running else said + ".")
    facts = deal_facts(ctx)
    closed = [d for d in facts if d.closed is not None and d.in_period(period)]
    won = [d for d in closed if d.stage is DealStage.WON]
    lost = [d for d in closed if d.stage is DealStage.LOST]
    if won:
        top = max(won, key=lambda d: (d.amount_cents, -d.id))
        good.append(
            f"Largest win: {top.name} ({top.account_name}), {format_money(top.amount_cents)}, "
            f"won {format_day(top.closed or day, ctx.today)}; {_n(len(won), 'deal')} won in all."
        )
    if lost:
        top = max(lost, key=lambda d: (d.amount_cents, -d.id))
        risks.append(
            f"Largest loss: {top.name} ({top.account_name}), {format_money(top.amount_cents)}, "
            f"lost {format_day(top.closed or day, ctx.today)}; {_n(len(lost), 'deal')} lost in all."
        )
    slipped = sales_rules.slipped(facts, period, day)
    if slipped:
        top = max(slipped, key=lambda d: (d.amount_cents, -d.id))
        worth = sum(d.amount_cents for d in slipped)
        said = (
            f"{top.name} ({top.account_name}, {format_money(top.amount_cents)}) was due "
            f"{format_day(top.expected_close or day, ctx.today)} and is still at "
            f"{top.stage.value}."
        )
        if len(slipped) == 1:
            risks.append(f"Slipped past its expected close: {said}")
        else:
            risks.append(
                f"Slipped: {len(slipped)} open deals worth {format_money(worth)} are past "
                f"their expected close in {period.label}; the largest, {said}"
            )
    if (
        ctx.running
        and sales.coverage is not None
        and sales.remaining_quota_cents
        and sales.coverage < 1
    ):
        risks.append(
            f"Coverage {times(sales.coverage)}: the pipeline of "
            f"{format_money(sales.pipeline_cents)} closing in {period.label} is less than the "
            f"{format_money(sales.remaining_quota_cents)} of quota not yet met."
        )
    weak = [
        o
        for o in objectives.list_objectives(ctx.conn)
        if o.status in (ObjectiveStatus.OFF_TRACK, ObjectiveStatus.AT_RISK)
    ]
    if weak:
        # each named with its own status, worst first: a count then a list of names
        # cannot say which name is which
        weak.sort(key=lambda o: (o.status is not ObjectiveStatus.OFF_TRACK, o.due_date, o.id))
        risks.append(
            "Objectives behind, as assessed today: "
            + _names([f"{o.title} ({o.status.value.replace('-', ' ')})" for o in weak])
            + "."
        )
    late = [e for e in complaint_events(ctx) if e.past_sla]
    if late:
        risks.append(
            (
                "1 complaint open past its SLA "
                if len(late) == 1
                else f"{len(late)} complaints open past their SLA "
            )
            + ("now: " if ctx.as_of == ctx.now else f"at the end of the {kind}: ")
            + _names([f"{e.title} ({e.account_name})" for e in late])
            + "."
        )
    untouched = [
        a
        for a in activity.untouched_accounts(ctx.conn, period.start, period.end)
        if a.tier in (Tier.STRATEGIC, Tier.KEY)
    ]
    if untouched and ctx.today >= period.start:
        risks.append(
            f"{_n(len(untouched), 'strategic or key account')} not touched in {ctx.span}: "
            + _names(sorted((a.name for a in untouched), key=str.casefold))
            + "."
        )
    blocks = (
        Bullets(
            "highlights", tuple(good) or ("Nothing to highlight by these rules.",), "Highlights"
        ),
        Bullets("risks", tuple(risks) or ("No risk raised by these rules.",), "Risks"),
    )
    return Section("highlights", "Highlights and risks", blocks, note=RULES)
