"""Actions that are not one form: a confirmation before a write, or a choice of form by
what is selected. Each takes the cockpit and the selection (``tui/keys.py``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sam_tui import clock
from sam_tui.domain.enums import RequestStatus
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, follow_ups, requests
from sam_tui.tui.cockpit import Cockpit
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.confirm import ConfirmScreen

if TYPE_CHECKING:
    from sam_tui.tui.forms.base import FormScreen


def _write(cockpit: Cockpit, job: Callable[[sqlite3.Connection], str]) -> None:
    cockpit.db_call(job, done=cockpit.after_write, group="write")


def _confirmed(cockpit: Cockpit, question: str, job: Callable[[sqlite3.Connection], str]) -> None:
    """Ask first; write only on yes."""

    def answered(yes: bool | None) -> None:
        if yes:
            _write(cockpit, job)

    cockpit.push_screen(ConfirmScreen(question), answered)


def _first_that_fits(
    cockpit: Cockpit, sel: Selection, forms: list[type[FormScreen[Any]]], missing: str
) -> None:
    """Open the first of ``forms`` whose record is selected."""
    for form in forms:
        needs = form.needs
        if needs is not None and getattr(sel, needs.field) is not None:
            form.start(cockpit, sel)
            return
    cockpit.show_error(missing)


def done(cockpit: Cockpit, sel: Selection) -> None:
    """``d``: the selected follow-up or request is done; each asks for its outcome."""
    if sel.follow_up_id is None and sel.request_id is not None:
        from sam_tui.tui.forms.request import RequestDoneForm

        RequestDoneForm.start(cockpit, sel)
        return
    from sam_tui.tui.forms.follow_up import FollowUpDoneForm

    FollowUpDoneForm.start(cockpit, sel)


def archive_account(cockpit: Cockpit, sel: Selection) -> None:
    if sel.account_id is None:
        cockpit.show_error("Select an account to archive")
        return
    ref = f"#{sel.account_id}"

    def archive(conn: sqlite3.Connection) -> str:
        found = accounts.set_archived(conn, ref, True)
        return f"Archived {one_line(found.name)}"

    name = one_line(sel.account_name or ref)
    _confirmed(
        cockpit,
        f"Archive {name}? It leaves lists and triage; its history "
        "is kept (sam account unarchive brings it back).",
        archive,
    )


def cancel_follow_up(cockpit: Cockpit, sel: Selection) -> None:
    if sel.follow_up_id is None:
        cockpit.show_error("Select a follow-up to cancel")
        return
    ident = sel.follow_up_id
    question = f"Cancel {one_line(sel.label or 'this follow-up')}?"
    _confirmed(cockpit, question, lambda conn: f"Cancelled follow-up #{_cancel(conn, ident)}")


def _cancel(conn: sqlite3.Connection, ident: int) -> int:
    return follow_ups.cancel(conn, ident).id


def reopen_request(cockpit: Cockpit, sel: Selection) -> None:
    """``o``: the selected done or blocked request is open again (asks first)."""
    ident = sel.request_id
    if ident is None:
        cockpit.show_error("Select a request to reopen (account view, Requests tab)")
        return

    def opened(r: requests.RequestRow) -> None:
        if r.status is RequestStatus.OPEN:
            cockpit.show_error(f"Request #{r.id} is already open")
            return

        def reopen(conn: sqlite3.Connection) -> str:
            row = requests.reopen(conn, r.id)
            return f"Reopened request #{row.id} ({one_line(row.team)})"

        what = "outcome" if r.status is RequestStatus.DONE else "reason"
        _confirmed(
            cockpit,
            f"Reopen request #{r.id} ({one_line(r.team)}: {one_line(r.ask)})? "
            f"Its {what} is cleared (the change log keeps it).",
            reopen,
        )

    # read afresh: it may have moved since the screen was drawn
    cockpit.db_call(lambda conn: requests.get(conn, ident), done=opened)


def edit(cockpit: Cockpit, sel: Selection) -> None:
    """``e``: the most specific selected record opens in its form."""
    from sam_tui.tui.forms.account import AccountEditForm, ContactEditForm
    from sam_tui.tui.forms.complaint import ComplaintEditForm
    from sam_tui.tui.forms.deal import DealEditForm
    from sam_tui.tui.forms.follow_up import FollowUpEditForm
    from sam_tui.tui.forms.objective import ObjectiveEditForm

    forms: list[type[FormScreen[Any]]] = [
        DealEditForm,
        ObjectiveEditForm,
        FollowUpEditForm,
        ComplaintEditForm,
        ContactEditForm,
        AccountEditForm,
    ]
    _first_that_fits(cockpit, sel, forms, "Select something to edit")


def move(cockpit: Cockpit, sel: Selection) -> None:
    """``m``: the selected idea to a status, or the selected deal or prospect to a stage."""
    from sam_tui.tui.forms.deal import MoveForm
    from sam_tui.tui.forms.idea import IdeaStatusForm
    from sam_tui.tui.forms.prospect import AdvanceForm

    _first_that_fits(
        cockpit,
        sel,
        [IdeaStatusForm, MoveForm, AdvanceForm],
        "Select a deal (5), a prospect (6) or an idea (account view, Ideas tab) to move",
    )


def undo(cockpit: Cockpit, sel: Selection) -> None:
    """``z``: what the latest change was, and on yes revert it, as `sam undo` does (a
    change made meanwhile is refused, not undone in its place)."""
    from sam_tui.domain.dates import format_moment
    from sam_tui.services import history

    def asked(plan: history.UndoPlan) -> None:
        when = format_moment(plan.at.astimezone(), clock.today())
        count = len(plan.steps)
        rows = f"{count} record{'s' if count != 1 else ''}"

        def revert(conn: sqlite3.Connection) -> str:
            done = history.undo(conn, batch=plan.batch)
            return f"Undone: {one_line(done.command)} ({when})"

        _confirmed(cockpit, f"Undo '{one_line(plan.command)}' ({when}, {rows})?", revert)

    cockpit.db_call(history.pending, done=asked)
