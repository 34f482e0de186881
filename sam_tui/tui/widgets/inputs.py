"""Form fields declared (``Spec``) and shown (``Field``): they explain themselves as you type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from sam_tui import clock
from sam_tui.domain import dates, refs
from sam_tui.domain.enums import choose
from sam_tui.domain.errors import InvalidInput, NotFound, SamError
from sam_tui.domain.text import one_line

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Spec(Generic[T]):
    """One form field, declared: its id and label, how its text is read, what it says as
    you type, whether it may stay empty.

    ``parse`` turns the text (stripped, never empty) into a value and raises SamError
    for a bad one; ``hint`` returns the line shown under the field for good text and
    raises SamError for bad text. ``default`` is the text a new form starts with and
    what an empty field stands for (empty and no default: no value, "" -> None). ``arg``
    is the service's keyword for the value (default: the id, ``-`` read as ``_``).
    """

    id: str
    label: str
    parse: Callable[[str], T]
    hint: Callable[[str], str] | None = None
    required: bool = False
    placeholder: str = ""
    default: str = ""
    suggestions: tuple[str, ...] = ()
    arg: str = ""

    @property
    def keyword(self) -> str:
        return self.arg or self.id.replace("-", "_")

    def read(self, text: str) -> T | None:
        """The value ``text`` stands for; None for an empty field without a default."""
        text = text.strip() or self.default
        return self.parse(text) if text else None


def text(id: str, label: str, **options: Any) -> Spec[str]:
    """A field of free text (stored as typed, stripped)."""
    return Spec(id, label, str, **options)


def choice(id: str, label: str, enum: type[E], what: str, **options: Any) -> Spec[E]:
    """One of a closed vocabulary; a unique prefix is enough, as on the command line."""
    return Spec(
        id,
        label,
        lambda text: choose(enum, text, what),
        hint=choice_hint(enum, what),
        suggestions=tuple(member.value for member in enum),
        **options,
    )


# The book's number-format (``services.settings.decimal_mark``): "." or ",", None when not
# said. The fields are declared once for every form, so the cockpit keeps it here: read in
# a worker when it starts, and again when the book changes from elsewhere (`sam config`).
_decimal_mark: str | None = None


def use_decimal_mark(mark: str | None) -> None:
    """Amounts typed into forms are read with ``mark`` from now on."""
    global _decimal_mark
    _decimal_mark = mark


def money(id: str, label: str, what: str, *, positive: bool = False, **options: Any) -> Spec[int]:
    """An amount in cents (``250k``, ``1.2m``); ``positive`` refuses 0 as well."""
    hint = money_hint(what, positive=positive)

    def parse(text: str) -> int:
        from sam_tui.domain.money import parse_amount  # decimal: forms only

        hint(text)  # the same refusals as the hint
        return parse_amount(text, what, _decimal_mark)

    return Spec(id, label, parse, hint=hint, **options)


def day(id: str, label: str, *, prefer: dates.Prefer = "future", **options: Any) -> Spec[date]:
    """A date in any of the CLI's phrasings (``Dec 5``, ``next friday``, ``eoq``)."""
    return Spec(
        id,
        label,
        lambda text: dates.parse_date(text, clock.today(), prefer=prefer),
        hint=due_hint if prefer == "future" else past_hint,
        **options,
    )


class Field(Vertical):
    """A label, an input, and a hint line under it that the spec's ``hint`` fills as you
    type; ``value`` is the text it starts with (a form tells what changed against it).

    ``hint`` and ``placeholder`` replace the spec's for this form (a hint that looks at
    the other fields). ``required_when`` makes an empty value wrong depending on other
    fields: it returns why the value is needed now ("required to disqualify"), or "".
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
        spec: Spec[Any],
        value: str | None = None,
        *,
        hint: Callable[[str], str] | None = None,
        placeholder: str | None = None,
        required_when: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(id=f"{spec.id}-field")
        self.spec = spec
        self.initial = spec.default if value is None else value
        self._placeholder = spec.placeholder if placeholder is None else placeholder
        self.check = hint or spec.hint
        self.required_when = required_when
        self._suggestions = list(spec.suggestions)

    def compose(self) -> ComposeResult:
        field_input = Input(
            value=self.initial,
            placeholder=self._placeholder,
            id=self.spec.id,
            suggester=SuggestFromList(self._suggestions, case_sensitive=False)
            if self._suggestions
            else None,
        )
        field_input.cursor_blink = False
        with Horizontal():
            yield Label(self.spec.label, classes="field-label", markup=False)
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
        if self.initial:
            self.validate()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.validate()

    def validate(self) -> bool:
        """Refresh the hint; True when the value is acceptable."""
        value = self.value
        if not value:
            need = "required" if self.spec.required else ""
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

        cents = parse_amount(text, what, _decimal_mark)
        if positive and cents == 0:
            raise InvalidInput(f"{what} must be above 0")
        return f"→ {format_money(cents)}"

    return check


def due_hint(text: str) -> str:
    today = clock.today()
    when = dates.parse_date(text, today, prefer="future")
    return f"→ {dates.format_day(when, today)} ({dates.humanize(when, today)})"


def past_hint(text: str) -> str:
    """A date that looks back (a start): ``Oct 1`` is the last one."""
    today = clock.today()
    when = dates.parse_date(text, today, prefer="past")
    return f"→ {dates.format_day(when, today)}"


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
    """Resolves a reference (an account, a contact...) against names loaded once, off the
    UI thread, by the command line's rules (``domain.refs``: exact, prefix, folded)."""

    def __init__(self, what: str = "account") -> None:
        self.what = what
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
            raise SamError(f"no {self.what} #{ident}")
        try:
            return refs.resolve(text, self.candidates, self.what)
        except NotFound:
            raise SamError(refs.suggest(text, self.candidates, self.what)) from None

    def hint(self, text: str) -> str:
        if not self.loaded:
            return ""
        found = self.resolve(text)
        if found.name == text.strip():
            return ""
        return f"→ {one_line(found.name)} (#{found.id})"
