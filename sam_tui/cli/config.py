"""`sam config`: list, read, change or reset this database's settings; `path` and `show`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from sam_tui.cli.options import JsonOpt
from sam_tui.cli.output import console, emit_json, picked, say
from sam_tui.cli.state import conn, state
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line


def _json(row: Any) -> dict[str, Any]:
    return picked(row, "key value default set=is_set invalid description")


def config(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(
            help="The setting, e.g. fiscal-year-start (none: list all); or path, or show."
        ),
    ] = None,
    value: Annotated[
        str | None, typer.Argument(help="A new value to store (checked before it is saved).")
    ] = None,
    unset: Annotated[
        bool, typer.Option("--unset", help="Forget KEY's value: its default applies again.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Settings of this database: `sam config` lists them all with their defaults, `sam config KEY` prints one, `sam config KEY VALUE` sets it, `sam config KEY --unset` resets it.

    `sam config path` prints where the database, its backups, the config folder and the keymap live; `sam config show` lists every setting in force (the database's and those from the environment) with where each came from.

    Settings: fiscal-year-start (month 1-12), probability.STAGE (default win probability of an open stage, 0-100), sla.SEVERITY (days to resolve a complaint), backup.keep, currency, replicate.warn-after (minutes the replica may lag before the cockpit warns).
    """  # noqa: E501
    from sam_tui.services import settings

    if key in _VIEWS and value is None and not unset:
        _VIEWS[key](ctx, as_json)
        return
    db = conn(ctx)
    if unset and (key is None or value is not None):
        raise InvalidInput("--unset takes a KEY and no VALUE: sam config KEY --unset")
    if key is None:
        rows = settings.all_settings(db)
        if as_json:
            emit_json([_json(r) for r in rows])
            return
        _print(rows)
        return
    if unset:
        before = settings.unset(db, key)
        row = settings.get(db, key)
        if before is None:
            say(f"{row.key} was not set; it stays at its default {row.default}")
        else:
            previous = one_line(before.invalid[:20]) if before.invalid is not None else before.value
            say(f"{row.key} = {row.default} (the default again; was {previous})")
        return
    if value is None:
        row = settings.get(db, key)
        if as_json:
            emit_json(_json(row))
        else:
            say(settings.value_of(db, key))
        return
    old, new = settings.set_value(db, key, value)
    was = (
        f"was {one_line(old.invalid[:20])}, unusable"
        if old.invalid is not None
        else (f"was {old.value}" + ("" if old.is_set else ", the default"))
    )
    say(f"{new.key} = {new.value} ({was})")
    if new.key == "fiscal-year-start" and new.value != old.value:
        from sam_tui.services import quotas

        shifted = [
            q.period.label
            for q in quotas.list_quotas(db)
            if q.period.kind.value in ("quarter", "year")
        ]
        if shifted:
            from sam_tui.cli.output import warn

            warn(f"quotas for {', '.join(shifted)} now cover the new fiscal quarters and years")


def _print(rows: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Setting", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Default", no_wrap=True)
    table.add_column("What it does")
    for r in rows:
        shown = Text(r.value, style="bold" if r.is_set else "")
        if r.invalid is not None:
            shown = Text(f"{one_line(r.invalid[:20])} (unusable)", style="bold red")
        table.add_row(
            r.key,
            shown,
            r.default,
            Text(r.description, style="dim"),
        )
    console().print(table)


# --- where things live, and where each setting comes from -------------------------------


class Source(NamedTuple):
    key: str
    value: str
    source: str  # default, this database, an environment variable, the --db option...


def _db_source(ctx: typer.Context) -> tuple[Path, str]:
    st = state(ctx)
    if st.db_option is None:
        return st.db_path, "default: your user data folder"
    if st.db_explicit:
        return st.db_path, "the --db option"
    return st.db_path, "SAM_DB"


def _paths(ctx: typer.Context) -> list[Source]:
    import platformdirs

    from sam_tui.interop.backup import folder
    from sam_tui.tui.keymap import keymap_path

    path, source = _db_source(ctx)
    keymap = keymap_path()
    return [
        Source("database", str(path), source),
        Source("backups", str(folder(path)), "beside the database"),
        Source(
            "config folder",
            platformdirs.user_config_dir("sam", appauthor=False),
            "default: your user config folder",
        ),
        Source(
            "keymap",
            str(keymap) + ("" if keymap.exists() else " (not created yet)"),
            "SAM_KEYMAP" if os.environ.get("SAM_KEYMAP") else "default: in the config folder",
        ),
    ]


def _environment() -> list[Source]:
    from sam_tui.cli.editor import editor_command

    found = []
    now = os.environ.get("SAM_NOW")
    found.append(
        Source("clock", now, "SAM_NOW") if now else Source("clock", "the system clock", "default")
    )
    if "NO_COLOR" in os.environ:
        found.append(Source("colour", "off", "NO_COLOR"))
    else:
        found.append(Source("colour", "on a terminal", "default"))
    try:
        editor = editor_command()
    except InvalidInput:
        editor = "none (TERM is dumb and EDITOR is not set)"
    dumb = os.environ.get("TERM", "dumb") == "dumb"
    which = next(
        (
            var
            for var in ("VISUAL", "EDITOR")
            if os.environ.get(var) and not (var == "VISUAL" and dumb)
        ),
        "default",
    )
    found.append(Source("editor (-e)", editor, which))
    return found


def _emit(rows: list[Source], as_json: bool) -> None:
    if as_json:
        emit_json([{"key": r.key, "value": r.value, "source": r.source} for r in rows])
        return
    # plain lines, never folded: a path is copied from here into another command
    width = max(len(r.key) for r in rows)
    for r in rows:
        say(f"{r.key:<{width}}  {one_line(r.value)}  ({one_line(r.source)})")


def _path(ctx: typer.Context, as_json: bool) -> None:
    _emit(_paths(ctx), as_json)


def _show(ctx: typer.Context, as_json: bool) -> None:
    from sam_tui.services import settings

    paths = {p.key: p for p in _paths(ctx)}
    rows = [paths["database"]]
    for r in settings.all_settings(conn(ctx)):
        if r.invalid is not None:
            rows.append(
                Source(r.key, f"{r.default} (stored {r.invalid[:20]!r} is unusable)", "default")
            )
        else:
            rows.append(Source(r.key, r.value, "this database" if r.is_set else "default"))
    rows.extend(_environment())
    rows.append(paths["keymap"])
    _emit(rows, as_json)


_VIEWS = {"path": _path, "show": _show}
