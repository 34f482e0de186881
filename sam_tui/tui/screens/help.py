"""The `?` screen: every key that works where you are, with its binding id for remapping."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sam_tui.tui.keymap import keymap_path

GLOBAL_KEYS = [
    ("ctrl+p", "Command palette: every action, and go to an account by name", ""),
    ("enter", "Open the selected account", ""),
    ("tab", "Next panel / field", ""),
    ("escape", "Back / close / clear filter", ""),
]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, active: Mapping[str, ActiveBinding]) -> None:
        super().__init__()
        self._active = active

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        seen: set[str] = set()
        for active in self._active.values():
            binding = active.binding
            if not binding.description or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            shown = self.app.get_key_display(binding)
            # a short footer label ("Add") may carry the full sentence as its tooltip
            does = binding.tooltip or binding.description
            table.add_row(Text(shown), Text(does), Text(binding.id or ""))
        for key, text, ident in GLOBAL_KEYS:
            table.add_row(key, text, ident)
        note = Text(
            f"\nRemap any key by its binding id in {keymap_path()}:\n"
            '  [keymap]\n  "sam.log" = "ctrl+l"\n',
            style="dim",
        )
        with VerticalScroll():
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(note)

    def action_close(self) -> None:
        self.dismiss()
