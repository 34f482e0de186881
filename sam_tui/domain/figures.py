"""One definition per figure: what each number a manager hands on counts, in one place.

Every surface (``sam metrics``, ``sam today``, every report in every format and its
charts, the cockpit's KPI strip and Reports screen) reads these definitions through the
services that apply them; none counts a second way.

**Which accounts count.** An *account* is an active account that is not archived
(``COUNTED``). Prospects are not accounts yet: their touches are a figure of their own
(``PROSPECTS``). Churned and archived accounts count in neither: the figures are about
the book as it is (archiving an account takes its touches out of past periods too, as it
takes it out of the cadence figures). Deals and complaints are the exception: they count
whatever became of their account later, because money won stays won.

**Periods are half-open in local time.** A period (or any span of days) runs from local
midnight on its first day to local midnight after its last; a record belongs to it when
its moment falls in ``[start, end)``. A week report's days, a month report's weeks (cut
to the month) and a year's months partition their period, so their counts add up to the
period's.

**Touches** = interactions logged in the span with an account (as above).
**Accounts touched** = accounts with at least one touch in the span.
**Prospect touches** = interactions logged in the span with a prospect (not archived).
**Active accounts** (the "of N active" next to accounts touched) = accounts that existed
at the end of the span. An account *existed* at a moment when it was added before it, or
has a touch before it: a touch logged for an earlier date (a CRM's history brought in by
`sam import`, a call logged late) shows the account was there, so a period never counts
more accounts touched than accounts.

**Gap to quota** = quota - figure, told in words: ``132,000 behind`` (more is needed),
``732,000 ahead`` (the figure is over quota) or ``on quota``; JSON keeps the number
(positive: behind).

**Money in charts** is in whole currency units (half-even), so a bar or a pace line never
reads ``978,260.86``; tables and figures keep the cents.

**How a figure reads.** A figure is rounded once, from its exact value, half-even, by the
functions below, on every surface alike: a share as a percentage to a tenth (``64.9%``,
``80.0%``), coverage to a hundredth (``0.26x``), a ratio of counts to a tenth (``2.4``), an
exact decimal such as hours or days without trailing zeros (``23 h``, ``112.7 h``). JSON
gives a ratio as a fraction to four decimals (``0.6495``).

**Quota of a period** = the quota set for it; else, for a year, the sum of its quarters'
quotas (a quarter without one counting its months'); for a quarter, the sum of its
months'. A derived quota says what it adds up (``sum of 2026-Q4``) and which parts have
none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import NamedTuple

from sam_tui.domain.enums import AccountStatus
from sam_tui.domain.money import format_money
from sam_tui.domain.periods import Period, PeriodKind


class AccountScope(NamedTuple):
    """Which accounts a figure counts: these statuses, never archived ones."""

    statuses: tuple[AccountStatus, ...]


COUNTED = AccountScope((AccountStatus.ACTIVE,))
PROSPECTS = AccountScope((AccountStatus.PROSPECT,))


class TouchFigures(NamedTuple):
    """The touch figures of one span of days (definitions above)."""

    touches: int
    accounts_touched: int
    prospect_touches: int


# --- how a figure reads ----------------------------------------------------------------------

_TENTH, _HUNDREDTH, _FOUR_PLACES = Decimal("0.1"), Decimal("0.01"), Decimal("0.0001")
# digits enough for any float to four places (the default 28 refuse to round 1e24)
_ROOM = Context(prec=400, rounding=ROUND_HALF_EVEN)

Quantity = Decimal | int | float


def exact(value: Quantity) -> Decimal:
    """``value`` as a Decimal; a float as the number it prints as (``0.1``, not the
    ``0.1000000000000000055...`` it holds), so it rounds as the Decimal it came from."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def rounded(value: Quantity, places: Decimal, scale: int = 1) -> Decimal:
    """``value`` x ``scale`` rounded half-even to ``places`` (``Decimal("0.1")``), once;
    a change too small to show is 0, never -0."""
    found = _ROOM.multiply(exact(value), scale).quantize(places, context=_ROOM)
    return abs(found) if found.is_zero() else found


def percent(fraction: Quantity) -> str:
    """A share as a percentage to a tenth: ``63/97`` -> ``64.9%``, ``0.8`` -> ``80.0%``."""
    return f"{rounded(fraction, _TENTH, 100):f}%"


def times(ratio: Quantity) -> str:
    """A coverage ratio to a hundredth: ``2.5`` -> ``2.50x``."""
    return f"{rounded(ratio, _HUNDREDTH):f}x"


