"""The bad-input corpus (issue 7) through every command that takes text, a date or an amount.

Each corpus entry runs through every command row of its kind, one after the other on a
fresh copy of a small portfolio. Each run either works, storing the value as typed and
printing nothing that drives the terminal (no raw ESC, C1 or bidi control; Rich markup
printed as typed), or is refused in one clear line with exit 1 and nothing written (row
counts and the change log unchanged). After the writes, every view of the data is printed
and checked the same way.

COMMANDS is the one table of commands: a command from another branch (deal, quota,
objective, prospect, request, idea, search) joins the corpus by adding its rows there.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samcli import counts, ok, seed

from sam_tui.cli import parsing
from sam_tui.domain.errors import DateParseError, SamError
from sam_tui.domain.text import one_line
from sam_tui.store import db

# --- the corpus ---------------------------------------------------------------------------

ONE_MEGABYTE = "note " * 200_000

TEXT = {
    "rich-markup": "[bold]x[/]",
    "markup-close-tag": "price [/] x",
    "markup-action-link": "[@click=app.quit]quit[/]",
    "csi-colour": "\x1b[31mred\x1b[0m text",
    "csi-clear-screen": "\x1b[2J\x1b[H wiped",
    "osc-52-clipboard": "\x1b]52;c;ZXZpbA==\x07 clipboard",
    "c1-csi": "\x9b31m c1 red",
    "bidi-override": "invoice \u202egnp.exe",
    "nul": "before\x00after",
    "line-breaks": "one\ntwo\r\nthree\u2028four",
    "emoji-zwj": "👩\u200d👩\u200d👧\u200d👦 family 🏳️\u200d🌈",
    "accents": "Café Müller — Ærøskøbing",
    "search-syntax": 'pallet" OR * NEAR( -x: ^',
    "one-megabyte": ONE_MEGABYTE,
}
DATES = {
    "feb-30": "Feb 30",
    "iso-feb-30": "2026-02-30",
    "month-13": "2026-13-01",
    "year-1": "0001-01-01",
    "year-9999": "9999-12-31",
    "year-10000": "10000-01-01",
    "far-future-phrase": "in 99999 weeks",
    "escape-in-a-date": "\x1b[2Jfriday",
}
AMOUNTS = {
    "negative": "-5",
    "negative-with-currency": "-$1,000",
    "beyond-int64-cents": "99999999999999999999",
    "int64-max-as-cents": "92233720368547758.07",
    "huge-with-suffix": "9999999bn",
    "exponent": "1e9",
    "not-a-number": "NaN",
    "fullwidth-digits": "１２３",
}
PERIODS = {
    "quarter-5": "2026-Q5",
    "quarter-0": "2026-Q0",
    "week-54": "2026-W54",
    "week-0": "2026-W00",
    "period-month-13": "2026-13",
    "year-0": "0000",
    "period-year-9999": "9999",
    "period-year-10000": "10000",
    "lower-case": "2026-q4",
    "a-word": "last",
    "period-feb-30": "2026-02-30",
    "escape-in-a-period": "\x1b[2J2026-Q4",
}
NUMBERS = {
    "number-nan": "NaN",
    "infinity": "inf",
    "minus-infinity": "-inf",
    "minus-one": "-1",
    "zero": "0",
    "plus-three": "+3",
    "overflows-a-float": "1e400",
    "number-beyond-int64": "99999999999999999999",
    "fraction": "2.5",
    "decimal-comma": "1,5",
    "hex": "0x10",
    "number-fullwidth-digits": "１２",
}
# entry names are unique across the kinds (one dict below)
CORPUS: dict[str, tuple[str, str]] = {
    **{k: ("text", v) for k, v in TEXT.items()},
    **{k: ("period", v) for k, v in PERIODS.items()},
    **{k: ("number", v) for k, v in NUMBERS.items()},
    **{k: ("date", v) for k, v in DATES.items()},
    **{k: ("amount", v) for k, v in AMOUNTS.items()},
}

# --- the commands ---------------------------------------------------------------------------

V = "\x00VALUE\x00"  # where the corpus value goes in a command line


class Outcome(NamedTuple):
    ok: bool
    text: str  # stdout on success, the one error line on refusal


class Command(NamedTuple):
    kind: str  # which corpus entries it takes: text, date, amount, period or number
    run: Callable[[Any, Path, str], Outcome]
    stored: str | None = None  # a query for the value afterwards: it must be as typed
    # "ok": must work; "refused": must be refused; "either": each is fine, if clean
    expect: str = "ok"


def cli(*args: str) -> Callable[[Any, Path, str], Outcome]:
    def run(sam: Any, _path: Path, value: str) -> Outcome:
        result = sam(*(a.replace(V, value) for a in args))
        if result.exit_code == 0:
            return Outcome(True, ok(result))
        return Outcome(False, _refusal(result))

    return run


def cockpit(call: Callable[[sqlite3.Connection, str], object]) -> Callable[..., Outcome]:
    """A write the cockpit's forms make (no CLI command for it yet): the same service call,
    on a connection of its own; a SamError is what the form shows in one line."""

    def run(_sam: Any, path: Path, value: str) -> Outcome:
        conn = db.connect(path)
        try:
            call(conn, value)
        except SamError as exc:
            return Outcome(False, "error: " + one_line(str(exc)))
        finally:
            conn.close()
        return Outcome(True, "")

    return run


def _backup(sam: Any, path: Path, value: str) -> Outcome:
    """`sam backup PATH` to a file named by the value, beside the database."""
    return cli("backup", f"{path.parent}/{V}.db")(sam, path, value)


def _edit_follow_up_title(conn: sqlite3.Connection, value: str) -> None:
    from sam_tui.services import follow_ups

    follow_ups.edit(conn, 1, follow_ups.FollowUpChanges(title=value))


def _edit_follow_up_due(conn: sqlite3.Connection, value: str) -> None:
    from sam_tui import clock
    from sam_tui.domain import dates
    from sam_tui.services import follow_ups

    follow_ups.edit(conn, 1, follow_ups.FollowUpChanges(due=dates.parse_date(value, clock.today())))


def _edit_complaint(conn: sqlite3.Connection, value: str) -> None:
    from sam_tui.services import complaints

    complaints.edit(conn, 1, complaints.ComplaintChanges(title=value, team=value))


COMMANDS: dict[str, Command] = {
    # text
    "log": Command(
        "text", cli("log", "acme corp", V), "SELECT summary FROM interaction ORDER BY id DESC"
    ),
    "log --follow-up-note": Command(
        "text",
        cli("log", "acme corp", "Call", "-f", "friday", "--follow-up-note", V),
        "SELECT title FROM follow_up ORDER BY id DESC",
    ),
    "log --with (a contact reference)": Command(
        "text", cli("log", "acme corp", "Call", "--with", V), expect="either"
    ),
    "account add NAME": Command(
        "text", cli("account", "add", V), "SELECT name FROM account ORDER BY id DESC"
    ),
    "account add --industry --region --notes": Command(
        "text",
        cli("account", "add", "Hooli", "--industry", V, "--region", V, "--notes", V),
        "SELECT notes FROM account WHERE name = 'Hooli'",
    ),
    "account edit --name": Command(
        "text", cli("account", "edit", "acme labs", "--name", V + " (renamed)")
    ),
    "account edit --industry --region --notes": Command(
        "text",
        cli("account", "edit", "globex", "--industry", V, "--region", V, "--notes", V),
        "SELECT region FROM account WHERE name = 'Globex'",
    ),
    "contact add NAME --role --phone": Command(
        "text",
        cli("contact", "add", "globex", V, "--role", V, "--phone", V),
        "SELECT role FROM contact ORDER BY id DESC",
    ),
    "contact add --email": Command(
        "text", cli("contact", "add", "globex", "Ann", "--email", V), expect="either"
    ),
    "contact edit --name --role --phone": Command(
        "text",
        cli("contact", "edit", "bob", "--name", V, "--role", V, "--phone", V),
        "SELECT phone FROM contact WHERE id = 2",
    ),
    "follow-up add TEXT": Command(
        "text",
        cli("follow-up", "add", "acme corp", V, "--due", "friday"),
        "SELECT title FROM follow_up ORDER BY id DESC",
    ),
    "complaint open TEXT --team": Command(
        "text",
        cli("complaint", "open", "globex", V, "--team", V),
        "SELECT team FROM complaint ORDER BY id DESC",
    ),
    "complaint update TEXT": Command(
        "text",
        cli("complaint", "update", "1", V),
        "SELECT text FROM complaint_update ORDER BY id DESC",
    ),
    "complaint resolve TEXT": Command(
        "text",
        cli("complaint", "resolve", "2", V),
        "SELECT resolution FROM complaint WHERE id = 2",
    ),
    "follow-up edit title (cockpit form)": Command(
        "text", cockpit(_edit_follow_up_title), "SELECT title FROM follow_up WHERE id = 1"
    ),
    "complaint edit title, team (cockpit form)": Command(
        "text", cockpit(_edit_complaint), "SELECT team FROM complaint WHERE id = 1"
    ),
    "request add TEAM TEXT": Command(
        "text",
        cli("request", "add", "globex", V, V),
        "SELECT ask FROM internal_request ORDER BY id DESC",
    ),
    "request done OUTCOME": Command(
        "text", cli("request", "done", "1", V), "SELECT outcome FROM internal_request WHERE id = 1"
    ),
    "request block REASON": Command(
        "text", cli("request", "block", "2", V), "SELECT outcome FROM internal_request WHERE id = 2"
    ),
    "idea add TEXT --detail": Command(
        "text",
        cli("idea", "add", "globex", V, "--detail", V),
        "SELECT detail FROM idea ORDER BY id DESC",
    ),
    "prospect add NAME --why --industry": Command(
        "text",
        cli("prospect", "add", V + " (prospect)", "--why", V, "--industry", V),
        "SELECT fit_reason FROM account ORDER BY id DESC",
    ),
    "prospect advance --reason": Command(
        "text",
        cli("prospect", "advance", "initech", "disqualified", "--reason", V),
        "SELECT disqualified_reason FROM account WHERE name = 'Initech'",
    ),
    "search TEXT": Command("text", cli("search", V), expect="either"),
    "deal add NAME": Command(
        "text",
        cli("deal", "add", "globex", V, "--amount", "10k"),
        "SELECT name FROM deal ORDER BY id DESC",
    ),
    "deal edit --name": Command(
        "text", cli("deal", "edit", "1", "--name", V), "SELECT name FROM deal WHERE id = 1"
    ),
    "deal lost --reason": Command(
        "text", cli("deal", "lost", "2", "--reason", V), "SELECT lost_reason FROM deal WHERE id = 2"
    ),
    "objective add TITLE --unit": Command(
        "text",
        cli("objective", "add", "globex", V, "--target", "10", "--due", "eoq", "--unit", V),
        "SELECT title FROM objective ORDER BY id DESC",
    ),
    "objective edit --title": Command(
        "text", cli("objective", "edit", "1", "--title", V), "SELECT title FROM objective"
    ),
    "objective progress --note": Command(
        "text",
        cli("objective", "progress", "1", "+1", "--note", V),
        "SELECT note FROM objective_progress ORDER BY id DESC",
    ),
    "config KEY": Command("text", cli("config", "--", V), expect="refused"),
    "config KEY VALUE": Command("text", cli("config", "sla.high", "--", V), expect="either"),
    "history ACCOUNT": Command("text", cli("history", V), expect="either"),
    "backup PATH": Command("text", _backup, expect="either"),
    "restore PATH (no such file)": Command("text", cli("restore", V, "--yes"), expect="refused"),
    "search --account": Command("text", cli("search", "call", "--account", V), expect="either"),
    # references and list filters: an unknown one is refused, naming it cleanly
    "account show REF": Command("text", cli("account", "show", V), expect="either"),
    "contact list ACCOUNT": Command("text", cli("contact", "list", V), expect="either"),
    "follow-up list --account": Command(
        "text", cli("follow-up", "list", "--account", V), expect="either"
    ),
    "complaint list --account": Command(
        "text", cli("complaint", "list", "--account", V), expect="either"
    ),
    "complaint show ID": Command("text", cli("complaint", "show", V), expect="refused"),
    "follow-up done ID": Command("text", cli("follow-up", "done", V), expect="refused"),
    # dates
    "log --when": Command("date", cli("log", "acme corp", "Call", "--when", V), expect="either"),
    "log --follow-up": Command("date", cli("log", "acme corp", "Call", "-f", V), expect="either"),
    "follow-up add --due": Command(
        "date", cli("follow-up", "add", "globex", "Call", "--due", V), expect="either"
    ),
    "follow-up snooze": Command("date", cli("follow-up", "snooze", "1", V), expect="either"),
    "follow-up edit due (cockpit form)": Command(
        "date", cockpit(_edit_follow_up_due), expect="either"
    ),
    "account add --renewal": Command(
        "date", cli("account", "add", "Hooli", "--renewal", V), expect="either"
    ),
    "request add --due": Command(
        "date", cli("request", "add", "globex", "finance", "Call", "--due", V), expect="either"
    ),
    "idea promote --close": Command(
        "date", cli("idea", "promote", "1", "--amount", "50k", "--close", V), expect="either"
    ),
    "account edit --renewal": Command(
        "date", cli("account", "edit", "globex", "--renewal", V), expect="either"
    ),
    "deal add --close": Command(
        "date",
        cli("deal", "add", "globex", "Pilot", "--amount", "10k", "--close", V),
        expect="either",
    ),
    "deal edit --close": Command("date", cli("deal", "edit", "1", "--close", V), expect="either"),
    "deal won --when": Command("date", cli("deal", "won", "1", "--when", V), expect="either"),
    "deal lost --when": Command(
        "date", cli("deal", "lost", "2", "-r", "price", "--when", V), expect="either"
    ),
    "deal move --when": Command(
        "date", cli("deal", "move", "3", "won", "--when", V), expect="either"
    ),
    "objective add --due --start": Command(
        "date",
        cli("objective", "add", "Workshops", "--target", "3", "--due", V, "--start", V),
        expect="either",
    ),
    "objective edit --due": Command(
        "date", cli("objective", "edit", "1", "--due", V), expect="either"
    ),
    "objective edit --start": Command(
        "date", cli("objective", "edit", "1", "--start", V), expect="either"
    ),
    # periods
    "quota set PERIOD": Command("period", cli("quota", "set", "--", V, "100k"), expect="refused"),
    "metrics --period": Command("period", cli("metrics", "--period", V), expect="refused"),
    "metrics --period --json": Command(
        "period", cli("metrics", "--period", V, "--json"), expect="refused"
    ),
    "forecast --period": Command("period", cli("forecast", "--period", V), expect="refused"),
    "forecast snapshot --period": Command(
        "period", cli("forecast", "snapshot", "--period", V), expect="refused"
    ),
    "report week --period": Command(
        "period", cli("report", "week", "--period", V), expect="refused"
    ),
    "report week --period --format json": Command(
        "period", cli("report", "week", "--period", V, "--format", "json"), expect="refused"
    ),
    # plain numbers: targets, progress, probabilities and settings
    "objective add --target": Command(
        "number", cli("objective", "add", "Sites", "--target", V, "--due", "eoq"), expect="either"
    ),
    "objective edit --target": Command(
        "number", cli("objective", "edit", "1", "--target", V), expect="either"
    ),
    "objective progress VALUE": Command(
        "number", cli("objective", "progress", "1", "--", V), expect="either"
    ),
    "deal add --probability": Command(
        "number",
        cli("deal", "add", "globex", "Pilot", "--amount", "10k", "--probability", V),
        expect="either",
    ),
    "deal edit --probability": Command(
        "number", cli("deal", "edit", "1", "--probability", V), expect="either"
    ),
    "config fiscal-year-start": Command(
        "number", cli("config", "fiscal-year-start", "--", V), expect="either"
    ),
    "config probability.proposal": Command(
        "number", cli("config", "probability.proposal", "--", V), expect="either"
    ),
    "config sla.high": Command("number", cli("config", "sla.high", "--", V), expect="either"),
    # amounts: none of the corpus is a sane annual value
    "account add --value": Command(
        "amount", cli("account", "add", "Hooli", "--value", V), expect="refused"
    ),
    "account edit --value": Command(
        "amount", cli("account", "edit", "globex", "--value", V), expect="refused"
    ),
    "prospect add --value-estimate": Command(
        "amount",
        cli("prospect", "add", "Umbrella", "--why", "fit", "--value-estimate", V),
        expect="refused",
    ),
    "idea promote --amount": Command(
        "amount", cli("idea", "promote", "1", "--amount", V), expect="refused"
    ),
    "deal add --amount": Command(
        "amount", cli("deal", "add", "globex", "Pilot", "--amount", V), expect="refused"
    ),
    "deal edit --amount": Command(
        "amount", cli("deal", "edit", "1", "--amount", V), expect="refused"
    ),
    "quota set AMOUNT": Command(
        "amount", cli("quota", "set", "2026-Q4", "--", V), expect="refused"
    ),
}

# the options that read a fiscal period (``quotas.resolve_period``)
_FISCAL_PERIOD_OPTIONS = (
    "quota set PERIOD",
    "metrics --period",
    "metrics --period --json",
    "forecast --period",
    "forecast snapshot --period",
)

# Where an entry's outcome differs from the command's default, and why.
EXPECTED: dict[tuple[str, str], str] = {
    # "Feb 30" and friends are not dates
    **{
        (entry, name): "refused"
        for entry in ("feb-30", "iso-feb-30", "month-13", "year-10000")
        for name, c in COMMANDS.items()
        if c.kind == "date"
    },
    # full-width digits are read as the digits they are (Decimal does): 123
    ("fullwidth-digits", "account add --value"): "ok",
    ("fullwidth-digits", "account edit --value"): "ok",
    ("fullwidth-digits", "prospect add --value-estimate"): "ok",
    ("fullwidth-digits", "idea promote --amount"): "ok",
    ("fullwidth-digits", "deal add --amount"): "ok",
    ("fullwidth-digits", "deal edit --amount"): "ok",
    ("fullwidth-digits", "quota set AMOUNT"): "ok",
    # periods are read case-blind; the week report also takes a date
    **{("lower-case", name): "ok" for name in _FISCAL_PERIOD_OPTIONS},
    # "last" (the last week for the week report, the last fiscal quarter for the others)
    **{
        ("a-word", name): "ok"
        for name in (
            *_FISCAL_PERIOD_OPTIONS,
            "report week --period",
            "report week --period --format json",
        )
    },  # fmt: skip
}

# Views printed after the writes: each must succeed and print nothing unsafe.
VIEWS = [
    ["today"],
    ["today", "--explain"],
    ["today", "--json"],
    ["account", "list", "--archived"],
    ["account", "list", "--json"],
    ["account", "show", "acme corp"],
    ["account", "show", "globex", "--json"],
    ["account", "show", "globex"],
    ["contact", "list"],
    ["contact", "list", "--json"],
    ["follow-up", "list", "--all"],
    ["follow-up", "list", "--all", "--json"],
    ["complaint", "list"],
    ["complaint", "list", "--json"],
    ["complaint", "show", "1"],
    ["complaint", "show", "2"],
    ["request", "list"],
    ["request", "owed"],
    ["idea", "list"],
    ["prospect", "list"],
    ["prospect", "show", "initech"],
    ["week"],
    ["deal", "list"],
    ["deal", "list", "--json"],
    ["deal", "show", "1"],
    ["deal", "show", "2"],
    ["quota", "list"],
    ["objective", "list"],
    ["objective", "show", "1"],
    ["metrics"],
    ["forecast"],
    ["forecast", "--json"],
    ["history"],
    ["history", "--json"],
    ["config"],
    ["report", "week", "--format", "md"],
]

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _unsafe(text: str) -> list[str]:
    return sorted({repr(c) for c in UNSAFE.findall(text.replace("\n", ""))})


def _refusal(result: Any) -> str:
    """A refusal: exit 1, one `error:` line, no traceback (else the test fails here)."""
    assert result.exit_code == 1, (result.exit_code, result.stderr[:300], result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines[:3]
    assert result.stdout == ""
    return lines[0]


def _stored(path: Path, query: str) -> Any:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def _every_count(path: Path) -> dict[str, int]:
    """Rows in every table (samcli.counts knows only the first ones)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


