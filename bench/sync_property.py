"""The sync state machine (tests/test_sync_machine.py) at full size.

    .venv/bin/python bench/sync_property.py                      # 500 examples
    .venv/bin/python bench/sync_property.py --examples 200 --steps 50

3 to 5 replicas share one ``tracker sync`` folder and make random adds, backdated
updates, edits of title, tags and parent, retractions, amendments, undos and removals,
syncing at random; after every step each passes ``tracker check``, its stored fields
are the replay of its history and it has lost no entry without a removal; at the end
of each machine every replica syncs twice in a round and all must hold the same
export, initiatives, tombstones and entries, and a further sync must do nothing. The
suite runs the same machine with a few dozen examples; this runs it as large as asked
and prints how many machines, steps and syncs ran, the violations and the time taken.
A violation is reported by hypothesis with the shortest sequence of steps that shows
it (exit 1).
"""

from __future__ import annotations

import argparse
import sys

from common import run_machine  # also puts tests/ on the path
from test_sync_machine import RAN, SyncMachine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args(argv)
    examples, failed, elapsed = run_machine(SyncMachine, args.examples, args.steps)
    steps = (
        sum(RAN.values())
        - RAN["sync"]
        - sum(
            count
            for kind, count in RAN.items()
            if kind.startswith(("sync:", "machine of", "final"))
        )
    )
    verdict = "1 violation (above)" if failed else "0 violations"
    print(
        f"{examples:,} machines (examples asked: {args.examples:,}, up to {args.steps} steps"
        f" each), {steps:,} changes, {RAN['sync']:,} syncs: {verdict}, {elapsed:.0f} s"
    )
    for kind, count in RAN.most_common():
        print(f"  {count:8,}  {kind}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
