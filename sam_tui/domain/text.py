"""Making user text safe to print: no escape sequences, no control characters, no bidi tricks."""

from __future__ import annotations

import re

from sam_tui.domain.errors import InvalidInput

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
# bidi overrides/isolates that can make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# U+2028/U+2029 are line breaks too (str.splitlines and some renderers honour them)
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        # ^[ for ESC, ^M for CR: the caret form terminal users already know
        return "^" + chr(code + 64)
    return f"<U+{code:04X}>"


# The most of one text field a view shows: a 1 MB note printed whole took `account show`
# ~18 s and 10 MB of output. JSON output is never cut.
SHOWN_LIMIT = 4000


def cap(text: str, limit: int = SHOWN_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how many more there are."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … ({len(text) - limit:,} more characters; --json has them all)"


def clean(text: str) -> str:
    """``text`` with every unsafe character shown visibly instead of interpreted, cut by ``cap``.

    Used at output time in the CLI and TUI (CWE-150): the database keeps what was typed.
    """
    return _UNSAFE.sub(_visible, cap(text))


def one_line(text: str, *, strip: bool = True) -> str:
    """``clean`` and fold line breaks, for table cells and confirmations.

    ``strip=False`` keeps surrounding blanks: for a piece of a line (a search snippet).
    """
    folded = _NEWLINES.sub(" ⏎ ", cap(text.strip() if strip else text))
    return _UNSAFE.sub(_visible, folded).replace("\t", " ")


def shorten(text: str, width: int) -> str:
    """Cut to ``width`` characters with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def check_user_text(text: str, what: str) -> str:
    """Strip surrounding blanks and refuse empty text (the message names ``what``)."""
    value = text.strip()
    if not value:
        raise InvalidInput(f"{what} cannot be empty")
    return value
