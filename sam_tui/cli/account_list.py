"""`sam account list` printed or as JSON; without Typer, which a bare `sam account list` skips."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from sam_tui import clock
from sam_tui.cli.output import emit_json, say, short_day
from sam_tui.cli.table import (
    AGO,
    COMPACT,
    DAY,
    Cell,
    Column,
    Span,
    id_column,
    peek,
    print_list,
    widest,
)
from sam_tui.domain import dates
from sam_tui.domain.enums import AccountStatus, Tier
from sam_tui.domain.health import Health
from sam_tui.domain.money import cents_to_number, format_compact
from sam_tui.store.sql import largest_id

HEALTH_STYLE = {"green": "green", "amber": "yellow", "red": "bold red"}

# At 80 columns a long name pushes these out, the first listed first (``table.Column``).
LIST_COLUMNS = (
    id_column(),
    Column("Account", flex=True, cut=False, min_width=12),
    Column("Tier", min_width=widest(Tier), drop=1),
    Column("Health", min_width=widest(Health)),
    Column("Touched", min_width=AGO),
    Column("Next f/u", min_width=DAY, drop=2),
    Column("Cmp", align="right", drop=5),
    Column("Value", align="right", min_width=COMPACT, drop=4),
    Column("Renewal", min_width=DAY, drop=3),
)


def summary_json(s: Any) -> dict[str, Any]:
    """An account's summary as ``--json`` shows it (a list's item, or the top of `show`)."""
    return {
        "id": s.id,
        "name": s.name,
        "tier": s.tier.value,
        "status": s.status.value,
        "archived": s.archived,
        "industry": s.industry,
        "region": s.region,
        "annual_value": None if s.value_cents is None else cents_to_number(s.value_cents),
        "renewal_date": s.renewal_date,
        "cadence_days": s.cadence_days,
        "last_touch": s.last_touch,
        "next_follow_up": s.next_follow_up,
        "overdue_follow_ups": s.overdue_follow_ups,
        "open_complaints": len(s.open_complaints),
        "health": {
            "status": s.health.health.value,
            "score": s.health.score,
            "reasons": list(s.health.reasons),
        },
    }


def _list_row(s: Any, today: date) -> tuple[Cell, ...]:
    name: Cell = s.name if not s.archived else (Span(s.name), Span(" (archived)", "dim"))
    health = s.health.health
    return (  # str() of a StrEnum is its value, without Enum.value's Python-level property
        str(s.id),
        name,
        str(s.tier),
        Span(str(health), HEALTH_STYLE[health]),
        dates.touched(s.last_touch_day, today),
        Span(short_day(s.next_follow_up, today), "bold red" if s.overdue_follow_ups else ""),
        str(len(s.open_complaints) or ""),
        format_compact(s.value_cents) if s.value_cents is not None else "",
        short_day(s.renewal_date, today),
    )


def show(
    connect: Callable[[], sqlite3.Connection],
    tier: Tier | None = None,
    status: AccountStatus | None = None,
    health: Health | None = None,
    archived: bool = False,
    wide: bool = False,
    no_pager: bool = False,
    as_json: bool = False,
) -> None:
    """`sam account list` with these options (``connect``: the book's connection)."""
    from sam_tui.services import accounts

    which = accounts.AccountFilter(
        tier=tier,
        statuses=accounts.LISTED if status is None else frozenset({status}),
        archived=archived,
        health=health,
    )
    rows = accounts.each_summary(connect(), which)
    if as_json:
        emit_json([summary_json(s) for s in rows])
        return
    first, every = peek(rows)
    if first is None:
        if health is not None or tier is not None or status is not None:
            say("No accounts match.")
        else:
            say('No accounts yet. Add one: sam account add "Acme Corp" --tier strategic')
        return
    today = clock.today()
    shown = (_list_row(s, today) for s in every)
    ids = largest_id(connect(), "account")
    print_list(LIST_COLUMNS, shown, no_pager=no_pager, wide=wide, ids=ids)
