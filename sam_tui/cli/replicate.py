"""`sam replicate`: stream this book to a replica with Litestream; status; restore anywhere."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from sam_tui.cli import streams
from sam_tui.cli.options import JsonOpt, YesOpt, group
from sam_tui.cli.output import emit_json, moment, require_confirmation, say
from sam_tui.cli.state import state
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line

# a replica's options, the same for `sam replicate setup` and `sam team add`
EndpointOpt = Annotated[
    str | None,
    typer.Option(help="s3: the address of S3-compatible storage (MinIO, R2, B2...)."),
]
RegionOpt = Annotated[str | None, typer.Option(help="s3: the bucket's region.")]
KeyOpt = Annotated[
    str | None, typer.Option("--key", help="sftp: the SSH key file (default: ~/.ssh/id_*).")
]

app = group(
    "Replicate this book off the machine with Litestream (continuous, restore anywhere, to "
    "any moment): setup, run, status, restore."
)


@app.command()
def setup(
    ctx: typer.Context,
    url: Annotated[
        str,
        typer.Argument(
            help="s3://BUCKET/PATH, gcs://BUCKET/PATH, abs://ACCOUNT@CONTAINER/PATH, "
            "sftp://USER@HOST/PATH or file:///FOLDER."
        ),
    ],
    endpoint: EndpointOpt = None,
    region: RegionOpt = None,
    key: KeyOpt = None,
) -> None:
    """Set up the replica of this book and check it with a real round trip (ship, read back, verify).

    Writes Litestream's config in sam's config folder. Credentials are never stored: Litestream reads them from the environment and the usual files (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or ~/.aws, GOOGLE_APPLICATION_CREDENTIALS, LITESTREAM_AZURE_ACCOUNT_KEY, your SSH key). A replica that already holds another book is left untouched: `sam replicate restore` brings that book here.
    """  # noqa: E501
    from sam_tui.interop import litestream, replication

    st = state(ctx)
    replica = litestream.parse_replica(url, endpoint=endpoint, region=region, key_path=key)
    result = replication.setup(st.db_path, replica)
    streams.saved()  # the config is written: it stays whatever happens to the lines below
    found = result.setup
    say(f"Replica of {one_line(str(found.db_path))}: {one_line(replica.shown())}")
    if result.other is not None:
        say(
            f"It already holds a book (last change shipped {moment(result.other.at)}); nothing "
            "was written to it. To bring that book here: sam replicate restore; then start "
            "replicating: sam replicate run"
        )
    elif result.checked is not None and result.shipped is not None:
        from sam_tui.cli.backup import holdings

        say(
            f"Checked: the book was shipped (transaction {result.shipped.txid}) and read back "
            f"from the replica: integrity ok, {holdings(result.checked)}."
        )
        say("Start replicating: sam replicate run (or as a service: README, Several machines)")
    say(f"Litestream config: {found.config}")


@app.command()
def run(ctx: typer.Context) -> None:
    """Replicate this book continuously, in the foreground, until stopped (Ctrl-C, SIGTERM).

    For a systemd user service or a launchd agent (README gives both). The process becomes Litestream itself: one replicator per book (a second is refused), and sam log never waits for it.
    """  # noqa: E501
    from sam_tui.interop import replication

    st = state(ctx)
    found, argv = replication.prepare_run(st.db_path)
    sys.stderr.write(
        f"Replicating {one_line(str(found.db_path))} to {one_line(found.replica.shown())} "
        f"(pid {os.getpid()}); Ctrl-C stops.\n"
    )
    replication.become(argv)


@app.command()
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """When the latest change reached the replica, and how far behind it is."""
    from sam_tui.interop import replication

    st = state(ctx)
    found = replication.status(st.db_path)
    behind = found.behind
    if as_json:
        emit_json(
            {
                "database": str(found.setup.db_path),
                "replica": found.setup.replica.as_json(),
                "running": found.running is not None,
                "pid": found.running,
                "last_change": found.last_change,
                "replicated_at": None if found.replica is None else found.replica.at,
                "replica_txid": None if found.replica is None else found.replica.txid,
                "behind_seconds": None if behind is None else int(behind.total_seconds()),
                "up_to_date": behind is None and not found.other_writer,
                "other_writer": found.other_writer,
            }
        )
        return
    say(f"Book:        {one_line(str(found.setup.db_path))}")
    say(f"Replica:     {one_line(found.setup.replica.shown())}")
    if found.running is not None:
        say(f"Replicator:  running (pid {found.running})")
    else:
        say("Replicator:  not running; start it with: sam replicate run")
    say(f"Last change: {moment(found.last_change)} in the book")
    shipped = "nothing yet" if found.replica is None else moment(found.replica.at)
    say(f"Replicated:  {shipped} (the newest change on the replica)")
    if found.other_writer:
        say(
            "Behind:      the replica holds changes this book does not have: another machine "
            "writes to it (see sam replicate restore)"
        )
    elif behind is None:
        say("Behind:      up to date")
    else:
        say(
            f"Behind:      {replication.duration(behind)} (changes made since are not on the "
            "replica yet)"
        )


@app.command()
def restore(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="FILE",
            help="Restore into this file instead of the book (a new file, or a sam book).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="The book as it was then: 'yesterday 17:00', 2026-11-20T09:30 (default: latest).",
        ),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """Bring the book back from its replica, on a new machine or as it was at a past moment.

    What comes back is checked before anything changes (integrity, sam's stamp, schema and version, references), shown next to what is there now, and confirmed (--yes skips the question). The current data is saved to backups/NAME-before-restore-...db first, as `sam restore` does. A running replicator ships the restore to the replica as one more change.
    """  # noqa: E501
    from sam_tui.cli import parsing
    from sam_tui.cli.backup import put_back
    from sam_tui.interop import backup as backups
    from sam_tui.interop import replication
    from sam_tui.store import db

    st = state(ctx)
    found = replication.require(st.db_path)
    target = found.db_path if to is None else _file(to)
    moment_asked = None if at is None else parsing.when(at)
    require_confirmation(yes, "restore")
    with ExitStack() as scratch:
        got = scratch.enter_context(replication.fetched(found, moment_asked))
        staged = scratch.enter_context(backups.incoming(target, got.path))
        current = None
        if target.exists():
            conn = db.connect(target)
            try:
                current = backups.describe(conn, target)
            finally:
                conn.close()
        st.close()
        when = "latest" if got.at is None else f"as of {moment(got.at)}"
        origin = f"replica {when}, transaction {got.txid}"
        put_back(
            target,
            staged,
            current,
            yes=yes,
            source=found.replica.shown(),
            side="replica",
            origin=origin,
        )
    if target == found.db_path:
        replication.mark_restored(found, got)
        pid = replication.running(found.db_path)
        if pid is not None:
            say(f"The replicator (pid {pid}) ships the restored book to the replica.")
        else:
            say("Start replicating it: sam replicate run")


def _file(name: str) -> Path:
    if "\x00" in name:
        raise InvalidInput("a file name cannot contain a NUL character")
    return Path(name).expanduser().absolute()
