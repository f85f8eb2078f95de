"""Storage guarantees: migrations, one IMMEDIATE transaction per write, concurrent writers."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from helpers import ok, run
from oldschema import old_schema_database as old_database

from tracker.storage import migrations
from tracker.storage.database import Database, connect, open_database


def test_migration_from_older_schema_keeps_data_and_indexes_it(isolated):
    old_database(isolated)
    assert sqlite3.connect(isolated).execute("PRAGMA user_version").fetchone()[0] == 1
    out = json.loads(ok("list", "--search", "renminbi", "--format", "json"))
    assert [item["slug"] for item in out] == ["old-one"]
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == list(migrations.STEPS)
    ok("update", "old-one", "--status", "announced")
    assert json.loads(ok("show", "old-one", "-f", "json"))["history"][-1]["changes"] == {
        "status": {"from": "proposed", "to": "announced"}
    }


def test_unknown_applied_migration_means_newer_schema(isolated):
    ok("init")
    conn = sqlite3.connect(isolated)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('tracker', 'm099_future', 'x')"
    )
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    result = run("list")
    assert result.exit_code == 1
    assert "written by a newer version of tracker" in result.stderr


def test_connection_settings(isolated):
    with open_database(isolated, busy_timeout=7) as database:
        conn = database.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 7000


def test_write_transaction_is_immediate_and_rolls_back(isolated):
    with open_database(isolated) as database:
        statements: list[str] = []
        database.conn.set_trace_callback(statements.append)
        with pytest.raises(RuntimeError), database.write() as conn:
            conn.execute("INSERT INTO tags (name) VALUES ('x')")
            raise RuntimeError("boom")
        # the write's larger page cache is given back even when it fails
        assert statements == [
            "PRAGMA cache_size = -65536",
            "BEGIN IMMEDIATE",
            "INSERT INTO tags (name) VALUES ('x')",
            "ROLLBACK",
            "PRAGMA cache_size = -2000",
        ]
        assert conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -2000


def test_a_write_keeps_its_temporary_files_in_memory(seeded):
    """A write's statement journals are in memory (no system call per page of a bulk
    write); the switch drops the connection's temporary triggers, which the search
    index's watcher makes again, and a connection that only reads keeps the default."""

    def temporary(conn):
        return sorted(r[0] for r in conn.execute("SELECT name FROM temp.sqlite_master"))

    with open_database(seeded) as database:
        conn = database.conn
        watched = temporary(conn)
        assert "browse_dirty" in watched and "search_watch_0" in watched
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0
        with database.write():
            conn.execute("UPDATE initiatives SET title = 'Renamed' WHERE id = 1")
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert temporary(conn) == watched
        found = conn.execute("SELECT title FROM browse_docs WHERE initiative_id = 1").fetchone()
        assert tuple(found) == ("Renamed",)


def test_every_command_writes_in_one_immediate_transaction(seeded, monkeypatch):
    """Trace every statement of an update: one BEGIN IMMEDIATE, one COMMIT, writes between."""
    seen: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    ok("update", "bridging-programme", "--status", "in_progress", "--source", "x", "--note", "n")
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]
    first_write = next(i for i, s in enumerate(seen) if s.startswith(("INSERT", "UPDATE")))
    assert seen.index("BEGIN IMMEDIATE") < first_write < seen.index("COMMIT")
    assert seen.count("COMMIT") == 1


def test_busy_database_gives_up_with_one_line(seeded, monkeypatch):
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(seeded, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("update", "bridging-programme", "--progress", "10")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: database is busy, try again: another process held {seeded} for too long\n"
    )
    assert json.loads(ok("show", "bridging-programme", "-f", "json"))["progress"] is None


_WORKER = textwrap.dedent(
    """
    import sys
    from tracker.api import Tracker, UpdateRequest
    worker, count = int(sys.argv[1]), int(sys.argv[2])
    with Tracker.open() as tracker:
        for n in range(count):
            target = "shared" if n % 2 == 0 else f"own-{worker}"
            tracker.update(target, UpdateRequest(progress=n % 101, note=f"w{worker} n{n}"))
    """
)


def _spawn(code: str, *args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=env["HOME"],
    )


