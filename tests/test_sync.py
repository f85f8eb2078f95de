"""tracker sync (issue 13): replicas exchanging their histories through a shared folder,
one append-only log per replica; whatever order entries arrive in, replicas that have
seen the same entries hold the same state."""

from __future__ import annotations

import fcntl
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.api import EditRequest, NewInitiative, Tracker
from tracker.storage.connection import connect


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two replicas, a (seeded) and b (empty), and their shared folder."""
    a, b, folder = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "shared"
    ok("--db", str(a), "init", "--seed")
    ok("--db", str(b), "init")
    return a, b, folder


def at(db: Path, *args: str) -> str:
    return ok("--db", str(db), *args)


def sync(db: Path, folder: Path) -> dict[str, object]:
    return dict(json.loads(at(db, "sync", str(folder), "--format", "json")))


def replica(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT id FROM replica").fetchone()[0])
    finally:
        conn.close()


def log_of(db: Path, folder: Path) -> Path:
    return folder / "log" / f"{replica(db)}.jsonl"


def log_lines(db: Path, folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log_of(db, folder).read_text("utf-8").splitlines()]


def same(*dbs: Path) -> None:
    """Every replica's export is the same, and every one passes check."""
    exports = {at(db, "export") for db in dbs}
    assert len(exports) == 1
    for db in dbs:
        assert at(db, "check").startswith("ok:")


def test_a_new_replica_takes_everything_and_the_exports_are_the_same(
    team: tuple[Path, Path, Path],
) -> None:
    a, b, folder = team
    assert sync(a, folder) == {
        "replica": replica(a),
        "sent": 13,
        "received": 0,
        "conflicts": [],
        "replicas_seen": [],
    }
    assert sync(b, folder) == {
        "replica": replica(b),
        "sent": 0,
        "received": 13,
        "conflicts": [],
        "replicas_seen": [replica(a)],
    }
    same(a, b)
    header, first = log_lines(a, folder)[:2]
    assert header == {"format": "tracker-log", "version": 1, "replica": replica(a)}
    assert first["op"] == "entry" and first["replica"] == replica(a)
    assert set(first) == {"replica", "clock", "initiative", "op", "entry", "fields"}
    assert not log_of(b, folder).exists()  # b had nothing to send


def test_text_summary_and_a_sync_with_nothing_new(team: tuple[Path, Path, Path]) -> None:
    a, b, folder = team
    assert at(a, "sync", str(folder)) == (
        "synced with 0 replicas: sent 13 entries, received 0 entries, 0 conflicts\n"
    )
    assert at(b, "sync", str(folder)) == (
        "synced with 1 replica: sent 0 entries, received 13 entries, 0 conflicts\n"
    )
    before = log_of(a, folder).read_bytes()
    assert at(a, "sync", str(folder)) == (
        "synced with 0 replicas: sent 0 entries, received 0 entries, 0 conflicts\n"
    )
    assert at(a, "sync", str(folder), "--quiet") == ""
    assert log_of(a, folder).read_bytes() == before


def test_updates_edits_and_names_from_both_sides_converge(team: tuple[Path, Path, Path]) -> None:
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    at(a, "update", "bridging-programme", "--status", "in_progress", "--on", "2026-02-01")
    at(b, "update", "bridging-programme", "--progress", "30", "--on", "2026-02-15")
    at(a, "edit", "bridging-programme", "--add-tag", "hk", "--add-sponsor", "PolyU")
    at(b, "edit", "bridging-programme", "--remove-tag", "talent", "--summary", "From b")
    at(b, "edit", "sz-basic-research", "--parent", "fintech-hub-action-plan")
    at(a, "edit", "fintech-hub-action-plan", "--slug", "fintech-plan")
    for db in (a, b, a):
        sync(db, folder)
    same(a, b)
    shown = json.loads(at(b, "show", "bridging-programme", "--format", "json"))
    assert (shown["status"], shown["progress"], shown["summary"]) == ("in_progress", 30, "From b")
    assert shown["tags"] == ["banking", "hk", "mutual-recognition"]
    assert "PolyU" in shown["sponsors"]
    # the parent was named by slug on b, renamed on a: it is kept by uuid
    child = json.loads(at(a, "show", "sz-basic-research", "--format", "json"))
    assert child["parent"] == "fintech-plan"


