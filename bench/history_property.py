"""The history state machine (tests/test_history_machine.py) at full size.

    .venv/bin/python bench/history_property.py                      # 2,000 examples
    .venv/bin/python bench/history_property.py --examples 500 --steps 40

Two trackers diverge and merge through random adds, backdated updates, edits,
removals, applies, retractions, imports of each other's exports and CSV imports;
after every step each initiative's stored fields must be the replay of its history
and ``tracker check`` must pass, and a two-way sync must converge. The suite runs
the same machine with a few hundred examples; this runs it as large as asked and
prints the count run and the time taken (hypothesis reports any violation, with
the shortest sequence of steps that shows it, and the run exits 1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args(argv)
    env = {
        **os.environ,
        "TRACKER_MACHINE_EXAMPLES": str(args.examples),
        "TRACKER_MACHINE_STEPS": str(args.steps),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            str(HERE.parent / "tests" / "test_history_machine.py"),
            "--hypothesis-show-statistics",
        ],
        env=env,
        cwd=HERE.parent,
        check=False,
    )
    elapsed = time.perf_counter() - started
    verdict = "0 violations" if done.returncode == 0 else "a violation (above)"
    print(f"{args.examples} examples of up to {args.steps} steps: {verdict}, {elapsed:.0f} s")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
