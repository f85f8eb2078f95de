"""Build a large tracker database for the scale benches.

    .venv/bin/python bench/scale_db.py /tmp/scale.db                 # 100,000 / 1,000,000
    .venv/bin/python bench/scale_db.py /tmp/small.db --initiatives 1000 --updates 10000

The builder lives in tests/scaledata.py (the suite builds a small database with it
too), which says what the database holds.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import common  # noqa: F401 - puts tests/ on the path, for scaledata
from scaledata import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument(
        "--updates",
        type=int,
        default=1_000_000,
        help="history rows in all, the created entries included",
    )
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 1))
    args = parser.parse_args(argv)
    build(args.path, args.initiatives, args.updates, args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