def test_a_field_changed_on_both_sides_is_a_conflict_and_both_entries_stay(
    team: tuple[Path, Path, Path],
) -> None:
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    stalled = json.loads(at(a, "update", "bridging-programme", "--status", "stalled", "-f", "json"))
    achieved = json.loads(
        at(b, "update", "bridging-programme", "--status", "achieved", "-f", "json")
    )
    sync(a, folder)
    got = sync(b, folder)
    assert got["conflicts"] == [
        {
            "initiative": "bridging-programme",
            "field": "status",
            "kept": {"entry": achieved["entry"]["uuid"], "value": "achieved", "replica": None},
            "other": {"entry": stalled["entry"]["uuid"], "value": "stalled", "replica": replica(a)},
        }
    ]
    text = at(a, "sync", str(folder))
    assert text == (
        "synced with 1 replica: sent 0 entries, received 1 entry, 1 conflict\n"
        f"  conflict: bridging-programme status: kept 'achieved' (entry"
        f" {achieved['entry']['uuid'][:13]}), not 'stalled' (entry"
        f" {stalled['entry']['uuid'][:13]})\n"
    )
    same(a, b)
    history = json.loads(at(a, "history", "bridging-programme", "--format", "json"))
    assert [e["changes"]["status"]["to"] for e in history if e["event"] == "update"] == [
        "stalled",
        "achieved",
    ]


