"""Objectives that track themselves: the figure an objective measures, named in one word.

An objective tied to a measure takes its current value from the book, over the
objective's own window (its start date to its due date, local days, half-open like every
period; while it runs, up to now), for its account or, portfolio-wide, for the whole book:

- ``won`` (``won:new,expansion``): the amount of the deals won in the window, of the
  kinds named (every kind when none is), in currency units;
- ``deals-won`` (``deals-won:renewal``): how many deals were won, likewise;
- ``touches``: touches logged (``domain.figures``: portfolio-wide, with active accounts);
- ``accounts-touched``: accounts touched at least once (portfolio-wide: active accounts);
- ``complaints-in-sla``: complaints resolved within their SLA in the window.

An objective without a measure is hand-entered: its value is what ``objective progress``
records, as before.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.enums import DealKind
from sam_tui.domain.errors import InvalidInput


class MeasureKind(StrEnum):
    WON = "won"
    DEALS_WON = "deals-won"
    TOUCHES = "touches"
    ACCOUNTS_TOUCHED = "accounts-touched"
    COMPLAINTS_IN_SLA = "complaints-in-sla"


# the measures that take deal kinds after a colon
_WITH_KINDS = (MeasureKind.WON, MeasureKind.DEALS_WON)

_SAID = {
    MeasureKind.WON: "won amount",
    MeasureKind.DEALS_WON: "deals won",
    MeasureKind.TOUCHES: "touches logged",
    MeasureKind.ACCOUNTS_TOUCHED: "accounts touched",
    MeasureKind.COMPLAINTS_IN_SLA: "complaints resolved within SLA",
}

HELP = (
    "won, won:new,expansion (won amount of those deal kinds), deals-won[:KINDS], touches, "
    "accounts-touched or complaints-in-sla"
)


class Measure(NamedTuple):
    kind: MeasureKind
    deal_kinds: tuple[DealKind, ...] = ()  # none: every kind

    @property
    def is_money(self) -> bool:
        return self.kind is MeasureKind.WON

    @property
    def text(self) -> str:
        """The stored form: ``won:new,expansion``."""
        if not self.deal_kinds:
            return self.kind.value
        return f"{self.kind.value}:{','.join(k.value for k in self.deal_kinds)}"

    @property
    def said(self) -> str:
        """In words: ``won amount of new and expansion deals``."""
        base = _SAID[self.kind]
        if not self.deal_kinds:
            return base
        kinds = [k.value for k in self.deal_kinds]
        named = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
        return f"{base} of {named} deals"


def parse_measure(text: str) -> Measure:
    """``won:new,expansion`` -> the measure; anything else is refused with the choices."""
    raw = text.strip().lower()
    name, _, rest = raw.partition(":")
    try:
        kind = MeasureKind(name.strip())
    except ValueError:
        raise InvalidInput(f"unknown measure '{text.strip()[:40]}'; use {HELP}") from None
    if rest and kind not in _WITH_KINDS:
        raise InvalidInput(f"the measure {kind.value} takes no deal kinds ('{text.strip()}')")
    kinds: list[DealKind] = []
    for part in filter(None, (p.strip() for p in rest.split(","))):
        try:
            found = DealKind(part)
        except ValueError:
            known = ", ".join(k.value for k in DealKind)
            raise InvalidInput(
                f"unknown deal kind '{part[:20]}' in the measure; use {known}"
            ) from None
        if found not in kinds:
            kinds.append(found)
    if rest and not kinds:
        raise InvalidInput(f"name the deal kinds after the colon: {kind.value}:new,expansion")
    return Measure(kind, tuple(sorted(kinds, key=list(DealKind).index)))
