"""`sam undo`: every kind of write, made and then undone, leaves the database exactly as before.

The table WRITES is the contract: one row per kind of write. A new command that writes
(deals, quotas, objectives, ...) gets a row here; undo itself is generic over tables,
so the row is all it takes. `test_every_write_command_has_a_row` finds the commands in
the source and fails until each has one.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from samcli import fails, ok, query, seed

from sam_tui.domain.enums import Priority, Severity
from sam_tui.services import complaints, follow_ups
from sam_tui.store import db

PACKAGE = Path(__file__).resolve().parents[2] / "sam_tui"

# A step is CLI arguments, or a function of a connection for writes only the cockpit
# offers (it calls the same services).
Step = tuple[str, ...] | Callable[[sqlite3.Connection], object]


class Write(NamedTuple):
    command: str  # as recorded in the change log
    action: Step
    setup: tuple[Step, ...] = ()


FOLLOW_UP = ("follow-up", "add", "globex", "Send the deck", "--due", "2026-12-01")
COMPLAINT = (
    "complaint",
    "open",
    "acme corp",
    "Invoices to the wrong cost centre",
    "--severity",
    "high",
    "--team",
    "finance",
)

PROSPECT = ("prospect", "add", "Initech", "--why", "Same stack as Acme", "--value-estimate", "90k")
REQUEST = ("request", "add", "acme corp", "finance", "Credit the wrong invoices", "--due", "eow")
IDEA = ("idea", "add", "acme corp", "Offer the analytics add-on", "--detail", "They asked twice")
DEAL = ("deal", "add", "acme corp", "Platform expansion", "--amount", "250k", "--close", "eoq")
OBJECTIVE = ("objective", "add", "acme corp", "Run workshops", "--target", "4", "--due", "eoy")

_IMPORT_FIXTURES = PACKAGE.parent / "tests" / "fixtures" / "import"
IMPORTS = {
    "accounts": str(_IMPORT_FIXTURES / "salesforce_accounts_report.csv"),
    "deals": str(_IMPORT_FIXTURES / "salesforce_opportunities_report.csv"),
    "later deals": str(_IMPORT_FIXTURES / "salesforce_opportunities_report_later.csv"),
    "activities": str(_IMPORT_FIXTURES / "salesforce_activities_report.csv"),
}


def _merge_another_book(conn: sqlite3.Connection) -> None:
    """`sam import json` of another book: an account of the same name, new ones, children."""
    from sam_tui.interop import book_json
    from sam_tui.services import accounts, contacts, interactions
    from sam_tui.services.accounts import AccountInput
    from sam_tui.services.contacts import ContactInput

    folder = Path(tempfile.mkdtemp())
    other = db.connect(folder / "other.db")
    try:
        accounts.add(other, AccountInput(name="Globex", notes="theirs"))
        accounts.add(other, AccountInput(name="Initech"))
        contacts.add(other, "initech", ContactInput(name="Peter Gibbons"))
        interactions.log(other, account_ref="initech", summary="Kick-off", contact_ref="peter")
        book_json.export(other, folder / "other.json", force=False)
    finally:
        other.close()
    book_json.load(conn, folder / "other.json", dry_run=False)


WRITES = [
    Write(
        "account add",
        (
            "account",
            "add",
            "Initech",
            "--tier",
            "strategic",
            "--value",
            "250k",
            "--renewal",
            "2027-01-31",
            "--industry",
            "Software",
        ),
    ),
    Write(
        "account edit",
        (
            "account",
            "edit",
            "acme corp",
            "--name",
            "Acme Group",
            "--tier",
            "key",
            "--value",
            "2m",
            "--notes",
            "Board member now",
        ),
    ),
    Write(
        "account edit", ("account", "edit", "acme corp", "--clear", "renewal", "--clear", "value")
    ),
    Write("account archive", ("account", "archive", "globex")),
    Write(
        "account unarchive",
        ("account", "unarchive", "#3"),
        setup=(("account", "archive", "globex"),),
    ),
    Write(
        "contact add",
        (
            "contact",
            "add",
            "globex",
            "Omar Haddad",
            "--role",
            "Head of Ops",
            "--influence",
            "champion",
            "--email",
            "omar@globex.example",
        ),
    ),
    Write(
        "contact edit",
        ("contact", "edit", "jane", "--role", "CEO", "--phone", "+1 555 0100", "--cadence", "10"),
    ),
    Write(
        "log",
        (
            "log",
            "acme corp",
            "CFO agreed to pilot",
            "--channel",
            "call",
            "--with",
            "jane",
            "--sentiment",
            "+",
        ),
    ),
    Write(
        "log",
        (
            "log",
            "globex",
            "QBR went well",
            "--channel",
            "qbr",
            "--follow-up",
            "next friday",
            "--follow-up-note",
            "Send the QBR deck",
            "--high",
        ),
    ),
    Write("follow-up add", FOLLOW_UP),
    Write("follow-up done", ("follow-up", "done", "1"), setup=(FOLLOW_UP,)),
    Write("follow-up snooze", ("follow-up", "snooze", "1", "2026-12-10"), setup=(FOLLOW_UP,)),
    Write("follow-up cancel", ("follow-up", "cancel", "1"), setup=(FOLLOW_UP,)),
    Write(
        "follow-up edit",
        lambda conn: follow_ups.edit(
            conn, 1, title="Send the new deck", due=date(2026, 12, 3), priority=Priority.HIGH
        ),
        setup=(FOLLOW_UP,),
    ),
    Write("complaint open", COMPLAINT),
    Write(
        "complaint update",
        ("complaint", "update", "1", "Finance is reissuing", "--status", "in-progress"),
        setup=(COMPLAINT,),
    ),
    Write(
        "complaint update",
        ("complaint", "update", "1", "Still waiting on finance"),
        setup=(COMPLAINT, ("complaint", "update", "1", "On it")),
    ),
    Write(
        "complaint update",
        ("complaint", "update", "1", "Customer says it is back", "--status", "open"),
        setup=(COMPLAINT, ("complaint", "resolve", "1", "Reissued")),
    ),
    Write(
        "complaint resolve",
        ("complaint", "resolve", "1", "Reissued and credited"),
        setup=(COMPLAINT,),
    ),
    Write(
        "complaint edit",
        lambda conn: complaints.edit(
            conn, 1, title="Invoices wrong", severity=Severity.CRITICAL, team="billing"
        ),
        setup=(COMPLAINT,),
    ),
    Write("prospect add", PROSPECT),
    Write("prospect advance", ("prospect", "advance", "initech"), setup=(PROSPECT,)),
    Write(
        "prospect advance",
        ("prospect", "advance", "initech", "converted"),
        setup=(PROSPECT,),
    ),
    Write(
        "prospect advance",
        ("prospect", "advance", "initech", "disqualified", "--reason", "No budget"),
        setup=(PROSPECT,),
    ),
    Write("request add", REQUEST),
    Write("request done", ("request", "done", "1", "Credit note issued"), setup=(REQUEST,)),
    Write("request block", ("request", "block", "1", "Waiting on legal"), setup=(REQUEST,)),
    Write(
        "request reopen",
        ("request", "reopen", "1"),
        setup=(REQUEST, ("request", "done", "1")),
    ),
    Write("idea add", IDEA),
    Write("idea set", ("idea", "set", "1", "discussed"), setup=(IDEA,)),
    Write(
        "idea promote",
        ("idea", "promote", "1", "--amount", "40k", "--close", "2027-02-15"),
        setup=(IDEA,),
    ),
    Write("deal add", DEAL),
    Write("deal move", ("deal", "move", "1", "negotiation"), setup=(DEAL,)),
    Write("deal won", ("deal", "won", "1", "--when", "yesterday"), setup=(DEAL,)),
    Write("deal lost", ("deal", "lost", "1", "--reason", "Price"), setup=(DEAL,)),
    Write(
        "deal move",
        ("deal", "move", "1", "proposal"),
        setup=(DEAL, ("deal", "lost", "1", "--reason", "Price")),
    ),
    Write(
        "deal edit",
        ("deal", "edit", "1", "--amount", "260k", "--category", "commit", "--clear", "close"),
        setup=(DEAL,),
    ),
    Write("quota set", ("quota", "set", "2026-Q4", "300k")),
    Write(
        "quota set", ("quota", "set", "2026-Q4", "320k"), setup=(("quota", "set", "2026-Q4", "1"),)
    ),
    Write("quota unset", ("quota", "unset", "2026"), setup=(("quota", "set", "2026", "1.2m"),)),
    Write("objective add", OBJECTIVE),
    Write("objective add", ("objective", "add", "New logos", "--target", "6", "--due", "eoy")),
    Write(
        "objective progress",
        ("objective", "progress", "1", "+2", "--note", "Two held"),
        setup=(OBJECTIVE,),
    ),
    Write(
        "objective edit",
        ("objective", "edit", "1", "--target", "5", "--unit", "workshops"),
        setup=(OBJECTIVE,),
    ),
    Write("objective close", ("objective", "close", "1"), setup=(OBJECTIVE,)),
    Write(
        "objective reopen",
        ("objective", "reopen", "1"),
        setup=(OBJECTIVE, ("objective", "close", "1")),
    ),
    Write("config set", ("config", "fiscal-year-start", "feb")),
    Write(
        "config set",
        ("config", "probability.proposal", "40"),
        setup=(("config", "probability.proposal", "35"),),
    ),
    Write(
        "config unset",
        ("config", "sla.high", "--unset"),
        setup=(("config", "sla.high", "5"),),
    ),
    Write("forecast snapshot", ("forecast", "snapshot"), setup=(DEAL,)),
    Write("backup --keep", ("backup", "--keep", "3")),
    Write("backup --keep", ("backup", "--keep", "0"), setup=(("backup", "--keep", "5"),)),
    Write("import csv", ("import", "csv", "accounts", IMPORTS["accounts"])),
    Write("import csv", ("import", "csv", "deals", IMPORTS["deals"], "--create-accounts")),
    Write(
        "import csv",
        ("import", "csv", "deals", IMPORTS["later deals"]),
        setup=(("import", "csv", "deals", IMPORTS["deals"], "--create-accounts"),),
    ),
    Write(
        "import csv", ("import", "csv", "activities", IMPORTS["activities"], "--create-accounts")
    ),
    Write("import json", lambda conn: _merge_another_book(conn)),
]


def run(sam: Any, db_path: Path, step: Step) -> None:
    if callable(step):
        conn = db.connect(db_path)
        try:
            step(conn)
        finally:
            conn.close()
    else:
        ok(sam(*step))


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the change log, in a stable order.

    A full-text index is compared by what it holds (rowid and text), not by its shadow
    tables: FTS5 keeps deletions as tombstones, so the same content can differ in bytes.
    """
    conn = sqlite3.connect(path)
    try:
        schema = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'change_log'"
        ).fetchall()
        virtual = [name for name, sql in schema if sql.upper().startswith("CREATE VIRTUAL")]
        tables = [name for name, _ in schema if not any(name.startswith(v + "_") for v in virtual)]
        return {
            t: sorted(conn.execute(f'SELECT rowid, * FROM "{t}"').fetchall(), key=repr)
            if t in virtual
            else sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
        }
    finally:
        conn.close()


