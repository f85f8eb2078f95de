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
import time

import common  # noqa: F401 - puts tests/ on the path
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from test_history_machine import RAN, HistoryMachine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args(argv)
    examples = 0
    original_init = HistoryMachine.__init__

    def counting_init(self: HistoryMachine) -> None:
        nonlocal examples
        examples += 1
        original_init(self)

    HistoryMachine.__init__ = counting_init  # type: ignore[method-assign]
    started = time.perf_counter()
    failed = False
    try:
        run_state_machine_as_test(
            HistoryMachine,
            settings=settings(
                max_examples=args.examples,
                stateful_step_count=args.steps,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    except AssertionError as error:
        failed = True
        print(error, file=sys.stderr)
    elapsed = time.perf_counter() - started
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
