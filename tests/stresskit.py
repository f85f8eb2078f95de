"""The stress runs behind the reliability claims: concurrent writers, kill -9 during an
import or a sync, a migration race. Each uses real ``tracker`` processes on a fresh
database in the folder it is given and returns what it counted.

tests/test_reliability.py runs them at a size CI can take; bench/stress.py runs them
at full size from the command line (its docstring says what each one checks).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from oldschema import old_schema_database
from scaledata import build


def tracker_command() -> list[str]:
    """The ``tracker`` beside this Python (the venv's), else ``python -m tracker``."""
    exe = Path(sys.executable).with_name("tracker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tracker"]


def environment(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TRACKER_DB": str(db),
        "TRACKER_BUSY_TIMEOUT": "30",
        "TRACKER_TODAY": "2026-11-22",
        "NO_COLOR": "1",
    }


# -- concurrency -----------------------------------------------------------------------

#: A writer: M ``tracker update`` processes one after another, each exit code and
#: stderr line kept. The control runs the same commands in-process through a tracker
#: whose write transaction is deferred (read, then write), as a naive script would.
_WRITER = textwrap.dedent(
    """
    import json, subprocess, sys
    worker, count, control, command = (int(sys.argv[1]), int(sys.argv[2]),
                                       sys.argv[3] == "1", json.loads(sys.argv[4]))
    codes, errors = [], []
    if control:
        import contextlib, io
        from tracker.storage import database

        @contextlib.contextmanager
        def deferred(self):  # BEGIN, not BEGIN IMMEDIATE: the lock is taken at the write
            with database.sqlite_errors(self.path):
                self.conn.execute("BEGIN")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")

        database.Database.write = deferred
        from tracker.cli import main
    for n in range(count):
        target = "shared" if n % 2 == 0 else f"own-{worker}"
        args = ["update", target, "--note", f"w{worker} n{n}", "--progress", str(n % 101)]
        if control:
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                try:
                    main(args)
                    code = 0
                except SystemExit as stop:
                    code = stop.code or 0
            codes.append(code)
            errors.extend(err.getvalue().splitlines())
        else:
            done = subprocess.run(command + args, capture_output=True, text=True)
            codes.append(done.returncode)
            errors.extend(done.stderr.splitlines())
    print(json.dumps({"codes": codes, "errors": errors}))
    """
)

_READER = textwrap.dedent(
    """
    import json, os, subprocess, sys
    command, stop = json.loads(sys.argv[1]), sys.argv[2]
    runs, bad = 0, []
    while not os.path.exists(stop) or runs == 0:
        done = subprocess.run(command + ["report", "--format", "json"], capture_output=True,
                              text=True)
        runs += 1
        if done.returncode != 0:
            bad.append(done.stderr.strip())
    print(json.dumps({"runs": runs, "bad": bad}))
    """
)


@dataclass
class ConcurrencyResult:
    expected: int
    rows: int
    failed_exits: int
    locked_messages: int
    integrity: str
    report_runs: int
    failed_reports: int
    seconds: float
    errors: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.expected - self.rows

    def holds(self) -> bool:
        return (
            self.rows == self.expected
            and self.failed_exits == 0
            and self.locked_messages == 0
            and self.integrity == "ok"
            and self.failed_reports == 0
        )


def concurrency(
    folder: Path, writers: int = 16, each: int = 250, readers: int = 4, control: bool = False
) -> ConcurrencyResult:
    db = folder / "tracker.db"
    env = environment(db)
    command = tracker_command()
    subprocess.run([*command, "init", "--seed", "-q"], env=env, check=True)
    for slug in ["shared", *(f"own-{w}" for w in range(writers))]:
        subprocess.run(
            [*command, "add", slug.replace("-", " ").title(), "--slug", slug, "-q"],
            env=env,
            check=True,
        )
    before = _count_updates(db)
    stop = folder / "writers-done"
    start = time.perf_counter()
    report_loops = [
        subprocess.Popen(
            [sys.executable, "-c", _READER, json.dumps(command), str(stop)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(readers)
    ]
    writer_processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRITER,
                str(w),
                str(each),
                "1" if control else "0",
                json.dumps(command),
            ],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    outcomes = [json.loads(p.communicate()[0]) for p in writer_processes]
    seconds = time.perf_counter() - start
    stop.touch()
    reads = [json.loads(p.communicate()[0]) for p in report_loops]
    errors = [line for o in outcomes for line in o["errors"]]
    errors += [f"report: {line}" for r in reads for line in r["bad"]]
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return ConcurrencyResult(
        expected=writers * each,
        rows=_count_updates(db) - before,
        failed_exits=sum(code != 0 for o in outcomes for code in o["codes"]),
        locked_messages=sum("locked" in line for line in errors),
        integrity=integrity,
        report_runs=sum(r["runs"] for r in reads),
        failed_reports=sum(len(r["bad"]) for r in reads),
        seconds=seconds,
        errors=errors[:5],
    )


def _count_updates(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM updates WHERE event = 'update'").fetchone()[0]
    finally:
        conn.close()


# -- kill -9 ---------------------------------------------------------------------------


@dataclass
class KillResult:
    trials: int
    killed_midway: int
    imported_whole: int
    imported_none: int
    broken: list[str] = field(default_factory=list)

    def holds(self) -> bool:
        return not self.broken and self.imported_whole + self.imported_none == self.trials


def import_file(path: Path, rows: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            out.write(
                json.dumps(
                    {
                        "title": f"Imported {n}",
                        "slug": f"imported-{n}",
                        "status": "announced",
                        "deadline": f"{rng.randint(2026, 2030)}-{rng.randint(1, 12):02d}-01",
                        "tags": [f"tag-{rng.randint(0, 40)}"],
                        "jurisdictions": ["Hong Kong"],
                    }
                )
                + "\n"
            )
    return path


def _fingerprint(db: Path, through_id: int) -> tuple[int, str]:
    """How many initiatives there are, and a digest of the first ``through_id``'s rows
    and history."""
    conn = sqlite3.connect(db)
    try:
        digest = hashlib.sha256()
        for table, key in (("initiatives", "id"), ("updates", "initiative_id")):
            for row in conn.execute(
                f"SELECT * FROM {table} WHERE {key} <= ? ORDER BY id", [through_id]
            ):
                digest.update(repr(tuple(row)).encode())
        count = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
        return count, digest.hexdigest()
    finally:
        conn.close()


def kill_during_import(
    folder: Path, rows: int = 50_000, trials: int = 20, seed: int = 5
) -> KillResult:
    rng = random.Random(seed)
    base = folder / "base.db"
    env = environment(base)
    command = tracker_command()
    subprocess.run([*command, "init", "--seed", "-q"], env=env, check=True)
    subprocess.run(
        [*command, "update", "bridging-programme", "--progress", "30", "-q"], env=env, check=True
    )
    source = import_file(folder / "import.jsonl", rows)
    through = sqlite3.connect(base).execute("SELECT max(id) FROM initiatives").fetchone()[0]
    count_before, digest_before = _fingerprint(base, through)
    # How long a whole import takes here, so the kills spread over all of it.
    db = folder / "trial.db"
    shutil.copy(base, db)
    start = time.perf_counter()
    subprocess.run([*command, "import", str(source), "-q"], env=environment(db), check=True)
    whole = time.perf_counter() - start
    result = KillResult(trials, 0, 0, 0)
    for trial in range(trials):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, db)
        process = subprocess.Popen(
            [*command, "import", str(source), "-q"], env=environment(db), stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, whole * 1.05))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            result.killed_midway += 1
        process.wait()
        conn = sqlite3.connect(db)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        count, digest = _fingerprint(db, through)
        if integrity != "ok":
            result.broken.append(f"trial {trial}: integrity {integrity}")
        if digest != digest_before:
            result.broken.append(f"trial {trial}: the earlier data changed")
        if count == count_before:
            result.imported_none += 1
        elif count == count_before + rows:
            result.imported_whole += 1
        else:
            result.broken.append(f"trial {trial}: {count - count_before} of {rows} imported")
    return result


# -- migration race --------------------------------------------------------------------

_OPENER = textwrap.dedent(
    """
    import subprocess, sys, json, time
    start = float(sys.argv[1])
    time.sleep(max(0.0, start - time.time()))
    done = subprocess.run(json.loads(sys.argv[2]) + ["list", "--format", "json"],
                          capture_output=True, text=True)
    print(json.dumps({"code": done.returncode, "stderr": done.stderr}))
    """
)


@dataclass
class RaceResult:
    processes: int
    failed: int
    applied: list[str]
    copies: int
    errors: list[str] = field(default_factory=list)

    def holds(self) -> bool:
        from tracker.storage import migrations

        return self.failed == 0 and self.applied == list(migrations.STEPS) and self.copies == 1


def migration_race(folder: Path, processes: int = 8) -> RaceResult:
    db = folder / "tracker.db"
    old_schema_database(db)
    start = time.time() + 1.0  # all of them start at this moment
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, str(start), json.dumps(tracker_command())],
            env=environment(db),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    outcomes = [json.loads(p.communicate()[0]) for p in openers]
    conn = sqlite3.connect(db)
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    return RaceResult(
        processes=processes,
        failed=sum(o["code"] != 0 for o in outcomes),
        applied=applied,
        copies=len(list(folder.glob("tracker.db.v1-*.bak"))),
        errors=[o["stderr"] for o in outcomes if o["code"] != 0][:3],
    )


# -- kill -9 during a sync -------------------------------------------------------------


@dataclass
class SyncKillResult:
    trials: int
    killed_midway: int = 0
    #: Trials whose kill left A's log with an unterminated last line.
    torn_tails: int = 0
    #: Trials whose kill came after A had written some of its entries to its log.
    partly_sent: int = 0
    broken: list[str] = field(default_factory=list)

    def holds(self) -> bool:
        return not self.broken


def _tracker(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tracker_command(), "--db", str(db), *args],
        env=environment(db),
        capture_output=True,
        text=True,
    )