def batches(path: Path) -> list[tuple[str, int]]:
    return query(
        path, "SELECT command, max(undone) FROM change_log GROUP BY batch ORDER BY max(id)"
    )


@pytest.mark.parametrize(
    "write",
    WRITES,
    ids=lambda w: " ".join(w.action if isinstance(w.action, tuple) else [w.command]),
)
def test_undo_restores_the_database_exactly(sam, db_path, write: Write):
    seed(sam)
    for step in write.setup:
        run(sam, db_path, step)
    before = dump(db_path)
    history_before = batches(db_path)

    run(sam, db_path, write.action)
    assert dump(db_path) != before, "the write changed nothing: the case tests nothing"
    assert batches(db_path)[-1] == (write.command, 0)

    out = ok(sam("undo", "--yes"))
    assert out.startswith(f"Undo: {write.command} (Thu 26 Nov 09:00)\n")
    assert dump(db_path) == before
    # the undo is on record, the original marked undone, and nothing else moved
    assert batches(db_path) == [*history_before, (write.command, 1), (f"undo: {write.command}", 0)]
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "PRAGMA foreign_key_check") == []


def _write_commands() -> set[str]:
    """Every command name passed to db.write in the package (literal strings)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        # db.write(conn, "follow-up done", now) as tx / db.write(c, "a" if x else "b", now())
        for call in re.findall(r"db\.write\(\s*\w+\s*,\s*(.+?),\s*[^,\n]+\)\s+as\s", source):
            found.update(re.findall(r'"([^"]+)"', call))
        # services that take the command as a parameter name it in their default
        found.update(re.findall(r'command: str = "([^"]+)"', source))
    return found - {"undo"}  # undo is not undone: it is skipped, and `sam undo` goes further


def test_every_write_command_has_a_row():
    commands = _write_commands()
    assert {"log", "account add", "complaint edit"} <= commands  # the scan works
    missing = commands - {w.command for w in WRITES}
    assert not missing, f"add a row to WRITES for: {sorted(missing)}"


def test_repeated_undo_walks_back_to_an_empty_database(sam, db_path):
    seed(sam)
    ok(sam(*FOLLOW_UP))
    ok(sam("log", "globex", "Called", "--follow-up", "tomorrow"))
    ok(sam("follow-up", "done", "1"))
    undone = [ok(sam("undo", "--yes")).splitlines()[0] for _ in range(8)]
    assert [line.removeprefix("Undo: ").removesuffix(" (Thu 26 Nov 09:00)") for line in undone] == [
        "follow-up done",
        "log",
        "follow-up add",
        "contact add",
        "contact add",
        "account add",
        "account add",
        "account add",
    ]
    assert all(rows == [] for rows in dump(db_path).values())
    line = fails(sam("undo", "--yes"))
    assert line == "error: nothing to undo: no change recorded since the last undo"


def test_undo_reverts_the_latest_command_after_an_undo_not_the_undo(sam, db_path):
    seed(sam)
    ok(sam(*FOLLOW_UP))
    ok(sam("follow-up", "done", "1"))
    ok(sam("undo", "--yes"))  # the follow-up is open again
    ok(sam("follow-up", "snooze", "1", "2026-12-08"))
    assert ok(sam("undo", "--yes")).startswith("Undo: follow-up snooze")
    assert ok(sam("undo", "--yes")).startswith("Undo: follow-up add")  # not a redo of "done"
    assert query(db_path, "SELECT count(*) FROM follow_up") == [(0,)]


def test_undo_list_shows_the_plan_and_changes_nothing(sam, db_path):
    seed(sam)
    ok(sam("log", "acme corp", "CFO agreed to pilot", "--follow-up", "next friday"))
    before, log_before = dump(db_path), query(db_path, "SELECT * FROM change_log")
    out = ok(sam("undo", "--list"))
    assert out == (
        "The next undo reverts: log (Thu 26 Nov 09:00)\n"
        "    follow-up #1 deleted: 'CFO agreed to pilot'\n"
        "    interaction #1 deleted: 'CFO agreed to pilot'\n"
    )
    assert dump(db_path) == before
    assert query(db_path, "SELECT * FROM change_log") == log_before


def test_undo_shows_what_it_reverts(sam, db_path):
    seed(sam)
    ok(sam(*FOLLOW_UP))
    ok(sam("follow-up", "snooze", "1", "2026-12-10"))
    assert ok(sam("undo", "--yes")) == (
        "Undo: follow-up snooze (Thu 26 Nov 09:00)\n"
        "    follow-up #1: due date Thu 10 Dec → Tue 1 Dec, snooze count 1 → 0\n"
        "Undone. `sam undo` again goes one command further back.\n"
    )


# --- refusals --------------------------------------------------------------------------


def test_nothing_to_undo_on_a_new_database(sam, db_path):
    assert fails(sam("undo", "--yes")) == (
        "error: nothing to undo: no change recorded since the last undo"
    )
    assert fails(sam("undo", "--list")).startswith("error: nothing to undo")


def test_without_a_terminal_undo_needs_yes(sam, db_path):
    seed(sam)
    before = dump(db_path)
    line = fails(sam("undo"))
    assert "not a terminal" in line and "--yes" in line
    assert dump(db_path) == before


def _raw(path: Path, sql: str, *params: object) -> None:
    """Another program writing to the file behind sam's back (no change log entry)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def _refused(sam: Any, db_path: Path) -> str:
    before, log_before = dump(db_path), query(db_path, "SELECT * FROM change_log")
    result = sam("undo", "--yes")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot undo")
    assert lines[0].endswith("; nothing was undone")
    assert dump(db_path) == before
    assert query(db_path, "SELECT * FROM change_log") == log_before
    return lines[0]