def test_concurrent_writers_lose_nothing(isolated, tmp_path):
    ok("add", "Shared", "--slug", "shared")
    workers, each = 4, 30
    for worker in range(workers):
        ok("add", f"Own {worker}", "--slug", f"own-{worker}")
    env = dict(os.environ)
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    procs = [_spawn(_WORKER, str(w), str(each), env=env) for w in range(workers)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, results
    assert all("locked" not in err for _, err in results)
    conn = sqlite3.connect(isolated)
    notes = conn.execute("SELECT count(*) FROM updates WHERE event = 'update'").fetchone()[0]
    assert notes == workers * each
    shared = conn.execute(
        "SELECT count(*) FROM updates u JOIN initiatives i ON i.id = u.initiative_id"
        " WHERE i.slug = 'shared' AND u.event = 'update'"
    ).fetchone()[0]
    assert shared == workers * each // 2
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_concurrent_cli_processes(isolated):
    ok("add", "Shared", "--slug", "shared")
    env = dict(os.environ)
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tracker",
                "update",
                "shared",
                "--note",
                f"n{n}",
                "--ref",
                f"r{n % 6}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=env["HOME"],
        )
        for n in range(12)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, outputs
    history = json.loads(ok("history", "shared", "-f", "json"))
    # Six distinct refs: six recorded, six duplicates reported as no-ops.
    assert sorted(e["ref"] for e in history if e["event"] == "update") == [
        f"r{n}" for n in range(6)
    ]
    assert sum("already applied" in out for out, _ in outputs) == 6


def test_read_only_rollback_journal_file_can_still_be_read(tmp_path):
    """A file that cannot be switched to WAL (immutable, read-only media) is still readable."""
    import shutil

    path = tmp_path / "ro.db"
    ok("--db", str(path), "init", "--seed")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
        pytest.skip("needs chattr +i on this file system (root, ext4-like)")
    try:
        result = run("--db", str(path), "list", "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert len(json.loads(result.stdout)) == 13
        result = run("--db", str(path), "update", "bridging-programme", "--progress", "5")
        assert result.exit_code == 1
        assert result.stderr.startswith("error: ")
        assert result.stderr.count("\n") == 1
    finally:
        subprocess.run([chattr, "-i", str(path)])


def test_m004_rewrites_checks_without_in_lists_and_still_enforces_them(isolated):
    old_database(isolated)
    database = Database(isolated, connect(isolated))
    assert migrations.ensure_current(database) == len(migrations.STEPS) - 1
    conn = database.conn
    for table in ("initiatives", "updates"):
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()
        assert " IN (" not in sql
    assert (
        "(status = 'proposed' OR status = 'announced' OR"
        in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'initiatives'").fetchone()[0]
    )
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for statement in (
        "UPDATE initiatives SET status = 'done' WHERE id = 1",
        "UPDATE initiatives SET kind = 'wish' WHERE id = 1",
        "UPDATE initiatives SET confidence = 'blue' WHERE id = 1",
        "UPDATE initiatives SET deadline_precision = 'decade' WHERE id = 1",
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event)"
        " VALUES ('x', 1, 'now', '2024-01-01', 'deleted')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute(statement)
    conn.execute("UPDATE initiatives SET confidence = NULL, status = 'stalled' WHERE id = 1")
    # New rows written through a tracker connection are indexed for search.
    from tracker.storage import search

    database.hooks.append(search.Watcher(conn))
    with database.write():
        conn.execute(
            "INSERT INTO initiatives (uuid, slug, title, kind, status, created_at, updated_at)"
            " VALUES ('u2', 'new-one', 'Fintech hub action plan', 'plan', 'announced', 'n', 'n')"
        )
    hits = conn.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH 'fintech'"
    ).fetchall()
    assert [tuple(hit) for hit in hits] == [(2,)]
    database.close()


def test_window_columns_and_json_are_the_windows_own_values() -> None:
    import json
    from datetime import date

    from tracker.domain.windows import Precision, Window
    from tracker.storage import repository as repo

    window = Window(
        "by end-2027 \u2014 \u00e9t\u00e9", date(2027, 1, 1), date(2027, 12, 31), Precision.YEAR
    )
    for _ in range(2):  # the second reading is a remembered one
        assert repo.window_columns("deadline", window) == {
            "deadline_text": window.text,
            "deadline_earliest": "2027-01-01",
            "deadline_latest": "2027-12-31",
            "deadline_precision": "year",
        }
        assert repo.announced_columns(window) == {
            "announced_text": window.text,
            "announced_date": "2027-01-01",
            "announced_latest": "2027-12-31",
            "announced_precision": "year",
        }
        assert repo.window_to_json(window) == json.dumps(window.to_dict(), ensure_ascii=False)
    assert repo.window_columns("baseline", None) == dict.fromkeys(
        ("baseline_text", "baseline_earliest", "baseline_latest", "baseline_precision")
    )
    assert repo.window_to_json(None) is None


