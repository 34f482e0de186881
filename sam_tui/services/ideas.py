"""Ideas: solutions the manager suggests to a client's needs, and the deals some of them become.

Statuses: ``proposed`` (new), ``discussed``, ``accepted``, ``rejected`` move freely among
themselves with ``set_status`` (a rejected idea can come back). ``converted`` is reached
only by ``promote``, which creates the deal in the same transaction and links it; a
converted idea no longer changes status, and a rejected one is not promoted (set it back
first). Lists show the live ones (proposed, discussed, accepted) unless asked.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory, IdeaStatus
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.text import check_user_text
from sam_tui.services import accounts, deals
from sam_tui.store import db
from sam_tui.store.sql import Where, by_id, reader

LIVE_STATUSES = (IdeaStatus.PROPOSED, IdeaStatus.DISCUSSED, IdeaStatus.ACCEPTED)
CLOSED_DEAL_STAGES = (DealStage.WON, DealStage.LOST)


class IdeaRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    title: str
    detail: str | None
    status: IdeaStatus
    deal_id: int | None
    created_at: datetime
    updated_at: datetime


class Promotion(NamedTuple):
    idea: IdeaRow
    deal_id: int
    deal_name: str
    amount_cents: int
    stage: DealStage
    expected_close: date | None


_SELECT = """
    SELECT i.id, i.account_id, a.name AS account_name, i.title, i.detail, i.status,
           i.deal_id, i.created_at, i.updated_at
      FROM idea i JOIN account a ON a.id = i.account_id
"""


_row = reader(IdeaRow, status=IdeaStatus, created_at=db.parse_ts, updated_at=db.parse_ts)

get = by_id(_SELECT + " WHERE i.id = ?", _row, "idea")


def add(
    conn: sqlite3.Connection, *, account_ref: str, title: str, detail: str | None = None
) -> IdeaRow:
    text = check_user_text(title, "the idea")
    more = (detail.strip() or None) if detail is not None else None
    with db.write(conn, "idea add", clock.now()) as tx:
        account = accounts.find_live(conn, account_ref)
        new_id = tx.insert(
            "idea",
            {
                "account_id": account.id,
                "title": text,
                "detail": more,
                "status": IdeaStatus.PROPOSED.value,
            },
        )
        return get(conn, new_id)


def list_ideas(
    conn: sqlite3.Connection,
    *,
    account_ref: str | None = None,
    status: IdeaStatus | None = None,
    include_closed: bool = False,
) -> list[IdeaRow]:
    """Newest first. Without ``status``, the live ones (all with ``include_closed``).

    Archived accounts' ideas are left out unless ``account_ref`` names the account.
    """
    where = Where()
    if status is not None:
        where.add("i.status = ?", status.value)
    elif not include_closed:
        where.one_of("i.status", LIVE_STATUSES)
    if account_ref is not None:
        where.add("i.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    else:
        where.add("a.archived = 0")
    order = " ORDER BY i.created_at DESC, i.id DESC"
    return [_row(r) for r in conn.execute(_SELECT + where.sql + order, where.params)]


def set_status(conn: sqlite3.Connection, idea_id: int, status: IdeaStatus) -> IdeaRow:
    if status is IdeaStatus.CONVERTED:
        raise InvalidInput(
            f"an idea becomes converted when it is promoted to a deal: "
            f"sam idea promote {idea_id} --amount X"
        )
    with db.write(conn, "idea set", clock.now()) as tx:
        current = get(conn, idea_id)
        if current.status is IdeaStatus.CONVERTED:
            raise Conflict(f"idea #{idea_id} became deal #{current.deal_id}; it no longer changes")
        if current.status is status:
            raise Conflict(f"idea #{idea_id} is already {status.value}")
        tx.update("idea", idea_id, {"status": status.value})
        return get(conn, idea_id)


class DealTerms(NamedTuple):
    """The deal an idea becomes: its amount, and its name (None: the idea's title),
    expected close and opening stage."""

    amount_cents: int
    name: str | None = None
    expected_close: date | None = None
    stage: DealStage = DealStage.PROSPECTING


def promote(conn: sqlite3.Connection, idea_id: int, terms: DealTerms) -> Promotion:
    """Create an expansion deal from an idea and link them, in one transaction.

    The deal is named after the idea unless ``terms`` name it; it starts open (any stage
    before won/lost), in the pipeline forecast category, with the stage's probability.
    """
    amount_cents, name, expected_close, stage = terms
    if amount_cents <= 0:
        raise InvalidInput("a deal needs an amount above 0 (--amount 50k)")
    if stage in CLOSED_DEAL_STAGES:
        raise InvalidInput(
            f"a promoted idea starts as an open deal, not {stage.value}: "
            "prospecting, qualification, proposal or negotiation"
        )
    deal_name = None if name is None else check_user_text(name, "the deal name")
    with db.write(conn, "idea promote", clock.now()) as tx:
        idea = get(conn, idea_id)
        if idea.status is IdeaStatus.CONVERTED:
            raise Conflict(f"idea #{idea_id} already became deal #{idea.deal_id}")
        if idea.status is IdeaStatus.REJECTED:
            raise Conflict(
                f"idea #{idea_id} was rejected; set it back first (sam idea set {idea_id} accepted)"
            )
        accounts.require_live(conn, refs.Candidate(idea.account_id, idea.account_name))
        final_name = deal_name or idea.title
        deal = deals.NewDeal(
            final_name,
            amount_cents,
            kind=DealKind.EXPANSION,
            stage=stage,
            expected_close=expected_close,
            category=ForecastCategory.PIPELINE,
        )
        deal_id = deals.insert_deal(tx, idea.account_id, deal)
        tx.update("idea", idea_id, {"status": IdeaStatus.CONVERTED.value, "deal_id": deal_id})
        return Promotion(
            get(conn, idea_id), deal_id, final_name, amount_cents, stage, expected_close
        )
