"""The ``tracker`` console script (and ``python -m tracker``).

Loading the command line takes a few tens of milliseconds; a Ctrl-C in that time (or
in the instant between the command line and the command) ends the way it does while a
command runs, with one line and exit 130, not a traceback.
"""

from __future__ import annotations

import sys


def main() -> object:  # nothing but sys is imported before the guard
    try:
        from tracker.cli import main as run

        return run()  # a command's own Ctrl-C is handled inside, with its rollback
    except KeyboardInterrupt:  # before the command line took over, or after it ended
        sys.stderr.write("error: interrupted\n")
        raise SystemExit(130) from None
