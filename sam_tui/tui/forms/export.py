"""`x` on the Reports screen: write the report on screen to a file, as the CLI's --output does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.app import ComposeResult

from sam_tui.domain.enums import choose
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.text import one_line
from sam_tui.interop.files import check_target, write_text
from sam_tui.reports.model import Report
from sam_tui.reports.render import EXTENSIONS, Format, render
from sam_tui.tui.forms.base import FormScreen, Values
from sam_tui.tui.widgets.inputs import Field, Spec, choice

# the ending each format's file gets (the first one listed for it)
SUFFIX = {fmt: next(end for end, f in EXTENSIONS.items() if f is fmt) for fmt in Format}
DEFAULT_FORMAT = Format.HTML  # the one to hand over: charts, prints well
AGAIN = "press enter again to replace it"
FORMATS = {
    Format.TEXT: "80 columns, prints cleanly",
    Format.MD: "Markdown, to paste into documents",
    Format.HTML: "one page with charts, prints well",
    Format.JSON: "all the data behind the report",
}


def default_path(report: Report, fmt: Format = DEFAULT_FORMAT) -> Path:
    """``sam-week-2026-W48.html`` in the folder the cockpit was started from."""
    return Path.cwd() / f"sam-{report.kind}-{report.period.label}{SUFFIX[fmt]}"


def target(text: str) -> Path:
    """The file the user typed, as an absolute path (``~`` expanded)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


FORMAT = choice("format", "Format", Format, "format", required=True, default=DEFAULT_FORMAT.value)
FILE = Spec("file", "File", target, required=True)


class ExportForm(FormScreen[Report]):
    submit_label = "Export"

    def __init__(self, subject: Report) -> None:
        super().__init__(subject)
        # the file the user was told exists: enter again on the same name replaces it
        self._replace: Path | None = None

    def heading(self) -> str:
        return f"Export the {self.subject.kind} report for {self.subject.period.label}"

    def fields(self) -> ComposeResult:
        yield Field(FORMAT, hint=self._format_hint)
        yield Field(FILE, str(default_path(self.subject)), hint=self._file_hint)

    def first_field(self) -> str | None:
        return "file"

    def _format_hint(self, text: str) -> str:
        fmt = choose(Format, text, "format")
        self._match_suffix(fmt)
        others = ", ".join(f.value for f in Format if f is not fmt)
        return f"{FORMATS[fmt]} · or {others}"

    def _match_suffix(self, fmt: Format) -> None:
        """A file named for another format takes this one's ending."""
        found = self.query("#file-field")
        if not found:
            return  # still composing
        field = found.first(Field)
        path = Path(field.value)
        ending = path.suffix.lower()
        if ending in EXTENSIONS and EXTENSIONS[ending] is not fmt:
            field.input.value = str(path.with_suffix(SUFFIX[fmt]))

    def _file_hint(self, text: str) -> str:
        # what check_target refuses, said without repeating the path typed just above
        path = target(text)
        if path.is_dir():
            raise InvalidInput("that is a folder: add a file name to write to")
        if not path.parent.is_dir():
            raise InvalidInput(f"no folder {one_line(str(path.parent))}")
        if path.exists():
            return "exists: press enter twice to replace it"
        # a relative name or ~: say where it goes
        return "" if str(path) == text.strip() else f"→ {one_line(str(path))}"

    def check(self, values: Values) -> None:
        path = check_target(values.need(FILE), force=True)
        if path.exists() and path != self._replace:
            self._replace = path
            # the name only: the whole path may not fit the form's width
            raise Conflict(f"{one_line(path.name)} already exists; {AGAIN}")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        fmt, report = values.need(FORMAT), self.subject
        path = check_target(values.need(FILE), force=True)
        force = path == self._replace
        written = write_text(path, render(report, fmt), force=force, hint=AGAIN)
        return (
            f"Wrote the {report.kind} report for {report.period.label} ({fmt.value}) "
            f"to {one_line(str(written))}"
        )

    def saved(self, message: str) -> None:
        # nothing in the database changed: no reload, just say where the file is
        self.app.notify(message, title="Exported", markup=False, timeout=8)
