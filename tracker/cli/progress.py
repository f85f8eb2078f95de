"""A progress bar for long work (``site``, ``import``, ``apply``, ``export``, ``sync``).

A Rich bar on standard error, drawn only on a terminal, never with ``--quiet``, and
only once the work has run for :data:`AFTER` seconds: a short run, a pipe or a log
file sees nothing. The operations below the command line know nothing of Rich: they
take a plain callback, ``progress(done, total)`` (``total`` None when not known),
which :class:`ProgressBar` gives them, or None when no bar is to be drawn.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.cli.environment import Environment

#: Seconds of work before the bar shows (a test's process sets it to 0).
AFTER = 1.0


class Update(Protocol):
    """:meth:`ProgressBar.update`."""

    def __call__(self, done: int, total: int | None = None, note: str | None = None) -> None: ...


class ProgressBar:
    """``with ProgressBar(env, "import") as progress:`` gives ``progress``, the callback
    to hand the work (None: no bar, so the work need not even call it)."""

    def __init__(
        self,
        env: Environment,
        label: str,
        *,
        quiet: bool = False,
        after: float | None = None,
        output_on_terminal: bool = False,
    ) -> None:
        self.env = env
        self.label = label
        self.off = quiet or env.quiet or (output_on_terminal and env.stdout_isatty)
        self.after = AFTER if after is None else after
        self.bar: object | None = None
        self.task: object | None = None
        self.start = 0.0

    def __enter__(self) -> Update | None:
        import time

        from tracker.cli.environment import _isatty

        if self.off or not _isatty(self.env.stderr):
            return None
        self.start = time.monotonic()
        return self.update

    def update(self, done: int, total: int | None = None, note: str | None = None) -> None:
        """``done`` of ``total`` (units the caller chooses); ``note`` in place of the label."""
        if self.bar is None:
            import time

            if time.monotonic() - self.start < self.after:
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(file=self.env.stderr), transient=True)
            bar.start()
            self.bar, self.task = bar, bar.add_task(self.label, total=total)
        self.bar.update(  # type: ignore[attr-defined]
            self.task, completed=done, total=total, description=note or self.label
        )

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]


def reading(
    update: Update | None, stream: IO[bytes], label: str, noun: str
) -> Callable[[int, int | None], None] | None:
    """The callback for work that reads ``stream`` (import, apply): the bar is the
    part of the file read (a pipe's, which has no size: a running count), its label
    says how many ``noun`` so far."""
    if update is None:
        return None
    import os
    import stat

    try:
        info = os.fstat(stream.fileno())
        size: int | None = info.st_size if stat.S_ISREG(info.st_mode) else None
    except (AttributeError, OSError, ValueError):
        size = None

    def tick(done: int, total: int | None) -> None:
        position: Any = None
        if size is not None:
            try:
                position = stream.tell()
            except (OSError, ValueError):
                position = None
        update(done if position is None else position, size, f"{label}: {done:,} {noun}")

    return tick
