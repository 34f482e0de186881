"""`a` on the prospects screen (or `P`) adds a prospect; `m` advances the selected one."""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.enums import ProspectStage, Tier, choose
from sam_tui.domain.errors import InvalidInput, SamError
from sam_tui.domain.money import format_compact
from sam_tui.domain.prospects import Move, check_move, next_stage
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, prospects
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, choice, money, text

NAME = text("name", "Name", required=True, placeholder="company name")

WHY = text("why", "Why it fits", required=True, placeholder="the reason to pursue it")
INDUSTRY = text("industry", "Industry", placeholder="optional")
VALUE = money(
    "value",
    "Value estimate",
    "value estimate",
    placeholder="estimated annual value: 250k, 1.2m (optional)",
    arg="value_cents",
)
TIER = choice("tier", "Tier", Tier, "tier", default=Tier.STRATEGIC.value)
STAGE = choice("stage", "Stage", ProspectStage, "stage", required=True)
NOTE = text("note", "Note", placeholder="what happened (needed to move back or reopen)")
REASON = text("reason", "Reason", placeholder="why it is not a fit (to disqualify)")


class ProspectForm(FormScreen[Selection]):
    form_title = "Add a prospect"
    submit_label = "Add"

    def __init__(self, subject: Selection) -> None:
        super().__init__(subject)
        # name key -> (id, name) of every account: prospects and accounts share names
        self._taken: dict[str, refs.Candidate] = {}

    FIELDS = (NAME, WHY, INDUSTRY, VALUE, TIER)

    def fields(self) -> ComposeResult:
        yield Field(NAME, hint=self._name_hint)
        yield from (Field(spec) for spec in self.FIELDS[1:])

    def on_mount(self) -> None:
        super().on_mount()
        self.cockpit.db_call(accounts.names, done=self._names)

    def _names(self, names: list[refs.Candidate]) -> None:
        self._taken = {refs.name_key(c.name): c for c in names}
        self.query_one("#name-field", Field).validate()

    def _name_hint(self, text: str) -> str:
        found = self._taken.get(refs.name_key(text))
        if found is not None:
            raise InvalidInput(f"'{one_line(found.name)}' already exists (#{found.id})")
        return ""

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        fields = values.arguments()
        why = fields.pop("why")
        p = prospects.add(conn, accounts.AccountInput(**fields), why)
        worth = f", worth ~{format_compact(p.value_cents)}" if p.value_cents else ""
        return f"Added prospect #{p.id} {one_line(p.name)} ({p.tier.value}, identified{worth})"


MOVE_HINT = {
    Move.FORWARD: "",
    Move.BACK: " (back: say why in Note)",
    Move.REOPEN: " (reopens it: say why in Note)",
    Move.CONVERT: ": becomes an active account",
    Move.DISQUALIFY: ": give the reason below",
}


class AdvanceForm(FormScreen[prospects.ProspectRow]):
    """Stage defaults to the next one; a note or a reason is asked for when the move needs it."""

    submit_label = "Move"
    needs = Needs(
        "prospect_id", "Select a prospect to advance (6 opens the prospects)", prospects.get
    )

    refused = {("stage", ProspectStage.CONVERTED): "{r.name} is converted: it is an account now"}

    def heading(self) -> str:
        verb = "Reopen" if self.subject.stage is ProspectStage.DISQUALIFIED else "Advance"
        return f"{verb} {one_line(self.subject.name)}"

    def fields(self) -> ComposeResult:
        p = self.subject
        try:
            default = next_stage(p.stage).value
        except SamError:
            default = ""
        now = f"Now {p.stage.value}, for {p.days_in_stage(clock.today())} days"
        if p.stage is ProspectStage.DISQUALIFIED and p.disqualified_reason:
            now += f": {p.disqualified_reason}"
        yield Label(one_line(now), markup=False)
        yield Field(
            STAGE,
            default,
            hint=self._stage_hint,
            placeholder="the stage to reopen it at" if not default else "",
        )
        yield Field(NOTE, required_when=lambda: self._needs(Move.BACK, Move.REOPEN))
        yield Field(
            REASON, hint=self._reason_hint, required_when=lambda: self._needs(Move.DISQUALIFY)
        )

    def _move(self) -> tuple[ProspectStage, Move] | None:
        """The stage typed and what moving there is; None while the stage is not valid."""
        try:
            target = choose(ProspectStage, self.field_value("stage"), "stage")
            # stand-in texts: only whether the move itself is allowed matters here
            reason = "-" if target is ProspectStage.DISQUALIFIED else None
            return target, check_move(self.subject.stage, target, note="-", reason=reason)
        except SamError:
            return None

    def _needs(self, *moves: Move) -> str:
        found = self._move()
        if found is None or found[1] not in moves:
            return ""
        return "required to disqualify" if found[1] is Move.DISQUALIFY else "required for this move"

    def _stage_hint(self, text: str) -> str:
        # the note and reason fields depend on the stage: refresh what they say
        self.call_after_refresh(self.recheck, "note", "reason")
        target = choose(ProspectStage, text, "stage")
        reason = "-" if target is ProspectStage.DISQUALIFIED else None
        move = check_move(self.subject.stage, target, note="-", reason=reason)
        same = target.value == text.strip().lower()
        hint = MOVE_HINT[move]
        return f"→ {target.value}{hint}" if hint or not same else ""

    def _reason_hint(self, text: str) -> str:
        found = self._move()
        if found is not None and found[1] is not Move.DISQUALIFY:
            raise InvalidInput("only when disqualifying: say why it moves in Note")
        return ""

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        step = prospects.Step(**values.arguments())
        return prospects.advance(conn, f"#{self.ident}", step).sentence()
