"""Resolving what the user typed to one record: exact name, unique prefix, folded name, ``#ID``.

Names are matched in three tiers, the first that finds something wins: the exact name
(any case), a unique prefix of it, then the name *folded*: accents, case and punctuation
ignored, so ``muller`` finds "Müller-Thurgau", ``obrien`` and ``o brien`` find "O'Brien &
Sons", ``lodz`` finds "Łódź Logistics". An unknown name suggests the nearest ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from sam_tui.domain.errors import Ambiguous, InvalidInput, NotFound
from sam_tui.domain.text import one_line

_MAX_LISTED = 6
# Row ids are SQLite 64-bit integers; a larger number cannot name any record.
_MAX_ID = 2**63 - 1


class Candidate(NamedTuple):
    id: int
    name: str


def name_key(name: str) -> str:
    """The case-insensitive identity of a name (Unicode-aware, unlike SQLite's NOCASE)."""
    return " ".join(name.casefold().split())


# Letters Unicode does not decompose into a base letter and an accent (PITFALLS.md,
# Folding names), after casefold(); the rest of the world's scripts go through anyascii.
# Search folds the same letters in its index (``domain.search.SEARCH_FOLDS``).
UNDECOMPOSED: dict[str, str] = {
    "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "þ": "th",
    "ı": "i", "ð": "d", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "q",
}  # fmt: skip
_UNDECOMPOSED = str.maketrans(UNDECOMPOSED)
_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """``Société Générale, S.A.`` -> ``societe generale s a``: words as people type them.

    Case, accents and punctuation are dropped; letters without a decomposition
    (``ø ł æ œ ß đ þ``) and other scripts are transliterated (``Łódź`` -> ``lodz``).
    """
    if not text.isascii():
        import unicodedata  # a C module, but only names with accents need it

        decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_UNDECOMPOSED)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if not text.isascii():
            # ~12 ms to import (importlib.resources): only for what the table above
            # does not cover, so `sam log acme` never pays it
            from anyascii import anyascii

            text = anyascii(text)
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def fold_key(text: str) -> str:
    """``O'Brien & Sons`` -> ``obriensons``: the folded name without its spaces, so
    ``obrien`` and ``o brien`` both start it; stored (``account.fold_key``) and indexed."""
    return fold(text).replace(" ", "")