def test_an_entry_made_after_seeing_another_counts_after_it_whatever_the_clocks(
    team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """b's machine clock is a day behind a's; b saw a's update, then made its own on the
    same effective day: b's counts, on both, and it is no conflict."""
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    at(a, "update", "bridging-programme", "--status", "stalled", "--on", "2026-11-20")
    sync(a, folder)
    sync(b, folder)
    from tracker.domain import clock

    with monkeypatch.context() as behind:
        behind.setattr(clock, "now_iso", lambda: "2026-11-01T00:00:00Z")
        at(b, "update", "bridging-programme", "--status", "in_progress", "--on", "2026-11-20")
    assert sync(b, folder)["conflicts"] == []
    assert sync(a, folder)["conflicts"] == []
    for db in (a, b):
        assert json.loads(at(db, "show", "bridging-programme", "-f", "json"))["status"] == (
            "in_progress"
        )
    same(a, b)


def test_a_removal_is_a_tombstone_that_wins_over_updates_made_elsewhere(
    team: tuple[Path, Path, Path],
) -> None:
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    at(a, "remove", "fintech-hub-action-plan", "--yes")
    at(b, "update", "fintech-hub-action-plan", "--progress", "50")
    sync(a, folder)
    assert sync(b, folder)["received"] == 4  # the tombstone and the children's detachments
    sync(a, folder)
    same(a, b)
    assert run("--db", str(b), "show", "fintech-hub-action-plan").exit_code == 2
    clocks = [line["clock"] for line in log_lines(a, folder)[1:]]
    assert clocks == sorted(clocks)  # a log is written in the order logs are read in
    removals = [line for line in log_lines(a, folder) if line.get("op") == "remove"]
    assert [(r["slug"], r["author"]) for r in removals] == [("fintech-hub-action-plan", "analyst")]


def test_two_replicas_adding_one_slug_resolve_it_alike(team: tuple[Path, Path, Path]) -> None:
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    at(a, "add", "First of the two", "--slug", "same")
    at(b, "add", "Second of the two", "--slug", "same")
    for db in (b, a, b):
        sync(db, folder)
    same(a, b)
    listed = {i["slug"]: i["title"] for i in json.loads(at(a, "list", "--format", "json"))}
    first = json.loads(at(a, "show", "same", "--format", "json"))
    assert first["title"] == "First of the two"  # created first (the lower clock or uuid)
    [other] = [slug for slug in listed if slug.startswith("same-")]
    second = json.loads(at(a, "show", other, "--format", "json"))
    assert other == f"same-{second['uuid'][-8:]}" and second["title"] == "Second of the two"


def test_an_entry_waits_for_its_initiative(team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """c receives b's update of an initiative before the log with its created entry (a
    file-sync tool delivering one file before another): it waits, then applies."""
    a, b, folder = team
    c = tmp_path / "c.db"
    ok("--db", str(c), "init")
    sync(a, folder)
    sync(b, folder)
    at(b, "update", "bridging-programme", "--progress", "40")
    sync(b, folder)
    elsewhere = tmp_path / "partial"
    (elsewhere / "log").mkdir(parents=True)
    (elsewhere / "log" / log_of(b, folder).name).write_bytes(log_of(b, folder).read_bytes())
    assert sync(c, elsewhere)["received"] == 0
    assert json.loads(at(c, "list", "--format", "json")) == []
    (elsewhere / "log" / log_of(a, folder).name).write_bytes(log_of(a, folder).read_bytes())
    assert sync(c, elsewhere)["received"] == 14
    assert json.loads(at(c, "show", "bridging-programme", "-f", "json"))["progress"] == 40
    sync(a, folder)
    same(a, b, c)


def test_a_truncated_last_line_is_left_for_the_next_sync(team: tuple[Path, Path, Path]) -> None:
    a, b, folder = team
    sync(a, folder)
    whole = log_of(a, folder).read_bytes()
    log_of(a, folder).write_bytes(whole[:-40])  # a copy still in progress
    assert sync(b, folder)["received"] == 12
    log_of(a, folder).write_bytes(whole)
    assert sync(b, folder)["received"] == 1
    same(a, b)


def _bad_log(folder: Path, lines: list[object], name: str | None = None) -> Path:
    other = name or "0190aaaa-0000-4000-8000-000000000001"
    path = folder / "log" / f"{other}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": "tracker-log", "version": 1, "replica": other}
    path.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line)) + "\n"
            for line in [header, *lines]
        ),
        "utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{bad", "not valid JSON (Expecting property name enclosed in double quotes)"),
        ([1], "a log line must be a JSON object"),
        ({"op": "move"}, "a log line's op must be 'entry' or 'remove'"),
        (
            {
                "replica": "0190aaaa-0000-4000-8000-000000000002",
                "clock": 1,
                "initiative": "0190aaaa-0000-4000-8000-000000000003",
                "op": "remove",
                "slug": "x",
                "removed_at": "2026-01-01T00:00:00Z",
                "author": None,
            },
            "the line claims replica '0190aaaa-0000-4000-8000-000000000002', not this log's",
        ),
        (
            {
                "replica": "0190aaaa-0000-4000-8000-000000000001",
                "clock": -3,
                "initiative": "0190aaaa-0000-4000-8000-000000000003",
                "op": "remove",
                "slug": "x",
                "removed_at": "2026-01-01T00:00:00Z",
            },
            "a log line's clock must be between 0 and 9007199254740992",
        ),
        (
            {
                "replica": "0190aaaa-0000-4000-8000-000000000001",
                "clock": 4,
                "initiative": "0190aaaa-0000-4000-8000-000000000003",
                "op": "entry",
                "entry": {
                    "uuid": "0190aaaa-0000-4000-8000-000000000004",
                    "event": "update",
                    "effective": "2026-01-01",
                    "changes": {"status": {"from": None, "to": "finished"}},
                },
            },
            "unknown status 'finished'",
        ),
        (
            {
                "replica": "0190aaaa-0000-4000-8000-000000000001",
                "clock": 4,
                "initiative": "0190aaaa-0000-4000-8000-000000000003",
                "op": "entry",
                "entry": {
                    "uuid": "0190aaaa-0000-4000-8000-000000000004",
                    "event": "update",
                    "effective": "2026-01-01",
                    "changes": {"progress": {"from": None, "to": 5}},
                },
            },
            "a log line's entry needs its recorded_at",
        ),
        (
            {
                "replica": "0190aaaa-0000-4000-8000-000000000001",
                "clock": 4,
                "initiative": "0190aaaa-0000-4000-8000-000000000003",
                "op": "entry",
                "entry": {
                    "uuid": "0190aaaa-0000-4000-8000-000000000004",
                    "event": "created",
                    "recorded_at": "2026-01-01T00:00:00Z",
                    "effective": "2026-01-01",
                    "changes": {"status": {"from": None, "to": "announced"}},
                },
                "fields": {"title": "", "slug": "x"},
            },
            "title must not be empty",
        ),
    ],
)
def test_a_bad_line_in_another_replicas_log_stops_the_sync(
    team: tuple[Path, Path, Path], line: object, reason: str
) -> None:
    a, _, folder = team
    sync(a, folder)
    at(a, "update", "bridging-programme", "--progress", "5")
    path = _bad_log(folder, [line])
    before, log_before = dump(a), log_of(a, folder).read_bytes()
    result = run("--db", str(a), "sync", str(folder))
    assert result.exit_code == 2
    error = result.stderr
    assert error.startswith(f"error: {path} line 2: ") and error.count("\n") == 1
    assert reason in error
    assert dump(a) == before and log_of(a, folder).read_bytes() == log_before


