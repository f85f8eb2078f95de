"""The project's error hierarchy and exit codes.

Every failure a user can cause or meet is one of these exceptions. Each carries
its exit code; the CLI translates them into a one-line ``error: ...`` message
and that code in exactly one place (``tracker.cli.main``). Nothing here imports
the CLI framework, so the library can be used on its own.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes."""

    OK = 0
    #: The database or a file cannot be used (corrupt, unreadable, newer schema, busy).
    UNUSABLE = 1
    #: Invalid input: bad option value, unparseable date, unknown or ambiguous initiative.
    BAD_INPUT = 2
    #: A report alert condition held (``--fail-if``).
    ALERT = 3
    #: Interrupted by the user (SIGINT).
    INTERRUPTED = 130


class TrackerError(Exception):
    """Base class: a failure with a user-facing one-line message."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(TrackerError):
    """The user gave something we cannot accept (exit 2)."""

    exit_code = ExitCode.BAD_INPUT


class DateParseError(InputError):
    """A date phrase could not be read unambiguously."""


class NotFoundError(InputError):
    """No initiative matches a reference."""


class AmbiguousRefError(InputError):
    """A reference matches more than one initiative."""


class ConflictError(InputError):
    """A compare-and-set precondition (``--if-status``) did not hold."""


class UnusableError(TrackerError):
    """The database or a file cannot be used (exit 1)."""

    exit_code = ExitCode.UNUSABLE


class SchemaTooNewError(UnusableError):
    """The database was written by a newer version of tracker."""


class DatabaseBusyError(UnusableError):
    """Another process held the write lock longer than the busy timeout."""


class Interrupted(TrackerError):
    """Ctrl-C (SIGINT): the command stopped; a write in progress was rolled back (130)."""

    exit_code = ExitCode.INTERRUPTED
