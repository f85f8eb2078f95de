"""Stress runs for the reliability claims: concurrent writers, kill -9, sync, migration race.

    .venv/bin/python bench/stress.py concurrency            # 16 writers x 250, 4 report loops
    .venv/bin/python bench/stress.py concurrency --control  # the read-then-write control
    .venv/bin/python bench/stress.py kill --rows 50000 --trials 20
    .venv/bin/python bench/stress.py race --processes 8
    .venv/bin/python bench/stress.py sync --trials 20

Every run uses real ``tracker`` processes on a fresh database in a temporary folder
and prints what it counted; it exits 1 if an invariant does not hold (for
``--control``, if the harness failed to catch the lost updates). The runs themselves
live in tests/stresskit.py; the suite runs them at a small size
(tests/test_reliability.py).

concurrency
    N writer processes each run ``tracker update`` M times (every other one on a
    shared initiative, the rest on the writer's own) while R processes run
    ``tracker report --format json`` in a loop. It counts history rows (must be
    exactly N x M), non-zero exits and "locked" messages (must be 0), and runs
    ``PRAGMA integrity_check``. ``--control`` runs the same writers through a
    tracker whose write transaction is a plain deferred ``BEGIN`` that reads
    before it writes: the harness must see updates go missing.
kill
    Imports a file of ROWS new initiatives into a database that already holds
    some, and kills the import with SIGKILL at a random moment, TRIALS times. After
    each: the integrity check passes, the import is all or nothing, and the earlier
    data is byte for byte what it was.
sync
    Two replicas A and B share a sync folder: B's log holds ENTRIES entries (over
    INITIATIVES initiatives) that A lacks, and A as many it has not sent.
    ``tracker sync`` on A is killed with SIGKILL at a random moment, TRIALS times,
    each from that state. After each: A passes the integrity check and ``tracker
    check``, and its log repeats no entry and has at most one unterminated line,
    its last; then A and B sync normally and their exports are equal.
race
    P processes open a database at an old schema at the same moment: exactly one
    migration is applied (one copy kept), and none fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import common  # noqa: F401 - puts tests/ on the path, for stresskit
from stresskit import concurrency, kill_during_import, kill_during_sync, migration_race


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="run", required=True)
    c = commands.add_parser("concurrency")
    c.add_argument("--writers", type=int, default=16)
    c.add_argument("--each", type=int, default=250)
    c.add_argument("--readers", type=int, default=4)
    c.add_argument("--control", action="store_true")
    k = commands.add_parser("kill")
    k.add_argument("--rows", type=int, default=50_000)
    k.add_argument("--trials", type=int, default=20)
    s = commands.add_parser("sync")
    s.add_argument("--trials", type=int, default=20)
    s.add_argument("--initiatives", type=int, default=300)
    s.add_argument("--entries", type=int, default=3000)
    r = commands.add_parser("race")
    r.add_argument("--processes", type=int, default=8)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tracker-stress-"))
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    try:
        if args.run == "concurrency":
            result = concurrency(folder, args.writers, args.each, args.readers, args.control)
            print(
                f"{args.writers} writers x {args.each} updates"
                f"{' (control: deferred read-then-write)' if args.control else ''},"
                f" {args.readers} report loops, {result.seconds:.1f} s"
            )
            print(
                f"  history rows {result.rows} of {result.expected} (lost {result.lost}),"
                f" non-zero exits {result.failed_exits}, 'locked' messages"
                f" {result.locked_messages}, integrity {result.integrity},"
                f" reports {result.report_runs} ({result.failed_reports} failed)"
            )
            if args.control:
                caught = not result.holds()
                print(f"  the harness {'caught' if caught else 'MISSED'} the lost updates")
                return 0 if caught else 1
            print("  OK" if result.holds() else "  FAILED")
            for line in result.errors:
                print(f"  {line}")
            return 0 if result.holds() else 1
        if args.run == "kill":
            result = kill_during_import(folder, args.rows, args.trials)
            print(
                f"kill -9 during an import of {args.rows:,} rows, {result.trials} trials:"
                f" {result.killed_midway} killed midway; afterwards {result.imported_none}"
                f" with nothing imported, {result.imported_whole} with all of it;"
                f" integrity and earlier data {'intact' if not result.broken else 'BROKEN'}"
            )
            for line in result.broken:
                print(f"  {line}")
            return 0 if result.holds() else 1
        if args.run == "sync":
            synced = kill_during_sync(folder, args.trials, args.initiatives, args.entries)
            print(
                f"kill -9 during a sync of {args.entries:,} entries each way,"
                f" {synced.trials} trials: {synced.killed_midway} killed midway"
                f" ({synced.partly_sent} after A had sent some, {synced.torn_tails} leaving"
                f" a torn last line); afterwards integrity, logs and convergence"
                f" {'intact' if synced.holds() else 'BROKEN'}"
            )
            for line in synced.broken:
                print(f"  {line}")
            return 0 if synced.holds() else 1
        result = migration_race(folder, args.processes)
        print(
            f"{result.processes} processes open an old database at once: {result.failed}"
            f" failed; migrations recorded: {', '.join(result.applied)}; copies kept"
            f" {result.copies}"
        )
        return 0 if result.holds() else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
