"""`sam export json`: the whole book as one JSON document (to move it or to leave sam)."""

from __future__ import annotations

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Write the book out: `sam export json FILE` is everything, lossless.",
)
