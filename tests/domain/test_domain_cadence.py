"""Cadence: how often accounts and key people should hear from the manager, and since when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.cadence import (
    Recency,
    account_cadence,
    contact_cadence,
    recency,
)
from sam_tui.domain.enums import Influence, Tier

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("tier", "days"), [(Tier.STRATEGIC, 14), (Tier.KEY, 30), (Tier.GROWTH, 60)]
)
def test_default_cadence_by_tier(tier: Tier, days: int) -> None:
    assert account_cadence(tier, None) == days


def test_an_account_cadence_of_its_own_wins_over_the_tier() -> None:
    assert account_cadence(Tier.GROWTH, 7) == 7
    assert account_cadence(Tier.STRATEGIC, 90) == 90


@pytest.mark.parametrize("influence", [Influence.DECISION_MAKER, Influence.CHAMPION])
def test_key_people_without_a_cadence_get_twice_the_account_cadence(influence: Influence) -> None:
    assert contact_cadence(influence, None, 14) == 28
    assert contact_cadence(influence, None, 30) == 60


@pytest.mark.parametrize(
    "influence",
    [Influence.INFLUENCER, Influence.USER, Influence.GATEKEEPER, Influence.BLOCKER, None],
)
def test_other_contacts_have_no_cadence_unless_given_one(influence: Influence | None) -> None:
    assert contact_cadence(influence, None, 14) is None
    assert contact_cadence(influence, 21, 14) == 21


def test_an_explicit_contact_cadence_wins_even_for_key_people() -> None:
    assert contact_cadence(Influence.DECISION_MAKER, 7, 30) == 7


def test_recency_counts_from_the_last_touch() -> None:
    rec = recency(TODAY - timedelta(days=20), date(2025, 1, 1), TODAY, 14)
    assert rec == Recency(days_since=20, cadence=14, never=False)
    assert rec.cold
    assert rec.overdue_days == 6
    assert rec.describe() == "last touch 20 days ago (cadence 14 days)"


def test_never_touched_counts_from_creation() -> None:
    rec = recency(None, TODAY - timedelta(days=40), TODAY, 30)
    assert rec.never
    assert rec.days_since == 40
    assert rec.cold
    assert rec.describe() == "never contacted (added 40 days ago; cadence 30 days)"


def test_a_new_never_touched_account_is_not_cold_yet() -> None:
    rec = recency(None, TODAY - timedelta(days=3), TODAY, 14)
    assert rec.never
    assert not rec.cold
    assert rec.overdue_days == -11


def test_exactly_at_the_cadence_is_not_cold_one_day_more_is() -> None:
    assert not recency(TODAY - timedelta(days=14), date(2025, 1, 1), TODAY, 14).cold
    assert recency(TODAY - timedelta(days=15), date(2025, 1, 1), TODAY, 14).cold


def test_a_touch_dated_in_the_future_counts_as_today() -> None:
    rec = recency(TODAY + timedelta(days=3), date(2025, 1, 1), TODAY, 14)
    assert rec.days_since == 0
    assert not rec.cold


def test_describe_says_one_day_not_one_days() -> None:
    assert recency(TODAY - timedelta(days=1), TODAY, TODAY, 1).describe() == (
        "last touch 1 day ago (cadence 1 day)"
    )
    assert recency(None, TODAY - timedelta(days=1), TODAY, 14).describe() == (
        "never contacted (added 1 day ago; cadence 14 days)"
    )


@given(
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=1, max_value=365),
    st.booleans(),
)
def test_cold_exactly_when_past_cadence(days: int, cadence: int, never: bool) -> None:
    last = None if never else TODAY - timedelta(days=days)
    created = TODAY - timedelta(days=days if never else days + 100)
    rec = recency(last, created, TODAY, cadence)
    assert rec.days_since == days
    assert rec.cold == (days > cadence)
    assert rec.overdue_days == days - cadence
    said = rec.describe()
    assert str(cadence) in said
    assert (str(days) in said) if (days or never) else ("last touch today" in said)


@given(
    st.none() | st.integers(-5, 400),
    st.integers(0, 800),
    st.integers(1, 120),
)
def test_is_cold_says_what_recency_says(touched: int | None, created: int, cadence: int) -> None:
    from sam_tui.domain.cadence import is_cold, recency

    today = date(2026, 11, 26)
    last = None if touched is None else today - timedelta(days=touched)
    made = today - timedelta(days=created)
    assert is_cold(last, made, today, cadence) == recency(last, made, today, cadence).cold
