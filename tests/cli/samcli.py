"""Small assertions shared by the CLI tests: what a user sees, and what landed in the file."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import Result

# Every table a CLI command of this issue writes to (and the change log behind them).
TABLES = (
    "account", "contact", "interaction", "follow_up", "complaint", "complaint_update",
    "change_log", "setting",
)


def ok(result: Result) -> str:
    """The command succeeded; returns its stdout."""
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}\n"
        f"exception: {result.exception!r}"
    )
    assert result.exception is None, repr(result.exception)
    return result.stdout


def fails(result: Result) -> str:
    """A user error: exit 1, exactly one ``error:`` line on stderr, no traceback.

    Returns that line.
    """
    assert result.exit_code == 1, (
        f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}\n"
        f"exception: {result.exception!r}"
    )
    # a bug escaping as an exception would leave it in result.exception, not a SystemExit
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
    assert lines[0].startswith("error: "), lines[0]
    assert result.stdout == "", f"an error printed on stdout too: {result.stdout!r}"
    return lines[0]


def usage_error(result: Result) -> str:
    """A Typer usage error (unknown option value, missing argument): exit 2."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stderr


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


def counts(path: Path) -> dict[str, int]:
    """Rows per table, read with a separate plain connection."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seed(sam: Any) -> None:
    """A small portfolio most tests start from.

    #1 Acme Corp (strategic, 1.2m, renews 31 Mar 2027), #2 Acme Labs (key), #3 Globex
    (growth); contacts #1 Jane Doe (CFO at Acme Corp), #2 Bob Smith (Acme Labs).
    """
    ok(sam("account", "add", "Acme Corp", "--tier", "strategic", "--value", "1.2m",
           "--renewal", "2027-03-31", "--industry", "Logistics", "--region", "EMEA"))
    ok(sam("account", "add", "Acme Labs"))
    ok(sam("account", "add", "Globex", "--tier", "growth"))
    ok(sam("contact", "add", "acme corp", "Jane Doe", "--role", "CFO",
           "--influence", "decision-maker", "--email", "jane@acme.example"))
    ok(sam("contact", "add", "acme labs", "Bob Smith", "--role", "IT Director"))
