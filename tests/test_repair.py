"""tracker check compares each initiative's stored fields with the replay of its
history; check --repair rewrites those that differ (the history is the truth)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import dump, ok, run

from tracker.storage import migrations


def _tamper(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_fields_that_differ_from_the_history_are_a_problem(seeded: Path) -> None:
    ok("update", "bridging-programme", "--status", "in_progress", "--progress", "30")
    _tamper(
        seeded,
        "UPDATE initiatives SET status = 'announced', progress = 5"
        " WHERE slug = 'bridging-programme'",
    )
    _tamper(
        seeded,
        "UPDATE initiatives SET deadline_latest = '2030-01-01' WHERE slug = 'offshore-rmb-centre'",
    )
    before = dump(seeded)
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"2 problems in {seeded}:\n"
        "  initiative offshore-rmb-centre: deadline differs from what its history replays to"
        " (tracker check --repair rewrites it)\n"
        "  initiative bridging-programme: status and progress differ from what its history"
        " replays to (tracker check --repair rewrites them)\n"
    )
    assert result.stderr == f"error: 2 problems in {seeded}\n"
    assert dump(seeded) == before  # check alone changes nothing


def test_repair_rewrites_them_from_the_history_after_a_copy(seeded: Path) -> None:
    ok("update", "bridging-programme", "--status", "in_progress", "--progress", "30")
    wanted = json.loads(ok("show", "bridging-programme", "-f", "json"))
    _tamper(
        seeded,
        "UPDATE initiatives SET status = 'achieved', progress = NULL"
        " WHERE slug = 'bridging-programme'",
    )
    result = run("check", "--repair", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    backup = Path(data["repair_backup"])
    assert (data["ok"], data["problems"], data["repaired"]) == (True, [], ["bridging-programme"])
    assert backup.parent == seeded.parent and backup.name.startswith("tracker.db.repair-")
    assert json.loads(ok("show", "bridging-programme", "-f", "json")) == wanted
    # the copy is the file as it was, tampered field and all
    conn = sqlite3.connect(backup)
    row = conn.execute("SELECT status FROM initiatives WHERE slug = 'bridging-programme'")
    assert row.fetchone() == ("achieved",)
    conn.close()
    text = ok("check", "--repair")
    assert text.startswith(f"ok: {seeded}")  # nothing more to repair: no second copy
    assert len(list(seeded.parent.glob("tracker.db.repair-*.bak"))) == 1


def test_repair_says_what_it_rewrote(seeded: Path) -> None:
    _tamper(seeded, "UPDATE initiatives SET confidence = 'red' WHERE slug = 'bridging-programme'")
    text = ok("check", "--repair")
    first, second, third = text.splitlines()
    assert third.startswith("replica: ")
    assert first.startswith(
        "repaired 1 initiative from their history: bridging-programme (the file as it was is at "
    )
    assert second.startswith(f"ok: {seeded}")


def test_repair_refuses_an_older_schema(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    before = dump(seeded)
    result = run("check", "--repair")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: not repairing {seeded}: its schema is version {migrations.SCHEMA_VERSION - 1},"
        f" not {migrations.SCHEMA_VERSION}; any other tracker command upgrades it\n"
    )
    assert dump(seeded) == before
