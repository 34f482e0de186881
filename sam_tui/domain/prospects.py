"""The prospect pipeline: the stages a new strategic customer goes through, and the moves allowed.

Stages, in order: identified, researching, contacted, meeting, qualified, then one of
two ends: **converted** (the prospect becomes an active account) or **disqualified**.

- Advancing without a stage moves to the next one; from qualified that is converted.
- Skipping ahead (identified -> meeting, or straight to converted) is allowed.
- Moving back to an earlier open stage is allowed with a note saying why, so the
  history reads right ("meeting cancelled, back to contacted").
- Disqualifying needs a reason; it is kept on the account.
- A disqualified prospect can be reopened at any open stage, with a note; it cannot be
  converted directly (reopen it first: something changed, say what).
- A converted prospect is an account: it has no further prospect stages.
- Moving to the stage it is already at is refused (nothing would change).
"""

from __future__ import annotations

from enum import StrEnum

from sam_tui.domain.enums import ProspectStage
from sam_tui.domain.errors import Conflict, InvalidInput

OPEN_STAGES: tuple[ProspectStage, ...] = (
    ProspectStage.IDENTIFIED,
    ProspectStage.RESEARCHING,
    ProspectStage.CONTACTED,
    ProspectStage.MEETING,
    ProspectStage.QUALIFIED,
)
# every stage in pipeline order, for lists and columns
PIPELINE: tuple[ProspectStage, ...] = (
    *OPEN_STAGES,
    ProspectStage.CONVERTED,
    ProspectStage.DISQUALIFIED,
)


class Move(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    CONVERT = "convert"
    DISQUALIFY = "disqualify"
    REOPEN = "reopen"


def is_open(stage: ProspectStage) -> bool:
    return stage in OPEN_STAGES


def next_stage(current: ProspectStage) -> ProspectStage:
    """The stage ``prospect advance`` moves to when none is given."""
    if current is ProspectStage.CONVERTED:
        raise Conflict("already converted: it is an account now")
    if current is ProspectStage.DISQUALIFIED:
        raise InvalidInput(
            "a disqualified prospect has no next stage: name the stage to reopen it at, "
            "with --note saying why"
        )
    if current is ProspectStage.QUALIFIED:
        return ProspectStage.CONVERTED
    return OPEN_STAGES[OPEN_STAGES.index(current) + 1]


def check_move(
    current: ProspectStage,
    target: ProspectStage,
    *,
    note: str | None = None,
    reason: str | None = None,
) -> Move:
    """What moving from ``current`` to ``target`` is, or why it is not allowed.

    ``note`` and ``reason`` are the user's texts, already stripped (None when not given).
    """
    if current is ProspectStage.CONVERTED:
        raise Conflict("already converted: it is an account now")
    if target is current:
        raise Conflict(f"already at stage {current.value}")
    if reason is not None and target is not ProspectStage.DISQUALIFIED:
        raise InvalidInput("--reason is for disqualifying; use --note to say why it moves")
    if target is ProspectStage.DISQUALIFIED:
        if not reason:
            raise InvalidInput("disqualifying needs --reason (why it is not a fit)")
        return Move.DISQUALIFY
    if current is ProspectStage.DISQUALIFIED:
        if target is ProspectStage.CONVERTED:
            raise Conflict(
                "a disqualified prospect cannot be converted directly: reopen it at a stage "
                "first (with --note)"
            )
        if not note:
            raise InvalidInput(f"reopening a disqualified prospect at {target.value} needs --note")
        return Move.REOPEN
    if target is ProspectStage.CONVERTED:
        return Move.CONVERT
    if OPEN_STAGES.index(target) < OPEN_STAGES.index(current):
        if not note:
            raise InvalidInput(
                f"moving back from {current.value} to {target.value} needs --note saying why"
            )
        return Move.BACK
    return Move.FORWARD
