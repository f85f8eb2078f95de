"""Test helpers: run the CLI in-process, dump the database."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from tracker.cli import app
from tracker.storage import migrations
from tracker.storage.database import Database, connect

TODAY = "2026-11-22"


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


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result.stdout


def dump(db: Path) -> str:
    """The whole database as SQL text, to prove a failed command changed nothing."""
    if not db.exists():
        return ""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def old_database(path: Path) -> None:
    """A database at schema 1 (before full-text search), filled the way tracker 0.1 did."""
    database = Database(path, connect(path))
    assert migrations.ensure_current(database, stop_before="m002_search") == 1
    conn = database.conn
    conn.execute(
        "INSERT INTO initiatives (uuid, slug, title, summary, kind, status, created_at, updated_at)"
        " VALUES ('11111111-1111-4111-8111-111111111111', 'old-one', 'Offshore renminbi centre',"
        " 'From an old version', 'proposal', 'proposed', '2023-03-14T00:00:00Z',"
        " '2023-03-14T00:00:00Z')"
    )
    conn.execute(
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, status_to)"
        " VALUES ('22222222-2222-4222-8222-222222222222', 1, '2023-03-14T00:00:00Z',"
        " '2023-03-14', 'created', 'proposed')"
    )
    database.close()
