"""Start-up time: ``tracker --help`` and ``tracker list`` on the seed database.

    .venv/bin/python bench/startup_speed.py            # median of 21 runs each
    .venv/bin/python bench/startup_speed.py --imports  # also the slowest imports of list

Each command runs in its own process (as a user runs it), after one warm-up run;
``python -c pass`` is timed the same way as the floor. The children run with
bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed), as an installed tracker
does. Target: <= 100 ms each.
``--imports`` runs ``python -X importtime`` on ``tracker list`` and prints the
modules with the largest cumulative import time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import measure, median_run, tracker_command

TARGET = 0.100


def slowest_imports(env: dict[str, str], count: int = 12) -> list[tuple[int, str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|", 2)
        rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-startup-") as folder:
        env = {**os.environ, "TRACKER_DB": str(Path(folder) / "tracker.db")}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
        base = tracker_command()
        measure([*base, "init", "--seed"], env)
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cores; median of"
            f" {args.runs} runs after one warm-up"
        )
        floor, _ = median_run([sys.executable, "-c", "pass"], env, args.runs)
        print(f"  python -c pass        {floor * 1000:6.1f} ms")
        failures = 0
        for label, command in (("tracker --help", ["--help"]), ("tracker list", ["list"])):
            median, peak = median_run([*base, *command], env, args.runs)
            ok = median <= TARGET
            failures += not ok
            print(
                f"  {label:<20}  {median * 1000:6.1f} ms  {peak:4.0f} MB"
                f"  target <= 100 ms: {'OK' if ok else 'OVER'}"
            )
        if args.imports:
            print("  slowest imports of tracker list (cumulative):")
            for microseconds, name in slowest_imports(env):
                print(f"    {microseconds / 1000:6.1f} ms  {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
