"""Every history entry records who made it: --by, else TRACKER_AUTHOR, else the user."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import AUTHOR, dump, ok, run
from oldschema import undo_replicas

from tracker.storage import migrations


def _authors(ref: str = "bridging-programme") -> list[tuple[str, str | None]]:
    history = json.loads(ok("history", ref, "-f", "json"))
    return [(entry["event"], entry["author"]) for entry in history]


def test_by_else_tracker_author_else_the_user(seeded: Path, monkeypatch) -> None:
    ok("update", "bridging-programme", "--progress", "10", "--by", "  Ann   Lee ")
    ok("update", "bridging-programme", "--progress", "20")
    monkeypatch.delenv("TRACKER_AUTHOR")
    monkeypatch.setenv("LOGNAME", "hk-desk")
    ok("update", "bridging-programme", "--progress", "30")
    monkeypatch.setenv("TRACKER_AUTHOR", "  ")  # blank: as if unset
    ok("edit", "bridging-programme", "--add-tag", "desk-review")
    assert _authors() == [
        ("created", AUTHOR),
        ("update", "Ann Lee"),
        ("update", AUTHOR),
        ("update", "hk-desk"),
        ("edit", "hk-desk"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", ""], "error: --by must not be empty\n"),
        (["--by", "x" * 201], "error: --by is too long (201 characters; at most 200)\n"),
    ],
)
def test_a_bad_author_is_refused(seeded: Path, args: list[str], message: str) -> None:
    before = dump(seeded)
    result = run("update", "bridging-programme", "--progress", "10", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert dump(seeded) == before


def test_a_bad_tracker_author_is_refused(seeded: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_AUTHOR", "x" * 201)
    before = dump(seeded)
    result = run("update", "bridging-programme", "--progress", "10")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: TRACKER_AUTHOR is too long (201 characters; at most 200)\n",
    )
    assert dump(seeded) == before


def test_an_apply_line_names_its_own_author(seeded: Path, tmp_path: Path) -> None:
    lines = tmp_path / "updates.jsonl"
    lines.write_text(
        '{"initiative": "bridging-programme", "progress": 15, "by": "Bo Chan"}\n'
        '{"initiative": "bridging-programme", "progress": 25}\n',
        encoding="utf-8",
    )
    ok("apply", str(lines), "--by", "desk-bot")
    assert _authors()[1:] == [("update", "Bo Chan"), ("update", "desk-bot")]


def test_history_shows_the_author(seeded: Path) -> None:
    ok("update", "bridging-programme", "--status", "in_progress", "--by", "Ann")
    table = ok("history", "bridging-programme")
    header, *_ = [line for line in table.splitlines() if line.startswith("Entry")]
    assert header.split() == ["Entry", "Effective", "Event", "By", "Changes", "Note", "/", "source"]
    [row] = [line for line in table.splitlines() if " 2026-11-22 " in line]
    assert row.split()[1:5] == ["2026-11-22", "update", "Ann", "status"]


def test_authors_survive_an_export_round_trip(seeded: Path, tmp_path: Path) -> None:
    ok("update", "bridging-programme", "--progress", "40", "--by", "Ann")
    exported = tmp_path / "all.jsonl"
    ok("export", "--output", str(exported))
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(exported), "--by", "someone-else")
    again = ok("--db", str(other), "export")
    assert again == exported.read_text(encoding="utf-8")
    assert '"author":"Ann"' in again


def test_entries_made_before_authors_were_kept_have_none(tmp_path: Path) -> None:
    """A schema-4 database gains the author and target columns; its entries keep no
    author (none was recorded), and new entries do."""
    db = tmp_path / "old.db"
    ok("--db", str(db), "init", "--seed")
    conn = sqlite3.connect(db)
    undo_replicas(conn)
    conn.execute("DROP INDEX idx_updates_target")
    conn.execute("DROP TABLE removals")
    conn.execute("ALTER TABLE updates DROP COLUMN author")
    conn.execute("ALTER TABLE updates DROP COLUMN target")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_authors_and_corrections'")
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m005_authors_and_corrections')}")
    conn.commit()
    conn.close()
    ok("--db", str(db), "update", "bridging-programme", "--progress", "5")
    history = json.loads(ok("--db", str(db), "history", "bridging-programme", "-f", "json"))
    assert [(e["event"], e["author"]) for e in history] == [("created", None), ("update", AUTHOR)]
    assert ok("--db", str(db), "check").startswith("ok:")
