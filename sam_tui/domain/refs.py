"""Resolving what the user typed to one record: exact name, unique prefix, or ``#ID``."""

from __future__ import annotations

from collections.abc import Sequence
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

    ``candidates`` are every live record whose key starts with the reference's
    key (the caller narrows them in SQL); an exact name wins over longer names it
    is a prefix of, so "Acme" finds "Acme" even when "Acme Labs" exists.
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
    prefixed = sorted(
        (c for c in candidates if name_key(c.name).startswith(key)), key=lambda c: c.name.lower()
    )
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise Ambiguous(
            f"'{ref}' matches several {what}s: {_listing(prefixed)}; "
            "type more of the name or use #ID"
        )
    raise NotFound(f"unknown {what} '{ref}'")


def suggest(ref: str, names: Sequence[Candidate], what: str = "account") -> str:
    """A NotFound message with close spellings, when there are any."""
    import difflib  # only on this error path: it costs milliseconds on every `sam log`

    keys = {name_key(c.name): c for c in names}
    close = difflib.get_close_matches(name_key(ref), list(keys), n=3, cutoff=0.6)
    # substring matches catch "corp" for "Acme Corp" where spelling distance does not
    contained = [k for k in keys if name_key(ref) in k and k not in close][:3]
    hints = [keys[k] for k in [*close, *contained]]
    if hints:
        return f"unknown {what} '{ref}'; did you mean {_listing(hints)}?"
    return f"unknown {what} '{ref}'"
