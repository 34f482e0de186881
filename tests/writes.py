"""The writes sam can make, one row per kind: shared by the tests that make each of them.

``tests/cli/test_undo.py`` undoes each one and compares every table; ``tests/trust`` makes
each one with stdout full, closed, a broken pipe or a narrow encoding. A new command that
writes gets a row in ``WRITES``; ``test_every_write_command_has_a_row`` fails until it has.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sam_tui.domain.enums import Priority, Severity
from sam_tui.services import complaints, follow_ups

PACKAGE = Path(__file__).resolve().parents[1] / "sam_tui"

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
    from sam_tui.store import db

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
    Write(
        "log",
        (
            "log",
            "acme corp",
            "Called: invoices reissued, deck sent",
            "--done",
            "1",
            "--complaint",
            "1",
            "--status",
            "waiting-customer",
        ),
        setup=(("follow-up", "add", "acme corp", "Deck", "--due", "2026-11-20"), COMPLAINT),
    ),
    Write("follow-up add", FOLLOW_UP),
    Write("follow-up done", ("follow-up", "done", "1"), setup=(FOLLOW_UP,)),
    Write(
        "follow-up done",
        # the clock is 09:00 and they were added then: "today 08:00" is as far back as they go
        ("follow-up", "done", "1", "2", "--outcome", "Both sent", "--when", "today 08:00"),
        setup=(FOLLOW_UP, ("follow-up", "add", "globex", "Call back", "--due", "2026-12-02")),
    ),
    Write("follow-up snooze", ("follow-up", "snooze", "1", "2026-12-10"), setup=(FOLLOW_UP,)),
    Write("follow-up cancel", ("follow-up", "cancel", "1"), setup=(FOLLOW_UP,)),
    Write(
        "follow-up edit",
        lambda conn: follow_ups.edit(
            conn,
            1,
            follow_ups.FollowUpChanges(
                title="Send the new deck", due=date(2026, 12, 3), priority=Priority.HIGH
            ),
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
            conn,
            1,
            complaints.ComplaintChanges(
                title="Invoices wrong", severity=Severity.CRITICAL, team="billing"
            ),
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
    Write("deal won", ("deal", "won", "1", "--when", "today 08:00"), setup=(DEAL,)),
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
        "objective edit", ("objective", "edit", "1", "--target", "5", "--unit", "workshops"),
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


def write_commands() -> set[str]:
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
