"""Deal forms: `a` (pipeline) or `D` adds a deal; `m` moves it, `w` wins, `L` loses, `e` edits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory, choose
from sam_tui.domain.errors import Conflict, DateParseError, InvalidInput
from sam_tui.domain.money import format_money, parse_amount
from sam_tui.domain.sales import OPEN_STAGES, is_closed, parse_probability
from sam_tui.domain.text import one_line
from sam_tui.services import deals
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint, due_hint, money_hint

STAGES = [s.value for s in DealStage]
# a deal cannot start lost: losing needs a reason (`L`)
START_STAGES = [s.value for s in DealStage if s is not DealStage.LOST]


def describe(d: deals.DealRow) -> str:
    """``deal #12 Rollout for Acme: 120,000, proposal (50%), closes 15 Dec``."""
    today = clock.today()
    head = f"deal #{d.id} {one_line(d.name)} for {one_line(d.account_name)}"
    if not d.is_open:
        return f"{head}: {format_money(d.amount_cents)}, {d.stage.value}"
    close = (
        f"closes {dates.short_day(d.expected_close, today)}"
        if d.expected_close
        else "no close date"
    )
    return f"{head}: {format_money(d.amount_cents)}, {d.stage.value} ({d.probability}%), {close}"


def probability_hint(text: str) -> str:
    try:
        parse_probability(text)
    except InvalidInput:
        # the domain's sentence does not fit the hint line at 80 columns
        raise InvalidInput("a whole number from 0 to 100") from None
    return ""


def closed_at(text: str) -> datetime | None:
    """When a deal closed (empty: now); phrases look back, the future is refused."""
    if not text or text.strip().lower() == "now":
        return None
    now = clock.now()
    try:
        moment = dates.parse_when(text, now)
    except DateParseError as exc:
        if "is in the future" not in str(exc):
            raise
        raise InvalidInput(f"a deal cannot close in the future ('{text}')") from None
    # re-read the wall time as local time: the right offset across a clock change
    return moment if moment == now else moment.replace(tzinfo=None).astimezone()


def closed_hint(text: str) -> str:
    moment = closed_at(text)
    if moment is None:
        return ""
    today = clock.today()
    return f"→ {dates.format_day(moment.date(), today)} {moment:%H:%M}"


def _close_date(text: str) -> date | None:
    return dates.parse_date(text, clock.today(), prefer="future") if text else None


class DealForm(FormScreen):
    form_title = "Add a deal"
    submit_label = "Add"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def fields(self) -> ComposeResult:
        yield self.account_field(self.selection.account_name)
        yield Field("Deal", id="name", required=True, placeholder="what you are selling")
        yield Field(
            "Amount",
            id="amount",
            required=True,
            placeholder="250000, 250k, 1.2m",
            check=money_hint("amount"),
        )
        yield Field(
            "Kind",
            id="kind",
            value=DealKind.NEW.value,
            check=choice_hint(DealKind, "deal kind"),
            suggestions=[k.value for k in DealKind],
        )
        yield Field(
            "Stage",
            id="stage",
            value=DealStage.PROSPECTING.value,
            check=_start_stage_hint,
            suggestions=START_STAGES,
        )
        yield Field("Close", id="close", placeholder="expected close: eoq, Dec 18", check=due_hint)
        yield Field(
            "Probability",
            id="probability",
            placeholder="0-100 (default: the stage's)",
            check=probability_hint,
        )
        yield Field(
            "Category",
            id="category",
            value=ForecastCategory.PIPELINE.value,
            check=choice_hint(ForecastCategory, "forecast category"),
            suggestions=[c.value for c in ForecastCategory],
        )

    def first_field(self) -> str | None:
        return "name" if self.selection.account_name else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        account = self.field_value("account")
        name = self.field_value("name")
        amount = parse_amount(self.field_value("amount"), "amount")
        kind = choose(DealKind, self.field_value("kind") or "new", "deal kind")
        stage = _start_stage(self.field_value("stage") or "prospecting")
        close = _close_date(self.field_value("close"))
        probability_text = self.field_value("probability")
        probability = parse_probability(probability_text) if probability_text else None
        category = choose(
            ForecastCategory, self.field_value("category") or "pipeline", "forecast category"
        )

        def add(conn: sqlite3.Connection) -> str:
            d = deals.add(
                conn,
                account_ref=account,
                name=name,
                amount_cents=amount,
                kind=kind,
                stage=stage,
                expected_close=close,
                probability=probability,
                category=category,
            )
            return f"Added {describe(d)}"

        return add


