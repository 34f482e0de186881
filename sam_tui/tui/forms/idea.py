"""`i` suggests an idea to the selected account; `m` sets its status; `p` promotes it to a deal."""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import DealStage, IdeaStatus, choose
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.money import format_money
from sam_tui.domain.text import one_line
from sam_tui.services import ideas
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import ACCOUNT, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, day, money, text

# what `set` can reach: converted comes only from promoting
SETTABLE = [s.value for s in IdeaStatus if s is not IdeaStatus.CONVERTED]
# where a status usually goes next (the form's default)
NEXT_STATUS = {IdeaStatus.PROPOSED: IdeaStatus.DISCUSSED, IdeaStatus.DISCUSSED: IdeaStatus.ACCEPTED}
OPEN_DEAL_STAGES = [s.value for s in DealStage if s not in ideas.CLOSED_DEAL_STAGES]


def stage_hint(text: str) -> str:
    stage = choose(DealStage, text, "stage")
    if stage in ideas.CLOSED_DEAL_STAGES:
        raise InvalidInput("a new deal starts open (prospecting to negotiation)")
    return "" if stage.value == text.strip().lower() else f"→ {stage.value}"


TITLE = text("title", "Idea", required=True, placeholder="a solution to their need")
DETAIL = text("detail", "Detail", placeholder="optional")
STATUS = Spec(
    "status",
    "Status",
    lambda text: choose(IdeaStatus, text, "status"),
    required=True,
    suggestions=tuple(SETTABLE),
)
AMOUNT = money(
    "amount",
    "Amount",
    "amount",
    positive=True,
    required=True,
    placeholder="deal amount: 50k, 1.2m",
    arg="amount_cents",
)
DEAL_NAME = text("name", "Deal name", placeholder="default: the idea")
CLOSE = day("close", "Close", placeholder="expected close: eoq, Mar 31", arg="expected_close")
STAGE = Spec(
    "stage",
    "Stage",
    lambda text: choose(DealStage, text, "stage"),
    hint=stage_hint,
    default=DealStage.PROSPECTING.value,
    suggestions=tuple(OPEN_DEAL_STAGES),
)


class IdeaForm(FormScreen[Selection]):
    form_title = "New idea"
    submit_label = "Add"
    FIELDS = (ACCOUNT, TITLE, DETAIL)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        i = ideas.add(conn, **values.arguments())
        return f"Idea #{i.id} for {one_line(i.account_name)}: {one_line(i.title)}"


def _idea(verb: str) -> Needs:
    return Needs("idea_id", f"Select an idea to {verb} (account view, Ideas tab)", ideas.get)


class IdeaStatusForm(FormScreen[ideas.IdeaRow]):
    form_title = "Idea #{s.id} for {s.account_name}: {s.status.value}"
    submit_label = "Set"
    needs = _idea("set its status")
    refused = {
        ("status", IdeaStatus.CONVERTED): (
            "Idea #{r.id} became deal #{r.deal_id}; it no longer changes"
        )
    }

    def fields(self) -> ComposeResult:
        yield Label(one_line(self.subject.title), markup=False)
        default = NEXT_STATUS.get(self.subject.status)
        yield Field(
            STATUS,
            default.value if default else "",
            hint=self._status_hint,
            placeholder=", ".join(s for s in SETTABLE if s != self.subject.status.value),
        )

    def _status_hint(self, text: str) -> str:
        status = choose(IdeaStatus, text, "status")
        if status is IdeaStatus.CONVERTED:
            raise InvalidInput("an idea is converted by promoting it to a deal: p")
        if status is self.subject.status:
            raise Conflict(f"already {status.value}")
        return "" if status.value == text.strip().lower() else f"→ {status.value}"

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        i = ideas.set_status(conn, self.ident, **values.arguments())
        return f"Idea #{i.id} for {one_line(i.account_name)} is now {i.status.value}"


class PromoteForm(FormScreen[ideas.IdeaRow]):
    form_title = "Promote idea #{s.id} for {s.account_name} to a deal"
    submit_label = "Promote"
    FIELDS = (AMOUNT, DEAL_NAME, CLOSE, STAGE)
    needs = _idea("promote")
    refused = {
        ("status", IdeaStatus.CONVERTED): "Idea #{r.id} already became deal #{r.deal_id}",
        ("status", IdeaStatus.REJECTED): "Idea #{r.id} was rejected; set it back first (m)",
    }

    def fields(self) -> ComposeResult:
        yield Label(one_line(self.subject.title), markup=False)
        yield from super().fields()

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        close = values.get(CLOSE)
        p = ideas.promote(conn, self.ident, ideas.DealTerms(**values.arguments()))
        closes = f", closes {dates.format_day(close, clock.today())}" if close else ""
        return (
            f"Promoted idea #{p.idea.id} to deal #{p.deal_id} {one_line(p.deal_name)}: "
            f"{format_money(p.amount_cents)}, {p.stage.value}{closes}"
        )