_template: dict[str, Path] = {}


@pytest.fixture
def world(sam, db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed portfolio plus follow-up #1, complaints #1 and #2, requests #1 and #2, idea
    #1, the prospect Initech (#4), deals #1-#3 and objective #1, all open; built once."""
    if "path" not in _template:
        seed(sam)
        ok(sam("follow-up", "add", "acme corp", "Send the deck", "--due", "friday"))
        ok(sam("complaint", "open", "acme corp", "Late delivery", "--severity", "high"))
        ok(sam("complaint", "open", "globex", "Wrong invoice"))
        ok(sam("request", "add", "globex", "finance", "Credit note"))
        ok(sam("request", "add", "globex", "logistics", "Ship the spare"))
        ok(sam("idea", "add", "globex", "Cross-dock"))
        ok(sam("prospect", "add", "Initech", "--why", "Same industry as Acme"))
        for deal in ("Renewal 2027", "Second site", "Spares"):
            ok(sam("deal", "add", "acme corp", deal, "--amount", "50k", "--close", "eoq"))
        ok(sam("objective", "add", "globex", "Workshops", "--target", "10", "--due", "eoq"))
        # WAL folded into the file: a plain copy is the whole database
        db.connect(db_path).close()
        _template["path"] = tmp_path_factory.mktemp("corpus") / "template.db"
        shutil.copy2(db_path, _template["path"])  # keeps 0600: sam would say otherwise
    else:
        shutil.copy2(_template["path"], db_path)
    return db_path


@pytest.mark.parametrize("entry", list(CORPUS))
def test_corpus_entry_through_every_command(sam, world: Path, entry: str) -> None:
    kind, value = CORPUS[entry]
    outcomes: dict[str, str] = {}
    for name, command in COMMANDS.items():
        if command.kind != kind:
            continue
        before = _every_count(world)
        outcome = command.run(sam, world, value)
        where = f"{entry} through {name}"
        assert not _unsafe(outcome.text), f"{where}: {_unsafe(outcome.text)} reached the terminal"
        if outcome.ok:
            if command.stored:
                assert _stored(world, command.stored) == value.strip(), f"{where}: not as typed"
        else:
            assert _every_count(world) == before, f"{where}: refused, yet something was written"
        outcomes[name] = "ok" if outcome.ok else "refused"
        expected = EXPECTED.get((entry, name), command.expect)
        if expected != "either":
            assert outcomes[name] == expected, f"{where}: {outcome.text[:200]}"

    for view in VIEWS:
        shown = ok(sam(*view))
        assert not _unsafe(shown), f"{' '.join(view)} after {entry}: {_unsafe(shown)}"
    if kind == "text" and len(value) < 40:
        # markup and escapes appear as typed (made visible), not interpreted or dropped
        shown = ok(sam("complaint", "show", "1"))
        assert one_line(value) in shown


# --- names that differ only in case or accents ---------------------------------------------


NAMES = [
    (["account", "add", "Café"], "Added account #5 Café"),
    # one name but for accents: `sam log cafe` would no longer find the Café it always did
    (["account", "add", "cafe"], "error: 'cafe' is the name of 'Café' (#5) but for accents"),
    (["account", "add", "CAFÉ"], "error: an account named 'Café' already exists (#5)"),
    (["account", "add", "CAFE"], "error: 'CAFE' is the name of 'Café' (#5) but for accents"),
    (["log", "CAFÉ", "Call"], "Logged note with Café"),
    (["log", "Cafe", "Call"], "Logged note with Café"),
    (["log", "caf", "Call"], "Logged note with Café"),
    (["account", "add", "Café Noir"], "Added account #6 Café Noir"),
    (["log", "caf", "Call"], "error: 'caf' matches several accounts: Café (#5), Café Noir (#6)"),
    (["account", "edit", "#6", "--name", "CAFÉ"], "error: an account named 'Café'"),
    (["contact", "add", "café", "Zoë"], "Added contact #3 Zoë at Café"),
    (["contact", "add", "café", "ZOË"], "Added contact #4 ZOË at Café"),
    (["log", "café", "Call", "--with", "zoë"], "error: 'zoë' matches several contacts"),
]


def test_names_differing_only_in_case_or_accents(sam, world: Path) -> None:
    for args, expected in NAMES:
        result = sam(*args)
        shown = ok(result) if expected[:6] != "error:" else _refusal(result)
        assert shown.startswith(expected), (args, shown)


def test_a_touch_dated_before_year_1000_leaves_every_view_working(sam, world: Path) -> None:
    """It was stored as '999-06-01T12:00:00Z': `sam account list` failed from then on, and the
    account's last touch stuck (the string sorts after every later year)."""
    ok(sam("log", "globex", "Typo in the year", "--when", "0999-06-01"))
    for view in (["account", "list"], ["account", "show", "globex"], ["today"]):
        ok(sam(*view))
    ok(sam("log", "globex", "Today's call"))
    assert _stored(world, "SELECT last_touch_at FROM account WHERE name = 'Globex'") == (
        "2026-11-26T09:00:00Z"
    )
    assert _stored(world, "SELECT min(occurred_at) FROM interaction") == "0999-06-01T12:00:00Z"


def test_the_first_day_of_year_1_is_refused_not_a_crash(sam, world: Path) -> None:
    before = counts(world)
    line = _refusal(sam("log", "globex", "Call", "--when", "0001-01-01"))
    assert line == "error: '0001-01-01' is too far in the past to record"
    assert counts(world) == before


# --- date phrases at any clock, through the CLI's own parsing -------------------------------

ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
DATE_TOKENS = st.sampled_from(
    ["0001-01-01", "0001-01-01 00:30", "0001-01-02", "9999-12-31", "9999-12-31 23:59",
     "10000-01-01", "today", "yesterday", "tomorrow", "eoy", "eow", "next friday", "last mon",
     "in 99999 weeks", "99999 days ago", "3650000 days ago", "+1d", "-2w", "Feb 29", "Dec 31",
     "Jan 1", "15:00", "11:59pm", "00:00", "at", "now", "2026-03-29 02:30", "\x1b[2J", ""]
)  # fmt: skip
DATE_PHRASES = st.lists(DATE_TOKENS, min_size=1, max_size=2).map(" ".join) | st.text(max_size=20)


@settings(max_examples=300, deadline=None)
@given(
    DATE_PHRASES,
    # SAM_NOW is a wall-clock time, read in the zone TZ names; sam refuses a clock outside
    # the years it computes with (tests/trust/test_files_and_clock.py)
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31)),  # noqa: DTZ001
    st.sampled_from(ZONES),
)
def test_date_phrases_at_any_clock_give_a_date_or_a_date_error(
    phrase: str, now: datetime, zone: str
) -> None:
    """The grammar's own properties live in tests/domain/test_dates.py; this adds the CLI's
    re-reading in local time, where the first day of year 1 used to crash `--when` (such a
    clock is now refused as SAM_NOW)."""
    try:
        with patch.dict(os.environ, SAM_NOW=now.replace(microsecond=0).isoformat(), TZ=zone):
            time.tzset()
            for parse in (parsing.due, parsing.when):
                try:
                    parse(phrase)
                except DateParseError as refused:
                    assert "\n" not in one_line(str(refused))
    finally:
        time.tzset()  # the zone TZ names again, once patch.dict has put it back


def test_every_corpus_entry_has_a_name_of_its_own() -> None:
    """CORPUS is one dict: an entry named like one of another kind would replace it."""
    assert len(CORPUS) == len(TEXT) + len(DATES) + len(AMOUNTS) + len(PERIODS) + len(NUMBERS)
    assert all(entry in CORPUS and name in COMMANDS for entry, name in EXPECTED), "a typo"
