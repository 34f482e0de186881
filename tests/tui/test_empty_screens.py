"""A new book's screens say what they are for, in paragraphs the terminal wraps: at 80
columns no line is left holding one word of a sentence (a hard newline did that)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import screen_text, settle

from sam_tui.store import db
from sam_tui.tui.app import SamApp


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        ("1", "believable demo portfolio in a scratch file"),
        ("5", "A deal is an opportunity with an account"),
        ("6", "A prospect is a company you want as your next strategic customer"),
    ],
)
async def test_an_empty_screen_wraps_its_paragraphs(db_path: Path, key: str, sentence: str) -> None:
    db.connect(db_path).close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        text = screen_text(app)
        assert sentence in text
        lines = [line.strip() for line in text.splitlines()]
        for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
            # one word between two lines of the same paragraph: a cut sentence
            alone = line.isalpha() and before and after and not after.startswith(("a ", "?"))
            assert not alone, f"{line!r} alone on its line:\n{text}"
