"""The seams between the cockpit App and its screens, forms and actions.

Nothing under ``tui/screens``, ``tui/forms``, ``tui/actions.py`` or ``tui/commands.py``
imports the App (``tui/app.py`` imports them, lazily; ``tests/test_architecture.py``
checks it). They ask the App for what ``Cockpit`` names, and tell it what happened with
the messages below, which bubble up to it; the App asks the screen on top for what
``View`` and the small protocols after it name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from textual.message import Message

from sam_tui.tui.context import Selection

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.worker import Worker

    from sam_tui.domain.errors import SamError

T = TypeVar("T")


@runtime_checkable
class Cockpit(Protocol):
    """What a screen, a form or an action may ask of the cockpit."""

    db_path: Path

    def db_call(
        self,
        fn: Callable[[sqlite3.Connection], T],
        *,
        done: Callable[[T], Any] | None = None,
        failed: Callable[[SamError], Any] | None = None,
        group: str = "db",
        exclusive: bool = False,
        keep: str | None = None,
    ) -> Worker[None]:
        """Run ``fn`` on its own connection in a worker thread; ``done`` gets the result
        on the UI thread, ``failed`` a SamError (default: an error toast). With ``keep``
        the result is kept under that name and given again, without calling ``fn``,
        while nothing is committed to the book."""
        ...

    def kept(self, name: str) -> Any:
        """The latest result kept under ``name`` (however old), or None."""
        ...

    def show_error(self, exc: BaseException | str) -> None:
        """One error toast, the text shown literally."""
        ...

    def after_write(self, message: str) -> None:
        """A write finished: say ``message`` and reload what is on screen."""
        ...

    def open_account(
        self, account_id: int, focus: tuple[str, int] | None = None, *, tab: str | None = None
    ) -> None:
        """Show the account view (see ``OpenAccount``)."""
        ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> Any:
        """Open a form, a confirmation or a modal on top."""
        ...


def cockpit_of(node: DOMNode) -> Cockpit:
    """The cockpit a widget or a screen runs in."""
    app = node.app
    if not isinstance(app, Cockpit):
        raise TypeError(f"{type(node).__name__} runs outside the cockpit ({type(app).__name__})")
    return app


# --- what children tell the cockpit ------------------------------------------------------


class Wrote(Message):
    """A form or an action saved something: the cockpit says ``line`` and reloads."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class QueueRead(Message):
    """Home shows the whole triage queue: the work that waited for it may start."""


class OpenAccount(Message):
    """Show an account: on ``tab`` ("requests", "contacts"...), or on the tab and row of
    ``focus`` (table, id), as a search hit or a pipeline row asks."""

    def __init__(
        self, account_id: int, focus: tuple[str, int] | None = None, tab: str | None = None
    ) -> None:
        super().__init__()
        self.account_id = account_id
        self.focus = focus
        self.tab = tab


# --- what the cockpit asks of the screen on top ------------------------------------------


@runtime_checkable
class Reloads(Protocol):
    """A screen that shows data: another process wrote, or an action did."""

    def reload(self) -> None: ...


@runtime_checkable
class View(Reloads, Protocol):
    """A cockpit screen (``SamScreen``): actions work on its selection; ``/`` filters it."""

    def selection(self) -> Selection: ...

    def start_filter(self) -> None: ...


@runtime_checkable
class HidesClosed(Protocol):
    """A list that can show its closed records too (pipeline, prospects: ``h``)."""

    def action_toggle_closed(self) -> None: ...


@runtime_checkable
class Exports(Protocol):
    """A screen whose content can be written to a file (reports: ``x``)."""

    def action_export(self) -> None: ...
