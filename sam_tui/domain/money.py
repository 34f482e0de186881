"""Money as exact integer cents: parsing what people type and formatting it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sam_tui.domain.errors import InvalidInput

_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000, "mm": 1_000_000, "bn": 1_000_000_000}
_AMOUNT = re.compile(r"^(?P<sign>[-+]?)(?P<num>\d[\d,_ ]*(?:\.\d+)?|\.\d+)(?P<suffix>k|mm|m|bn)?$")
_CURRENCY = re.compile(r"^[$€£¥]|^(usd|eur|gbp|chf|jpy)\s*|\s*(usd|eur|gbp|chf|jpy)$", re.I)
# A sanity bound far above any real account, and inside SQLite's 64-bit integers.
MAX_CENTS = 10**15


def parse_amount(text: str, what: str = "amount") -> int:
    """``"120k"``, ``"1.2m"``, ``"$1,250.50"``, ``"300000"`` -> integer cents.

    Negative amounts, more than two decimals after scaling, and anything that is
    not a number are errors quoting the input.
    """
    raw = text.strip()
    compact = _CURRENCY.sub("", raw.lower()).strip().replace(" ", "")
    match = _AMOUNT.match(compact)
    if match is None:
        raise InvalidInput(f"cannot read {what} '{text}': use a number like 120000, 120k or 1.2m")
    if match["sign"] == "-":
        raise InvalidInput(f"{what} cannot be negative: '{text}'")
    try:
        value = Decimal(match["num"].replace(",", "").replace("_", "")) * _SUFFIX[
            match["suffix"] or ""
        ]
    except InvalidOperation:
        raise InvalidInput(f"cannot read {what} '{text}'") from None
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(f"{what} '{text}' has more than two decimals")
    if cents > MAX_CENTS:
        raise InvalidInput(f"{what} '{text}' is too large")
    return int(cents)


def format_money(cents: int) -> str:
    """``123456700`` -> ``"1,234,567"``; cents shown only when there are some."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    if part:
        return f"{sign}{whole:,}.{part:02d}"
    return f"{sign}{whole:,}"


def format_compact(cents: int) -> str:
    """``125000000`` -> ``"1.25M"``, ``85000000`` -> ``"850k"``: for narrow columns."""
    value = Decimal(abs(cents)) / 100
    sign = "-" if cents < 0 else ""
    for limit, suffix in ((Decimal(10**9), "bn"), (Decimal(10**6), "M"), (Decimal(10**3), "k")):
        if value >= limit:
            scaled = (value / limit).quantize(Decimal("0.01"))
            text = f"{scaled:f}".rstrip("0").rstrip(".")
            return f"{sign}{text}{suffix}"
    return f"{sign}{value.quantize(Decimal('1')):f}"


def cents_to_number(cents: int) -> int | float:
    """For JSON: a whole amount stays an int; otherwise a number with two decimals."""
    whole, part = divmod(cents, 100)
    if part == 0:
        return whole
    # json has no decimal type; two-decimal values round-trip exactly through repr
    return float(Decimal(cents) / 100)
