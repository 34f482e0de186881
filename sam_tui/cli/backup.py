"""`sam backup` and `sam restore`: verified copies of the database, and putting one back."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sam_tui.cli import streams
from sam_tui.cli.options import YesOpt
from sam_tui.cli.output import (
    confirmed,
    emit_json,
    moment,
    require_confirmation,
    say,
)
from sam_tui.cli.state import state
from sam_tui.domain.changes import plural
from sam_tui.domain.errors import Conflict, DatabaseProblem, InvalidInput, NotFound
from sam_tui.domain.text import one_line
from sam_tui.store.migrations import COLUMNS

if TYPE_CHECKING:
    from sam_tui.interop.backup import BackupInfo, Incoming

# Bookkeeping tables: not what a user means by "what this backup holds".
_NOT_SHOWN = {"change_log", "setting"}


def holdings(info: BackupInfo) -> str:
    """``3 accounts, 2 contacts, 1 interaction``: the records a database holds."""
    shown = [
        plural(t, info.counts[t]) for t in COLUMNS if t not in _NOT_SHOWN and info.counts.get(t)
    ]
    return ", ".join(shown) or "no records"


def _path(name: str) -> Path:
    # typer would stat a Path argument itself, where a NUL raised ValueError (a traceback)
    if "\x00" in name:
        raise InvalidInput("a file name cannot contain a NUL character")
    return Path(name)


def _target(db_path: Path, path: Path | None) -> Path:
    from sam_tui.interop import backup as backups

    if path is None:
        return backups.default_target(db_path)
    path = path.expanduser()
    if path.is_dir():
        return backups.default_target(db_path, base=path)
    if path.exists() or path.is_symlink():
        raise Conflict(f"{path} already exists; nothing was overwritten (name a new file)")
    if not path.parent.is_dir():
        raise NotFound(f"cannot write {path}: folder {path.parent} does not exist")
    return path


def backup(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="path",
            help="A new file, or a folder to write into (default: the backups folder beside "
            "the database).",
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the backups in the backups folder instead.")
    ] = False,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep",
            help="Set how many daily automatic backups to keep (default 7; 0 turns them off).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --list: one JSON document on stdout.")
    ] = False,
) -> None:
    """Save a verified copy of the database; safe while the cockpit or other commands run.

    The copy is made with SQLite's backup API from one consistent snapshot, then opened read-only and checked (integrity, schema version, the row count of every table). It never overwrites a file. Automatic backups: the first change of each day first saves backups/NAME-daily-DATE.db beside the database, keeping the newest 7 (--keep changes that).
    """  # noqa: E501
    from sam_tui.interop import backup as backups

    st = state(ctx)
    db_path = st.db_path
    path = None if name is None else _path(name)
    if path is not None and (list_ or keep is not None):
        raise InvalidInput("give a PATH, --list or --keep, not several")
    if list_:
        keep_now = backups.keep_setting(st.conn()) if db_path.exists() else backups.DEFAULT_KEEP
        _list(db_path, keep_now, as_json)
        return
    if keep is not None:
        removed = backups.set_keep(st.conn(), db_path, keep)
        folder = backups.folder(db_path)
        if keep == 0:
            say(f"Daily automatic backups are off; the ones already made stay in {folder}.")
            return
        gone = f"; removed {len(removed)} older" if removed else ""
        say(f"Daily automatic backups: keeping the newest {keep} in {folder}{gone}.")
        return
    if not db_path.exists():
        raise NotFound(f"no database at {db_path} yet: nothing to back up")
    conn = st.conn()
    try:
        target = _target(db_path, path)
    except OSError as exc:  # a name too long for the file system
        raise DatabaseProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    backups.clean(db_path, target.parent)
    for _attempt in range(3):
        try:
            info = backups.make(conn, target)
            break
        except FileExistsError:
            if path is not None and not path.is_dir():
                raise Conflict(f"{target} already exists; nothing was overwritten") from None
            # another backup took the name this second: sam chose it, sam picks another
            target = _target(db_path, path)
        except OSError as exc:
            raise DatabaseProblem(f"cannot write {target}: {exc.strerror or exc}") from None
    else:
        raise Conflict(f"{target} already exists; nothing was overwritten")
    streams.saved()  # the copy stays, whatever happens to the line below
    rows = sum(info.counts.values())
    say(
        f"Backup saved: {one_line(str(target))} ({backups.format_size(info.size)}; "
        f"verified: integrity ok, "
        f"{rows:,} rows in {len(info.counts)} tables)"
    )


def _list(db_path: Path, keep: int, as_json: bool) -> None:
    from sam_tui.interop import backup as backups

    found = backups.list_backups(db_path)
    folder = backups.folder(db_path)
    if as_json:
        emit_json(
            {
                "folder": str(folder),
                "keep": keep,
                "backups": [
                    {
                        "path": str(b.path),
                        "kind": b.kind,
                        "size": b.size,
                        "modified": b.modified,
                    }
                    for b in found
                ],
            }
        )
        return
    auto = f"daily: keeping the newest {keep}" if keep else "daily backups off"
    left = [b for b in found if b.kind == "interrupted"]
    found = [b for b in found if b.kind != "interrupted"]
    if not found:
        say(f"No backups yet in {folder} ({auto}).")
    else:
        say(f"Backups in {folder} ({auto}), newest first:")
        width = max(len(b.path.name) for b in found)
        for b in found:
            say(
                f"  {b.path.name:<{width}}  {b.kind:<14}  {moment(b.modified)}  "
                f"{backups.format_size(b.size):>9}"
            )
    if left:
        size = backups.format_size(sum(b.size for b in left))
        say(
            f"{len(left)} unfinished {'copy' if len(left) == 1 else 'copies'} ({size}) left "
            "by interrupted backups or restores; the next backup removes them."
        )


def restore(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="path", help="The backup to put back (`sam backup --list` shows them)."
        ),
    ],
    yes: YesOpt = False,
) -> None:
    """Replace the database with a backup; the current data is saved first.

    The file is checked before anything changes: a sam database, undamaged, not from a newer sam (an older one is upgraded). What it holds is shown next to what is there now, and you are asked to confirm (--yes skips the question; without a terminal, --yes is required). The current data is saved to backups/NAME-before-restore-...db, then the backup is written into the live file in one transaction.
    """  # noqa: E501
    from sam_tui.interop import backup as backups

    st = state(ctx)
    db_path = st.db_path
    source = _path(name).expanduser()
    with ExitStack() as checked:  # the private copy of the backup goes when this ends
        try:
            staged = checked.enter_context(backups.incoming(db_path, source))
        except OSError as exc:  # a name too long for the file system
            raise DatabaseProblem(f"cannot read {source}: {exc.strerror or exc}") from None
        require_confirmation(yes, "restore")
        current = backups.describe(st.conn(), db_path)
        st.close()
        saved = datetime.fromtimestamp(source.stat().st_mtime, tz=UTC)
        origin = f"file saved {moment(saved)}, {backups.format_size(staged.info.size)}"
        put_back(
            db_path, staged, current, yes=yes, source=str(source), side="backup", origin=origin
        )


def put_back(
    target: Path,
    staged: Incoming,
    current: BackupInfo | None,
    *,
    yes: bool,
    source: str,
    side: str,
    origin: str,
) -> None:
    """Show what comes in next to what is there, ask, restore, and say where the replaced
    data went (``sam restore`` and ``sam replicate restore``). ``current``: the target as
    it is (None: there is no book there yet); ``side``: what the incoming book is called
    (backup, replica); ``origin``: where it comes from, in words."""
    from sam_tui.interop import backup as backups

    incoming = staged.info
    say(f"Restore {one_line(source)} into {one_line(str(target))}?")
    say(
        f"  {side + ':':<8} {holdings(incoming)}; last change {moment(incoming.last_change)} "
        f"({one_line(origin)})"
    )
    if current is None:
        say("  now:     no book there yet")
    else:
        say(f"  now:     {holdings(current)}; last change {moment(current.last_change)}")
    if not yes and not confirmed(f"Replace the current data with the {side}?"):
        raise typer.Exit(1)
    result = backups.restore(target, staged)
    say(f"Restored: {holdings(result.restored)}.")
    if result.safety is not None:
        say(
            f"What it replaced is saved in {result.safety.path}; "
            f"`sam restore {result.safety.path}` brings it back."
        )
