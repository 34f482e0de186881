"""The modal form every action uses: fields that validate as you type, save in a worker."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from sam_tui.domain.errors import SamError
from sam_tui.domain.text import one_line
from sam_tui.services import accounts
from sam_tui.tui.widgets.inputs import AccountMatcher, Field

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp


class FormScreen(ModalScreen[None]):
    """Subclasses yield their fields in ``fields`` and implement ``save``."""

    form_title = "Form"
    submit_label = "Save"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save", priority=True),
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormScreen .form-title { text-style: bold; height: 1; margin-bottom: 1; }
    FormScreen .form-error { color: $error; height: auto; }
    FormScreen .form-keys { color: $text-muted; height: 1; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.matcher = AccountMatcher()
        self._saving = False

    @property
    def sam(self) -> SamApp:
        from sam_tui.tui.app import SamApp

        assert isinstance(self.app, SamApp)
        return self.app

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.form_title, classes="form-title", markup=False)
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
        raise NotImplementedError
        yield

    def on_mount(self) -> None:
        if self.query("#account-field"):
            self.sam.db_call(accounts.names, done=self._names_loaded)
        target = self.first_field()
        found = self.query(f"#{target}-field") if target else None
        if found:
            found.first(Field).input.focus()
        elif self.query(Input):
            self.query(Input).first().focus()

    def first_field(self) -> str | None:
        """The id of the field the cursor starts in (None: the first one)."""
        return None

    def _names_loaded(self, names: list[Any]) -> None:
        self.matcher.load(names)
        field = self.query_one("#account-field", Field)
        field.set_suggestions([c.name for c in names])
        field.validate()

    def account_field(self, value: str | None) -> Field:
        return Field(
            "Account",
            id="account",
            value=value or "",
            placeholder="name, prefix or #ID",
            check=self.matcher.hint,
            required=True,
        )

    def field_value(self, id: str) -> str:
        return self.query_one(f"#{id}-field", Field).value

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
            self.error(f"Check {bad[0]._label.lower()}")
            bad[0].input.focus()
            return
        try:
            job = self.prepare()
        except SamError as exc:
            self.error(str(exc))
            return
        self._saving = True
        self.sam.db_call(job, done=self._saved, failed=self._failed, group="write")

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        """Read and parse the fields here, on the UI thread (fast, pure); return the write.

        The returned function runs in a worker and must touch no widget: it gets
        everything it needs through its closure and returns the confirmation line.
        """
        raise NotImplementedError

    def _saved(self, message: str) -> None:
        self._saving = False
        self.dismiss()
        self.sam.after_write(message)

    def _failed(self, exc: SamError) -> None:
        self._saving = False
        self.error(str(exc))

    def error(self, message: str) -> None:
        label = self.query_one("#form-error", Label)
        label.update(one_line(message))
        label.display = bool(message)
