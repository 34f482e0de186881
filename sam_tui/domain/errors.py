"""Errors a user can cause: each carries one line that the CLI and TUI show as is."""

from __future__ import annotations


class SamError(Exception):
    """Base of every error caused by input or data, never by a bug.

    The message is a single line meant for the user; the CLI prints it on stderr
    and exits 1, the TUI shows it in a notification.
    """


class InvalidInput(SamError):
    """A value typed by the user cannot be understood (date, amount, enum, ...)."""


class DateParseError(InvalidInput):
    """A date or time phrase outside the grammar."""


class NotFound(SamError):
    """A referenced record (account, contact, follow-up, ...) does not exist."""


class Ambiguous(SamError):
    """A reference matches several records."""


class Conflict(SamError):
    """The change would break a rule (duplicate name, already resolved, ...)."""


class DatabaseProblem(SamError):
    """The database file cannot be used: corrupt, foreign, newer schema, locked."""
