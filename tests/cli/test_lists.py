"""Lists at 80 and 120 columns, streamed, paged (issues 14 and 17).

At 80 columns an id or a name is never cut: lower columns leave the table whole, and
`--wide` brings them back. A long list on a terminal opens in the pager; piped, it is
printed as it is read. Names as the new user of issue 14 typed them, ids up to 5 digits.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import THROUGH_TYPER
from rich.cells import cell_len
from samcli import as_json, ok

from sam_tui.cli.table import dropped_first

NAMES = [
    "Société Générale Énergie",
    "O'Brien & Sons",
    "[Beta] Labs",
    "Müller-Thurgau Weinhandel",
    "Polar Freight AS",
]


@pytest.fixture
def book(sam, db_path: Path) -> Path:
    """Five accounts with ids 9 and 99,997 to 100,000: every list has rows for each."""
    ok(sam("account", "add", "Acme", "--tier", "key"))  # makes the file
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE sqlite_sequence SET seq = 99995 WHERE name = 'account'")
    conn.close()
    for n, name in enumerate(NAMES):
        ok(
            sam(
                "account",
                "add",
                name,
                "--tier",
                "strategic",
                "--value",
                "1.2m",
                "--renewal",
                "2027-01-15",
                "--industry",
                "Logistics",
            )
        )
        ref = f"#{99996 + n}"
        ok(
            sam(
                "contact",
                "add",
                ref,
                f"Katrin Vogel-Östergaard {n}",
                "--role",
                "Chief Procurement Officer",
                "--influence",
                "decision-maker",
                "--email",
                f"katrin.{n}@example.com",
            )
        )
        ok(
            sam(
                "follow-up",
                "add",
                ref,
                "Send the signed order form back",
                "--due",
                "2026-11-20",
                "--priority",
                "high",
            )
        )
        ok(
            sam(
                "complaint",
                "open",
                ref,
                "Invoices sent to the wrong cost centre",
                "--severity",
                "high",
            )
        )
        ok(
            sam(
                "deal",
                "add",
                ref,
                "Platform expansion",
                "--amount",
                "250k",
                "--stage",
                "negotiation",
                "--close",
                "2027-01-15",
                "--category",
                "commit",
            )
        )
        ok(
            sam(
                "request",
                "add",
                ref,
                "finance",
                "Reissue the October invoices",
                "--due",
                "2026-11-20",
            )
        )
        ok(sam("idea", "add", ref, "Consolidate their three contracts"))
        ok(
            sam(
                "objective",
                "add",
                ref,
                "Expand to three sites",
                "--target",
                "3",
                "--unit",
                "sites",
                "--due",
                "2027-03-31",
            )
        )
    ok(sam("prospect", "add", "Société Nouvelle Prospection", "--why", "Same depots"))
    return db_path


LISTS = [
    ("account", "list"),
    ("contact", "list"),
    ("follow-up", "list"),
    ("complaint", "list"),
    ("deal", "list"),
    ("request", "list"),
    ("idea", "list"),
    ("objective", "list"),
    ("today",),
]


def _columns_of(command: tuple[str, ...]) -> tuple:
    from sam_tui.cli import (
        account_list,
        complaints,
        contacts,
        deals,
        follow_ups,
        ideas,
        objectives,
        prospects,
        queue_table,
        requests,
    )

    return {
        "account": account_list.LIST_COLUMNS,
        "contact": contacts.LIST_COLUMNS,
        "follow-up": follow_ups.LIST_COLUMNS,
        "complaint": complaints.LIST_COLUMNS,
        "deal": deals.LIST_COLUMNS,
        "request": requests.LIST_COLUMNS,
        "idea": ideas.LIST_COLUMNS,
        "objective": objectives.LIST_COLUMNS,
        "prospect": prospects.LIST_COLUMNS,
        "today": queue_table.COLUMNS,
    }[command[0]]


def _header(out: str, columns: tuple) -> str:
    first = columns[0].header
    return next(line for line in out.splitlines() if line.lstrip().startswith(first))


@pytest.mark.parametrize("command", LISTS, ids=lambda c: " ".join(c))
def test_at_80_columns_ids_and_names_are_whole_and_columns_drop_out_whole(
    sam, book, monkeypatch, command
):
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(sam(*command))
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, out
    header = _header(out, _columns_of(command))
    assert "…" not in header
    # every header shown is whole (no "Touch…", no "C…")
    shown = [c.header for c in _columns_of(command) if c.header in header]
    assert header.split() == " ".join(shown).split(), header
    # each name on one line, as typed (markup and accents literal)
    for name in NAMES:
        assert any(name in line for line in lines), (name, out)
    if command != ("today",):
        for ident in range(99996, 100001):
            if command[0] == "account":
                assert re.search(rf"^\s*{ident} ", out, re.M), (ident, out)
    # nothing cut short in a name or an id column: an ellipsis only ends a text column
    for line in lines:
        for name in NAMES:
            assert f"{name[:8]}…" not in line


# two 25-character names side by side leave no room for an e-mail address at 120
GIVES_WAY_AT_120 = {"contact": {"Email"}}


@pytest.mark.parametrize("command", LISTS, ids=lambda c: " ".join(c))
def test_at_120_columns_every_column_is_shown(sam, book, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "120")
    out = ok(sam(*command))
    header = _header(out, _columns_of(command))
    for column in _columns_of(command):
        if column.header not in GIVES_WAY_AT_120.get(command[0], ()):
            assert column.header in header, (column.header, header)
    assert max(cell_len(line) for line in out.splitlines()) <= 120
    for name in NAMES:
        assert name in out


# sam today has no --wide: its columns fit 80
WIDE = [c for c in LISTS if c != ("today",)]


@pytest.mark.parametrize("command", WIDE, ids=lambda c: " ".join(c))
def test_wide_shows_every_column_even_at_80(sam, book, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "80")
    header = _header(ok(sam(*command, "--wide")), _columns_of(command))
    for column in _columns_of(command):
        assert column.header in header


def test_next_years_dates_keep_the_day(sam, book, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    assert "15 Jan '27" in ok(sam("account", "list"))
    assert "15 Jan '27" in ok(sam("deal", "list"))


def test_the_account_list_at_80_drops_the_lowest_columns_first(sam, book, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    header = _header(ok(sam("account", "list")), _columns_of(("account",)))
    # with a 25-character name and 6-digit ids, Cmp and Value go; the rest stays
    assert header.split()[:2] == ["#", "Account"]
    for kept in ("Tier", "Health", "Touched", "Next f/u", "Renewal"):
        assert kept in header
    for gone in ("Cmp", "Value"):
        assert gone not in header


def test_a_longer_cell_far_down_the_list_is_not_cut(sam, db_path, tmp_path, monkeypatch):
    # the widths come from the first rows; a tier, a day or an amount further down must
    # still fit whole (a new user saw "str…" and "31 Mar…" on the 301st account)
    rows = "".join(f"Acct {i:04d},key\n" for i in range(300))
    source = tmp_path / "book.csv"
    source.write_text(f"Name,Tier\n{rows}Zeta Holdings,strategic\n")
    ok(sam("import", "csv", "accounts", str(source)))
    ok(sam("account", "edit", "zeta", "--renewal", "2027-03-31", "--value", "1.2m"))
    ok(sam("deal", "add", "acct 0000", "Pilot", "--amount", "5k", "--close", "2026-12-18"))
    ok(sam("deal", "add", "zeta", "Platform", "--amount", "1234567.89", "--close", "2027-03-31"))
    monkeypatch.setenv("COLUMNS", "80")
    last = ok(sam("account", "list")).splitlines()[-1]
    assert "Zeta Holdings" in last and "…" not in last, last
    assert "strategic" in last.split() and "31 Mar '27" in last and "1.2M" in last, last
    deals = ok(sam("deal", "list"))
    assert "1,234,567.89" in deals, deals
    assert "31 Mar '27" in deals and "…" not in deals, deals


@pytest.mark.parametrize(
    "group",
    [
        "account",
        "contact",
        "follow-up",
        "complaint",
        "deal",
        "request",
        "idea",
        "objective",
        "prospect",
    ],
)
def test_each_lists_help_says_which_columns_give_way(sam, monkeypatch, group):
    monkeypatch.setenv("COLUMNS", "80")
    help_text = " ".join(ok(sam(group, "list", "--help")).split())
    dropped = dropped_first(_columns_of((group,)))
    assert dropped, "every list has columns that can give way"
    # named in the order they leave
    positions = [help_text.find(header) for header in dropped]
    assert -1 not in positions, (dropped, help_text)
    assert positions == sorted(positions), (dropped, help_text)
    assert "--wide" in help_text and "--no-pager" in help_text


# --- sam today: what fits ---------------------------------------------------------------

ITEM = re.compile(
    r"^\s*\d+ (complaint|follow-up|renewal|going cold|contact|request|one thread"
    r"|deal|objective)"
)


def test_today_piped_shows_30_items_then_how_many_more(sam, demo_db):
    out = ok(sam("today", db=demo_db))
    total = len(as_json(sam("today", "--json", db=demo_db))["items"])
    assert total > 30
    items = [line for line in out.splitlines() if ITEM.match(line)]
    assert len(items) == 30
    assert out.splitlines()[-1] == f"and {total - 30:,} more: sam today --all"
    every = ok(sam("today", "--all", db=demo_db))
    assert len([line for line in every.splitlines() if ITEM.match(line)]) == total
    assert "more: sam today --all" not in every
    assert (
        len(
            [
                line
                for line in ok(sam("today", "--limit", "3", db=demo_db)).splitlines()
                if ITEM.match(line)
            ]
        )
        == 3
    )


def test_today_json_keeps_every_item_in_the_order_shown(sam, demo_db):
    doc = as_json(sam("today", "--json", db=demo_db))
    assert doc["total"] == len(doc["items"]) > 30
    top = as_json(sam("today", "--json", "--limit", "5", db=demo_db))
    assert top["items"] == doc["items"][:5] and top["total"] == doc["total"]
    shown = [line for line in ok(sam("today", db=demo_db)).splitlines() if ITEM.match(line)]
    for item, line in zip(doc["items"], shown, strict=False):
        assert line.split()[0] == str(item["score"])
    assert [i["rank"] for i in doc["items"]] == list(range(1, len(doc["items"]) + 1))


# --- on a terminal: the height, the pager ---------------------------------------------------


def _in_terminal(
    args: list[str],
    env: dict[str, str],
    rows: int = 24,
    cols: int = 80,
    timeout: float = 60,
    typer: bool = False,
) -> str:
    """Run `sam ARGS` in a pseudo-terminal of ``rows`` x ``cols``; what it drew.
    ``typer``: parsed by Typer even where cli.entry would skip it (conftest.THROUGH_TYPER)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environ.update(env)
    proc = subprocess.Popen(
        [sys.executable, *(["-c", THROUGH_TYPER] if typer else ["-m", "sam_tui"]), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environ,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        assert proc.wait(timeout=10) == 0, seen.decode(errors="replace")
    finally:
        os.close(master)
    # NO_COLOR keeps bold and dim (as Rich does): the text is what the tests read
    return re.sub(r"\x1b\[[0-9;]*m", "", seen.decode()).replace("\r\n", "\n")


def test_today_in_a_terminal_fits_its_height(demo_db):
    out = _in_terminal(["--db", str(demo_db), "today"], {"NO_COLOR": "1"}, rows=15)
    lines = out.rstrip("\n").split("\n")
    # and a line left for the shell's prompt, which would scroll the date away
    assert len(lines) == 14, out
    shown = [line for line in lines if ITEM.match(line)]
    assert 5 <= len(shown) <= 11, out
    assert re.fullmatch(r"and \d+ more: sam today --all", lines[-1]), out


def test_today_explained_in_a_terminal_says_how_to_see_the_rest_explained(demo_db):
    out = _in_terminal(["--db", str(demo_db), "today", "--explain"], {"NO_COLOR": "1"}, rows=20)
    lines = out.rstrip("\n").split("\n")
    assert len(lines) <= 19, out
    assert re.fullmatch(r"and \d+ more: sam today --all --explain", lines[-1]), out


def test_today_in_a_narrow_terminal_counts_the_header_lines_it_wraps(demo_db):
    # at 50 columns the KPI line takes two of the terminal's rows: nothing may scroll away
    out = _in_terminal(["--db", str(demo_db), "today"], {"NO_COLOR": "1"}, rows=15, cols=50)
    lines = out.rstrip("\n").split("\n")
    rows = sum(max(1, -(-cell_len(line) // 50)) for line in lines)
    assert rows <= 14, out
    assert lines[0] == "Thursday 26 November 2026"
    assert re.fullmatch(r"and \d+ more: sam today --all", lines[-1]), out


def test_a_long_list_opens_in_the_pager_and_a_short_one_does_not(demo_db, tmp_path):
    paged = tmp_path / "paged.txt"
    env = {"PAGER": f"cat > {paged}", "NO_COLOR": "1"}
    out = _in_terminal(["--db", str(demo_db), "follow-up", "list"], env, rows=10)
    text = paged.read_text()
    assert len(text.splitlines()) > 30 and "Follow-up" in text.splitlines()[0]
    assert "Follow-up" not in out  # the pager had it all
    paged.unlink()
    out = _in_terminal(["--db", str(demo_db), "quota", "list"], env, rows=40)
    assert not paged.exists()
    assert "Period" in out
    # --no-pager, and PAGER=cat, print it straight
    out = _in_terminal(["--db", str(demo_db), "follow-up", "list", "--no-pager"], env, rows=10)
    assert not paged.exists() and "Follow-up" in out
    out = _in_terminal(
        ["--db", str(demo_db), "follow-up", "list"], {"PAGER": "cat", "NO_COLOR": "1"}, rows=10
    )
    assert "Follow-up" in out


def test_the_account_list_without_typer_pages_as_typer_does(demo_db, tmp_path):
    # `sam account list` skips Typer (cli.entry): the pager gets the same list, and a
    # terminal tall enough gets it straight, both as when Typer parses the command
    seen = {}
    for typer in (False, True):
        paged = tmp_path / f"paged-{typer}.txt"
        env = {"PAGER": f"cat > {paged}", "NO_COLOR": "1"}
        out = _in_terminal(["--db", str(demo_db), "account", "list"], env, rows=10, typer=typer)
        tall = _in_terminal(["--db", str(demo_db), "account", "list"], env, rows=60, typer=typer)
        seen[typer] = (out, paged.read_text(), tall)
        paged.unlink()
    assert seen[False] == seen[True]
    out, text, tall = seen[False]
    lines = re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()
    assert len(lines) > 20 and lines[0].split()[:2] == ["#", "Account"]
    assert "Account" not in out and tall.splitlines() == lines


def test_the_pager_gets_less_frx_unless_less_is_set(demo_db, tmp_path, monkeypatch):
    seen = tmp_path / "less.txt"
    env = {"PAGER": f'echo "$LESS" > {seen}; cat > /dev/null'}
    monkeypatch.delenv("LESS", raising=False)
    _in_terminal(["--db", str(demo_db), "follow-up", "list"], env, rows=10)
    assert seen.read_text().strip() == "FRX"
    _in_terminal(["--db", str(demo_db), "follow-up", "list"], {**env, "LESS": "S"}, rows=10)
    assert seen.read_text().strip() == "S"


def test_quitting_the_pager_early_ends_the_list_quietly(demo_db):
    out = _in_terminal(
        ["--db", str(demo_db), "follow-up", "list", "--all"], {"PAGER": "head -n 2"}, rows=10
    )
    assert "error" not in out and "Traceback" not in out


def test_a_piped_list_streams_colourless_and_stops_when_the_reader_does(demo_db):
    # `| head -3`: three lines, exit 0, no "Broken pipe"
    proc = subprocess.run(
        f"{sys.executable} -m sam_tui --db {demo_db} follow-up list --all | head -3",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 3
    assert "\x1b[" not in proc.stdout
    assert proc.stderr == ""
