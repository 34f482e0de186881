"""Opening a book made by an older sam: a large one says it is being upgraded before the wait."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from samcli import ok
from trust_support import FIXTURE_DIR

from sam_tui.store import db


@pytest.fixture
def old_book(tmp_path: Path) -> Path:
    target = tmp_path / "book.db"
    shutil.copy2(FIXTURE_DIR / "v5.db", target)
    target.chmod(0o600)
    return target


def test_a_large_old_book_says_it_is_upgrading_first(sam, old_book, monkeypatch):
    monkeypatch.setattr(db, "LONG_UPGRADE_BYTES", 1)  # the fixture stands for a large book
    result = sam("account", "list", db=old_book)
    ok(result)
    assert result.stderr.startswith("Upgrading book.db (")
    assert "this may take a minute; the old file is kept as book.db.v5.bak" in result.stderr
    assert (old_book.parent / "book.db.v5.bak").exists()
    again = sam("account", "list", db=old_book)
    assert "Upgrading" not in again.stderr  # once


def test_a_small_old_book_upgrades_without_a_word(sam, old_book):
    result = sam("account", "list", db=old_book)
    ok(result)
    assert "Upgrading" not in result.stderr