def test_a_row_changed_since_is_a_conflict_naming_the_change(sam, db_path):
    seed(sam)
    ok(sam(*FOLLOW_UP))
    ok(sam("follow-up", "done", "1"))
    _raw(db_path, "UPDATE follow_up SET status = 'cancelled' WHERE id = 1")
    assert _refused(sam, db_path) == (
        "error: cannot undo 'follow-up done' (Thu 26 Nov 09:00): follow-up #1 was changed since "
        "(status is now cancelled, not done); nothing was undone"
    )
    # --list runs the same checks
    assert "follow-up #1 was changed since" in sam("undo", "--list").stderr


def test_a_created_row_that_gained_children_since_is_a_conflict(sam, db_path):
    seed(sam)
    ok(sam("account", "add", "Initech"))
    _raw(
        db_path,
        "INSERT INTO interaction (account_id, occurred_at, channel, direction, summary, "
        "sentiment, created_at) VALUES (4, 'x', 'call', 'out', 'imported', 0, 'x')",
    )
    assert _refused(sam, db_path) == (
        "error: cannot undo 'account add' (Thu 26 Nov 09:00): account #4 is still used by "
        "1 interaction added since; nothing was undone"
    )


def test_a_row_deleted_since_is_a_conflict(sam, db_path):
    seed(sam)
    ok(sam(*FOLLOW_UP))
    _raw(db_path, "DELETE FROM follow_up WHERE id = 1")
    assert _refused(sam, db_path).endswith("follow-up #1 no longer exists; nothing was undone")


def test_an_undo_refuses_if_another_command_landed_after_the_confirmation(sam, db_path):
    from sam_tui.domain.errors import Conflict
    from sam_tui.services import history

    seed(sam)
    conn = db.connect(db_path)
    try:
        plan = history.pending(conn)
        ok(sam(*FOLLOW_UP))  # another terminal, while the user reads the question
        with pytest.raises(Conflict, match="'follow-up add' \\(made meanwhile\\)"):
            history.undo(conn, batch=plan.batch)
    finally:
        conn.close()
    assert query(db_path, "SELECT count(*) FROM follow_up") == [(1,)]


def test_a_change_recorded_under_an_older_schema_is_refused_not_a_crash(sam, db_path):
    seed(sam)
    ok(sam("account", "edit", "globex", "--tier", "key"))
    # as if a later schema had renamed the column the change log names
    _raw(
        db_path,
        'UPDATE change_log SET "after" = replace("after", \'"tier"\', \'"level"\'), '
        '"before" = replace("before", \'"tier"\', \'"level"\') WHERE command = \'account edit\'',
    )
    assert _refused(sam, db_path).endswith(
        "account #3 was recorded with columns that no longer exist (level); nothing was undone"
    )
