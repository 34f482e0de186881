"""The global state of one `sam` invocation: which database, opened once, lazily."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sam_tui.store import db

if TYPE_CHECKING:
    import typer

APP_NAME = "sam"


def default_db_path() -> Path:
    """The user data dir's ``sam.db`` (created on first use)."""
    import platformdirs  # ~20 ms; skipped entirely when --db or SAM_DB is given

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    db.make_folders(folder)  # each missing level private, ~/.local included
    return folder / "sam.db"


class State:
    """Which database this invocation uses; the connection opens on first use."""

    def __init__(self, db_option: Path | None = None, db_explicit: bool = False) -> None:
        self.db_option = db_option
        self.db_explicit = db_explicit
        self._conn: sqlite3.Connection | None = None

    @property
    def db_path(self) -> Path:
        if self.db_option is not None:
            return self.db_option.expanduser()
        return default_db_path()

    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = db.connect(self.db_path, before_write=self._daily_backup, on_upgrade=_say)
            for notice in getattr(self._conn, "notices", ()):
                sys.stderr.write(f"warning: {notice}\n")
        return self._conn

    def _daily_backup(self, conn: sqlite3.Connection) -> None:
        """Before this command's first write: today's automatic backup, if not made yet."""
        from sam_tui.interop.backup import daily

        problem = daily(conn, self.db_path)
        if problem:
            sys.stderr.write(f"warning: {problem}\n")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _say(line: str) -> None:
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        env = os.environ.get("SAM_DB")
        root.obj = State(db_option=Path(env) if env else None)
    return root.obj


def conn(ctx: typer.Context) -> sqlite3.Connection:
    return state(ctx).conn()
