"""How long work says how far it has got: a plain callback, no terminal below the
command line (``tracker.cli.progress`` draws the bar).

``progress(done, total)``: ``done`` items so far of ``total`` (None when the work
cannot know it, as when it streams a file). The work calls it once per
:data:`EVERY` items, never per item, so that a run without a bar costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int | None], None]

#: Items between two calls.
EVERY = 1000
