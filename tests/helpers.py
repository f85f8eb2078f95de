"""Test helpers: run the CLI in-process, read its JSON, dump the database."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from typer.testing import CliRunner

from tracker.cli import app
from tracker.domain import shapes

#: Who the tests' entries are by (TRACKER_AUTHOR, set for every test).
AUTHOR = "analyst"
TODAY = "2026-11-22"
#: The unprivileged user :func:`as_other_user` becomes.
NOBODY = 65534

T = TypeVar("T")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str, input: str | None = None) -> Run:
    """Invoke the CLI in-process, stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def as_other_user(call: Callable[[], T]) -> T | str:
    """``call()`` as a user file permissions apply to. As root: in a forked child that
    drops to 'nobody' (every module it needs must be loaded already: nobody cannot read
    root's Python), its result pickled back, or the repr of what it raised. Otherwise:
    as we are (the shared_folder fixture gives a folder that user can reach)."""
    if os.geteuid() != 0:
        return call()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            data = pickle.dumps(call())
        except BaseException as error:  # reported to the parent
            data = pickle.dumps(repr(error))
        with os.fdopen(write, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as incoming:
        data = incoming.read()
    os.waitpid(pid, 0)
    result: T | str = pickle.loads(data)
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result.stdout


#: SQL for :func:`tamper` that gives a problem for each of tracker check's kinds: a
#: foreign key, a missing created entry, a stale name list, a search index out of step.
EVERY_KIND_OF_PROBLEM = (
    "INSERT INTO initiative_tags (initiative_id, tag_id) VALUES (999, 1)",
    "UPDATE initiatives SET tags_json = '[\"zz\"]' WHERE slug = 'bridging-programme'",
    "DROP TRIGGER updates_append_only",
    "DELETE FROM updates WHERE event = 'created' AND initiative_id ="
    " (SELECT id FROM initiatives WHERE slug = 'fintech-hub-action-plan')",
    "INSERT INTO search_index (rowid, title, summary) VALUES (5000, 'ghost', '')",
)


def tamper(db: Path, *statements: str) -> None:
    """Run SQL on the file behind tracker's back (foreign keys off)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def damage_a_page(db: Path) -> None:
    """Scribble over one index page of the file, past its header."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'idx_initiatives_title'"
    ).fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 100)
        handle.write(b"\xa5" * (page_size - 200))


def dump(db: Path) -> str:
    """The whole database as SQL text, to prove a failed command changed nothing."""
    if not db.exists():
        return ""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


INITIATIVE_KEYS = [
    "id",
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "health",
    "confidence",
    "confidence_note",
    "progress",
    "tags",
    "jurisdictions",
    "sponsors",
    "parent",
    "announced",
    "deadline",
    "baseline_deadline",
    "created_at",
    "updated_at",
]
HISTORY_KEYS = [*shapes.ENTRY_KEYS, "retracted", "amended"]


def listed(*args: str) -> list[dict]:
    return json.loads(ok("list", "--format", "json", *args))


def shown(ref: str) -> dict:
    return json.loads(ok("show", ref, "--format", "json"))
