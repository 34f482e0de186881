"""The one-line bar on top of every screen: where you are, the date, and the other screens' keys."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sam_tui import clock
from sam_tui.domain.dates import format_day
from sam_tui.domain.text import one_line

SCREENS = (
    ("1", "Home", "home"),
    ("2", "Accounts", "accounts"),
    ("3", "Follow-ups", "follow-ups"),
    ("4", "Complaints", "complaints"),
    ("5", "Pipeline", "pipeline"),
    ("6", "Prospects", "prospects"),
    ("7", "Reports", "reports"),
)


class NavBar(Static):
    DEFAULT_CSS = """
    NavBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def on_mount(self) -> None:
        self.refresh_bar()

    def on_resize(self) -> None:
        self.refresh_bar()

    def on_show(self) -> None:
        # back on a screen shown before: the cockpit's notice may have changed meanwhile
        self.refresh_bar()

    def refresh_bar(self) -> None:
        self.update(self.render_bar())

    def render_bar(self) -> Text:
        bar = self._bar(short=False)
        width = self.size.width
        # too many screens for the terminal: the others keep only their keys
        if width and bar.cell_len > width:
            bar = self._bar(short=True)
        return bar

    def _bar(self, *, short: bool) -> Text:
        bar = Text()
        bar.append(" sam ", style="bold reverse")
        for key, label, mode in SCREENS:
            here = mode == self.current
            if short and not here:
                bar.append(f"  {key}", style="dim")
                continue
            bar.append(f"  {key} ", style="bold" if here else "dim")
            bar.append(label, style="bold underline" if here else "dim")
        today = clock.today()
        bar.append(f"   {format_day(today, today)}", style="dim")
        # the cockpit's warning (tui.replica), read by name: a widget never imports the App
        notice = getattr(self.app, "notice", "")
        if notice:
            bar.append(f"   ⚠ {one_line(notice)}", style="bold yellow")
        return bar
