"""The key bar at the bottom of every screen: the keys that work now, drawn as one line.

Textual's Footer makes a widget of every key and restyles each when the bindings change:
on the cockpit's first frame that was most of the work beyond a bare app (~190,000 of
~720,000 calls before the first triage row was drawn, measured with cProfile). This bar
looks the same (key, then what it does; the palette's key on the right) and is one widget
drawn as one line of text; a key is clicked, hovered (its tooltip shown) and dimmed
when it cannot run now, as the Footer's are. Keys that do not fit are left out whole,
never cut mid-word.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class Key(NamedTuple):
    """One key on the bar, and the columns it takes."""

    key: str  # what `simulate_key` presses
    action: str
    shown: str  # as the bar shows it ("^p", "?")
    description: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


PALETTE_RULE = "▏"
HELP_ACTIONS = ("help", "app.help")


class KeyBar(Widget, can_focus=False):
    """The screen's keys: one line docked at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keybar--key",
        "keybar--description",
        "keybar--hover",
        "keybar--rule",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--hover {
            background: $block-hover-background;
        }
        & > .keybar--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[Key] = []
        self._palette: Key | None = None
        self._placed: list[Key] = []
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._read_bindings()
            self.refresh()

    def _read_bindings(self) -> None:
        """The keys to show: one a action (the first key bound to it), as the Footer does."""
        active = self.screen.active_bindings
        keys: dict[str, Key] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = self._key(binding, enabled, tooltip or binding.tooltip)
        self._keys = list(keys.values())
        self._palette = None
        found = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and found is not None:
            _node, binding, enabled, tooltip = found
            said = tooltip or binding.tooltip or binding.description
            self._palette = self._key(binding, enabled, said)

    def _key(self, binding: Binding, enabled: bool, tooltip: str) -> Key:
        shown = self.app.get_key_display(binding)
        return Key(binding.key, binding.action, shown, binding.description, enabled, tooltip)

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        hover_style = self.get_component_rich_style("keybar--hover", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        placed: list[Key] = []
        right = Text(no_wrap=True, end="")
        palette = self._palette
        if palette is not None:
            right.append(PALETTE_RULE, self.get_component_rich_style("keybar--rule"))
            right.append(palette.shown, key_style)
            right.append(f" {palette.description} ", description_style)
        room = width - right.cell_len
        labels = [
            Text.assemble((f" {k.shown} ", key_style), (f"{k.description} ", description_style))
            for k in self._keys
        ]
        shown = self._fitting(labels, room)
        for index in shown:
            key, label = self._keys[index], labels[index]
            start = line.cell_len
            if not key.enabled:
                label.stylize("dim")
            if self._hover == len(placed):
                label.stylize(hover_style)
            line.append_text(label)
            placed.append(key._replace(start=start, end=line.cell_len))
        if palette is not None:
            if self._hover == len(placed):
                right.stylize(hover_style, 1)
            line.append(" " * max(0, room - line.cell_len))
            line.append_text(right)
            placed.append(palette._replace(start=room, end=width))
        self._placed = placed
        return line

    def _fitting(self, labels: list[Text], room: int) -> list[int]:
        """The keys that fit in ``room`` columns, in order; the help key stays when others
        must go, since the help screen lists every key."""
        helping = next((i for i, k in enumerate(self._keys) if k.action in HELP_ACTIONS), None)
        used = 0 if helping is None else labels[helping].cell_len
        kept = [] if helping is None else [helping]
        for index, label in enumerate(labels):
            if index == helping:
                continue
            if used + label.cell_len > room:
                break
            kept.append(index)
            used += label.cell_len
        return sorted(kept)

    def _at(self, x: int) -> int | None:
        for index, key in enumerate(self._placed):
            if key.start <= x < key.end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._at(event.x)
        if index != self._hover:
            self._hover = index
            self.tooltip = (self._placed[index].tooltip or None) if index is not None else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._at(event.x)
        if index is None:
            return
        key = self._placed[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
