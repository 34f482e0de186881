"""Money: what people type becomes exact cents, and cents read back the way people write them."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.money import (
    MAX_CENTS,
    cents_to_number,
    format_compact,
    format_money,
    parse_amount,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("300000", 30_000_000),
        ("120k", 12_000_000),
        ("120K", 12_000_000),
        ("1.2m", 120_000_000),
        ("1.2M", 120_000_000),
        ("2mm", 200_000_000),
        ("1.5bn", 150_000_000_000),
        ("1.2345k", 123_450),  # four decimals, but whole cents once scaled
        ("$1,250.50", 125_050),
        ("1,250,000", 125_000_000),
        ("120 000", 12_000_000),
        ("1_000", 100_000),
        ("€300", 30_000),
        ("£300", 30_000),
        ("¥300", 30_000),
        ("300 EUR", 30_000),
        ("usd 300", 30_000),
        ("CHF 1.2m", 120_000_000),
        ("$ 99.99", 9_999),
        ("  42  ", 4_200),
        (".5", 50),
        ("0", 0),
        ("+7", 700),
        ("12.3", 1_230),
    ],
)
def test_amounts_as_people_type_them(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


@pytest.mark.parametrize(
    "typed", ["250.000", "1.250", "1.250,50", "1,5", "1,25", "12,5k", "1.250.000"]
)
def test_a_dot_or_comma_that_could_be_either_is_refused_with_a_hint(typed: str) -> None:
    # issue 14: "250.000" meant 250,000 to a European user and was stored as 250
    with pytest.raises(InvalidInput, match="is ambiguous") as err:
        parse_amount(typed, "deal amount")
    assert f"deal amount '{typed}'" in str(err.value)
    assert "sam config number-format 1.234,56" in str(err.value)


@pytest.mark.parametrize(
    ("typed", "point", "comma"),
    [
        ("250.000", 25_000, 25_000_000),
        ("1.250,50", None, 125_050),
        ("1,5", None, 150),
        ("1.250.000", None, 125_000_000),
        ("1,250.50", 125_050, None),
        ("1,2m", None, 120_000_000),
        ("1.2m", 120_000_000, None),
        ("300000", 30_000_000, 30_000_000),
    ],
)
def test_the_number_format_says_which_mark_is_the_decimal_one(
    typed: str, point: int | None, comma: int | None
) -> None:
    for mark, cents in ((".", point), (",", comma)):
        if cents is None:
            with pytest.raises(InvalidInput):
                parse_amount(typed, decimal_mark=mark)
        else:
            assert parse_amount(typed, decimal_mark=mark) == cents


@pytest.mark.parametrize("typed", ["-5", "-120k", "$-5", "-$5", "-€1,250.50", " -1 "])
def test_negative_amounts_are_refused_as_negative(typed: str) -> None:
    with pytest.raises(InvalidInput, match="cannot be negative") as err:
        parse_amount(typed)
    assert typed in str(err.value)


@pytest.mark.parametrize("typed", ["1.2345", "0.0001", "1.2345678k", "1.234567891m"])
def test_more_than_two_decimals_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="more than two decimals") as err:
        parse_amount(typed)
    assert f"'{typed}'" in str(err.value)


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "",
        "   ",
        "twelve",
        "1.2.3",
        "12x",
        "1e6",
        "$",
        "eur",
        "120kk",
        "k",
        "1.",
        "--5",
        "5-",
        "0x10",
        "½",
        "12 34 k 5",
    ],
)
def test_garbage_is_an_error_quoting_the_input(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_amount(typed)
    message = str(err.value)
    assert f"'{typed}'" in message
    assert "\n" not in message or "\n" in typed


@pytest.mark.parametrize("typed", ["1,2,3", "1234,567", "1,2345.00", "1,"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(typed: str) -> None:
    # "1,25" is how half of Europe writes 1.25: reading it as 125 would be a silent 100x error
    with pytest.raises(InvalidInput, match="commas separate thousands") as err:
        parse_amount(typed)
    assert f"'{typed}'" in str(err.value)


def test_the_message_names_what_was_being_read() -> None:
    with pytest.raises(InvalidInput, match="^cannot read quota 'lots'"):
        parse_amount("lots", what="quota")
    with pytest.raises(InvalidInput, match="^deal amount cannot be negative"):
        parse_amount("-1", what="deal amount")


@pytest.mark.parametrize("typed", ["9" * 40, "99999999999bn", "10000000000000.01", "1" + "0" * 16])
def test_absurdly_large_amounts_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount(typed)


def test_the_largest_accepted_amount_is_exactly_the_bound() -> None:
    assert parse_amount(format_money(MAX_CENTS)) == MAX_CENTS
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount(format_money(MAX_CENTS + 1))


def test_a_very_long_number_fails_fast_and_cleanly() -> None:
    with pytest.raises(InvalidInput):
        parse_amount("1" * 50_000 + "x")


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (0, "0"),
        (5, "0.05"),
        (100, "1"),
        (125_050, "1,250.50"),
        (123_456_700, "1,234,567"),
        (123_456_789, "1,234,567.89"),
        (-125_050, "-1,250.50"),
        (-5, "-0.05"),
    ],
)
def test_format_money(cents: int, shown: str) -> None:
    assert format_money(cents) == shown


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (0, "0"),
        (4_200, "42"),
        (99_900, "999"),
        (100_000, "1k"),
        (123_400, "1.23k"),
        (85_000_000, "850k"),
        (125_000_000, "1.25M"),
        (100_000_000, "1M"),
        (250_000_000_000, "2.5bn"),
        (-125_000_000, "-1.25M"),
        # values that round up to the next unit are shown in that unit
        (99_999, "1k"),
        (99_999_999, "1M"),
        (99_999_999_999, "1bn"),
        (99_950, "1k"),
        # half up, like people round money by hand
        (250, "3"),
        (350, "4"),
        (112_500_000, "1.13M"),
        (-1, "0"),
    ],
)
def test_format_compact(cents: int, shown: str) -> None:
    assert format_compact(cents) == shown


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_format_compact_never_shows_a_four_digit_scaled_value(cents: int) -> None:
    shown = format_compact(cents)
    number = shown.rstrip("kMbn")
    if shown.endswith(("k", "M")):
        assert 1 <= float(number) < 1000, shown
    elif shown.endswith("bn"):
        assert float(number) >= 1, shown  # the largest unit: thousands of bn are allowed
    else:
        assert float(number) < 1000, shown
    assert len(number.partition(".")[2]) <= 2
    # and it is never far from the exact amount (within half a unit of the last digit shown)
    scale = {"k": 10**3, "M": 10**6, "bn": 10**9}.get(shown[len(number) :], 1)
    step = scale / 100 if scale > 1 else 1
    assert abs(float(number) * scale - cents / 100) <= step / 2 + 1e-6 * scale


@pytest.mark.parametrize(
    ("cents", "number"),
    [(0, 0), (12_000_000, 120_000), (125_050, 1250.5), (1, 0.01), (-150, -1.5), (-100, -1)],
)
def test_cents_to_number_for_json(cents: int, number: float) -> None:
    value = cents_to_number(cents)
    assert value == number
    assert type(value) is type(number)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_cents_to_number_survives_json_exactly(cents: int) -> None:
    back = json.loads(json.dumps(cents_to_number(cents)))
    assert round(back * 100) == cents
    if cents % 100 == 0:
        assert isinstance(back, int)


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_format_money_round_trips_through_parse_amount(cents: int) -> None:
    assert parse_amount(format_money(cents)) == cents


@given(st.integers(min_value=0, max_value=MAX_CENTS), st.sampled_from(["$", "€", "", "USD "]))
def test_what_sam_prints_can_be_typed_back_with_a_currency(cents: int, currency: str) -> None:
    assert parse_amount(currency + format_money(cents)) == cents


# --- any cents value, any text (issue 7) ---------------------------------------------------

ANY_CENTS = st.integers(min_value=-(10**30), max_value=10**30)  # far beyond 64-bit integers


@settings(max_examples=200)
@given(ANY_CENTS)
def test_any_cents_value_prints_and_reads_back_or_is_refused_cleanly(cents: int) -> None:
    shown = format_money(cents)
    assert shown.lstrip("-").replace(",", "").replace(".", "").isdigit()
    if 0 <= cents <= MAX_CENTS:
        assert parse_amount(shown) == cents
        return
    with pytest.raises(InvalidInput) as refused:
        parse_amount(shown)
    why = "negative" if cents < 0 else "too large"
    assert why in str(refused.value) and shown in str(refused.value)


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_the_compact_form_reads_back_within_its_rounding(cents: int) -> None:
    """``1.25M`` typed back is 1,250,000: off by at most half of its last digit."""
    back = parse_amount(format_compact(cents))
    assert abs(back - cents) <= max(50, cents * 0.005)


AMOUNT_TOKENS = st.sampled_from(
    ["1", "0", "9" * 30, ".", ",", "_", " ", "-", "+", "$", "€", "usd", "k", "m", "mm", "bn",
     "e", "1e9", "nan", "inf", "１２３", "٣", "\x00", "\x1b[2J", "1,25", "1,250", ".5", "0.001"]
)  # fmt: skip
AMOUNT_TEXTS = st.lists(AMOUNT_TOKENS, max_size=6).map("".join) | st.text(max_size=40)


@settings(max_examples=300)
@given(AMOUNT_TEXTS)
def test_parse_amount_raises_nothing_but_invalid_input(text: str) -> None:
    try:
        cents = parse_amount(text, "annual value")
    except InvalidInput as refused:  # quoting the text as typed: output cleans it (one_line)
        assert "annual value" in str(refused)
    else:
        assert isinstance(cents, int) and 0 <= cents <= MAX_CENTS


def _compact_by_decimal(cents: int) -> str:
    """format_compact as it was written with Decimal: the reference for the whole-number one."""
    from decimal import ROUND_HALF_UP, Decimal

    value = Decimal(abs(cents)) / 100
    whole = value.quantize(Decimal("1"), ROUND_HALF_UP)
    sign = "-" if cents < 0 and whole else ""
    if whole < 1000:
        return f"{sign}{whole:f}"
    for limit, suffix in ((Decimal(10**3), "k"), (Decimal(10**6), "M"), (Decimal(10**9), "bn")):
        scaled = (value / limit).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if scaled < 1000 or suffix == "bn":
            break
    return f"{sign}{f'{scaled:f}'.rstrip('0').rstrip('.')}{suffix}"


def test_format_compact_rounds_as_decimal_does_at_every_boundary() -> None:
    import random

    rng = random.Random(17)
    values = [rng.randrange(10**e) for e in range(1, 16) for _ in range(500)]
    # each half and whole step of every unit, and one cent either side
    for limit in (10**2, 10**3, 10**5, 10**6, 10**8, 10**9, 10**11, 10**12):
        for m in (*range(0, 400), 1999, 2000, 2001, 99_999, 100_000, 100_001, 199_999):
            values += [max(0, m * limit // 2 + d) for d in (-1, 0, 1)]
    values += [-v for v in values]
    wrong = [v for v in values if format_compact(v) != _compact_by_decimal(v)]
    assert not wrong, [(v, format_compact(v), _compact_by_decimal(v)) for v in wrong[:5]]
