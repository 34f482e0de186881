"""Regular expressions compiled when first used rather than at import.

The patterns that read what a user types (dates, amounts, periods) are compiled at import
by ``re.compile``: some 30 of them, ~1% of `sam today --json`, which reads none. Made with
``compiled_later``, a pattern is compiled on its first use and from then on answers with
the compiled pattern's own methods (no cost per use).
"""

from __future__ import annotations

import re
from typing import Any

# what a pattern is asked for: its methods and attributes, taken from the compiled one
_TAKEN = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _Later:
    """Stands for ``re.compile(pattern, flags)``, compiled when first asked for anything."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # only for what the instance does not have: before the first use, every name
        compiled = re.compile(*self._args)
        for taken in _TAKEN:
            setattr(self, taken, getattr(compiled, taken))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compiled_later({self._args[0]!r}, {self._args[1]!r})"


def compiled_later(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return _Later(pattern, flags)  # type: ignore[return-value]
