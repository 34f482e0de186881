"""`a` on the prospects screen (or `P`) adds a prospect; `m` advances the selected one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Label

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.enums import ProspectStage, Tier, choose
from sam_tui.domain.errors import InvalidInput, SamError
from sam_tui.domain.money import format_compact, parse_amount
from sam_tui.domain.prospects import Move, check_move, next_stage
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, prospects
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint, money_hint


class ProspectForm(FormScreen):
    form_title = "Add a prospect"
    submit_label = "Add"

    def __init__(self) -> None:
        super().__init__()
        # name key -> (id, name) of every account: prospects and accounts share names
        self._taken: dict[str, refs.Candidate] = {}

    def fields(self) -> ComposeResult:
        yield Field(
            "Name", id="name", required=True, placeholder="company name", check=self._name_hint
        )
        yield Field("Why it fits", id="why", required=True, placeholder="the reason to pursue it")
        yield Field("Industry", id="industry", placeholder="optional")
        yield Field(
            "Value estimate",
            id="value",
            placeholder="estimated annual value: 250k, 1.2m (optional)",
            check=money_hint("value estimate"),
        )
        yield Field(
            "Tier",
            id="tier",
            value=Tier.STRATEGIC.value,
            check=choice_hint(Tier, "tier"),
            suggestions=[t.value for t in Tier],
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.sam.db_call(accounts.names, done=self._names)

    def _names(self, names: list[refs.Candidate]) -> None:
        self._taken = {refs.name_key(c.name): c for c in names}
        self.query_one("#name-field", Field).validate()

    def _name_hint(self, text: str) -> str:
        found = self._taken.get(refs.name_key(text))
        if found is not None:
            raise InvalidInput(f"'{one_line(found.name)}' already exists (#{found.id})")
        return ""

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        name = self.field_value("name")
        why = self.field_value("why")
        industry = self.field_value("industry") or None
        value_text = self.field_value("value")
        value = parse_amount(value_text, "value estimate") if value_text else None
        tier = choose(Tier, self.field_value("tier") or Tier.STRATEGIC.value, "tier")

        def add(conn: sqlite3.Connection) -> str:
            p = prospects.add(
                conn, name=name, why=why, industry=industry, value_cents=value, tier=tier
            )
            worth = f", worth ~{format_compact(p.value_cents)}" if p.value_cents else ""
            return f"Added prospect #{p.id} {one_line(p.name)} ({p.tier.value}, identified{worth})"

        return add


MOVE_HINT = {
    Move.FORWARD: "",
    Move.BACK: " (back: say why in Note)",
    Move.REOPEN: " (reopens it: say why in Note)",
    Move.CONVERT: ": becomes an active account",
    Move.DISQUALIFY: ": give the reason below",
}


class AdvanceForm(FormScreen):
    """Stage defaults to the next one; a note or a reason is asked for when the move needs it."""

    form_title = "Advance prospect"
    submit_label = "Move"

    def __init__(self, prospect: prospects.ProspectRow) -> None:
        super().__init__()
        self.prospect = prospect
        verb = "Reopen" if prospect.stage is ProspectStage.DISQUALIFIED else "Advance"
        self.form_title = f"{verb} {one_line(prospect.name)}"

    def fields(self) -> ComposeResult:
        p = self.prospect
        try:
            default = next_stage(p.stage).value
        except SamError:
            default = ""
        now = f"Now {p.stage.value}, for {p.days_in_stage(clock.today())} days"
        if p.stage is ProspectStage.DISQUALIFIED and p.disqualified_reason:
            now += f": {p.disqualified_reason}"
        yield Label(one_line(now), markup=False)
        yield Field(
            "Stage",
            id="stage",
            value=default,
            required=True,
            placeholder="the stage to reopen it at" if not default else "",
            check=self._stage_hint,
            suggestions=[s.value for s in ProspectStage],
        )
        yield Field(
            "Note",
            id="note",
            placeholder="what happened (needed to move back or reopen)",
            required_when=lambda: self._needs(Move.BACK, Move.REOPEN),
        )
        yield Field(
            "Reason",
            id="reason",
            placeholder="why it is not a fit (to disqualify)",
            check=self._reason_hint,
            required_when=lambda: self._needs(Move.DISQUALIFY),
        )

    def first_field(self) -> str | None:
        return "stage"

    def _move(self) -> tuple[ProspectStage, Move] | None:
        """The stage typed and what moving there is; None while the stage is not valid."""
        try:
            target = choose(ProspectStage, self.field_value("stage"), "stage")
            # stand-in texts: only whether the move itself is allowed matters here
            reason = "-" if target is ProspectStage.DISQUALIFIED else None
            return target, check_move(self.prospect.stage, target, note="-", reason=reason)
        except SamError:
            return None

    def _needs(self, *moves: Move) -> str:
        found = self._move()
        if found is None or found[1] not in moves:
            return ""
        return "required to disqualify" if found[1] is Move.DISQUALIFY else "required for this move"

    def _stage_hint(self, text: str) -> str:
        # the note and reason fields depend on the stage: refresh what they say
        self.call_after_refresh(self._recheck)
        target = choose(ProspectStage, text, "stage")
        reason = "-" if target is ProspectStage.DISQUALIFIED else None
        move = check_move(self.prospect.stage, target, note="-", reason=reason)
        same = target.value == text.strip().lower()
        hint = MOVE_HINT[move]
        return f"→ {target.value}{hint}" if hint or not same else ""

    def _recheck(self) -> None:
        for ident in ("note", "reason"):
            found = self.query(f"#{ident}-field")
            if found:
                found.first(Field).validate()

    def _reason_hint(self, text: str) -> str:
        found = self._move()
        if found is not None and found[1] is not Move.DISQUALIFY:
            raise InvalidInput("only when disqualifying: say why it moves in Note")
        return ""

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        stage = choose(ProspectStage, self.field_value("stage"), "stage")
        note = self.field_value("note") or None
        reason = self.field_value("reason") or None
        ident = self.prospect.id

        def advance(conn: sqlite3.Connection) -> str:
            result = prospects.advance(conn, f"#{ident}", stage, note=note, reason=reason)
            return describe_advance(result)

        return advance


def describe_advance(result: prospects.Advance) -> str:
    """The confirmation line, as `sam prospect advance` says it."""
    p = result.prospect
    name = one_line(p.name)
    if result.move is Move.CONVERT:
        return (
            f"Converted prospect #{p.id} {name} into an active {p.tier.value} account "
            f"(was {result.from_stage.value})"
        )
    if result.move is Move.DISQUALIFY:
        return f"Disqualified prospect #{p.id} {name}: {one_line(p.disqualified_reason or '')}"
    verb = {Move.BACK: "Moved back", Move.REOPEN: "Reopened"}.get(result.move, "Advanced")
    return f"{verb} prospect #{p.id} {name}: {result.from_stage.value} → {p.stage.value}"
