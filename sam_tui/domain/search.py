"""Search rules: what the user types becomes a safe FTS5 query; snippets come back as text.

The semantics, in the words of `sam search --help`:

- Every word must appear in the same record (its title or its text), in any order.
  Case and accents do not matter: ``societe`` finds "Société Générale", ``muller``
  finds "Müller GmbH" (the index folds both, ``remove_diacritics 2``). Nor do the letters
  names are matched without (``domain.refs``) that the tokenizer keeps as they are:
  ``oresund`` finds "Øresund", ``strasse`` "Straße", ``final`` "ﬁnal" (SEARCH_FOLDS,
  folded in the index and in the query alike).
- The last word also matches the start of a longer word, so results come as you type:
  ``mül`` finds "Müller". It needs two letters or digits for that (a single letter
  would match most of a large database), and a space after it makes it a whole word.
- Punctuation inside a word keeps its parts together, in order: ``e-mail`` finds
  "e-mail" and "e mail", ``AT&T`` finds "AT&T", ``O'Brien`` finds "O'Brien"; so does ``obrien``,
  as names are matched everywhere: a word of five letters or more also matches a title
  written with punctuation inside it (``mullerthurgau``: "Müller-Thurgau").
  Punctuation on its own (``-``, ``&``, ``++``) and emoji are not searchable and are ignored.
- At most MAX_WORDS words and MAX_CHARS characters; nothing searchable is an error.
- Nothing typed is FTS5 syntax: quotes, ``*``, ``-``, ``:``, parentheses and the words
  AND, OR, NOT, NEAR are searched as plain text.

Safety comes from construction, not from escaping: each word is rebuilt from the
characters the index's tokenizer keeps (letters, digits, private-use characters, and
combining marks that follow them) and wrapped in double quotes, so the query handed to
FTS5 contains nothing but quoted phrases, spaces and one trailing ``*``.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.enums import choose
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.refs import UNDECOMPOSED
from sam_tui.domain.text import one_line, shorten

MAX_WORDS = 16
MAX_CHARS = 300
# a one-character prefix expands to most of the index's terms: slow and useless
MIN_PREFIX = 2

# Private-use characters that mark a match in FTS5 snippet() output. They are never
# shown: `segments` turns them into (text, matched) pairs, and the service only asks
# FTS5 for them when the record's own text holds neither.
MATCH_START = "\ue000"
MATCH_END = "\ue001"


# Ligatures: NFKD splits them (``domain.refs.fold``), the index's tokenizer does not.
_LIGATURES = {
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "ĳ": "ij",
}  # fmt: skip


def _both_cases(letters: dict[str, str]) -> dict[str, str]:
    """Each letter and its capital: the index's fold (plain SQL ``replace``) sees case."""
    out = dict(letters)
    for letter, folded in letters.items():
        capital = letter.upper()
        if len(capital) == 1 and not capital.isascii():
            out.setdefault(capital, folded)
    return out


# Letters folded before the tokenizer sees them, in the index (the SQL view
# ``search_folded`` of ``store.triggers``, plain ``replace()``: the file's schema calls no
# Python function) and in the query (``parse_query``): the letters Unicode does not
# decompose that names are matched without (``domain.refs.UNDECOMPOSED``), in both cases,
# and the Latin ligatures. Each becomes letters, so a record keeps its tokens and the
# snippets, cut from the stored text, highlight the right words. Other scripts are not
# transliterated here (``lodz`` finds "Łódź", but ``moskva`` does not find "Москва").
SEARCH_FOLDS: dict[str, str] = _both_cases(UNDECOMPOSED | _LIGATURES) | {"ẞ": "ss"}
_FOLD_TABLE = str.maketrans(SEARCH_FOLDS)


class SearchKind(StrEnum):
    """What a hit is; ``--kind`` takes these (a complaint's updates count as the complaint)."""

    ACCOUNT = "account"
    CONTACT = "contact"
    INTERACTION = "interaction"
    COMPLAINT = "complaint"
    IDEA = "idea"
    REQUEST = "request"
    DEAL = "deal"
    FOLLOW_UP = "follow-up"


def parse_kind(text: str) -> SearchKind:
    return choose(SearchKind, text, "kind")


class SearchQuery(NamedTuple):
    """The words searched for (as the index will see them) and the FTS5 expression."""

    words: tuple[str, ...]
    prefix: bool
    match: str
    # ``match`` where a word may also be a name written with punctuation inside it
    # (``obrien``: "O'Brien"), as names are matched everywhere else (``domain.refs``)
    folded: str = ""

    @property
    def expression(self) -> str:
        """What is handed to FTS5."""
        return self.folded or self.match

    def in_column(self, column: str) -> str:
        """The same query, matched in one column of the index only."""
        return f"{column} : ({self.expression})"