def _start_stage(text: str) -> DealStage:
    stage = choose(DealStage, text, "stage")
    if stage is DealStage.LOST:
        raise InvalidInput("a deal cannot start lost: add it, then L marks it lost")
    return stage


def _start_stage_hint(text: str) -> str:
    stage = _start_stage(text)
    return "" if stage.value == text.strip().lower() else f"→ {stage.value}"


def next_stage(stage: DealStage) -> DealStage | None:
    """Where a deal usually goes next: the next open stage, won after negotiation."""
    if is_closed(stage):
        return None
    order = [*OPEN_STAGES, DealStage.WON]
    return order[order.index(stage) + 1]


class MoveForm(FormScreen):
    """The stage defaults to the next one; lost asks for the reason, a close for its date."""

    form_title = "Move deal"
    submit_label = "Move"

    def __init__(self, deal: deals.DealRow) -> None:
        super().__init__()
        self.deal = deal
        self.form_title = f"Move deal #{deal.id} {one_line(deal.name)}"

    def fields(self) -> ComposeResult:
        d = self.deal
        yield Label(one_line(f"{d.account_name}: now {d.stage.value}"), markup=False)
        default = next_stage(d.stage)
        yield Field(
            "Stage",
            id="stage",
            value=default.value if default else "",
            required=True,
            placeholder=", ".join(s for s in STAGES if s != d.stage.value),
            check=self._stage_hint,
            suggestions=STAGES,
        )
        yield Field(
            "Reason",
            id="reason",
            placeholder="why it was lost (to lose it)",
            check=self._reason_hint,
            required_when=lambda: "required to lose it" if self._target() is DealStage.LOST else "",
        )
        yield Field(
            "Closed",
            id="when",
            placeholder="when it closed: yesterday, Nov 20 (default now)",
            check=self._when_hint,
        )

    def first_field(self) -> str | None:
        return "stage"

    def _target(self) -> DealStage | None:
        try:
            return choose(DealStage, self.field_value("stage"), "stage")
        except InvalidInput:
            return None

    def _stage_hint(self, text: str) -> str:
        # the reason and date fields depend on the stage: refresh what they say
        self.call_after_refresh(self._recheck)
        stage = choose(DealStage, text, "stage")
        if stage is self.deal.stage:
            raise Conflict(f"already {stage.value}")
        hint = "" if stage.value == text.strip().lower() else f"→ {stage.value}"
        if is_closed(self.deal.stage) and not is_closed(stage):
            hint = f"→ {stage.value}: reopens it"
        return hint

    def _recheck(self) -> None:
        for ident in ("reason", "when"):
            found = self.query(f"#{ident}-field")
            if found:
                found.first(Field).validate()

    def _reason_hint(self, text: str) -> str:
        target = self._target()
        if target is not None and target is not DealStage.LOST:
            raise InvalidInput("only when losing a deal")
        return ""

    def _when_hint(self, text: str) -> str:
        target = self._target()
        if target is not None and not is_closed(target):
            raise InvalidInput("only when winning or losing a deal")
        return closed_hint(text)

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        stage = choose(DealStage, self.field_value("stage"), "stage")
        reason = self.field_value("reason") or None
        when = closed_at(self.field_value("when"))
        ident = self.deal.id
        before = self.deal.stage

        def move(conn: sqlite3.Connection) -> str:
            d = deals.move(conn, ident, stage, when=when, reason=reason)
            return f"Moved deal #{d.id} {one_line(d.name)}: {before.value} → {d.stage.value}"

        return move


