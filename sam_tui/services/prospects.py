"""Prospect use cases: the next strategic customers, from identified to converted or disqualified.

A prospect is an account with status ``prospect`` and a stage (``domain.prospects`` holds
the moves allowed). It shares the accounts' names, so a prospect and an account can never
be called the same. Where prospects appear elsewhere:

- ``sam account list`` leaves them out unless asked (``--status prospect``);
  ``sam account show`` shows them, with their stage and fit reason.
- Triage never lists them as going cold, single-threaded or renewing (only active
  accounts are watched), but their follow-ups, complaints and requests do show.
- ``sam log``, follow-ups, contacts and requests work on them as on any account.
- Converting makes the account active (its value estimate becomes its annual value, its
  cadence the tier's); disqualifying keeps it a prospect at stage ``disqualified`` with
  the reason. Every move is kept in ``prospect_stage_change``, also after conversion.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.enums import AccountStatus, ProspectStage, Tier
from sam_tui.domain.errors import Ambiguous, Conflict, InvalidInput, NotFound
from sam_tui.domain.prospects import PIPELINE, Move, check_move, is_open, next_stage
from sam_tui.domain.text import check_user_text, one_line
from sam_tui.services import accounts, contacts, interactions
from sam_tui.store import db
from sam_tui.store.sql import reader


class ProspectRow(NamedTuple):
    id: int
    name: str
    tier: Tier
    status: AccountStatus
    stage: ProspectStage
    fit_reason: str | None
    industry: str | None
    value_cents: int | None
    # when it reached its current stage (its creation when no move was recorded)
    stage_since: datetime
    last_touch: datetime | None
    disqualified_reason: str | None
    created_at: datetime
    archived: bool = False

    def days_in_stage(self, today: date) -> int:
        return max(0, (today - self.stage_since.astimezone().date()).days)


class StageChange(NamedTuple):
    at: datetime
    from_stage: ProspectStage | None
    to_stage: ProspectStage
    note: str | None


class Advance(NamedTuple):
    prospect: ProspectRow
    from_stage: ProspectStage
    move: Move

    def sentence(self, arrow: str = "→") -> str:
        """What the move did, as `sam prospect advance` and the cockpit confirm it."""
        p = self.prospect
        name = one_line(p.name)
        if self.move is Move.CONVERT:
            return (
                f"Converted prospect #{p.id} {name} into an active {p.tier.value} account "
                f"(was {self.from_stage.value})"
            )
        if self.move is Move.DISQUALIFY:
            return f"Disqualified prospect #{p.id} {name}: {one_line(p.disqualified_reason or '')}"
        verb = {Move.BACK: "Moved back", Move.REOPEN: "Reopened"}.get(self.move, "Advanced")
        return f"{verb} prospect #{p.id} {name}: {self.from_stage.value} {arrow} {p.stage.value}"


class ProspectDetail(NamedTuple):
    prospect: ProspectRow
    history: tuple[StageChange, ...]
    contacts: tuple[contacts.ContactRow, ...]
    recent: tuple[interactions.InteractionRow, ...]


# every account that is or was in the pipeline
_IN_PIPELINE = "(a.status = 'prospect' OR a.prospect_stage = 'converted')"
_SELECT = f"""
    SELECT a.id, a.name, a.tier, a.status, COALESCE(a.prospect_stage, 'identified') AS stage,
           a.fit_reason, a.industry, a.annual_value_cents AS value_cents,
           COALESCE(
               (SELECT max(s.at) FROM prospect_stage_change s WHERE s.account_id = a.id),
               a.created_at
           ) AS stage_since,
           a.last_touch_at AS last_touch, a.disqualified_reason, a.created_at, a.archived
      FROM account a
     WHERE {_IN_PIPELINE}
