"""`sam demo`: a believable portfolio in a scratch database, then the cockpit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sam_tui.cli import streams
from sam_tui.cli.output import say
from sam_tui.cli.state import APP_NAME, state


def demo_db_path() -> Path:
    """The scratch location: the user cache dir, never the real database."""
    import platformdirs

    from sam_tui.store import db as store_db

    folder = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    store_db.make_folders(folder)  # each missing level private, ~/.cache included
    return folder / "demo.db"


def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Where to build it (default: a scratch file in your cache).",
            dir_okay=False,
        ),
    ] = None,
    scale: Annotated[
        int, typer.Option(help="Multiply the portfolio size (1: 25 accounts).", min=1, max=1000)
    ] = 1,
    seed: Annotated[int, typer.Option(help="Same seed, same portfolio.")] = 7,
) -> None:
    """Fill a scratch database with a demo portfolio and open the cockpit on it.

    Your own database is never touched unless you pass it with --db; a file with your own data in it is refused. When output is not a terminal, the database is prepared and its path printed.
    """  # noqa: E501
    from sam_tui import demo as demo_service
    from sam_tui.store import db as store_db

    st = state(ctx)
    # SAM_DB names the user's real database: only an explicit --db may point demo at a file
    target = db or (st.db_option if st.db_explicit else None) or demo_db_path()
    st.db_option, st.db_explicit = target, True
    conn = store_db.connect(target)
    size = demo_service.DemoSize(
        accounts=25 * scale, open_follow_ups=30 * scale, complaints=8 * scale
    )
    counts = demo_service.fill(conn, seed=seed, size=size)
    conn.close()
    streams.saved()  # built: that stays whatever happens to the lines below
    summary = ", ".join(f"{v} {k.replace('_', '-')}" for k, v in counts.items())
    if not sys.stdout.isatty():
        say(f"Demo portfolio ready in {target} ({summary}).")
        say(f"Try: sam --db {target} today")
        return
    from sam_tui.cli.cockpit import open_cockpit

    open_cockpit(st)
