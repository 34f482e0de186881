"""The cockpit budget's floor: a bare Textual app that shows a 200-row DataTable."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable


class BareTable(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Score", "Item", "Account", "What", "Due")
        table.add_rows(
            (str(100 - n % 100), f"item-{n}", f"Account {n}", f"bareready{n}", "today")
            for n in range(200)
        )


if __name__ == "__main__":
    BareTable().run()
