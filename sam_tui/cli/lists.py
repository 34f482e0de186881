"""What every list command does before its table: ``--json``, or say there is nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sam_tui.cli.output import emit_json, say

Record = TypeVar("Record")


def json_or_none(
    rows: Sequence[Record], as_json: bool, to_json: Callable[[Record], object], empty: str
) -> bool:
    """The rows as one JSON document (``--json``), or the line saying there are none;
    True when that was all there was to print."""
    if as_json:
        emit_json([to_json(r) for r in rows])
        return True
    if not rows:
        say(empty)
        return True
    return False
