"""The cockpit driven through the keyboard, asserting what lands in the real SQLite file."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from tui_helpers import rows, run_palette, screen_text, settle, type_text, wait_for_text

from sam_tui.services import triage
from sam_tui.store import db
from sam_tui.tui.app import SamApp


def first_item(path: Path) -> triage.TriageItem:
    conn = db.connect(path)
    try:
        return triage.load(conn).items[0]
    finally:
        conn.close()


async def test_home_ranks_like_sam_today_and_explains_the_selection(demo_db: Path) -> None:
    expected = first_item(demo_db)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        first_row = next(line for line in text.splitlines() if str(expected.score) in line)
        assert expected.account_name in first_row
        assert "Why:" in text and expected.reasons[0] in text
        await pilot.press("down")
        await settle(pilot)
        assert "Why:" in screen_text(app)


async def test_number_keys_switch_screens(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "Health" in screen_text(app) and "Renewal" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert "Overdue" in screen_text(app) and "follow-ups" in screen_text(app)
        await pilot.press("4")
        await settle(pilot)
        assert "late by" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Why:" in screen_text(app)


async def test_log_form_writes_an_interaction_for_the_selected_account(demo_db: Path) -> None:
    item = first_item(demo_db)
    before = rows(demo_db, "SELECT count(*) FROM interaction WHERE account_id = ?", item.account_id)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "Log a client touch" in screen_text(app)
        await type_text(pilot, "CFO agreed to pilot")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "meet")
        for _ in range(4):
            await pilot.press("tab")
        await type_text(pilot, "next friday")
        await settle(pilot)
        assert "Fri 27 Nov" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Log a client touch" not in screen_text(app)
    after = rows(demo_db, "SELECT count(*) FROM interaction WHERE account_id = ?", item.account_id)
    assert after[0][0] == before[0][0] + 1
    logged = rows(demo_db, "SELECT channel, summary FROM interaction ORDER BY id DESC LIMIT 1")
    assert logged == [("meeting", "CFO agreed to pilot")]
    follow_up = rows(demo_db, "SELECT title, due_date FROM follow_up ORDER BY id DESC LIMIT 1")
    assert follow_up == [("CFO agreed to pilot", "2026-11-27")]


async def test_bad_date_is_refused_inline_and_nothing_is_written(demo_db: Path) -> None:
    before = rows(demo_db, "SELECT count(*) FROM interaction")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await type_text(pilot, "note")
        for _ in range(5):
            await pilot.press("tab")
        await type_text(pilot, "blursday")
        await settle(pilot)
        assert "cannot understand date 'blursday'" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Log a client touch" in screen_text(app)
    assert rows(demo_db, "SELECT count(*) FROM interaction") == before


async def test_follow_up_add_done_and_snooze(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "Send the revised deck")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "eow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        added = rows(
            demo_db,
            "SELECT id, due_date, status FROM follow_up WHERE title = 'Send the revised deck'",
        )
        assert [(r[1], r[2]) for r in added] == [("2026-11-27", "open")]

        await pilot.press("3")
        await settle(pilot)
        first_open = rows(
            demo_db,
            "SELECT f.id FROM follow_up f JOIN account a "
            "ON a.id = f.account_id WHERE f.status = 'open' "
            "AND a.archived = 0 ORDER BY f.due_date, f.id LIMIT 1",
        )[0][0]
        # the cursor skips the "Overdue" heading and starts on the first follow-up
        await pilot.press("d")
        await settle(pilot)
        assert f"Done: follow-up #{first_open}" in screen_text(app)
        # the outcome is optional, and typed at once it lands in its field (issue 14)
        await pilot.press(*"Deck sent", "enter")
        await settle(pilot)
        assert rows(demo_db, "SELECT status, outcome FROM follow_up WHERE id = ?", first_open) == [
            ("done", "Deck sent")
        ]

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "next monday")
        await pilot.press("enter")
        await settle(pilot)
    snoozed = rows(
        demo_db, "SELECT count(*) FROM follow_up WHERE due_date = '2026-11-30' AND snooze_count = 1"
    )
    assert snoozed == [(1,)]


async def test_complaint_open_update_resolve(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "Portal down for a day")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "crit")
        await pilot.press("ctrl+s")
        await settle(pilot)
        opened = rows(
            demo_db,
            "SELECT id, severity, sla_due_at FROM complaint WHERE title = 'Portal down for a day'",
        )
        assert [(r[1], r[2]) for r in opened] == [("critical", "2026-11-27T09:00:00Z")]
        complaint_id = opened[0][0]

        await pilot.press("4")
        await settle(pilot)
        # open complaints are listed by SLA; move the cursor onto the new one
        for _ in range(10):
            if f"#{complaint_id} Portal" in screen_text(app).split("\n")[2]:
                break
            await pilot.press("down")
        app.screen.query_one("#complaint-table").move_cursor(  # type: ignore[attr-defined]
            row=app.screen.query_one("#complaint-table").get_row_index(str(complaint_id))  # type: ignore[attr-defined]
        )
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await type_text(pilot, "Engineers on it")
        await pilot.press("ctrl+s")
        await settle(pilot)
        updated = rows(
            demo_db, "SELECT first_response_at FROM complaint WHERE id = ?", complaint_id
        )
        assert updated[0][0] is not None

        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "Fixed the load balancer")
        await pilot.press("ctrl+s")
        await settle(pilot)
    resolved = rows(demo_db, "SELECT status, resolution FROM complaint WHERE id = ?", complaint_id)
    assert resolved == [("resolved", "Fixed the load balancer")]
    updates = rows(
        demo_db,
        "SELECT text FROM complaint_update WHERE complaint_id = ? ORDER BY id",
        complaint_id,
    )
    assert updates == [("Engineers on it",), ("Fixed the load balancer",)]


async def test_add_account_and_duplicate_name_is_refused(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Northwind Traders")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "strat")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "northwind traders")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in screen_text(app)
    assert rows(demo_db, "SELECT tier FROM account WHERE name_key = 'northwind traders'") == [
        ("strategic",)
    ]


async def test_edit_and_archive_from_the_accounts_screen(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        selected = app.screen.selection()  # type: ignore[attr-defined]
        await pilot.press("e")
        await settle(pilot)
        assert "Edit " in screen_text(app)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "growth")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(demo_db, "SELECT tier FROM account WHERE id = ?", selected.account_id) == [
            ("growth",)
        ]
        await pilot.press("A")
        await settle(pilot)
        assert "Archive" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert rows(demo_db, "SELECT archived FROM account WHERE id = ?", selected.account_id) == [
            (0,)
        ]
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert rows(demo_db, "SELECT archived FROM account WHERE id = ?", selected.account_id) == [(1,)]


async def test_filter_narrows_the_accounts_table(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#account-table")
        total = table.row_count  # type: ignore[attr-defined]
        await pilot.press("slash")
        await type_text(pilot, "health")
        await settle(pilot)
        narrowed = table.row_count  # type: ignore[attr-defined]
        assert 0 < narrowed < total
        assert all("Health" in line for line in screen_text(app).splitlines()[3 : 3 + narrowed])
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == total  # type: ignore[attr-defined]


async def test_enter_opens_the_account_view_with_tabs(demo_db: Path) -> None:
    item = first_item(demo_db)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert item.account_name in text.splitlines()[0]
        assert "Timeline" in text and "Health" in text
        # at 80 columns the tabs take their short labels: "Contacts 3", "Req 1"
        assert re.search(r"Contacts \(?\d", text) and re.search(r"Req \d", text)
        await pilot.press("escape")
        await settle(pilot)
        assert "Why:" in screen_text(app)


async def test_help_lists_every_action_with_its_binding_id(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(100, 44)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for ident in (
            "sam.log",
            "sam.follow-up",
            "sam.done",
            "sam.snooze",
            "sam.complaint",
            "sam.resolve",
            "sam.add-account",
            "sam.edit",
            "sam.filter",
            "sam.undo",
            "sam.quit",
        ):
            assert ident in text
        await pilot.press("escape")


async def test_command_palette_goes_to_an_account_by_name(demo_db: Path) -> None:
    name = rows(demo_db, "SELECT name FROM account ORDER BY id DESC LIMIT 1")[0][0]
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_palette(pilot, f"go to {name}", f"Account: go to {name}")
        await settle(pilot)
        assert name in screen_text(app).splitlines()[0]


async def test_another_process_writing_refreshes_the_screen(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=True)
    app.WATCH_INTERVAL = 0.2
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        kept = app.screen.selection()  # type: ignore[attr-defined]
        other = sqlite3.connect(demo_db)
        account_id = rows(demo_db, "SELECT id FROM account WHERE status = 'active' LIMIT 1")[0][0]
        other.execute(
            "INSERT INTO follow_up (account_id, title, due_date, priority, status, snooze_count,"
            " created_at, updated_at) VALUES (?, 'Written by the CLI', '2026-11-20', 'high',"
            " 'open', 0, '2026-11-26T09:00:00Z', '2026-11-26T09:00:00Z')",
            (account_id,),
        )
        other.commit()
        other.close()
        assert await wait_for_text(pilot, "Written by the CLI", seconds=5)
        assert app.screen.selection().label == kept.label  # type: ignore[attr-defined]


async def test_empty_database_opens_on_a_first_run_screen(db_path: Path) -> None:
    app = SamApp(db_path, watch=False)
    db.connect(db_path).close()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "no accounts in this database yet" in text
        assert "sam demo" in text
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Acme Corp")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Acme Corp" in screen_text(app) or "going cold" not in screen_text(app)
    assert rows(db_path, "SELECT name FROM account") == [("Acme Corp",)]


async def test_user_text_with_markup_and_escapes_is_shown_literally(db_path: Path) -> None:
    conn = db.connect(db_path)
    from sam_tui.services import accounts, interactions

    accounts.add(conn, accounts.AccountInput(name="[bold]Evil[/] Corp"))
    interactions.log(
        conn,
        account_ref="[bold]evil",
        summary="price [/] x \x1b[2J gone",
        follow_up_due=__import__("datetime").date(2026, 11, 20),
    )
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Evil[/] Corp" in text
        assert "price [/] x ^[[2J gone" in text
        await pilot.press("2")
        await settle(pilot)
        assert "[bold]Evil[/] Corp" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "[bold]Evil[/] Corp" in screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        assert "\x1b" not in screen_text(app)


async def test_a_failing_database_call_is_one_error_notification_not_a_crash(
    demo_db: Path,
) -> None:
    app = SamApp(demo_db, watch=False)

    def broken(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.db_call(broken)
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("disk I/O error" in m for m in messages)
        assert app.is_running


async def test_keys_can_be_remapped_by_binding_id(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\n"sam.log" = "L"\n')
    monkeypatch.setenv("SAM_KEYMAP", str(keymap))
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "Log a client touch" not in screen_text(app)
        await pilot.press("L")
        await settle(pilot)
        assert "Log a client touch" in screen_text(app)
