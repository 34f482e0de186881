"""Form inputs that explain themselves as you type: dates resolved, accounts matched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from sam_tui import clock
from sam_tui.domain import dates, refs
from sam_tui.domain.enums import choose
from sam_tui.domain.errors import InvalidInput, SamError
from sam_tui.domain.text import one_line


class Field(Vertical):
    """A label, an input, and a hint line under it that ``check`` fills as you type.

    ``check`` returns the hint for a good value and raises SamError for a bad one.
    ``required_when`` makes an empty value wrong depending on other fields: it returns
    why the value is needed now ("required to disqualify"), or "" when it is not.
    """

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Horizontal { height: 1; }
    Field .field-label { color: $text-muted; width: 14; height: 1; }
    Field Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    Field Input:focus { border: none; background: $primary 30%; }
    Field .field-hint { color: $text-muted; height: 1; padding-left: 14; }
    Field .field-hint.-error { color: $error; }
    """

    def __init__(
        self,
        label: str,
        *,
        id: str,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str] | None = None,
        required: bool = False,
        suggestions: Sequence[str] = (),
        required_when: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(id=f"{id}-field")
        self._label = label
        self._input_id = id
        self._value = value
        self._placeholder = placeholder
        self.check = check
        self.required = required
        self._suggestions = list(suggestions)
        self.required_when = required_when

    def compose(self) -> ComposeResult:
        field_input = Input(
            value=self._value,
            placeholder=self._placeholder,
            id=self._input_id,
            suggester=SuggestFromList(self._suggestions, case_sensitive=False)
            if self._suggestions
            else None,
        )
        field_input.cursor_blink = False
        with Horizontal():
            yield Label(self._label, classes="field-label", markup=False)
            yield field_input
        hint = Label("", classes="field-hint", markup=False)
        hint.display = False
        yield hint

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value.strip()

    def set_suggestions(self, words: Sequence[str]) -> None:
        self.input.suggester = SuggestFromList(list(words), case_sensitive=False)

    def on_mount(self) -> None:
        if self._value:
            self.validate()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.validate()

    def validate(self) -> bool:
        """Refresh the hint; True when the value is acceptable."""
        value = self.value
        if not value:
            need = "required" if self.required else ""
            if not need and self.required_when is not None:
                need = self.required_when()
            self._hint(need, error=bool(need))
            return not need
        if self.check is None:
            self._hint("")
            return True
        try:
            message = self.check(value)
        except SamError as exc:
            self._hint(one_line(str(exc)), error=True)
            return False
        self._hint(message)
        return True

    def _hint(self, text: str, *, error: bool = False) -> None:
        hint = self.query_one(".field-hint", Label)
        hint.set_class(error, "-error")
        hint.update(text)
        # an empty hint takes no line: forms must fit 80x24
        hint.display = bool(text)


def choice_hint(enum: type[StrEnum], what: str) -> Callable[[str], str]:
    """A check for a closed vocabulary: a unique prefix is enough, as on the command line."""

    def check(text: str) -> str:
        value = choose(enum, text, what).value
        # a hint only when it tells something: "m" -> meeting, not call -> call
        return "" if value == text.strip().lower() else f"→ {value}"

    return check


def money_hint(what: str, *, positive: bool = False) -> Callable[[str], str]:
    """A check for an amount (``250k``, ``1.2m``); ``positive`` refuses 0 as well."""

    def check(text: str) -> str:
        from sam_tui.domain.money import format_money, parse_amount  # decimal: forms only

        cents = parse_amount(text, what)
        if positive and cents == 0:
            raise InvalidInput(f"{what} must be above 0")
        return f"→ {format_money(cents)}"

    return check


def due_hint(text: str) -> str:
    today = clock.today()
    when = dates.parse_date(text, today, prefer="future")
    return f"→ {dates.format_day(when, today)} ({dates.humanize(when, today)})"


def when_hint(text: str) -> str:
    now = clock.now()
    if text.strip().lower() in ("now", ""):
        return ""
    moment = dates.parse_when(text, now)
    return (
        f"→ {dates.format_day(moment.date(), now.date())} {moment:%H:%M} "
        f"({dates.humanize(moment.date(), now.date())})"
    )


class AccountMatcher:
    """Resolves an account reference against names loaded once, off the UI thread."""

    def __init__(self) -> None:
        self.candidates: list[refs.Candidate] = []
        self.loaded = False

    def load(self, candidates: list[refs.Candidate]) -> None:
        self.candidates = candidates
        self.loaded = True

    def resolve(self, text: str) -> refs.Candidate:
        ident = refs.parse_id_ref(text)
        if ident is not None:
            for c in self.candidates:
                if c.id == ident:
                    return c
            raise SamError(f"no account #{ident}")
        key = refs.name_key(text)
        narrowed = [c for c in self.candidates if refs.name_key(c.name).startswith(key)]
        try:
            return refs.resolve(text, narrowed)
        except SamError:
            if narrowed:
                raise
            raise SamError(refs.suggest(text, self.candidates)) from None

    def hint(self, text: str) -> str:
        if not self.loaded:
            return ""
        found = self.resolve(text)
        if found.name == text.strip():
            return ""
        return f"→ {one_line(found.name)} (#{found.id})"
