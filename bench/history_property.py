"""The history state machine (tests/test_history_machine.py) at full size.

    .venv/bin/python bench/history_property.py                      # 2,000 examples
    .venv/bin/python bench/history_property.py --examples 500 --steps 40

Two trackers diverge and merge through random adds, backdated updates, edits,
removals, applies, retractions, imports of each other's exports and CSV imports;
after every step each initiative's stored fields must be the replay of its history
and ``tracker check`` must pass, and a two-way sync must converge. The suite runs
the same machine with a few hundred examples; this runs it as large as asked and
prints how many examples and steps ran, by kind, and the time taken. A violation is
reported by hypothesis with the shortest sequence of steps that shows it (exit 1).
"""

from __future__ import annotations

import argparse
import sys

from common import run_machine  # also puts tests/ on the path
from test_history_machine import RAN, HistoryMachine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args(argv)
    examples, failed, elapsed = run_machine(HistoryMachine, args.examples, args.steps)
    verdict = "a violation (above)" if failed else "0 violations"
    print(
        f"{examples:,} machines (examples asked: {args.examples:,}, up to {args.steps} steps"
        f" each): {verdict}, {elapsed:.0f} s"
    )
    for kind, count in RAN.most_common():
        print(f"  {count:8,}  {kind}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
