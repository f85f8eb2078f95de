"""The floors of the bulk paths (bench/exchange_speed.py's items): what SQLite alone
needs to write or read their rows, and what Python alone needs to decode and check
their input or encode their output, each measured apart, in this process.

    .venv/bin/python bench/exchange_floor.py               # 100,000 items
    .venv/bin/python bench/exchange_floor.py --items 10000

It imports the items and their export with tracker (untimed), then times:
SQLite inserting the same initiatives, history rows and name links with every index
and trigger (and with the secondary indexes set aside and rebuilt), and building
both search indexes in one pass; Python decoding and checking every import record
and every apply line (no database); SQLite reading every table an export reads,
and building every export line (what export runs), and ``json.dumps`` of every
export record; SQLite writing the apply's rows one statement
at a time (an update row and an initiative's new fields each). Medians of 3.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import measure, tracker_command
from exchange_speed import generate


def median(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        before = time.perf_counter()
        action()
        times.append(time.perf_counter() - before)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tracker-floor-"))
    os.environ["TRACKER_TODAY"] = "2026-11-22"
    print(f"{args.items:,} items; load average before: {os.getloadavg()[0]:.2f}")
    try:
        items, _, updates = generate(folder, args.items)
        full, empty, exported = folder / "full.db", folder / "empty.db", folder / "e.jsonl"
        tracker = tracker_command()
        for db in (full, empty):
            measure([*tracker, "init"], {**os.environ, "TRACKER_DB": str(db)})
        env = {**os.environ, "TRACKER_DB": str(full)}
        measure([*tracker, "import", str(items)], env)
        measure([*tracker, "export", "--output", str(exported)], env)
        _sqlite_import(full, empty, folder)
        _python_import(items, exported)
        _export(full, exported)
        _apply(full, updates, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


def _sqlite_import(full: Path, empty: Path, folder: Path) -> None:
    from tracker.storage import browse, search
    from tracker.storage.bulk import IndexesAside

    source = sqlite3.connect(full)
    tables = ["initiatives", "updates", "initiative_tags", "initiative_jurisdictions"]
    rows = {table: source.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
    for aside in (False, True):

        def load(aside: bool = aside) -> None:
            target = folder / "floor.db"
            for path in folder.glob("floor.db*"):
                path.unlink()
            shutil.copy(empty, target)
            conn = sqlite3.connect(target, isolation_level=None)
            conn.execute("PRAGMA cache_size = -65536")
            search.watch(conn)  # the triggers noting what to index
            conn.execute("BEGIN IMMEDIATE")
            put_aside = [IndexesAside(conn, t) for t in tables[:2]] if aside else []
            for table in tables:
                marks = ", ".join("?" * len(rows[table][0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
            for each in put_aside:
                each.restore()
            search.rebuild(conn)
            browse.rebuild(conn)
            conn.execute("DELETE FROM temp.search_dirty")
            conn.execute("COMMIT")
            conn.close()

        label = "indexes set aside and rebuilt" if aside else "indexes in place"
        print(f"  SQLite: write the import's rows, {label}, search indexes: {median(load):.2f} s")


def _python_import(items: Path, exported: Path) -> None:
    from tracker.api import Tracker
    from tracker.ops.importing import import_record

    t = Tracker.open(":memory:")
    for name, path in (("new items", items), ("export records", exported)):
        lines = path.read_bytes().splitlines()[1 if name == "export records" else 0 :]

        def check(lines: list[bytes] = lines) -> None:
            for line in lines:
                import_record(t, json.loads(line))

        print(f"  Python: decode and check the {name}: {median(check):.2f} s")


def _export(full: Path, exported: Path) -> None:
    conn = sqlite3.connect(full)

    def read() -> None:
        for sql in (
            "SELECT * FROM initiatives ORDER BY uuid",
            "SELECT * FROM updates ORDER BY initiative_id, event != 'created', effective,"
            " clock, recorded_at, uuid",
            "SELECT l.initiative_id, n.name FROM initiative_tags l JOIN tags n ON n.id = l.tag_id",
            "SELECT l.initiative_id, n.name FROM initiative_jurisdictions l"
            " JOIN jurisdictions n ON n.id = l.jurisdiction_id",
            "SELECT * FROM initiative_sources",
            "SELECT * FROM applied_refs",
        ):
            conn.execute(sql).fetchall()

    print(f"  SQLite: read every row an export reads: {median(read):.2f} s")
    from tracker.storage.export_lines import export_lines

    def build() -> None:
        for _ in export_lines(conn):
            pass

    print(f"  SQLite: build every export line (export's own query): {median(build):.2f} s")
    records = [json.loads(line) for line in exported.read_bytes().splitlines()]

    def encode() -> None:
        for record in records:
            json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    print(f"  Python: encode every export record (json.dumps): {median(encode):.2f} s")


def _apply(full: Path, updates: Path, folder: Path) -> None:
    from tracker import exchange
    from tracker.api import Tracker
    from tracker.ops.updates import parse_update
    from tracker.requests import UpdateRequest

    t = Tracker.open(":memory:")
    lines = updates.read_text(encoding="utf-8").splitlines()

    def check() -> None:
        for line in lines:
            fields = exchange.update_fields(line)
            parse_update(t, UpdateRequest(**{k: v for k, v in fields.items() if k != "initiative"}))

    print(f"  Python: decode and check the apply lines: {median(check):.2f} s")
    source = sqlite3.connect(full)
    author = source.execute("SELECT author FROM updates LIMIT 1").fetchone()[0]
    count = source.execute("SELECT max(id) FROM initiatives").fetchone()[0]
    source.close()

    def write() -> None:
        target = folder / "apply.db"
        for path in folder.glob("apply.db*"):
            path.unlink()
        shutil.copy(full, target)
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("BEGIN IMMEDIATE")
        for n, line in enumerate(lines):
            data = json.loads(line)
            initiative_id = n * 7919 % count + 1
            conn.execute(
                "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event,"
                " progress_from, progress_to, note, ref, author, clock)"
                " VALUES (?, ?, ?, ?, 'update', NULL, ?, ?, ?, ?, ?)",
                [
                    f"floor-{n}",
                    initiative_id,
                    "2026-11-22T00:00:00Z",
                    data["on"],
                    data["progress"],
                    data["note"],
                    data["ref"],
                    author,
                    10 + n,
                ],
            )
            conn.execute(
                "UPDATE initiatives SET progress = ?, updated_at = ? WHERE id = ?",
                [data["progress"], "2026-11-22T00:00:00Z", initiative_id],
            )
        conn.execute("COMMIT")
        conn.close()

    print(f"  SQLite: write the apply's rows one statement each: {median(write):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