def _token_char(char: str) -> bool:
    """Characters FTS5's unicode61 tokenizer keeps by default (categories L*, N*, Co).

    SQLite's category table stops below U+100000, so plane-16 private use is a separator.
    """
    category = unicodedata.category(char)
    if category[0] in "LN":
        return True
    return category == "Co" and ord(char) < 0x100000


def _word(raw: str) -> str:
    """``raw`` with every separator turned into a space: the tokens of one phrase."""
    out: list[str] = []
    joined = False  # the previous character was kept: a combining mark may follow it
    for char in raw:
        if _token_char(char) or (joined and unicodedata.category(char)[0] == "M"):
            out.append(char)
            joined = True
        else:
            if out and out[-1] != " ":
                out.append(" ")
            joined = False
    return "".join(out).strip()


def parse_query(text: str) -> SearchQuery:
    """The FTS5 query for ``text``; InvalidInput (one line) when there is nothing to search."""
    if not text.strip():
        raise InvalidInput("type something to search for")
    if len(text) > MAX_CHARS:
        raise InvalidInput(f"the search text is too long (at most {MAX_CHARS} characters)")
    # NFC: an accent typed as a separate combining mark joins its letter, as stored text has
    normal = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    words = tuple(w for w in (_word(raw) for raw in normal.split()) if w)
    if not words:
        raise InvalidInput(
            f"'{shorten(one_line(text), 40)}' has no letters or digits to search for"
        )
    if len(words) > MAX_WORDS:
        raise InvalidInput(f"search for at most {MAX_WORDS} words at a time")
    prefix = not normal[-1].isspace() and len(words[-1].rsplit(" ", 1)[-1]) >= MIN_PREFIX
    match = " ".join(f'"{w}"' for w in words) + ("*" if prefix else "")
    last = len(words) - 1
    terms = [_split_forms(w, prefix and i == last) for i, w in enumerate(words)]
    folded = " AND ".join(terms) if any(t.startswith("(") for t in terms) else ""
    return SearchQuery(words=words, prefix=prefix, match=match, folded=folded)


# Words this long or longer may be a name whose punctuation the index split ("O'Brien" is
# the tokens o, brien); longer ones than MAX_SPLIT are not worth the alternatives.
MIN_SPLIT = 5
MAX_SPLIT = 24


def _split_forms(word: str, prefix: bool) -> str:
    """``word`` as a phrase, or also as two adjacent tokens of a title: ``obrien`` finds
    "O'Brien" and ``mullerthurgau`` "Müller-Thurgau". Titles only: names are there, and
    notes would match "any one" for ``anyone``."""
    star = "*" if prefix else ""
    if " " in word or not word.isalpha() or not MIN_SPLIT <= len(word) <= MAX_SPLIT:
        return f'"{word}"{star}'
    # a prefix part of one letter would expand to most of the index (MIN_PREFIX)
    cuts = range(1, len(word) - (MIN_PREFIX - 1 if prefix else 0))
    split = " OR ".join(f'"{word[:i]} {word[i:]}"{star}' for i in cuts)
    return f'("{word}"{star} OR title : ({split}))'


# --- snippets ------------------------------------------------------------------------------

Segment = tuple[str, bool]


def segments(snippet: str) -> tuple[Segment, ...]:
    """FTS5 ``snippet()`` output with MATCH_START/MATCH_END markers -> (text, matched) parts.

    A stray marker (which the service prevents) is dropped rather than shown; the
    blanks around the whole are trimmed.
    """
    out: list[Segment] = []
    matched = False
    current: list[str] = []
    for char in snippet:
        if char in (MATCH_START, MATCH_END):
            if current:
                out.append(("".join(current), matched))
                current = []
            matched = char == MATCH_START
        else:
            current.append(char)
    if current:
        out.append(("".join(current), matched))
    # the index joins a record's fields with spaces, empty ones included
    if out:
        out[0] = (out[0][0].lstrip(), out[0][1])
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return tuple(part for part in out if part[0])


def printable(parts: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Segments safe to print on one line: controls made visible, line breaks folded."""
    out: list[Segment] = []
    last = len(parts) - 1
    for n, (part, matched) in enumerate(parts):
        if n == 0:
            part = part.lstrip()
        if n == last:
            part = part.rstrip()
        shown = one_line(part, strip=False)
        if shown:
            out.append((shown, matched))
    return tuple(out)


def lead_to_match(parts: tuple[Segment, ...], context: int = 16) -> tuple[Segment, ...]:
    """Shorten the text before the first match to about ``context`` characters (from a word
    start), so a narrow column still shows the match."""
    lead: list[str] = []
    for n, (part, matched) in enumerate(parts):
        if matched:
            before = "".join(lead)
            if len(before) <= context + 1:
                return parts
            tail = before[-context:]
            space = tail.find(" ")
            if 0 <= space < len(tail) - 1:
                tail = tail[space + 1 :]
            return (("…" + tail, False), *parts[n:])
        lead.append(part)
    return parts


def plain(parts: tuple[Segment, ...]) -> str:
    return "".join(part for part, _ in parts)
