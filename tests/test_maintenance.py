"""tracker check, tracker backup, and the copy kept before a migration."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import EVERY_KIND_OF_PROBLEM, damage_a_page, dump, ok, run, tamper
from oldschema import old_schema_database as old_database

from tracker.storage import migrations


def test_check_passes_a_sound_database(seeded: Path) -> None:
    ok("update", "bridging-programme", "--progress", "10")
    replica = sqlite3.connect(seeded).execute("SELECT id FROM replica").fetchone()[0]
    assert ok("check") == (
        f"ok: {seeded} (schema version {migrations.SCHEMA_VERSION}, 13 initiatives,"
        f" 14 history entries)\nreplica: {replica}\n"
    )
    assert json.loads(ok("check", "--format", "json")) == {
        "database": str(seeded),
        "ok": True,
        "schema_version": migrations.SCHEMA_VERSION,
        "initiatives": 13,
        "updates": 14,
        "problems": [],
        "skipped": [],
        "repaired": [],
        "repair_backup": None,
        "replica": replica,
    }


def test_check_lists_every_kind_of_problem_and_exits_1(seeded: Path) -> None:
    tamper(seeded, *EVERY_KIND_OF_PROBLEM)
    before = dump(seeded)
    result = run("check")
    assert result.exit_code == 1
    plan_id = (
        sqlite3.connect(seeded)
        .execute("SELECT id FROM initiatives WHERE slug = 'fintech-hub-action-plan'")
        .fetchone()[0]
    )
    assert result.stdout.splitlines() == [
        f"4 problems in {seeded}:",
        "  foreign key: initiative_tags points to a missing row of initiatives",
        f"  initiative fintech-hub-action-plan (id {plan_id}) has no 'created' history entry",
        '  initiative bridging-programme: tags_json is ["zz"], its links say'
        ' ["banking","mutual-recognition","talent"]',
        "  search index: database disk image is malformed",
    ]
    assert result.stderr == f"error: 4 problems in {seeded}\n"
    quiet = run("check", "-q")  # the list is output; the verdict still shows
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", result.stderr)
    assert dump(seeded) == before  # checking changes nothing
    report = json.loads(run("check", "--format", "json").stdout)
    assert (report["ok"], report["problems"]) == (
        False,
        [line[2:] for line in result.stdout.splitlines()[1:]],
    )


def test_check_reports_an_old_schema_without_upgrading_it(isolated: Path) -> None:
    old_database(isolated)
    before = dump(isolated)
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"1 problem in {isolated}:\n"
        f"  schema: version 1, this tracker's is {migrations.SCHEMA_VERSION}\n"
    )
    assert result.stderr == (
        "note: not checked: rows and search index (the schema is not current)\n"
        f"error: 1 problem in {isolated}\n"
    )
    assert dump(isolated) == before
    assert list(isolated.parent.glob("*.bak")) == []


def test_check_finds_a_damaged_page(seeded: Path) -> None:
    damage_a_page(seeded)
    result = run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        (
            f"1 problem in {seeded}:\n"
            "  integrity: database disk image is malformed (SQLite could not finish this check)\n"
        ),
        f"error: 1 problem in {seeded}\n",
    )


def test_check_and_backup_need_an_existing_database(isolated: Path, tmp_path: Path) -> None:
    for args in (("check",), ("backup", str(tmp_path / "copy.db"))):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (
            1,
            f"error: no database at {isolated} (create one with 'tracker init')\n",
        )
    assert not isolated.exists() and not (tmp_path / "copy.db").exists()


def test_backup_to_a_file_and_to_a_folder(seeded: Path, tmp_path: Path) -> None:
    ok("update", "bridging-programme", "--progress", "40")
    target = tmp_path / "copy.db"
    out = ok("backup", str(target))
    assert out == f"backed up {seeded} to {target} ({target.stat().st_size:,} bytes)\n"
    folder = tmp_path / "backups"
    folder.mkdir()
    written = Path(json.loads(ok("backup", str(folder), "--format", "json"))["backup"])
    assert written.parent == folder and written.name.startswith("tracker-")
    for copy in (target, written):
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert dump(copy) == dump(seeded)
    assert ok("--db", str(target), "check").startswith(f"ok: {target} ")


@pytest.mark.parametrize(
    ("where", "code", "message"),
    [
        ("db", 2, "error: {db} is the database or one of its files; choose another path\n"),
        ("db-wal", 2, "error: {db}-wal is the database or one of its files; choose another path\n"),
        ("", 2, "error: PATH must not be empty\n"),
        ("nowhere/", 1, "error: cannot write {tmp}/nowhere: folder {tmp}/nowhere does not exist\n"),
        (
            "~no-such-user-here/x.db",
            2,
            "error: cannot find the home folder in '~no-such-user-here/x.db'\n",
        ),
        (
            "missing/copy.db",
            1,
            "error: cannot write {tmp}/missing/copy.db: folder {tmp}/missing does not exist\n",
        ),
        ("/dev/full", 1, "error: cannot write /dev/full: it is not a regular file\n"),
    ],
)
def test_backup_refuses_where_it_cannot_write(
    seeded: Path, tmp_path: Path, where: str, code: int, message: str
) -> None:
    if where.startswith("db"):
        target = str(seeded) + where[2:]
    elif where.startswith(("/", "~")) or not where:
        target = where
    else:
        target = str(tmp_path / where) + ("/" if where.endswith("/") else "")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("backup", target)
    assert (result.exit_code, result.stderr) == (code, message.format(db=seeded, tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


_WRITER = textwrap.dedent(
    """
    import sys
    from tracker.api import Tracker, UpdateRequest
    with Tracker.open() as tracker:
        for n in range(int(sys.argv[1])):
            tracker.update("bridging-programme", UpdateRequest(note=f"n{n}"))
    """
)


def test_a_backup_taken_while_another_process_writes_is_consistent(
    seeded: Path, tmp_path: Path
) -> None:
    env = dict(os.environ)
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, "300"],
        env=env,
        cwd=env["HOME"],
        stderr=subprocess.PIPE,
        text=True,
    )
    copies = []
    try:
        for n in range(5):
            copies.append(tmp_path / f"copy-{n}.db")
            ok("backup", str(copies[-1]))
    finally:
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # each copy is one moment: every entry it has is complete, with its initiative
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        notes = conn.execute("SELECT count(*) FROM updates WHERE note LIKE 'n%'").fetchone()[0]
        updated = conn.execute(
            "SELECT updated_at FROM initiatives WHERE slug = 'bridging-programme'"
        ).fetchone()[0]
        last = conn.execute(
            "SELECT max(recorded_at) FROM updates u JOIN initiatives i ON"
            " i.id = u.initiative_id WHERE i.slug = 'bridging-programme'"
        ).fetchone()[0]
        assert 0 <= notes <= 300 and (notes == 0 or updated == last)
        conn.close()


def test_a_migration_first_keeps_a_copy_and_says_where(isolated: Path) -> None:
    old_database(isolated)
    before = dump(isolated)
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    [copy] = isolated.parent.glob("tracker.db.v1-*.bak")
    assert result.stderr == (
        f"note: upgraded {isolated} to schema version {migrations.SCHEMA_VERSION}; a copy of"
        f" it as it was is at {copy}\n"
    )
    assert dump(copy) == before
    assert sqlite3.connect(copy).execute("PRAGMA user_version").fetchone()[0] == 1
    assert run("list").stderr == ""  # once only
    assert len(list(isolated.parent.glob("*.bak"))) == 1


def test_no_copy_no_migration(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.errors import UnusableError
    from tracker.storage import connection

    def fail(source: Path, target: Path) -> None:
        raise UnusableError(f"cannot write {target}: No space left on device")

    monkeypatch.setattr(connection, "copy_database", fail)
    old_database(isolated)
    before = dump(isolated)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: not upgrading {isolated} (schema 1 -> {migrations.SCHEMA_VERSION}): could not"
        f" back it up first (cannot write {isolated}.v1-"
    )
    assert dump(isolated) == before


def test_check_and_backup_leave_the_file_as_it_is(seeded: Path, tmp_path: Path) -> None:
    """A backup is a rollback-journal file: checking it must not turn it into WAL."""
    import hashlib

    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert ok("--db", str(copy), "check").startswith(f"ok: {copy} ")
    ok("--db", str(copy), "backup", str(tmp_path / "copy-of-copy.db"))
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy-of-copy.db",
        "copy.db",
    ]


def test_backup_replaces_a_file_only_with_force_and_writes_through_links(
    seeded: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "old.db"
    existing.write_text("an older backup")
    result = run("backup", str(existing))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {existing} exists; use --force to replace it\n",
    )
    assert existing.read_text() == "an older backup"
    link = tmp_path / "latest.db"
    link.symlink_to(existing)
    ok("backup", str(link), "--force")
    assert link.is_symlink() and dump(existing) == dump(seeded)
    assert oct(existing.stat().st_mode & 0o777) == oct(seeded.stat().st_mode & 0o777)


def test_two_backups_into_a_folder_within_a_second_keep_both(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    written = {json.loads(ok("backup", str(folder), "-f", "json"))["backup"] for _ in range(3)}
    assert len(written) == 3 and len(list(folder.iterdir())) == 3
