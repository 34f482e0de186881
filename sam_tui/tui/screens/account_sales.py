"""The account view's deals and objectives tabs: their rows, the selected one in full, and
what stands out in the line under them (the pipeline screen shows deals the same way)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from rich.text import Text

from sam_tui.domain.dates import format_day, humanize, short_day
from sam_tui.domain.enums import DealStage
from sam_tui.domain.money import format_compact, format_money
from sam_tui.domain.objectives import ObjectiveStatus, format_value
from sam_tui.services import deals, objectives
from sam_tui.tui.widgets.table import Column, Row, due_cell, literal, noted, row, stamp

DEAL_COLUMNS = (
    Column("id", "#", 4),
    Column("stage", "Stage", 13),
    Column("amount", "Amount", 10),
    Column("probability", "Prob", 4),
    Column("close", "Close", 10),
    Column("name", "Deal"),
)
OBJECTIVE_COLUMNS = (
    Column("id", "#", 4),
    Column("status", "Status", 9),
    Column("progress", "Progress", 20),
    Column("due", "Due", 10),
    Column("title", "Objective"),
)
DEAL_KEYS = "D new deal · m move · w won · L lost · e edit"
OBJECTIVE_KEYS = "O new objective · + record progress · e edit"

OBJECTIVE_STYLE = {
    ObjectiveStatus.ACHIEVED: "green",
    ObjectiveStatus.ON_TRACK: "",
    ObjectiveStatus.AT_RISK: "yellow",
    ObjectiveStatus.OFF_TRACK: "bold red",
    ObjectiveStatus.MISSED: "red",
}
# the selected deal's latest changes shown under the table
DEAL_HISTORY_LINES = 2


def deal_close(d: deals.DealRow, today: date) -> Text:
    """The expected close, red when past; the day it closed for won and lost ones."""
    if not d.is_open:
        closed = d.closed_at.astimezone().date() if d.closed_at else None
        return Text(short_day(closed, today) if closed else "", style="dim")
    return due_cell(d.expected_close, today)


def deal_rows(sold: Sequence[deals.DealRow], today: date) -> list[Row]:
    found = []
    for d in sold:
        dim = "" if d.is_open else "dim"
        stage_style = {DealStage.WON: "green", DealStage.LOST: "red"}.get(d.stage, "")
        name = noted(literal(d.name, dim), d.lost_reason, " ✗ ", mark="red")
        found.append(
            row(
                str(d.id),
                f"#{d.id}",
                Text(d.stage.value, style=stage_style),
                Text(format_money(d.amount_cents), justify="right", style=dim),
                Text(f"{d.probability}%", justify="right", style=dim),
                deal_close(d, today),
                name,
            )
        )
    return found


def deal_detail(d: deals.DealRow, today: date) -> Text:
    """The selected deal's category and weight, then its latest changes, newest first."""
    text = Text(f"#{d.id} {d.kind.value}", style="bold")
    if d.is_open:
        text.append(
            f" · {d.category.value} · weighted {format_money(d.weighted_cents)}", style="dim"
        )
        if d.expected_close is not None:
            text.append(
                f" · closes {format_day(d.expected_close, today)} "
                f"({humanize(d.expected_close, today)})",
                style="bold red" if d.overdue(today) else "dim",
            )
    elif d.closed_at is not None:
        text.append(f" · {d.stage.value} {stamp(d.closed_at)}", style="dim")
    for change in reversed(d.history[-DEAL_HISTORY_LINES:]):
        text.append(f"\n{stamp(change.at)}  ", style="dim")
        text.append_text(literal("; ".join(change.changes)))
    return text


def deal_status(sold: Sequence[deals.DealRow], today: date) -> Text:
    live = [d for d in sold if d.is_open]
    text = Text(f"{len(live)} open", style="bold" if live else "dim")
    if live:
        weighted = sum(d.weighted_cents for d in live)
        text.append(f", {format_compact(weighted)} weighted", style="dim")
    return text


def objective_progress(o: objectives.ObjectiveRow) -> str:
    """``150/200 users (75%)``."""
    unit = f" {o.unit}" if o.unit else ""
    share = (o.assessment.progress * 100).quantize(Decimal(1))
    return f"{format_value(o.current)}/{format_value(o.target)}{unit} ({share}%)"


def objective_rows(aims: Sequence[objectives.ObjectiveRow], today: date) -> list[Row]:
    found = []
    for o in aims:
        dim = "dim" if o.closed else ""
        status = o.status.value + (" (closed)" if o.closed else "")
        found.append(
            row(
                str(o.id),
                f"#{o.id}",
                Text(status, style=OBJECTIVE_STYLE[o.status]),
                literal(objective_progress(o), dim),
                Text(
                    short_day(o.due_date, today),
                    style=dim or ("bold red" if o.status is ObjectiveStatus.MISSED else ""),
                ),
                literal(o.title, dim),
            )
        )
    return found


def objective_detail(o: objectives.ObjectiveRow, today: date) -> Text:
    """Its full title; why it has its status and when it is due; the latest value recorded."""
    text = Text(f"#{o.id} ", style="bold")
    text.append_text(literal(o.title, "bold"))
    text.append(f"\n{o.status.value}", style=OBJECTIVE_STYLE[o.status])
    text.append(f": {o.assessment.reason} · due {short_day(o.due_date, today)}")
    if o.progress:
        last = o.progress[-1]
        text.append(f"\n{stamp(last.at)}  {format_value(last.value)}", style="dim")
        if last.note:
            text.append("  ")
            text.append_text(literal(last.note))
    return text


def objective_status(aims: Sequence[objectives.ObjectiveRow], today: date) -> Text:
    live = [o for o in aims if not o.closed]
    behind = sum(
        1 for o in live if o.status in (ObjectiveStatus.AT_RISK, ObjectiveStatus.OFF_TRACK)
    )
    text = Text(f"{len(live)} open", style="bold" if live else "dim")
    if behind:
        text.append(f", {behind} behind", style="yellow")
    return text
