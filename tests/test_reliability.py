"""Reliability at a size CI can run: concurrent writers (with a control that shows the
harness catches lost updates), kill -9 and Ctrl-C during an import, kill -9 during a
sync, a lock held too long, a migration race. bench/stress.py runs the same code
(stresskit) at full size."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import stresskit as stress  # the runs bench/stress.py makes at full size
from helpers import dump, ok


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir(exist_ok=True)
    work = tmp_path / "stress"
    work.mkdir()
    return work


def test_concurrent_writers_and_report_loops_lose_nothing(folder: Path) -> None:
    result = stress.concurrency(folder, writers=4, each=12, readers=2)
    assert (
        result.rows,
        result.failed_exits,
        result.locked_messages,
        result.integrity,
        result.failed_reports,
    ) == (48, 0, 0, "ok", 0), result.errors
    assert result.report_runs >= 2


def test_the_harness_catches_a_read_then_write_writer(folder: Path) -> None:
    result = stress.concurrency(folder, writers=4, each=20, readers=1, control=True)
    assert result.lost > 0 and result.failed_exits == result.lost
    assert not result.holds()


def test_kill_9_during_an_import_is_all_or_nothing(folder: Path) -> None:
    result = stress.kill_during_import(folder, rows=3000, trials=4)
    assert result.broken == [] and result.holds()
    assert result.killed_midway >= 1


def test_kill_9_during_a_sync_leaves_a_log_and_database_that_converge(folder: Path) -> None:
    result = stress.kill_during_sync(folder, trials=3, initiatives=200, entries=2000)
    assert result.broken == [] and result.holds()
    assert result.killed_midway >= 1


def test_eight_processes_race_to_migrate_an_old_database(folder: Path) -> None:
    result = stress.migration_race(folder, processes=8)
    assert (result.failed, result.copies) == (0, 1), result.errors
    assert result.holds()


_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
    """
)


def _hold(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "holding\n"
    return holder


def _tracker(*args: str, timeout: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRACKER_BUSY_TIMEOUT": timeout}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=env["HOME"],
        timeout=60,
    )


def test_a_lock_held_past_the_busy_timeout_gives_up_and_a_shorter_one_waits(seeded: Path) -> None:
    Path(os.environ["HOME"]).mkdir(exist_ok=True)
    before = dump(seeded)
    holder = _hold(seeded, 3)
    started = time.monotonic()
    done = _tracker("update", "bridging-programme", "--progress", "10", timeout="0.5")
    waited = time.monotonic() - started
    holder.wait()
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        f"error: database is busy, try again: another process held {seeded} for too long\n",
    )
    assert 0.5 <= waited < 3
    assert dump(seeded) == before
    holder = _hold(seeded, 0.5)
    done = _tracker("update", "bridging-programme", "--progress", "10", timeout="10")
    holder.wait()
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(ok("show", "bridging-programme", "-f", "json"))["progress"] == 10


def _ctrl_c_reaches_it() -> None:
    """In the child before it runs Python: Ctrl-C's default action back. A shell that
    starts the tests in the background (``pytest &``, nohup, some CI runners) leaves
    SIGINT ignored, the child inherits that, and Python then installs no handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_an_import_exits_130_and_changes_nothing(
    seeded: Path, tmp_path: Path
) -> None:
    Path(os.environ["HOME"]).mkdir(exist_ok=True)
    source = stress.import_file(tmp_path / "big.jsonl", 40_000)
    before = dump(seeded)
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.environ["HOME"],
        preexec_fn=_ctrl_c_reaches_it,
    )
    time.sleep(1.0)  # past start-up, inside the import's transaction
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out, err) == (130, "", "error: interrupted\n")
    conn = sqlite3.connect(seeded)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert dump(seeded) == before


@pytest.mark.parametrize("delay", [0.02, 0.04, 0.07, 0.12])
def test_ctrl_c_while_the_command_line_loads_is_one_line_too(isolated: Path, delay: float) -> None:
    """Ctrl-C before any command ran (while tracker is still importing) ends the same
    way; only before Python itself is up can the signal kill it outright."""
    Path(os.environ["HOME"]).mkdir(exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.environ["HOME"],
        preexec_fn=_ctrl_c_reaches_it,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:  # it had finished already
        return
    if err.startswith(("Fatal Python error: init_import_site", "Could not import runpy module")):
        # It came while Python itself was starting, before `-m` ran any of tracker (a
        # busy machine, or a fresh venv compiling the standard library): not ours.
        assert not re.search(r"tracker[/\\](?:__main__|entry|cli)", err), err
        return
    assert "Traceback" not in err, err
    # 130, or killed by the signal itself once the interpreter is on its way out
    assert process.returncode in (130, -signal.SIGINT)
    assert err in ("error: interrupted\n", "")
