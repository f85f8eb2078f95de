"""The replica logs the sync bench writes (tests/synclogs.py) are what the log format
of tracker sync says a log is: the lines a replica would have written, in clock order,
which a new replica takes in whole."""

from __future__ import annotations

import json
from pathlib import Path

import synclogs
from helpers import ok

from tracker.domain import shapes

ENTRY_KEYS = list(shapes.ENTRY_KEYS)


def test_logs_hold_every_initiative_once_and_every_entry_after_its_creation(
    tmp_path: Path,
) -> None:
    logs = synclogs.write_logs(tmp_path, 3, initiatives=20, entries=150, seed=1)
    assert (len(logs.replicas), len(logs.initiatives), logs.entries, logs.last_clock) == (
        3,
        20,
        150,
        150,
    )
    created: dict[str, int] = {}
    updates: list[tuple[str, int]] = []
    uuids: set[str] = set()
    for replica in logs.replicas:
        lines, tail = synclogs.read_log(synclogs.log_path(tmp_path, replica))
        assert tail == ""
        assert lines[0] == {"format": "tracker-log", "version": 1, "replica": replica}
        clocks = [line["clock"] for line in lines[1:]]
        assert clocks == sorted(set(clocks))
        assert len(lines) - 1 == logs.by_replica[replica]
        for line in lines[1:]:
            assert line["replica"] == replica and line["op"] == "entry"
            assert list(line["entry"]) == ENTRY_KEYS
            uuids.add(line["entry"]["uuid"])
            if line["entry"]["event"] == "created":
                assert sorted(line["fields"]) == sorted(
                    [
                        "slug",
                        "title",
                        "summary",
                        "kind",
                        "announced",
                        "parent",
                        "tags",
                        "jurisdictions",
                        "sponsors",
                        "sources",
                    ]
                )
                created[line["initiative"]] = line["clock"]
            else:
                assert "fields" not in line
                updates.append((line["initiative"], line["clock"]))
    assert sorted(created) == sorted(logs.initiatives)
    assert len(uuids) == 150 and len(updates) == 130
    assert all(clock > created[initiative] for initiative, clock in updates)


def test_appended_updates_continue_a_log_and_start_a_new_one_with_its_header(
    tmp_path: Path,
) -> None:
    last = synclogs.append_updates(tmp_path, "r-1", ["i-1", "i-2"], 5, first_clock=10)
    last = synclogs.append_updates(tmp_path, "r-1", ["i-3"], 2, first_clock=last + 1, seed=2)
    lines, tail = synclogs.read_log(synclogs.log_path(tmp_path, "r-1"))
    assert (last, tail, len(lines)) == (16, "", 8)
    assert lines[0]["format"] == "tracker-log"
    assert [line["clock"] for line in lines[1:]] == list(range(10, 17))
    assert {line["initiative"] for line in lines[6:]} == {"i-3"}
    for line in lines[1:]:
        assert line["entry"]["event"] == "update"
        assert list(line["entry"]["changes"]) == ["progress"]
        assert line["entry"]["changes"]["progress"]["from"] is None


def test_a_new_replica_takes_in_every_generated_initiative_and_entry(tmp_path: Path) -> None:
    logs = synclogs.write_logs(tmp_path / "shared", 3, initiatives=30, entries=240, seed=4)
    out = json.loads(ok("sync", str(tmp_path / "shared"), "--format", "json"))
    assert (out["sent"], out["received"], out["conflicts"]) == (0, 240, [])
    assert out["replicas_seen"] == sorted(logs.replicas)
    assert json.loads(ok("list", "--count", "--format", "json")) == {"count": 30}
    checked = json.loads(ok("check", "--format", "json"))
    assert (checked["ok"], checked["updates"], checked["problems"]) == (True, 240, [])
    again = json.loads(ok("sync", str(tmp_path / "shared"), "--format", "json"))
    assert (again["sent"], again["received"]) == (0, 0)
