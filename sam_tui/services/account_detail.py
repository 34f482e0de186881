"""The account read model behind `sam account show` and the cockpit's account view."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import NamedTuple

from sam_tui.services import (
    accounts,
    complaints,
    contacts,
    deals,
    follow_ups,
    ideas,
    objectives,
    requests,
)
from sam_tui.store import db


class TimelineEntry(NamedTuple):
    at: datetime
    # a channel ("call", "email", ...) for interactions, else the event
    kind: str
    text: str
    who: str | None = None
    sentiment: int | None = None
    # where it stands among entries of the same second (opened, updated, resolved), and
    # its record's id: with ``at``, the place to read on from (``timeline(before=...)``)
    step: int = 0
    seq: int = 0


class AccountDetail(NamedTuple):
    summary: accounts.AccountSummary
    notes: str | None
    fit_reason: str | None
    prospect_stage: str | None
    contacts: tuple[contacts.ContactRow, ...]
    timeline: tuple[TimelineEntry, ...]
    follow_ups: tuple[follow_ups.FollowUpRow, ...]
    complaints: tuple[complaints.ComplaintRow, ...]
    # every internal request (owed ones first) and every idea (newest first)
    requests: tuple[requests.RequestRow, ...] = ()
    ideas: tuple[ideas.IdeaRow, ...] = ()
    # the contacts again, each against their cadence (same order as ``contacts``)
    contact_cadence: tuple[contacts.ContactCadence, ...] = ()
    # every deal (open ones first) and every objective (open first), with their histories
    deals: tuple[deals.DealRow, ...] = ()
    objectives: tuple[objectives.ObjectiveRow, ...] = ()


def timeline(
    conn: sqlite3.Connection,
    account_id: int,
    limit: int = 15,
    before: TimelineEntry | None = None,
) -> list[TimelineEntry]:
    """Interactions and events on one account, newest first: the first ``limit``, or the
    ``limit`` that come after ``before`` (the last one of the page read before)."""
    # after ``before`` in the order shown (time, then step, then id): each source reads
    # on from there through its index on the account and the time
    after = "" if before is None else "AND {0} <= :at AND ({0} < :at OR ({1}, {2}) < (:step, :seq))"
    params: dict[str, object] = {"id": account_id, "limit": limit}
    below = ""
    if before is not None:
        params |= {"at": db.ts(before.at), "step": before.step, "seq": before.seq}
        below = "WHERE (at, step, seq) < (:at, :step, :seq)"
    rows = conn.execute(
        f"""
        SELECT * FROM (
        SELECT * FROM (
            SELECT i.occurred_at AS at, i.channel AS kind, i.summary AS text,
                   c.name AS who, i.sentiment AS sentiment, 0 AS step, i.id AS seq
              FROM interaction i LEFT JOIN contact c ON c.id = i.contact_id
             WHERE i.account_id = :id {after.format("i.occurred_at", 0, "i.id")}
             ORDER BY i.occurred_at DESC, i.id DESC LIMIT :limit)
        UNION ALL
        SELECT * FROM (
            SELECT f.done_at, 'follow-up ' || f.status, f.title, NULL, NULL, 3, f.id
              FROM follow_up f
             WHERE f.account_id = :id AND f.done_at IS NOT NULL
                   {after.format("f.done_at", 3, "f.id")}
             ORDER BY f.done_at DESC, f.id DESC LIMIT :limit)
        UNION ALL
        SELECT * FROM (
            SELECT p.opened_at, 'complaint opened', p.title || ' (' || p.severity || ')', NULL,
                   NULL, 1, p.id
              FROM complaint p WHERE p.account_id = :id {after.format("p.opened_at", 1, "p.id")}
             ORDER BY p.opened_at DESC, p.id DESC LIMIT :limit)
        UNION ALL
        SELECT * FROM (
            SELECT u.at, CASE WHEN u.status = 'resolved' THEN 'complaint resolved'
                              ELSE 'complaint update' END,
                   u.text, NULL, NULL, 2, u.id
              FROM complaint_update u JOIN complaint p ON p.id = u.complaint_id
             WHERE p.account_id = :id {after.format("u.at", 2, "u.id")}
             ORDER BY u.at DESC, u.id DESC LIMIT :limit))
        {below}
        -- events in the same second keep their causal order: opened, updated, resolved
        ORDER BY at DESC, step DESC, seq DESC LIMIT :limit
        """,
        params,
    )
    return [
        TimelineEntry(
            at=db.parse_ts(r["at"]),
            kind=r["kind"],
            text=r["text"],
            who=r["who"],
            sentiment=r["sentiment"],
            step=r["step"],
            seq=r["seq"],
        )
        for r in rows
    ]


def load(conn: sqlite3.Connection, ref: str, *, timeline_limit: int = 15) -> AccountDetail:
    with db.read(conn):
        account = accounts.find(conn, ref, archived=True)
        summary = accounts.summary(conn, account.id)
        extra = conn.execute(
            "SELECT notes, fit_reason, prospect_stage FROM account WHERE id = ?", (account.id,)
        ).fetchone()
        people = contacts.list_contacts(conn, f"#{account.id}")
        entries = timeline(conn, account.id, timeline_limit)
        open_follow_ups = follow_ups.list_follow_ups(conn, account_ref=f"#{account.id}")
        open_complaints = complaints.list_complaints(
            conn, open_only=True, account_ref=f"#{account.id}"
        )
        asked = requests.list_requests(conn, account_ref=f"#{account.id}")
        suggested = ideas.list_ideas(conn, account_ref=f"#{account.id}", include_closed=True)
        cadence = contacts.cadence_status(conn, account.id)
        sold = [
            d._replace(history=deals.history(conn, d.id))
            for d in deals.list_deals(conn, account_ref=f"#{account.id}")
        ]
        aims = [
            objectives.get(conn, o.id)
            for o in objectives.list_objectives(
                conn, account_ref=f"#{account.id}", include_closed=True
            )
        ]
    return AccountDetail(
        summary=summary,
        notes=extra["notes"],
        fit_reason=extra["fit_reason"],
        prospect_stage=extra["prospect_stage"],
        contacts=tuple(people),
        timeline=tuple(entries),
        follow_ups=tuple(open_follow_ups),
        complaints=tuple(open_complaints),
        requests=tuple(asked),
        ideas=tuple(suggested),
        contact_cadence=tuple(cadence),
        deals=tuple(sold),
        objectives=tuple(aims),
    )
