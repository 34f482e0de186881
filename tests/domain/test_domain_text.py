"""User text at output time: shown literally, never able to drive the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import check_user_text, clean, one_line, shorten

C0_BUT_TAB_NEWLINE = {chr(c) for c in range(0x20)} - {"\t", "\n"}
C1 = {chr(c) for c in range(0x80, 0xA0)}
DEL = "\x7f"
BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
UNSAFE = C0_BUT_TAB_NEWLINE | C1 | BIDI | {DEL}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("\x1b[2Jgone", "^[[2Jgone"),  # ESC: clear-screen never reaches the terminal
        ("a\x9b2Jb", "a<U+009B>2Jb"),  # C1 CSI, the one-byte escape
        ("del\x7f", "del<U+007F>"),
        ("ding\x07", "ding^G"),
        ("nul\x00l", "nul^@l"),
        ("over\rwrite", "over^Mwrite"),  # CR would let the rest overwrite the start
        ("abc\u202edcba", "abc<U+202E>dcba"),  # right-to-left override
        ("x\u2066y\u2069", "x<U+2066>y<U+2069>"),  # bidi isolates
        ("\x1b]8;;http://evil\x07link", "^[]8;;http://evil^Glink"),  # OSC 8 hyperlink
    ],
)
def test_clean_shows_control_characters_visibly(typed: str, shown: str) -> None:
    assert clean(typed) == shown


def test_clean_keeps_tabs_and_newlines() -> None:
    assert clean("line one\n\tindented") == "line one\n\tindented"


@pytest.mark.parametrize("typed", ["[bold]red[/]", "[/]", "[link=x]y[/link]", "a [b] c"])
def test_markup_lookalikes_are_not_touched(typed: str) -> None:
    # sanitising is about the terminal, not about rich markup: the renderer shows text literally
    assert clean(typed) == typed
    assert one_line(typed) == typed


@pytest.mark.parametrize(
    "typed", ["Ärzte Verbund", "東京支社", "café ☕", "emoji 👍🏽", "שלום", "مرحبا", "naïve — ok"]
)
def test_ordinary_international_text_is_untouched(typed: str) -> None:
    assert clean(typed) == typed
    assert one_line(typed) == typed


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("first\nsecond", "first ⏎ second"),
        ("first\r\nsecond", "first ⏎ second"),
        ("first\rsecond", "first ⏎ second"),
        ("a  \n\n  b", "a ⏎ b"),
        ("a\u2028b", "a ⏎ b"),
        ("\n\n padded \n", "padded"),
        ("tab\there", "tab here"),
        ("esc\x1b[31m\nred", "esc^[[31m ⏎ red"),
    ],
)
def test_one_line_folds_line_breaks(typed: str, shown: str) -> None:
    assert one_line(typed) == shown


@given(st.text())
def test_clean_never_outputs_an_unsafe_character(typed: str) -> None:
    assert not UNSAFE & set(clean(typed))


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_one_line_output_is_a_single_safe_line(typed: str) -> None:
    shown = one_line(typed)
    assert not (UNSAFE | {"\n", "\t"}) & set(shown)
    assert len(shown.splitlines()) <= 1


@given(st.text())
def test_clean_is_the_identity_on_safe_text_and_idempotent(typed: str) -> None:
    once = clean(typed)
    assert clean(once) == once
    if not UNSAFE & set(typed):
        assert once == typed


@given(st.text(st.sampled_from(sorted(UNSAFE) + list("ab \n"))))
def test_clean_hides_nothing(typed: str) -> None:
    # every unsafe character leaves a visible trace, so nothing is silently dropped
    # (C0 becomes two characters like ^[; DEL, C1 and bidi become eight like <U+202E>)
    shown = clean(typed)
    c0 = sum(1 for c in typed if c in C0_BUT_TAB_NEWLINE)
    others = sum(1 for c in typed if c in UNSAFE - C0_BUT_TAB_NEWLINE)
    assert len(shown) == len(typed) + c0 + 7 * others
    assert shown.count("<U+") == others


def test_shorten() -> None:
    assert shorten("Acme Logistics", 20) == "Acme Logistics"
    assert shorten("Acme Logistics", 14) == "Acme Logistics"
    assert shorten("Acme Logistics", 8) == "Acme Lo…"
    assert len(shorten("Acme Logistics", 8)) == 8


def test_check_user_text() -> None:
    assert check_user_text("  called Jane  ", "summary") == "called Jane"
    with pytest.raises(InvalidInput, match="^summary cannot be empty$"):
        check_user_text(" \n\t ", "summary")


def test_a_long_field_is_shown_cut_with_how_much_is_left_out() -> None:
    from sam_tui.domain.text import SHOWN_LIMIT, cap

    long = "note\n" * 199_999 + "note"
    for shown in (clean(long), one_line(long)):
        assert shown.endswith(" … (995,999 more characters; --json has them all)")
        assert len(shown) < SHOWN_LIMIT * 2
    assert cap("x" * SHOWN_LIMIT) == "x" * SHOWN_LIMIT
    # the count is of what was stored, not of the line breaks made visible
    assert one_line("a\n" * 3000).endswith("(1,999 more characters; --json has them all)")
