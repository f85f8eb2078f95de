"""Time `tracker report` on a large database, as issue 4 measures it.

    .venv/bin/python bench/report_speed.py                 # builds /tmp/tracker-scale.db once
    .venv/bin/python bench/report_speed.py --db other.db --runs 7

The database (100,000 initiatives, 1,000,000 history rows) is built by
``bench/scale_db.py`` when missing. Each command runs in its own process, as a
user would run it, ``--runs`` times; the bench prints the median wall time and
the peak resident memory of the slowest-memory run, against the targets (json:
<= 2 s and < 300 MB; every initiative listed as json or csv: <= 1.5 s). Output goes
to /dev/null.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from common import median_run, tracker_command

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-01"  # the day scale_db.py builds its history up to

COMMANDS = [
    ("report --format json", ["report", "--format", "json"], 2.0),
    (
        "report --format json --as-of 2025-06-30",
        ["report", "-f", "json", "--as-of", "2025-06-30"],
        None,
    ),
    ("report (terminal, piped)", ["report"], None),
    ("report --format html", ["report", "-f", "html"], None),
    ("report --format markdown", ["report", "-f", "markdown"], None),
    ("report --format csv", ["report", "-f", "csv"], None),
    # a quarter's changes and deadline moves (the slipped section), not just a week's
    ("report -f json --since 2026-08-01", ["report", "-f", "json", "--since", "2026-08-01"], None),
    (
        "report -f markdown --since 2026-08-01",
        ["report", "-f", "markdown", "--since", "2026-08-01"],
        None,
    ),
    # the other bulk paths of issue 17: every initiative listed
    ("list --format json", ["list", "--format", "json"], 1.5),
    ("list --format csv", ["list", "--format", "csv"], 1.5),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tracker-scale.db"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    if not args.db.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "scale_db.py"),
                str(args.db),
                "--initiatives",
                str(args.initiatives),
                "--updates",
                str(args.updates),
                "--today",
                TODAY,
            ],
            check=True,
        )
    env = {**os.environ, "TRACKER_DB": str(args.db), "TRACKER_TODAY": TODAY}
    env.pop("NO_COLOR", None)
    print(
        f"{args.db}: python {sys.version.split()[0]}, {os.cpu_count()} cores,"
        f" median of {args.runs} runs (one warm-up run first)"
    )
    base = tracker_command()
    for label, command, target in COMMANDS:
        median, peak_mb = median_run([*base, *command], env, args.runs)  # warm-up first
        verdict = ""
        if target is not None:
            verdict = "OK" if median <= target and peak_mb < 300 else "OVER TARGET"
            verdict = f"  target <= {target:.1f} s, < 300 MB: {verdict}"
        print(f"  {label:<42} {median:6.2f} s  {peak_mb:6.0f} MB{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
