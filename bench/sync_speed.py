"""tracker sync at scale: a sync with nothing new, taking in 10,000 entries, and the first
sync of a new replica from a million.

    .venv/bin/python bench/sync_speed.py                    # the full sizes below
    .venv/bin/python bench/sync_speed.py --initiatives 2000 --entries 20000 --receive 1000

Everything happens in a temporary folder, with real ``tracker`` processes:

idle
    A database of INITIATIVES initiatives and ENTRIES history rows (the scale
    benches' builder, tests/scaledata.py) shares a sync folder with REPLICAS - 1
    other replicas, whose logs hold a tenth as many initiatives and entries
    (tests/synclogs.py writes them). One sync sends and receives everything
    (its time is shown, not judged); then ``tracker sync`` runs again with
    nothing new, RUNS times after a warm-up run. Aim: <= 150 ms.
receive
    RECEIVE progress updates on the database's initiatives are appended to one
    other replica's log; the sync that takes them in is timed RUNS times, each on
    a fresh copy of the database as it was after the idle runs. Aim: <= 2 s.
fresh
    A new, empty replica's first sync from REPLICAS logs holding INITIATIVES
    initiatives (created lines with their fields) and ENTRIES entries in all,
    written directly; one run (it takes the longest). Aim: <= 30 s. The bench
    then checks that the replica holds every initiative and every entry.

The table gives each path's median wall time and its peak memory (the largest
``ru_maxrss`` of its tracker processes), the aim and whether it was met; the
bench exits 1 if an aim is missed or the fresh replica is missing something.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

from common import measure, median_run, tracker_command
from scaledata import build
from synclogs import append_updates, write_logs

TODAY = "2026-11-01"  # scaledata builds its history up to this day
AIMS = {"idle": 0.150, "receive": 2.0, "fresh": 30.0}


def sync_args(db: Path, folder: Path) -> list[str]:
    return [*tracker_command(), "--db", str(db), "sync", str(folder)]


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)


def checkpoint(db: Path) -> None:
    """Fold the WAL into the file, so that copying the file copies the database."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT count(*) FROM initiatives").fetchone()[0],
            conn.execute("SELECT count(*) FROM updates").fetchone()[0],
        )
    finally:
        conn.close()


def idle_and_receive(
    work: Path, env: dict[str, str], args: argparse.Namespace
) -> list[tuple[str, float, float, int]]:
    db, folder = work / "tracker.db", work / "sync"
    build(db, args.initiatives, args.entries, date.fromisoformat(TODAY))
    peers = write_logs(
        folder,
        args.replicas - 1,
        max(1, args.initiatives // 10),
        max(1, args.entries // 10),
        prefix="peer",
    )
    seconds, rss, summary = measure([*sync_args(db, folder)], env, keep_output=True)
    print(f"  first sync, {seconds:.1f} s, {rss / 1024:.0f} MB: {summary}")
    idle, idle_mb = median_run([*sync_args(db, folder), "-q"], env, args.runs)
    print(f"  idle: {idle * 1000:.0f} ms, {idle_mb:.0f} MB")
    rows = [("idle", idle, idle_mb, args.runs)]

    checkpoint(db)
    snapshot = work / "snapshot.db"
    shutil.copy(db, snapshot)
    conn = sqlite3.connect(db)
    uuids = [row[0] for row in conn.execute("SELECT uuid FROM initiatives ORDER BY id")]
    conn.close()
    append_updates(folder, peers.replicas[0], uuids, args.receive, peers.last_clock + 1)
    results = []
    for _ in range(args.runs):
        copy_database(snapshot, db)
        results.append(measure([*sync_args(db, folder), "-q"], env)[:2])
    received = counts(db)[1] - counts(snapshot)[1]
    if received != args.receive:
        print(f"  receive: {received:,} history rows added, not {args.receive:,}")
        rows.append(("receive", float("inf"), 0.0, args.runs))
    else:
        rows.append(
            (
                "receive",
                statistics.median(t for t, _ in results),
                max(r for _, r in results) / 1024,
                args.runs,
            )
        )
    print(f"  receive: {rows[-1][1] * 1000:.0f} ms, {rows[-1][2]:.0f} MB")
    return rows


def fresh(
    work: Path, env: dict[str, str], args: argparse.Namespace
) -> tuple[str, float, float, int]:
    db, folder = work / "fresh.db", work / "fresh-sync"
    write_logs(folder, args.replicas, args.initiatives, args.entries, seed=17, prefix="synced")
    measure([*tracker_command(), "--db", str(db), "init", "-q"], env)
    seconds, rss, summary = measure(sync_args(db, folder), env, keep_output=True)
    print(f"  fresh, {seconds:.1f} s, {rss / 1024:.0f} MB: {summary}")
    have = counts(db)
    if have != (args.initiatives, args.entries):
        print(
            f"  fresh: the replica holds {have[0]:,} initiatives and {have[1]:,} history"
            f" rows, not {args.initiatives:,} and {args.entries:,}"
        )
        return ("fresh", float("inf"), rss / 1024, 1)
    return ("fresh", seconds, rss / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="history entries, created ones included"
    )
    parser.add_argument(
        "--receive", type=int, default=10_000, help="entries the receive path takes in"
    )
    parser.add_argument("--replicas", type=int, default=10, help="replica logs in the folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["idle", "fresh"], help="idle also runs receive")
    args = parser.parse_args(argv)
    if args.replicas < 2:
        parser.error("--replicas must be at least 2")
    env = {**os.environ, "TRACKER_TODAY": TODAY, "NO_COLOR": "1"}
    env.pop("TRACKER_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.initiatives:,}"
        f" initiatives, {args.entries:,} entries, {args.replicas} replica logs;"
        f" receive {args.receive:,}; median of {args.runs} runs"
    )
    rows = []
    work = Path(tempfile.mkdtemp(prefix="tracker-sync-"))
    try:
        if args.only != "fresh":
            (work / "idle").mkdir()
            rows += idle_and_receive(work / "idle", env, args)
            shutil.rmtree(work / "idle", ignore_errors=True)
        if args.only != "idle":
            (work / "fresh").mkdir()
            rows.append(fresh(work / "fresh", env, args))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures = 0
    print(f"\n  {'path':<8} {'time':>9} {'peak':>8} {'runs':>5}  aim")
    for name, seconds, mb, runs in rows:
        met = seconds <= AIMS[name]
        failures += not met
        if seconds == float("inf"):
            shown = "incomplete"
        elif seconds < 10:
            shown = f"{seconds * 1000:.0f} ms"
        else:
            shown = f"{seconds:.1f} s"
        aim = f"<= {AIMS[name] * 1000:.0f} ms" if AIMS[name] < 1 else f"<= {AIMS[name]:.0f} s"
        print(f"  {name:<8} {shown:>9} {mb:5.0f} MB {runs:>5}  {aim}: {'OK' if met else 'OVER'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