"""


_row = reader(
    ProspectRow,
    tier=Tier,
    status=AccountStatus,
    stage=ProspectStage,
    stage_since=db.parse_ts,
    last_touch=db.parse_ts,
    created_at=db.parse_ts,
    archived=bool,
)


def get(conn: sqlite3.Connection, account_id: int) -> ProspectRow:
    row = conn.execute(_SELECT + " AND a.id = ?", (account_id,)).fetchone()
    if row is None:
        raise NotFound(f"no prospect #{account_id}")
    return _row(row)


def _not_a_prospect(conn: sqlite3.Connection, ref: str) -> NotFound | None:
    """When ``ref`` names an account outside the pipeline, say so rather than "unknown"."""
    try:
        account = accounts.find(conn, ref)
    except (NotFound, InvalidInput, Ambiguous):
        return None
    status = conn.execute("SELECT status FROM account WHERE id = ?", (account.id,)).fetchone()
    return NotFound(
        f"'{account.name}' (#{account.id}) is an {status['status']} account, not a prospect"
    )


def find(conn: sqlite3.Connection, ref: str) -> refs.Candidate:
    """A prospect (or a converted one) by exact name, unique prefix or ``#ID``.

    Archived prospects are found by ``#ID`` or exact name only, as accounts are.
    """
    if not ref.strip():
        raise InvalidInput("prospect reference is empty")
    rows = conn.execute(f"SELECT a.id, a.name, a.archived FROM account a WHERE {_IN_PIPELINE}")
    everyone = [(refs.Candidate(r["id"], r["name"]), bool(r["archived"])) for r in rows]
    ident = refs.parse_id_ref(ref)
    key = refs.name_key(ref)
    exact = [c for c, _ in everyone if c.id == ident or refs.name_key(c.name) == key]
    if exact:
        return exact[0]
    live = [c for c, archived in everyone if not archived]
    try:
        return refs.resolve(ref, live, what="prospect")
    except NotFound:
        other = _not_a_prospect(conn, ref)
        if other is not None:
            raise other from None
        if ident is not None:
            raise
        if not live:
            raise NotFound(
                f"unknown prospect '{ref}': there are no prospects yet "
                "(add one with `sam prospect add NAME --why TEXT`)"
            ) from None
        raise NotFound(refs.suggest(ref, live, what="prospect")) from None


def _clash(conn: sqlite3.Connection, name_key: str) -> None:
    row = conn.execute(
        "SELECT id, name, status, archived FROM account WHERE name_key = ?", (name_key,)
    ).fetchone()
    if row is None:
        return
    what = (
        "an archived account"
        if row["archived"]
        else "a prospect"
        if row["status"] == AccountStatus.PROSPECT.value
        else f"an {row['status']} account"
    )
    raise Conflict(
        f"'{row['name']}' already exists as {what} (#{row['id']}); prospects and accounts "
        "share names, so pick another name"
    )


def add(conn: sqlite3.Connection, data: accounts.AccountInput, why: str) -> ProspectRow:
    """A new prospect at stage identified (strategic unless ``data`` gives a tier; its
    status is the pipeline's); ``why`` is the fit reason (required)."""
    if data.name is None:
        raise InvalidInput("account name cannot be empty")
    values = data._replace(tier=data.tier or Tier.STRATEGIC, status=None).columns()
    fit = check_user_text(why, "--why (why this prospect fits)")
    now = clock.now()
    with db.write(conn, "prospect add", now) as tx:
        _clash(conn, str(values["name_key"]))
        accounts.check_folded(conn, values)
        new_id = tx.insert(
            "account",
            {
                **values,
                "status": AccountStatus.PROSPECT.value,
                "archived": False,
                "prospect_stage": ProspectStage.IDENTIFIED.value,
                "fit_reason": fit,
            },
        )
        tx.insert(
            "prospect_stage_change",
            {"account_id": new_id, "at": now, "to_stage": ProspectStage.IDENTIFIED.value},
        )
        return get(conn, new_id)


def _optional(text: str | None, what: str) -> str | None:
    return None if text is None else check_user_text(text, what)


class Step(NamedTuple):
    """Where a prospect moves (None: its next stage) and why: a ``note`` to move it back
    or reopen it, a ``reason`` to disqualify it (``domain.prospects``)."""

    stage: ProspectStage | None = None
    note: str | None = None
    reason: str | None = None


NEXT = Step()


def advance(conn: sqlite3.Connection, ref: str, step: Step = NEXT) -> Advance:
    """Move a prospect a ``step``, recording the move; converting makes it an active
    account."""
    stage, note, reason = step
    note_text = _optional(note, "--note")
    reason_text = _optional(reason, "--reason")
    now = clock.now()
    with db.write(conn, "prospect advance", now) as tx:
        found = get(conn, find(conn, ref).id)
        accounts.require_live(conn, refs.Candidate(found.id, found.name))
        target = stage if stage is not None else next_stage(found.stage)
        move = check_move(found.stage, target, note=note_text, reason=reason_text)
        changes: dict[str, object] = {"prospect_stage": target.value}
        if move is Move.CONVERT:
            changes["status"] = AccountStatus.ACTIVE.value
        elif move is Move.DISQUALIFY:
            changes["disqualified_reason"] = reason_text
        elif move is Move.REOPEN:
            changes["disqualified_reason"] = None
        tx.update("account", found.id, changes)
        tx.insert(
            "prospect_stage_change",
            {
                "account_id": found.id,
                "at": now,
                "from_stage": found.stage.value,
                "to_stage": target.value,
                "note": note_text or reason_text,
            },
        )
        return Advance(get(conn, found.id), found.stage, move)


def list_prospects(conn: sqlite3.Connection, *, include_closed: bool = False) -> list[ProspectRow]:
    """Open prospects in pipeline order, the longest in their stage first.

    ``include_closed`` adds the disqualified and the converted ones (history).
    """
    rows = [_row(r) for r in conn.execute(_SELECT + " AND a.archived = 0")]
    if not include_closed:
        rows = [p for p in rows if p.status is AccountStatus.PROSPECT and is_open(p.stage)]
    rows.sort(key=lambda p: (PIPELINE.index(p.stage), p.stage_since, p.name.casefold()))
    return rows


def history(conn: sqlite3.Connection, account_id: int) -> list[StageChange]:
    rows = conn.execute(
        "SELECT at, from_stage, to_stage, note FROM prospect_stage_change "
        "WHERE account_id = ? ORDER BY at, id",
        (account_id,),
    )
    return [
        StageChange(
            at=db.parse_ts(r["at"]),
            from_stage=ProspectStage(r["from_stage"]) if r["from_stage"] else None,
            to_stage=ProspectStage(r["to_stage"]),
            note=r["note"],
        )
        for r in rows
    ]


def show(conn: sqlite3.Connection, ref: str, *, recent_limit: int = 5) -> ProspectDetail:
    with db.read(conn):
        found = get(conn, find(conn, ref).id)
        return ProspectDetail(
            prospect=found,
            history=tuple(history(conn, found.id)),
            contacts=tuple(contacts.list_contacts(conn, f"#{found.id}")),
            recent=tuple(interactions.recent(conn, account_id=found.id, limit=recent_limit)),
        )
