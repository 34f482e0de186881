"""Per-database settings: a registry of known keys, each validated, with a default and a why.

Stored in the ``setting`` table as text. A key not set reads as its default. Adding a
setting is one ``_register(...)`` line below: key, default, validator, description.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.enums import DealStage, Severity
from sam_tui.domain.errors import InvalidInput, NotFound
from sam_tui.domain.sales import DEFAULT_PROBABILITY, OPEN_STAGES
from sam_tui.domain.sla import DEFAULT_SLA_DAYS
from sam_tui.store import db

# a validator turns what the user typed into the stored text, or raises InvalidInput
Validator = Callable[[str, str], str]


class SettingSpec(NamedTuple):
    key: str
    default: str
    validate: Validator
    description: str


class SettingRow(NamedTuple):
    key: str
    value: str  # the value in force: the stored one, else the default
    default: str
    is_set: bool
    description: str
    # a stored value sam cannot use (written by hand or by another program), else None
    invalid: str | None = None


REGISTRY: dict[str, SettingSpec] = {}


def _register(key: str, default: object, validate: Validator, description: str) -> None:
    REGISTRY[key] = SettingSpec(key, str(default), validate, description)


def _whole(text: str, key: str, low: int, high: int | None, unit: str) -> str:
    raw = text.strip()
    bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    if number is None or number < low or (high is not None and number > high):
        raise InvalidInput(f"{key} must be a whole number {bound}{unit}, not '{text}'")
    return str(number)


def whole(low: int, high: int | None, unit: str) -> Validator:
    """A whole number from ``low`` to ``high`` (None: no upper limit) of ``unit``."""
    return lambda text, key: _whole(text, key, low, high, unit)


_MONTHS = (
    "january february march april may june july august september october november december"
).split()


def month(text: str, key: str) -> str:
    """1-12, or a month name or its first three letters (``feb``)."""
    word = text.strip().lower()
    for number, name in enumerate(_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return str(number)
    try:
        return _whole(text, key, 1, 12, " (a month)")
    except InvalidInput:
        raise InvalidInput(
            f"{key} must be a month: 1-12 or a name such as feb, not '{text}'"
        ) from None


def percent(text: str, key: str) -> str:
    return _whole(text.strip().removesuffix("%"), key, 0, 100, " (percent)")


_register(
    "fiscal-year-start",
    1,
    month,
    "Month the fiscal year starts (1-12); quarters follow it. A fiscal year is named by "
    "the calendar year it ends in.",
)
for _stage in OPEN_STAGES:
    _register(
        f"probability.{_stage.value}",
        DEFAULT_PROBABILITY[_stage],
        percent,
        f"Default win probability (%) of a deal in {_stage.value}, unless the deal has its own.",
    )
for _severity in reversed(Severity):
    _register(
        f"sla.{_severity.value}",
        DEFAULT_SLA_DAYS[_severity],
        whole(1, None, " (days)"),
        f"Days to resolve a {_severity.value} complaint (SLA), for complaints opened from now on.",
    )

# the numbers of interop.backup (DEFAULT_KEEP, MAX_KEEP), which applies the setting
_register(
    "backup.keep",
    7,
    whole(0, 3650, " (daily backups kept)"),
    "Daily backups to keep (0 turns them off); `sam backup --keep N` also prunes at once.",
)


_register(
    "renewal.term",
    12,
    whole(1, 120, " (months)"),
    "Months a renewal runs: winning a renewal deal moves the account's renewal date this "
    "much later by default.",
)


def currency_code(text: str, key: str) -> str:
    code = text.strip().upper()
    if not (len(code) == 3 and code.isascii() and code.isalpha()):
        raise InvalidInput(
            f"{key} must be a three-letter ISO currency code such as EUR, not '{text}'"
        )
    return code


_register(
    "currency",
    "USD",
    currency_code,
    "The book's currency (ISO code such as EUR): `sam import` refuses amounts in another one.",
)


_NUMBER_FORMATS = {
    "auto": "auto",
    "1,234.56": "1,234.56",
    "point": "1,234.56",
    ".": "1,234.56",
    "1.234,56": "1.234,56",
    "comma": "1.234,56",
    ",": "1.234,56",
}


def number_format(text: str, key: str) -> str:
    found = _NUMBER_FORMATS.get(text.strip().lower())
    if found is None:
        raise InvalidInput(f"{key} must be auto, 1,234.56 or 1.234,56, not '{text}'")
    return found


_register(
    "number-format",
    "auto",
    number_format,
    "How you write amounts: 1,234.56 (a decimal point) or 1.234,56 (a decimal comma); auto "
    "refuses one that could be read both ways (250.000, 1,5).",
)


def decimal_mark(conn: sqlite3.Connection) -> str | None:
    """The decimal mark the user writes (``"."`` or ``","``), None when not said."""
    return {"1,234.56": ".", "1.234,56": ","}.get(value_of(conn, "number-format"))


# read by interop.replication (WARN_SETTING) for the cockpit's warning
_register(
    "replicate.warn-after",
    15,
    whole(1, 100_000, " (minutes)"),
    "Minutes the replica may fall behind the book before the cockpit warns (sam replicate).",
)


def currency(conn: sqlite3.Connection) -> str:
    return value_of(conn, "currency")


def spec(key: str) -> SettingSpec:
    found = REGISTRY.get(key.strip().lower())
    if found is None:
        raise NotFound(f"unknown setting '{key}'; known settings: {', '.join(REGISTRY)}")
    return found


def _stored(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT rowid, value FROM setting WHERE key = ?", (key,)
    ).fetchone()
    return row


def stored(conn: sqlite3.Connection, key: str) -> str | None:
    """The text stored for ``key``, unvalidated; None when it is not set."""
    row = _stored(conn, key)
    return None if row is None else str(row["value"])


def get(conn: sqlite3.Connection, key: str) -> SettingRow:
    """The setting as stored; an unusable stored value is reported in ``invalid``."""
    s = spec(key)
    row = _stored(conn, s.key)
    value, invalid = s.default, None
    if row is not None:
        try:
            value = s.validate(row["value"], s.key)
        except InvalidInput:
            invalid = str(row["value"])
    return SettingRow(s.key, value, s.default, row is not None, s.description, invalid)


def value_of(conn: sqlite3.Connection, key: str) -> str:
    """The value in force, for code that uses it: an unusable stored value is an error
    (reading it as the default would, say, silently move every fiscal quarter)."""
    row = get(conn, key)
    if row.invalid is not None:
        raise InvalidInput(
            f"the setting {row.key} is '{row.invalid[:20]}', which sam cannot use; set it with "
            f"`sam config {row.key} VALUE` or reset it with `sam config {row.key} --unset`"
        )
    return row.value


def all_settings(conn: sqlite3.Connection) -> list[SettingRow]:
    """Every known setting, in registry order, with the value in force."""
    return [get(conn, key) for key in REGISTRY]


def set_value(
    conn: sqlite3.Connection, key: str, value: str, *, command: str = "config set"
) -> tuple[SettingRow, SettingRow]:
    """Validate and store; returns the setting before and after."""
    s = spec(key)
    text = s.validate(value, s.key)
    with db.write(conn, command, clock.now()) as tx:
        before = get(conn, s.key)
        row = _stored(conn, s.key)
        if row is None:
            tx.insert("setting", {"key": s.key, "value": text})
        else:
            tx.update("setting", row["rowid"], {"value": text})
        return before, get(conn, s.key)


def unset(conn: sqlite3.Connection, key: str) -> SettingRow | None:
    """Back to the default; returns the setting as it was, or None when it was not set."""
    s = spec(key)
    with db.write(conn, "config unset", clock.now()) as tx:
        row = _stored(conn, s.key)
        if row is None:
            return None
        before = get(conn, s.key)
        tx.delete("setting", row["rowid"])
        return before


# --- typed readers -----------------------------------------------------------------------


def fiscal_start(conn: sqlite3.Connection) -> int:
    return int(value_of(conn, "fiscal-year-start"))


def renewal_term(conn: sqlite3.Connection) -> int:
    """Months one renewal term runs (``renewal.term``)."""
    return int(value_of(conn, "renewal.term"))


def probability_overrides(conn: sqlite3.Connection) -> dict[DealStage, int]:
    """The open stages' default probabilities the user changed."""
    found: dict[DealStage, int] = {}
    for stage in OPEN_STAGES:
        key = f"probability.{stage.value}"
        if get(conn, key).is_set:
            found[stage] = int(value_of(conn, key))
    return found
