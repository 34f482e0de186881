"""A name (or prefix, or the folded name) that designates only an archived account finds
it, so a new record on it is refused with how to unarchive rather than called unknown;
names matching nothing keep their suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, fails, ok


@pytest.fixture
def book(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    ok(sam("account", "add", "Łódź Logistics"))
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("account", "archive", "lodz"))
    return sam


@pytest.mark.parametrize("ref", ["lodz", "Lodz Log", "łódź", "#1", "Łódź Logistics"])
def test_logging_on_an_archived_account_by_any_name_says_how_to_unarchive(
    book: Run, db_path: Path, ref: str
) -> None:
    before = digest(db_path)
    assert fails(book("log", ref, "Called them")) == (
        "error: account 'Łódź Logistics' is archived; run `sam account unarchive '#1'` "
        "to log on it again"
    )
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ("deal", "add", "lodz", "Pilot", "--amount", "5k"),
        ("complaint", "open", "lodz", "Late"),
        ("follow-up", "add", "lodz", "Call", "--due", "friday"),
    ],
)
def test_other_new_records_say_it_too(book: Run, db_path: Path, args: tuple[str, ...]) -> None:
    before = digest(db_path)
    assert fails(book(*args)) == (
        "error: account 'Łódź Logistics' is archived; run `sam account unarchive '#1'` first"
    )
    assert digest(db_path) == before


def test_unknown_names_keep_their_suggestions(book: Run) -> None:
    line = fails(book("log", "acne", "x"))
    assert line == "error: unknown account 'acne'; did you mean Acme Corp (#2)?"
    assert fails(book("log", "zzzz", "x")) == "error: unknown account 'zzzz'"


def test_two_archived_namesakes_stay_unknown(book: Run) -> None:
    ok(book("account", "add", "Łódź Ports"))
    ok(book("account", "archive", "Łódź Ports"))
    assert fails(book("log", "lodz", "x")).startswith("error: unknown account 'lodz'")