def latin_only(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin one (Ø, ß and ł included): only such
    names fold to one another by accents, case and punctuation alone. Other scripts fold
    by transliteration (华为 and 华威 are both ``huawei``), which names no one confuses."""
    return all(
        not ch.isalpha() or ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
    )


def parse_id_ref(ref: str) -> int | None:
    """``#12`` -> 12; anything else -> None."""
    text = ref.strip()
    if not text.startswith("#"):
        return None
    digits = text[1:].strip()
    # ASCII only: str.isdigit() also accepts "²" (which int() rejects) and other scripts' digits
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInput(f"'{ref}' is not a valid #ID reference (expected e.g. #12)")
    ident = int(digits)
    if ident > _MAX_ID:
        raise InvalidInput(f"'{ref}' is not a valid #ID reference (the number is too large)")
    return ident


def _listing(cands: Sequence[Candidate]) -> str:
    shown = ", ".join(f"{one_line(c.name)} (#{c.id})" for c in cands[:_MAX_LISTED])
    extra = len(cands) - _MAX_LISTED
    return shown + (f" and {extra} more" if extra > 0 else "")


def resolve(ref: str, candidates: Sequence[Candidate], what: str = "account") -> Candidate:
    """Pick the one candidate ``ref`` designates, or explain why there is none.

    Tiers, the first that finds anything decides: the exact name (an exact name wins
    over longer names it is a prefix of, so "Acme" finds "Acme" even when "Acme Labs"
    exists), a unique prefix, then the folded name (``fold_key``) exact, then a unique
    folded prefix. ``candidates`` may be every live record, or only those the caller
    narrowed in SQL (by ``name_key`` or ``fold_key`` prefix); none found is NotFound
    (``suggest`` words it with the nearest names).
    """
    if not ref.strip():
        raise InvalidInput(f"{what} reference is empty")
    ident = parse_id_ref(ref)
    if ident is not None:
        for cand in candidates:
            if cand.id == ident:
                return cand
        raise NotFound(f"no {what} #{ident}")
    key = name_key(ref)
    exact = [c for c in candidates if name_key(c.name) == key]
    if len(exact) == 1:
        return exact[0]
    found = exact or [c for c in candidates if name_key(c.name).startswith(key)]
    if not found:
        folded = fold_key(ref)
        if folded:
            keyed = [(fold_key(c.name), c) for c in candidates]
            found = [c for k, c in keyed if k == folded] or [
                c for k, c in keyed if k.startswith(folded)
            ]
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(
            f"'{ref}' matches several {what}s: {_listing(sorted(found, key=_by_name))}; "
            "type more of the name or use #ID"
        )
    raise NotFound(f"unknown {what} '{ref}'")


def _starts_a_word(name: str, typed: str) -> bool:
    """``typed`` starts ``name`` or any word in it: ``vogel`` and ``von vo`` start
    "katrin von vogel" (word by word: a long text is not copied once per word)."""
    want = typed.split()
    if not want:
        return False
    words = name.split()
    *whole, last = want
    for n in range(len(words) - len(want) + 1):
        if words[n : n + len(whole)] == whole and words[n + len(whole)].startswith(last):
            return True
    return False


def people_matching(ref: str, people: Sequence[Candidate]) -> list[Candidate]:
    """The people ``ref`` names, by the first tier that finds any: the exact name; the
    start of the name or of any word in it (first names are how people are referred to
    in a hurry: ``--with jane``, or ``doe``); then the same, folded (``sean`` for
    "Seán Ó Dálaigh", ``o dalaigh`` too)."""
    key = name_key(ref)
    exact = [p for p in people if name_key(p.name) == key]
    if exact or not key:
        return exact
    started = [p for p in people if _starts_a_word(name_key(p.name), key)]
    folded = fold(ref)
    if started or not folded:
        return started
    squeezed = folded.replace(" ", "")
    return [
        p
        for p in people
        if fold_key(p.name).startswith(squeezed) or _starts_a_word(fold(p.name), folded)
    ]


def _by_name(c: Candidate) -> str:
    return c.name.casefold()


def _likeness(typed: str, name: str) -> float:
    """How close ``typed`` is to ``name`` (both folded), 0 to 1: against the whole name,
    each of its words, and its start as long as what was typed, so ``mueller`` is near
    "Müller-Thurgau Weinhandel" and ``weinhandel`` is near it too."""
    from difflib import SequenceMatcher  # only on this error path

    squeezed = typed.replace(" ", "")
    pieces = {name, name.replace(" ", "")[: len(squeezed)]}
    if " " not in typed:
        pieces.update(name.split())  # one word typed: it may be any word of the name
    if squeezed and squeezed in name.replace(" ", ""):
        return 1.0
    best = 0.0
    for piece in pieces:
        matcher = SequenceMatcher(None, typed, piece)
        # the cheap upper bounds first: a large book is thousands of names
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


# Past this many characters a reference is not a misspelt name (a pasted note, say): no
# suggestion, and what is compared of a long name stops here (spelling distance is
# quadratic in the length).
_SUGGEST_LENGTH = 120


def nearest(ref: str, names: Sequence[Candidate], limit: int = 3) -> list[Candidate]:
    """The names closest to ``ref``, best first (folded: ``sociate`` is near "Société")."""
    if len(ref) > _SUGGEST_LENGTH:
        return []
    typed = fold(ref)
    if not typed:
        return []
    scored = sorted(
        ((_likeness(typed, fold(c.name[:_SUGGEST_LENGTH])), c) for c in names),
        key=lambda s: (-s[0], _by_name(s[1])),
    )
    return [c for score, c in scored[:limit] if score >= 0.6]


def suggest(ref: str, names: Sequence[Candidate], what: str = "account", where: str = "") -> str:
    """A NotFound message with the nearest names ("did you mean"), when there are any;
    ``where`` narrows it (" at Acme")."""
    hints = nearest(ref, names)
    unknown = f"unknown {what} '{ref}'{where}"
    return f"{unknown}; did you mean {_listing(hints)}?" if hints else unknown
