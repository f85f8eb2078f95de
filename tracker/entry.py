"""The ``tracker`` console script (and ``python -m tracker``).

Loading the command line takes a few tens of milliseconds; a Ctrl-C in that time
ends the way it does later, with one line and exit 130, not a traceback.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> Any:
    try:
        from tracker.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        raise SystemExit(130) from None
    return run()
