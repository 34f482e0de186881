"""Deal forms: `a` (pipeline) or `D` adds a deal; `m` moves it, `w` wins, `L` loses, `e` edits."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory, choose
from sam_tui.domain.errors import Conflict, DateParseError, InvalidInput
from sam_tui.domain.money import format_money
from sam_tui.domain.sales import OPEN_STAGES, is_closed, parse_probability
from sam_tui.domain.text import one_line
from sam_tui.services import deals
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import ACCOUNT, EditForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, choice, day, due_hint, money, text

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


NAME = text("name", "Deal", required=True, placeholder="what you are selling")
AMOUNT = money(
    "amount",
    "Amount",
    "amount",
    required=True,
    placeholder="250000, 250k, 1.2m",
    arg="amount_cents",
)
KIND = choice("kind", "Kind", DealKind, "deal kind", default=DealKind.NEW.value)
START_STAGE = Spec(
    "stage",
    "Stage",
    _start_stage,
    hint=_start_stage_hint,
    default=DealStage.PROSPECTING.value,
    suggestions=tuple(START_STAGES),
)
CLOSE = day("close", "Close", placeholder="expected close: eoq, Dec 18", arg="expected_close")
PROBABILITY = Spec(
    "probability",
    "Probability",
    parse_probability,
    hint=probability_hint,
    placeholder="0-100 (default: the stage's)",
)
CATEGORY = choice(
    "category",
    "Category",
    ForecastCategory,
    "forecast category",
    default=ForecastCategory.PIPELINE.value,
)
STAGE = choice("stage", "Stage", DealStage, "stage", required=True)
REASON = text("reason", "Reason", placeholder="why it was lost (to lose it)")
CLOSED = Spec("when", "Closed", closed_at, hint=closed_hint)
# a move to an open stage may also set the new expected close (deals.move's ``close``)
NEW_CLOSE = day("close", "Close", placeholder="new expected close: eoq, Jan 31", arg="close")


# a deal added already won: the day it was won (``sam deal add --stage won --close``)
WON_ON = Spec(
    "won-on",
    "Won on",
    closed_at,
    hint=closed_hint,
    placeholder="added as won: the day it was won (default now)",
    arg="closed_at",
)


class DealForm(FormScreen[Selection]):
    form_title = "Add a deal"
    submit_label = "Add"
    FIELDS = (ACCOUNT, NAME, AMOUNT, KIND, START_STAGE, CLOSE, WON_ON, PROBABILITY, CATEGORY)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        fields = values.arguments()
        d = deals.add(conn, fields.pop("account_ref"), deals.NewDeal(**fields))
        return f"Added {describe(d)}"


def _deal(verb: str) -> Needs:
    return Needs("deal_id", f"Select a deal to {verb} (5 opens the pipeline)", deals.get)


class MoveForm(FormScreen[deals.DealRow]):
    """The stage defaults to the next one; lost asks for the reason, a close for its date."""

    form_title = "Move deal #{s.id} {s.name}"
    submit_label = "Move"
    needs = _deal("move")

    def fields(self) -> ComposeResult:
        d = self.subject
        yield Label(one_line(f"{d.account_name}: now {d.stage.value}"), markup=False)
        default = next_stage(d.stage)
        yield Field(
            STAGE,
            default.value if default else "",
            hint=self._stage_hint,
            placeholder=", ".join(s for s in STAGES if s != d.stage.value),
        )
        yield Field(
            REASON,
            hint=self._reason_hint,
            required_when=lambda: "required to lose it" if self._target() is DealStage.LOST else "",
        )
        yield Field(
            CLOSED,
            hint=self._when_hint,
            placeholder="when it closed: yesterday, Nov 20 (default now)",
        )
        yield Field(NEW_CLOSE, hint=self._close_hint)

    def _target(self) -> DealStage | None:
        try:
            return choose(DealStage, self.field_value("stage"), "stage")
        except InvalidInput:
            return None

    def _stage_hint(self, text: str) -> str:
        # the reason and date fields depend on the stage: refresh what they say
        self.call_after_refresh(self.recheck, "reason", "when", "close")
        stage = choose(DealStage, text, "stage")
        if stage is self.subject.stage:
            raise Conflict(f"already {stage.value}")
        hint = "" if stage.value == text.strip().lower() else f"→ {stage.value}"
        if is_closed(self.subject.stage) and not is_closed(stage):
            hint = f"→ {stage.value}: reopens it"
        return hint

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

    def _close_hint(self, text: str) -> str:
        target = self._target()
        if target is not None and is_closed(target):
            raise InvalidInput("only when moving to an open stage")
        return due_hint(text)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        before = self.subject.stage
        d = deals.move(conn, self.ident, **values.arguments())
        return f"Moved deal #{d.id} {one_line(d.name)}: {before.value} → {d.stage.value}"


def with_renewal(conn: sqlite3.Connection, deal_id: int) -> deals.DealRow:
    """The deal, and where winning it today would move its account's renewal date."""
    found = deals.get(conn, deal_id)
    return found._replace(renewal=deals.renewal_after(conn, deal_id, clock.today()))


