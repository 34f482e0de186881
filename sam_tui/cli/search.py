"""`sam search`: ranked full-text search over every record, with the passage that matched."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui.cli.options import JsonOpt, NoPagerOpt, OnlyAccountOpt
from sam_tui.cli.output import emit_json, say, short_day
from sam_tui.cli.state import conn
from sam_tui.cli.table import Output, Span
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
    account: OnlyAccountOpt = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help=f"Only one kind of record: {KINDS}.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many hits (1-500).")] = 20,
    include_archived: Annotated[
        bool, typer.Option("--all", help="Include archived accounts' records.")
    ] = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Find records by their words, best match first, with the passage that matched.

    Searches account names and notes, contacts, interactions, complaints and their \
    updates, ideas, internal requests and deals. Names and titles count more than text.

    Every word must appear in the same record; case and accents do not matter \
(societe finds Société, oresund Øresund, strasse Straße). The last word also \
matches the start of a longer word (mül finds Müller) unless a space follows it. \
Quotes, *, :, AND, OR, NOT are searched as plain text; e-mail finds "e-mail" and \
"e mail".

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
    _print(result, " ".join(text), kind=kind, account=account, paging=not no_pager)


def _print(result: Any, typed: str, *, kind: str | None, account: str | None, paging: bool) -> None:
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
    with Output(paging=paging) as out:
        for hit in result.hits:
            if out.closed:
                break
            out.text(
                (
                    Span(hit.kind.value, "bold"),
                    Span("  "),
                    Span(hit.account_name),
                    Span(" (archived)" if hit.account_archived else "", "dim"),
                    Span("  " + one_line(hit.label), "dim"),
                    Span("  " + short_day(hit.at.astimezone().date()), "dim"),
                )
            )
            snippet = [Span("    ")]
            for part, matched in printable(hit.snippet):
                snippet.append(Span(part, "bold underline" if matched else ""))
            out.text(snippet)
        if result.broad:
            out.line(
                f"More than {result.ranked:,} records match: the newest {result.ranked:,} were "
                "ranked, with every name and title that matches. Add words, --kind or --account "
                "to narrow it."
            )
        elif result.ranked > len(result.hits):
            out.line(f"Best {len(result.hits)} of {result.ranked} matches; --limit N shows more.")
