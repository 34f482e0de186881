"""Contact cadence: how often each account and key contact should hear from the manager."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from sam_tui.domain.enums import Influence, Tier

DEFAULT_CADENCE_DAYS: Mapping[Tier, int] = {Tier.STRATEGIC: 14, Tier.KEY: 30, Tier.GROWTH: 60}

# The people whose silence matters on its own, even when someone else at the account
# was touched: losing the decision-maker or champion is how renewals are lost.
KEY_INFLUENCE = frozenset({Influence.DECISION_MAKER, Influence.CHAMPION})
# A key contact without a cadence of their own may go twice the account's cadence.
KEY_CONTACT_FACTOR = 2


def account_cadence(tier: Tier, own: int | None) -> int:
    return own if own else DEFAULT_CADENCE_DAYS[tier]


def contact_cadence(influence: Influence | None, own: int | None, account_days: int) -> int | None:
    """Days between touches for a contact, or None when the contact has no cadence."""
    if own:
        return own
    if influence in KEY_INFLUENCE:
        return account_days * KEY_CONTACT_FACTOR
    return None


class Recency(NamedTuple):
    days_since: int
    cadence: int
    never: bool

    @property
    def overdue_days(self) -> int:
        return self.days_since - self.cadence

    @property
    def cold(self) -> bool:
        return self.days_since > self.cadence

    def describe(self) -> str:
        since, cadence = _days(self.days_since), _days(self.cadence)
        if self.never:
            return f"never contacted (added {since} ago; cadence {cadence})"
        if self.days_since == 0:
            return f"last touch today (cadence {cadence})"
        return f"last touch {since} ago (cadence {cadence})"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def recency(last_touch: date | None, created: date, today: date, cadence: int) -> Recency:
    """How long since the last touch; a record never touched counts from its creation."""
    since = last_touch if last_touch is not None else created
    return Recency(
        days_since=max(0, (today - since).days), cadence=cadence, never=last_touch is None
    )
