"""Prospects: who was added, advanced, converted or disqualified in the period, from the
stage history every prospect keeps (``prospect_stage_change``)."""

from __future__ import annotations

from sam_tui.domain.enums import ProspectStage
from sam_tui.domain.prospects import PIPELINE
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Column, Figure, Section, Table, ValueType
from sam_tui.services import activity

D = ValueType.DATE


def _what(from_stage: ProspectStage | None, to_stage: ProspectStage) -> str:
    if from_stage is None:
        return "added"
    if to_stage is ProspectStage.CONVERTED:
        return "converted"
    if to_stage is ProspectStage.DISQUALIFIED:
        return "disqualified"
    if from_stage in PIPELINE and to_stage in PIPELINE:
        forward = PIPELINE.index(to_stage) > PIPELINE.index(from_stage)
        return "advanced" if forward else "moved back"
    return "reopened"


def prospects_moved(ctx: ReportContext) -> Section:
    """Every prospect stage change in the period, and the counts by kind of move."""
    period, previous = ctx.period, ctx.previous
    moves = activity.prospect_moves(ctx.conn, period.start, period.end)
    before = activity.prospect_moves(ctx.conn, previous.start, previous.end)

    def count(found: list[activity.ProspectMove], what: str) -> int:
        return sum(1 for m in found if _what(m.from_stage, m.to_stage) == what)

    advancing = {m.account_id for m in moves if _what(m.from_stage, m.to_stage) == "advanced"}
    # (the kind of move, label, note)
    counted = (
        ("advanced", "Prospect stage advances", _count(len(advancing))),
        ("converted", "Prospects converted", ""),
        ("added", "Prospects added", ""),
    )
    figures = tuple(
        Figure(
            f"prospects_{what}", label, count(moves, what), previous=count(before, what), note=note
        )
        for what, label, note in counted
    )
    table = Table(
        "prospect_moves",
        f"Prospect moves in {ctx.span}",
        (
            Column("day", "Day", D),
            Column("prospect", "Prospect"),
            Column("move", "Move"),
            Column("from", "From"),
            Column("to", "To"),
        ),
        tuple(
            (
                m.at.astimezone().date(),
                m.name,
                _what(m.from_stage, m.to_stage),
                m.from_stage.value if m.from_stage else None,
                m.to_stage.value,
            )
            for m in moves
        ),
        empty=f"No prospect was added or moved in {ctx.span}.",
        show=20,
        more="moves",
    )
    return Section("prospects", "Prospects", (table,), figures)


def _count(n: int) -> str:
    return "1 prospect" if n == 1 else f"{n:,} prospects"
