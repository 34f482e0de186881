"""`sam import csv|json`: bring a book in from a CRM export or from another sam."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli.options import group
from sam_tui.cli.output import emit_json, error_line, say
from sam_tui.cli.state import conn
from sam_tui.domain.changes import show_value
from sam_tui.domain.enums import choose
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line

if TYPE_CHECKING:
    from sam_tui.interop.plan import Plan, Progress
    from sam_tui.services.imports import Create, Update

app = group(
    "Bring records in: `sam import csv` reads a Salesforce, HubSpot or Pipedrive export "
    "or a spreadsheet; `sam import json` a book written by `sam export json`."
)

# A file this big takes more than a moment: a progress bar, on a terminal only.
_BIG = 1_000_000
# Problems listed before "and N more".
_SHOWN_PROBLEMS = 20


def _path(name: str) -> Path:
    if "\x00" in name:
        raise InvalidInput("a file name cannot contain a NUL character")
    return Path(name).expanduser()


@contextmanager
def _bars(path: Path) -> Iterator[tuple[Progress | None, Progress | None]]:
    """(checking, writing) callbacks drawing a bar on stderr, or None when it is not a
    terminal or the file is small."""
    try:
        big = path.stat().st_size >= _BIG
    except OSError:
        big = False
    if not (big and sys.stderr.isatty()):
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        check = bar.add_task("checking rows", total=None)
        write = bar.add_task("writing", total=None, visible=False)

        def checking(done: int, total: int) -> None:
            bar.update(check, completed=done, total=total)

        def writing(done: int, total: int) -> None:
            bar.update(check, completed=1, total=1, visible=False)
            bar.update(write, completed=done, total=total, visible=True)

        yield checking, writing


def _shown(column: str, value: Any) -> str:
    from sam_tui.services.imports import NewAccount

    if isinstance(value, NewAccount):
        return "a new account"
    if column in ("account_id", "contact_id") and isinstance(value, int):
        return f"#{value}"
    return show_value(column, value, clock.today())


def _words(column: str) -> str:
    return column.removesuffix("_cents").removesuffix("_id").replace("_", " ")


def _pairs(pairs: dict[str, tuple[Any, Any]]) -> str:
    return ", ".join(
        f"{_words(c)} {_shown(c, a)} → {_shown(c, b)}"
        for c, (a, b) in pairs.items()
        if c not in ("name_key", "fold_key")
    )


def _kept(pairs: dict[str, tuple[Any, Any]]) -> str:
    return ", ".join(
        f"{_words(c)} {_shown(c, a)} (the file: {_shown(c, b)})" for c, (a, b) in pairs.items()
    )


def _detail(c: Create) -> str:
    v = c.values
    if c.table == "deal":
        close = v.get("expected_close")
        parts = [_shown("amount_cents", v["amount_cents"]), str(v["stage"])]
        if close:
            parts.append(f"closes {close}")
        return ", ".join(parts)
    if c.table == "account":
        return ", ".join(str(v[k]) for k in ("tier", "status") if v.get(k))
    if c.table == "contact":
        return ", ".join(str(v[k]) for k in ("role", "email") if v.get(k))
    return ""


# The plan reads at 80 columns: long lines wrap under their text.
_WIDTH = 80
_INDENT = " " * 14


def _wrapped(first: str, text: str, indent: str = _INDENT) -> None:
    import textwrap

    say(
        textwrap.fill(
            one_line(text),
            width=_WIDTH,
            initial_indent=first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


def _line(line: int, text: str) -> None:
    _wrapped(f"  line {line:<6} ", text)


_SINGULAR = {
    "accounts": "account",
    "contacts": "contact",
    "deals": "deal",
    "activities": "activity",
}


def _many(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _print_plan(plan: Plan, *, dry_run: bool, written: bool) -> None:
    from sam_tui.interop.csv_import import FIRST, source_words
    from sam_tui.interop.csvfile import DELIMITER_NAMES

    rows = f"{plan.rows:,} row{'s' if plan.rows != 1 else ''}"
    delimiter = DELIMITER_NAMES.get(plan.delimiter, plan.delimiter)
    _wrapped("", f"{plan.file}: {rows}, {plan.encoding}, {delimiter}-separated", "  ")
    say(f"Source: {source_words(plan)}. Columns:")
    width = min(30, max((len(one_line(u.header)) for u in plan.columns), default=0))
    for use in plan.columns:
        header = one_line(use.header) or "(no header)"
        if use.field is None:
            say(f"  {header:<{width}}    ignored: {use.why}")
        else:
            by = f" ({use.why})" if use.why else ""
            say(f"  {header:<{width}} →  {use.field}{by}")
    would = dry_run or not written
    counts = (
        f"{'Would create' if would else 'Created'} "
        f"{_many(len(plan.creates), _SINGULAR[plan.entity.value], plan.entity.value)}, "
        f"{'update' if would else 'updated'} {len(plan.updates):,}, "
        f"{'leave' if would else 'left'} {len(plan.unchanged):,} unchanged, "
        f"{'skip' if would else 'skipped'} {len(plan.skips):,}"
    )
    if plan.new_accounts:
        n = len(plan.new_accounts)
        counts += f"; and {_many(n, 'new account', 'new accounts')} (--create-accounts)"
    _wrapped("", counts + ".", "  ")
    sections: list[tuple[str, list[Any]]] = [
        ("New accounts", plan.new_accounts),
        ("Create", plan.creates),
        ("Update", plan.updates),
        ("Unchanged, with values kept in sam", [u for u in plan.unchanged if u.kept]),
        ("Skip", plan.skips),
    ]
    for title, items in sections:
        if not items:
            continue
        more = f" (first {FIRST} of {len(items):,})" if len(items) > FIRST else ""
        say(f"{title}{more}:")
        for item in items[:FIRST]:
            _print_item(title, item)
    kept = sum(1 for u in [*plan.updates, *plan.unchanged] if u.kept)
    if kept:
        say(
            f"{kept:,} record{'s keep' if kept != 1 else ' keeps'} sam's values "
            "(--overwrite takes the file's)."
        )
    if plan.notices:
        say("Notes:")
        for notice in plan.notices:
            _wrapped("  - ", notice, "    ")


def _print_item(title: str, item: Any) -> None:
    if title in ("Create", "New accounts"):
        create: Create = item
        detail = _detail(create)
        _line(create.line, create.label + (f": {detail}" if detail else ""))
    elif title == "Skip":
        _line(item.line, f"{item.label}: {item.reason}")
    else:
        update: Update = item
        text = f"#{update.id} {update.label}"
        if update.changes:
            text += f": {_pairs(update.changes)}"
        _line(update.line, text)
        if update.kept and update.ref is None:
            # matched by name, never imported: what sam holds was typed in sam, not changed
            _wrapped(_INDENT, f"sam's values kept (not from an import): {_kept(update.kept)}")
        elif update.kept:
            _wrapped(_INDENT, f"kept as changed in sam: {_kept(update.kept)}")


def _refuse(plan: Plan) -> None:
    for problem in plan.problems[:_SHOWN_PROBLEMS]:
        sys.stderr.write(one_line(f"{plan.file} {problem.text()}") + "\n")
    extra = len(plan.problems) - _SHOWN_PROBLEMS
    if extra > 0:
        sys.stderr.write(f"and {extra:,} more\n")
    n = len(plan.problems)
    sys.stderr.write(
        error_line(
            f"{plan.file}: {n:,} problem{'s' if n != 1 else ''}; nothing was imported (fix the "
            "file or use the options named above, then run the import again)"
        )
        + "\n"
    )
    raise typer.Exit(1)


RecordsArg = Annotated[
    str,
    typer.Argument(
        metavar="RECORDS", help="What the file holds: accounts, contacts, deals or activities."
    ),
]


@app.command("csv")
def import_csv(
    ctx: typer.Context,
    records: RecordsArg,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The CSV file.")],
    source: Annotated[
        str,
        typer.Option(
            help="Who wrote it: auto (from the headers), salesforce, hubspot, pipedrive or plain."
        ),
    ] = "auto",
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="'CSV column=field' for a header sam does not know ('Firma=account'); "
            "'CSV column=' ignores it (repeatable).",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            help="How numeric dates read when the file does not say: DMY, MDY, or a pattern "
            "like %d.%m.%Y."
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="The file's encoding, e.g. cp1250 or iso-8859-2, instead of working it out.",
        ),
    ] = None,
    stage_map: Annotated[
        list[str] | None,
        typer.Option(
            help="'Their stage=our stage' for a custom pipeline, e.g. 'Discovery=qualification' "
            "(repeatable)."
        ),
    ] = None,
    create_accounts: Annotated[
        bool,
        typer.Option(
            "--create-accounts",
            help="Create the accounts that contacts, deals or activities name and sam does "
            "not know.",
        ),
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="On a re-import, also replace values changed in sam since the last import.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing: show the plan.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="The plan as one JSON document on stdout.")
    ] = False,
) -> None:
    """Import accounts, contacts, deals or activities from a CRM export or a spreadsheet.

    Salesforce (report or Data Loader exports), HubSpot and Pipedrive exports and plain spreadsheets are recognised by their headers; the encoding (unless --encoding names it), the delimiter, report footers and the date order are worked out from the file. Records an earlier import made are updated, never duplicated; values you changed in sam since are kept (--overwrite replaces them). The import is all or nothing, and `sam undo` reverts it whole.
    """  # noqa: E501
    from sam_tui.interop.cells import parse_date_format
    from sam_tui.interop.columns import SOURCES, Entity
    from sam_tui.interop.csv_import import document, run
    from sam_tui.interop.csvfile import check_encoding
    from sam_tui.interop.plan import Options

    entity = choose(Entity, records, "kind of records")
    wanted_source = source.strip().lower()
    if wanted_source != "auto" and wanted_source not in SOURCES:
        raise InvalidInput(f"unknown source '{source}': choose auto, {', '.join(SOURCES)}")
    if encoding is not None:
        check_encoding(encoding)
    if date_format is not None:
        parse_date_format(date_format)
    path = _path(file)
    options = Options(
        encoding=encoding,
        entity=entity,
        source=wanted_source,
        maps=tuple(map_ or ()),
        date_format=date_format,
        stage_map=tuple(stage_map or ()),
        create_accounts=create_accounts,
        overwrite=overwrite,
    )
    try:
        with _bars(path) as (checking, writing):
            outcome = run(
                conn(ctx), path, options, dry_run=dry_run, checking=checking, writing=writing
            )
    except InvalidInput as exc:
        raise InvalidInput(f"{path.name}: {exc}") from None
    plan = outcome.plan
    if as_json:
        emit_json(document(plan, outcome.written, dry_run))
    if plan.problems:
        _refuse(plan)
    if as_json:
        return
    _print_plan(plan, dry_run=dry_run, written=outcome.written is not None)
    if dry_run:
        say("Nothing was written (--dry-run).")
    elif outcome.written is not None:
        say("`sam undo` reverts this whole import.")


def _counts(counts: dict[str, int]) -> str:
    from sam_tui.domain.changes import plural

    return ", ".join(plural(t, n) for t, n in counts.items() if n) or "nothing"


@app.command("json")
def import_json(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A file written by `sam export json`.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing: say what would happen.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="What was done as one JSON document on stdout.")
    ] = False,
) -> None:
    """Bring in a book written by `sam export json`.

    Into a new, empty database the book comes back exactly as it was exported, history included. Into a book that holds records, the document is merged: records it shares with this book (the same record, restored or merged before, or an account of the same name) are matched, never duplicated, and take the document's values where its copy was changed later; the rest are added. The document is checked whole first; nothing is written when anything is wrong, and `sam undo` reverts a merge whole.
    """  # noqa: E501
    from sam_tui.interop import book_json

    path = _path(file)
    with _bars(path) as (_, writing):
        try:
            loaded = book_json.load(conn(ctx), path, dry_run=dry_run, progress=writing)
        except InvalidInput as exc:
            raise InvalidInput(f"{path.name}: {exc}") from None
    if as_json:
        emit_json({"file": str(path), "dry_run": dry_run, **loaded._asdict()})
        return
    would = "would be " if dry_run else ""
    if loaded.restored:
        say(f"{path.name}: restored into an empty book {'(dry run)' if dry_run else ''}".rstrip())
        say(f"  {_counts({k: v for k, v in loaded.created.items() if k != 'change_log'})}")
        say(f"  with its history ({loaded.created.get('change_log', 0):,} changes)")
    else:
        say(f"{path.name}: merged into this book" + (" (dry run)" if dry_run else ""))
        say(f"  {would}added: {_counts(loaded.created)}")
        say(f"  {would}updated (changed later in the document): {_counts(loaded.updated)}")
        say(f"  kept (this book's copy is as new or newer): {_counts(loaded.kept)}")
        say(f"  already the same: {_counts(loaded.unchanged)}")
        history = loaded.skipped.get("change_log", 0)
        if history:
            say(f"  not merged: the other book's history ({history:,} recorded changes)")
    if dry_run:
        say("Nothing was written (--dry-run).")
    elif not loaded.restored and (loaded.created or loaded.updated):
        say("`sam undo` reverts this whole merge.")