def renewal_hint(text: str) -> str:
    moved = dates.parse_date(text, clock.today())
    return f"→ renews {dates.format_day(moved, clock.today())} {moved.year}"


RENEWAL = Spec("renewal", "Renews", lambda t: dates.parse_date(t, clock.today()), hint=renewal_hint)


class WonForm(FormScreen[deals.DealRow]):
    """``w``: the selected deal is won, on the day it closed (default now). A renewal deal
    shows, before saving, where its account's renewal date goes (one term later by
    default; the field changes it)."""

    closes_as = DealStage.WON
    form_title = "Won: deal #{s.id} {s.name}"
    submit_label = "Mark won"
    needs = Needs("deal_id", "Select a deal to mark won (5 opens the pipeline)", with_renewal)
    refused = {("stage", DealStage.WON): "Deal #{r.id} is already won"}

    def fields(self) -> ComposeResult:
        yield Label(describe(self.subject), markup=False)
        if self.closes_as is DealStage.LOST:
            yield Field(replace(REASON, required=True), placeholder="why it was lost")
        yield Field(
            CLOSED,
            placeholder=f"when it was {self.closes_as.value}: yesterday, Nov 20 (default now)",
        )
        moved = self.subject.renewal if self.closes_as is DealStage.WON else None
        if moved is not None:
            was = dates.format_day(moved.before, clock.today()) if moved.before else "no date yet"
            yield Label(
                one_line(f"{moved.account_name} renews {was} now; winning moves it to:"),
                markup=False,
            )
            yield Field(replace(RENEWAL, required=True), moved.after.isoformat())

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        stage = self.closes_as
        d = deals.move(conn, self.ident, stage, **values.arguments())
        why = f": {one_line(d.lost_reason)}" if d.lost_reason else ""
        moved = ""
        if d.renewal is not None:
            moved = f"; {one_line(d.renewal.account_name)} renews {d.renewal.after:%d %b %Y}"
        return f"{stage.value.capitalize()} {describe(d)}{why}{moved}"


class LostForm(WonForm):
    """``L``: the selected deal is lost, with the reason, on the day it closed."""

    closes_as = DealStage.LOST
    form_title = "Lost: deal #{s.id} {s.name}"
    submit_label = "Mark lost"
    needs = _deal("mark lost")
    refused = {("stage", DealStage.LOST): "Deal #{r.id} is already lost"}


class DealEditForm(EditForm[deals.DealRow]):
    form_title = "Edit deal #{s.id} for {s.account_name}"
    needs = _deal("edit")

    def fields(self) -> ComposeResult:
        d = self.subject
        yield Field(NAME, one_line(d.name), placeholder="")
        yield Field(AMOUNT, format_money(d.amount_cents), placeholder="")
        yield Field(
            CLOSE,
            d.expected_close.isoformat() if d.expected_close else "",
            placeholder="expected close (empty: none)",
        )
        yield Field(
            PROBABILITY,
            str(d.own_probability) if d.own_probability is not None else "",
            placeholder=f"0-100 (empty: the stage's, {d.probability}%)",
        )
        yield Field(replace(CATEGORY, required=True), d.category.value)
        yield Field(replace(KIND, required=True), d.kind.value)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        after = deals.edit(conn, self.ident, **values.arguments(), clear=values.cleared)
        return f"Updated {describe(after)}"
