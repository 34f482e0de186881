"""A long note written in the user's editor (`-e`), found and run as git finds and runs it.

Order (git's ``git_editor``): ``$VISUAL`` unless ``TERM`` is dumb or unset, then
``$EDITOR``, then ``vi`` (none at all on a dumb terminal). A value with spaces or shell characters
(``code --wait``) runs through ``sh -c``. The file starts with a commented header that
is stripped afterwards; a note left empty cancels the command.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from sam_tui.domain.errors import InvalidInput, SamError

COMMENT = "#"
# what makes git hand the editor to the shell rather than exec it (run-command.c)
_SHELL_CHARS = set("|&;<>()$`\\\"' \t\n*?[#~=%")


class Cancelled(SamError):
    """The user left the note empty: nothing is written (exit 1)."""


def editor_command() -> str:
    """The editor to run, as the user configured it."""
    # git's is_terminal_dumb(): no TERM at all counts as dumb too
    dumb = os.environ.get("TERM", "dumb") == "dumb"
    visual = os.environ.get("VISUAL") if not dumb else None
    chosen = visual or os.environ.get("EDITOR")
    if chosen:
        return chosen
    if dumb:
        raise InvalidInput("the terminal is dumb (TERM=dumb) and EDITOR is not set; set EDITOR")
    return "vi"


def _argv(command: str, path: Path) -> list[str]:
    if _SHELL_CHARS.intersection(command):
        # as git: sh -c '<editor> "$@"' '<editor>' FILE keeps FILE one argument
        return ["sh", "-c", f'{command} "$@"', command, str(path)]
    return [command, str(path)]


def strip_comments(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith(COMMENT)]
    return "\n".join(lines).strip()


def edit_note(header: str, initial: str = "") -> str:
    """Open the editor on a private temporary file; return the note without comments.

    ``header`` (one or more lines) is shown as comments. An empty note raises Cancelled;
    an editor that fails or cannot be started is an InvalidInput.
    """
    command = editor_command()
    comments = "\n".join(f"{COMMENT} {line}".rstrip() for line in header.splitlines())
    comments += f"\n{COMMENT} Lines starting with '{COMMENT}' are ignored; an empty note cancels."
    with tempfile.TemporaryDirectory(prefix="sam-note-") as folder:  # 0700: client data
        path = Path(folder) / "NOTE.md"
        path.write_text(f"{initial}\n{comments}\n" if initial else f"\n{comments}\n", "utf-8")
        try:
            done = subprocess.run(_argv(command, path), check=False)
        except OSError as exc:
            raise InvalidInput(
                f"cannot run the editor {shlex.quote(command)}: {exc.strerror or exc}; "
                "set VISUAL or EDITOR"
            ) from None
        if done.returncode != 0:
            raise InvalidInput(
                f"the editor {shlex.quote(command)} exited with status {done.returncode}; "
                "nothing was saved"
            )
        note = strip_comments(path.read_text("utf-8", errors="replace"))
    if not note:
        raise Cancelled("the note is empty; nothing was saved")
    return note


def note_or_edit(words: list[str] | None, edit: bool, header: str) -> str:
    """The note of a command that takes ``TEXT...`` and ``-e``: the words, or the editor
    (started with the words, if any). No words and no ``-e`` is a usage error (exit 2)."""
    note = " ".join(words or [])
    if edit:
        return edit_note(header, note)
    if not words:
        import typer

        raise typer.BadParameter(
            "give the text, or -e to write it in your editor", param_hint="TEXT..."
        )
    return note
