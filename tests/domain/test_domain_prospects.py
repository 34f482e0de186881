"""The prospect pipeline's moves: next stage, skipping ahead, going back, ends and reopening."""

from __future__ import annotations

import pytest

from sam_tui.domain.enums import ProspectStage as S
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.prospects import OPEN_STAGES, PIPELINE, Move, check_move, next_stage


def test_the_pipeline_order() -> None:
    assert [s.value for s in PIPELINE] == [
        "identified", "researching", "contacted", "meeting", "qualified", "converted",
        "disqualified",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("current", "following"),
    [
        (S.IDENTIFIED, S.RESEARCHING),
        (S.RESEARCHING, S.CONTACTED),
        (S.CONTACTED, S.MEETING),
        (S.MEETING, S.QUALIFIED),
        (S.QUALIFIED, S.CONVERTED),
    ],
)
def test_next_stage(current: S, following: S) -> None:
    assert next_stage(current) is following


def test_the_ends_have_no_next_stage() -> None:
    with pytest.raises(Conflict, match="already converted"):
        next_stage(S.CONVERTED)
    with pytest.raises(InvalidInput, match="name the stage to reopen it at"):
        next_stage(S.DISQUALIFIED)


@pytest.mark.parametrize("target", [S.RESEARCHING, S.MEETING, S.QUALIFIED])
def test_forward_and_skipping_ahead_need_nothing(target: S) -> None:
    assert check_move(S.IDENTIFIED, target) is Move.FORWARD


@pytest.mark.parametrize("current", OPEN_STAGES)
def test_any_open_stage_converts_directly(current: S) -> None:
    assert check_move(current, S.CONVERTED) is Move.CONVERT


def test_moving_back_needs_a_note() -> None:
    with pytest.raises(InvalidInput, match="moving back from meeting to contacted needs --note"):
        check_move(S.MEETING, S.CONTACTED)
    assert check_move(S.MEETING, S.CONTACTED, note="cancelled") is Move.BACK
    # a note on a forward move is welcome, not required
    assert check_move(S.CONTACTED, S.MEETING, note="booked") is Move.FORWARD


def test_disqualifying_needs_a_reason_from_any_open_stage() -> None:
    for current in OPEN_STAGES:
        with pytest.raises(InvalidInput, match="needs --reason"):
            check_move(current, S.DISQUALIFIED)
        assert check_move(current, S.DISQUALIFIED, reason="no budget") is Move.DISQUALIFY


def test_a_reason_is_only_for_disqualifying() -> None:
    with pytest.raises(InvalidInput, match="--reason is for disqualifying"):
        check_move(S.IDENTIFIED, S.RESEARCHING, reason="x")


def test_reopening_a_disqualified_prospect() -> None:
    with pytest.raises(InvalidInput, match="needs --note"):
        check_move(S.DISQUALIFIED, S.CONTACTED)
    assert check_move(S.DISQUALIFIED, S.CONTACTED, note="new budget") is Move.REOPEN
    with pytest.raises(Conflict, match="cannot be converted directly"):
        check_move(S.DISQUALIFIED, S.CONVERTED, note="x")


@pytest.mark.parametrize("stage", PIPELINE)
def test_staying_put_is_refused(stage: S) -> None:
    with pytest.raises(Conflict):
        check_move(stage, stage, note="x", reason="y" if stage is S.DISQUALIFIED else None)


@pytest.mark.parametrize("target", PIPELINE)
def test_a_converted_prospect_never_moves(target: S) -> None:
    with pytest.raises(Conflict, match="already converted"):
        check_move(S.CONVERTED, target, note="x", reason="y")
