"""The progress bar of long work (import, apply, export, sync): drawn on standard error
on a terminal (a pseudo-terminal here) once the work has run a while, never off a
terminal nor with --quiet; the output and the data are those of a run without it.

The commands run in a child process whose standard error is a pseudo-terminal. The
child sets the bar's threshold (``tracker.cli.progress.AFTER``) to 0 and the work's
step (``tracker.ops.progress.EVERY``) to 5 before the command line loads, so a small
file is long enough work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import TODAY, listed, ok, run

#: A bar's line (Rich draws it with U+2501).
BAR = "━".encode()

CHILD = """
import sys
import tracker.cli.progress, tracker.ops.progress
tracker.cli.progress.AFTER = float(sys.argv.pop(1))
tracker.ops.progress.EVERY = 5
from tracker.entry import main
main()
"""


def _read_all(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed its end
            return
        if not chunk:
            return
        into.append(chunk)


def on_terminal(
    *args: str, db: Path, after: float = 0, stdout_terminal: bool = False
) -> tuple[int, bytes, bytes]:
    """Run tracker ARGS in a child whose standard error (and, with ``stdout_terminal``,
    standard output) is a pseudo-terminal: (exit code, stdout, stderr)."""
    err_master, err_slave = os.openpty()
    out_master, out_slave = os.openpty() if stdout_terminal else (None, None)
    env = {**os.environ, "TRACKER_DB": str(db), "TERM": "xterm-256color"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(after), *args],
        stdin=subprocess.DEVNULL,
        stdout=out_slave if out_slave is not None else subprocess.PIPE,
        stderr=err_slave,
        env=env,
    )
    os.close(err_slave)
    if out_slave is not None:
        os.close(out_slave)
    err: list[bytes] = []
    out: list[bytes] = []
    readers = [threading.Thread(target=_read_all, args=(err_master, err))]
    if out_master is not None:
        readers.append(threading.Thread(target=_read_all, args=(out_master, out)))
    for reader in readers:
        reader.start()
    if child.stdout is not None:
        out.append(child.stdout.read())
    code = child.wait(timeout=120)
    for reader in readers:
        reader.join(timeout=30)
    os.close(err_master)
    if out_master is not None:
        os.close(out_master)
    return code, b"".join(out), b"".join(err)


@pytest.fixture
def backup(seeded: Path, tmp_path: Path) -> Path:
    """The seeded database's export (13 initiatives with their histories)."""
    path = tmp_path / "backup.jsonl"
    path.write_text(ok("export"), encoding="utf-8")
    return path


def test_import_draws_a_bar_and_imports_the_same(backup: Path, tmp_path: Path) -> None:
    db = tmp_path / "restored.db"
    ok("--db", str(db), "init")
    code, out, err = on_terminal("import", str(backup), db=db)
    assert code == 0, err
    assert BAR in err and b"import: 10 records" in err
    assert b"\x1b" not in out  # the summary, on a pipe: no ANSI codes
    # the summary and the data are those of a run without the bar
    plain = tmp_path / "plain.db"
    ok("--db", str(plain), "init")
    assert out.decode() == ok("--db", str(plain), "import", str(backup))
    assert ok("--db", str(db), "export") == backup.read_text(encoding="utf-8")


