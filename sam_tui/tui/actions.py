"""Actions that need a lookup or a confirmation before their form or write."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from sam_tui.domain.text import one_line
from sam_tui.services import accounts, complaints, contacts, follow_ups
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.confirm import ConfirmScreen

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp


def complete_follow_up(app: SamApp, sel: Selection) -> None:
    if sel.follow_up_id is None:
        app.show_error("Select a follow-up to mark done (3 opens the follow-ups)")
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

    if sel.follow_up_id is not None:
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
            notes = conn.execute("SELECT notes FROM account WHERE id = ?", (aid,)).fetchone()
            return accounts.summary(conn, aid), notes["notes"] if notes else None

        app.db_call(load, done=lambda pair: app.push_screen(AccountForm(pair[0], pair[1])))
    else:
        app.show_error("Select something to edit")
