"""tracker check runs SQLite's integrity check on a second connection, in a thread, in
the snapshot the main connection reads; where that cannot be had (read-only, another
writer, not WAL, in memory) it runs on the main connection as before. Either way the
report is the same, problems in the same order; Ctrl-C still stops it cleanly."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import sqlite3
import threading
import urllib.parse  # noqa: F401 - the unprivileged child cannot load it
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import EVERY_KIND_OF_PROBLEM, as_other_user, damage_a_page, ok, run, tamper

from tracker.storage import maintenance
from tracker.storage.database import open_existing

#: Ways to break a database, each giving problems of several checks.
DAMAGE: dict[str, Callable[[Path], None]] = {
    "sound": lambda db: None,
    "every kind": lambda db: tamper(db, *EVERY_KIND_OF_PROBLEM, "PRAGMA user_version = 3"),
    # indexes that no longer match their definitions: more integrity errors than listed
    "indexes": lambda db: tamper(
        db,
        "PRAGMA writable_schema = ON",
        "UPDATE initiatives SET progress = 99 WHERE slug = 'bridging-programme'",
        "UPDATE sqlite_master SET sql = replace(sql, '(title', '(slug')"
        " WHERE name = 'idx_initiatives_title'",
        "UPDATE sqlite_master SET sql = replace(sql, '(effective)', '(uuid)')"
        " WHERE name = 'idx_updates_effective'",
    ),
    "a damaged page": damage_a_page,
}


@contextlib.contextmanager
def _watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the threads the integrity check ran on."""
    threads: list[str] = []
    real = maintenance._integrity

    def integrity(conn: sqlite3.Connection, problems: list[str]) -> None:
        threads.append(threading.current_thread().name)
        real(conn, problems)

    with monkeypatch.context() as patch:
        patch.setattr(maintenance, "_integrity", integrity)
        yield threads


def _checked(db: Path, **options: float) -> maintenance.CheckReport:
    with contextlib.closing(open_existing(db, **options)) as database:
        return maintenance.check(database)