class CloseForm(FormScreen):
    """Won, or lost with the reason; either with the day it closed (default now)."""

    def __init__(self, deal: deals.DealRow, stage: DealStage) -> None:
        super().__init__()
        self.deal = deal
        self.stage = stage
        self.lost = stage is DealStage.LOST
        self.submit_label = f"Mark {stage.value}"
        self.form_title = f"{stage.value.capitalize()}: deal #{deal.id} {one_line(deal.name)}"

    def fields(self) -> ComposeResult:
        yield Label(describe(self.deal), markup=False)
        if self.lost:
            yield Field("Reason", id="reason", required=True, placeholder="why it was lost")
        yield Field(
            "Closed",
            id="when",
            placeholder=f"when it was {self.stage.value}: yesterday, Nov 20 (default now)",
            check=closed_hint,
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        reason = self.field_value("reason") if self.lost else None
        when = closed_at(self.field_value("when"))
        ident = self.deal.id
        stage = self.stage

        def close(conn: sqlite3.Connection) -> str:
            d = deals.move(conn, ident, stage, when=when, reason=reason)
            why = f": {one_line(d.lost_reason)}" if d.lost_reason else ""
            return f"{stage.value.capitalize()} {describe(d)}{why}"

        return close


class DealEditForm(FormScreen):
    """Every field starts with the deal's value; only the ones changed are written."""

    form_title = "Edit deal"

    def __init__(self, deal: deals.DealRow) -> None:
        super().__init__()
        self.deal = deal
        self.form_title = f"Edit deal #{deal.id} for {one_line(deal.account_name)}"

    def fields(self) -> ComposeResult:
        d = self.deal
        yield Field("Deal", id="name", value=one_line(d.name), required=True)
        yield Field(
            "Amount",
            id="amount",
            value=format_money(d.amount_cents),
            required=True,
            check=money_hint("amount"),
        )
        yield Field(
            "Close",
            id="close",
            value=d.expected_close.isoformat() if d.expected_close else "",
            placeholder="expected close (empty: none)",
            check=due_hint,
        )
        yield Field(
            "Probability",
            id="probability",
            value=str(d.own_probability) if d.own_probability is not None else "",
            placeholder=f"0-100 (empty: the stage's, {d.probability}%)",
            check=probability_hint,
        )
        yield Field(
            "Category",
            id="category",
            value=d.category.value,
            required=True,
            check=choice_hint(ForecastCategory, "forecast category"),
            suggestions=[c.value for c in ForecastCategory],
        )
        yield Field(
            "Kind",
            id="kind",
            value=d.kind.value,
            required=True,
            check=choice_hint(DealKind, "deal kind"),
            suggestions=[k.value for k in DealKind],
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        d = self.deal
        name = self.field_value("name")
        amount = parse_amount(self.field_value("amount"), "amount")
        close = _close_date(self.field_value("close"))
        probability_text = self.field_value("probability")
        probability = parse_probability(probability_text) if probability_text else None
        category = choose(ForecastCategory, self.field_value("category"), "forecast category")
        kind = choose(DealKind, self.field_value("kind"), "deal kind")
        clear = []
        if close is None and d.expected_close is not None:
            clear.append("close")
        if probability is None and d.own_probability is not None:
            clear.append("probability")
        new_name = name if name != one_line(d.name) else None
        new_amount = amount if amount != d.amount_cents else None
        new_close = close if close != d.expected_close else None
        new_probability = probability if probability != d.own_probability else None
        new_category = category if category is not d.category else None
        new_kind = kind if kind is not d.kind else None
        changed = (new_name, new_amount, new_close, new_probability, new_category, new_kind)
        if not clear and all(v is None for v in changed):
            raise InvalidInput("nothing changed")
        ident = d.id

        def edit(conn: sqlite3.Connection) -> str:
            after = deals.edit(
                conn,
                ident,
                name=new_name,
                amount_cents=new_amount,
                expected_close=new_close,
                probability=new_probability,
                category=new_category,
                kind=new_kind,
                clear=clear,
            )
            return f"Updated {describe(after)}"

        return edit
