"""The cockpit's tables: long text ends in "…" where a column cuts it, as in the CLI, and a
date too long for its column is written shorter, never cut."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from tui_helpers import screen_text, settle

from sam_tui.tui.app import SamApp
from sam_tui.tui.widgets.table import fit, group_row, row


async def test_a_name_wider_than_its_column_ends_in_an_ellipsis(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        text = screen_text(app)
        assert "Pied Piper Pha…" in text and "Pied Piper Phar " not in text
        # a stage heading loses its padding, never a letter
        assert " Qualification " in text or " Qualification" in text


async def test_a_date_of_another_year_keeps_its_year_in_a_narrow_column(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "15 Feb '27" in text and "Mon 15 Fe" not in text


def test_fit_takes_the_first_form_that_fits() -> None:
    assert fit(10, "Thu 26 Nov", "26 Nov") == "Thu 26 Nov"
    assert fit(10, "Mon 15 Feb 2027", "15 Feb '27") == "15 Feb '27"
    assert fit(3, "Mon 15 Feb 2027", "15 Feb '27") == "15 Feb '27"


def test_cells_cut_with_an_ellipsis_and_headings_by_their_padding() -> None:
    cells = row("1", "Pied Piper Pharma", Text("a note")).cells
    assert all(cell.overflow == "ellipsis" for cell in cells)
    heading = group_row("g", " Qualification ", 2, {1: Text("4 deals")})
    assert heading.cells[0].overflow != "ellipsis" and not heading.selectable