def _no_lock_nor_reader_left(db: Path) -> None:
    """Nothing of the check holds the file: a writer gets its lock at once, and a
    checkpoint is not held back by a read."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("ROLLBACK")
    assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    conn.close()
    assert [t.name for t in threading.enumerate() if t.name == "tracker check"] == []


@pytest.mark.parametrize("damage", DAMAGE)
def test_the_integrity_check_aside_reports_as_on_one_connection(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    ok("update", "bridging-programme", "--progress", "10")
    DAMAGE[damage](seeded)
    files = [seeded, Path(f"{seeded}-wal")]
    before = [hashlib.sha256(file.read_bytes()).digest() for file in files if file.exists()]
    with _watched(monkeypatch) as threads:
        aside = _checked(seeded)
    assert threads == ["tracker check"]
    assert [hashlib.sha256(file.read_bytes()).digest() for file in files if file.exists()] == before
    _no_lock_nor_reader_left(seeded)
    with _watched(monkeypatch) as threads:
        monkeypatch.setattr(maintenance._Aside, "lined_up", lambda main: None)
        alone = _checked(seeded)
    assert threads == ["MainThread"]
    assert dataclasses.asdict(aside) == dataclasses.asdict(alone)
    assert aside.ok == (damage == "sound")
    if damage == "indexes":
        assert aside.problems[0] == "integrity: row 1 missing from index idx_initiatives_title"
        assert aside.problems[20] == "... and 7 more integrity errors"
        assert "bridging-programme: progress differs" in aside.problems[21]


def test_a_database_another_writer_holds_is_checked_on_one_connection(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = sqlite3.connect(seeded, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    with _watched(monkeypatch) as threads:
        held = _checked(seeded, busy_timeout=0.1)
    assert threads == ["MainThread"]
    assert held.skipped == ["search index (another process kept the write lock)"]
    writer.execute("ROLLBACK")
    writer.close()
    _no_lock_nor_reader_left(seeded)
    with _watched(monkeypatch) as threads:
        free = _checked(seeded)
    assert threads == ["tracker check"]
    assert dataclasses.asdict(held) == {**dataclasses.asdict(free), "skipped": held.skipped}


@pytest.mark.parametrize(
    ("file_mode", "folder_mode"), [(0o444, 0o777), (0o666, 0o555), (0o444, 0o555)]
)
def test_a_read_only_file_or_folder_is_checked_on_one_connection(
    shared_folder: Path, monkeypatch: pytest.MonkeyPatch, file_mode: int, folder_mode: int
) -> None:
    db = shared_folder / "tracker.db"
    ok("init", "--seed")
    with _watched(monkeypatch) as threads:
        expected = run("check", "-f", "json")  # as root: every module loaded
        assert threads == ["tracker check"]
        threads.clear()
        db.chmod(file_mode)
        shared_folder.chmod(folder_mode)
        try:
            result = as_other_user(lambda: (run("check", "-f", "json"), threads))
        finally:
            shared_folder.chmod(0o755)
            db.chmod(0o644)
    assert not isinstance(result, str), result
    checked, ran_on = result
    assert ran_on == ["MainThread"]
    skipped = ["search index (the file is read-only)"]
    assert (checked.exit_code, json.loads(checked.stdout)) == (
        0,
        {**json.loads(expected.stdout), "skipped": skipped},
    )
    assert checked.stderr == f"note: not checked: {skipped[0]}\n"


def test_a_rollback_journal_or_memory_database_is_checked_on_one_connection(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))  # a rollback-journal file
    with _watched(monkeypatch) as threads:
        report = _checked(copy)
    assert threads == ["MainThread"] and report.ok
    memory = sqlite3.connect(":memory:", isolation_level=None)
    assert maintenance._Aside.lined_up(memory) is None
    memory.close()


def test_both_connections_read_one_snapshot_while_another_writes(seeded: Path) -> None:
    conn = sqlite3.connect(seeded, isolation_level=None)
    conn.execute("CREATE TABLE counter (n INTEGER)")
    conn.execute("INSERT INTO counter VALUES (0)")
    conn.close()
    stop = threading.Event()

    def write() -> None:
        with contextlib.closing(sqlite3.connect(seeded, isolation_level=None)) as writer:
            while not stop.wait(0.001):  # a moment between commits for the lock's taker
                with contextlib.suppress(sqlite3.OperationalError):  # busy: again
                    writer.execute("UPDATE counter SET n = n + 1")

    writing = threading.Thread(target=write)
    writing.start()
    seen = []
    try:
        with contextlib.closing(open_existing(seeded)) as database:
            for _ in range(100):
                with database.read() as main:
                    aside = maintenance._Aside.lined_up(main)
                    if aside is None:  # the writer kept the lock past the wait: one connection
                        continue
                    try:
                        aside.problems()  # its thread is done with the connection
                        n = main.execute("SELECT n FROM counter").fetchone()[0]
                        seen.append(n)
                        assert aside.conn.execute("SELECT n FROM counter").fetchone()[0] == n
                    finally:
                        aside.close()
    finally:
        stop.set()
        writing.join()
    assert len(seen) > 50 and len(set(seen)) > 1  # the writer did commit in between
    _no_lock_nor_reader_left(seeded)


def test_ctrl_c_stops_the_check_aside_and_exits_130(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def endless(conn: sqlite3.Connection, problems: list[str]) -> None:
        started.set()
        conn.execute(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        ).fetchone()

    def interrupted(conn: sqlite3.Connection, report: maintenance.CheckReport) -> None:
        started.wait()
        raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "_integrity", endless)
    monkeypatch.setattr(maintenance, "_count_rows", interrupted)
    result = run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "error: interrupted\n")
    _no_lock_nor_reader_left(seeded)


def test_no_writer_can_commit_while_the_snapshots_are_taken(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At each connection's first read (its snapshot) a writer is turned away; after
    the snapshots it writes at once."""
    writer = sqlite3.connect(seeded, timeout=0, isolation_level=None)
    outcomes: list[str] = []

    def probe(statement: str) -> None:
        if statement == "PRAGMA schema_version":
            try:
                writer.execute("UPDATE replica SET id = id")
                outcomes.append("written")
            except sqlite3.OperationalError as error:
                outcomes.append(str(error))

    real = maintenance._connect_beside

    def traced(file: str, *, threads: bool = False) -> sqlite3.Connection:
        conn = real(file, threads=threads)
        if threads:
            conn.set_trace_callback(probe)
        return conn

    monkeypatch.setattr(maintenance, "_connect_beside", traced)
    with contextlib.closing(open_existing(seeded)) as database:
        database.conn.set_trace_callback(probe)
        assert maintenance.check(database).ok
    assert outcomes == ["database is locked", "database is locked"]
    writer.execute("UPDATE replica SET id = id")
    writer.close()
