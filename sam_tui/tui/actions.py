"""Actions that need a lookup or a confirmation before their form or write."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sam_tui.domain.enums import DealStage, IdeaStatus, ProspectStage, RequestStatus
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, complaints, contacts, deals, follow_ups, ideas, requests
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.confirm import ConfirmScreen

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp

T = TypeVar("T")


def complete_follow_up(app: SamApp, sel: Selection) -> None:
    """``d``: the selected follow-up is done; a selected request asks for its outcome."""
    if sel.follow_up_id is None and sel.request_id is not None:
        request_done(app, sel)
        return
    if sel.follow_up_id is None:
        app.show_error("Select a follow-up or a request to mark done (3 opens the follow-ups)")
        return
    ident = sel.follow_up_id

    def done(conn: sqlite3.Connection) -> str:
        row = follow_ups.complete(conn, ident)
        return f"Done: follow-up #{row.id} {one_line(row.title)}"

    app.db_call(done, done=app.after_write, group="write")


def archive_account(app: SamApp, sel: Selection) -> None:
    if sel.account_id is None:
        app.show_error("Select an account to archive")
        return
    ref = f"#{sel.account_id}"

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def archive(conn: sqlite3.Connection) -> str:
            found = accounts.set_archived(conn, ref, True)
            return f"Archived {one_line(found.name)}"

        app.db_call(archive, done=app.after_write, group="write")

    name = one_line(sel.account_name or ref)
    app.push_screen(
        ConfirmScreen(
            f"Archive {name}? It leaves lists and triage; its history "
            "is kept (sam account unarchive brings it back)."
        ),
        confirmed,
    )


def cancel_follow_up(app: SamApp, sel: Selection) -> None:
    if sel.follow_up_id is None:
        app.show_error("Select a follow-up to cancel")
        return
    ident = sel.follow_up_id

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def cancel(conn: sqlite3.Connection) -> str:
            row = follow_ups.cancel(conn, ident)
            return f"Cancelled follow-up #{row.id}"

        app.db_call(cancel, done=app.after_write, group="write")

    app.push_screen(ConfirmScreen(f"Cancel {one_line(sel.label or 'this follow-up')}?"), confirmed)


def edit_selected(app: SamApp, sel: Selection) -> None:
    """``e``: the most specific selected record opens in its form."""
    from sam_tui.tui.forms.account import AccountForm, ContactForm
    from sam_tui.tui.forms.complaint import ComplaintForm
    from sam_tui.tui.forms.follow_up import FollowUpForm

    if sel.deal_id is not None:
        from sam_tui.tui.forms.deal import DealEditForm

        did = sel.deal_id
        app.db_call(
            lambda conn: deals.get(conn, did), done=lambda d: app.push_screen(DealEditForm(d))
        )
    elif sel.objective_id is not None:
        from sam_tui.services import objectives
        from sam_tui.tui.forms.objective import ObjectiveEditForm

        oid = sel.objective_id
        app.db_call(
            lambda conn: objectives.get(conn, oid),
            done=lambda o: app.push_screen(ObjectiveEditForm(o)),
        )
    elif sel.follow_up_id is not None:
        ident = sel.follow_up_id
        app.db_call(
            lambda conn: follow_ups.get(conn, ident),
            done=lambda row: app.push_screen(FollowUpForm(sel, row)),
        )
    elif sel.complaint_id is not None:
        cid = sel.complaint_id
        app.db_call(
            lambda conn: complaints.get(conn, cid),
            done=lambda row: app.push_screen(ComplaintForm(sel, row)),
        )
    elif sel.contact_id is not None:
        pid = sel.contact_id
        app.db_call(
            lambda conn: contacts.find(conn, f"#{pid}"),
            done=lambda row: app.push_screen(ContactForm(row)),
        )
    elif sel.account_id is not None:
        aid = sel.account_id

        def load(conn: sqlite3.Connection) -> tuple[accounts.AccountSummary, str | None]:
            return accounts.summary(conn, aid), accounts.notes(conn, aid)

        app.db_call(load, done=lambda pair: app.push_screen(AccountForm(pair[0], pair[1])))
    else:
        app.show_error("Select something to edit")


# --- prospects, internal requests, ideas ----------------------------------------------


def advance_prospect(app: SamApp, sel: Selection) -> None:
    from sam_tui.services import prospects
    from sam_tui.tui.forms.prospect import AdvanceForm

    def opened(p: prospects.ProspectRow) -> None:
        if p.stage is ProspectStage.CONVERTED:
            app.show_error(f"{one_line(p.name)} is converted: it is an account now")
            return
        app.push_screen(AdvanceForm(p))

    missing = "Select a prospect to advance (6 opens the prospects)"
    _load_then(app, sel.prospect_id, missing, prospects.get, opened)


def _load_then(
    app: SamApp,
    ident: int | None,
    missing: str,
    load: Callable[[sqlite3.Connection, int], T],
    opened: Callable[[T], None],
) -> None:
    """Read the selected record afresh (it may have moved since the screen was drawn)."""
    if ident is None:
        app.show_error(missing)
        return
    found = ident
    app.db_call(lambda conn: load(conn, found), done=opened)


def request_done(app: SamApp, sel: Selection) -> None:
    from sam_tui.tui.forms.request import RequestDoneForm

    def opened(r: requests.RequestRow) -> None:
        if r.status is RequestStatus.DONE:
            app.show_error(f"Request #{r.id} is already done (o reopens it)")
            return
        app.push_screen(RequestDoneForm(r))

    _with_request(app, sel, "mark done", opened)


def block_request(app: SamApp, sel: Selection) -> None:
    from sam_tui.tui.forms.request import BlockForm

    def opened(r: requests.RequestRow) -> None:
        if r.status is RequestStatus.DONE:
            app.show_error(f"Request #{r.id} is done; reopen it first (o)")
            return
        app.push_screen(BlockForm(r))

    _with_request(app, sel, "block", opened)


def reopen_request(app: SamApp, sel: Selection) -> None:
    def opened(r: requests.RequestRow) -> None:
        if r.status is RequestStatus.OPEN:
            app.show_error(f"Request #{r.id} is already open")
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def reopen(conn: sqlite3.Connection) -> str:
                row = requests.reopen(conn, r.id)
                return f"Reopened request #{row.id} ({one_line(row.team)})"

            app.db_call(reopen, done=app.after_write, group="write")

        what = "outcome" if r.status is RequestStatus.DONE else "reason"
        app.push_screen(
            ConfirmScreen(
                f"Reopen request #{r.id} ({one_line(r.team)}: {one_line(r.ask)})? "
                f"Its {what} is cleared (the change log keeps it)."
            ),
            confirmed,
        )

    _with_request(app, sel, "reopen", opened)


def _with_request(
    app: SamApp, sel: Selection, verb: str, opened: Callable[[requests.RequestRow], None]
) -> None:
    missing = f"Select a request to {verb} (account view, Requests tab)"
    _load_then(app, sel.request_id, missing, requests.get, opened)


def idea_status(app: SamApp, sel: Selection) -> None:
    from sam_tui.tui.forms.idea import IdeaStatusForm

    def opened(i: ideas.IdeaRow) -> None:
        if i.status is IdeaStatus.CONVERTED:
            app.show_error(f"Idea #{i.id} became deal #{i.deal_id}; it no longer changes")
            return
        app.push_screen(IdeaStatusForm(i))

    _with_idea(app, sel, "set its status", opened)


def promote_idea(app: SamApp, sel: Selection) -> None:
    from sam_tui.tui.forms.idea import PromoteForm

    def opened(i: ideas.IdeaRow) -> None:
        if i.status is IdeaStatus.CONVERTED:
            app.show_error(f"Idea #{i.id} already became deal #{i.deal_id}")
            return
        if i.status is IdeaStatus.REJECTED:
            app.show_error(f"Idea #{i.id} was rejected; set it back first (m)")
            return
        app.push_screen(PromoteForm(i))

    _with_idea(app, sel, "promote", opened)


def _with_idea(
    app: SamApp, sel: Selection, verb: str, opened: Callable[[ideas.IdeaRow], None]
) -> None:
    missing = f"Select an idea to {verb} (account view, Ideas tab)"
    _load_then(app, sel.idea_id, missing, ideas.get, opened)


# --- deals and objectives ---------------------------------------------------------------


def _with_deal(
    app: SamApp, sel: Selection, verb: str, opened: Callable[[deals.DealRow], None]
) -> None:
    missing = f"Select a deal to {verb} (5 opens the pipeline)"
    _load_then(app, sel.deal_id, missing, deals.get, opened)


def move_deal(app: SamApp, sel: Selection) -> None:
    from sam_tui.tui.forms.deal import MoveForm

    def opened(d: deals.DealRow) -> None:
        app.push_screen(MoveForm(d))

    _with_deal(app, sel, "move", opened)


def close_deal(app: SamApp, sel: Selection, stage: DealStage) -> None:
    """``w`` / ``L``: the selected deal won, or lost with the reason."""
    from sam_tui.tui.forms.deal import CloseForm

    def opened(d: deals.DealRow) -> None:
        if d.stage is stage:
            app.show_error(f"Deal #{d.id} is already {stage.value}")
            return
        app.push_screen(CloseForm(d, stage))

    _with_deal(app, sel, f"mark {stage.value}", opened)


def objective_progress(app: SamApp, sel: Selection) -> None:
    from sam_tui.services import objectives
    from sam_tui.tui.forms.objective import ProgressForm

    def opened(o: objectives.ObjectiveRow) -> None:
        if o.closed:
            app.show_error(f"Objective #{o.id} is closed (sam objective reopen {o.id})")
            return
        app.push_screen(ProgressForm(o))

    missing = "Select an objective (account view, Objectives tab) to record progress"
    _load_then(app, sel.objective_id, missing, objectives.get, opened)