def plain(value: Quantity) -> str:
    """An exact decimal without exponent or trailing zeros, thousands grouped: ``12.5``,
    ``3``, ``840,000``."""
    text = format(exact(value), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def tenth(value: Quantity) -> str:
    """A ratio of counts (interactions per account) to a tenth: ``2.44`` -> ``2.4``,
    ``4.0`` -> ``4``."""
    return plain(rounded(value, _TENTH))


def hours(value: Quantity) -> str:
    """A duration in hours (already rounded to 0.1 h by ``domain.metrics``): ``23 h``."""
    return f"{plain(value)} h"


def json_ratio(value: Quantity) -> float:
    """A ratio as JSON gives it: a fraction to four decimals (``0.6495``)."""
    return float(rounded(value, _FOUR_PLACES))


# --- gap to quota, in words -----------------------------------------------------------------

AHEAD, BEHIND, ON_QUOTA = "ahead", "behind", "on quota"


def gap_words(gap_cents: int | None, money: str | None = None) -> str:
    """``132,000 behind``, ``732,000 ahead``, ``on quota``; empty without a quota.

    ``money`` is the amount already formatted (a compact ``732k`` on a narrow screen)."""
    if gap_cents is None:
        return ""
    if gap_cents == 0:
        return ON_QUOTA
    shown = money if money is not None else format_money(abs(gap_cents))
    return f"{shown} {BEHIND if gap_cents > 0 else AHEAD}"


# --- money in charts ------------------------------------------------------------------------


def whole_units(cents: int) -> int:
    """``cents`` rounded half-even to a whole currency unit (still in cents)."""
    units = (Decimal(cents) / 100).quantize(Decimal(1), ROUND_HALF_EVEN)
    return int(units) * 100


def pace(quota_cents: int, days_gone: int, days: int) -> int:
    """The quota's even pace after ``days_gone`` of ``days``, in whole units (cents)."""
    return whole_units(quota_cents * days_gone // days) if days else 0


# --- the quota of a period ------------------------------------------------------------------


class QuotaFigure(NamedTuple):
    """A period's quota: set for it, or the sum of its parts' (``parts`` says which)."""

    cents: int | None
    # the labels added up, when derived; empty when the period has its own quota
    parts: tuple[str, ...] = ()
    # the parts with no quota, when derived
    missing: tuple[str, ...] = ()

    @property
    def derived(self) -> bool:
        return bool(self.parts)

    def note(self, period: Period) -> str:
        """``no quota set for 2026: the sum of the quotas of 2026-Q3 and 2026-Q4 (2026-Q1
        and 2026-Q2: none set)``; empty for a quota set for the period itself."""
        if not self.parts:
            return ""
        said = f"no quota set for {period.label}: the sum of the quotas of {_listed(self.parts)}"
        if self.missing:
            said += f" ({_listed(self.missing)}: none set)"
        return said


def _listed(labels: Sequence[str]) -> str:
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def quota_of(period: Period, stored: Mapping[str, int]) -> QuotaFigure:
    """The quota of ``period`` from the quotas ``stored`` by label (definition above)."""
    own = stored.get(period.label)
    if own:
        return QuotaFigure(own)
    if period.kind is PeriodKind.YEAR:
        parts = [_quarter(q, stored) for q in period.split(PeriodKind.QUARTER)]
    elif period.kind is PeriodKind.QUARTER:
        parts = [(m.label, stored.get(m.label) or None, (m.label,)) for m in _months(period)]
    else:
        return QuotaFigure(None)
    found = [(label, cents, used) for label, cents, used in parts if cents]
    if not found:
        return QuotaFigure(None)
    return QuotaFigure(
        sum(cents or 0 for _, cents, _ in found),
        tuple(label for _, _, used in found for label in used),
        tuple(label for label, cents, _ in parts if not cents),
    )


def _months(period: Period) -> list[Period]:
    return period.split(PeriodKind.MONTH)


def _quarter(q: Period, stored: Mapping[str, int]) -> tuple[str, int | None, tuple[str, ...]]:
    """A quarter's own quota, else the sum of its months' (with the labels used)."""
    own = stored.get(q.label)
    if own:
        return q.label, own, (q.label,)
    months = [(m.label, stored.get(m.label)) for m in _months(q)]
    used = tuple(label for label, cents in months if cents)
    return q.label, sum(cents or 0 for _, cents in months) or None, used


def quota_labels(period: Period) -> tuple[str, ...]:
    """Every label whose quota can make up ``period``'s (itself first)."""
    if period.kind is PeriodKind.YEAR:
        quarters = period.split(PeriodKind.QUARTER)
        return (
            period.label,
            *(q.label for q in quarters),
            *(m.label for q in quarters for m in _months(q)),
        )
    if period.kind is PeriodKind.QUARTER:
        return (period.label, *(m.label for m in _months(period)))
    return (period.label,)
