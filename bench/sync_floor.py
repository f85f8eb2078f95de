"""The least a first sync of a million entries can cost here: the logs parsed and their
rows inserted by plain SQL, with none of what ``tracker sync`` must also do.

    .venv/bin/python bench/sync_floor.py                   # 100,000 initiatives, 1,000,000 entries
    .venv/bin/python bench/sync_floor.py --entries 100000 --initiatives 10000

The same logs as ``bench/sync_speed.py``'s fresh path (tests/synclogs.py, 10 replica
logs) go into a new database made by ``tracker init``, with the cyclic garbage
collector off. Each line is parsed with the standard ``json`` module, and one row a
created entry (the initiative: uuid, slug, title, kind, status) and one a line (the
history row: the entry's own columns) are inserted with ``executemany`` in one
transaction. Nothing is checked, no names, sources or windows are stored, nothing
is replayed and no log is written: the rest of a sync only adds to these figures.
It runs twice: with the history's indexes in place, and with its secondary indexes
dropped first and built again after (what ``tracker sync`` does for a large load).
Each stage's time is printed; the fastest total is the floor the 30 s aim is judged
against in docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import tracker_command
from synclogs import write_logs


def lines(folder: Path) -> list[dict[str, Any]]:
    """Every line of every log, parsed, in clock order."""
    logs = []
    for path in sorted((folder / "log").glob("*.jsonl")):
        with path.open("rb") as stream:
            stream.readline()  # the header
            logs.append([json.loads(raw) for raw in stream])
    return list(heapq.merge(*logs, key=lambda line: line["clock"]))


def load(db: Path, folder: Path, aside: bool) -> dict[str, float]:
    stages: dict[str, float] = {}
    started = time.perf_counter()
    parsed = lines(folder)
    stages["read and parse"] = time.perf_counter() - started
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    indexes = []
    if aside:
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates'"
            " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
    ids: dict[str, int] = {}

    def initiatives() -> Iterator[tuple[Any, ...]]:
        for line in parsed:
            entry = line["entry"]
            if entry["event"] == "created":
                ids[line["initiative"]] = len(ids) + 1
                fields = line["fields"]
                yield (
                    len(ids),
                    line["initiative"],
                    fields["slug"],
                    fields["title"],
                    fields["kind"],
                    entry["changes"]["status"]["to"],
                    entry["recorded_at"],
                    entry["recorded_at"],
                )

    def history() -> Iterator[tuple[Any, ...]]:
        for line in parsed:
            entry = line["entry"]
            changes = entry["changes"]
            status, progress = changes.get("status"), changes.get("progress")
            yield (
                entry["uuid"],
                ids[line["initiative"]],
                entry["recorded_at"],
                entry["effective"],
                entry["event"],
                status and status["from"],
                status and status["to"],
                progress and progress["from"],
                progress and progress["to"],
                entry["note"],
                entry["author"],
                line["clock"],
                line["replica"],
            )

    timed = time.perf_counter()
    conn.executemany(
        "INSERT INTO initiatives (id, uuid, slug, title, kind, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        initiatives(),
    )
    stages["insert initiatives"] = time.perf_counter() - timed
    timed = time.perf_counter()
    conn.executemany(
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, status_from,"
        " status_to, progress_from, progress_to, note, author, clock, origin)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history(),
    )
    stages["insert history"] = time.perf_counter() - timed
    timed = time.perf_counter()
    for _, sql in indexes:
        conn.execute(sql)
    stages["build indexes"] = time.perf_counter() - timed
    timed = time.perf_counter()
    conn.execute("COMMIT")
    conn.close()
    stages["commit"] = time.perf_counter() - timed
    stages["total"] = time.perf_counter() - started
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--replicas", type=int, default=10)
    args = parser.parse_args(argv)
    gc.disable()
    work = Path(tempfile.mkdtemp(prefix="tracker-floor-"))
    try:
        folder = work / "sync"
        write_logs(folder, args.replicas, args.initiatives, args.entries, seed=17, prefix="synced")
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("TRACKER_DB", None)
        empty = work / "empty.db"
        subprocess.run([*tracker_command(), "--db", str(empty), "init", "-q"], env=env, check=True)
        print(
            f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version},"
            f" {os.cpu_count()} cores; {args.initiatives:,} initiatives,"
            f" {args.entries:,} entries in {args.replicas} logs"
        )
        for aside in (False, True):
            db = work / "floor.db"
            shutil.copy(empty, db)
            stages = load(db, folder, aside)
            db.unlink()
            shown = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
            print(f"  indexes {'set aside' if aside else 'in place'}: {shown}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
