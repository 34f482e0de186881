"""The modal form every action uses: declared fields that check themselves as you type,
one write in a worker, and one generic edit form that works out what changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from sam_tui.domain.errors import InvalidInput, SamError
from sam_tui.domain.text import one_line
from sam_tui.services import accounts
from sam_tui.tui.cockpit import Cockpit, Wrote, cockpit_of
from sam_tui.tui.context import Selection
from sam_tui.tui.widgets.inputs import AccountMatcher, Field, Spec, text

S = TypeVar("S")  # what a form works on: the selection, or the record it was opened on
T = TypeVar("T")

ACCOUNT = text(
    "account", "Account", required=True, placeholder="name, prefix or #ID", arg="account_ref"
)
OUTCOME = text("outcome", "Outcome", placeholder="what came of it (optional)")


class Needs(NamedTuple):
    """What a form opens on: the ``Selection`` field that names its record, what to say
    when nothing is selected, and how to read the record afresh (None: the form works on
    the selection itself)."""

    field: str
    missing: str
    load: Callable[[sqlite3.Connection, int], Any] | None = None


class Values:
    """The fields' values, read on the UI thread when the form is submitted."""

    def __init__(self, values: dict[Spec[Any], object], cleared: tuple[str, ...] = ()) -> None:
        self._values = {spec.id: value for spec, value in values.items()}
        self._keywords = {spec.keyword: value for spec, value in values.items()}
        # edit forms: the ids of the fields that were emptied
        self.cleared = cleared

    def get(self, spec: Spec[T]) -> T | None:
        """The field's value; None when empty (an edit form: also when unchanged)."""
        return cast("T | None", self._values.get(spec.id))

    def arguments(self) -> dict[str, Any]:
        """Every value by its service keyword (``Spec.arg``), to call the service with;
        ``tests/tui/test_forms.py`` checks each form's keywords against its service."""
        return dict(self._keywords)

    def need(self, spec: Spec[T]) -> T:
        """The value of a required field (the form checked it is there)."""
        value = self.get(spec)
        if value is None:
            raise InvalidInput(f"{spec.label.lower()} is required")
        return value

    def __bool__(self) -> bool:
        return bool(self._values or self.cleared)