def test_a_log_from_a_newer_tracker_is_refused(team: tuple[Path, Path, Path]) -> None:
    a, _, folder = team
    path = _bad_log(folder, [])
    other = path.stem
    path.write_text(
        json.dumps({"format": "tracker-log", "version": 2, "replica": other}) + "\n", "utf-8"
    )
    result = run("--db", str(a), "sync", str(folder))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {path} was written by a newer tracker (log version 2, this tracker reads 1);"
        " upgrade tracker to sync with it\n",
    )


def test_files_that_are_not_replica_logs_are_left_alone(team: tuple[Path, Path, Path]) -> None:
    a, _, folder = team
    (folder / "log").mkdir(parents=True)
    (folder / "log" / "README.jsonl").write_text("not a log\n", "utf-8")
    (folder / "log" / "notes.txt").write_text("x", "utf-8")
    assert sync(a, folder)["replicas_seen"] == []


def test_a_second_sync_of_the_folder_says_busy(
    team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, folder = team
    sync(a, folder)
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT", "0.2")
    before = dump(a)
    with (folder / ".tracker-sync.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run("--db", str(a), "sync", str(folder))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: another tracker sync is running on {folder}; try again\n",
    )
    assert dump(a) == before


def test_lines_a_killed_sync_appended_are_not_written_again(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """The log was appended to, then the sync died before its transaction committed:
    the next sync finds those lines in the log and does not append them twice."""
    a, b, folder = team
    sync(a, folder)
    at(a, "update", "bridging-programme", "--progress", "5")
    kept = tmp_path / "before.db"
    at(a, "backup", str(kept))
    sync(a, folder)
    conn = connect(a)
    conn.close()
    kept.replace(a)  # the database as it was before that sync committed
    for suffix in ("-wal", "-shm"):
        Path(f"{a}{suffix}").unlink(missing_ok=True)
    assert sync(a, folder)["sent"] == 0
    uuids = [line["entry"]["uuid"] for line in log_lines(a, folder)[1:]]  # type: ignore[index]
    assert len(uuids) == len(set(uuids)) == 14
    sync(b, folder)
    same(a, b)


def test_a_partial_line_a_killed_sync_left_in_its_own_log_is_cut_off(
    team: tuple[Path, Path, Path],
) -> None:
    a, b, folder = team
    sync(a, folder)
    with log_of(a, folder).open("ab") as stream:
        stream.write(b'{"replica": "half a li')
    at(a, "update", "bridging-programme", "--progress", "5")
    assert sync(a, folder)["sent"] == 1
    assert all(line.endswith("}") for line in log_of(a, folder).read_text("utf-8").splitlines())
    sync(b, folder)
    same(a, b)


def test_a_database_restored_from_an_older_copy_gets_its_own_entries_back(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, folder = team
    kept = tmp_path / "old.db"
    at(a, "backup", str(kept))
    sync(a, folder)  # the log has 13 entries; the copy knows of no sync
    at(a, "update", "bridging-programme", "--progress", "5")
    sync(a, folder)
    kept.replace(a)
    for suffix in ("-wal", "-shm"):
        Path(f"{a}{suffix}").unlink(missing_ok=True)
    got = sync(a, folder)
    assert (got["sent"], got["received"]) == (0, 1)
    assert json.loads(at(a, "show", "bridging-programme", "-f", "json"))["progress"] == 5
    sync(b, folder)
    same(a, b)


def test_an_import_has_the_next_sync_send_what_it_brought(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Entries imported from another tracker's export keep their own (low) clocks: the
    next sync compares everything with the logs instead of sending only newer ones."""
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "add", "From elsewhere", "--slug", "elsewhere")
    export = tmp_path / "other.jsonl"
    export.write_text(ok("--db", str(other), "export"), "utf-8")
    at(b, "import", str(export))
    assert sync(b, folder)["sent"] == 1
    sync(a, folder)
    same(a, b)


def test_check_names_the_replica(team: tuple[Path, Path, Path]) -> None:
    a, _, _ = team
    assert at(a, "check").splitlines()[-1] == f"replica: {replica(a)}"
    assert json.loads(at(a, "check", "--format", "json"))["replica"] == replica(a)


def test_a_child_that_arrives_before_its_parent_is_linked_when_the_parent_comes(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, folder = team
    c = tmp_path / "c.db"
    ok("--db", str(c), "init")
    at(b, "add", "Parent programme", "--slug", "parent")
    sync(b, folder)
    sync(a, folder)
    at(a, "add", "Child measure", "--slug", "child", "--parent", "parent")
    at(a, "edit", "sz-basic-research", "--parent", "parent")
    sync(a, folder)
    elsewhere = tmp_path / "partial"
    (elsewhere / "log").mkdir(parents=True)
    (elsewhere / "log" / log_of(a, folder).name).write_bytes(log_of(a, folder).read_bytes())
    sync(c, elsewhere)
    assert json.loads(at(c, "show", "child", "-f", "json"))["parent"] is None
    (elsewhere / "log" / log_of(b, folder).name).write_bytes(log_of(b, folder).read_bytes())
    sync(c, elsewhere)
    assert json.loads(at(c, "show", "child", "-f", "json"))["parent"] == "parent"
    assert json.loads(at(c, "show", "sz-basic-research", "-f", "json"))["parent"] == "parent"
    sync(b, folder)
    same(a, b, c)


def _trackers(tmp_path: Path, *names: str) -> list[Tracker]:
    return [
        Tracker.open(tmp_path / f"{name}.db", today=date(2026, 11, 22), author=name)
        for name in names
    ]


def _slugs(tracker: Tracker) -> list[str]:
    return sorted(i.slug for i in tracker.list())


def test_a_slug_freed_by_a_rename_goes_to_the_one_that_wanted_it(tmp_path: Path) -> None:
    a, b, c = _trackers(tmp_path, "ann", "bo", "cy")
    shared = tmp_path / "shared"
    a.add(NewInitiative(title="New plan"))
    b.add(NewInitiative(title="New plan"))
    for t in (a, b, a):
        t.sync(shared)
    winner = a.resolve("new-plan")
    a.edit(winner.uuid, EditRequest(slug="renamed-plan"))
    assert _slugs(a) == ["new-plan", "renamed-plan"]
    for t in (a, b, c, a, b, c):
        t.sync(shared)
    assert _slugs(a) == _slugs(b) == _slugs(c) == ["new-plan", "renamed-plan"]


def test_a_sync_making_more_initiatives_than_a_batch_keeps_all_their_names(
    team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """New initiatives are written a batch at a time (bulk.Batch): the names of the one
    that fills a batch were queued after the batch was written, and lost."""
    from tracker.storage import bulk

    a, b, folder = team
    monkeypatch.setattr(bulk.Batch, "SIZE", 2)
    sync(a, folder)
    assert sync(b, folder)["received"] == 13
    same(a, b)


def test_an_update_dated_before_its_initiative_was_created_replays_after_it(
    team: tuple[Path, Path, Path],
) -> None:
    """The created entry comes first in history order whatever its day: a replica that
    takes in an update backdated before it still counts the update last."""
    a, b, folder = team
    at(a, "add", "Late starter", "--slug", "late", "--status", "announced")
    at(a, "update", "late", "--status", "in_progress", "--on", "2024-01-01")
    sync(a, folder)
    sync(b, folder)
    assert json.loads(at(b, "show", "late", "-f", "json"))["status"] == "in_progress"
    same(a, b)


def test_the_text_summary_lists_twenty_conflicts_and_counts_the_rest(
    team: tuple[Path, Path, Path],
) -> None:
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    slugs = [i["slug"] for i in json.loads(at(a, "list", "--format", "json"))]
    for slug in slugs:  # two fields of each of the 13 changed on both: 26 conflicts
        at(a, "update", slug, "--progress", "11", "--confidence", "green")
        at(b, "update", slug, "--progress", "22", "--confidence", "red")
    sync(a, folder)
    lines = at(b, "sync", str(folder)).splitlines()
    assert lines[0] == "synced with 1 replica: sent 13 entries, received 13 entries, 26 conflicts"
    assert len(lines) == 22 and all(line.startswith("  conflict: ") for line in lines[1:21])
    assert lines[21] == "  ... and 6 more conflicts (--format json lists them all)"
    assert len(sync(a, folder)["conflicts"]) == 26


def test_a_line_longer_than_a_megabyte_is_refused_without_reading_it_whole(
    team: tuple[Path, Path, Path],
) -> None:
    a, _, folder = team
    path = _bad_log(folder, [])
    with path.open("ab") as stream:
        stream.write(b'{"note": "' + b"x" * 1_500_000 + b'"}\n')
    before = dump(a)
    result = run("--db", str(a), "sync", str(folder))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path} line 2: longer than 1,000,000 bytes\n",
    )
    assert dump(a) == before


def test_a_clock_at_the_limit_does_not_lift_this_replicas_clocks_past_it(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A broken or hostile replica's line carries the largest clock accepted: taking it
    in must not make this replica's next entries unreadable to every other."""
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    initiative = json.loads(at(a, "show", "bridging-programme", "-f", "json"))["uuid"]
    path = _bad_log(
        folder,
        [
            {
                "replica": "0190aaaa-0000-4000-8000-000000000001",
                "clock": 2**53,
                "initiative": initiative,
                "op": "entry",
                "entry": {
                    "uuid": "0190aaaa-0000-4000-8000-000000000004",
                    "event": "update",
                    "recorded_at": "2026-11-01T09:00:00Z",
                    "effective": "2026-11-01",
                    "changes": {"progress": {"from": None, "to": 5}},
                },
            }
        ],
    )
    assert path.exists() and sync(a, folder)["received"] == 1
    at(a, "update", "bridging-programme", "--progress", "10")
    sync(a, folder)
    assert sync(b, folder)["received"] == 2  # a's entry is readable
    assert log_lines(a, folder)[-1]["clock"] <= 2**53 - 2**32 + 1
    same(a, b)


def _indexes(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def indexes_aside(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every sync counts as a large load (the history's secondary indexes are set aside
    while it writes); what the engine did with them, in order."""
    from tracker.ops import sync as engine
    from tracker.storage import bulk

    calls: list[str] = []

    class Recorded(bulk.IndexesAside):
        def __init__(self, conn: sqlite3.Connection, table: str) -> None:
            super().__init__(conn, table)
            calls.append(f"aside {table}")

        def restore(self) -> None:
            calls.append("restore" if self._indexes else "restored already")
            super().restore()

    monkeypatch.setattr(engine, "LARGE_LOAD", 0)
    monkeypatch.setattr(bulk, "IndexesAside", Recorded)
    return calls


def test_a_large_load_sets_the_history_indexes_aside_and_builds_them_again(
    team: tuple[Path, Path, Path], indexes_aside: list[str]
) -> None:
    """A sync taking in more lines than the history holds rows writes them without the
    history's secondary indexes (eleven b-trees a row), then builds them again; a
    removal of an initiative that was here first builds them at once (deleting its
    history finds the rows by them). The result is what an indexed load gives."""
    a, b, folder = team
    schema = _indexes(b)
    assert sync(a, folder)["sent"] == 13
    assert sync(b, folder)["received"] == 13
    assert indexes_aside == ["aside updates", "restore"]
    for number in range(30):
        at(a, "add", f"Later initiative {number}", "--tag", "later")
    at(a, "remove", "fintech-hub-action-plan", "--yes")
    sync(a, folder)
    indexes_aside.clear()
    assert sync(b, folder)["received"] == 34  # 30 made, a removal, 3 children let go
    assert indexes_aside == ["aside updates", "restore", "restored already"]
    assert _indexes(b) == schema
    same(a, b)
    # a sync with little to take (fewer lines than the history holds) keeps them
    at(a, "update", "bridging-programme", "--progress", "10")
    sync(a, folder)
    indexes_aside.clear()
    assert sync(b, folder)["received"] == 1
    assert indexes_aside == []
    same(a, b)


def test_a_bad_line_after_the_indexes_were_set_aside_leaves_them_all(
    team: tuple[Path, Path, Path], indexes_aside: list[str]
) -> None:
    a, b, folder = team
    sync(a, folder)
    _bad_log(folder, ["{bad"])
    before = dump(b)
    result = run("--db", str(b), "sync", str(folder))
    assert result.exit_code == 2 and indexes_aside == ["aside updates"]
    assert dump(b) == before


def test_the_sync_command_runs_with_the_collector_off_and_switches_it_back_on(
    team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync's batches hold no reference cycles: the cyclic collector only rescanned
    them (a large first sync: 85 s with it, 63 s without)."""
    import gc

    a, _, folder = team
    seen: list[bool] = []
    real = Tracker.sync

    def recording(self: Tracker, *args: object, **options: object) -> object:
        seen.append(gc.isenabled())
        return real(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Tracker, "sync", recording)
    assert gc.isenabled()
    sync(a, folder)
    assert seen == [False] and gc.isenabled()


def test_one_batch_applied_on_two_replicas_syncs_and_merges(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """The same file applied on two machines gives each an entry with the same ref
    (apply derives a ref from a line's content and day). Sync and import keep both
    entries (each is what its replica recorded); applying the file again anywhere
    records nothing. Before schema 16 a unique index on (initiative, ref) made the
    second replica's entry a database error: sync and import failed."""
    a, b, folder = team
    sync(a, folder)
    sync(b, folder)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"initiative": "bridging-programme", "progress": 40, "note": "cohort"})
        + "\n"
        + json.dumps({"initiative": "offshore-rmb-centre", "progress": 5, "ref": "r-1"})
        + "\n",
        encoding="utf-8",
    )
    for db in (a, b):
        assert at(db, "apply", str(batch)).startswith("applied 2 updates")
    b_export = tmp_path / "b.jsonl"
    b_export.write_text(at(b, "export"), encoding="utf-8")
    assert sync(a, folder)["received"] == 0
    assert sync(b, folder)["received"] == 2
    assert sync(a, folder)["received"] == 2
    same(a, b)
    refs = [
        entry["ref"]
        for entry in json.loads(at(a, "history", "offshore-rmb-centre", "--format", "json"))
        if entry["ref"]
    ]
    assert refs == ["r-1", "r-1"]
    for db in (a, b):
        assert at(db, "apply", str(batch)).startswith("applied 0 updates; 0 unchanged, 2 already")
    # an export of b imported into a copy of a as it was before syncing: the same
    other = tmp_path / "c.db"
    at(other, "init", "--seed")
    at(other, "apply", str(batch))
    at(other, "import", str(b_export))
    assert at(other, "check").startswith("ok:")
