"""Money as exact integer cents: parsing what people type and formatting it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sam_tui.domain.errors import InvalidInput

_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000, "mm": 1_000_000, "bn": 1_000_000_000}
_AMOUNT = re.compile(r"^(?P<sign>[-+]?)(?P<num>\d[\d,_ ]*(?:\.\d+)?|\.\d+)(?P<suffix>k|mm|m|bn)?$")
_CURRENCY = re.compile(r"^[$€£¥]|^(usd|eur|gbp|chf|jpy)\s*|\s*(usd|eur|gbp|chf|jpy)$", re.I)
# Commas only ever group thousands: "1,25" is a European 1.25, not 125, so it is refused.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
# A sanity bound far above any real account, and inside SQLite's 64-bit integers.
MAX_CENTS = 10**15


def parse_amount(text: str, what: str = "amount", decimal_mark: str | None = None) -> int:
    """``"120k"``, ``"1.2m"``, ``"$1,250.50"``, ``"300000"`` -> integer cents.

    Negative amounts, more than two decimals after scaling, and anything that is
    not a number are errors quoting the input. ``decimal_mark`` is how the user writes
    numbers (the number-format setting): ``"."`` for 1,234.56, ``","`` for 1.234,56;
    None refuses a number whose dot or comma could be either (``250.000``, ``1,5``).
    """
    raw = text.strip().lower()
    # the sign may come before the currency ("-$5"): take it off first so it is seen
    sign = raw[:1] if raw[:1] in ("-", "+") else ""
    compact = sign + _CURRENCY.sub("", raw[len(sign) :].strip()).strip().replace(" ", "")
    compact = _as_point_decimals(compact, text, what, decimal_mark)
    match = _AMOUNT.match(compact)
    if match is None:
        raise InvalidInput(f"cannot read {what} '{text}': use a number like 120000, 120k or 1.2m")
    if match["sign"] == "-":
        raise InvalidInput(f"{what} cannot be negative: '{text}'")
    whole = match["num"].split(".")[0]
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise InvalidInput(
            f"cannot read {what} '{text}': commas separate thousands (1,250.50), "
            "decimals take a point"
        )
    try:
        value = (
            Decimal(match["num"].replace(",", "").replace("_", "")) * _SUFFIX[match["suffix"] or ""]
        )
    except InvalidOperation:
        raise InvalidInput(f"cannot read {what} '{text}'") from None
    return to_cents(value, f"{what} '{text}'")


# A number with dots grouping thousands and an optional decimal comma: 1.250.000,50
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
# A single dot with exactly three digits after it and no suffix: 250.000 or 1.250
_DOT_THOUSANDS = re.compile(r"[-+]?\d{1,3}\.\d{3}")
# A comma with one or two digits after it, as a decimal comma writes cents: 1,5 or 12,50
_COMMA_DECIMALS = re.compile(r"\d+,\d{1,2}")
FORMAT_HINT = (
    "write it without separators (250000, 1250.50), or say how you write numbers: "
    "sam config number-format 1.234,56 (or 1,234.56)"
)


def _as_point_decimals(compact: str, text: str, what: str, decimal_mark: str | None) -> str:
    """``compact`` (sign, digits, separators, suffix) in the 1,234.56 convention, or an
    error when it could be read both ways and no convention was given (issue 14:
    ``250.000`` meant 250,000 to a European user, and was stored as 250)."""
    if decimal_mark == ",":
        body = compact.lstrip("+-")
        sign = compact[: len(compact) - len(body)]
        digits = body.rstrip("kmbn")
        suffix = body[len(digits) :]
        if "." in digits:
            if not _DOT_GROUPED.fullmatch(digits):
                raise InvalidInput(
                    f"cannot read {what} '{text}': with number-format 1.234,56 dots "
                    "separate thousands (1.250,50) and decimals take a comma"
                )
            digits = digits.replace(".", "")
        return sign + digits.replace(",", ".") + suffix
    if decimal_mark == "." or ("," not in compact and "." not in compact):
        return compact
    body = compact.lstrip("+-").rstrip("kmbn")
    ambiguous = (
        _DOT_THOUSANDS.fullmatch(compact) is not None  # 250.000: 250 or 250,000?
        or _DOT_GROUPED.fullmatch(body) is not None  # 1.250,50 or 1.250.000
        or _COMMA_DECIMALS.fullmatch(body) is not None  # 1,5: 1.5 or a typo?
    )
    if ambiguous:
        raise InvalidInput(
            f"{what} '{text}' is ambiguous: is the '{'.' if '.' in body else ','}' a decimal "
            f"mark or a thousands separator? {FORMAT_HINT}"
        )
    return compact


def to_cents(value: Decimal, said: str) -> int:
    """An amount in currency units as exact cents; ``said`` names it in the refusal."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(f"{said} has more than two decimals")
    if cents > MAX_CENTS:
        raise InvalidInput(f"{said} is too large")
    return int(cents)


def format_money(cents: int) -> str:
    """``123456700`` -> ``"1,234,567"``; cents shown only when there are some."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    if part:
        return f"{sign}{whole:,}.{part:02d}"
    return f"{sign}{whole:,}"


def format_compact(cents: int) -> str:
    """``125000000`` -> ``"1.25M"``, ``85000000`` -> ``"850k"``: for narrow columns.

    Rounds half up, and a value that rounds up to the next unit is shown in it
    (999,999.99 is ``"1M"``, not ``"1000k"``). In whole numbers (exact, and a list of
    10,000 accounts formats 10,000 values).
    """
    size = abs(cents)
    whole = (size + 50) // 100
    sign = "-" if cents < 0 and whole else ""
    if whole < 1000:
        return f"{sign}{whole}"
    for limit, suffix in _UNITS:
        # hundredths of the unit, rounded half up: size / limit cents is that many
        hundredths = (2 * size + limit) // (2 * limit)
        if hundredths < 100_000 or suffix == "bn":
            break
    text = f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0").rstrip(".")
    return f"{sign}{text}{suffix}"


_UNITS = ((10**3, "k"), (10**6, "M"), (10**9, "bn"))


def cents_to_number(cents: int) -> int | float:
    """For JSON: a whole amount stays an int; otherwise a number with two decimals."""
    whole, part = divmod(cents, 100)
    if part == 0:
        return whole
    # json has no decimal type; two-decimal values round-trip exactly through repr
    return float(Decimal(cents) / 100)
