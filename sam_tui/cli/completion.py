"""Shell completion: account and contact names and record ids from the book, on every TAB.

Typer's ``--install-completion`` / ``--show-completion`` install the shell's side; the
shell then runs ``sam`` with ``_SAM_COMPLETE`` set, and these callbacks answer. They open
the database read-only (no migration, no backup, no lock to wait for) and answer nothing
rather than an error: a TAB must never print a traceback into the command line.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import typer
from typer._completion_classes import BashComplete
from typer.core import TyperOption

Completer = Callable[[typer.Context, str], list[tuple[str, str]]]

# what bash would otherwise split or expand in a completed word ("Acme Corp" is one name)
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()*?\[\]{}#~])""")


class _BashWords(BashComplete):
    """Typer's bash completion, with each value escaped: bash inserts replies as typed."""

    def format_completion(self, item: object) -> str:
        value = str(getattr(item, "value", item))
        return _BASH_SPECIAL.sub(r"\\\1", value)


def install_shell_classes() -> None:
    """Use the escaping bash class (Typer registers its own while it builds the app)."""
    from typer._click.shell_completion import add_completion_class

    add_completion_class(_BashWords, "bash")


def _db_path(ctx: typer.Context) -> Path | None:
    chosen = ctx.find_root().params.get("db")
    if chosen is not None:
        return Path(chosen).expanduser()
    env = os.environ.get("SAM_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs  # the default place, never created by a TAB

    return Path(platformdirs.user_data_dir("sam", appauthor=False)) / "sam.db"


def _ask(
    ctx: typer.Context, query: Callable[[sqlite3.Connection], list[tuple[str, str]]]
) -> list[tuple[str, str]]:
    from sam_tui.store.db import open_read_only

    path = _db_path(ctx)
    conn = open_read_only(path) if path is not None else None
    if conn is None:
        return []
    try:
        return query(conn)
    except sqlite3.Error:  # an older schema, a locked or damaged file: no suggestions
        return []
    finally:
        conn.close()


def _as_typed(incomplete: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names keep the case the user started typing: Typer keeps only values that start
    with it, and names match in any case (``acme`` finds Acme Corp as ``acme Corp``)."""
    typed = []
    for value, help_text in found:
        if not value.startswith(incomplete) and value.casefold().startswith(incomplete.casefold()):
            value = incomplete + value[len(incomplete) :]
        typed.append((value, help_text))
    return typed


def account(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from sam_tui.services.completion import account_names

    return _as_typed(incomplete, _ask(ctx, lambda c: account_names(c, incomplete)))


def contact(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Contacts; of the account already on the line, when there is one."""
    from sam_tui.services.completion import contact_names

    scope = ctx.params.get("account") or ctx.params.get("account_opt") or _first_argument(ctx)
    found = _ask(ctx, lambda c: contact_names(c, incomplete, scope))
    return _as_typed(incomplete, found)


def _first_argument(ctx: typer.Context) -> str | None:
    """The command's first positional word on the line (the account of `sam log ACCOUNT`).

    While an option's value is being completed Click leaves ``ctx.params`` empty, so the
    words the shell passed are read again, skipping options and their values.
    """
    import shlex

    raw = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(raw)
    except ValueError:  # an unclosed quote: the word being typed
        words = shlex.split(raw + '"')
    if ctx.info_name not in words:
        return None
    takes_value = {
        opt
        for param in ctx.command.params
        if isinstance(param, TyperOption) and not param.is_flag
        for opt in param.opts
    }
    rest = iter(words[words.index(ctx.info_name) + 1 :])
    for word in rest:
        if word.startswith("-"):
            if word in takes_value:
                next(rest, None)
            continue
        return word
    return None


def _ids(kind: str) -> Completer:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from sam_tui.services.completion import open_ids

        return _ask(ctx, lambda c: open_ids(c, kind, incomplete))

    complete.__name__ = f"{kind.replace('-', '_')}_ids"
    return complete


follow_up_ids = _ids("follow-up")
complaint_ids = _ids("complaint")
deal_ids = _ids("deal")
request_ids = _ids("request")
idea_ids = _ids("idea")
