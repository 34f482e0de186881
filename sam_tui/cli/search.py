"""`sam search`: ranked full-text search over every record, with the passage that matched."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui.cli.options import JsonOpt
from sam_tui.cli.output import console, emit_json, say, short_day
from sam_tui.cli.state import conn
from sam_tui.domain.search import SearchKind, parse_kind, plain, printable
from sam_tui.domain.text import one_line

KINDS = ", ".join(k.value for k in SearchKind)


def hit_json(rank: int, hit: Any) -> dict[str, Any]:
    """One hit; ``matches``: [start, end) offsets of the matched words in ``snippet``."""
    matches = []
    offset = 0
    for part, matched in hit.snippet:
        if matched:
            matches.append([offset, offset + len(part)])
        offset += len(part)
    return {
        "rank": rank,
        "kind": hit.kind.value,
        "ref": {"type": hit.source, "id": hit.id},
        "account": {
            "id": hit.account_id,
            "name": hit.account_name,
            "archived": hit.account_archived,
        },
        "at": hit.at,
        "label": hit.label,
        "snippet": plain(hit.snippet),
        "matches": matches,
        "score": round(hit.score, 6),
    }


def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(help="Words to find (the rest of the line).")],
    account: Annotated[
        str | None,
        typer.Option("--account", "-a", help="Only this account: name, unique prefix or #ID."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help=f"Only one kind of record: {KINDS}.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many hits (1-500).")] = 20,
    include_archived: Annotated[
        bool, typer.Option("--all", help="Include archived accounts' records.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Find records by their words, best match first, with the passage that matched.

    Searches account names and notes, contacts, interactions, complaints and their \
    updates, ideas, internal requests and deals. Names and titles count more than text.

    Every word must appear in the same record; case and accents do not matter \
    (societe finds Société). The last word also matches the start of a longer word \
    (mül finds Müller) unless a space follows it. Quotes, *, :, AND, OR, NOT are \
    searched as plain text; e-mail finds "e-mail" and "e mail".

    Example: sam search renewal pricing --account acme

    Put -- before a search that starts with a dash: sam search -- -10%.
    """
    from sam_tui.services import search as service

    kinds = {parse_kind(kind)} if kind is not None else None
    result = service.search(
        conn(ctx),
        " ".join(text),
        account_ref=account,
        kinds=kinds,
        include_archived=include_archived,
        limit=limit,
    )
    if as_json:
        emit_json(
            {
                "query": " ".join(text),
                "words": list(result.query.words),
                "prefix": result.query.prefix,
                "ranked": result.ranked,
                "broad": result.broad,
                "hits": [hit_json(n, h) for n, h in enumerate(result.hits, start=1)],
            }
        )
        return
    _print(result, " ".join(text), kind=kind, account=account)


def _print(result: Any, typed: str, *, kind: str | None, account: str | None) -> None:
    from rich.text import Text

    if not result.hits:
        say(f"No matches for '{one_line(typed)}'.")
        hints = []
        if len(result.query.words) > 1:
            hints.append("every word must appear in the same record: try fewer words")
        if kind or account:
            hints.append("drop --kind or --account to search everything")
        if result.archived_left_out:
            hints.append("--all also searches archived accounts")
        if hints:
            say("Hint: " + "; ".join(hints) + ".")
        return
    out = console()
    for hit in result.hits:
        head = Text.assemble(
            (hit.kind.value, "bold"),
            "  ",
            (one_line(hit.account_name), ""),
            (" (archived)" if hit.account_archived else "", "dim"),
            ("  " + one_line(hit.label), "dim"),
            ("  " + short_day(hit.at.astimezone().date()), "dim"),
        )
        out.print(head, overflow="fold")
        line = Text("    ")
        for part, matched in printable(hit.snippet):
            line.append(part, style="bold underline" if matched else "")
        out.print(line, overflow="fold")
    if result.broad:
        say(
            f"More than {result.ranked:,} records match: the newest {result.ranked:,} were "
            "ranked, with every name and title that matches. Add words, --kind or --account "
            "to narrow it."
        )
    elif result.ranked > len(result.hits):
        say(f"Best {len(result.hits)} of {result.ranked} matches; --limit N shows more.")
