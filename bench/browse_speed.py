"""Datasette's search index (``browse_fts``, tracker.storage.browse) at scale: its
size, the time the migration takes to build it, and what it adds to writes.

    .venv/bin/python bench/browse_speed.py                      # 100,000 / 1,000,000
    .venv/bin/python bench/browse_speed.py --initiatives 2000 --updates 20000

The database is the scale benches' (``tests/scaledata.py``), the one
bench/search_speed.py builds (/tmp/tracker-search-N.db, built here if missing),
copied aside to a file of this bench's own. It prints:

- the upgrade to the schema with the index (``m015_browse_views``: the views and
  the index built over every initiative) and the index's size (dbstat), beside
  tracker's own search index;
- one write that gives one initiative in 50 a Chinese summary (as
  bench/search_speed.py does), with the time spent in the Datasette index's part;
- the index's size when EVERY initiative has a Chinese summary, for longest
  substrings (LONGEST) of 4, 6 and 8 characters.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

import common  # noqa: F401  (puts tests/ on the path)
from oldschema import undo_browse_views
from scaledata import build

CHINESE = [
    "推動北部都會區建設 發展金融科技",
    "北部都会区发展纲要与深港金融合作",
    "粤港澳大湾区跨境理财通试点",
    "香港大學與深圳合作的人才計劃",
]


def size(conn: sqlite3.Connection, prefix: str) -> int:
    found = conn.execute(
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? OR name LIKE ?",
        [prefix, prefix + "%"],
    ).fetchone()[0]
    return int(found)


def mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    base = Path(f"/tmp/tracker-search-{args.initiatives}.db")
    if not base.exists():
        build(base, args.initiatives, args.updates, date(2026, 11, 1))
    work = Path(f"/tmp/tracker-browse-{args.initiatives}-work.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)

    from tracker.storage import browse, migrations, search
    from tracker.storage.database import open_database

    before = migrations.STEPS.index("m015_browse_views")
    conn = sqlite3.connect(work)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == migrations.SCHEMA_VERSION:  # built by this tracker: take the step back
        undo_browse_views(conn)
        conn.execute(f"PRAGMA user_version = {before}")
        conn.commit()
        version = before
    conn.close()
    if version != before:
        print(f"{base} is at schema {version}, not the one before m015_browse_views")
        return 1
    start = time.perf_counter()
    database = open_database(work)  # the upgrade: views, then the index built
    upgraded = time.perf_counter() - start
    database.close()
    database.migration_backup and Path(database.migration_backup).unlink()
    print(f"upgrade to m014 (a copy of the file first, the views, the index): {upgraded:.1f} s")
    conn = sqlite3.connect(work, isolation_level=None)
    built = {}
    for name, rebuild in (("Datasette's", browse.rebuild), ("tracker's own", search.rebuild)):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        rebuild(conn)
        conn.execute("COMMIT")
        built[name] = time.perf_counter() - start
    print(
        "index built again over every initiative: "
        + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in built.items())
    )
    conn.execute("VACUUM")
    own = size(conn, "search_docs") + size(conn, "search_index")
    datasette = size(conn, browse.TABLE) + size(conn, browse.DOCS)
    print(
        f"index {mb(datasette)}; tracker's own search index {mb(own)};"
        f" file {mb(work.stat().st_size)}"
    )
    conn.close()

    # One write: a Chinese summary for 1 in 50, the Datasette index's share timed.
    spent = [0.0]
    real = browse.reindex

    def timed(conn: sqlite3.Connection, ids: object) -> None:
        begin = time.perf_counter()
        real(conn, ids)  # type: ignore[arg-type]
        spent[0] += time.perf_counter() - begin

    browse.reindex = timed  # type: ignore[assignment]
    search.browse.reindex = timed  # type: ignore[attr-defined]
    database = open_database(work)
    start = time.perf_counter()
    with database.write() as conn:
        count = conn.execute("SELECT max(id) FROM initiatives").fetchone()[0]
        conn.executemany(
            "UPDATE initiatives SET summary = ? WHERE id = ?",
            [(CHINESE[n % len(CHINESE)], n) for n in range(50, count + 1, 50)],
        )
    elapsed = time.perf_counter() - start
    database.close()
    browse.reindex = real  # type: ignore[assignment]
    print(
        f"Chinese summaries for 1 in 50 ({count // 50:,} initiatives), one write:"
        f" {elapsed:.2f} s, of which Datasette's index {spent[0]:.2f} s"
    )

    # Every initiative with a Chinese summary: the index for each LONGEST.
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE initiatives SET summary = ? WHERE id = ?",
        [(CHINESE[n % len(CHINESE)], n) for n in range(1, count + 1)],
    )
    conn.execute("COMMIT")
    for longest in (4, 6, 8):
        browse.LONGEST = longest
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(f"DROP TABLE {browse.TABLE}")
        conn.execute(f"DROP TABLE {browse.DOCS}")
        browse.schema(conn)
        browse.rebuild(conn)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - start
        conn.execute("VACUUM")
        built = size(conn, browse.TABLE)
        content = size(conn, browse.DOCS)
        conn.execute(f"INSERT INTO {browse.TABLE} ({browse.TABLE}) VALUES ('optimize')")
        conn.execute("VACUUM")
        print(
            f"every summary Chinese, LONGEST {longest}: built in {seconds:.1f} s, index"
            f" {mb(built)} ({mb(size(conn, browse.TABLE))} optimised), and {mb(content)}"
            " of text kept beside it"
        )
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
