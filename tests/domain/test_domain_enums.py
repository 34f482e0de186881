"""Closed vocabularies: type a value or a unique prefix of it; anything else lists the choices."""

from __future__ import annotations

from enum import StrEnum

import pytest

from sam_tui.domain.enums import (
    Channel,
    ComplaintStatus,
    DealStage,
    Influence,
    Priority,
    Severity,
    Tier,
    choose,
)
from sam_tui.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("enum", "typed", "expected"),
    [
        (Severity, "critical", Severity.CRITICAL),
        (Severity, "CRITICAL", Severity.CRITICAL),
        (Severity, "  High ", Severity.HIGH),
        (Tier, "key", Tier.KEY),
        (ComplaintStatus, "waiting-customer", ComplaintStatus.WAITING_CUSTOMER),
        (Influence, "decision-maker", Influence.DECISION_MAKER),
    ],
)
def test_exact_value_in_any_case(enum: type[StrEnum], typed: str, expected: StrEnum) -> None:
    assert choose(enum, typed, "value") is expected


@pytest.mark.parametrize(
    ("enum", "typed", "expected"),
    [
        (Severity, "crit", Severity.CRITICAL),
        (Severity, "c", Severity.CRITICAL),
        (Severity, "med", Severity.MEDIUM),
        (Priority, "h", Priority.HIGH),
        (Tier, "strat", Tier.STRATEGIC),
        (DealStage, "neg", DealStage.NEGOTIATION),
        (DealStage, "prosp", DealStage.PROSPECTING),
        (DealStage, "prop", DealStage.PROPOSAL),
        (ComplaintStatus, "wait", ComplaintStatus.WAITING_CUSTOMER),
        (Influence, "champ", Influence.CHAMPION),
    ],
)
def test_unique_prefix(enum: type[StrEnum], typed: str, expected: StrEnum) -> None:
    assert choose(enum, typed, "value") is expected


@pytest.mark.parametrize(
    ("enum", "typed"),
    [(Channel, "c"), (DealStage, "pro"), (Influence, ""), (Severity, "  ")],
)
def test_ambiguous_or_empty_lists_the_choices(enum: type[StrEnum], typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        choose(enum, typed, "value")
    message = str(err.value)
    candidates = [m.value for m in enum if typed.strip() and m.value.startswith(typed.strip())]
    for value in candidates or [m.value for m in enum]:
        assert value in message
    if candidates:
        assert message.startswith("ambiguous")


def test_spaces_read_as_hyphens() -> None:
    assert choose(ComplaintStatus, "in progress", "status") is ComplaintStatus.IN_PROGRESS
    assert choose(Influence, "Decision Maker", "influence") is Influence.DECISION_MAKER


def test_unknown_value_quotes_it_and_lists_every_choice() -> None:
    with pytest.raises(InvalidInput) as err:
        choose(Severity, "urgent", "severity")
    assert str(err.value) == "unknown severity 'urgent': choose one of low, medium, high, critical"


@pytest.mark.parametrize("typed", ["criticality", "highest", "lowish", "x", "critical!"])
def test_longer_than_any_value_is_unknown(typed: str) -> None:
    with pytest.raises(InvalidInput, match=f"'{typed}'"):
        choose(Severity, typed, "severity")


def test_every_member_chooses_itself() -> None:
    for enum in (Tier, Severity, Priority, Channel, ComplaintStatus, DealStage, Influence):
        for member in enum:
            assert choose(enum, member.value, "value") is member
            assert choose(enum, member.value.upper(), "value") is member