def _replica(db: Path) -> str:
    done = _tracker(db, "check", "--format", "json")
    if done.returncode != 0:
        raise RuntimeError(f"tracker check on {db}: {done.stderr.strip()}")
    return str(json.loads(done.stdout)["replica"])


def _log_problems(path: Path, replica: str) -> tuple[list[str], int, bool]:
    """What is wrong with a replica's log (the duplicate entry uuids, a bad or foreign
    line, a torn line that is not the last), how many entry lines it holds, and whether
    its last line is unterminated."""
    if not path.exists():
        return [], 0, False
    text = path.read_text(encoding="utf-8")
    whole, _, tail = text.rpartition("\n")
    problems: list[str] = []
    seen: set[str] = set()
    entries = 0
    for number, raw in enumerate(whole.split("\n") if whole else [], start=1):
        try:
            item = json.loads(raw)
        except ValueError:
            problems.append(f"line {number} is not JSON: {raw[:60]!r}")
            continue
        if item.get("replica") != replica:
            problems.append(f"line {number} names replica {item.get('replica')!r}")
        if number == 1:
            if item.get("format") != "tracker-log":
                problems.append("the first line is not a header")
            continue
        if item.get("op") == "entry":
            entries += 1
            uuid = item["entry"]["uuid"]
            if uuid in seen:
                problems.append(f"line {number} repeats entry {uuid}")
            seen.add(uuid)
    return problems, entries, tail != ""


