"""`sam export json|ics|vcard|csv`: the whole book, or its dates, people and tables."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from sam_tui.cli import completion as complete
from sam_tui.cli.options import group
from sam_tui.cli.output import emit_json, say
from sam_tui.cli.state import conn
from sam_tui.domain.changes import plural
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line

app = group(
    "Write the book out: everything, lossless (json), or into a calendar (ics), an "
    "address book (vcard) or a spreadsheet (csv)."
)

FileArg = Annotated[
    str | None,
    typer.Argument(help="The file to write; - for standard output.", show_default=False),
]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="The file to write (as FILE); - for standard output."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]


def _target(file: str | None, output: str | None, force: bool) -> Path | None:
    """Where to write: a checked path, or None for standard output. Checked before any work."""
    if file is not None and output is not None and file != output:
        raise InvalidInput(f"two files given ({file} and --output {output}); give one")
    chosen = file if file is not None else output
    if chosen is None:
        raise InvalidInput("give a FILE to write, or - (or --output -) for standard output")
    if chosen == "-":
        return None
    from sam_tui.interop.files import check_target

    return check_target(Path(chosen), force=force)


def _write(target: Path | None, chunks: Iterable[str], force: bool) -> Path | None:
    if target is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return None
    from sam_tui.interop.files import write_chunks

    return write_chunks(target, chunks, force=force)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


@app.command("json")
def export_json(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The JSON file to write.")],
    force: ForceOpt = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Say what was written as one JSON document.")
    ] = False,
) -> None:
    """Write every table of the book to FILE as one JSON document, with its format version.

    `sam import json FILE` into a new database gives this book back exactly: take a book to another machine, or keep your data when you leave sam. The file is written whole or not at all, readable by you only.
    """  # noqa: E501
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


@app.command("ics")
def ics(
    ctx: typer.Context,
    file: FileArg = None,
    output: OutputOpt = None,
    what: Annotated[
        str,
        typer.Option(
            "--what",
            help="What to export, comma-separated: follow-ups, renewals, close-dates, sla.",
        ),
    ] = "follow-ups,renewals,close-dates,sla",
    todos: Annotated[
        bool,
        typer.Option("--todos", help="Tasks (VTODO) for task apps instead of calendar events."),
    ] = False,
    alarm: Annotated[
        str,
        typer.Option(
            "--alarm", help="Reminder time on the day of each all-day item (9:00, 8am; none)."
        ),
    ] = "9:00",
    force: ForceOpt = False,
) -> None:
    """Write an iCalendar file: follow-ups, renewals, close dates and SLA deadlines.

    Follow-ups, renewals and close dates are all-day events with a reminder at --alarm; SLA deadlines are timed events with a reminder two hours before. Done, won, lost, resolved or cancelled items stay in the file for 90 days as cancelled, so a calendar that imports it again removes them. Each item keeps its UID from one export to the next: import the file again, or subscribe to it, and the calendar updates instead of duplicating.

    Example: sam export ics ~/calendar/sam.ics --force (for a cron job: see README).
    """  # noqa: E501
    from sam_tui.domain.dates import parse_time_of_day
    from sam_tui.services import calendar

    kinds = calendar.parse_kinds(what)
    at = None if alarm.strip().lower() in ("none", "off", "no") else parse_time_of_day(alarm)
    target = _target(file, output, force)
    db = conn(ctx)
    book = calendar.book_id(db)
    items = calendar.items(db, kinds)

    from sam_tui.interop import ics as ics_file  # icalendar: ~0.3 s, only here

    data = ics_file.calendar(items, book_id=book, todos=todos, alarm=at)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    written = _write(target, [data.decode("utf-8")], force)
    closed = sum(1 for i in items if i.state is not calendar.ItemState.OPEN)
    noun = "task" if todos else "event"
    extra = f" ({closed} done or cancelled)" if closed else ""
    say(f"Wrote {_plural(len(items), noun)}{extra} to {one_line(str(written))}")


@app.command("vcard")
def vcard(
    ctx: typer.Context,
    file: FileArg = None,
    output: OutputOpt = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            "-a",
            help="Only this account's contacts (name, prefix, #ID).",
            autocompletion=complete.account,
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Write the contacts as vCard 3.0 cards for a phone or Google Contacts.

    Each card has the name, the account as organisation, the role as title, e-mail, phone numbers with their type (work unless labelled mobile, home or fax), and a note with influence and cadence. Archived contacts are left out.
    """  # noqa: E501
    from sam_tui.interop import vcard as vcard_file
    from sam_tui.services import calendar, exports

    target = _target(file, output, force)
    db = conn(ctx)
    people = exports.card_contacts(db, account)
    if not people:
        scope = f" at {one_line(exports.account_exists(db, account))}" if account else ""
        raise InvalidInput(f"no contacts{scope} to export")
    written = _write(target, vcard_file.cards(people, calendar.book_id(db)), force)
    if written is not None:
        say(f"Wrote {_plural(len(people), 'contact')} to {one_line(str(written))}")


@app.command("csv")
def csv(
    ctx: typer.Context,
    table: Annotated[
        str,
        typer.Argument(
            help="accounts, contacts, deals, interactions, follow-ups, complaints or requests.",
            show_default=False,
        ),
    ],
    file: FileArg = None,
    output: OutputOpt = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start with a byte-order mark, for Excel.")
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Write one table as CSV: one row per record, headers in words, ISO dates, plain numbers.

    Money is a plain number with two decimals, times are local (2026-11-26 09:00). A text cell that begins with =, +, -, @, a tab or a carriage return gets a leading ' so a spreadsheet does not run it as a formula; `sam import csv` reads it back without it.
    """  # noqa: E501
    from sam_tui.interop import csv_export
    from sam_tui.services import exports

    name = exports.table_name(table)
    target = _target(file, output, force)
    columns = exports.TABLES[name].columns
    counted = _Counted(exports.rows(conn(ctx), name))
    written = _write(target, csv_export.lines(columns, counted, bom=bom), force)
    if written is not None:
        say(f"Wrote {_plural(counted.count, 'row')} of {name} to {one_line(str(written))}")


class _Counted:
    """Rows passed through, counted (the export streams: the count is known at the end)."""

    def __init__(self, rows: Iterable[tuple[object, ...]]) -> None:
        self._rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        for row in self._rows:
            self.count += 1
            yield row
