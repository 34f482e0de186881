"""`i` suggests an idea to the selected account; `m` sets its status; `p` promotes it to a deal."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import DealStage, IdeaStatus, choose
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.money import format_money, parse_amount
from sam_tui.domain.text import one_line
from sam_tui.services import ideas
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, due_hint, money_hint

# what `set` can reach: converted comes only from promoting
SETTABLE = [s.value for s in IdeaStatus if s is not IdeaStatus.CONVERTED]
# where a status usually goes next (the form's default)
NEXT_STATUS = {IdeaStatus.PROPOSED: IdeaStatus.DISCUSSED, IdeaStatus.DISCUSSED: IdeaStatus.ACCEPTED}
OPEN_DEAL_STAGES = [s.value for s in DealStage if s not in ideas.CLOSED_DEAL_STAGES]


class IdeaForm(FormScreen):
    form_title = "New idea"
    submit_label = "Add"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def fields(self) -> ComposeResult:
        yield self.account_field(self.selection.account_name)
        yield Field("Idea", id="title", required=True, placeholder="a solution to their need")
        yield Field("Detail", id="detail", placeholder="optional")

    def first_field(self) -> str | None:
        return "title" if self.selection.account_name else None

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        account = self.field_value("account")
        title = self.field_value("title")
        detail = self.field_value("detail") or None

        def add(conn: sqlite3.Connection) -> str:
            i = ideas.add(conn, account_ref=account, title=title, detail=detail)
            return f"Idea #{i.id} for {one_line(i.account_name)}: {one_line(i.title)}"

        return add


class IdeaStatusForm(FormScreen):
    form_title = "Idea status"
    submit_label = "Set"

    def __init__(self, idea: ideas.IdeaRow) -> None:
        super().__init__()
        self.idea = idea
        self.form_title = f"Idea #{idea.id} for {one_line(idea.account_name)}: {idea.status.value}"

    def fields(self) -> ComposeResult:
        yield Label(one_line(self.idea.title), markup=False)
        default = NEXT_STATUS.get(self.idea.status)
        yield Field(
            "Status",
            id="status",
            value=default.value if default else "",
            required=True,
            placeholder=", ".join(s for s in SETTABLE if s != self.idea.status.value),
            check=self._status_hint,
            suggestions=SETTABLE,
        )

    def _status_hint(self, text: str) -> str:
        status = choose(IdeaStatus, text, "status")
        if status is IdeaStatus.CONVERTED:
            raise InvalidInput("an idea is converted by promoting it to a deal: p")
        if status is self.idea.status:
            raise Conflict(f"already {status.value}")
        return "" if status.value == text.strip().lower() else f"→ {status.value}"

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        status = choose(IdeaStatus, self.field_value("status"), "status")
        ident = self.idea.id

        def set_status(conn: sqlite3.Connection) -> str:
            i = ideas.set_status(conn, ident, status)
            return f"Idea #{i.id} for {one_line(i.account_name)} is now {i.status.value}"

        return set_status


def stage_hint(text: str) -> str:
    stage = choose(DealStage, text, "stage")
    if stage in ideas.CLOSED_DEAL_STAGES:
        raise InvalidInput("a new deal starts open (prospecting to negotiation)")
    return "" if stage.value == text.strip().lower() else f"→ {stage.value}"


class PromoteForm(FormScreen):
    form_title = "Promote idea to a deal"
    submit_label = "Promote"

    def __init__(self, idea: ideas.IdeaRow) -> None:
        super().__init__()
        self.idea = idea
        self.form_title = f"Promote idea #{idea.id} for {one_line(idea.account_name)} to a deal"

    def fields(self) -> ComposeResult:
        yield Label(one_line(self.idea.title), markup=False)
        yield Field(
            "Amount",
            id="amount",
            required=True,
            placeholder="deal amount: 50k, 1.2m",
            check=money_hint("amount", positive=True),
        )
        yield Field("Deal name", id="name", placeholder="default: the idea")
        yield Field("Close", id="close", placeholder="expected close: eoq, Mar 31", check=due_hint)
        yield Field(
            "Stage",
            id="stage",
            value=DealStage.PROSPECTING.value,
            check=stage_hint,
            suggestions=OPEN_DEAL_STAGES,
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        today = clock.today()
        amount = parse_amount(self.field_value("amount"), "amount")
        name = self.field_value("name") or None
        close_text = self.field_value("close")
        close = dates.parse_date(close_text, today, prefer="future") if close_text else None
        stage = choose(DealStage, self.field_value("stage") or "prospecting", "stage")
        ident = self.idea.id

        def promote(conn: sqlite3.Connection) -> str:
            p = ideas.promote(
                conn, ident, amount_cents=amount, name=name, expected_close=close, stage=stage
            )
            closes = f", closes {dates.format_day(close, today)}" if close else ""
            return (
                f"Promoted idea #{p.idea.id} to deal #{p.deal_id} {one_line(p.deal_name)}: "
                f"{format_money(p.amount_cents)}, {p.stage.value}{closes}"
            )

        return promote
