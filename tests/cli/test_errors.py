"""Bad input: one `error:` line on stderr, exit 1, no traceback, and nothing half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from samcli import counts, digest, fails, ok, seed, usage_error

from sam_tui.store.migrations import LATEST_VERSION


@pytest.fixture
def world(sam, db_path):
    """The seed portfolio, plus follow-up #1 (done), #2 (open, due Monday) and complaint #1
    (resolved)."""
    seed(sam)
    ok(sam("follow-up", "add", "globex", "Send the deck", "--due", "friday"))
    ok(sam("follow-up", "done", "1"))
    ok(sam("follow-up", "add", "globex", "Book the QBR", "--due", "monday"))
    ok(sam("complaint", "open", "globex", "Late delivery", "--severity", "high"))
    ok(sam("complaint", "resolve", "1", "Delivered"))
    ok(sam("account", "add", "Initech"))
    ok(sam("account", "archive", "initech"))
    return db_path


BAD_INPUT = [
    pytest.param(
        ["log", "acme crop", "Call"],
        "error: unknown account 'acme crop'; did you mean Acme Corp (#1)?",
        id="unknown-account-did-you-mean"),
    pytest.param(
        ["follow-up", "add", "globx", "x", "--due", "friday"],
        "error: unknown account 'globx'; did you mean Globex (#3)?",
        id="unknown-account-typo"),
    pytest.param(
        ["log", "hooli", "Call"], "error: unknown account 'hooli'", id="unknown-account"),
    pytest.param(
        ["log", "acme", "Call"],
        "error: 'acme' matches several accounts: Acme Corp (#1), Acme Labs (#2); "
        "type more of the name or use #ID",
        id="ambiguous-prefix"),
    pytest.param(["log", "#42", "Call"], "error: no account #42", id="unknown-id"),
    pytest.param(
        ["log", "#4x", "Call"], "error: '#4x' is not a valid #ID reference (expected e.g. #12)",
        id="bad-id"),
    pytest.param(
        ["follow-up", "add", "globex", "Call back", "--due", "next fortnight"],
        "error: cannot understand date 'next fortnight': try 2026-12-05, Dec 5, tomorrow, "
        "friday, next friday, in 3 days, +3d, eow, eom or eoq",
        id="unparseable-due-date"),
    pytest.param(
        ["log", "globex", "Call", "--follow-up", "Feb 30"],
        "error: 'Feb 30' is not a real date: February has no day 30",
        id="impossible-date"),
    pytest.param(
        ["log", "globex", "Call", "--when", "the other day"],
        "error: cannot understand date 'the other day': try 2026-12-05, Dec 5, tomorrow, "
        "friday, next friday, in 3 days, +3d, eow, eom or eoq",
        id="unparseable-when"),
    pytest.param(
        ["log", "globex", "Promised a call", "--follow-up", ""],
        "error: empty date '': try 2026-12-05, Dec 5, tomorrow, friday, next friday, "
        "in 3 days, +3d, eow, eom or eoq",
        id="empty-follow-up-date-is-not-silently-dropped"),
    pytest.param(
        ["log", "globex", "Call", "--when", ""],
        "error: empty date '': try 2026-12-05, Dec 5, tomorrow, friday, next friday, "
        "in 3 days, +3d, eow, eom or eoq",
        id="empty-when"),
    pytest.param(
        ["account", "edit", "globex", "--renewal", ""],
        "error: empty date '': try 2026-12-05, Dec 5, tomorrow, friday, next friday, "
        "in 3 days, +3d, eow, eom or eoq",
        id="empty-renewal"),
    pytest.param(
        ["account", "add", "Hooli", "--value", "-5"],
        "error: annual value cannot be negative: '-5'", id="negative-amount"),
    pytest.param(
        ["account", "edit", "globex", "--value", "lots"],
        "error: cannot read annual value 'lots': use a number like 120000, 120k or 1.2m",
        id="unreadable-amount"),
    pytest.param(["log", "globex", ""], "error: the note cannot be empty", id="empty-note"),
    pytest.param(["log", "globex", "  ", " "], "error: the note cannot be empty",
                 id="blank-note"),
    pytest.param(
        ["follow-up", "add", "globex", " ", "--due", "friday"],
        "error: the follow-up cannot be empty", id="empty-follow-up"),
    pytest.param(
        ["complaint", "update", "1", ""], "error: the update cannot be empty", id="empty-update"),
    pytest.param(
        ["log", "acme corp", "Call", "--with", "zed"],
        "error: unknown contact 'zed' at Acme Corp", id="unknown-contact"),
    pytest.param(
        ["log", "globex", "Call", "--with", "jane"],
        "error: unknown contact 'jane' at Globex", id="contact-at-another-account"),
    pytest.param(
        ["follow-up", "done", "1"], "error: follow-up #1 is already done; cannot complete it",
        id="done-twice"),
    pytest.param(
        ["complaint", "resolve", "1", "Delivered again"],
        "error: complaint #1 is already resolved", id="resolve-twice"),
    pytest.param(
        ["follow-up", "snooze", "2", "yesterday"],
        "error: cannot snooze into the past (2026-11-25)", id="snooze-into-the-past"),
    pytest.param(
        ["follow-up", "snooze", "2", "2026-01-01"],
        "error: cannot snooze into the past (2026-01-01)", id="snooze-far-past"),
    pytest.param(
        ["log", "globex", "Call", "--when", "next week"],
        "error: 'next week' is in the future (2026-12-03 12:00); log follow-ups with --follow-up",
        id="when-in-the-future"),
    pytest.param(
        ["log", "globex", "Call", "--sentiment", "great"],
        "error: unknown sentiment 'great': use +, 0 or -", id="bad-sentiment"),
    pytest.param(
        ["account", "add", "GLOBEX"], "error: an account named 'Globex' already exists (#3)",
        id="duplicate-account"),
    pytest.param(["account", "add", " "], "error: account name cannot be empty",
                 id="empty-account-name"),
    pytest.param(
        ["log", "initech", "Call"],
        "error: account 'Initech' is archived; run `sam account unarchive '#4'` to log on it "
        "again",
        id="archived-account"),
    pytest.param(
        ["follow-up", "add", "initech", "Call back", "--due", "today"],
        "error: account 'Initech' is archived; run `sam account unarchive '#4'` first",
        id="follow-up-on-archived-account"),
    pytest.param(
        ["complaint", "open", "initech", "Broken", "--severity", "critical"],
        "error: account 'Initech' is archived; run `sam account unarchive '#4'` first",
        id="complaint-on-archived-account"),
    pytest.param(
        ["contact", "add", "globex", "Ann", "--email", "ann"],
        "error: 'ann' does not look like an email address", id="bad-email"),
    pytest.param(["follow-up", "snooze", "99", "friday"], "error: no follow-up #99",
                 id="unknown-follow-up"),
    pytest.param(["complaint", "resolve", "x", "y"],
                 "error: 'x' is not a complaint ID (expected a number such as 12)",
                 id="bad-complaint-id"),
    pytest.param(
        ["log", "globex", "Call", "-f", "friday", "--follow-up-note", " "],
        "error: --follow-up-note cannot be empty", id="half-written-log"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_writes_nothing(sam, world, args, message):
    before = counts(world)
    assert fails(sam(*args)) == message
    assert counts(world) == before


@pytest.mark.parametrize(
    "args",
    [
        ["complaint", "open", "globex", "x", "--severity", "urgent"],
        ["log", "globex", "x", "--channel", "fax"],
        ["log"],
        ["follow-up", "add", "globex", "x"],
        ["account", "add", "Hooli", "--cadence", "0"],
        ["account", "add", "Hooli", "--tier", "gold"],
        ["account", "frobnicate"],
    ],
    ids=["bad-severity", "bad-channel", "missing-args", "missing-due", "cadence-0", "bad-tier",
         "unknown-command"],
)
def test_usage_errors_exit_2_and_write_nothing(sam, world, args):
    before = counts(world)
    usage_error(sam(*args))
    assert counts(world) == before


def test_commands_and_subcommands_take_a_unique_prefix(sam, world):
    assert ok(sam("fol", "li")) == ok(sam("follow-up", "list"))
    assert ok(sam("acc", "li", "--json")) == ok(sam("account", "list", "--json"))
    assert ok(sam("deal", "li")) == ok(sam("deal", "list"))
    assert "Bring records in" in ok(sam("imp", "--help"))


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["fo", "list"], "'fo' could be follow-up or forecast: type more of it"),
        (["deal", "l"], "'l' could be lost or list: type more of it"),
        (["re"], "'re' could be request, report, restore or replicate: type more of it"),
    ],
)
def test_an_ambiguous_command_prefix_names_the_commands_it_fits(sam, world, args, named):
    before = counts(world)
    said = usage_error(sam(*args))
    assert named in " ".join(said.split()), said
    assert counts(world) == before


def test_a_pinned_clock_that_is_not_a_date_is_a_user_error(sam, world, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "next tuesday")
    before = counts(world)
    assert fails(sam("log", "globex", "Call")) == (
        "error: SAM_NOW='next tuesday' is not an ISO date or datetime "
        "(e.g. 2026-11-26 or 2026-11-26T09:30)"
    )
    assert counts(world) == before


def test_text_that_is_not_utf8_is_refused_in_one_line(sam, world):
    # a shell passes a raw 0x9b byte as U+DC9B (surrogateescape); SQLite cannot store it
    before = counts(world)
    line = fails(sam("log", "globex", "bad byte \udc9b31m here"))
    assert "not valid UTF-8" in line
    assert counts(world) == before


# --- files that are not (or no longer) a sam database -------------------------------------

COMMANDS_ON_A_FILE = [
    ["log", "globex", "Call"],
    ["account", "list"],
    ["today"],
    ["follow-up", "list", "--json"],
    ["complaint", "open", "globex", "x"],
    ["demo"],
]


def _assert_untouched(path: Path, before: str) -> None:
    assert digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()
    assert not path.with_name(path.name + "-journal").exists()


@pytest.mark.parametrize("args", COMMANDS_ON_A_FILE, ids=lambda a: " ".join(a))
def test_garbage_bytes_are_refused_and_left_untouched(sam, tmp_path, args):
    path = tmp_path / "notes.db"
    path.write_bytes(bytes(range(256)) * 40)
    before = digest(path)
    assert fails(sam(*args, db=path)) == (
        f"error: {path} is not a sam database (not an SQLite file); left untouched"
    )
    _assert_untouched(path, before)


@pytest.mark.parametrize("args", COMMANDS_ON_A_FILE, ids=lambda a: " ".join(a))
def test_a_damaged_sam_database_is_a_one_line_error(sam, world, args):
    # keep page 1 (header and schema root), scramble every page after it
    data = bytearray(world.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(page, len(data)):
        data[i] = (i * 7 + 13) & 0xFF
    world.write_bytes(bytes(data))
    before = digest(world)
    line = fails(sam(*args))
    assert line.startswith(f"error: {world} is damaged or not a database (")
    assert line.endswith("); restore it from a backup")
    assert digest(world) == before


def test_an_sqlite_header_over_garbage_is_a_one_line_error(sam, tmp_path):
    path = tmp_path / "half.db"
    path.write_bytes(b"SQLite format 3\x00" + b"garbage!" * 600)
    before = digest(path)
    assert fails(sam("account", "list", db=path)) == (
        f"error: {path} is damaged or not a database (file is not a database); "
        "restore it from a backup"
    )
    assert digest(path) == before


@pytest.mark.parametrize("args", COMMANDS_ON_A_FILE, ids=lambda a: " ".join(a))
def test_a_database_from_a_newer_sam_is_refused_and_untouched(sam, world, args):
    raw = sqlite3.connect(world)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    raw.commit()
    raw.close()
    before, before_bytes = counts(world), digest(world)
    assert fails(sam(*args)) == (
        f"error: {world} was written by a newer sam (schema v{LATEST_VERSION + 1}; this sam "
        f"knows up to v{LATEST_VERSION}); upgrade sam to open it"
    )
    assert digest(world) == before_bytes
    assert counts(world) == before
    assert not list(world.parent.glob("*.bak"))


def _foreign(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    raw.execute("INSERT INTO notes (body) VALUES ('not yours')")
    raw.commit()
    raw.close()


def test_another_programs_sqlite_file_is_refused(sam, tmp_path):
    path = tmp_path / "other.db"
    _foreign(path)
    assert fails(sam("log", "globex", "Call", db=path)) == (
        f"error: {path} is an SQLite file of another program; left untouched"
    )
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT body FROM notes").fetchall() == [("not yours",)]
    assert raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [
        ("notes",)]
    raw.close()


def test_another_programs_sqlite_file_keeps_every_byte(sam, tmp_path):
    # a rollback-journal file must not even be switched to WAL (its header would change)
    path = tmp_path / "other.db"
    _foreign(path)
    before = digest(path)
    fails(sam("account", "list", db=path))
    assert digest(path) == before


def test_a_missing_folder_is_reported_and_not_created(sam, tmp_path):
    path = tmp_path / "nowhere" / "sam.db"
    assert fails(sam("account", "list", db=path)) == (
        f"error: cannot create {path}: folder {path.parent} does not exist"
    )
    assert not path.parent.exists()


def test_a_folder_is_not_a_database(sam, tmp_path):
    usage_error(sam("account", "list", db=tmp_path))


def test_ctrl_c_while_sam_starts_up_ends_quietly_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ctrl-c before a command's own handler is in place (found by a new-user trial: a
    traceback when pressed in the first ~100 ms of `sam report year`)."""
    from sam_tui.cli import entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    # the first thing sam does: install its stream handling
    monkeypatch.setattr("sam_tui.cli.streams.install", interrupted)
    monkeypatch.setattr("sys.argv", ["sam", "report", "year"])
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
