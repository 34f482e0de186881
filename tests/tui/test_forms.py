"""Every form saves through its service: the values its fields read, by their service
keywords (``Spec.arg``), are what the service takes, and the write lands in the change log.

The forms are driven without a terminal here (their fields, ``values_of``, ``check`` and
``write``, on a real demo book), so a renamed service parameter fails one line below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sam_tui.domain.enums import IdeaStatus, RequestStatus
from sam_tui.domain.errors import InvalidInput
from sam_tui.services import (
    complaints,
    contacts,
    deals,
    follow_ups,
    ideas,
    objectives,
    prospects,
    requests,
)
from sam_tui.store import db
from sam_tui.tui.context import Selection
from sam_tui.tui.forms import (
    account,
    complaint,
    deal,
    follow_up,
    idea,
    log,
    objective,
    prospect,
    request,
)
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field


@pytest.fixture
def conn(demo_db: Path) -> Iterator[sqlite3.Connection]:
    connection = db.connect(demo_db)
    yield connection
    connection.close()


def _save(form: FormScreen[Any], conn: sqlite3.Connection, **typed: str) -> str:
    """Fill the form's fields (``typed`` by field id, the rest as they start) and save."""
    fields = [w for w in form.fields() if isinstance(w, Field)]
    unknown = set(typed) - {f.spec.id for f in fields}
    assert not unknown, f"{type(form).__name__} has no field {unknown}"
    texts = [(f.spec, f.initial, typed.get(f.spec.id, f.initial)) for f in fields]
    values = form.values_of(texts)
    form.check(values)
    before = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    line = form.write(conn, values)
    assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] > before, line
    return line


def _first(found: list[Any], test: Callable[[Any], bool] = lambda _r: True) -> Any:
    return next(r for r in found if test(r))


