"""Lamport clocks (issue 13): every database is a replica with an id of its own, and
every history entry carries a clock, so that copies of one history order same-day
entries alike whatever their machines' clocks say."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from helpers import ok
from oldschema import undo_replicas

from tracker.storage import migrations


def _clocks(db: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT event, clock FROM updates ORDER BY id").fetchall()
    finally:
        conn.close()


def _replica(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT id FROM replica").fetchone()[0])
    finally:
        conn.close()


def test_each_database_is_a_replica_with_its_own_id(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    ok("--db", str(a), "init")
    ok("--db", str(b), "init")
    assert str(uuid.UUID(_replica(a))) == _replica(a)
    assert _replica(a) != _replica(b)


def test_each_command_gives_its_entries_a_clock_above_every_clock_seen(seeded: Path) -> None:
    top = max(clock for _, clock in _clocks(seeded))
    ok("update", "bridging-programme", "--progress", "10")
    ok("edit", "bridging-programme", "--title", "Bridging programme, renamed")
    ok("update", "bridging-programme", "--progress", "20", "--on", "2026-01-01")
    assert _clocks(seeded)[-3:] == [("update", top + 1), ("edit", top + 2), ("update", top + 3)]


def test_a_removed_initiatives_clocks_are_not_given_again(seeded: Path) -> None:
    ok("update", "bridging-programme", "--progress", "10")
    top = max(clock for _, clock in _clocks(seeded))
    ok("remove", "bridging-programme", "--yes")
    assert max(clock for _, clock in _clocks(seeded)) < top  # its entries went with it
    ok("update", "fintech-hub-action-plan", "--progress", "10")
    assert _clocks(seeded)[-1] == ("update", top + 2)  # the removal had top + 1


def test_same_day_entries_follow_their_clocks_not_the_machines(
    seeded: Path, tmp_path: Path
) -> None:
    """Two same-day entries from a merge: the one with the higher clock (made after
    its database had seen the other) counts last, though its machine's clock said it
    was recorded earlier."""
    export = json.loads(ok("export", "--format", "json"))
    (record,) = [r for r in export["initiatives"] if r["slug"] == "bridging-programme"]
    created = record["history"][0]

    def entry(n: int, status: str, recorded_at: str, clock: int) -> dict[str, object]:
        return {
            "uuid": f"01900000-0000-7000-8000-00000000000{n}",
            "event": "update",
            "recorded_at": recorded_at,
            "effective": "2026-11-20",
            "changes": {"status": {"from": "announced", "to": status}},
            "note": None,
            "source": None,
            "ref": None,
            "author": "x",
            "target": None,
            "clock": clock,
        }

    record["history"] = [
        created,
        entry(1, "stalled", "2026-11-20T12:00:00Z", 7),
        entry(2, "in_progress", "2026-11-20T18:00:00Z", 6),
    ]
    target = tmp_path / "other.db"
    source = tmp_path / "one.json"
    source.write_text(json.dumps({**export, "initiatives": [record]}), encoding="utf-8")
    ok("--db", str(target), "import", str(source))
    shown = json.loads(ok("--db", str(target), "show", "bridging-programme", "-f", "json"))
    assert shown["status"] == "stalled"


def test_an_update_recorded_now_comes_after_a_same_day_entry_from_a_clock_ahead(
    seeded: Path, tmp_path: Path
) -> None:
    """A merged entry recorded 'tomorrow' by a machine whose clock is ahead does not
    outrank an update made here afterwards on the same day: clocks decide."""
    export = json.loads(ok("export", "--format", "json"))
    (record,) = [r for r in export["initiatives"] if r["slug"] == "bridging-programme"]
    ahead = {
        "uuid": "01900000-0000-7000-8000-000000000001",
        "event": "update",
        "recorded_at": "2099-01-01T00:00:00Z",
        "effective": "2026-11-22",
        "changes": {"progress": {"from": None, "to": 50}},
        "note": None,
        "source": None,
        "ref": None,
        "author": "x",
        "target": None,
        "clock": 1,
    }
    record["history"].append(ahead)
    source = tmp_path / "one.json"
    source.write_text(json.dumps({**export, "initiatives": [record]}), encoding="utf-8")
    ok("import", str(source))
    ok("update", "bridging-programme", "--progress", "60")
    shown = json.loads(ok("show", "bridging-programme", "-f", "json"))
    assert shown["progress"] == 60
    assert ok("check").startswith("ok:")


def test_export_entries_carry_their_clock_and_an_import_keeps_it(
    seeded: Path, tmp_path: Path
) -> None:
    ok("update", "bridging-programme", "--progress", "10")
    first = ok("export")
    history = next(
        json.loads(line)["history"] for line in first.splitlines()[1:] if "bridging" in line
    )
    (created, update) = history
    assert (
        created["clock"]
        < update["clock"]
        == max(e["clock"] for line in first.splitlines()[1:] for e in json.loads(line)["history"])
    )
    other = tmp_path / "other.db"
    (tmp_path / "e.jsonl").write_text(first, encoding="utf-8")
    ok("--db", str(other), "import", str(tmp_path / "e.jsonl"))
    assert ok("--db", str(other), "export") == first


def test_an_entry_without_a_clock_is_from_before_clocks_and_gets_0(
    seeded: Path, tmp_path: Path
) -> None:
    lines = ok("export").splitlines()
    stripped = []
    for line in lines[1:]:
        record = json.loads(line)
        for entry in record["history"]:
            del entry["clock"]
        stripped.append(json.dumps(record))
    (tmp_path / "old.jsonl").write_text("\n".join([lines[0], *stripped]) + "\n", "utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(tmp_path / "old.jsonl"))
    assert {clock for _, clock in _clocks(other)} == {0}


def test_a_bad_clock_is_a_bad_line(seeded: Path, tmp_path: Path) -> None:
    from helpers import dump, run

    lines = ok("export").splitlines()
    record = json.loads(lines[1])
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    for bad, reason in (
        (-1, "a history entry's clock must be between 0 and 9007199254740992"),
        (2**60, "a history entry's clock must be between 0 and 9007199254740992"),
        ("3", "a history entry's clock must be a whole number"),
        (True, "a history entry's clock must be a whole number"),
    ):
        record["history"][0]["clock"] = bad
        (tmp_path / "bad.jsonl").write_text(lines[0] + "\n" + json.dumps(record) + "\n", "utf-8")
        before = dump(other)
        result = run("--db", str(other), "import", str(tmp_path / "bad.jsonl"))
        assert result.exit_code == 2
        assert f"line 2: {reason}" in result.stderr
        assert dump(other) == before


def test_a_schema_5_database_gets_a_replica_id_and_clock_0_entries(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    ok("--db", str(db), "init", "--seed")
    conn = sqlite3.connect(db)
    undo_replicas(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m006_replicas')}")
    conn.commit()
    conn.close()
    ok("--db", str(db), "update", "bridging-programme", "--progress", "5")
    clocks = _clocks(db)
    assert {clock for event, clock in clocks[:-1]} == {0}
    assert clocks[-1] == ("update", 1)
    assert str(uuid.UUID(_replica(db))) == _replica(db)
    assert ok("--db", str(db), "check").startswith("ok:")
