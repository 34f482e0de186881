"""`sam config`: list, read, change or reset this database's settings."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui.cli.options import JsonOpt
from sam_tui.cli.output import console, emit_json, picked, say
from sam_tui.cli.state import conn
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line


def _json(row: Any) -> dict[str, Any]:
    return picked(row, "key value default set=is_set invalid description")


def config(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Argument(help="The setting, e.g. fiscal-year-start (none: list all).")
    ] = None,
    value: Annotated[
        str | None, typer.Argument(help="A new value to store (checked before it is saved).")
    ] = None,
    unset: Annotated[
        bool, typer.Option("--unset", help="Forget KEY's value: its default applies again.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Settings of this database: `sam config` lists them all with their defaults,
    `sam config KEY` prints one, `sam config KEY VALUE` sets it, `sam config KEY --unset`
    resets it.

    Settings: fiscal-year-start (month 1-12), probability.STAGE (default win probability
    of an open stage, 0-100), sla.SEVERITY (days to resolve a complaint).
    """
    from sam_tui.services import settings

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
