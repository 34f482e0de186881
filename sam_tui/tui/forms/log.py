"""`l`: log a client touch for the selected account, with the same fields as `sam log`."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from textual.app import ComposeResult

from sam_tui import clock
from sam_tui.domain import dates, refs
from sam_tui.domain.enums import SENTIMENT_NAMES, Channel, Direction, parse_sentiment
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.services import complaints, contacts, follow_ups, interactions
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import FormScreen, Values
from sam_tui.tui.widgets.inputs import Field, Spec, choice, day, text, when_hint


def sentiment_hint(text: str) -> str:
    value = parse_sentiment(text)
    # the default needs no explaining
    return "" if text.strip() == "0" else f"→ {SENTIMENT_NAMES[value]}"


def _when(text: str) -> datetime | None:
    return None if text.lower() == "now" else dates.parse_when(text, clock.now())


NOTE = text("note", "Note", placeholder="what happened", required=True, arg="summary")
CHANNEL = choice("channel", "Channel", Channel, "channel")
WITH = text("with", "With", placeholder="contact name (optional)", arg="contact_ref")
WHEN = Spec("when", "When", _when, hint=when_hint, default="now", arg="occurred_at")
SENTIMENT = Spec("sentiment", "Sentiment", parse_sentiment, hint=sentiment_hint, default="0")
FOLLOW_UP = day(
    "follow-up", "Follow-up", placeholder="e.g. next friday (optional)", arg="follow_up_due"
)
FOLLOW_UP_NOTE = text("follow-up-note", "F/u note", placeholder="default: the note")


def record_ids(text: str) -> tuple[int, ...]:
    """``14 15``, ``#14, #15`` -> (14, 15)."""
    found = []
    for word in text.replace(",", " ").split():
        digits = word.removeprefix("#")
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 12:
            raise InvalidInput(f"'{word}' is not an ID: type numbers such as 14 15")
        found.append(int(digits))
    return tuple(found)


# one touch, one command: the touch closes follow-ups and answers complaints of the account
CLOSES = Spec("closes", "Closes", record_ids, placeholder="follow-up IDs to close", arg="done")
ANSWERS = Spec("answers", "Answers", record_ids, placeholder="complaint IDs", arg="complaint_ids")


class LogForm(FormScreen[Selection]):
    form_title = "Log a client touch"
    submit_label = "Log"

    def fields(self) -> ComposeResult:
        sel = self.subject
        yield self.account_field(sel.account_name)
        yield Field(NOTE)
        # an empty channel is a note, as `sam log` without --channel
        yield Field(CHANNEL, "call")
        yield Field(WITH, sel.contact_name or "", hint=self._with_hint)
        yield Field(WHEN)
        yield Field(SENTIMENT)
        yield Field(FOLLOW_UP)
        yield Field(FOLLOW_UP_NOTE)
        yield Field(CLOSES, hint=lambda text: self._titles(text, self._open_follow_ups))
        yield Field(ANSWERS, hint=lambda text: self._titles(text, self._open_complaints))

    # the selected account's open follow-ups and complaints by id, offered in the fields,
    # and its contacts, for the With field's hint
    _open_follow_ups: dict[int, str] = {}
    _open_complaints: dict[int, str] = {}
    _people: list[refs.Candidate] = []

    def _with_hint(self, text: str) -> str:
        """``kathrin`` -> "→ Katrin Vogel", by the rules of ``--with`` (``domain.refs``)."""
        if not self._people:
            return ""
        found = refs.people_matching(text, self._people)
        if not found:
            raise InvalidInput(refs.suggest(text, self._people, "contact"))
        if len(found) > 1:
            raise InvalidInput("several: " + ", ".join(one_line(p.name) for p in found[:4]))
        return "" if found[0].name == text.strip() else f"→ {one_line(found[0].name)}"

    def _titles(self, text: str, known: dict[int, str]) -> str:
        titles = [known.get(i) for i in record_ids(text)]
        return "→ " + " · ".join(one_line(t) for t in titles if t) if any(titles) else ""

    def _offer(self, found: Offered) -> None:
        self._open_follow_ups, self._open_complaints, self._people = found
        self.recheck("with")
        for ident, known in (("closes", found[0]), ("answers", found[1])):
            if known:
                listed = " · ".join(f"#{i} {one_line(t)}" for i, t in known.items())
                self.query_one(f"#{ident}-field", Field).input.placeholder = listed

    def on_mount(self) -> None:
        super().on_mount()
        account_id = self.subject.account_id
        if account_id is not None:
            self.cockpit.db_call(lambda conn: _open_items(conn, account_id), done=self._offer)
        contact_id = self.subject.contact_id
        if contact_id is not None and not self.subject.contact_name:
            # a cold contact in triage: the touch that fixes it is with them
            self.cockpit.db_call(
                lambda conn: contacts.find(conn, f"#{contact_id}").name, done=self._with
            )

    def _with(self, name: str) -> None:
        field = self.query_one("#with-field", Field)
        if not field.value:
            field.input.value = name

    def check(self, values: Values) -> None:
        if values.get(FOLLOW_UP_NOTE) and values.get(FOLLOW_UP) is None:
            raise InvalidInput("a follow-up note needs a follow-up date")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        channel = values.get(CHANNEL) or Channel.NOTE
        arguments = values.arguments()
        # empty fields: nothing to close or answer
        arguments["done"] = arguments.get("done") or ()
        arguments["complaint_ids"] = arguments.get("complaint_ids") or ()
        result = interactions.log(
            conn, **{**arguments, "channel": channel}, direction=Direction.OUT
        )
        line = f"Logged {result.channel.value} with {one_line(result.account_name)}"
        if result.follow_up_due is not None:
            line += (
                f"; follow-up #{result.follow_up_id} due "
                f"{dates.format_day(result.follow_up_due, clock.today())}"
            )
        for f in result.closed:
            line += f"; done: follow-up #{f.id}"
        for c in result.answered:
            line += f"; answered complaint #{c.id}"
        return line


Offered = tuple[dict[int, str], dict[int, str], list[refs.Candidate]]


def _open_items(conn: sqlite3.Connection, account_id: int) -> Offered:
    """The account's open follow-ups and open complaints (id -> title), and its people."""
    ref = f"#{account_id}"
    owed = follow_ups.list_follow_ups(conn, account_ref=ref)
    raised = complaints.list_complaints(conn, open_only=True, account_ref=ref)
    people = [refs.Candidate(c.id, c.name) for c in contacts.list_contacts(conn, account_ref=ref)]
    return {f.id: f.title for f in owed}, {c.id: c.title for c in raised}, people