def test_commands_on_one_initiative_search_indexes_never_scan(tmp_path, monkeypatch):
    """Every statement show, history, update, edit and add run is planned as index
    searches on the big tables (a scan would grow with the database)."""
    from scaledata import build  # the scale benches' builder, run small

    from tracker.storage import database, search

    db = tmp_path / "many.db"
    build(db, 3000, 30_000, date(2026, 11, 1))
    seen: list[str] = []
    real_connect = database.connect

    def traced(path, **options):
        conn = real_connect(path, **options)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(database, "connect", traced)
    monkeypatch.setenv("TRACKER_DB", str(db))
    for args in (
        ("show", "initiative-1500"),
        ("history", "initiative-1500"),
        ("update", "initiative-1500", "--progress", "50", "--note", "n"),
        ("edit", "initiative-1500", "--title", "Renamed", "--add-tag", "x"),
        ("add", "Another", "--tag", "tag-01", "--deadline", "2027"),
    ):
        ok(*args)
    plans = sqlite3.connect(db)
    search.watch(plans)  # the connection's own table of initiatives to index
    scans = []
    for statement in seen:
        if not statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            continue
        for row in plans.execute(f"EXPLAIN QUERY PLAN {statement}"):
            detail = row[3]
            # a subquery's few rows, the one-row tables (FTS5's config, the replica's
            # clock floor), the ids given as JSON and the connection's few initiatives
            # to index are no scans that grow
            if (
                detail.startswith("SCAN")
                and not detail.startswith(
                    (
                        "SCAN (subquery",
                        "SCAN main.search_index_config",
                        "SCAN main.browse_fts_config",
                        # FTS5 by rowid (its idxStr "="): one document, Datasette's index
                        "SCAN browse_fts VIRTUAL TABLE INDEX 0:=",
                        "SCAN json_each",
                        "SCAN temp.search_dirty",
                        "SCAN temp.browse_dirty",
                    )
                )
                and detail not in ("SCAN replica", "SCAN CONSTANT ROW")
            ):
                scans.append((detail, statement[:100]))
    assert scans == [], "\n".join(map(str, scans))


def test_a_report_reads_the_corrections_through_their_index(tmp_path, monkeypatch):
    """The corrections in force are few; the report reads them through
    idx_updates_target (left to itself the planner walked the whole history in
    history order: 1.1 s of a 1.8 s report at 1,000,000 entries)."""
    from scaledata import build

    from tracker.storage import database

    db = tmp_path / "many.db"
    build(db, 300, 3_000, date(2026, 11, 1))
    with sqlite3.connect(db) as conn:
        # The statistics of a 1,000,000-entry database analysed before schema 5 (the
        # scale bench's, upgraded): none yet for the indexes the upgrade made.
        conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'updates'")
        conn.executemany(
            "INSERT INTO sqlite_stat1 VALUES ('updates', ?, ?)",
            [
                ("idx_updates_created", "100000 1"),
                ("idx_updates_source", "1000000 1000000"),
                ("idx_updates_effective", "1000000 714"),
                ("sqlite_autoindex_updates_1", "1000000 1"),
            ],
        )
    seen: list[str] = []
    real_connect = database.connect

    def traced(path, **options):
        conn = real_connect(path, **options)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(database, "connect", traced)
    monkeypatch.setenv("TRACKER_DB", str(db))
    ok("report", "--format", "json")
    reads = [s for s in seen if "target IS NOT NULL" in s]
    assert reads, "the report reads the corrections"
    plans = sqlite3.connect(db)
    for statement in reads:
        details = [row[3] for row in plans.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert any("idx_updates_target" in d for d in details), details
        assert not any(d.startswith("SCAN u") for d in details), details


def test_an_analysed_file_has_statistics_for_the_indexes_schema_5_makes(tmp_path):
    """Schema 5 rebuilds the history-order indexes and adds one; a file analysed before
    gets their statistics too, so the planner does not weigh indexes with none against
    the others' counts (the report once walked the whole history that way)."""
    from oldschema import old_schema_database

    from tracker.storage import migrations
    from tracker.storage.database import Database, connect, open_database

    path = tmp_path / "old.db"
    old_schema_database(path)
    database = Database(path, connect(path))
    migrations.ensure_current(database, stop_before="m005_authors_and_corrections")
    database.conn.execute("ANALYZE")
    database.close()
    upgraded = open_database(path)
    stats = {row[0] for row in upgraded.conn.execute("SELECT idx FROM sqlite_stat1")}
    upgraded.close()
    assert "idx_updates_initiative" in stats
