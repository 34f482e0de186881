"""`sam export json`: the whole book as one JSON document (to move it or to leave sam)."""

from __future__ import annotations

from typing import Annotated

import typer

from sam_tui.cli.output import emit_json, say
from sam_tui.cli.state import conn
from sam_tui.domain.changes import plural
from sam_tui.domain.errors import InvalidInput

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Write the book out: `sam export json FILE` is everything, lossless.",
)


@app.command("json")
def export_json(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The JSON file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Say what was written as one JSON document.")
    ] = False,
) -> None:
    """Write every table of the book to FILE as one JSON document, with its format version.

    `sam import json FILE` into a new database gives this book back exactly: take a book to another machine, or keep your data when you leave sam. The file is written whole or not at all, readable by you only.
    """  # noqa: E501
    from pathlib import Path

    from sam_tui.interop import book_json

    if "\x00" in file:
        raise InvalidInput("a file name cannot contain a NUL character")
    path = Path(file).expanduser()
    counts = book_json.export(conn(ctx), path, force=force)
    if as_json:
        emit_json({"file": str(path), "rows": counts})
        return
    shown = [plural(t, n) for t, n in counts.items() if n and t != "change_log"]
    say(f"Wrote {path}: {', '.join(shown) or 'an empty book'}.")
