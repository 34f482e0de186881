"""`l`: log a client touch for the selected account, with the same fields as `sam log`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import SENTIMENT_NAMES, Channel, Direction, choose, parse_sentiment
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import contacts, interactions
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint, due_hint, when_hint


def sentiment_hint(text: str) -> str:
    value = parse_sentiment(text)
    # the default needs no explaining
    return "" if text.strip() == "0" else f"→ {SENTIMENT_NAMES[value]}"


class LogForm(FormScreen):
    form_title = "Log a client touch"
    submit_label = "Log"

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def fields(self) -> ComposeResult:
        yield self.account_field(self.selection.account_name)
        yield Field("Note", id="note", placeholder="what happened", required=True)
        yield Field(
            "Channel",
            id="channel",
            value="call",
            check=choice_hint(Channel, "channel"),
            suggestions=[c.value for c in Channel],
        )
        yield Field(
            "With",
            id="with",
            value=self.selection.contact_name or "",
            placeholder="contact name (optional)",
        )
        yield Field("When", id="when", value="now", check=when_hint)
        yield Field("Sentiment", id="sentiment", value="0", check=sentiment_hint)
        yield Field(
            "Follow-up", id="follow-up", placeholder="e.g. next friday (optional)", check=due_hint
        )
        yield Field("F/u note", id="follow-up-note", placeholder="default: the note")

    def first_field(self) -> str | None:
        return "note" if self.selection.account_name else None

    def on_mount(self) -> None:
        super().on_mount()
        contact_id = self.selection.contact_id
        if contact_id is not None and not self.selection.contact_name:
            # a cold contact in triage: the touch that fixes it is with them
            self.sam.db_call(
                lambda conn: contacts.find(conn, f"#{contact_id}").name, done=self._with
            )

    def _with(self, name: str) -> None:
        field = self.query_one("#with-field", Field)
        if not field.value:
            field.input.value = name

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        now = clock.now()
        when_text = self.field_value("when")
        occurred = None if when_text.lower() in ("", "now") else dates.parse_when(when_text, now)
        due_text = self.field_value("follow-up")
        due = dates.parse_date(due_text, now.date()) if due_text else None
        account = self.field_value("account")
        note = self.field_value("note")
        channel = choose(Channel, self.field_value("channel") or "note", "channel")
        contact = self.field_value("with") or None
        sentiment = parse_sentiment(self.field_value("sentiment") or "0")
        follow_up_note = self.field_value("follow-up-note") or None
        if follow_up_note and due is None:
            raise InvalidInput("a follow-up note needs a follow-up date")

        def write(conn: sqlite3.Connection) -> str:
            result = interactions.log(
                conn,
                account_ref=account,
                summary=note,
                channel=channel,
                contact_ref=contact,
                occurred_at=occurred,
                sentiment=sentiment,
                direction=Direction.OUT,
                follow_up_due=due,
                follow_up_note=follow_up_note,
            )
            line = f"Logged {result.channel.value} with {one_line(result.account_name)}"
            if result.follow_up_due is not None:
                line += (
                    f"; follow-up #{result.follow_up_id} due "
                    f"{dates.format_day(result.follow_up_due, clock.today())}"
                )
            return line

        return write