def test_the_add_forms_save_through_their_services(conn: sqlite3.Connection) -> None:
    name = _first(follow_ups.list_follow_ups(conn)).account_name
    on = Selection(account_name=name)
    assert "Logged call" in _save(log.LogForm(on), conn, note="Called", **{"follow-up": "fri"})
    assert "Follow-up #" in _save(follow_up.FollowUpForm(on), conn, title="Send deck")
    assert "Opened complaint" in _save(complaint.ComplaintForm(on), conn, title="Late")
    assert "Added account" in _save(account.AccountForm(on), conn, name="Zed Ltd", value="5k")
    assert "Added prospect" in _save(
        prospect.ProspectForm(on), conn, name="Yon Ltd", why="fits", value="9k"
    )
    assert "Added deal" in _save(deal.DealForm(on), conn, name="Pilot", amount="10k", close="eoq")
    # added as won: on the day it was won, last month's truthfully
    _save(deal.DealForm(on), conn, name="Q4", amount="5k", stage="won", **{"won-on": "Oct 15"})
    closed = conn.execute("SELECT closed_at FROM deal ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert closed.startswith("2026-10-15")
    with pytest.raises(InvalidInput, match="closed on a past day or today, not 2026-12-31"):
        _save(deal.DealForm(on), conn, name="Q4", amount="5k", stage="won", close="Dec 31")
    assert "Objective #" in _save(
        objective.ObjectiveForm(on), conn, title="Grow", target="3", due="eoy"
    )
    assert "Idea #" in _save(idea.IdeaForm(on), conn, title="Bundle", detail="two")
    assert "Request #" in _save(
        request.RequestForm(on), conn, team="legal", ask="Redline", due="fri"
    )


def test_the_record_forms_save_through_their_services(conn: sqlite3.Connection) -> None:
    f = _first(follow_ups.list_follow_ups(conn))
    sel = Selection(follow_up_id=f.id, label=f"follow-up #{f.id}")
    assert "Snoozed" in _save(follow_up.SnoozeForm(sel), conn, until="next friday")
    c = _first(complaints.list_complaints(conn, open_only=True))
    sel = Selection(complaint_id=c.id, label=f"complaint #{c.id}")
    assert "Updated complaint" in _save(
        complaint.UpdateForm(sel), conn, text="Called them", status="in-progress"
    )
    assert "Resolved" in _save(complaint.ResolveForm(sel), conn, text="Refunded")
    d = _first(deals.list_deals(conn), lambda d: d.is_open)
    assert "Moved deal" in _save(deal.MoveForm(deals.get(conn, d.id)), conn)
    d = _first(deals.list_deals(conn), lambda d: d.is_open)
    assert "Won" in _save(deal.WonForm(deals.get(conn, d.id)), conn)
    d = _first(deals.list_deals(conn), lambda d: d.is_open)
    assert "Lost" in _save(deal.LostForm(deals.get(conn, d.id)), conn, reason="price")
    o = _first(objectives.list_objectives(conn), lambda o: not o.closed)
    assert "Objective #" in _save(objective.ProgressForm(o), conn, value="+1", note="one more")
    p = _first(prospects.list_prospects(conn))
    assert "prospect #" in _save(prospect.AdvanceForm(p), conn)
    i = _first(ideas.list_ideas(conn), lambda i: i.status is IdeaStatus.PROPOSED)
    assert "is now discussed" in _save(idea.IdeaStatusForm(ideas.get(conn, i.id)), conn)
    assert "Promoted idea" in _save(idea.PromoteForm(ideas.get(conn, i.id)), conn, amount="20k")
    r = _first(requests.list_requests(conn), lambda r: r.status is RequestStatus.OPEN)
    assert "Blocked" in _save(request.BlockForm(requests.get(conn, r.id)), conn, reason="waits")
    assert "Done: request" in _save(
        request.RequestDoneForm(requests.get(conn, r.id)), conn, outcome="agreed"
    )


def test_the_edit_forms_write_what_changed_and_clear_what_was_emptied(
    conn: sqlite3.Connection,
) -> None:
    f = _first(follow_ups.list_follow_ups(conn))
    assert "Updated follow-up" in _save(
        follow_up.FollowUpEditForm(follow_ups.get(conn, f.id)), conn, priority="high"
    )
    c = _first(complaints.list_complaints(conn, open_only=True), lambda c: c.team)
    _save(complaint.ComplaintEditForm(complaints.get(conn, c.id)), conn, team="")
    assert complaints.get(conn, c.id).team is None
    d = _first(deals.list_deals(conn), lambda d: d.is_open and d.expected_close)
    _save(deal.DealEditForm(deals.get(conn, d.id)), conn, close="", amount="1m")
    after = deals.get(conn, d.id)
    assert after.expected_close is None and after.amount_cents == 100_000_000
    o = _first(objectives.list_objectives(conn), lambda o: not o.closed and o.unit)
    _save(objective.ObjectiveEditForm(o), conn, unit="")
    assert objectives.get(conn, o.id).unit is None
    person = _first(contacts.list_contacts(conn), lambda c: c.influence is not None)
    _save(account.ContactEditForm(person), conn, influence="", role="CFO")
    edited = contacts.find(conn, f"#{person.id}")
    assert edited.influence is None and edited.role == "CFO"
    s = account.accounts.summary(conn, person.account_id)
    notes = account.accounts.notes(conn, s.id)
    assert "Updated account" in _save(
        account.AccountEditForm((s, notes)), conn, tier="growth", region=""
    )
    assert account.accounts.summary(conn, s.id).region is None


def test_an_edit_form_with_nothing_changed_says_so(conn: sqlite3.Connection) -> None:
    f = _first(follow_ups.list_follow_ups(conn))
    form = follow_up.FollowUpEditForm(follow_ups.get(conn, f.id))
    with pytest.raises(InvalidInput, match="nothing changed"):
        # another way of writing the same priority is no change
        _save(form, conn, priority="NORMAL" if f.priority.value == "normal" else f.priority.value)


def test_one_touch_closes_follow_ups_and_answers_a_complaint_from_the_log_form(
    conn: sqlite3.Connection,
) -> None:
    c = _first(complaints.list_complaints(conn, open_only=True))
    owed = follow_ups.list_follow_ups(conn, account_ref=f"#{c.account_id}")
    f = _first(owed)
    on = Selection(account_id=c.account_id, account_name=c.account_name)
    line = _save(log.LogForm(on), conn, note="Called: sorted", closes=f"#{f.id}", answers=str(c.id))
    assert f"done: follow-up #{f.id}" in line and f"answered complaint #{c.id}" in line
    assert follow_ups.get(conn, f.id).outcome == "Called: sorted"
    assert complaints.get(conn, c.id).first_response_at is not None
    # the follow-up form takes a contact; the deal move form a new close date
    contact = conn.execute(
        "SELECT name FROM contact WHERE account_id = ? AND archived = 0", (c.account_id,)
    ).fetchone()[0]
    line = _save(follow_up.FollowUpForm(on), conn, title="Send deck", **{"with": contact})
    new_id = int(line.split("#")[1].split()[0])
    assert follow_ups.get(conn, new_id).contact_name == contact
    d = _first(deals.list_deals(conn), lambda r: r.is_open)
    _save(deal.MoveForm(deals.get(conn, d.id)), conn, stage="negotiation", close="2027-01-15")
    assert deals.get(conn, d.id).expected_close == date(2027, 1, 15)


def test_d_on_a_follow_up_keeps_its_outcome(conn: sqlite3.Connection) -> None:
    f = _first(follow_ups.list_follow_ups(conn))
    line = _save(follow_up.FollowUpDoneForm(follow_ups.get(conn, f.id)), conn, outcome="Sent")
    assert line.endswith(": Sent")
    assert follow_ups.get(conn, f.id).outcome == "Sent"