def test_no_bar_for_short_work_quiet_or_off_a_terminal(
    backup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "restored.db"
    ok("--db", str(db), "init")
    # shorter than the threshold (a second): nothing on the terminal
    code, out, err = on_terminal("import", str(backup), "--dry-run", db=db, after=1.0)
    assert (code, err) == (0, b"")
    # --quiet: nothing on the terminal either
    code, out, err = on_terminal("import", str(backup), "--quiet", db=db)
    assert (code, out, err) == (0, b"", b"")
    code, out, err = on_terminal(
        "--db", str(db), "export", "--quiet", "--output", str(tmp_path / "x.jsonl"), db=db
    )
    assert (code, out, err) == (0, b"", b"")
    # off a terminal, even with no threshold: nothing on standard error
    monkeypatch.setattr("tracker.cli.progress.AFTER", 0)
    monkeypatch.setattr("tracker.ops.progress.EVERY", 1)
    again = run("--db", str(db), "import", str(backup))
    assert (again.exit_code, again.stderr) == (0, "")
    assert run("--db", str(db), "export", "--output", str(tmp_path / "y.jsonl")).stderr == ""


def test_apply_draws_a_bar_and_applies_the_same(seeded: Path, tmp_path: Path) -> None:
    slugs = [item["slug"] for item in listed()]
    updates = tmp_path / "updates.jsonl"
    updates.write_text(
        "".join(
            json.dumps({"initiative": slug, "progress": 10 + n, "ref": f"r{n}", "on": TODAY}) + "\n"
            for n, slug in enumerate(slugs)
        ),
        encoding="utf-8",
    )
    copy = tmp_path / "copy.db"
    copy.write_bytes(seeded.read_bytes())
    code, out, err = on_terminal("apply", str(updates), db=copy)
    assert code == 0, err
    assert BAR in err and b"apply: 10 lines" in err
    assert out.decode() == ok("apply", str(updates))  # the same summary, on the seeded db

    def fields(db: Path) -> list[dict]:
        items = json.loads(ok("--db", str(db), "list", "--format", "json"))
        return [{k: v for k, v in item.items() if k != "updated_at"} for item in items]

    assert fields(copy) == fields(seeded)
    assert {i["slug"]: i["progress"] for i in fields(copy)} == {
        slug: 10 + n for n, slug in enumerate(slugs)
    }
    # again on a terminal with --quiet: nothing at all, and nothing recorded twice
    code, out, err = on_terminal("apply", str(updates), "--quiet", db=copy)
    assert (code, out, err) == (0, b"", b"")


def test_export_to_a_file_draws_a_bar_never_over_the_export(backup: Path, tmp_path: Path) -> None:
    db = Path(os.environ["TRACKER_DB"])
    target = tmp_path / "out.jsonl"
    code, out, err = on_terminal("export", "--output", str(target), db=db)
    assert code == 0, err
    assert BAR in err and b"export" in err
    assert target.read_bytes() == backup.read_bytes()
    # to stdout, a pipe: the bar on the terminal, the bytes unchanged
    code, out, err = on_terminal("export", db=db)
    assert code == 0 and BAR in err
    assert out == backup.read_bytes()
    # to stdout, the terminal itself: no bar drawn over the export
    code, out, err = on_terminal("export", db=db, stdout_terminal=True)
    assert code == 0 and BAR not in err and BAR not in out
    assert b'"tracker-export"' in out


def test_sync_draws_a_bar_and_takes_in_the_same(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    ok("sync", str(folder), "--quiet")
    db = tmp_path / "other.db"
    ok("--db", str(db), "init")
    code, out, err = on_terminal("sync", str(folder), db=db)
    assert code == 0, err
    assert BAR in err and b"sync" in err
    assert b"\x1b" not in out

    def fields(path: Path) -> list[dict]:
        items = json.loads(ok("--db", str(path), "list", "--format", "json"))
        return [{k: v for k, v in item.items() if k != "id"} for item in items]

    assert fields(db) == fields(seeded)
    quiet = tmp_path / "quiet.db"
    ok("--db", str(quiet), "init")
    assert on_terminal("sync", str(folder), "--quiet", db=quiet) == (0, b"", b"")


def test_reading_a_file_counts_its_bytes_a_pipe_its_records(tmp_path: Path) -> None:
    from tracker.cli.progress import reading

    calls: list[tuple] = []

    def update(done: int, total: int | None = None, note: str | None = None) -> None:
        calls.append((done, total, note))

    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"{}\n" * 4000)
    with path.open("rb") as stream:
        assert reading(None, stream, "import", "records") is None  # no bar: no callback
        tick = reading(update, stream, "import", "records")
        assert tick is not None
        stream.read(3000)
        tick(1000, None)
    assert calls == [(3000, 12000, "import: 1,000 records")]
    read, write = os.pipe()
    os.write(write, b"{}\n" * 10)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        tick = reading(update, pipe, "apply", "lines")
        assert tick is not None
        pipe.read()
        tick(2000, None)
    assert calls[-1] == (2000, None, "apply: 2,000 lines")
