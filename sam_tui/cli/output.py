"""Printing for the CLI: literal user text, JSON straight to stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line

if TYPE_CHECKING:  # rich costs ~40 ms: only list/show commands pay for it
    from rich.console import Console
    from rich.text import Text


def say(line: str) -> None:
    """One plain line on stdout; callers pass user text through ``one_line`` first."""
    sys.stdout.write(line + "\n")


def warn(line: str) -> None:
    sys.stderr.write(f"warning: {one_line(line)}\n")


def error_line(message: str) -> str:
    return f"error: {one_line(message)}"


def require_confirmation(yes: bool, what: str) -> None:
    """Before any output: a change that needs a "yes" needs a terminal to ask in, or --yes."""
    if not yes and not sys.stdin.isatty():
        raise InvalidInput(
            f"{what} asks for confirmation, but input is not a terminal: run it in a "
            "terminal, or add --yes"
        )


def confirmed(question: str) -> bool:
    """Ask on the terminal (default no); a no is reported and the caller changes nothing."""
    import typer

    if typer.confirm(question, default=False):
        return True
    sys.stderr.write("Cancelled; nothing was changed.\n")
    return False


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def picked(record: Any, spec: str) -> dict[str, Any]:
    """Part of a JSON document: ``record``'s attributes named in ``spec``, in its order.

    ``"id account=account_name title"``: ``key=attribute`` renames. Enum members come out
    as their values (they are strings); dates as ISO text, through ``emit_json``.
    """
    document = {}
    for item in spec.split():
        key, _, attribute = item.partition("=")
        document[key] = getattr(record, attribute or key)
    return document


def emit_json(document: Any) -> None:
    """``document`` on stdout: a list's items (top-level, or a top-level key's) one a line,
    everything else indented. Python's json encodes indented output in Python, ten times
    slower than its C encoder (13,759 triage items: 0.8 s of `sam today --json`); each
    line here goes through the C one."""
    # Never through Rich: it wraps piped output at 80 columns and can split a JSON line.
    # ensure_ascii keeps C1 controls and bidi overrides escaped as \\uXXXX. Written in
    # pieces: a long list's lines are joined once, not copied into ever longer strings.
    sys.stdout.writelines(_document(document))


class Encoded(list[str]):
    """A list whose items are already encoded, each as ``emit_json`` writes a list's item
    (compact JSON on one line): written as they are. For lists long enough that encoding
    item by item shows."""


# one encoder for every line: json.dumps with keyword arguments builds a new one each call
_compact = json.JSONEncoder(default=_default, separators=(", ", ": ")).encode


def _items(values: list[Any], indent: str) -> list[str]:
    """A list, in pieces: its items one a line, indented under ``indent``."""
    if not values:
        return ["[]"]
    lines = values if isinstance(values, Encoded) else [_compact(v) for v in values]
    inner = "\n" + indent + "  "
    return ["[", inner, ("," + inner).join(lines), "\n", indent, "]"]


def _document(document: Any) -> list[str]:
    """The whole output, in pieces, ending with a newline."""
    if isinstance(document, list):
        return [*_items(document, ""), "\n"]
    if not isinstance(document, dict) or not document:
        return [json.dumps(document, indent=2, default=_default), "\n"]
    pieces = ["{"]
    for key, value in document.items():
        pieces.append(f"\n  {json.dumps(str(key))}: ")
        if isinstance(value, list):
            pieces += _items(value, "  ")
        else:
            pieces.append(json.dumps(value, indent=2, default=_default).replace("\n", "\n  "))
        pieces.append(",")
    pieces[-1] = "\n}\n"
    return pieces


class _Unpadded:
    """Standard output as Rich sees it: when it is not a terminal, each line loses the
    spaces Rich pads table cells and rows with, so that a pipe, a file, ``diff`` or
    ``grep ' $'`` get the text only. Lines are cut as they are written (a line may come in
    several writes): the spaces at the end of an unfinished line wait for what follows."""

    def __init__(self) -> None:
        self._spaces = ""

    def write(self, text: str) -> int:
        # looked up at each write: the stream may be replaced (tests, `streams.install`)
        out = sys.stdout
        if out.isatty():
            written, self._spaces = self._spaces + text, ""
            out.write(written)
            return len(text)
        head, newline, tail = (self._spaces + text).rpartition("\n")
        done = "\n".join(line.rstrip(" ") for line in head.split("\n")) + newline if newline else ""
        kept = tail.rstrip(" ")
        self._spaces = tail[len(kept) :]
        out.write(done + kept)
        return len(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def __getattr__(self, name: str) -> Any:  # encoding, fileno...: Rich asks for them
        return getattr(sys.stdout, name)


_console: Console | None = None
_columns: str | None = None


def console() -> Console:
    """The one Rich console every CLI table and text goes through (see ``_Unpadded``)."""
    global _console, _columns
    # Rich reads COLUMNS once, when the console is made: a command run in-process after
    # another with another width (the tests run many in one process) gets a console of its own
    columns = os.environ.get("COLUMNS")
    if _console is None or columns != _columns:
        from rich.console import Console

        _columns = columns

        # highlight=False: Rich would otherwise colour numbers and names inside user notes
        _console = Console(highlight=False, file=_Unpadded())  # type: ignore[arg-type]
    return _console


# A day ("Thu 31 Dec 2026", "3 Nov", "15 Jan '27", with a time) or a figure with its unit
# ("10 h", "34 days"): one word when a line is broken, never split across two.
_UNBROKEN = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b(?: \d{4}\b| '\d\d\b)?"
    r"(?: \d\d:\d\d\b)?"
    r"|\b\d[\d,.]* (?:h|days?)\b"
)


def _words(text: str) -> list[str]:
    """``text`` split at the spaces a line may break at: not inside a day or a figure."""
    glued = _UNBROKEN.sub(lambda m: m.group().replace(" ", "\0"), text)
    return [word.replace("\0", " ") for word in glued.split(" ")]


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces only, never inside a
    day or a figure (``_UNBROKEN``) unless that alone is wider than ``width``. The lines
    keep the text's own spaces: joined with a space they give it back, so piped output
    that fits is byte for byte what it was."""
    from rich.cells import cell_len

    width = max(width, 1)
    lines: list[str] = []
    pending = _words(text)
    while pending:
        word = pending.pop(0)
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
        elif cell_len(word) > width and " " in word:  # a day wider than the screen
            pending[:0] = word.split(" ")
        else:
            lines.append(word)
    return lines


