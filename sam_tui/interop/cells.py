"""Reading the cells of a CRM export: names folded for matching, record ids, amounts, dates.

Pure functions. Dates and amounts are read column by column: the whole column decides
whether ``5/12/2026`` is day- or month-first (a day above 12 settles it) and whether
``1,250`` is a thousand or a decimal, so one row never reads differently from the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from sam_tui.domain import refs
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.money import to_cents

# --- names ----------------------------------------------------------------------------------

# ``Société Générale, S.A.`` -> ``societe generale s a``: case, accents and punctuation are
# ignored, so an export's ``Acme, Inc.`` finds the ``acme inc`` typed into sam, by the
# same rule as every name typed on the command line (``domain.refs``).
fold = refs.fold


# --- record ids -----------------------------------------------------------------------------

_SF_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_SF_ID = re.compile(r"[A-Za-z0-9]{18}")


@lru_cache(maxsize=1 << 16)
def salesforce_id(text: str) -> str:
    """A Salesforce id in its 15-character, case-sensitive form.

    The 18-character form adds three characters that spell which of the 15 are capitals,
    so it survives tools that ignore case; here it gives that case back and is cut to 15.
    Anything else is returned stripped, unchanged.
    """
    value = text.strip()
    if not _SF_ID.fullmatch(value):
        return value
    head, suffix = value[:15], value[15:].upper()
    if any(ch not in _SF_ALPHABET for ch in suffix):
        return value
    letters = []
    for chunk, code in zip((head[0:5], head[5:10], head[10:15]), suffix, strict=True):
        bits = _SF_ALPHABET.index(code)
        for i, ch in enumerate(chunk):
            letters.append(ch.upper() if bits >> i & 1 else ch.lower())
    restored = "".join(letters)
    if restored == head or head.lower() == head or head.upper() == head:
        return restored  # a tool that lost the case (all capitals, say) gets it back
    return head  # the suffix disagrees with a mixed case: trust the case as given


def salesforce_like(value: str) -> bool:
    """A Salesforce record id: 15 letters and digits (both), or 18 whose last three spell
    the case of the first 15 (or a tool put it all in capitals)."""
    shape = value.isalnum() and value.isascii() and len(value) in (15, 18)
    if not shape or value.isdigit() or value.isalpha():
        return False
    head, suffix = value[:15], value[15:]
    if not suffix or head.isupper():
        return True
    for chunk, code in zip((head[0:5], head[5:10], head[10:15]), suffix, strict=True):
        bits = sum(1 << i for i, ch in enumerate(chunk) if ch.isupper())
        if _SF_ALPHABET[bits] != code:
            return False
    return True


# Words a number goes under in one phone field, as vCard export reads them back.
_PHONE_WORDS = (("mobile", "mobile"), ("cell", "mobile"), ("home", "home"), ("fax", "fax"))


def phone_label(header: str) -> str:
    """``Mobile Phone`` -> ``mobile``: the word for a number from this column in one phone
    field (``+1 555 0100 / mobile +1 555 0199``); "" for a work number."""
    key = re.sub(r"[\W_]+", "", header.casefold())
    return next((word for part, word in _PHONE_WORDS if part in key), "")


def source_key(text: str, source: str) -> str:
    """A record id as stored: Salesforce ids in their 15-character form, others stripped."""
    value = text.strip()
    if source == "salesforce":
        return salesforce_id(value)
    # HubSpot and Pipedrive ids are numbers; a spreadsheet may show 123.0
    if re.fullmatch(r"\d+\.0+", value):
        return value.split(".")[0]
    return value


# --- amounts --------------------------------------------------------------------------------

_SYMBOLS = {"$": "$", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₣": "CHF"}
# ISO codes in capitals, or a few everyone types in lower case ("1500 usd")
_CODES = r"[A-Z]{3}|(?i:usd|eur|gbp|chf|jpy|cad|aud)"
_CODE = re.compile(rf"^({_CODES})\s*(?=[\d.,\s'-])|(?<=[\d.,\s])\s*({_CODES})$")
_GROUPING = str.maketrans("", "", " \u00a0\u202f'’_")
_SCALED = re.compile(r"(?P<number>[\d.,]*\d)(?P<suffix>k|mm|m|bn)", re.IGNORECASE)
_SCALES = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "bn": 1_000_000_000}


class Amount(NamedTuple):
    cents: int
    currency: str | None  # ISO code, "$" for a dollar of any country, or None


def decimal_mark(values: Iterable[str]) -> str | None:
    """The decimal mark a column of amounts uses, where some value shows it: ``.`` or ``,``."""
    votes = {".": 0, ",": 0}
    for raw in values:
        number = _number_part(raw)[0]
        if "." in number and "," in number:
            votes[number[max(number.rfind("."), number.rfind(","))]] += 1
            continue
        for mark in (".", ","):
            if number.count(mark) == 1 and len(number.split(mark)[1]) in (1, 2):
                votes[mark] += 1
            elif number.count(mark) > 1:
                votes["," if mark == "." else "."] += 1
    if votes["."] and not votes[","]:
        return "."
    if votes[","] and not votes["."]:
        return ","
    return None


def _number_part(raw: str) -> tuple[str, str | None]:
    text = raw.strip()
    currency: str | None = None
    for symbol, code in _SYMBOLS.items():
        if symbol in text:
            currency = code
            text = text.replace(symbol, "")
    match = _CODE.search(text.strip())
    if match:
        currency = (match.group(1) or match.group(2)).upper()
        text = _CODE.sub("", text.strip())
    return text.translate(_GROUPING), currency


def parse_amount(raw: str, mark: str | None) -> Amount:
    """``$1,250.50``, ``1.250,50 €``, ``EUR 1 250``, ``12500`` -> exact cents and currency.

    ``mark`` is the column's decimal mark (``decimal_mark``); without one, a lone
    separator followed by three digits groups thousands. Negative amounts, more than two
    decimals and anything that is not a number are refused.
    """
    number, currency = _number_part(raw)
    if number.startswith("(") and number.endswith(")") or number.startswith("-"):
        raise InvalidInput(f"'{raw}' is negative; amounts are 0 or more")
    number = number.removeprefix("+")
    # a spreadsheet typed by hand says 120k or 1.5m, as the CLI takes them
    scaled = _SCALED.fullmatch(number)
    scale = _SCALES[scaled["suffix"].casefold()] if scaled else 1
    number = scaled["number"] if scaled else number
    if not re.fullmatch(r"[\d.,]*\d[\d.,]*", number):
        raise InvalidInput(f"'{raw}' is not an amount")
    if mark is None:
        if "." in number and "," in number:
            mark = number[max(number.rfind("."), number.rfind(","))]
        else:
            sep = "." if "." in number else "," if "," in number else None
            if sep is not None and number.count(sep) == 1 and len(number.split(sep)[1]) != 3:
                mark = sep
            else:
                mark = "," if sep == "." else "."
    grouping = "," if mark == "." else "."
    if number.count(mark) > 1:
        raise InvalidInput(f"'{raw}' is not an amount (two decimal marks)")
    whole = number.split(mark)[0]
    if grouping in whole:
        groups = whole.split(grouping)
        # 1,250,000 and India's 12,50,000; never 1,2,3
        fits = 1 <= len(groups[0]) <= 3 and all(len(g) in (2, 3) for g in groups[1:-1])
        if not fits or len(groups[-1]) != 3:
            raise InvalidInput(f"'{raw}' is not an amount (its digit groups do not fit)")
    plain = number.replace(grouping, "").replace(mark, ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise InvalidInput(f"'{raw}' is not an amount") from None
    return Amount(to_cents(value * scale, f"'{raw}'"), currency)


def same_currency(found: str, book: str) -> bool:
    """``$`` is a dollar of any country; otherwise ISO codes compare."""
    if found == "$":
        return book.endswith("D")
    return found.upper() == book.upper()


# --- dates ----------------------------------------------------------------------------------

_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ap>[ap]\.?m\.?)?"
_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?"
    r"(?:(?:\s+|T|,\s*)" + _TIME + r")?",
    re.IGNORECASE,
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")
_WORDY = re.compile(
    r"(?:[a-z]+,?\s+)?"  # a weekday
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?[\s\-./]*(?P<m1>[a-z]{3,})\.?"
    r"|(?P<m2>[a-z]{3,})\.?\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)"
    r"[\s\-./,]*(?P<y>\d{4})(?:(?:\s+|T|,\s*)" + _TIME + r")?",
    re.IGNORECASE,
)
_MONTHS = "january february march april may june july august september october november december"
ORDERS = ("DMY", "MDY", "YMD")


class DateEvidence(NamedTuple):
    """What a column's values say about its date order."""

    order: str | None  # DMY or MDY when some value settles it
    conflict: tuple[str, str] | None  # a day-first and a month-first value, both in it
    ambiguous: str | None  # a value that reads two ways, when nothing settles it


