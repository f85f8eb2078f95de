"""Where a command's output goes: one :class:`Environment` per invocation (httpie style).

It is made when the command line starts running (not at import: a test runner swaps
``sys.stdout`` just for its run), carries the streams and what is known about them,
and is handed to the commands and, through them, to the renderers. ``--quiet`` sets
:attr:`Environment.quiet`: :attr:`Environment.out` then takes the command's output
and drops it; ``sys.stdout`` itself is never replaced for it. Renderers are given
:attr:`Environment.out` and :attr:`Environment.colour` (see :meth:`tracker.renderers.
Renderer.chosen`).
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any, TextIO, cast


class Discard(io.TextIOBase):
    """A text stream that takes everything and keeps nothing (``--quiet``)."""

    def write(self, text: str) -> int:
        return len(text)

    def writable(self) -> bool:
        return True


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed, or no file behind it
        return False


class Environment:
    """The streams of one invocation and what is known about them. ``colour``: colour
    may be used (``NO_COLOR`` unset); Rich still draws none on a pipe or a file unless
    ``FORCE_COLOR`` says otherwise. ``quiet``: ``--quiet``, print nothing on success
    (errors still show). (A plain class, not a dataclass: read at every start-up.)"""

    def __init__(
        self,
        stdin: TextIO,
        stdout: TextIO,
        stderr: TextIO,
        stdin_isatty: bool,
        stdout_isatty: bool,
        colour: bool,
        quiet: bool = False,
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.stdin_isatty = stdin_isatty
        self.stdout_isatty = stdout_isatty
        self.colour = colour
        self.quiet = quiet
        #: Notes for standard error once the command has succeeded (an old slug used;
        #: not with ``--quiet``).
        self.notes: list[str] = []

    @classmethod
    def from_process(cls) -> Environment:
        """The process's streams as they are now."""
        stdin, stdout = sys.stdin, sys.stdout
        return cls(
            stdin=stdin,
            stdout=stdout,
            stderr=sys.stderr,
            stdin_isatty=_isatty(stdin),
            stdout_isatty=_isatty(stdout),
            colour=not os.environ.get("NO_COLOR"),
        )

    @property
    def out(self) -> TextIO:
        """Where a command's output goes: standard output, or nowhere with ``--quiet``."""
        return cast(TextIO, Discard()) if self.quiet else self.stdout

    def write(self, text: str) -> None:
        """Command output (nothing with ``--quiet``)."""
        self.out.write(text)

    def error(self, text: str) -> None:
        """A line for standard error, which ``--quiet`` does not silence."""
        self.stderr.write(text + "\n")

    def output_gone(self) -> None:
        """Standard output failed (a closed pipe, a full disk): what is still buffered for it
        is dropped, so the interpreter's last flush at exit does not fail again."""
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives to exit
