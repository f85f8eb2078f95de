"""Test helpers: run the CLI in-process, read its JSON, dump the database."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from tracker.cli import app
from tracker.domain import shapes

#: Who the tests' entries are by (TRACKER_AUTHOR, set for every test).
AUTHOR = "analyst"
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