def date_evidence(values: Iterable[str]) -> DateEvidence:
    """Read a whole column: ``13/1/2026`` settles day-first, ``1/13/2026`` month-first."""
    day_first: str | None = None
    month_first: str | None = None
    ambiguous: str | None = None
    for raw in values:
        match = _NUMERIC.fullmatch(raw.strip())
        if match is None or len(match["a"]) > 2:
            continue
        a, b = int(match["a"]), int(match["b"])
        if a > 12 and b <= 12:
            day_first = day_first or raw.strip()
        elif b > 12 and a <= 12:
            month_first = month_first or raw.strip()
        elif a != b and ambiguous is None and match["sep"] != ".":
            ambiguous = raw.strip()
    if day_first and month_first:
        return DateEvidence(None, (day_first, month_first), None)
    if day_first or month_first:
        return DateEvidence("DMY" if day_first else "MDY", None, None)
    return DateEvidence(None, None, ambiguous)


def parse_date_format(text: str) -> tuple[str | None, str | None]:
    """``--date-format``: an order (``DMY``, ``MDY``, ``YMD``, or ``dd/mm/yyyy``) or a
    strftime pattern (``%d.%m.%Y``). Returns (order, pattern)."""
    value = text.strip()
    if "%" in value:
        try:
            sample = datetime(2026, 1, 31, 13, 45)  # noqa: DTZ001 (a fixed sample, no zone)
            datetime.strptime(sample.strftime(value), value)  # noqa: DTZ007
        except ValueError:
            raise InvalidInput(f"--date-format '{text}' is not a usable strftime pattern") from None
        return None, value
    letters = "".join(dict.fromkeys(ch for ch in value.upper() if ch in "DMY"))
    # year-first dates (2026-01-31) read one way only: an order is for day and month
    if letters in ("DMY", "MDY") and re.fullmatch(r"[DMYdmy/.\- ]+", value):
        return letters, None
    raise InvalidInput(
        f"--date-format '{text}' is not accepted: use DMY (31/01/2026), MDY (01/31/2026) or a "
        "pattern such as %d.%m.%Y (year-first dates need none)"
    )


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) <= 2 else value


