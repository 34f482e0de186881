"""`sam today`'s queue, printed or as JSON; without Typer, which `sam today` skips."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from json.encoder import encode_basestring_ascii
from typing import Any

from sam_tui.cli.collector import paused
from sam_tui.cli.figures import ratio_json
from sam_tui.cli.output import Encoded, emit_json
from sam_tui.domain.triage import TriageItem, TriageKind

# What each kind of item refers to, in --json: ``{"type": "account", "id": 12}``.
_REF_TYPE = {
    TriageKind.GOING_COLD: "account",
    TriageKind.RENEWAL: "account",
    TriageKind.CONTACT_COLD: "contact",
    TriageKind.SINGLE_THREADED: "account",
}
# An item of --json on one line, as json.dumps(..., separators=(", ", ": ")) writes it:
# {"rank": 1, "kind": "follow-up", "ref": {"type": "follow-up", "id": 12},
#  "account": {"id": 3, "name": "Acme"}, "title": "...", "due": "2026-11-24",
#  "due_at": null, "score": 95, "reasons": ["overdue by 2 days"]}
# Filled in by hand: the whole queue of a large book (10,000 items) is written, and
# json.dumps of a dict per item took a quarter of `sam today --json`. Strings go through
# json's own escaping (ASCII, as json.dumps); tests/cli/test_today_json.py holds each
# line to json.dumps of the same item.
_KIND_PART = {
    kind: f'"kind": "{kind.value}", "ref": {{"type": "{_REF_TYPE.get(kind, kind.value)}", '
    for kind in TriageKind
}


def item_line(rank: int, item: TriageItem) -> str:
    """One item of the queue as one line of JSON (keys and order as ``--json`` shows)."""
    esc = encode_basestring_ascii
    kind, ref_id, account_id, account_name, title, due, score, reasons, due_at = item
    return (
        f'{{"rank": {rank}, {_KIND_PART[kind]}"id": {ref_id}}}, '
        f'"account": {{"id": {account_id}, "name": {esc(account_name)}}}, '
        f'"title": {esc(title)}, "due": "{due.isoformat()}", '
        f'"due_at": {"null" if due_at is None else esc(due_at.isoformat())}, '
        f'"score": {score}, "reasons": [{", ".join(map(esc, reasons))}]}}'
    )


def item_lines(items: Iterable[TriageItem]) -> Encoded:
    """Every item's line, as ``item_line`` writes it, ranked from 1. The items of a queue
    share accounts, days and lists of reasons (10,000 items: some 7,000 accounts, a few
    hundred days, a few hundred lists of reasons); each is encoded once."""
    esc = encode_basestring_ascii
    kind_part = _KIND_PART
    accounts: dict[tuple[int, str], str] = {}
    days: dict[date, str] = {}
    said: dict[tuple[str, ...], str] = {}
    lines = Encoded()
    add = lines.append
    for rank, (kind, ref_id, account_id, name, title, due, score, reasons, due_at) in enumerate(
        items, start=1
    ):
        who = accounts.get((account_id, name))
        if who is None:
            who = accounts[account_id, name] = (
                f'"account": {{"id": {account_id}, "name": {esc(name)}}}, '
            )
        day = days.get(due)
        if day is None:
            day = days[due] = f'"due": "{due.isoformat()}", '
        why = said.get(reasons)
        if why is None:
            why = said[reasons] = ", ".join(map(esc, reasons))
        add(
            f'{{"rank": {rank}, {kind_part[kind]}"id": {ref_id}}}, {who}"title": {esc(title)}, '
            f'{day}"due_at": {"null" if due_at is None else esc(due_at.isoformat())}, '
            f'"score": {score}, "reasons": [{why}]}}'
        )
    return lines


# What a screen of `sam today` shows when output is not a terminal (a pipe, a file, cron).
NOT_A_TERMINAL = 30


def show(
    connect: Callable[[], sqlite3.Connection],
    explain: bool = False,
    limit: int | None = None,
    all_: bool = False,
    no_pager: bool = False,
    as_json: bool = False,
) -> None:
    """`sam today` with these options (``connect``: the book's connection, opened once)."""
    # the queue of a large book: ~200,000 objects, none in a cycle (30-50 ms of collections)
    with paused():
        _show(connect, explain, limit, all_, no_pager, as_json)


def _show(
    connect: Callable[[], sqlite3.Connection],
    explain: bool,
    limit: int | None,
    all_: bool,
    no_pager: bool,
    as_json: bool,
) -> None:
    from sam_tui.services import triage

    everything = all_ or limit == 0
    if as_json:
        wanted = None if everything or limit is None else limit
        _emit(triage.load(connect(), limit=wanted))
        return
    from sam_tui.cli.queue_table import ABOVE, BELOW, print_queue
    from sam_tui.cli.table import Output

    out = Output(paging=(everything or limit is not None) and not no_pager)
    screen = out.terminal and not everything and limit is None
    if everything:
        wanted = None
    elif limit is not None:
        wanted = limit
    elif screen:
        # each item takes a line at least, under three header lines and the table's own,
        # above the last line
        wanted = max(1, out.height - ABOVE - 1 - BELOW)
    else:
        wanted = NOT_A_TERMINAL
    with out:
        print_queue(out, triage.load(connect(), limit=wanted), explain, screen)


def _emit(t: Any) -> None:
    k = t.kpis
    emit_json(
        {
            "date": t.now.date(),
            "kpis": {
                "overdue_follow_ups": k.overdue_follow_ups,
                "due_today": k.due_today,
                "open_complaints": k.open_complaints,
                "breached_complaints": k.breached_complaints,
                "going_cold": k.going_cold,
                "renewals_90d": k.renewals_90d,
                "quota_period": k.quota_period,
                "attainment": ratio_json(k.attainment),
                "coverage": ratio_json(k.coverage),
            },
            # every item of the queue; ``items`` holds them all, or the first --limit
            "total": t.total,
            "items": item_lines(t.items),
        }
    )
