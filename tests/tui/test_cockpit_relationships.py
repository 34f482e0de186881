"""The cockpit's prospects screen and the account view's contacts, requests and ideas tabs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input
from tui_helpers import account_id, fill, rows, run_palette, screen_text, select_row, settle

from sam_tui.domain.enums import Influence
from sam_tui.services import accounts, contacts, ideas, interactions, prospects, requests
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.commands import ACTIONS
from sam_tui.tui.screens.account_tabs import TAB_LABELS, tab_labels
from sam_tui.tui.widgets.table import SamTable


def is_open(app: SamApp, title: str) -> bool:
    return title in screen_text(app)


# --- the prospects screen --------------------------------------------------------------


async def test_prospects_are_grouped_by_stage_and_closed_ones_shown_on_demand(
    demo_db: Path,
) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert "6 Prospects" in text.splitlines()[0]
        lines = text.splitlines()
        stages = ("Identified", "Researching", "Contacted", "Meeting", "Qualified")
        positions = [next(i for i, line in enumerate(lines) if f" {s} " in line) for s in stages]
        assert positions == sorted(positions)
        assert "Tailspin Aerospace" in text and "Consolidating five supplier…" in text
        assert "Wingtip Retail" not in text and "Proseware Health" not in text
        await pilot.press("h")
        await settle(pilot)
        text = screen_text(app)
        assert "Converted" in text and "Wingtip Retail" in text
        assert "Disqualified" in text and "✗ No budget before 2028" in text
        await pilot.press("h")
        await settle(pilot)
        assert "Wingtip Retail" not in screen_text(app)


async def test_the_selected_prospect_is_explained_under_the_table(demo_db: Path) -> None:
    ident = account_id(demo_db, "Tailspin Aerospace")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        text = screen_text(app)
        assert f"Tailspin Aerospace  #{ident} · strategic" in text
        assert "meeting since" in text and "Fit: Consolidating five suppliers" in text
        assert "a add · m advance · enter open · l log a touch · h shows 2 closed" in text


async def test_empty_pipeline_says_how_to_add_a_prospect(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Acme Corp"))
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert "No prospects in the pipeline yet" in text
        assert "a        add a prospect" in text


async def test_add_a_prospect_with_inline_checks(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Acme Corp"))
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert is_open(app, "Add a prospect")
        await fill(pilot, "name", "acme corp")
        assert "'Acme Corp' already exists (#1)" in screen_text(app)
        await fill(pilot, "name", "Initech")
        await fill(pilot, "value", "-250k")
        assert "value estimate cannot be negative: '-250k'" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # nothing is saved while a field is wrong, and the empty "why" is flagged too
        assert is_open(app, "Add a prospect")
        assert rows(db_path, "SELECT count(*) FROM account") == [(1,)]
        await fill(pilot, "value", "1.2m")
        assert "→ 1,200,000" in screen_text(app)
        await fill(pilot, "tier", "bogus")
        assert "unknown tier 'bogus'" in screen_text(app)
        await fill(pilot, "tier", "k")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert is_open(app, "Add a prospect") and "Check why it fits" in screen_text(app)
        await fill(pilot, "why", "Same profile as Acme")
        await fill(pilot, "industry", "Software")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not is_open(app, "Add a prospect")
        assert "Initech" in screen_text(app) and "1.2M" in screen_text(app)
    assert rows(
        db_path,
        "SELECT status, prospect_stage, fit_reason, industry, annual_value_cents, tier "
        "FROM account WHERE name = 'Initech'",
    ) == [("prospect", "identified", "Same profile as Acme", "Software", 120_000_000, "key")]


async def test_advance_defaults_to_the_next_stage(demo_db: Path) -> None:
    ident = account_id(demo_db, "Fabrikam Energy")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        await pilot.press("m")
        await settle(pilot)
        assert is_open(app, "Advance Fabrikam Energy")
        assert app.screen.query_one("#stage", Input).value == "meeting"
        await pilot.press("enter")
        await settle(pilot)
        assert not is_open(app, "Advance Fabrikam Energy")
        # the row moved to its new group and the cursor went with it
        assert app.screen.selection().prospect_id == ident  # type: ignore[attr-defined]
    assert rows(demo_db, "SELECT prospect_stage FROM account WHERE id = ?", ident) == [("meeting",)]
    assert rows(
        demo_db,
        "SELECT from_stage, to_stage FROM prospect_stage_change WHERE account_id = ? "
        "ORDER BY id DESC LIMIT 1",
        ident,
    ) == [("contacted", "meeting")]


async def test_advance_refuses_bad_moves_inline_and_disqualifies_with_a_reason(
    demo_db: Path,
) -> None:
    ident = account_id(demo_db, "Tailspin Aerospace")
    moves_before = rows(demo_db, "SELECT count(*) FROM prospect_stage_change")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        await pilot.press("m")
        await settle(pilot)
        await fill(pilot, "stage", "bogus")
        assert "unknown stage 'bogus'" in screen_text(app)
        await fill(pilot, "stage", "meeting")
        assert "already at stage meeting" in screen_text(app)
        await fill(pilot, "stage", "res")
        assert "→ researching (back: say why in Note)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "required for this move" in screen_text(app)
        assert "Check note" in screen_text(app)
        await fill(pilot, "stage", "dis")
        assert "required to disqualify" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert is_open(app, "Advance Tailspin Aerospace") and "Check reason" in screen_text(app)
        # an empty reason does not count
        await fill(pilot, "reason", "   ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert is_open(app, "Advance Tailspin Aerospace")
        assert rows(demo_db, "SELECT count(*) FROM prospect_stage_change") == moves_before
        await fill(pilot, "stage", "qualified")
        await fill(pilot, "reason", "no budget")
        assert "only when disqualifying" in screen_text(app)
        await fill(pilot, "stage", "disq")
        await fill(pilot, "reason", "Chose [red]Rival[/] \x1b[2J instead")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not is_open(app, "Advance Tailspin Aerospace")
        await pilot.press("h")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        text = screen_text(app)
        assert "Not a fit: Chose [red]Rival[/] ^[[2J instead" in text
        assert "\x1b" not in text
    assert rows(
        demo_db, "SELECT prospect_stage, disqualified_reason FROM account WHERE id = ?", ident
    ) == [("disqualified", "Chose [red]Rival[/] \x1b[2J instead")]


async def test_a_converted_prospect_cannot_be_advanced(demo_db: Path) -> None:
    ident = account_id(demo_db, "Wingtip Retail")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6", "h")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        await pilot.press("m")
        await settle(pilot)
        assert "Wingtip Retail is converted: it is an account now" in [
            n.message for n in app._notifications
        ]
        assert "Advance" not in screen_text(app)


async def test_enter_opens_the_prospect_and_l_logs_a_touch_for_it(demo_db: Path) -> None:
    ident = account_id(demo_db, "Contoso Pharma")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await select_row(pilot, "prospect-table", str(ident))
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#account", Input).value == "Contoso Pharma"
        await fill(pilot, "note", "Intro call with their COO")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Touched" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Contoso Pharma" in text.splitlines()[0] and "prospect" in text.splitlines()[0]
        assert "Prospect      researching: New cold-chain mandate" in text
        # the account view of a prospect advances it too
        await pilot.press("m")
        await settle(pilot)
        assert is_open(app, "Advance Contoso Pharma")
    assert rows(
        demo_db, "SELECT summary FROM interaction WHERE account_id = ? ORDER BY id DESC", ident
    )[0] == ("Intro call with their COO",)


async def test_palette_adds_a_prospect_and_shows_closed_ones(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_palette(pilot, "prospect: add", "Prospect: add")
        await settle(pilot)
        assert is_open(app, "Add a prospect")
        await pilot.press("escape")
        await settle(pilot)
        await run_palette(pilot, "show/hide closed", "Prospects: show/hide closed")
        await settle(pilot)
        assert app.current_mode == "prospects" and "Wingtip Retail" in screen_text(app)


def test_every_palette_action_exists() -> None:
    for title, _help, action in ACTIONS:
        name = action.split("(")[0]
        assert callable(getattr(SamApp, f"action_{name}", None)), title


async def test_help_lists_the_new_keys_with_their_binding_ids(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for ident in (
            "sam.prospects",
            "sam.add-prospect",
            "sam.move",
            "sam.request",
            "sam.block-request",
            "sam.reopen-request",
            "sam.idea",
            "sam.promote-idea",
        ):
            assert ident in text
        assert "Done: the selected follow-up, or the" in text
        await pilot.press("escape", "6")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "Add a prospect" in text and "prospects.add" in text
        assert "prospects.toggle-closed" in text


async def test_nav_bar_keeps_only_keys_for_other_screens_when_narrow(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        bar = screen_text(app).splitlines()[0]
        assert "1  2  3  4  5  6 Prospects" in bar and "Complaints" not in bar


# --- the account view: tabs --------------------------------------------------------------


def test_tab_labels_fit_every_tab_at_80_columns() -> None:
    counts: dict[str, int | None] = dict.fromkeys(TAB_LABELS, 9)
    counts.update({"tab-overview": None, "tab-timeline": None})
    short = tab_labels(counts, 80)
    assert short["tab-requests"] == "Req 9" and short["tab-complaints"] == "Cmp 9"
    assert short["tab-deals"] == "Deals 9" and short["tab-objectives"] == "Obj 9"
    assert sum(len(label) + 2 for label in short.values()) <= 80
    full = tab_labels(counts, 160)
    assert full["tab-requests"] == "Requests (9)" and full["tab-follow-ups"] == "Follow-ups (9)"


async def test_contacts_tab_shows_cadence_and_highlights_cold_ones(demo_db: Path) -> None:
    ident = account_id(demo_db, "Vandelay Aerospace")
    conn = db.connect(demo_db)
    people = contacts.cadence_status(conn, ident)
    conn.close()
    cold = [p for p in people if p.cold]
    assert cold and len(cold) < len(people)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(ident, tab="contacts")
        await settle(pilot)
        text = screen_text(app)
        for p in people:
            line = next(line for line in text.splitlines() if p.contact.name in line)
            assert f"{p.days_since}d ago / {p.cadence_days}d" in line
        assert f"{len(cold)} past their cadence" in text
        table = app.screen.query_one("#contacts", SamTable)
        for p in people:
            name_cell = table.get_row(str(p.contact.id))[0]
            assert ("red" in str(name_cell.style)) is p.cold  # type: ignore[union-attr]
        # l starts the log form with the selected contact
        await select_row(pilot, "contacts", str(cold[0].contact.id))
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#with", Input).value == cold[0].contact.name


async def test_request_add_done_reopen_block_from_the_requests_tab(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Acme Corp"))
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(1, tab="requests")
        await settle(pilot)
        assert "No requests yet: t asks an internal team" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert is_open(app, "Ask an internal team")
        assert app.screen.query_one("#account", Input).value == "Acme Corp"
        await fill(pilot, "team", "finance")
        await fill(pilot, "ask", "Credit note for [bold]March[/]")
        await fill(pilot, "due", "blursday")
        assert "cannot understand date 'blursday'" in screen_text(app)
        await fill(pilot, "complaint", "abc")
        assert "'abc' is not a complaint ID" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db_path, "SELECT count(*) FROM internal_request") == [(0,)]
        await fill(pilot, "complaint", "#99")
        await fill(pilot, "due", "next friday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the service's own check: the complaint must exist
        assert "no complaint #99" in screen_text(app)
        assert rows(db_path, "SELECT count(*) FROM internal_request") == [(0,)]
        await fill(pilot, "complaint", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not is_open(app, "Ask an internal team")
        text = screen_text(app)
        assert "Credit note for [bold]March[/]" in text and "1 owed" in text

        await pilot.press("d")
        await settle(pilot)
        assert is_open(app, "Done: request #1")
        await fill(pilot, "outcome", "Sent [/] on Monday")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(db_path, "SELECT status, outcome FROM internal_request") == [
            ("done", "Sent [/] on Monday")
        ]
        assert "outcome: Sent [/] on Monday" in screen_text(app)

        await pilot.press("b")
        await settle(pilot)
        assert "Request #1 is done; reopen it first (o)" in [n.message for n in app._notifications]
        await pilot.press("o")
        await settle(pilot)
        assert "Reopen request #1" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert rows(db_path, "SELECT status, outcome FROM internal_request") == [("open", None)]

        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert is_open(app, "Block request #1") and "required" in screen_text(app)
        await fill(pilot, "reason", "Waiting on the ERP team")
        await pilot.press("enter")
        await settle(pilot)
    assert rows(db_path, "SELECT status, outcome, due_date FROM internal_request") == [
        ("blocked", "Waiting on the ERP team", "2026-11-27")
    ]


async def test_a_request_raised_from_a_complaint_is_linked_to_it(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        selected = app.screen.selection()  # type: ignore[attr-defined]
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one("#complaint", Input).value == f"#{selected.complaint_id}"
        await fill(pilot, "team", "support")
        await fill(pilot, "ask", "Root cause analysis")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert rows(
        demo_db,
        "SELECT account_id, complaint_id FROM internal_request WHERE team = 'support' "
        "AND ask = 'Root cause analysis'",
    ) == [(selected.account_id, selected.complaint_id)]


async def test_overdue_request_in_triage_d_marks_it_done_and_enter_opens_its_tab(
    demo_db: Path,
) -> None:
    conn = db.connect(demo_db)
    overdue = [
        r for r in requests.list_requests(conn, open_only=True) if r.overdue(dt.date(2026, 11, 26))
    ]
    conn.close()
    request = overdue[0]
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_row(pilot, "triage", f"request:{request.id}")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert request.account_name in text.splitlines()[0]
        assert f"#{request.id} {request.team}" in text and "owed" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert is_open(app, f"Done: request #{request.id}")
        await pilot.press("enter")
        await settle(pilot)
        assert f"request:{request.id}" not in app.screen.query_one("#triage", SamTable).rows
    assert rows(demo_db, "SELECT status FROM internal_request WHERE id = ?", request.id) == [
        ("done",)
    ]


async def test_single_threaded_item_opens_the_contacts_tab(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#triage", SamTable)
        key = next(k.value for k in table.rows if str(k.value).startswith("single-threaded:"))
        await select_row(pilot, "triage", str(key))
        await pilot.press("enter")
        await settle(pilot)
        assert "Touched/cadence" in screen_text(app)


async def test_ideas_add_set_status_and_promote_with_bad_input(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="Acme Corp"))
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(1, tab="ideas")
        await settle(pilot)
        assert "No ideas yet" in screen_text(app)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert is_open(app, "New idea") and "Check idea" in screen_text(app)
        await fill(pilot, "title", "Consolidate [b]three[/b] contracts")
        await fill(pilot, "detail", "One renewal date")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Consolidate [b]three[/b] contracts — One renewal date" in screen_text(app)

        await pilot.press("m")
        await settle(pilot)
        assert app.screen.query_one("#status", Input).value == "discussed"
        await fill(pilot, "status", "conv")
        assert "an idea is converted by promoting it to a deal: p" in screen_text(app)
        await fill(pilot, "status", "bogus")
        assert "unknown status 'bogus'" in screen_text(app)
        await fill(pilot, "status", "proposed")
        assert "already proposed" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db_path, "SELECT status FROM idea") == [("proposed",)]
        await fill(pilot, "status", "acc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db_path, "SELECT status FROM idea") == [("accepted",)]

        await pilot.press("p")
        await settle(pilot)
        assert is_open(app, "Promote idea #1")
        await fill(pilot, "amount", "-50k")
        assert "amount cannot be negative: '-50k'" in screen_text(app)
        await fill(pilot, "amount", "0")
        assert "amount must be above 0" in screen_text(app)
        await fill(pilot, "close", "blursday")
        assert "cannot understand date 'blursday'" in screen_text(app)
        await fill(pilot, "stage", "won")
        assert "a new deal starts open (prospecting to negotiation)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(db_path, "SELECT count(*) FROM deal") == [(0,)]
        await fill(pilot, "amount", "50k")
        await fill(pilot, "close", "eoq")
        await fill(pilot, "stage", "prop")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not is_open(app, "Promote idea #1")
        text = screen_text(app)
        assert "converted" in text and "became deal #1" in text
        await pilot.press("m")
        await settle(pilot)
        assert "Idea #1 became deal #1; it no longer changes" in [
            n.message for n in app._notifications
        ]
    assert rows(db_path, "SELECT name, amount_cents, stage, kind, expected_close FROM deal") == [
        ("Consolidate [b]three[/b] contracts", 5_000_000, "proposal", "expansion", "2026-12-31")
    ]
    assert rows(db_path, "SELECT status, deal_id FROM idea") == [("converted", 1)]


async def test_actions_without_a_selection_say_what_to_select(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("b", "p", "m")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Select a request to block (account view, Requests tab)" in messages
        assert "Select an idea to promote (account view, Ideas tab)" in messages
        assert (
            "Select a deal (5), a prospect (6) or an idea (account view, Ideas tab) to move"
            in messages
        )


async def test_user_text_in_the_new_tabs_is_shown_literally(db_path: Path) -> None:
    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="[bold]Evil[/] Corp"))
    contacts.add(
        conn,
        "#1",
        contacts.ContactInput(name="Jane [/] Doe", role="[red]CFO", influence=Influence.CHAMPION),
    )
    interactions.log(conn, account_ref="#1", summary="hello", contact_ref="Jane")
    requests.add(
        conn, "#1", requests.NewRequest(team="fin[/]ance", ask="Refund \x1b[2J [b]now[/b]")
    )
    ideas.add(conn, account_ref="#1", title="Bundle [/] it", detail="\x1b]0;pwned\x07 x")
    prospects.add(
        conn, accounts.AccountInput(name="[i]Prospect[/i] Co"), why="Looks [/] right \x1b[31m"
    )
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_account(1, tab="contacts")
        await settle(pilot)
        text = screen_text(app)
        assert "Jane [/] Doe" in text and "[red]CFO" in text
        app.screen.query_one("#account-tabs").active = "tab-requests"  # type: ignore[attr-defined]
        await settle(pilot)
        text = screen_text(app)
        assert "fin[/]ance" in text and "Refund ^[[2J [b]now[/b]" in text
        app.screen.query_one("#account-tabs").active = "tab-ideas"  # type: ignore[attr-defined]
        await settle(pilot)
        text = screen_text(app)
        assert "Bundle [/] it" in text and "^[]0;pwned^G x" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("escape", "6")
        await settle(pilot)
        text = screen_text(app)
        assert "[i]Prospect[/i] Co" in text and "Looks [/] right ^[[31m" in text
        assert "\x1b" not in text


async def test_cold_contact_item_logs_a_touch_with_that_contact(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#triage", SamTable)
        key = next(str(k.value) for k in table.rows if str(k.value).startswith("contact-cold:"))
        name = rows(demo_db, "SELECT name FROM contact WHERE id = ?", int(key.split(":")[1]))
        await select_row(pilot, "triage", key)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#with", Input).value == name[0][0]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Touched/cadence" in screen_text(app)


async def test_slash_filters_the_prospects(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("slash", *"depots")
        await settle(pilot)
        table = app.screen.query_one("#prospect-table", SamTable)
        assert [str(k.value) for k in table.rows] == [str(account_id(demo_db, "Adatum Freight"))]
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count > 5
