"""The cockpit's amount fields read numbers as the book says they are written (`sam config
number-format`), as the command line does: `1,5m` is one and a half million to a manager
who writes decimal commas, and a change made in another terminal applies at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import settle, until

from sam_tui.domain.errors import InvalidInput
from sam_tui.services import settings
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.forms.deal import AMOUNT


def _configure(path: Path, value: str) -> None:
    conn = db.connect(path)
    try:
        settings.set_value(conn, "number-format", value)
    finally:
        conn.close()


async def test_amounts_in_forms_follow_the_books_number_format(demo_db: Path) -> None:
    _configure(demo_db, "1.234,56")
    app = SamApp(demo_db)
    app.WATCH_INTERVAL = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: AMOUNT.read("1,5m") == 150_000_000, "a decimal comma")
        assert AMOUNT.read("250.000") == 25_000_000
        assert AMOUNT.hint is not None and AMOUNT.hint("1.250,50") == "→ 1,250.50"
        # changed from the command line while the cockpit runs
        _configure(demo_db, "1,234.56")

        def points() -> bool:
            try:
                return AMOUNT.read("250.000") == 25_000
            except InvalidInput:
                return False

        await until(pilot, points, "the decimal point set in another terminal")


async def test_a_book_that_says_nothing_refuses_an_ambiguous_amount(demo_db: Path) -> None:
    _configure(demo_db, "1.234,56")
    async with SamApp(demo_db).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: AMOUNT.read("1,5m") == 150_000_000, "a decimal comma")
    # the next cockpit, on a book that never said: not the last one's convention
    other = demo_db.with_name("other.db")
    db.connect(other).close()
    async with SamApp(other).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with pytest.raises(InvalidInput, match="ambiguous"):
            AMOUNT.read("250.000")
