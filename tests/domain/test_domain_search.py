"""What the user types into search becomes a safe FTS5 query; snippets come back as literal text."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.search import (
    MATCH_END,
    MATCH_START,
    SEARCH_FOLDS,
    SearchKind,
    lead_to_match,
    parse_kind,
    parse_query,
    plain,
    printable,
    segments,
)


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("pilot", '"pilot"*'),
        ("CFO pilot", '"CFO" "pilot"*'),
        ("pilot ", '"pilot"'),  # a space after the last word: whole word only
        ("Société Générale", '"Société" "Générale"*'),
        ("Müller GmbH", '"Müller" "GmbH"*'),
        ("O'Brien", '"O Brien"*'),
        ("AT&T", '"AT T"'),  # the last part is one letter: no prefix
        ("C++", '"C"'),
        ("e-mail", '"e mail"*'),
        ('"unbalanced', '"unbalanced"*'),
        ('say "hi" there', '"say" "hi" "there"*'),
        ("title:acme", '"title acme"*'),
        ("-excluded", '"excluded"*'),
        ("star*", '"star"*'),
        ("(group)", '"group"*'),
        ("NOT this OR that", '"NOT" "this" "OR" "that"*'),
        ("acme NEAR(corp)", '"acme" "NEAR corp"*'),
        ("a AND b", '"a" "AND" "b"'),
        ("^start", '"start"*'),
        ("x 🎉 y", '"x" "y"'),
        ("🎉party", '"party"*'),
        ("Socie\u0301te\u0301", '"Société"*'),  # an accent typed as a combining mark
        ("东京 office", '"东京" "office"*'),
        ("q4", '"q4"*'),
        # folded as the index folds them (SEARCH_FOLDS); other scripts are left as typed
        ("Øresund", '"oresund"*'),
        ("STRAẞE straße", '"STRAssE" "strasse"*'),
        ("ﬁnal", '"final"*'),
        ("Ærø-Łódź", '"aero lódź"*'),
        ("Москва", '"Москва"*'),
    ],
)
def test_the_fts5_query_is_quoted_phrases_only(typed: str, match: str) -> None:
    assert parse_query(typed).match == match


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type something to search for"),
        ("   \t\n", "type something to search for"),
        ("---", "no letters or digits"),
        ('"" ** ()', "no letters or digits"),
        ("🎉 🎈", "no letters or digits"),
        ("x" * 301, "too long"),
        (" ".join(["w"] * 17), "at most 16 words"),
    ],
)
def test_nothing_to_search_is_a_clear_error(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        parse_query(typed)
    assert "\n" not in str(caught.value)


def test_in_column_keeps_the_phrases() -> None:
    assert parse_query("acme corp").in_column("title") == 'title : ("acme" "corp"*)'


def test_kinds_take_prefixes() -> None:
    assert parse_kind("inter") is SearchKind.INTERACTION
    assert parse_kind("Complaint") is SearchKind.COMPLAINT
    with pytest.raises(InvalidInput, match="choose one of account, contact"):
        parse_kind("note")


# --- snippets ---------------------------------------------------------------------------------


def test_segments_split_on_the_private_markers() -> None:
    raw = f"CFO agreed to a {MATCH_START}pilot{MATCH_END} in [bold]{MATCH_START}Q4{MATCH_END}[/]"
    assert segments(raw) == (
        ("CFO agreed to a ", False),
        ("pilot", True),
        (" in [bold]", False),
        ("Q4", True),
        ("[/]", False),
    )
    assert plain(segments(raw)) == "CFO agreed to a pilot in [bold]Q4[/]"


def test_printable_segments_fold_lines_and_show_controls() -> None:
    parts = (("  first line\nsecond ", False), ("\x1b[2Jhit", True), (" tail \n", False))
    assert printable(parts) == (
        ("first line ⏎ second ", False),
        ("^[[2Jhit", True),
        (" tail", False),
    )


def test_lead_to_match_keeps_the_match_in_a_narrow_column() -> None:
    parts = (("Long talk about budgets, the roadmap and then the ", False), ("pilot", True))
    assert lead_to_match(parts) == (("…and then the ", False), ("pilot", True))
    short = (("A ", False), ("pilot", True), (" and more", False))
    assert lead_to_match(short) == short
    assert lead_to_match((("no match here", False),)) == (("no match here", False),)


# --- never an FTS5 syntax error --------------------------------------------------------------


@pytest.fixture(scope="module")
def index() -> sqlite3.Connection:
    """An index made like the real one (store.triggers): the text as written, indexed folded."""
    from sam_tui.store.triggers import SEARCH_FOLDED, SEARCH_TABLE, SEARCH_TEXT

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    for statement in (SEARCH_TEXT, SEARCH_FOLDED, SEARCH_TABLE):
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO search_text (title, body) VALUES (?, ?)",
        [
            ("Société Générale", "Paris bank"),
            ("Müller GmbH", "AT&T e-mail C++ O'Brien"),
            ("Acme Corp", 'CFO said "NOT now" (title: later) -maybe'),
            ("O'Brien & Sons", "Müller-Thurgau Weinhandel, anyone"),
            ("Müller-Thurgau Weinhandel", "any one"),
            ("Øresund Energi", "Met Søren about the ﬁnal pricing"),
            ("Straße Logistik", "Łódź office, Ærø ferry, STRAẞE"),
        ],
    )
    conn.execute("INSERT INTO search_index (rowid, title, body) SELECT * FROM search_folded")
    return conn


def _hits(conn: sqlite3.Connection, typed: str) -> list[int]:
    q = parse_query(typed)
    return [
        r[0]
        for r in conn.execute("SELECT rowid FROM search_index(?) ORDER BY rowid", (q.expression,))
    ]


@pytest.mark.parametrize(
    ("typed", "rowids"),
    [
        ("societe", [1]),
        ("SOCIÉTÉ générale", [1]),
        ("muller", [2, 4, 5]),
        ("mül", [2, 4, 5]),
        ("AT&T", [2]),
        ("at-t", [2]),
        ("o'brien", [2, 4]),
        ("obrien", [4]),  # in a title, as names are matched (issue 14)
        ("OBRIEN sons", [4]),
        ("obrie", [4]),
        ("mullerthurgau", [5]),  # the title, not the notes of #4
        ("anyone", [4]),  # "any one" in notes is not a name
        ("e-mail", [2]),
        ("C++", [2]),
        ('"NOT now"', [3]),
        ("not", [3]),
        ("title:", [3]),
        ("acme -maybe", [3]),
        ("paris muller", []),  # every word in the same record
        ("oresund", [6]),  # letters Unicode does not decompose, folded on both sides
        ("ØRESUND energi", [6]),
        ("soren final", [6]),  # and ligatures
        ("ﬁnal", [6]),
        ("strasse", [7]),
        ("straße", [7]),
        ("stras", [7]),
        ("lodz aero", [7]),
        ("obrien", [4]),
    ],
)
def test_queries_find_what_was_typed(
    index: sqlite3.Connection, typed: str, rowids: list[int]
) -> None:
    assert _hits(index, typed) == rowids


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_no_input_raises_anything_but_invalid_input(index: sqlite3.Connection, typed: str) -> None:
    try:
        q = parse_query(typed)
    except InvalidInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    # the query runs: no FTS5 syntax error, whatever was typed
    index.execute("SELECT count(*) FROM search_index(?)", (q.match,)).fetchone()
    index.execute("SELECT count(*) FROM search_index(?)", (q.in_column("title"),)).fetchone()


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("\"'*-:()^+&.,;{}[]\\ NEARORANDNOT\x00\ud800🎉é\u0301")),
        max_size=40,
    )
)
def test_syntax_characters_never_break_the_query(index: sqlite3.Connection, typed: str) -> None:
    try:
        q = parse_query(typed)
    except InvalidInput:
        return
    index.execute("SELECT count(*) FROM search_index(?)", (q.match,)).fetchone()


# --- folding -----------------------------------------------------------------------------------


def test_search_folds_every_letter_names_are_matched_without() -> None:
    from sam_tui.domain.refs import UNDECOMPOSED, fold

    assert set(UNDECOMPOSED) <= set(SEARCH_FOLDS)
    for letter, ascii_ in SEARCH_FOLDS.items():
        assert fold(letter) == ascii_, letter
        # a letter becomes letters: a record keeps its words, so snippets cut from the text as
        # written highlight the right ones
        assert unicodedata.category(letter)[0] == "L" and ascii_.isascii() and ascii_.isalpha()
        assert parse_query(f"x{letter}x").words == (f"x{ascii_}x",)
