"""Contact cadence: how often each account and key contact should hear from the manager.

Also the two relationship rules built on touches that triage and health share:

- **Renewal window**: an account renewing within ``RENEWAL_HORIZON_DAYS`` (90) days, or
  whose renewal passed less than ``RENEWAL_GRACE_DAYS`` (30) days ago, needs a touch in
  the last ``min(cadence, RECENT_TOUCH_DAYS)`` days (``renewal_needs_touch``). Triage
  lists it; health takes points off for it. One constant, so they never disagree.
- **Single-threaded**: an account whose relationship hangs on one person. It has at
  least ``MIN_THREADS`` (2) live contacts, and at most one of them was touched (an
  interaction logged with them) in the last ``THREAD_WINDOW_DAYS`` (90) days, counting
  the 90th day back as inside the window (``threads``). Contacts never touched count as
  not touched, however new they are: the point is to talk to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def is_cold(last_touch: date | None, created: date, today: date, cadence: int) -> bool:
    """``recency(...).cold``, without building it: triage asks it of every account."""
    return (today - (last_touch if last_touch is not None else created)).days > cadence


def recency(last_touch: date | None, created: date, today: date, cadence: int) -> Recency:
    """How long since the last touch; a record never touched counts from its creation."""
    days = (today - (last_touch if last_touch is not None else created)).days
    # tuple.__new__, in the order of the fields (days_since, cadence, never): Recency's own
    # __new__ is a Python function, most of the cost, and a report assesses ~9,000 at once
    return _new(Recency, (days if days > 0 else 0, cadence, last_touch is None))


_new = tuple.__new__


# --- renewal window ---------------------------------------------------------------------

RENEWAL_HORIZON_DAYS = 90
RENEWAL_GRACE_DAYS = 30
RECENT_TOUCH_DAYS = 30


def in_renewal_window(days_to_renewal: int) -> bool:
    """Renews within the horizon, or passed less than the grace period ago."""
    return -RENEWAL_GRACE_DAYS <= days_to_renewal <= RENEWAL_HORIZON_DAYS


def renewal_touch_days(cadence: int) -> int:
    """How recent a touch must be for a renewal in the window to count as looked after."""
    return min(cadence, RECENT_TOUCH_DAYS)


def renewal_needs_touch(days_to_renewal: int, rec: Recency) -> bool:
    """In the renewal window without a touch in the last ``renewal_touch_days``."""
    if not in_renewal_window(days_to_renewal):
        return False
    return rec.never or rec.days_since > renewal_touch_days(rec.cadence)


# --- single-threaded accounts -------------------------------------------------------------

THREAD_WINDOW_DAYS = 90
MIN_THREADS = 2


class Threads(NamedTuple):
    """Who at an account was touched lately: the relationship's threads."""

    contacts: int
    # names of the contacts touched within the window, most recent first
    touched: tuple[str, ...]

    @property
    def single(self) -> bool:
        return self.contacts >= MIN_THREADS and len(self.touched) <= 1

    def describe(self) -> str:
        window = f"the last {THREAD_WINDOW_DAYS} days"
        if not self.touched:
            return f"none of its {self.contacts} contacts touched in {window}"
        return f"only {self.touched[0]} of {self.contacts} contacts touched in {window}"


def threads(contacts: Iterable[tuple[str, date | None]], today: date) -> Threads:
    """``contacts``: each live contact's name and last touch (None: never touched)."""
    people = list(contacts)
    recent = sorted(
        (
            (touch, name)
            for name, touch in people
            if touch is not None and (today - touch).days <= THREAD_WINDOW_DAYS
        ),
        reverse=True,
    )
    return Threads(contacts=len(people), touched=tuple(name for _, name in recent))