class FormScreen(ModalScreen[None], Generic[S]):
    """A form on ``subject``: subclasses yield their fields in ``fields`` and say in
    ``write`` what saving does; the cockpit hears of it through a ``Wrote`` message."""

    # next to each subclass: every form lives in forms/
    CSS_PATH = "form.tcss"
    # may name the subject's attributes: "Edit deal #{s.id}"
    form_title = "Form"
    submit_label = "Save"
    # the fields, when each starts empty or with its spec's default (else ``fields``)
    FIELDS: ClassVar[tuple[Spec[Any], ...]] = ()
    # what ``start`` opens the form on; None: the selection, whatever it holds
    needs: ClassVar[Needs | None] = None
    # (attribute, value) of a record the form does not open on -> why, naming it as ``r``
    refused: ClassVar[dict[tuple[str, object], str]] = {}
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save", priority=True),
        # Priority: the App moves the focus as it reads the key, before it hands the next
        # keys on; a plain binding runs only once the field has passed tab up to the
        # screen, and keys typed right after it land in the field being left (issue 14)
        Binding("tab", "app.focus_next", "Next field", id="form.next", show=False, priority=True),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            id="form.previous",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, subject: S) -> None:
        super().__init__()
        self.subject = subject
        self.matcher = AccountMatcher()
        self._saving = False

    @classmethod
    def start(cls, cockpit: Cockpit, sel: Selection) -> None:
        """The action that opens this form (``tui/keys.py``): on the selection, or on the
        record it names, read afresh (it may have moved since the screen was drawn)."""
        needs = cls.needs
        if needs is None:
            cockpit.push_screen(cls(cast(Any, sel)))
            return
        ident: int | None = getattr(sel, needs.field)
        if ident is None:
            cockpit.show_error(needs.missing)
            return
        load = needs.load
        if load is None:
            cockpit.push_screen(cls(cast(Any, sel)))
            return
        found = ident

        def opened(record: Any) -> None:
            problem = cls.refuse(record)
            if problem:
                cockpit.show_error(problem)
            else:
                cockpit.push_screen(cls(record))

        cockpit.db_call(lambda conn: load(conn, found), done=opened)

    @classmethod
    def refuse(cls, record: Any) -> str | None:
        """Why the form does not open on this record (a closed one, say), or None."""
        for (attribute, value), why in cls.refused.items():
            if getattr(record, attribute) == value:
                return one_line(why.format(r=record))
        return None

    @property
    def cockpit(self) -> Cockpit:
        return cockpit_of(self)

    @property
    def ident(self) -> int:
        """The id of the record the form is on: the one read afresh, or the selection's."""
        needs = self.needs
        found = getattr(self.subject, needs.field if needs and needs.load is None else "id")
        assert isinstance(found, int)
        return found

    def heading(self) -> str:
        return one_line(self.form_title.format(s=self.subject))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.heading(), classes="form-title", markup=False)
            yield from self.fields()
            error = Label("", id="form-error", classes="form-error", markup=False)
            error.display = False
            yield error
            yield Label(
                f"enter or ctrl+s: {self.submit_label.lower()} · esc: cancel · tab: next field",
                classes="form-keys",
                markup=False,
            )

    def fields(self) -> ComposeResult:
        for spec in self.FIELDS:
            if spec is ACCOUNT:
                selected = self.subject if isinstance(self.subject, Selection) else None
                yield self.account_field(selected.account_name if selected else None)
            else:
                yield Field(spec)

    def on_mount(self) -> None:
        if self.query("#account-field"):
            self.cockpit.db_call(accounts.names, done=self._names_loaded)
        fields = list(self.query(Field))
        target = self.first_field()
        found = [f for f in fields if f.spec.id == target]
        if not found and fields:
            # the account is often known from the selection: start in the next field
            filled = fields[0].spec is ACCOUNT and fields[0].initial and len(fields) > 1
            found = fields[1:] if filled else fields
        if found:
            found[0].input.focus()
        elif self.query(Input):
            self.query(Input).first().focus()

    def first_field(self) -> str | None:
        """The id of the field the cursor starts in (None: the first one to fill)."""
        return None

    def _names_loaded(self, names: list[Any]) -> None:
        self.matcher.load(names)
        field = self.query_one("#account-field", Field)
        field.set_suggestions([c.name for c in names])
        field.validate()

    def account_field(self, value: str | None) -> Field:
        return Field(ACCOUNT, value or "", hint=self.matcher.hint)

    def field_value(self, id: str) -> str:
        return self.query_one(f"#{id}-field", Field).value

    def recheck(self, *ids: str) -> None:
        """Check these fields again: what they accept depends on a field just changed."""
        for ident in ids:
            found = self.query(f"#{ident}-field")
            if found:
                found.first(Field).validate()

    # --- submit ----------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss()

    def action_submit(self) -> None:
        if self._saving:
            return
        fields = list(self.query(Field))
        bad = [f for f in fields if not f.validate()]
        if bad:
            self.error(f"Check {bad[0].spec.label.lower()}")
            bad[0].input.focus()
            return
        try:
            values = self.read(fields)
            self.check(values)
        except SamError as exc:
            self.error(str(exc))
            return
        self._saving = True
        self.cockpit.db_call(
            lambda conn: self.write(conn, values),
            done=self._saved,
            failed=self._failed,
            group="write",
        )

    def read(self, fields: list[Field]) -> Values:
        """Every field's value (parsed here, on the UI thread: fast and pure)."""
        return self.values_of([(f.spec, f.initial, f.value) for f in fields])

    def values_of(self, texts: list[tuple[Spec[Any], str, str]]) -> Values:
        """The values to save from each field's (spec, text it started with, text now)."""
        return Values({spec: spec.read(now) for spec, _was, now in texts})

    def check(self, values: Values) -> None:
        """Refuse (SamError) what the fields allow one by one but not together."""

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        """Save ``values``; return the confirmation line.

        Runs in a worker thread: it may read ``values`` and ``self.subject`` (a plain
        record), never a widget.
        """
        raise NotImplementedError

    def _saved(self, message: str) -> None:
        self._saving = False
        self.dismiss()
        self.saved(message)

    def saved(self, message: str) -> None:
        """After the write: the cockpit says ``message`` and reloads what is on screen."""
        self.app.post_message(Wrote(message))

    def _failed(self, exc: SamError) -> None:
        self._saving = False
        self.error(str(exc))

    def error(self, message: str) -> None:
        label = self.query_one("#form-error", Label)
        label.update(one_line(message))
        label.display = bool(message)


class DoneForm(FormScreen[S]):
    """``d`` on what you owe (a follow-up, a request): done, with what came of it if you
    say (enter alone: done). The record's ``shown`` text stands above the field."""

    submit_label = "Done"
    shown = "title"

    def fields(self) -> ComposeResult:
        yield Label(one_line(getattr(self.subject, self.shown)), markup=False)
        yield Field(OUTCOME)


class EditForm(FormScreen[S]):
    """Every field starts with the record's value; saving writes only what changed,
    clears what was emptied, and says so when nothing changed."""

    submit_label = "Save"

    def values_of(self, texts: list[tuple[Spec[Any], str, str]]) -> Values:
        changed: dict[Spec[Any], object] = {}
        cleared = []
        for spec, was, typed in texts:
            now = spec.read(typed)
            if typed.strip() == was.strip() or now == _quietly(spec, was):
                continue  # as it was, or another way of writing the same value
            if now is None:
                cleared.append(spec.id)
            else:
                changed[spec] = now
        values = Values(changed, tuple(cleared))
        if not values:
            raise InvalidInput("nothing changed")
        return values


def _quietly(spec: Spec[Any], text: str) -> object:
    """What the text a field started with stands for (a value that no longer parses,
    say a date rule changed since, counts as different from anything typed)."""
    try:
        return spec.read(text)
    except SamError:
        return _UNREADABLE


_UNREADABLE = object()
