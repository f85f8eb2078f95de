"""Broken environments: a file that is not a tracker database, an impossible path, a
read-only file or folder (as a non-root user: root ignores permissions), a full disk,
output that cannot be written. Each gives one line, exit 1, no partial output file,
and leaves the database unchanged and intact."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.parse  # noqa: F401 - read-only opens need it; the unprivileged child cannot load it
from pathlib import Path

import pytest
from helpers import Run, as_other_user, dump, ok, run


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_file_that_is_not_sqlite(isolated: Path) -> None:
    isolated.write_text("a shopping list, not a database\n")
    for args in (("list",), ("update", "x", "--progress", "1"), ("check",), ("report",)):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"error: {isolated} is not a usable tracker database (file is not a database)\n",
        ), args
    assert isolated.read_text() == "a shopping list, not a database\n"


def test_a_sqlite_file_of_something_else(isolated: Path) -> None:
    conn = sqlite3.connect(isolated)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = dump(isolated)
    result = run("add", "Something")
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {isolated} is a SQLite database of something else (tables: invoices);"
        " refusing to add tracker tables to it\n",
    )
    assert dump(isolated) == before


def test_an_impossible_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("--db", str(blocker / "sub" / "tracker.db"), "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: cannot create folder for database {blocker}/sub/tracker.db: {blocker} is"
        " a file, not a folder\n",
    )
    result = run("--db", str(tmp_path), "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: cannot open database at {tmp_path}: it is a directory\n",
    )


# -- read-only, as a user permissions apply to ------------------------------------------


def _as_other_user(*args: str) -> Run:
    """The CLI as an unprivileged user (:func:`helpers.as_other_user`)."""
    result = as_other_user(lambda: run(*args))
    assert isinstance(result, Run), result
    return result


@pytest.mark.parametrize(
    ("file_mode", "folder_mode"), [(0o444, 0o777), (0o666, 0o555), (0o444, 0o555)]
)
def test_read_only_file_or_folder(shared_folder: Path, file_mode: int, folder_mode: int) -> None:
    db = shared_folder / "tracker.db"
    scratch = str(shared_folder / "scratch" / "tracker.db")
    ok("--db", scratch, "init", "--seed")
    outbox = shared_folder / "outbox"
    outbox.mkdir()
    outbox.chmod(0o777)
    for args in (
        ("update", "bridging-programme", "--progress", "5"),
        ("list", "-f", "json"),
        ("check",),
        ("backup", str(outbox / "warm.db")),
    ):
        run("--db", scratch, *args)  # load every module the command needs, as root
    (outbox / "warm.db").unlink()
    shutil.rmtree(shared_folder / "scratch")
    ok("init", "--seed")
    before = dump(db)
    db.chmod(file_mode)
    shared_folder.chmod(folder_mode)
    try:
        write = _as_other_user("update", "bridging-programme", "--progress", "5")
        listing = _as_other_user("list", "-f", "json")
        copied = _as_other_user("backup", str(outbox / "copy.db"))
    finally:
        shared_folder.chmod(0o755)
        db.chmod(0o644)
    assert (write.exit_code, write.stdout, write.stderr) == (
        1,
        "",
        f"error: cannot write to {db}: the file or its folder is read-only\n",
    )
    assert (listing.exit_code, listing.stderr) == (0, "")
    assert '"bridging-programme"' in listing.stdout
    assert (copied.exit_code, copied.stderr) == (0, "")  # reading is all a backup needs
    assert dump(outbox / "copy.db") == before
    assert dump(db) == before and _integrity(db) == "ok"


# -- a full disk --------------------------------------------------------------------------


def test_a_full_disk_fails_cleanly(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PRAGMA max_page_count caps the file where it is: SQLITE_FULL, deterministically."""
    from tracker.storage import database

    real_connect = database.connect

    def capped(path: Path, **options: object) -> sqlite3.Connection:
        conn = real_connect(path, **options)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 3}")
        return conn

    monkeypatch.setattr(database, "connect", capped)
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(f'{{"title": "Item {n}", "summary": "{"x" * 200}"}}\n' for n in range(3000))
    )
    before = dump(seeded)
    for args in (("import", str(source)), ("add", "x" * 400, "--summary", "y" * 90_000)):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"error: cannot write to {seeded}: disk is full\n",
        ), args
    assert dump(seeded) == before and _integrity(seeded) == "ok"


# -- output that cannot be written ------------------------------------------------------


def test_output_to_a_full_device(seeded: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = run("export", "--output", "/dev/full")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: cannot write /dev/full: No space left on device\n",
    )
    Path(os.environ["HOME"]).mkdir(exist_ok=True)
    for args in (["export"], ["list", "--format", "json"], ["report", "--format", "csv"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "tracker", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                cwd=os.environ["HOME"],
            )
        assert (done.returncode, done.stderr) == (
            1,
            "error: cannot write standard output: No space left on device\n",
        ), args


def _small_files() -> None:
    """In the child: files may not grow past 100 KB (EFBIG, not a signal); the database's
    -shm file (32 KB) still fits."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))


@pytest.mark.parametrize("command", [["export"], ["report", "--format", "json"], ["calendar"]])
def test_an_output_file_that_cannot_be_finished_is_not_left_half_written(
    seeded: Path, tmp_path: Path, command: list[str]
) -> None:
    Path(os.environ["HOME"]).mkdir(exist_ok=True)
    many = tmp_path / "many.jsonl"  # enough to pass 100 KB in each format
    many.write_text(
        "".join(
            f'{{"title": "Initiative {n} {"t" * 300}", "deadline": "2027", '
            f'"summary": "{"s" * 900}"}}\n'
            for n in range(400)
        )
    )
    ok("import", str(many), "-q")
    target = tmp_path / "out" / "file.out"
    target.parent.mkdir()
    before = dump(seeded)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *command, "--output", str(target)],
        capture_output=True,
        text=True,
        cwd=os.environ["HOME"],
        preexec_fn=_small_files,
    )
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr.startswith(f"error: cannot write {target}: ")
    assert done.stderr.count("\n") == 1
    assert list(target.parent.iterdir()) == []  # neither the file nor a temporary one
    assert dump(seeded) == before
