"""The key bar: the keys that work now, clicked, hovered, dimmed, and left out whole when narrow."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from sam_tui.tui.widgets.keybar import KeyBar


class Keys(App[None]):
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add an account"),
        Binding("o", "sort", "Sort"),
        Binding("x", "export", "Export"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []
        self.can_export = False

    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return True if self.can_export else None  # None: shown, dimmed
        return True

    def action_add(self) -> None:
        self.ran.append("add")

    def action_sort(self) -> None:
        self.ran.append("sort")

    def action_export(self) -> None:
        self.ran.append("export")

    def action_help(self) -> None:
        self.ran.append("help")


def bar_text(app: App[Any]) -> str:
    return app.query_one(KeyBar).render().plain


def column_of(app: App[Any], words: str) -> int:
    return bar_text(app).index(words)


async def test_the_bar_shows_each_key_and_the_palette_on_the_right() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(" a Add  o Sort  x Export  ? Help ")
        assert text.endswith("▏^p palette ")
        assert len(text) == 80


async def test_a_click_on_a_key_runs_its_action_and_a_dimmed_one_does_not() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        await pilot.click(KeyBar, offset=(column_of(app, "Sort"), 0))
        await pilot.pause()
        assert app.ran == ["sort"]
        await pilot.click(KeyBar, offset=(column_of(app, "Export"), 0))
        await pilot.pause()
        assert app.ran == ["sort"]  # export cannot run now: shown dimmed, the click rings
        app.can_export = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(KeyBar, offset=(column_of(app, "Export"), 0))
        await pilot.pause()
        assert app.ran == ["sort", "export"]


async def test_hovering_a_key_shows_its_tooltip() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        bar = app.query_one(KeyBar)
        await pilot.hover(KeyBar, offset=(column_of(app, "Add"), 0))
        await pilot.pause()
        assert bar.tooltip == "Add an account"
        await pilot.hover(KeyBar, offset=(column_of(app, "Sort"), 0))
        await pilot.pause()
        assert bar.tooltip is None  # Sort has none


async def test_a_narrow_bar_leaves_keys_out_whole_but_keeps_help() -> None:
    app = Keys()
    async with app.run_test(size=(36, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        text = bar_text(app)
        assert " a Add " in text and " ? Help " in text
        assert "Export" not in text and "Expo" not in text  # out whole, never cut
        assert text.endswith("▏^p palette ")
        await pilot.click(KeyBar, offset=(column_of(app, "Help"), 0))
        await pilot.pause()
        assert app.ran == ["help"]


async def test_the_bar_follows_the_bindings_of_what_has_focus() -> None:
    class Typing(Input):
        BINDINGS = [Binding("ctrl+s", "app.add", "Save")]

    class Focused(Keys):
        def compose(self) -> ComposeResult:
            yield Typing(id="box")
            yield KeyBar()

    app = Focused()
    async with app.run_test(size=(80, 5)) as pilot:
        app.query_one(Typing).focus()
        await pilot.pause()
        assert "^s Save" in bar_text(app)
        app.set_focus(None)
        await pilot.pause()
        assert "Save" not in bar_text(app)
