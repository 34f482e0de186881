"""Standard streams that cannot turn a saved change into an error: the one place where sam
decides what a failure to print means.

Once a write has committed, the record is there whatever happens to stdout (issue 12). A
script that retries on the exit code must not create a duplicate because the confirmation
could not be printed. So:

- stdout closed (``>&-``; ``sys.stdout`` is None) or failing (``> /dev/full``: ENOSPC, EIO):
  the command still runs to its end; then, if it saved something, it exits 0 with
  ``warning: saved, but ...`` on stderr; if it saved nothing, ``error: ...`` and exit 1.
- a broken pipe (``| head``, ``| true``): quiet, as other Unix tools, and the exit code is
  the command's own (a saved change exits 0).
- a character the terminal's encoding cannot show (``PYTHONIOENCODING=latin-1``) is
  replaced by ``?``: never fatal.

Python's docs ("Note on SIGPIPE") show the pattern: once stdout fails, its descriptor is
pointed at ``os.devnull`` so that the interpreter's own flush at exit cannot fail again.
Stdlib only and cheap: it runs first on ``sam log``'s path.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

# Set once this command made a change outside the database (a backup file): like a commit,
# it stays whatever happens to stdout.
_saved = False


class _Guarded:
    """Wraps a text stream: writes that fail are dropped and remembered, never raised."""

    def __init__(self, stream: TextIO, *, closed: bool = False) -> None:
        self._stream = stream
        self._closed = closed  # the descriptor was closed when sam started (>&-)
        self.failure: str | None = None
        self.broken_pipe = False

    def write(self, text: str) -> int:
        if self.failure is not None or self.broken_pipe:
            return len(text)
        if self._closed:
            if text:
                self.failure = "stdout is closed"
            return len(text)
        try:
            return self._stream.write(text)
        except UnicodeEncodeError:
            encoding = self._stream.encoding or "utf-8"
            try:
                return self._stream.write(text.encode(encoding, "replace").decode(encoding))
            except (OSError, ValueError) as exc:
                self._fail(exc)
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed under us
            self._fail(exc)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self.failure is not None or self.broken_pipe or self._closed:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError) as exc:
            self._fail(exc)

    def isatty(self) -> bool:
        return not self._closed and self._stream.isatty()

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, BrokenPipeError):
            self.broken_pipe = True
        elif isinstance(exc, OSError) and exc.strerror:
            self.failure = f"stdout: {exc.strerror}"
        else:
            self.failure = f"stdout: {exc or type(exc).__name__}"
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, buffer...
        return getattr(self._stream, name)


def _reopen_on_devnull(fd: int, writing: bool) -> TextIO:
    """Put ``os.devnull`` on a descriptor sam started without: the next file opened would
    take that number otherwise, and a write meant for stdout would land in it."""
    null = os.open(os.devnull, os.O_WRONLY if writing else os.O_RDONLY)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
    return open(fd, "w" if writing else "r", encoding="utf-8", closefd=False)  # noqa: SIM115


def install() -> None:
    """Guard stdout and stderr (first thing in ``main``)."""
    if isinstance(sys.stdout, _Guarded):
        return
    stdin_closed, stdout_closed, stderr_closed = (
        sys.stdin is None,
        sys.stdout is None,
        sys.stderr is None,
    )
    if stdin_closed:
        sys.stdin = _reopen_on_devnull(0, writing=False)
    stdout: TextIO = _reopen_on_devnull(1, writing=True) if stdout_closed else sys.stdout
    stderr: TextIO = _reopen_on_devnull(2, writing=True) if stderr_closed else sys.stderr
    sys.stdout = _Guarded(stdout, closed=stdout_closed)
    sys.stderr = _Guarded(stderr, closed=stderr_closed)


def saved() -> None:
    """Note that this command has made a change that stays (a file written outside the
    database, e.g. a backup); database commits are counted by ``store.db`` itself."""
    global _saved
    _saved = True


def anything_saved() -> bool:
    from sam_tui.store import db

    return _saved or db.committed_writes() > 0


def finish(code: int) -> int:
    """Flush stdout and return the exit code that agrees with what happened."""
    out = sys.stdout
    if not isinstance(out, _Guarded):
        return code
    out.flush()
    if out.broken_pipe or out.failure is None:
        return code
    if anything_saved():
        sys.stderr.write(
            f"warning: saved, but its confirmation could not be printed ({out.failure})\n"
        )
        return code
    if code == 0:
        sys.stderr.write(f"error: the output could not be printed ({out.failure})\n")
        return 1
    return code