class Unbroken:
    """Text for Rich (a line, a table cell) that wraps as ``wrap_words`` does; an indented
    one (``"  Win rate"``) continues two cells further in than it starts."""

    def __init__(self, text: str, style: str = "") -> None:
        body = text.lstrip(" ")
        self.indent = len(text) - len(body)
        self.text = body
        self.style = style

    def _hang(self) -> int:
        return self.indent + 2 if self.indent else 0

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.text import Text

        lines = wrap_words(self.text, options.max_width - self._hang())
        lines = [" " * self.indent + lines[0], *(" " * self._hang() + x for x in lines[1:])]
        yield Text("\n".join(lines), style=self.style)

    def __rich_measure__(self, console: Console, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        longest = max((cell_len(w) for w in _words(self.text)), default=0) + self._hang()
        whole = cell_len(self.text) + self.indent
        return Measurement(min(longest, options.max_width), min(whole, options.max_width))


def parts_line(parts: Sequence[str], style: str = "", sep: str = " · ") -> Text:
    """A header made of ``parts`` joined by ``sep``, broken into lines only between parts
    when it is wider than the console: never inside a date or an amount ("31 Dec 2026").
    The separator at a break is dropped; a part wider than the console alone is broken at
    its spaces (``wrap_words``)."""
    from rich.cells import cell_len
    from rich.text import Text

    width = console().width
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + sep + part) <= width:
            lines[-1] += sep + part
        else:
            lines.extend(wrap_words(part, width))
    return Text("\n".join(lines), style=style)


def literal(value: str | None, style: str = "") -> Text:
    """User text for a Rich cell: never parsed as markup, control characters made visible."""
    from rich.text import Text

    return Text(one_line(value or ""), style=style)


def day(value: date | None, *, relative: bool = True, today: date | None = None) -> str:
    """``Fri 4 Dec (in 3 days)``; ``today``: the clock's, read once by a long list."""
    if value is None:
        return "—"
    today = today or clock.today()
    text = format_day(value, today)
    return f"{text} ({humanize(value, today)})" if relative else text


def short_day(value: date | None, today: date | None = None) -> str:
    """``27 Nov``, or ``15 Jan '27`` in another year: for narrow columns."""
    return "—" if value is None else dates.short_day(value, today or clock.today())


def ago(value: datetime | None, today: date | None = None) -> str:
    """``today``, ``3d ago``, ``5w ago``, ``never``: a last touch in six characters."""
    day = None if value is None else value.astimezone().date()
    return dates.touched(day, today or clock.today())


def moment(value: datetime | None) -> str:
    """A stored UTC timestamp in local time: ``Thu 26 Nov 14:05``."""
    if value is None:
        return "—"
    return dates.format_moment(value.astimezone(), clock.today())
