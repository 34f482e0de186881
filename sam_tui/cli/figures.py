"""How sales figures read on screen and in JSON: money, ratios, periods, decimals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sam_tui.domain import figures
from sam_tui.domain.money import cents_to_number, format_money
from sam_tui.domain.periods import Period


def money(cents: int | None) -> str:
    return "—" if cents is None else format_money(cents)


def money_json(cents: int | None) -> int | float | None:
    """Currency units as a JSON number (cents as decimals), like every other amount."""
    return None if cents is None else cents_to_number(cents)


def ratio_json(value: Decimal | None) -> float | None:
    """A ratio as a JSON number to four decimals (0.4167), or null when undefined."""
    return None if value is None else figures.json_ratio(value)


def decimal_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# the readings of domain.figures (the reports use the same), with a dash for no figure


def pct(value: Decimal | None) -> str:
    """``0.4167`` -> ``41.7%``."""
    return "—" if value is None else figures.percent(value)


def times(value: Decimal | None) -> str:
    """A coverage ratio: ``2.5`` -> ``2.50x``."""
    return "—" if value is None else figures.times(value)


def tenth(value: Decimal | None) -> str:
    """A ratio of counts: ``2.44`` -> ``2.4``."""
    return "—" if value is None else figures.tenth(value)


def plain(value: Decimal | None) -> str:
    """An exact decimal without exponent or trailing zeros, thousands grouped: ``12.5``,
    ``3``, ``840,000``."""
    return "—" if value is None else figures.plain(value)


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def span(period: Period) -> str:
    """``2026-Q4 (1 Oct – 31 Dec 2026)``; ``(1 Nov 2025 – 31 Jan 2026)`` across years."""
    start, end = period.start, period.end
    first = _day(start) if start.year == end.year else f"{_day(start)} {start.year}"
    return f"{period.label} ({first} – {_day(end)} {end.year})"


def period_json(period: Period, today: date) -> dict[str, Any]:
    return {
        "label": period.label,
        "kind": period.kind.value,
        "start": period.start,
        "end": period.end,
        "days": period.days,
        "elapsed_days": period.elapsed_days(today),
    }


def no_quota(period: Period) -> str:
    return f"no quota for {period.label} (set one with `sam quota set {period.label} AMOUNT`)"