def _clock(match: re.Match[str]) -> time | None:
    if match["h"] is None:
        return None
    hour, minute, second = int(match["h"]), int(match["mi"]), int(match["s"] or 0)
    marker = (match["ap"] or "").replace(".", "").lower()
    if marker:
        if not 1 <= hour <= 12:
            raise ValueError("hour")
        hour = hour % 12 + (12 if marker == "pm" else 0)
    return time(hour, minute, second)


def parse_date(raw: str, order: str | None, pattern: str | None = None) -> date | datetime:
    """One cell: a date, or a datetime (aware; a time without a zone is local time).

    ``order`` (DMY, MDY, YMD) reads numeric dates; without it a numeric date that reads
    two ways is refused. ISO dates and month names read the same in every order.
    """
    text = raw.strip()
    try:
        if pattern is not None:
            for candidate in (pattern, pattern + " %H:%M", pattern + " %H:%M:%S"):
                try:
                    parsed = datetime.strptime(text, candidate)  # noqa: DTZ007
                except ValueError:
                    continue
                if "%H" in candidate or "%I" in candidate:
                    return parsed.astimezone()  # naive: local time
                return parsed.date()
        if _ISO.fullmatch(text):
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
            return moment if moment.tzinfo else moment.astimezone()
        match = _NUMERIC.fullmatch(text)
        if match is not None:
            a, b, c = match["a"], match["b"], match["c"]
            if len(a) == 4:
                day = date(int(a), int(b), int(c))
            else:
                first, second = int(a), int(b)
                if (order is None or order == "YMD") and match["sep"] == ".":
                    order = "DMY"  # 12.01.2026: the dotted form is day-first wherever it is used
                if order is None or order == "YMD":
                    if first <= 12 and second <= 12 and first != second:
                        raise InvalidInput(
                            f"'{raw}' could be {first}/{second} or {second}/{first} (day or "
                            "month first)"
                        )
                    order = "DMY" if first > 12 else "MDY"
                d, m = (first, second) if order == "DMY" else (second, first)
                day = date(_year(c), m, d)
            moment_time = _clock(match)
            if moment_time is None:
                return day
            return datetime.combine(day, moment_time).astimezone()
        wordy = _WORDY.fullmatch(text)
        if wordy is not None:
            month_word = (wordy["m1"] or wordy["m2"]).lower()
            months = [n for n, m in enumerate(_MONTHS.split(), 1) if m.startswith(month_word)]
            if len(months) == 1 and (len(month_word) >= 3):
                day = date(int(wordy["y"]), months[0], int(wordy["d1"] or wordy["d2"]))
                moment_time = _clock(wordy)
                if moment_time is None:
                    return day
                return datetime.combine(day, moment_time).astimezone()
    except (ValueError, OverflowError):
        raise InvalidInput(f"'{raw}' is not a date") from None
    raise InvalidInput(f"'{raw}' is not a date")


def at_noon(value: date | datetime) -> datetime:
    """A moment for a value that may be a bare date: noon local time, as `sam log` reads one."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(12, 0)).astimezone()


def as_day(value: date | datetime) -> date:
    """The local date of a value that may carry a time."""
    if isinstance(value, datetime):
        return value.astimezone().date()
    return value
