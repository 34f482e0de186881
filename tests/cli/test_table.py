"""The CLI's list printer (`cli/table.py`): what lands on the screen, and when."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from rich.cells import cell_len

from sam_tui.cli import table
from sam_tui.cli.table import Column, Output, Span, name_column, print_table


class Screen(io.StringIO):
    """Stands for stdout: remembers every write, as a pipe would receive it."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)

    def isatty(self) -> bool:
        return False


def printed(columns, rows, width: int = 40, **options) -> list[str]:
    import os

    os.environ["COLUMNS"] = str(width)
    target = Screen()
    saved, sys.stdout = sys.stdout, target
    try:
        with Output() as out:
            print_table(out, columns, rows, **options)
    finally:
        sys.stdout = saved
    return target.getvalue().splitlines()


class _Plain:
    """An output without colours, as a pipe gets: styles are dropped."""

    colour = False

    def style(self, text: str, style: str) -> str:
        return text


_NO_COLOUR: Any = _Plain()

COLUMNS = (
    Column("#", align="right", cut=False),
    name_column("Account"),
    Column("Note", flex=True, wrap=True, min_width=8),
    Column("Tier", drop=1),
)


def test_the_first_rows_are_out_before_the_last_is_read(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    screen = Screen()
    # in the test's body: pytest puts its own capture back on sys.stdout after fixtures
    monkeypatch.setattr(sys, "stdout", screen)
    pulled = []

    def rows() -> Iterator[tuple[str, ...]]:
        for n in range(10_000):
            if n == 5_000:
                # half-way through the source: the screen must already show rows
                pulled.append(sum(w.count("\n") for w in screen.writes))
            yield (str(n), f"Account {n:05d}", "a note", "key")

    with Output() as out:
        assert print_table(out, COLUMNS, rows(), ids=9_999) == 10_000
    assert pulled and pulled[0] > 4_000
    assert len(screen.getvalue().splitlines()) == 10_001
    # in batches, not a write per line
    assert len(screen.writes) < 200


def test_the_id_column_is_as_wide_as_the_largest_id_not_the_first_rows():
    rows = [(str(n), f"A{n}", "x", "key") for n in (1, 2, 3, 99_999)]
    lines = printed(COLUMNS, rows, width=40, ids=99_999)
    assert lines[1].startswith("    1 A1")
    assert lines[4].startswith("99999 A99999")
    # without the hint an id wider than its column is still printed whole
    lines = printed(COLUMNS, [*rows[:3] * 70, rows[3]], width=40)
    assert lines[-1].startswith("99999 ")


def test_user_text_is_shown_literally(monkeypatch):
    lines = printed(COLUMNS, [("1", "[bold]Acme[/] \x1b[2J", "price [/] x\x9b", "key")], width=60)
    body = "\n".join(lines)
    assert "[bold]Acme[/] ^[[2J" in body
    assert "price [/] x<U+009B>" in body
    assert "\x1b" not in body and "\x9b" not in body


def test_a_name_wraps_rather_than_lose_a_letter_and_a_note_wraps_at_spaces():
    name = "Société Générale Énergie Holdings International"
    lines = printed(COLUMNS, [("12345", name, "call the new CFO about it", "strategic")], width=40)
    assert all(cell_len(line) <= 40 for line in lines)
    text = " ".join(" ".join(lines).split())
    for word in name.split():
        assert word in text
    assert "…" not in text
    assert "12345" in lines[1]


def test_columns_leave_whole_highest_drop_first_and_wide_keeps_them():
    rows = [("1", "O'Brien & Sons", "note", "strategic")]
    narrow = printed(COLUMNS, rows, width=30)
    assert narrow[0].split() == ["#", "Account", "Note"]
    assert printed(COLUMNS, rows, width=30, wide=True)[0].split() == [
        "#",
        "Account",
        "Note",
        "Tier",
    ]
    assert printed(COLUMNS, rows, width=60)[0].split() == ["#", "Account", "Note", "Tier"]


def test_wide_characters_count_two_cells():
    rows = [("1", "東京商事", "見積もりを送る", "key"), ("2", "Acme", "ok", "key")]
    lines = printed(COLUMNS, rows, width=40)
    assert all(cell_len(line) <= 40 for line in lines)
    # the columns line up: each row's Tier starts in the same cell
    starts = {cell_len(line[: line.index("key")]) for line in lines[1:] if "key" in line}
    assert len(starts) == 1


def test_a_cell_too_long_for_a_cut_column_ends_in_an_ellipsis():
    columns = (Column("#", align="right"), Column("Email", max_width=10))
    lines = printed(columns, [("1", "laura.schmidt@example.com")], width=40)
    assert lines[1].endswith("laura.sch…")


def test_styles_only_when_colour_is_wanted(monkeypatch):
    rows = [("1", "Acme", (Span("late", "bold red"),), "key")]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1;31mlate\x1b[0m" in "\n".join(printed(COLUMNS, rows, width=40))
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in "\n".join(printed(COLUMNS, rows, width=40))


def test_a_table_stops_at_the_lines_it_was_given():
    rows = [(str(n), f"Account {n}", "a long note that wraps " * 2, "key") for n in range(20)]
    lines = printed(COLUMNS, rows, width=40, lines=7)
    assert len(lines) <= 7


def test_a_long_list_leaves_room_for_a_longer_name_further_down():
    # the first 200 rows set the widths; a name further down, longer than theirs, still
    # fits on its line because the spare room went to the names
    rows = [(str(n), "Acme", "note", "key") for n in range(300)]
    rows.append(("300", "Aperture Aerospace North America 3", "note", "key"))
    lines = printed(COLUMNS, rows, width=80)
    assert len(lines) == 302
    assert "Aperture Aerospace North America 3" in lines[-1]
    # a list its sample holds whole keeps the widths of its rows
    assert printed(COLUMNS, rows[:3], width=80)[1] == "0 Acme    note     key"


def test_no_color_keeps_bold_and_dim_but_no_colours(monkeypatch):
    rows = [("1", "Acme", (Span("late", "bold red"),), "key")]
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    shown = "\n".join(printed(COLUMNS, rows, width=40))
    assert "\x1b[1mlate\x1b[0m" in shown
    assert "\x1b[1;31m" not in shown and "\x1b[31m" not in shown


def test_a_wrapped_line_continues_at_its_hang_and_an_indented_one_under_itself():
    column = Column("", width=24, wrap=True, hang=6)
    cell = (
        Span("head words that run past the edge"),
        Span("    a change that runs on and on", newline=True),
    )
    assert printed((column,), [(cell,)], width=24, header=False) == [
        # the first line of each keeps its whole width; the rest continue further in
        "head words that run past",
        "      the edge",
        "    a change that runs",
        "      on and on",
    ]


def _joined(pieces: list[tuple[str, str]]) -> str:
    return "".join(text for text, _ in pieces)


@given(
    text=st.text(alphabet=st.sampled_from("ab  -.x"), min_size=1, max_size=60),
    width=st.integers(min_value=1, max_value=20),
    split_words=st.booleans(),
)
def test_an_ascii_cell_wraps_as_its_spans_do(text: str, width: int, split_words: bool) -> None:
    # the plain ASCII wrap (``_fold_ascii``, most wrapped cells) is a shortcut of the
    # general one: the same lines, to the space, whatever the words and the width
    assume(not text.startswith(" "))
    lines = table._fold(table._hard_lines(text)[0], width, split_words)
    assert table._fold_ascii([text], width, split_words) == [_joined(x) for x in lines]


@given(
    texts=st.lists(
        st.text(alphabet=st.sampled_from("ab  -.x"), min_size=1, max_size=20),
        min_size=1,
        max_size=4,
    ),
    width=st.integers(min_value=1, max_value=20),
    split_words=st.booleans(),
)
def test_pieces_of_ascii_wrap_as_their_spans_do(
    texts: list[str], width: int, split_words: bool
) -> None:
    # a styled cell piped (` (done)` after a title): its styles do not show, its pieces
    # still split words where they meet, as ``_fold`` splits them
    assume(not texts[0].startswith(" "))
    pieces = [(text, "dim") for text in texts]
    lines = table._fold(pieces, width, split_words)
    assert table._fold_ascii(texts, width, split_words) == [_joined(x) for x in lines]


def test_a_narrow_ascii_cell_wraps_the_same_way_on_the_short_road_as_styled() -> None:
    # the same text as a plain cell (the shortcut) and as a styled one (the general road)
    text = "Prepare the  expansion proposal for the supercalifragilistic board"
    for width in range(1, 30):
        for cut in (True, False):
            column = Column("Note", wrap=True, cut=cut)
            plain = table._cell_lines(_NO_COLOUR, text, column, width)
            assert plain == table._cell_lines(_NO_COLOUR, Span(text, "dim"), column, width)