def _export(db: Path) -> list[str]:
    done = _tracker(db, "export")
    if done.returncode != 0:
        return [f"export failed: {done.stderr.strip()}"]
    return sorted(done.stdout.splitlines())


def kill_during_sync(
    folder: Path, trials: int = 20, initiatives: int = 300, entries: int = 3000, seed: int = 9
) -> SyncKillResult:
    """Two replicas A and B share a sync folder: B's log holds ``entries`` entries A
    lacks, and A holds as many it has not sent. Each trial starts from that state,
    runs ``tracker --db A sync DIR`` and kills it with SIGKILL at a random moment.
    After it: A passes ``PRAGMA integrity_check`` and ``tracker check``; A's log
    repeats no entry and has at most one unterminated line, its last; then A syncs
    normally (its log still without a repeat), B syncs, and their exports are equal."""
    rng = random.Random(seed)
    base_a, base_b, base_dir = folder / "a-base.db", folder / "b-base.db", folder / "sync-base"
    today = date(2026, 11, 1)
    build(base_a, initiatives, entries, today, seed=seed * 2 + 1, prefix="alpha")
    build(base_b, initiatives, entries, today, seed=seed * 2 + 2, prefix="beta")
    done = _tracker(base_b, "sync", str(base_dir), "-q")
    if done.returncode != 0:
        raise RuntimeError(f"B's first sync: {done.stderr.strip()}")
    for base in (base_a, base_b):
        conn = sqlite3.connect(base)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    replica_a = _replica(base_a)
    a, b, shared = folder / "a.db", folder / "b.db", folder / "sync"

    def fresh() -> None:
        for db, base in ((a, base_a), (b, base_b)):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(base, db)
        shutil.rmtree(shared, ignore_errors=True)
        shutil.copytree(base_dir, shared)

    # How long a whole sync of A takes here, so the kills spread over all of it.
    fresh()
    start = time.perf_counter()
    done = _tracker(a, "sync", str(shared), "-q")
    whole = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"A's sync: {done.stderr.strip()}")
    log_a = shared / "log" / f"{replica_a}.jsonl"
    result = SyncKillResult(trials)
    for trial in range(trials):
        fresh()
        process = subprocess.Popen(
            [*tracker_command(), "--db", str(a), "sync", str(shared), "-q"],
            env=environment(a),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.02, whole))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            result.killed_midway += 1
        process.wait()

        def broken(what: str, trial: int = trial) -> None:
            result.broken.append(f"trial {trial}: {what}")

        conn = sqlite3.connect(a)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        if integrity != "ok":
            broken(f"integrity {integrity}")
        checked = _tracker(a, "check")
        if checked.returncode != 0:
            broken(f"tracker check exit {checked.returncode}: {checked.stderr.strip()}")
        problems, sent, torn = _log_problems(log_a, replica_a)
        result.torn_tails += torn
        result.partly_sent += sent > 0
        for problem in problems:
            broken(f"after the kill, A's log: {problem}")
        for db, name in ((a, "A"), (b, "B"), (a, "A again")):
            done = _tracker(db, "sync", str(shared), "-q")
            if done.returncode != 0:
                broken(f"{name}'s sync exit {done.returncode}: {done.stderr.strip()}")
        problems, _, torn = _log_problems(log_a, replica_a)
        for problem in problems + (["its last line is unterminated"] if torn else []):
            broken(f"after the syncs, A's log: {problem}")
        ours, theirs = _export(a), _export(b)
        if ours != theirs:
            differ = sum(x != y for x, y in zip(ours, theirs, strict=False))
            broken(f"the exports differ: A {len(ours)} lines, B {len(theirs)}, {differ} differ")
    return result
