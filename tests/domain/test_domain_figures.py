"""How a figure reads: rounded once, half-even, from its exact value, on every surface."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.figures import hours, json_ratio, percent, plain, tenth, times
from sam_tui.domain.metrics import ratio


def test_a_share_reads_to_a_tenth_of_a_percent_from_its_exact_value() -> None:
    share = ratio(63, 97)  # 0.649484...: 0.6495 to four places, which would read 65.0%
    assert share is not None
    assert percent(share) == "64.9%"
    assert percent(float(share)) == "64.9%"  # the reports' float of it reads the same
    assert percent(Decimal("0.8")) == percent(0.8) == "80.0%"
    assert percent(Decimal("0.6485")) == "64.8%"  # a tie goes to the even tenth


def test_coverage_ratios_of_counts_and_hours() -> None:
    assert times(Decimal(26_000) / Decimal(100_000)) == "0.26x"
    assert times(2.5) == "2.50x"
    assert tenth(Decimal(6) / Decimal(11)) == "0.5"
    assert tenth(0.35) == "0.4"  # as the 0.35 it prints as, not the 0.34999... it holds
    assert tenth(4.0) == "4"
    assert tenth(1234.56) == "1,234.6"
    assert plain(Decimal("840000")) == "840,000"
    assert hours(Decimal("23.0")) == "23 h"
    assert hours(Decimal("112.7")) == "112.7 h"


@pytest.mark.parametrize(
    ("value", "json"),
    [(Decimal(63) / Decimal(97), 0.6495), (Decimal("0.12345"), 0.1234), (0.12345, 0.1234)],
)
def test_json_gives_four_decimals_half_even(value: Decimal | float, json: float) -> None:
    assert json_ratio(value) == json


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_ratio_reads_the_same_from_its_decimal_and_its_float(m: int, n: int) -> None:
    exact = Decimal(m) / Decimal(n)
    assert percent(float(exact)) == percent(exact)
    assert times(float(exact)) == times(exact)
    assert tenth(float(exact)) == tenth(exact)
    assert json_ratio(float(exact)) == json_ratio(exact)


def test_any_float_can_be_read() -> None:
    assert json_ratio(1e24) == 1e24
    assert percent(1e30).endswith(".0%")


def test_a_change_too_small_to_show_is_zero_not_minus_zero() -> None:
    from decimal import Decimal

    from sam_tui.domain import figures

    assert figures.tenth(Decimal("-0.04")) == "0"
    assert figures.times(Decimal("-0.001")) == "0.00x"
    assert figures.percent(Decimal("-0.0004")) == "0.0%"
    assert figures.tenth(Decimal("-0.06")) == "-0.1"
